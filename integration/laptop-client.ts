/**
 * The parent's side of laptop-process.ts: forks a laptop into a process of its own (RxDB's open-source edition allows
 * too few collections for two laptops in one), calls its ops over IPC, and keeps what the laptop reports by itself —
 * every sync status it shows, its pushes, and which of them the server acknowledged.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RxCollection } from 'rxdb';
import type { HemtryggCollections } from '../backend/database.ts';
import type { SyncedCollection, SyncStatus } from '../core/sync.ts';
import type { CollectionName, Doc, LaptopMessage, LaptopOps, LaptopRequest, LaptopState } from './laptop-process.ts';

/** The record type a collection holds, e.g. ClientRecord for `clients`. */
export type RecordOf<C extends CollectionName> = HemtryggCollections[C] extends RxCollection<infer T> ? T : never;

export { TEST_PIN } from './test-pin.ts';

const ENTRY = fileURLToPath(new URL('./laptop-process.ts', import.meta.url));

/** Whether `work` settles within `ms`. */
function settles(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

interface Watcher {
  status(status: SyncStatus): void;
  exited(error: Error): void;
}

export class Laptop<User extends string = string> {
  readonly user: User;
  /** Per collection, the ids of documents in pushes the server answered in full (and not as conflicts). */
  readonly acknowledged = new Map<string, Set<string>>();
  /** Pushes sent so far. */
  pushesSent = 0;
  /** Every status the laptop's sync clients have shown, in order, from the first client's first (not enrolled). */
  readonly statuses: SyncStatus[] = [];
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly watchers = new Set<Watcher>();
  private readonly exited: Promise<void>;
  private next = 1;

  private constructor(user: User) {
    this.user = user;
    // Not vitest's flags: a plain Node process, as the backend runs.
    this.child = fork(ENTRY, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: LaptopMessage) => {
      if ('event' in message) {
        if (message.event === 'status') {
          this.statuses.push(message.status);
          for (const watcher of [...this.watchers]) watcher.status(message.status);
        } else if (message.event === 'push') {
          this.pushesSent += 1;
        } else {
          const ids = this.acknowledged.get(message.collection) ?? new Set();
          for (const id of message.ids) ids.add(id);
          this.acknowledged.set(message.collection, ids);
        }
        return;
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message.result);
      else waiter?.reject(new Error(`laptop of ${user}: ${message.error}`));
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        const error = new Error(`laptop of ${user} exited (${code ?? signal})`);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
        for (const watcher of [...this.watchers]) watcher.exited(error);
        resolve();
      }),
    );
  }

  /** Forks a laptop for `user` (not enrolled yet); resolves once its database is open. */
  static async fork<User extends string>(user: User): Promise<Laptop<User>> {
    const laptop = new Laptop(user);
    await new Promise<unknown>((resolve, reject) => laptop.waiting.set(0, { resolve, reject }));
    return laptop;
  }

  call<K extends keyof LaptopOps>(op: K, args: Parameters<LaptopOps[K]>[0]): Promise<ReturnType<LaptopOps[K]>> {
    const id = (this.next += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, op, args } as LaptopRequest);
    });
  }

  insert(collection: SyncedCollection, ...docs: object[]): Promise<void> {
    return this.call('insert', { collection, docs: docs as Doc[] });
  }

  patch<C extends CollectionName>(collection: C, id: string, changes: Partial<RecordOf<C>>): Promise<void> {
    return this.call('patch', { collection, id, changes: changes as Doc });
  }

  async findOne<C extends CollectionName>(collection: C, id: string): Promise<RecordOf<C> | null> {
    return (await this.call('findOne', { collection, id })) as RecordOf<C> | null;
  }

  async find<C extends CollectionName>(collection: C): Promise<RecordOf<C>[]> {
    return (await this.call('find', { collection })) as RecordOf<C>[];
  }

  count(collection: CollectionName): Promise<number> {
    return this.call('count', { collection });
  }

  state(): Promise<LaptopState> {
    return this.call('state', {});
  }

  /** Resolves once RxDB's replications are all in sync (the sync client's awaitInSync); rejects after `timeoutMs`. */
  async awaitInSync(timeoutMs = 30_000): Promise<void> {
    if (!(await this.call('awaitInSync', { timeoutMs }))) {
      throw new Error(`laptop of ${this.user}: not in sync within ${timeoutMs} ms`);
    }
  }

  /**
   * The first status that passes `check`, the latest one reported included: what `firstValueFrom(status$.pipe(
   * filter(check)))` gives in the laptop's process. Statuses come on the channel the answers come on, so all those
   * shown before an op's answer are here once it has arrived. Rejects after `timeoutMs`, saying the last status.
   */
  until(check: (status: SyncStatus) => boolean, timeoutMs = 30_000): Promise<SyncStatus> {
    const latest = this.statuses.at(-1);
    if (latest && check(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
      };
      const watcher: Watcher = {
        status: (status) => {
          if (!check(status)) return;
          done();
          resolve(status);
        },
        exited: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        done();
        const last = JSON.stringify(this.statuses.at(-1));
        reject(new Error(`laptop of ${this.user}: no such status within ${timeoutMs} ms; the last was ${last}`));
      }, timeoutMs);
      this.watchers.add(watcher);
    });
  }

  /** Stops sync and closes the database; the process is killed if it does not end by itself. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await settles(this.call('close', {}), 20_000).catch(() => undefined);
      if (!(await settles(this.exited, 3000))) this.child.kill('SIGKILL');
    }
    await this.exited;
  }
}
