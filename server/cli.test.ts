/**
 * The admin command line against a real PostgreSQL: a team, a user, a laptop enrolled, then revoked; people disabled,
 * enabled, given a new password and removed from a laptop, which a running server hears of at once.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addDeviceUser, call, enrolDevice, makeWorld, PASSWORD, startServer, type World } from './testing/fixture.ts';
import { newTestKey } from './testing/signing.ts';

const run = promisify(execFile);
let world: World;
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => {
  await world.close();
});

async function cli(args: string[], input?: string) {
  const child = run(process.execPath, ['server/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: world.databaseUrl },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return (await child).stdout.trim();
}

it('creates an organisation, a team and a user who can enrol; lists and revokes the laptop', async () => {
  const org = await cli(['create-organisation', 'Vännäs kommun']);
  const team = await cli(['create-team', org, 'Hemtjänst Vännäsby']);
  await cli(['create-user', team, 'karin', 'Karin Öberg', 'worker'], 'ett långt lösenord\n');
  const { app, url } = await startServer(world.sql);
  try {
    const laptop = await enrolDevice(url, 'karin').catch(() => undefined);
    expect(laptop).toBeUndefined(); // the fixture's password is not hers
    const response = await fetch(`${url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'karin',
        password: 'ett långt lösenord',
        deviceName: 'Karins laptop',
        publicKey: newTestKey().publicKey,
      }),
    });
    const enrolled = (await response.json()) as { deviceId: string; user: { teamId: string } };
    expect(enrolled.user.teamId).toBe(team);
    expect(await cli(['list-devices'])).toMatch(new RegExp(`${enrolled.deviceId}\\s+karin\\s+Karins laptop.*active`));
    expect(await cli(['revoke-device', enrolled.deviceId, '--no-final-push'])).toBe(
      'Revoked: refused at its next sync.',
    );
    expect(await cli(['list-devices'])).toMatch(/revoked$/m);
    await expect(cli(['revoke-device', 'no-such-device'])).rejects.toThrow();
  } finally {
    await app.close();
  }
});

it('refuses a short password and an unknown command, with a message and a failing exit code', async () => {
  await expect(cli(['create-user', 'team-north', 'x', 'X', 'worker'], '123\n')).rejects.toMatchObject({
    stderr: expect.stringContaining('at least 12 characters'),
  });
  await expect(cli(['create-user', 'team-north', 'x', 'X', 'worker'], 'password1234\n')).rejects.toMatchObject({
    stderr: expect.stringContaining('first an attacker tries'),
  });
  await expect(cli(['make-coffee'])).rejects.toMatchObject({ code: 2 });
});

it('disables and enables a person, resets a password and removes a person from a laptop; the server agrees', async () => {
  const { app, url } = await startServer(world.sql);
  try {
    const laptop = await enrolDevice(url, 'anna');
    await addDeviceUser(url, laptop.accessToken, 'bertil');
    const pull = () => call(url, '/v1/sync/visits/pull', laptop.accessToken, { batchSize: 1 });
    expect(await cli(['disable-user', 'anna'])).toBe(
      'Disabled: refused at once on every device; 0 device(s) now refused altogether.',
    );
    expect((await pull()).status).toBe(200); // Bertil is still on the shared laptop
    expect(await cli(['remove-device-user', laptop.deviceId, 'bertil'])).toBe(
      'Removed bertil from the device: their key there signs nothing new.',
    );
    expect((await pull()).status).toBe(403);
    expect(await cli(['list-devices'])).toMatch(/people: anna \(disabled\), bertil \(removed\)\s+refused/);
    expect(await cli(['enable-user', 'anna'])).toBe('Enabled: they sign in online once more on each laptop they use.');
    expect((await pull()).status).toBe(200);
    // A new password, shown once; the old one no longer signs in.
    const shown = await cli(['reset-password', 'anna']);
    const password = /\(shown once\): (\S+)$/.exec(shown)?.[1] ?? '';
    const enrol = (pw: string) =>
      call(url, '/v1/enrol', undefined, {
        username: 'anna',
        password: pw,
        deviceName: 'ny laptop',
        publicKey: newTestKey().publicKey,
      });
    expect((await enrol(PASSWORD)).status).toBe(401);
    expect((await enrol(password)).status).toBe(200);
    expect(await cli(['reset-password', 'anna', '--stdin'], 'ett annat långt lösenord\n')).toBe('Password changed.');
    expect((await enrol('ett annat långt lösenord')).status).toBe(200);
    await expect(cli(['disable-user', 'nobody'])).rejects.toMatchObject({
      stderr: expect.stringContaining('No user named nobody'),
    });
  } finally {
    await app.close();
  }
});
