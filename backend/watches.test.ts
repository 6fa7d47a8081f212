/**
 * Watches over a real encrypted database, through the API boundary (connectRpc, as the socket and the MessagePort use
 * it): a watch reruns only when a collection its call reads changes, a burst coalesces into at most two reruns with
 * the stale answer dropped, and an unchanged answer is not sent again.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_READS, contract, WATCH_VOLATILE_FIELDS, type Handlers, type Result } from '../core/api.ts';
import { clientRecordSchema } from '../core/clients.ts';
import type { BackendMessage } from '../core/wire.ts';
import { openDatabase, type HemtryggDatabase } from './database.ts';
import { createHandlers } from './handlers.ts';
import { connectRpc, sameAnswer, type RpcConnection } from './rpc.ts';
import type { Session } from './session.ts';
import { hashSecret, SessionManager } from './sessions.ts';

let directory: string;
let database: HemtryggDatabase;
let sessions: SessionManager;
let rpc: RpcConnection | undefined;

const client = (id: string, givenName = 'Märta') =>
  clientRecordSchema.parse({
    id,
    teamId: 'savar',
    givenName,
    familyName: 'Östlund',
    personnummer: '19351218-9808',
    address: 'Byvägen 3',
    village: 'Sävar',
  });

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hemtrygg-watches-'));
  database = await openDatabase({ directory, key: randomBytes(32) });
  await database.users.insert({
    id: 'anna',
    teamId: 'savar',
    displayName: 'Anna Lind',
    role: 'worker',
    secretHash: await hashSecret('246810'),
  });
  await database.clients.insert(client('marta'));
  sessions = new SessionManager({ database });
});
afterEach(async () => {
  rpc?.close();
  rpc = undefined;
  sessions.dispose();
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The rpc over real handlers, counting the reruns of `clients.list` and holding the first one until released. */
async function connect({ holdFirstRerun = false } = {}) {
  const real = createHandlers({ database, now: () => new Date() });
  const sent: BackendMessage[] = [];
  const reruns: { started: number; finished: number } = { started: 0, finished: 0 };
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let firstStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (firstStarted = resolve));
  let finished: () => void = () => undefined;
  let oneFinished = new Promise<void>((resolve) => (finished = resolve));
  const handlers: Handlers<Session> = {
    ...real,
    'clients.list': async (input, session) => {
      if (!session.rerun) return real['clients.list'](input, session);
      reruns.started += 1;
      if (reruns.started === 1) {
        firstStarted();
        if (holdFirstRerun) await released;
      }
      const answer = await real['clients.list'](input, session);
      reruns.finished += 1;
      const done = finished;
      oneFinished = new Promise<void>((resolve) => (finished = resolve));
      done();
      return answer;
    },
  };
  rpc = connectRpc({ database, handlers, sessions }, (message) => sent.push(message));
  await rpc.receive({ type: 'call', id: 1, name: 'auth.signIn', input: { userId: 'anna', secret: '246810' } });
  const updates = (id: number) =>
    sent.filter((m): m is Extract<BackendMessage, { type: 'update' }> => m.type === 'update' && m.id === id);
  return {
    rpc,
    reruns,
    updates,
    release,
    started,
    /** Resolves once the rerun running now (or the next one) has finished and its answer was dealt with. */
    nextFinished: async () => {
      await oneFinished;
      await new Promise((resolve) => setImmediate(resolve));
    },
    /** Resolves once the watch `id` has sent an update that passes `test`. */
    updateOf: async (id: number, test: (value: unknown) => boolean) => {
      for (;;) {
        const found = updates(id).find((m) => m.result.ok && test(m.result.value));
        if (found) return found;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

const listed = (value: unknown) => (value as { id: string }[]).map((c) => c.id);

describe('which collections a call reads', () => {
  it('names, for every call of the contract, collections the laptop has', () => {
    expect(Object.keys(CALL_READS).sort()).toEqual(Object.keys(contract).sort());
    const collections = Object.keys(database.db.collections);
    for (const [name, reads] of Object.entries(CALL_READS)) {
      expect({ name, reads: reads.length > 0 }).toEqual({ name, reads: true });
      for (const collection of reads)
        expect({ name, collection }).toEqual({ name, collection: expect.toBeOneOf(collections) });
    }
    for (const name of Object.keys(WATCH_VOLATILE_FIELDS)) expect(Object.keys(contract)).toContain(name);
  });
});

describe('a watch', () => {
  it('is not rerun, and sends nothing, after a write to a collection its call does not read', async () => {
    const ui = await connect();
    await ui.rpc.receive({ type: 'watch', id: 2, name: 'clients.list', input: {} });
    // staff.names reads the users: its update shows the write was seen, after clients.list's rerun would have begun.
    await ui.rpc.receive({ type: 'watch', id: 3, name: 'staff.names', input: {} });
    await database.users.insert({
      id: 'bertil',
      teamId: 'savar',
      displayName: 'Bertil Holm',
      role: 'worker',
      secretHash: await hashSecret('135790'),
    });
    await ui.updateOf(3, (names) => (names as Record<string, string>)['bertil'] === 'Bertil Holm');
    expect(ui.reruns.started).toBe(0);
    expect(ui.updates(2)).toEqual([]);

    // A write to what it reads does rerun it.
    await database.clients.insert(client('olof', 'Olof'));
    await ui.updateOf(2, (v) => listed(v).includes('olof'));
    expect(ui.updates(2)).toHaveLength(1);
    expect(ui.reruns.started).toBe(1);
  });

  it('reruns at most twice for a burst of 50 writes, and drops the answer made stale while it ran', async () => {
    const ui = await connect({ holdFirstRerun: true });
    await ui.rpc.receive({ type: 'watch', id: 2, name: 'clients.list', input: {} });
    await database.clients.insert(client('c00'));
    await ui.started;
    // The first rerun has begun; 49 more writes arrive while it runs.
    for (let i = 1; i < 50; i += 1) await database.clients.insert(client(`c${String(i).padStart(2, '0')}`));
    await new Promise((resolve) => setImmediate(resolve));
    ui.release();
    await ui.updateOf(2, (v) => listed(v).length === 51);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ui.reruns).toEqual({ started: 2, finished: 2 });
    // One update, with all 51: the first rerun's answer (read before the burst ended) was never sent.
    expect(ui.updates(2).map((m) => (m.result.ok ? listed(m.result.value).length : m.result))).toEqual([51]);
  });

  it('does not send an answer equal to the last one sent', async () => {
    const ui = await connect();
    await ui.rpc.receive({ type: 'watch', id: 2, name: 'clients.list', input: {} });
    // A change to the client that its summary in the list does not show: the rerun's answer is the same.
    const marta = await database.clients.findOne('marta').exec();
    const finished = ui.nextFinished();
    await marta!.incrementalPatch({ directions: 'Det röda huset efter bron' });
    await finished;
    expect(ui.reruns.finished).toBe(1);
    expect(ui.updates(2)).toEqual([]);

    // A change it shows is sent, once.
    const renamed = ui.nextFinished();
    await (await database.clients.findOne('marta').exec())!.incrementalPatch({ givenName: 'Märtha' });
    await renamed;
    expect(ui.updates(2)).toHaveLength(1);
    expect(ui.updates(2)[0]).toMatchObject({ result: { ok: true, value: [{ givenName: 'Märtha' }] } });
  });
});

describe('whether two answers are the same', () => {
  const answer = (value: unknown): Result<unknown> => ({ ok: true, value });
  it('leaves out only the fields the contract marks as made anew on every call', () => {
    const board = { state: { drillId: 'd1' }, now: '2026-01-01T10:00:00.000Z', clockOffsetMs: 0 };
    expect(sameAnswer('drills.get', answer(board), answer({ ...board, now: '2026-01-01T10:00:05.000Z' }))).toBe(true);
    expect(sameAnswer('drills.get', answer(board), answer({ ...board, clockOffsetMs: 40 }))).toBe(false);
    const list = { hazard: 'power', rows: [], madeAt: '2026-01-01T10:00:00.000Z', today: '2026-01-01' };
    expect(sameAnswer('preparedness.priority', answer(list), answer({ ...list, madeAt: 'later' }))).toBe(true);
    expect(sameAnswer('preparedness.priority', answer(list), answer({ ...list, today: '2026-01-02' }))).toBe(false);
    // Other calls compare every field.
    expect(sameAnswer('clients.list', answer({ now: 'a' }), answer({ now: 'b' }))).toBe(false);
    expect(sameAnswer('drills.get', { ok: false, error: { code: 'x', message: 'y' } }, answer(board))).toBe(false);
  });
});
