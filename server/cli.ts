/**
 * The administrator's command line, against the same database as the server (DATABASE_URL, or the PGlite folder):
 *   node server/cli.ts create-organisation <name>
 *   node server/cli.ts create-team <organisation-id> <name>
 *   node server/cli.ts create-user <team-id> <username> <display name> <worker|supervisor|admin>   (password on stdin)
 *   node server/cli.ts list-devices
 *   node server/cli.ts revoke-device <device-id> [--no-final-push]
 */
import { createInterface } from 'node:readline/promises';
import { createOrganisation, createTeam, createUser, listDevices } from './admin.ts';
import { revokeDevice } from './auth.ts';
import { openServerDatabase } from './database.ts';
import { migrate } from './migrations.ts';

const [command, ...args] = process.argv.slice(2);
const usage = (): never => {
  console.error('usage: see the comment at the top of server/cli.ts');
  process.exit(2);
};

const sql = await openServerDatabase();
try {
  await migrate(sql);
  switch (command) {
    case 'create-organisation': {
      console.log(await createOrganisation(sql, args[0] ?? usage()));
      break;
    }
    case 'create-team': {
      console.log(await createTeam(sql, args[0] ?? usage(), args[1] ?? usage()));
      break;
    }
    case 'create-user': {
      const [teamId = usage(), username = usage(), displayName = usage(), role = usage()] = args;
      if (!['worker', 'supervisor', 'admin'].includes(role)) usage();
      const input = createInterface({ input: process.stdin });
      const password = (await input.question('Password: ')).trim();
      input.close();
      console.log(
        await createUser(sql, {
          teamId,
          username,
          displayName,
          role: role as 'worker' | 'supervisor' | 'admin',
          password,
        }),
      );
      break;
    }
    case 'list-devices': {
      for (const d of await listDevices(sql)) {
        const state = d.wiped_at
          ? 'wiped'
          : d.revoked_at
            ? `revoked${d.final_push ? ' (last push allowed)' : ''}`
            : 'active';
        console.log(`${d.id}  ${d.username}  ${d.name}  enrolled ${d.enrolled_at.toISOString()}  ${state}`);
      }
      break;
    }
    case 'revoke-device': {
      const found = await revokeDevice(sql, args[0] ?? usage(), !args.includes('--no-final-push'));
      console.log(found ? 'Revoked: refused at its next sync.' : 'No such device.');
      if (!found) process.exitCode = 1;
      break;
    }
    default:
      usage();
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await sql.close();
}
