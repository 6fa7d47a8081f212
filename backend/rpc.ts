/**
 * One connection between a UI and the backend, whatever carries the messages. Calls need a signed-in session
 * (except sign-in itself); a watch is a call whose answer is pushed again whenever it changes — after a write to a
 * collection the call reads (CALL_READS), and only when the answer differs from the last one sent — so the UI never
 * polls. Locking ends every watch: the UI watches again after sign-in.
 *
 * A locked app answers only what unlocking needs: the profiles, sign-in, lock, and the connect screen of a laptop not
 * yet connected (sync.connect, and sync.status cut down to whether it is connected). Everything else says `locked`.
 */
import { deepEqual } from 'rxdb';
import { filter, merge, type Observable, type Subscription } from 'rxjs';
import {
  authContract,
  CALL_READS,
  WATCH_VOLATILE_FIELDS,
  dispatch,
  dispatchOn,
  type CallName,
  type AuthHandlers,
  type Handlers,
  type Result,
  type SessionInfo,
} from '../core/api.ts';
import type { SyncStatus } from '../core/sync.ts';
import { clientMessageSchema, type BackendMessage } from '../core/wire.ts';
import type { HemtryggDatabase } from './database.ts';
import type { Session } from './session.ts';
import type { SessionManager } from './sessions.ts';
import { syncAuthHandlers } from './services/sync.ts';
import type { SyncClient } from './sync/client.ts';

/** Writes often come in bursts (a sync batch): a watch waits this long after the first change before it reruns. */
export const WATCH_SETTLE_MS = 25;
/** How long a watch under a steady stream of writes may hold back answers already stale before it sends one anyway. */
export const WATCH_MAX_HELD_MS = 1_000;

/**
 * Reruns a watch's call as changes arrive, never more than one at a time and never a queue: a change while a rerun
 * runs marks it dirty, and causes ONE more rerun after it. An answer finished while dirty is stale (a newer rerun
 * follows, over newer state) and is dropped rather than sent, unless answers have been held back for
 * WATCH_MAX_HELD_MS, so a screen under a steady stream of writes still moves.
 */
export function coalescedRerun<T>({
  compute,
  deliver,
  settleMs = WATCH_SETTLE_MS,
  maxHeldMs = WATCH_MAX_HELD_MS,
}: {
  compute: () => Promise<T>;
  deliver: (answer: T) => void;
  settleMs?: number;
  maxHeldMs?: number;
}): { changed(): void } {
  let state: 'idle' | 'settling' | 'running' = 'idle';
  let dirty = false;
  let heldSince: number | undefined;
  async function loop(): Promise<void> {
    state = 'running';
    try {
      do {
        dirty = false;
        const answer = await compute();
        if (dirty) {
          heldSince ??= Date.now();
          if (Date.now() - heldSince < maxHeldMs) continue;
        }
        heldSince = undefined;
        deliver(answer);
      } while (dirty);
    } finally {
      state = 'idle';
    }
  }
  return {
    changed() {
      if (state === 'running') dirty = true;
      else if (state === 'idle') {
        state = 'settling';
        setTimeout(() => void loop().catch(() => undefined), settleMs);
      }
    },
  };
}

/** Whether two answers of a call are the same, leaving out the fields the contract marks as made anew on every call. */
export function sameAnswer(name: string, a: Result<unknown>, b: Result<unknown>): boolean {
  const volatile = Object.hasOwn(WATCH_VOLATILE_FIELDS, name) ? WATCH_VOLATILE_FIELDS[name as CallName] : undefined;
  if (!volatile || !a.ok || !b.ok) return deepEqual(a, b);
  return deepEqual(withoutFields(a.value, volatile), withoutFields(b.value, volatile));
}

function withoutFields(value: unknown, fields: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
}

export interface RpcDeps {
  readonly database: HemtryggDatabase;
  readonly handlers: Handlers<Session>;
  readonly sessions: SessionManager;
  readonly sync?: SyncClient;
}

export interface RpcConnection {
  /** Hand it every message from the UI, as received (parsed JSON or a structured-clone object). */
  receive(message: unknown): Promise<void>;
  close(): void;
}

const locked: Result<never> = { ok: false, error: { code: 'locked', message: 'Sign in first.' } };

/** The auth calls a locked app answers; sync.addColleague is made from a signed-in session's sync screen. */
const UNLOCKING_CALLS: ReadonlySet<string> = new Set([
  'auth.profiles',
  'auth.signIn',
  'auth.lock',
  'sync.status',
  'sync.connect',
]);

/**
 * The sync status a locked app shows on its sign-in and connect screens: whether the laptop is connected and how its
 * first sync goes. No server address, times or error texts (which may name a record) before someone signs in.
 */
