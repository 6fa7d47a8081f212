/**
 * The administrator's command line, against the same database as the server (DATABASE_URL, or the PGlite folder):
 *   node server/cli.ts create-organisation <name>
 *   node server/cli.ts create-team <organisation-id> <name>
 *   node server/cli.ts create-user <team-id> <username> <display name> <worker|supervisor|admin>   (password on stdin)
 *   node server/cli.ts list-devices
 *   node server/cli.ts revoke-device <device-id> [--no-final-push]
 *   node server/cli.ts disable-user <username>
 *   node server/cli.ts enable-user <username>
 *   node server/cli.ts reset-password <username> [--stdin]    (prints a new one-time password, or reads one)
 *   node server/cli.ts remove-device-user <device-id> <username>
 * A running server hears of a disabled user or a removed person at once (PostgreSQL NOTIFY).
 */
import { createInterface } from 'node:readline/promises';
import {
  createOrganisation,
  createTeam,
  createUser,
  disableUser,
  enableUser,
  listDevices,
  removeDeviceUser,
  resetPassword,
} from './admin.ts';
import { revokeDevice } from './auth.ts';
import { openServerDatabase } from './database.ts';
import { migrate } from './migrations.ts';

const [command, ...args] = process.argv.slice(2);
const usage = (): never => {
  console.error('usage: see the comment at the top of server/cli.ts');
  process.exit(2);
};

async function readPassword(): Promise<string> {
  const input = createInterface({ input: process.stdin });
  const password = (await input.question('Password: ')).trim();
  input.close();
  return password;
}

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
      const password = await readPassword();
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
            : d.refused
              ? 'refused: nobody on it may sign in'
              : 'active';
        console.log(
          `${d.id}  ${d.username}  ${d.name}  enrolled ${d.enrolled_at.toISOString()}  people: ${d.people.join(', ')}  ${state}`,
        );
      }
      break;
    }
    case 'revoke-device': {
      const found = await revokeDevice(sql, args[0] ?? usage(), !args.includes('--no-final-push'));
      console.log(found ? 'Revoked: refused at its next sync.' : 'No such device.');
      if (!found) process.exitCode = 1;
      break;
    }
    case 'disable-user': {
      const refused = await disableUser(sql, args[0] ?? usage());
      console.log(
        `Disabled: refused at once on every device; ${refused.length} device(s) now refused altogether` +
          (refused.length > 0 ? `: ${refused.join(', ')}.` : '.'),
      );
      break;
    }
    case 'enable-user': {
      await enableUser(sql, args[0] ?? usage());
      console.log('Enabled: they sign in online once more on each laptop they use.');
      break;
    }
    case 'reset-password': {
      const username = args[0] ?? usage();
      if (args.includes('--stdin')) {
        await resetPassword(sql, username, await readPassword());
        console.log('Password changed.');
      } else {
        // Shown once, here, and stored nowhere but as a hash: hand it over in person or by phone.
        const password = await resetPassword(sql, username);
        console.log(`New password for ${username} (shown once): ${password}`);
      }
      break;
    }
    case 'remove-device-user': {
      const [deviceId = usage(), username = usage()] = args;
      await removeDeviceUser(sql, deviceId, username);
      console.log(`Removed ${username} from the device: their key there signs nothing new.`);
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
