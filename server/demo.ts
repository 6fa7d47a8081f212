/**
 * The demo team on the central server: the same staff, clients and three weeks of history the laptop's offline demo
 * has (core/demo.ts), loaded into an empty server. User names are the first names; every server password is
 * DEMO_SERVER_PASSWORD, not the laptops' PIN (two different secrets, as in real use).
 */
import { DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { DEMO_STAFF, DEV_TEAM, demoTeamData } from '../core/demo.ts';
import { createOrganisation, createTeam, createUser } from './admin.ts';
import type { Sql } from './sql.ts';
import { teamClock } from './store.ts';

export async function seedServerDemo(sql: Sql): Promise<boolean> {
  const [existing] = await sql.query('SELECT 1 FROM organisations LIMIT 1');
  if (existing) return false;
  const org = await createOrganisation(sql, 'Umeå kommun (demo)', 'org-demo');
  await createTeam(sql, org, 'Hemtjänst Sävar (demo)', DEV_TEAM);
  for (const staff of DEMO_STAFF) {
    await createUser(sql, { ...staff, teamId: DEV_TEAM, password: DEMO_SERVER_PASSWORD });
  }
  const { clients, visits, amendments, reviews, wellbeing, preparedness } = demoTeamData();
  const batches: [string, readonly { id: string }[]][] = [
    ['clients', clients],
    ['visits', visits],
    ['amendments', amendments],
    ['reviews', reviews],
    ['wellbeing', wellbeing],
    ['preparedness', preparedness],
  ];
  for (const [collection, docs] of batches) {
    for (let i = 0; i < docs.length; i += 500) {
      const slice = docs.slice(i, i + 500);
      await sql.transaction(async (tx) => {
        const seq = await teamClock(tx, DEV_TEAM);
        await tx.query(
          `INSERT INTO documents (collection, id, team_id, seq, deleted, data)
           SELECT $1, d->>'id', $2, $3, false, d FROM jsonb_array_elements($4::jsonb) AS d`,
          [collection, DEV_TEAM, seq, JSON.stringify(slice.map((doc) => ({ ...doc, _deleted: false })))],
        );
      });
    }
  }
  return true;
}
