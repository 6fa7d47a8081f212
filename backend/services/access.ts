/**
 * The access log, written when someone opens a client's record (offline too) and read by supervisors and
 * administrators: who viewed a client, and a random sample of entries to check. Entries are append-only and synced.
 */
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ACCESS_REPEAT_MS, sampleEntries, type AccessEntry, type AccessKind } from '../../core/access.ts';
import type { AccessRow, Handlers } from '../../core/api.ts';
import type { ClientRecord } from '../../core/clients.ts';
import { localPeriod } from '../../core/schedule.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';
import { staffNames } from './staff.ts';

export interface AccessDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
  /** The enrolled laptop's id, when it has one. */
  readonly deviceId?: () => string | undefined;
}

export interface AccessLog {
  /**
   * Records that the signed-in user opened this. A watch answering again after a change is no new look, and opening the
   * same thing again within ACCESS_REPEAT_MS is the same look.
   */
  record(session: Session, clientId: string, what: AccessKind, visitId?: string): Promise<void>;
}

export function accessLog({ database, now, deviceId }: AccessDeps): AccessLog {
  const lastLogged = new Map<string, number>();
  return {
    async record(session, clientId, what, visitId) {
      if (session.rerun) return;
      const at = now();
      const key = [session.userId, clientId, what, visitId ?? ''].join(' ');
      const previous = lastLogged.get(key);
      if (previous !== undefined && at.getTime() - previous < ACCESS_REPEAT_MS) return;
      const device = deviceId?.();
      const entry: AccessEntry = {
        id: uuidv7(),
        teamId: session.teamId,
        userId: session.userId,
        clientId,
        what,
        ...(visitId ? { visitId } : {}),
        ...(device ? { deviceId: device } : {}),
        at: at.toISOString(),
      };
      await database.access.insert(entry);
      database.flush();
      lastLogged.set(key, at.getTime());
    },
  };
}

type AccessHandlers = Pick<Handlers<Session>, 'access.forClient' | 'access.sample'>;

export function accessHandlers({ database }: AccessDeps): AccessHandlers {
  async function rows(session: Session, entries: AccessEntry[]): Promise<AccessRow[]> {
    const names = await staffNames(database, session.teamId);
    const ids = [...new Set(entries.map((e) => e.clientId))];
    const clients = new Map<string, string>();
    for (const [id, doc] of await database.clients.findByIds(ids).exec()) {
      const c = doc.toJSON() as ClientRecord;
      clients.set(id, `${c.givenName} ${c.familyName}`);
    }
    return entries.map((e) => ({
      ...e,
      userName: names.get(e.userId) ?? e.userId,
      clientName: clients.get(e.clientId) ?? e.clientId,
    }));
  }
  const period = localPeriod;

  return {
    async 'access.forClient'({ clientId, from, to }, session) {
      const at = period(from, to);
      const found = await database.access
        .find({
          selector: { clientId, teamId: session.teamId, ...(Object.keys(at).length ? { at } : {}) },
          sort: [{ at: 'desc' }, { id: 'desc' }],
        })
        .exec();
      return rows(
        session,
        found.map((d) => d.toJSON() as AccessEntry),
      );
    },
    async 'access.sample'({ size, from, to }, session) {
      const at = period(from, to);
      const found = await database.access
        .find({ selector: { teamId: session.teamId, ...(Object.keys(at).length ? { at } : {}) } })
        .exec();
      const drawn = sampleEntries(
        found.map((d) => d.toJSON() as AccessEntry),
        size,
        (bound) => randomInt(bound),
      );
      return rows(
        session,
        drawn.sort((a, b) => b.at.localeCompare(a.at)),
      );
    },
  };
}
