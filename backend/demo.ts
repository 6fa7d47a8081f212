/**
 * Seeds the laptop with the demo team (core/demo.ts) when it has no staff yet and no central server to pull it from.
 * The offline demo's profiles have no signing keys: keys are registered with a server, and this demo never syncs.
 */
import { DEMO_PIN, DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { DEMO_STAFF, DEV_TEAM, demoTeamData } from '../core/demo.ts';
import type { HemtryggDatabase } from './database.ts';
import { hashSecret } from './sessions.ts';
import type { SyncClient } from './sync/client.ts';

export { DEV_PIN, DEV_TEAM } from '../core/demo.ts';

/** Adds the team when the database has no staff yet; leaves an existing database alone. */
export async function seedDemo(database: HemtryggDatabase): Promise<boolean> {
  if ((await database.users.count().exec()) > 0) return false;
  const secretHash = await hashSecret(DEMO_PIN);
  await database.users.bulkInsert(
    DEMO_STAFF.map(({ id, displayName, role }) => ({ id, teamId: DEV_TEAM, displayName, role, secretHash })),
  );
  const { clients, visits, amendments, reviews, wellbeing, preparedness } = demoTeamData();
  await database.clients.bulkInsert(clients);
  for (let i = 0; i < visits.length; i += 1000) await database.visits.bulkInsert(visits.slice(i, i + 1000));
  await database.amendments.bulkInsert(amendments);
  await database.reviews.bulkInsert(reviews);
  await database.wellbeing.bulkInsert(wellbeing);
  await database.preparedness.bulkInsert(preparedness);
  return true;
}

/**
 * Connects an empty laptop to a central server that holds the demo team: every demo profile signs in online once with
 * the demo server password and chooses the demo PIN, so each gets a signing key on this laptop.
 */
export async function connectDemoTeam(sync: SyncClient, serverUrl: string): Promise<void> {
  const [first, ...others] = DEMO_STAFF;
  await sync.enrol(serverUrl, first.username, DEMO_SERVER_PASSWORD, 'Demo laptop', DEMO_PIN);
  for (const staff of others) await sync.addColleague(staff.username, DEMO_SERVER_PASSWORD, DEMO_PIN);
}
