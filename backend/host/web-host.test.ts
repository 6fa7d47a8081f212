/**
 * The browser host under attack: real HTTP, real sockets and WebSocket frames, a real encrypted database. Whatever
 * arrives, the host answers (400/403/404) and keeps answering: one bad request must never end it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type HemtryggDatabase } from '../database.ts';
import { startWebHost, type WebHost } from './web-host.ts';

const token = randomBytes(24).toString('base64url');
let directory: string;
let database: HemtryggDatabase;
let host: WebHost;
let port: number;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hemtrygg-web-host-'));
  const ui = join(directory, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Hemtrygg</title>');
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(directory, 'secret.txt'), 'not for the browser');
  database = await openDatabase({ directory: join(directory, 'data'), key: randomBytes(32) });
  host = await startWebHost({ database, staticDirectory: ui, token });
  port = Number(new URL(host.url).port);
});
afterAll(async () => {
  await host.close();
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

/**
 * Sends raw bytes over TCP and returns the status of the answer ('' when the host closed without one). Raw, because
 * fetch and http.request refuse to send most of what an attacker would.
 */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? ''));
    // Written, not ended: Node drops a half-closed request before an asynchronous answer. The host closes.
    socket.write(bytes);
  });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  raw(
    `GET ${path} HTTP/1.1\r\nHost: ${headers['Host'] ?? `127.0.0.1:${port}`}\r\nConnection: close\r\n` +
      Object.entries(headers)
        .filter(([name]) => name !== 'Host')
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      '\r\n',
  );

async function stillAnswers(): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('Hemtrygg');
}

describe('the browser host', () => {
  it('serves the UI with its security headers', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/assets/app.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers a URL that cannot be decoded with 400, and goes on answering', async () => {
    expect(await get('/%E0%A4%A')).toBe('400');
    expect(await get('/%')).toBe('400');
    expect(await get('/assets/%C0%AF')).toBe('400');
    await stillAnswers();
  });

  it('answers URLs no parser expects, and never serves a file outside the UI', async () => {
    for (const path of ['//', '//[::1', '/%00', '/index.html%00.js', '*', '/..%2f..%2fsecret.txt']) {
      expect(['400', '404']).toContain(await get(path));
    }
    expect(await get('/../secret.txt')).toBe('404');
    expect(await get(`/${'a/'.repeat(3000)}`)).toBe('404');
    expect(await get('/assets')).toBe('404');
    await stillAnswers();
  });

  it('answers only GET, and only for its own address (no DNS rebinding)', async () => {
    expect(
      await raw(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`),
    ).toBe('404');
    expect(await get('/', { Host: 'evil.example' })).toBe('403');
    expect(await get('/', { Host: `evil.example:${port}` })).toBe('403');
    expect(await get('/', { Host: `localhost:${port}` })).toBe('200');
    await stillAnswers();
  });

  it('survives requests that are not HTTP at all', async () => {
    expect(await raw('\u0000\u0001\u0002 nonsense\r\n\r\n')).toBe('400');
    expect(await raw(`GET / HTTP/1.1\r\nHost: x\r\n${'X-Big: a\r\n'.repeat(5000)}\r\n`)).toMatch(/^4\d\d$/);
    expect(await raw(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nBad Header\r\n\r\n`)).toBe('400');
    expect(await raw(randomBytes(4096))).toMatch(/^(4\d\d)?$/);
    await stillAnswers();
  });

  it('survives upgrade requests to odd places, and sockets dropped halfway', async () => {
    const upgrade = (path: string) =>
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`;
    expect(await raw(upgrade('//'))).toMatch(/^4\d\d$/);
    expect(await raw(upgrade('/api?token=%E0%A4%A'))).toBe('401');
    expect(
      await raw(upgrade(`/api?token=${token}`).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 99')),
    ).toBe('400');
    // A client that resets the connection while being refused.
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(upgrade('/elsewhere'));
        socket.resetAndDestroy();
        resolve();
      });
      socket.on('error', () => undefined);
    });
    await stillAnswers();
  });

  it('survives a WebSocket frame that breaks the protocol, and other garbage on the API socket', async () => {
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const closed = (ws: WebSocket) => new Promise<void>((resolve) => ws.once('close', () => resolve()));

    // A frame with a reserved opcode and no mask, written under the WebSocket library's feet.
    const broken = await open();
    broken.on('error', () => undefined);
    const brokenClosed = closed(broken);
    (broken as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x02, 0x41, 0x42]));
    await brokenClosed;

    // A message larger than the host accepts.
    const big = await open();
    big.on('error', () => undefined);
    const bigClosed = closed(big);
    big.send(Buffer.alloc(3 * 1024 * 1024, 0x20));
    await bigClosed;

    // Messages that parse as JSON but mean nothing, then a real call on the same socket.
    const ws = await open();
    const answered = new Promise<unknown>((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: unknown };
        if (message.id === 2) resolve(message);
      }),
    );
    for (const junk of ['null', '[]', '"x"', '{"type":"call","id":1,"name":"__proto__","input":{}}', '\u0000']) {
      ws.send(junk);
    }
    ws.send(Buffer.from([0xff, 0xfe, 0xfd]));
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'auth.profiles', input: {} }));
    expect(await answered).toMatchObject({ type: 'result', result: { ok: true } });
    ws.terminate();
    await stillAnswers();
  });

  it('answers any request line and any API message, whatever they hold', async () => {
    // Printable ASCII without space: what fits in a request line, broken escapes and all.
    const pathChar = fc.oneof(
      fc.constantFrom('%', '/', '.', '\\', '?', '#', '%00', '%E0', '%A4', '%2f', '%C0%AF'),
      fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pathChar, { maxLength: 40 }), async (chars) => {
        expect(['200', '400', '404']).toContain(await get(`/${chars.join('')}`));
      }),
      { numRuns: 150 },
    );

    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    const answers: { id?: unknown }[] = [];
    let waiting: (() => void) | undefined;
    ws.on('message', (data) => {
      answers.push(JSON.parse(String(data)) as { id?: unknown });
      waiting?.();
    });
    const answerTo = (id: number) =>
      new Promise<void>((resolve) => {
        waiting = () => answers.some((m) => m.id === id) && resolve();
        waiting();
      });
    let id = 1000;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string(), async (input, name) => {
        // A message of any shape, then a call that must still be answered on the same socket.
        ws.send(JSON.stringify({ type: 'call', id: (id += 1), name, input }));
        ws.send(JSON.stringify(input));
        ws.send(JSON.stringify({ type: 'call', id: (id += 1), name: 'auth.profiles', input: {} }));
        await answerTo(id);
      }),
      { numRuns: 100 },
    );
    ws.terminate();
    await stillAnswers();
  });
});
