/**
 * Staff names by id. A laptop knows the profiles of those who signed in on it, and the team's roster the server sent
 * at its last sync (a supervisor reviews the work of colleagues who never used this laptop).
 */
import type { Handlers } from '../../core/api.ts';
import type { HemtryggDatabase } from '../database.ts';
import type { Session } from '../session.ts';

/** The settings record the sync client keeps the roster in. */
export const ROSTER_SETTING = 'staff-roster';

export interface RosterEntry {
  readonly id: string;
  readonly displayName: string;
  readonly role: string;
}

export async function staffNames(database: HemtryggDatabase, teamId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const roster = await database.settings.findOne(ROSTER_SETTING).exec();
  const staff = (roster?.toJSON().value as { staff?: RosterEntry[] } | undefined)?.staff ?? [];
  for (const entry of staff) names.set(entry.id, entry.displayName);
  for (const user of await database.users.find({ selector: { teamId } }).exec()) names.set(user.id, user.displayName);
  return names;
}

export function staffHandlers({ database }: { database: HemtryggDatabase }): Pick<Handlers<Session>, 'staff.names'> {
  return {
    async 'staff.names'(_input, session) {
      return Object.fromEntries(await staffNames(database, session.teamId));
    },
  };
}
