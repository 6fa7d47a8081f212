/**
 * The service tests' world: a real encrypted database in a temporary folder, the team's clients and staff in it, a
 * clock the test moves, and calls made through the API boundary as the UI makes them. `useServiceWorld` opens a fresh
 * world before each test and closes and removes it after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  dispatch as dispatchCall,
  type CallInput,
  type CallName,
  type CallOutput,
  type Handlers,
  type Result,
} from '../../../core/api.ts';
import { clientRecordSchema, type ClientInput, type ClientRecord } from '../../../core/clients.ts';
import type { LogVisitInput } from '../../../core/visits.ts';
import { openDatabase, type HemtryggDatabase } from '../../database.ts';
import { createHandlers } from '../../handlers.ts';
import type { Session } from '../../session.ts';

/** The team `savar` the tests share, and a supervisor and a worker of another team (`holmsund`). */
export const anna: Session = { userId: 'anna', teamId: 'savar', role: 'worker' };
export const bertil: Session = { userId: 'bertil', teamId: 'savar', role: 'worker' };
export const dragan: Session = { userId: 'dragan', teamId: 'savar', role: 'worker' };
export const cecilia: Session = { userId: 'cecilia', teamId: 'savar', role: 'supervisor' };
export const erik: Session = { userId: 'erik', teamId: 'savar', role: 'admin' };
export const sven: Session = { userId: 'sven', teamId: 'holmsund', role: 'supervisor' };
export const david: Session = { userId: 'david', teamId: 'holmsund', role: 'worker' };

/** A signed-in person on this laptop; the name shown is their user id unless given. */
export type StaffMember = Session & { readonly displayName?: string };

export interface WorldOptions {
  /** The clock at the start of each test; move it with `world.clock = …`. */
  readonly now: string | Date;
  readonly clients?: readonly ClientRecord[];
  readonly staff?: readonly StaffMember[];
}

export interface ServiceWorld {
  readonly database: HemtryggDatabase;
  readonly handlers: Handlers<Session>;
  clock: Date;
  /** The call's result as the UI receives it, refusals included. */
  readonly dispatch: <K extends CallName>(name: K, input: unknown, session: Session) => Promise<Result<CallOutput<K>>>;
  /** The call's value; a refusal fails the test with its code and issues. */
  readonly call: <K extends CallName>(name: K, input: CallInput<K>, session: Session) => Promise<CallOutput<K>>;
  /** Closes the database file and opens it again with the same key, as a restarted app does. */
  readonly reopen: () => Promise<void>;
  readonly close: () => Promise<void>;
}

/** A client of team `savar` in Sävar, with the fields a test does not care about filled in. */
export const testClient = (fields: Partial<ClientInput> & { id: string; givenName: string }): ClientRecord =>
  clientRecordSchema.parse({
    teamId: 'savar',
    familyName: 'Testsson',
    personnummer: '19351218-9808',
    address: 'Byvägen 3',
    village: 'Sävar',
    ...fields,
  });

/** A visit to Märta in Sävar, 08:00–08:40 on 20 November, timed, meals given, with the fields a test names changed. */
export const testVisit = (fields: Partial<LogVisitInput> & { id: string }): LogVisitInput => ({
  clientId: 'marta',
  serviceType: 'personal-care',
  location: { address: 'Byvägen 3', village: 'Sävar' },
  startedAt: '2026-11-20T08:00:00+01:00',
  endedAt: '2026-11-20T08:40:00+01:00',
  timeSource: 'timer',
  tasks: [{ task: 'meals', planned: true, done: true }],
  ...fields,
});

/** "anna" → "Anna": the display name some tests give their staff. */
export const named = (session: Session): StaffMember => ({
  ...session,
  displayName: session.userId.charAt(0).toUpperCase() + session.userId.slice(1),
});

export async function serviceWorld({ now, clients = [], staff = [] }: WorldOptions): Promise<ServiceWorld> {
  const directory = mkdtempSync(join(tmpdir(), 'hemtrygg-services-'));
  const key = randomBytes(32);
  let database = await openDatabase({ directory, key });
  let clock = new Date(now);
  let handlers = createHandlers({ database, now: () => clock });
  if (clients.length > 0) await database.clients.bulkInsert([...clients]);
  if (staff.length > 0) {
    await database.users.bulkInsert(
      staff.map((s) => ({
        id: s.userId,
        teamId: s.teamId,
        displayName: s.displayName ?? s.userId,
        role: s.role,
        secretHash: 'x',
      })),
    );
  }
  const dispatch = <K extends CallName>(name: K, input: unknown, session: Session) =>
    dispatchCall<Session, K>(handlers, name, input, session);
  return {
    get database() {
      return database;
    },
    get handlers() {
      return handlers;
    },
    get clock() {
      return clock;
    },
    set clock(value: Date) {
      clock = value;
    },
    dispatch,
    call: async (name, input, session) => {
      const result = await dispatch(name, input, session);
      if (!result.ok) throw new Error(`${name}: ${result.error.code} ${JSON.stringify(result.error.issues ?? [])}`);
      return result.value;
    },
    reopen: async () => {
      await database.close();
      database = await openDatabase({ directory, key });
      handlers = createHandlers({ database, now: () => clock });
    },
    close: async () => {
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh world before each test of the file, closed and removed after it. The object returned stays the same across
 * tests and speaks for the current world, so its methods can be taken apart once at the top of a file.
 */
export function useServiceWorld(options: WorldOptions | (() => WorldOptions)): ServiceWorld {
  let current: ServiceWorld | undefined;
  const world = (): ServiceWorld => {
    if (current === undefined) throw new Error('The service world is open only inside a test.');
    return current;
  };
  beforeEach(async () => {
    current = await serviceWorld(typeof options === 'function' ? options() : options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get database() {
      return world().database;
    },
    get handlers() {
      return world().handlers;
    },
    get clock() {
      return world().clock;
    },
    set clock(value: Date) {
      world().clock = value;
    },
    dispatch: (name, input, session) => world().dispatch(name, input, session),
    call: (name, input, session) => world().call(name, input, session),
    reopen: () => world().reopen(),
    close: () => world().close(),
  };
}
