/** The browser host's API socket, end to end: real HTTP, real WebSocket, real encrypted database. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contract } from '../../core/api.ts';
import { clientRecordSchema } from '../../core/clients.ts';
import type { SyncStatus } from '../../core/sync.ts';
import type { BackendMessage } from '../../core/wire.ts';
import { openDatabase, type HemtryggDatabase } from '../database.ts';
import { createHandlers } from '../handlers.ts';
import { connectRpc, lockedSyncStatus } from '../rpc.ts';
import { hashSecret, SessionManager } from '../sessions.ts';
import { attachApiSocket } from './api-socket.ts';

const token = randomBytes(24).toString('base64url');
let directory: string;
let database: HemtryggDatabase;
let sessions: SessionManager;
let server: Server;
let port: number;
const open: WebSocket[] = [];

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hemtrygg-host-'));
  database = await openDatabase({ directory, key: randomBytes(32) });
  await database.users.insert({
    id: 'anna',
    teamId: 'savar',
    displayName: 'Anna Lind',
    role: 'worker',
    secretHash: await hashSecret('246810'),
  });
  await database.clients.insert(
    clientRecordSchema.parse({
      id: 'marta',
      teamId: 'savar',
      givenName: 'Märta',
      familyName: 'Östlund',
      personnummer: '19351218-9808',
      address: 'Byvägen 3',
      village: 'Sävar',
    }),
  );
  sessions = new SessionManager({ database });
  const handlers = createHandlers({ database, now: () => new Date() });
  server = createServer((_request, response) => response.writeHead(404).end());
  attachApiSocket(server, {
    token,
    origin: () => `http://127.0.0.1:${port}`,
    connect: (send) => connectRpc({ database, handlers, sessions }, send),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await new Promise((resolve) => server.close(resolve));
  sessions.dispose();
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

/** A connected client that collects what the backend sends and can wait for a particular message. */
async function client(options: { token?: string; origin?: string } = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${options.token ?? token}`, {
    ...(options.origin ? { origin: options.origin } : {}),
  });
  open.push(ws);
  // Messages not yet claimed, and who waits for which: each message goes to one waiter, in arrival order.
  const received: BackendMessage[] = [];
  const waiting: { test: (m: BackendMessage) => boolean; resolve: (m: BackendMessage) => void }[] = [];
  const deliver = () => {
    for (const waiter of [...waiting]) {
      const index = received.findIndex(waiter.test);
      if (index < 0) continue;
      const [message] = received.splice(index, 1);
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(message!);
    }
  };
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)) as BackendMessage);
    deliver();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once('error', reject);
  });
  let nextId = 1;
  const next = (test: (m: BackendMessage) => boolean) =>
    new Promise<BackendMessage>((resolve) => {
      waiting.push({ test, resolve });
      deliver();
    });
  const call = async (name: string, input: unknown = {}, type: 'call' | 'watch' = 'call') => {
    const id = nextId++;
    ws.send(JSON.stringify({ type, id, name, input }));
    const message = await next((m) => m.type === 'result' && m.id === id);
    return { id, result: (message as Extract<BackendMessage, { type: 'result' }>).result };
  };
  return { ws, call, next, send: (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)) };
}

describe('the API socket', () => {
  it('refuses a connection without this launch’s token, or from another web page', async () => {
    await expect(client({ token: 'guess' })).rejects.toThrow('HTTP 401');
    await expect(client({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(client({ origin: `http://127.0.0.1:${port}` })).resolves.toBeDefined();
  });

  it('answers nothing but sign-in until signed in, then the calls', async () => {
    const ui = await client();
    expect((await ui.call('clients.list')).result).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await ui.call('auth.profiles')).result).toEqual({
      ok: true,
      value: [{ id: 'anna', displayName: 'Anna Lind', role: 'worker' }],
    });
    expect((await ui.call('auth.signIn', { userId: 'anna', secret: '135790' })).result).toMatchObject({
      ok: false,
      error: { code: 'auth.wrongSecret' },
    });
    expect((await ui.call('auth.signIn', { userId: 'anna', secret: '246810' })).result).toEqual({
      ok: true,
      value: { userId: 'anna', teamId: 'savar', role: 'worker', displayName: 'Anna Lind' },
    });
    expect(await ui.next((m) => m.type === 'session' && m.session !== null)).toMatchObject({
      session: { displayName: 'Anna Lind' },
    });
    expect((await ui.call('clients.list')).result).toMatchObject({ ok: true, value: [{ id: 'marta' }] });
  });

  it('pushes a watched answer again when the data changes, and ends watches when the session locks', async () => {
    const ui = await client();
    await ui.call('auth.signIn', { userId: 'anna', secret: '246810' });
    const watch = await ui.call('clients.history', { clientId: 'marta' }, 'watch');
    expect(watch.result).toEqual({ ok: true, value: [] });
    const logged = await ui.call('visits.log', {
      id: 'v1',
      clientId: 'marta',
      serviceType: 'personal-care',
      location: { address: 'Byvägen 3', village: 'Sävar' },
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      endedAt: new Date(Date.now() - 1_800_000).toISOString(),
      timeSource: 'typed',
      tasks: [{ task: 'meals', planned: true, done: true }],
    });
    expect(logged.result.ok).toBe(true);
    const update = await ui.next((m) => m.type === 'update' && m.id === watch.id);
    expect(update).toMatchObject({ result: { ok: true, value: [{ visit: { id: 'v1', workerId: 'anna' } }] } });

    await ui.call('auth.lock');
    expect(await ui.next((m) => m.type === 'session' && m.session === null)).toBeDefined();
    expect((await ui.call('clients.list')).result).toMatchObject({ ok: false, error: { code: 'locked' } });
  });

  it('answers an unreadable message without falling over', async () => {
    const ui = await client();
    ui.send('{not json');
    expect(await ui.next((m) => m.type === 'error')).toEqual({ type: 'error', message: 'Unreadable message.' });
    ui.send({ type: 'call', id: 'x', name: 7 });
    expect(await ui.next((m) => m.type === 'error')).toBeDefined();
    expect((await ui.call('auth.profiles')).result.ok).toBe(true);
  });

  it('answers no call but unlocking while locked, neither asked once nor watched', async () => {
    const ui = await client();
    const names = Object.keys(contract);
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      for (const type of ['call', 'watch'] as const) {
        // The input does not matter: the lock is checked before anything else, and answers in the same words.
        const { result } = await ui.call(name, {}, type);
        expect({ name, type, result }).toEqual({
          name,
          type,
          result: { ok: false, error: expect.objectContaining({ code: 'locked' }) },
        });
      }
    }
    // A colleague's online sign-in adds a profile from a signed-in session's sync screen, not from a locked app.
    const colleague = { username: 'bertil', password: 'x'.repeat(12), pin: '135790', pinAgain: '135790' };
    expect((await ui.call('sync.addColleague', colleague)).result).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    // Names that are no call, or only look like one to a careless lookup, answer no differently.
    for (const name of ['toString', '__proto__', 'constructor', 'auth.', 'hasOwnProperty']) {
      expect((await ui.call(name)).result.ok).toBe(false);
    }
    // After signing in and locking again, the same holds.
    await ui.call('auth.signIn', { userId: 'anna', secret: '246810' });
    expect((await ui.call('clients.list')).result.ok).toBe(true);
    await ui.call('auth.lock');
    for (const name of names) {
      expect((await ui.call(name)).result).toMatchObject({ ok: false, error: { code: 'locked' } });
    }
  });

  it('never answers a call or starts a watch for a session that locked while it ran', async () => {
    const sent: BackendMessage[] = [];
    let updated: () => void = () => undefined;
    const watchUpdated = new Promise<void>((resolve) => (updated = resolve));
    const handlers = createHandlers({ database, now: () => new Date() });
    const rpc = connectRpc({ database, handlers, sessions }, (message) => {
      sent.push(message);
      if (message.type === 'update' && message.id === 5) updated();
    });
    await rpc.receive({ type: 'call', id: 1, name: 'auth.signIn', input: { userId: 'anna', secret: '246810' } });
    const answer = (id: number) => sent.find((m) => m.type === 'result' && m.id === id);

    // The lid closes while a call and a watch are on their way through the backend.
    const call = rpc.receive({ type: 'call', id: 2, name: 'clients.list', input: {} });
    const watch = rpc.receive({ type: 'watch', id: 3, name: 'clients.list', input: {} });
    sessions.lock();
    await Promise.all([call, watch]);
    expect(answer(2)).toMatchObject({ result: { ok: false, error: { code: 'locked' } } });
    expect(answer(3)).toMatchObject({ result: { ok: false, error: { code: 'locked' } } });

    // Nothing was left watching: once someone signs in again, a change answers only the watch made after it.
    await rpc.receive({ type: 'call', id: 4, name: 'auth.signIn', input: { userId: 'anna', secret: '246810' } });
    await rpc.receive({ type: 'watch', id: 5, name: 'clients.list', input: {} });
    await database.clients.insert(
      clientRecordSchema.parse({
        id: 'olof',
        teamId: 'savar',
        givenName: 'Olof',
        familyName: 'Nordin',
        personnummer: '19121212-1212',
        address: 'Skolvägen 1',
        village: 'Sävar',
      }),
    );
    await watchUpdated;
    expect(sent.filter((m) => m.type === 'update' && m.id !== 5)).toEqual([]);
    rpc.close();
  });
});

describe('the sync status of a locked app', () => {
  it('says whether the laptop is connected and how its first sync goes, and nothing else', () => {
    const full: SyncStatus = {
      state: 'online',
      serverUrl: 'https://hemtrygg.umea.se',
      pending: 3,
      lastSyncedAt: '2025-01-02T03:04:05.000Z',
      lastError: { code: 'server-error', message: 'Visit v1 for Märta Östlund was refused' },
      firstSync: { received: 10, total: 20 },
      revoked: { finalPush: true, unpushed: 2 },
    };
    expect(lockedSyncStatus(full)).toEqual({ state: 'online', pending: 3, firstSync: { received: 10, total: 20 } });
    expect(lockedSyncStatus({ state: 'not-enrolled', pending: 0 })).toEqual({ state: 'not-enrolled', pending: 0 });
  });
});
