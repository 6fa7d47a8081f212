/**
 * The browser host: the backend plus the built renderer on 127.0.0.1, so the real UI runs in a browser where
 * Electron cannot (tests, a supervisor trying Hemtrygg). The API needs this launch's token.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
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

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request.',
  403: 'Open Hemtrygg at the address it printed (http://127.0.0.1:…).',
  404: 'Not found. Is the UI built (npm run build:web)?',
};
const HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src 'self' data: blob:; " +
    "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Only the host's own names: a page whose DNS name is rebound to 127.0.0.1 gets nothing from it. */
export function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/**
 * The file under `root` a request path names, or the status to answer instead: 400 for what cannot be parsed or
 * decoded (`/%E0%A4%A`, `//`), 404 for anything else that is not a file inside the UI folder.
 */
export function staticFilePath(root: string, requestUrl: string | undefined): { status: 400 | 404 } | { file: string } {
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl ?? '/', 'http://localhost').pathname);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root) ? { file } : { status: 404 };
}

async function serveStatic(
  root: string,
  port: number,
  request: IncomingMessage,
): Promise<{ status: number; file: string; body?: Buffer }> {
  if (!isOwnHost(request.headers.host, port)) return { status: 403, file: '' };
  if (request.method !== 'GET') return { status: 404, file: '' };
  const found = staticFilePath(root, request.url);
  if (!('file' in found)) return { status: found.status, file: '' };
  try {
    return { status: 200, file: found.file, body: await readFile(found.file) };
  } catch {
    return { status: 404, file: found.file };
  }
}

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

  let port = 0;
  const server = createServer((request, response) => {
    // Whatever arrives gets an answer; nothing a request carries may end the host.
    serveStatic(root, port, request).then(
      ({ status, file, body }) => {
        if (status !== 200 || !body) return void response.writeHead(status, TEXT).end(STATUS_TEXT[status] ?? '');
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...HEADERS });
        response.end(body);
      },
      // serveStatic catches what a request can cause; this is for a bug of ours, and still answers.
      () => {
        if (!response.headersSent) response.writeHead(500, TEXT);
        response.end();
      },
    );
  });
  // Requests that are not HTTP at all get Node's own answer (400, 408, 431) from its default clientError handler.

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
