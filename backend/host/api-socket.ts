/**
 * The browser host's API: a WebSocket at /api on 127.0.0.1 that accepts a connection only with this launch's token,
 * and only from the host's own origin (so no other web page in the same browser can reach the backend).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { BackendMessage } from '../../core/wire.ts';
import type { RpcConnection } from '../rpc.ts';

export interface ApiSocketOptions {
  readonly token: string;
  /** The origin the UI is served from, e.g. http://127.0.0.1:5173. Requests without an Origin (not a browser) pass. */
  readonly origin: () => string;
  readonly connect: (send: (message: BackendMessage) => void) => RpcConnection;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The /api upgrade's token, or undefined when the request line cannot be parsed (`//`, a broken escape). */
function requestedToken(requestUrl: string | undefined): { path: string; token: string } | undefined {
  try {
    const url = new URL(requestUrl ?? '/', 'http://localhost');
    return { path: url.pathname, token: url.searchParams.get('token') ?? '' };
  } catch {
    return undefined;
  }
}

export function attachApiSocket(server: Server, { token, origin, connect }: ApiSocketOptions): WebSocketServer {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error handler off an upgraded socket: without one, a client's reset would end the host.
    socket.on('error', () => socket.destroy());
    const asked = requestedToken(request.url);
    if (!asked) return refuse(socket, 400, 'Bad Request');
    if (asked.path !== '/api') return refuse(socket, 404, 'Not Found');
    if (!sameSecret(asked.token, token)) return refuse(socket, 401, 'Unauthorized');
    if (request.headers.origin !== undefined && request.headers.origin !== origin()) {
      return refuse(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const rpc = connect((message) => ws.send(JSON.stringify(message)));
      // A frame that breaks the protocol or the size limit: ws closes that connection and reports it here; without a
      // listener the report would be an uncaught exception that ends the host.
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => {
        let parsed: unknown;
        try {
          parsed = isBinary ? undefined : JSON.parse(String(data));
        } catch {
          parsed = undefined;
        }
        const failed: BackendMessage = { type: 'error', message: 'The backend could not answer that message.' };
        rpc.receive(parsed).catch(() => ws.send(JSON.stringify(failed)));
      });
      ws.on('close', () => rpc.close());
    });
  });
  return sockets;
}
