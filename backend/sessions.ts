/**
 * Sign-in on the laptop, offline: a worker picks their profile and gives their laptop PIN, checked against the argon2
 * hash stored locally; the PIN also unwraps the person's signing key, which the session holds until it ends. The
 * session locks after a quiet spell (default 10 minutes) or when told to (lid closed, system asleep). Repeated wrong
 * PINs hold that profile back for a growing while, kept in the encrypted database so a restart does not reset it.
 */
import { hash, verify } from '@node-rs/argon2';
import { BehaviorSubject } from 'rxjs';
import { ApiFailure } from '../core/api.ts';
import type { Profile, UserRecord } from '../core/users.ts';
import type { HemtryggDatabase } from './database.ts';
import type { Session } from './session.ts';
import { unwrapPersonKey, type ActiveSigner } from './signing.ts';

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

/** The settings document with each profile's wrong-PIN count and hold-back: it must outlive a restart. */
export const SIGN_IN_FAILURES_SETTING = 'sign-in-failures';
interface Failure {
  readonly count: number;
  readonly heldUntil: number;
}

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
  /** Failures of ids that name no profile: never stored (anyone may invent ids), never a way in either. */
  private readonly strangers = new Map<string, Failure>();
  /** The signed-in person's unwrapped signing key; undefined while locked or for a profile without a key. */
  private signer: ActiveSigner | undefined;
  /** One sign-in at a time: parallel guesses must not all pass before the first wrong one is counted. */
  private queue: Promise<unknown> = Promise.resolve();
  private idle: NodeJS.Timeout | undefined;

  constructor({ database, lockAfterMs = DEFAULT_LOCK_AFTER_MS, now = Date.now }: SessionManagerOptions) {
    this.database = database;
    this.lockAfterMs = lockAfterMs;
    this.now = now;
    // The database signs what the signed-in person writes (backend/database.ts).
    database.signer.current = () => this.signer;
  }

  /** The person signed in now and able to sign (the sync client's person proof uses it too). */
  activeSigner(): ActiveSigner | undefined {
    return this.current.value ? this.signer : undefined;
  }

  async profiles(): Promise<Profile[]> {
    const users = await this.database.users.find({ sort: [{ teamId: 'asc' }, { displayName: 'asc' }] }).exec();
    return users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role }));
  }

  signIn(userId: string, secret: string): Promise<Session> {
    const attempt = this.queue.then(() => this.checkPin(userId, secret));
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }

  private async checkPin(userId: string, secret: string): Promise<Session> {
    const failure = await this.failureOf(userId);
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
      await this.setFailure(userId, user !== undefined, { count, heldUntil: this.now() + hold });
      throw new ApiFailure('auth.wrongSecret', 'Wrong profile or PIN.', [
        { path: 'secret', message: 'auth.wrongSecret' },
      ]);
    }
    if (failure) await this.setFailure(userId, true, undefined);
    let signer: ActiveSigner | undefined;
    if (user.signingKey) {
      // The PIN hash matched, so the same PIN unwraps the key; one that does not is damaged, and refusing the sign-in
      // keeps that person from writing records the server would refuse for good.
      const privateKey = await unwrapPersonKey(user.signingKey, secret).catch(() => undefined);
      if (!privateKey) {
        this.lock();
        throw new ApiFailure('auth.keyDamaged', 'The signing key on this laptop does not open with this PIN.', [
          { path: 'secret', message: 'auth.keyDamaged' },
        ]);
      }
      signer = { userId: user.id, role: user.role, keyId: user.signingKey.keyId, privateKey };
    }
    // Key and session change together: nothing is written under one person's session with another's key.
    this.signer = signer;
    const session: Session = { userId: user.id, teamId: user.teamId, role: user.role };
    this.current.next(session);
    this.touch();
    return session;
  }

  private async failureOf(userId: string): Promise<Failure | undefined> {
    const stored = await this.database.settings.findOne(SIGN_IN_FAILURES_SETTING).exec();
    const kept = (stored?.value as Record<string, Failure> | undefined)?.[userId];
    return kept ?? this.strangers.get(userId);
  }

  private async setFailure(userId: string, known: boolean, failure: Failure | undefined): Promise<void> {
    if (!known) {
      if (failure) this.strangers.set(userId, failure);
      else this.strangers.delete(userId);
      return;
    }
    const stored = await this.database.settings.findOne(SIGN_IN_FAILURES_SETTING).exec();
    const { [userId]: _previous, ...others } = (stored?.value ?? {}) as Record<string, Failure>;
    await this.database.settings.upsert({
      id: SIGN_IN_FAILURES_SETTING,
      value: failure ? { ...others, [userId]: failure } : others,
    });
    // A hold-back that a power cut undoes is no hold-back.
    this.database.flush();
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
    // The key goes with the session: nothing signs while the laptop is locked.
    this.signer = undefined;
    if (this.current.value) this.current.next(undefined);
  }

  dispose(): void {
    this.lock();
    this.current.complete();
  }
}
