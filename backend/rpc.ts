/**
 * One connection between a UI and the backend, whatever carries the messages. Calls need a signed-in session
 * (except sign-in itself); a watch is a call whose answer is pushed again whenever it changes — after any write to
 * the database — so the UI never polls. Locking ends every watch: the UI watches again after sign-in.
 *
 * A locked app answers only what unlocking needs: the profiles, sign-in, lock, and the connect screen of a laptop not
 * yet connected (sync.connect, and sync.status cut down to whether it is connected). Everything else says `locked`.
 */
import { deepEqual } from 'rxdb';
import { auditTime, merge, type Subscription } from 'rxjs';
import {
  authContract,
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

/** Writes often come in bursts (a sync batch); answer a watch once per burst. */
export const WATCH_SETTLE_MS = 25;

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
        let running = Promise.resolve();
        // Answers change with the data, and (sync.status) with the sync client's state.
        const changes = sync ? merge(database.db.$, sync.status$) : database.db.$;
        const subscription = changes.pipe(auditTime(WATCH_SETTLE_MS)).subscribe(() => {
          // One rerun at a time, in order, so an older answer never overtakes a newer one.
          running = running.then(async () => {
            if (!watches.has(id)) return;
            const next = await run(name, input, true);
            if (watches.has(id) && !deepEqual(next, last)) {
              last = next;
              post({ type: 'update', id, result: next });
            }
          });
        });
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
