/**
 * The backend in Electron: a utility process. Main sends the data folder, the key and a MessagePort to the window;
 * the same RPC endpoint as the browser host then serves the window over that port.
 */
import { openDatabase } from './database.ts';
import { seedDemo } from './demo.ts';
import { createHandlers } from './handlers.ts';
import { connectRpc } from './rpc.ts';
import { lockAfterMsFromEnv, SessionManager } from './sessions.ts';
import { SyncClient } from './sync/client.ts';

interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
}
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void;
}
const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;

let sessions: SessionManager | undefined;
parentPort.on('message', ({ data, ports }) => {
  const message = data as { type: 'open'; directory: string; key: string; demo: boolean } | { type: 'lock' };
  if (message.type === 'lock') {
    sessions?.lock();
    return;
  }
  const [port] = ports;
  if (!port) return;
  void (async () => {
    const database = await openDatabase({ directory: message.directory, key: Buffer.from(message.key, 'hex') });
    if (message.demo) await seedDemo(database);
    const lockAfterMs = lockAfterMsFromEnv();
    sessions = new SessionManager({ database, ...(lockAfterMs === undefined ? {} : { lockAfterMs }) });
    const sync = new SyncClient({ database });
    await sync.start();
    // Who is signed in decides what this laptop may pull (the access log only while a supervisor is there).
    sessions.current.subscribe(() => sync.personChanged());
    const handlers = createHandlers({ database, now: () => new Date(), sync });
    const rpc = connectRpc({ database, handlers, sessions, sync }, (m) => port.postMessage(m));
    port.on('message', (event) => void rpc.receive(event.data));
    port.start();
  })();
});
