/**
 * A benchmark's server in a process of its own, called over the IPC channel: the parent forks it and calls it
 * (`forkServer`), the child answers (`answerParent`). Both sync peers use it (hemtrygg-server.child.ts,
 * pouchdb-server.child.ts), so a server and the client it serves never share an event loop.
 *
 * Requests are `{ id, method, ... }`; the child says `{ type: 'ready', url }` once it listens, then answers each request
 * with `{ type: 'reply', id, ok, value | error }`. Every child knows `close`.
 */
import { fork } from 'node:child_process';
import type { Server, Socket } from 'node:net';

export interface ChildRequest {
  id: number;
  method: string;
}

export type ChildReply =
  | { type: 'ready'; url: string }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

/** A request without its id (distributed over a union of requests). */
export type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface ChildServer<Request extends ChildRequest> {
  /** The server's root, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  call<T>(request: WithoutId<Request>): Promise<T>;
  /** Asks the child to close, and waits for it to exit. */
  close(): Promise<void>;
}

/** Forks `script` with `args`; resolves once it listens. `label` names it in errors. */
export async function forkServer<Request extends ChildRequest>(
  script: URL,
  args: readonly string[],
  label: string,
): Promise<ChildServer<Request>> {
  const child = fork(script, [...args], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: ChildReply) => {
      if (message.type === 'ready') return resolve(message.url);
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(`${label}: ${message.error}`));
    });
    child.once('exit', (code) => {
      const error = new Error(`${label} exited (${code})`);
      reject(error);
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
  });
  const call = <T>(request: WithoutId<Request>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: (value) => resolve(value as T), reject });
      child.send({ ...request, id });
    });
  return {
    url,
    call,
    close: async () => {
      if (child.exitCode !== null || !child.connected) return exited;
      await call({ method: 'close' } as WithoutId<Request>);
      child.disconnect();
      await exited;
    },
  };
}

/**
 * The child's side: answers each request with what `handle` resolves to (or its error), closes when the parent goes
 * away without asking, and tells the parent it is ready at `url`.
 */
export function answerParent<Request extends ChildRequest>(
  url: string,
  handle: (request: Request) => Promise<unknown>,
  close: () => Promise<unknown>,
): void {
  const reply = (message: ChildReply) => process.send?.(message);
  process.on('message', (request: Request) => {
    handle(request).then(
      (value) => reply({ type: 'reply', id: request.id, ok: true, value }),
      (error: unknown) => reply({ type: 'reply', id: request.id, ok: false, error: String(error) }),
    );
  });
  // The parent went away without closing: clean up anyway.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  reply({ type: 'ready', url });
}

export interface Traffic {
  /** Bytes the server wrote to its sockets: responses, down to the clients. */
  down: number;
  /** Bytes the server read from its sockets: requests, up from the clients. */
  up: number;
}

/**
 * Counts bytes on the wire at `server`'s sockets, headers included: every connection is kept, and the answer sums
 * bytesWritten (down) and bytesRead (up) over all of them, since the server started. Call before it listens.
 */
export function countTraffic(server: Server): () => Traffic {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => void sockets.add(socket));
  return () => {
    let down = 0;
    let up = 0;
    for (const socket of sockets) {
      down += socket.bytesWritten;
      up += socket.bytesRead;
    }
    return { down, up };
  };
}