export function lockedSyncStatus(status: SyncStatus): SyncStatus {
  return { state: status.state, pending: status.pending, ...(status.firstSync ? { firstSync: status.firstSync } : {}) };
}

export function connectRpc(
  { database, handlers, sessions, sync }: RpcDeps,
  send: (m: BackendMessage) => void,
): RpcConnection {
  const watches = new Map<number, Subscription>();
  let closed = false;
  const post = (message: BackendMessage) => {
    if (!closed) send(message);
  };

  const syncAuth = syncAuthHandlers(sync);
  const auth: AuthHandlers<undefined> = {
    'auth.profiles': () => sessions.profiles(),
    'auth.signIn': async ({ userId, secret }) => {
      await sessions.signIn(userId, secret);
      return sessionInfo();
    },
    'auth.lock': async () => {
      sessions.lock();
      return null;
    },
    ...syncAuth,
    'sync.status': async (input, context) => {
      const status = await syncAuth['sync.status'](input, context);
      return sessions.current.value ? status : lockedSyncStatus(status);
    },
  };

  let names = new Map<string, string>();
  async function sessionInfo(): Promise<SessionInfo> {
    const session = sessions.current.value;
    if (!session) throw new Error('not signed in');
    if (!names.has(session.userId)) {
      names = new Map((await sessions.profiles()).map((p) => [p.id, p.displayName]));
    }
    return { ...session, displayName: names.get(session.userId) ?? session.userId };
  }

  /** Counts sign-ins and locks: an answer computed for one session is never sent once another has begun. */
  let generation = 0;

  async function run(name: string, input: unknown, rerun = false): Promise<Result<unknown>> {
    const session = sessions.current.value;
    if (Object.hasOwn(authContract, name) && (session || UNLOCKING_CALLS.has(name))) {
      return dispatchOn(authContract, auth, name as keyof typeof authContract, input, undefined);
    }
    if (!session) return locked;
    const asked = generation;
    if (!rerun) sessions.touch();
    const result = await dispatch(handlers, name as CallName, input, rerun ? { ...session, rerun: true } : session);
    return generation === asked ? result : locked;
  }

  function unwatchAll(): void {
    for (const watch of watches.values()) watch.unsubscribe();
    watches.clear();
  }

  let watchingFor: string | undefined;
  const sessionChanges = sessions.current.subscribe((session) => {
    generation += 1;
    // Another user's watches never go on answering for the one now signed in.
    if (session?.userId !== watchingFor) unwatchAll();
    watchingFor = session?.userId;
    if (!session) {
      unwatchAll();
      post({ type: 'session', session: null });
    } else {
      void sessionInfo().then(
        (info) => post({ type: 'session', session: info }),
        () => undefined,
      );
    }
  });

  /** What makes a watch of `name` answer again: writes to the collections it reads, and the sync client's state. */
  function changesFor(name: string): Observable<unknown> {
    const reads = Object.hasOwn(CALL_READS, name) ? new Set<string>(CALL_READS[name as CallName]) : undefined;
    const data = reads ? database.db.$.pipe(filter((event) => reads.has(event.collectionName ?? ''))) : database.db.$;
    // Calls the contract does not map (sync.status) follow the whole database, as do the sync calls.
    return sync && (!reads || name.startsWith('sync.')) ? merge(data, sync.status$) : data;
  }

  return {
    async receive(raw) {
      const parsed = clientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        post({ type: 'error', message: 'Unreadable message.' });
        return;
      }
      const message = parsed.data;
      if (message.type === 'activity') {
        sessions.touch();
      } else if (message.type === 'unwatch') {
        watches.get(message.id)?.unsubscribe();
        watches.delete(message.id);
      } else if (message.type === 'call') {
        post({ type: 'result', id: message.id, result: await run(message.name, message.input) });
      } else {
        const { id, name, input } = message;
        let last = await run(name, input);
        post({ type: 'result', id, result: last });
        if (!last.ok || closed || name.startsWith('auth.')) return;
        watches.get(id)?.unsubscribe();
        // Until this watch ends (unwatched, locked, or replaced by a watch of the same id).
        const current = () => watches.get(id) === subscription;
        const rerun = coalescedRerun<Result<unknown> | undefined>({
          compute: async () => (current() ? run(name, input, true) : undefined),
          deliver: (next) => {
            if (!next || !current() || sameAnswer(name, next, last)) return;
            last = next;
            post({ type: 'update', id, result: next });
          },
        });
        const subscription = changesFor(name).subscribe(() => rerun.changed());
        watches.set(id, subscription);
      }
    },
    close() {
      closed = true;
      unwatchAll();
      sessionChanges.unsubscribe();
    },
  };
}
