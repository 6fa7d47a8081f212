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

export function attachApiSocket(server: Server, { token, origin, connect }: ApiSocketOptions): WebSocketServer {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api') return refuse(socket, 404, 'Not Found');
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(socket, 401, 'Unauthorized');
    if (request.headers.origin !== undefined && request.headers.origin !== origin()) {
      return refuse(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const rpc = connect((message) => ws.send(JSON.stringify(message)));
      ws.on('message', (data) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(data));
        } catch {
          parsed = undefined;
        }
        void rpc.receive(parsed);
      });
      ws.on('close', () => rpc.close());
    });
  });
  return sockets;
}
