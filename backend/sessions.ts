/**
 * Sign-in on the laptop, offline: a worker picks their profile and gives their PIN or password, checked against the
 * argon2 hash stored locally. The session locks after a quiet spell (default 10 minutes) or when told to (lid closed,
 * system asleep). Repeated wrong secrets lock that profile for a growing while.
 */
import { hash, verify } from '@node-rs/argon2';
import { BehaviorSubject } from 'rxjs';
import { ApiFailure } from '../core/api.ts';
import type { Profile, UserRecord } from '../core/users.ts';
import type { HemtryggDatabase } from './database.ts';
import type { Session } from './session.ts';

export const DEFAULT_LOCK_AFTER_MS = 10 * 60 * 1000;

/** The lock delay set by HEMTRYGG_LOCK_AFTER_MS (milliseconds of quiet), if any; a value that is no delay is refused. */
export function lockAfterMsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['HEMTRYGG_LOCK_AFTER_MS'];
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1000) {
    throw new Error(`HEMTRYGG_LOCK_AFTER_MS must be a whole number of milliseconds, at least 1000 (got "${raw}").`);
  }
  return ms;
}
/** Wrong secrets allowed before a profile is held back; then 30 s, doubling each time, at most 15 minutes. */
export const FREE_ATTEMPTS = 5;
const FIRST_HOLD_MS = 30_000;
const LONGEST_HOLD_MS = 15 * 60_000;

export const hashSecret = (secret: string): Promise<string> => hash(secret);

/** Verified when the profile does not exist, so a wrong profile id takes as long as a wrong PIN. */
let decoy: Promise<string> | undefined;

export interface SessionManagerOptions {
  readonly database: HemtryggDatabase;
  readonly lockAfterMs?: number;
  readonly now?: () => number;
}

export class SessionManager {
  /** The signed-in session, or undefined while locked. Emits on every change. */
  readonly current = new BehaviorSubject<Session | undefined>(undefined);
  private readonly database: HemtryggDatabase;
  private readonly lockAfterMs: number;
  private readonly now: () => number;
  private readonly failures = new Map<string, { count: number; heldUntil: number }>();
  private idle: NodeJS.Timeout | undefined;

  constructor({ database, lockAfterMs = DEFAULT_LOCK_AFTER_MS, now = Date.now }: SessionManagerOptions) {
    this.database = database;
    this.lockAfterMs = lockAfterMs;
    this.now = now;
  }

  async profiles(): Promise<Profile[]> {
    const users = await this.database.users.find({ sort: [{ teamId: 'asc' }, { displayName: 'asc' }] }).exec();
    return users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  }

  async signIn(userId: string, secret: string): Promise<Session> {
    const failure = this.failures.get(userId);
    const wait = failure ? failure.heldUntil - this.now() : 0;
    if (wait > 0) {
      throw new ApiFailure('auth.heldBack', `Too many wrong attempts; try again in ${Math.ceil(wait / 1000)} s.`, [
        { path: 'secret', message: 'auth.heldBack' },
      ]);
    }
    const user = (await this.database.users.findOne(userId).exec())?.toMutableJSON() as UserRecord | undefined;
    const matches = user
      ? await verify(user.secretHash, secret)
      : await verify(await (decoy ??= hash('decoy')), secret);
    if (!user || !matches) {
      const count = (failure?.count ?? 0) + 1;
      const hold = count < FREE_ATTEMPTS ? 0 : Math.min(FIRST_HOLD_MS * 2 ** (count - FREE_ATTEMPTS), LONGEST_HOLD_MS);
      this.failures.set(userId, { count, heldUntil: this.now() + hold });
      throw new ApiFailure('auth.wrongSecret', 'Wrong profile or PIN.', [
        { path: 'secret', message: 'auth.wrongSecret' },
      ]);
    }
    this.failures.delete(userId);
    const session: Session = { userId: user.id, teamId: user.teamId, role: user.role };
    this.current.next(session);
    this.touch();
    return session;
  }

  /** Any use of the app: restarts the quiet-spell clock. */
  touch(): void {
    if (!this.current.value) return;
    if (this.idle) this.idle.refresh();
    else {
      this.idle = setTimeout(() => this.lock(), this.lockAfterMs);
      this.idle.unref();
    }
  }

  lock(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (this.current.value) this.current.next(undefined);
  }

  dispose(): void {
    this.lock();
    this.current.complete();
  }
}
