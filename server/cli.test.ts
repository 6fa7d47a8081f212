/** The admin command line against a real PostgreSQL: a team, a user, a laptop enrolled, then revoked. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { enrolDevice, makeWorld, startServer, type World } from './testing/fixture.ts';

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
      body: JSON.stringify({ username: 'karin', password: 'ett långt lösenord', deviceName: 'Karins laptop' }),
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
    stderr: expect.stringContaining('at least six characters'),
  });
  await expect(cli(['make-coffee'])).rejects.toMatchObject({ code: 2 });
});
