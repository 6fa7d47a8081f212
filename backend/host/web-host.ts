/**
 * The browser host: the backend plus the built renderer on 127.0.0.1, so the real UI runs in a browser where
 * Electron cannot (tests, a supervisor trying Hemtrygg). The API needs this launch's token.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { HemtryggDatabase } from '../database.ts';
import { createHandlers } from '../handlers.ts';
import { connectRpc } from '../rpc.ts';
import type { SyncClient } from '../sync/client.ts';
import { SessionManager } from '../sessions.ts';
import { attachApiSocket } from './api-socket.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export interface WebHostOptions {
  readonly database: HemtryggDatabase;
  /** The built renderer (out/renderer). */
  readonly staticDirectory: string;
  readonly port?: number;
  readonly token?: string;
  readonly lockAfterMs?: number;
  readonly now?: () => Date;
  /** The sync client, when the app syncs with a central server. */
  readonly sync?: SyncClient;
}

export interface WebHost {
  readonly server: Server;
  readonly sessions: SessionManager;
  /** The address to open, token included (in the fragment, so it never reaches a request log). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { database, staticDirectory } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sessions = new SessionManager({
    database,
    ...(options.lockAfterMs ? { lockAfterMs: options.lockAfterMs } : {}),
  });
  const { sync } = options;
  const handlers = createHandlers({ database, now: options.now ?? (() => new Date()), ...(sync ? { sync } : {}) });
  const root = normalize(staticDirectory + sep);

  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy':
          "default-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src 'self' data: blob:; " +
          "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found. Is the UI built?');
    }
  });

  let port = 0;
  attachApiSocket(server, {
    token,
    origin: () => `http://127.0.0.1:${port}`,
    connect: (send) => connectRpc({ database, handlers, sessions, ...(sync ? { sync } : {}) }, send),
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  return {
    server,
    sessions,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      sessions.dispose();
    },
  };
}
