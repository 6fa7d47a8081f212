/**
 * The attacker's laptop, for sign-in, tokens and people: curl and a worker's own laptop against the real server on
 * PostgreSQL. Each test is a finding of issue 15 (numbered as in the brief of this part) that the server let through.
 */
import type { FastifyInstance } from 'fastify';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SERVER_PASSWORD } from '../core/demo-credentials.ts';
import { passwordProblem } from '../core/passwords.ts';
import { createUser, disableUser, enableUser, removeDeviceUser, resetPassword } from './admin.ts';
import { confirmWiped, FREE_SIGN_IN_ATTEMPTS, revokeDevice } from './auth.ts';
import { visitDoc } from './testing/documents.ts';
import { addDeviceUser, call, enrolDevice, makeWorld, PASSWORD, startServer, type World } from './testing/fixture.ts';
import { newTestKey, signed } from './testing/signing.ts';

const tlsDir = join(import.meta.dirname, 'testing', 'tls');
const cert = readFileSync(join(tlsDir, 'cert.pem'));
const key = readFileSync(join(tlsDir, 'key.pem'));

let world: World;
const servers: FastifyInstance[] = [];
beforeEach(async () => {
  world = await makeWorld();
});
afterEach(async () => {
  for (const app of servers.splice(0)) await app.close();
  await world.close();
});

async function serve(options: Parameters<typeof startServer>[1] = {}): Promise<string> {
  const { app, url } = await startServer(world.sql, options);
  servers.push(app);
  return url;
}

/** A sign-in attempt as an attacker sends it: any address (when the server trusts a proxy), any junk header. */
async function enrolAs(url: string, username: string, password: string, from?: string) {
  const response = await fetch(`${url}/v1/enrol`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer junk-${Math.random()}`,
      ...(from ? { 'x-forwarded-for': from } : {}),
    },
    body: JSON.stringify({
      username,
      password,
      deviceName: `laptop ${Math.random()}`,
      publicKey: newTestKey().publicKey,
    }),
  });
  const body = (await response.json()) as { error?: { code: string; message: string }; accessToken?: string };
  return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
}

/** Log lines of a server, to check what is logged and that no secret is. */
function logSink() {
  const lines: string[] = [];
  return { lines, logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } };
}

const signer = (laptop: Awaited<ReturnType<typeof enrolDevice>>) => ({
  keyId: laptop.keyId,
  privateKey: laptop.privateKey,
});

describe('1. sign-in cannot be guessed', () => {
  it('limits enrolment per client address: a fresh Authorization header and device name per try change nothing', async () => {
    const url = await serve();
    const answers: number[] = [];
    // Other user names each time, so the per-name backoff plays no part: this is the address limit alone.
    for (let i = 0; i < 34; i++) answers.push((await enrolAs(url, `guess-${i}`, `wrong password ${i}`)).status);
    expect(answers.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(answers.slice(30)).toEqual(Array(4).fill(429));
    expect((await enrolAs(url, 'anna', PASSWORD)).body.error?.code).toBe('rate-limited');
  });

  it('locks a user name after a few wrong passwords, whatever address and header the guesses come with', async () => {
    const url = await serve({ trustProxy: true });
    for (let i = 0; i < FREE_SIGN_IN_ATTEMPTS; i++) {
      expect((await enrolAs(url, 'anna', `guess number ${i}`, `198.51.100.${i}`)).status).toBe(401);
    }
    // Now the right password is refused too, and the answer says when to try again.
    const locked = await enrolAs(url, 'anna', PASSWORD, '203.0.113.50');
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'rate-limited' } } });
    expect(locked.body.error?.message).toMatch(/Try again in 1 minute/);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    // A colleague signing in on an enrolled laptop goes through the same lock.
    const bertil = await enrolDevice(url, 'bertil');
    const added = await call(url, '/v1/device/users', bertil.accessToken, {
      username: 'anna',
      password: PASSWORD,
      publicKey: newTestKey().publicKey,
    });
    expect(added).toMatchObject({ status: 429, body: { error: { code: 'rate-limited' } } });
    // An unknown name is locked alike, so locking tells nobody which names exist.
    for (let i = 0; i < FREE_SIGN_IN_ATTEMPTS; i++)
      await enrolAs(url, 'nobody', `guess number ${i}`, `198.51.100.${i}`);
    const unknown = await enrolAs(url, 'nobody', PASSWORD, '203.0.113.51');
    expect(unknown.status).toBe(429);
    expect(unknown.body.error?.message.replace(/\d/g, '#')).toBe(locked.body.error?.message.replace(/\d/g, '#'));
  });

  it('counts guesses sent all at once, and keeps the lock across a restart until it runs out', async () => {
    const url = await serve({ trustProxy: true });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => enrolAs(url, 'anna', `parallel guess ${i}`, `198.51.100.${i}`)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(FREE_SIGN_IN_ATTEMPTS);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(20 - FREE_SIGN_IN_ATTEMPTS);
    // Another server process on the same database (or this one restarted) knows.
    await servers.shift()!.close();
    const again = await serve({ trustProxy: true });
    expect((await enrolAs(again, 'anna', PASSWORD, '203.0.113.9')).status).toBe(429);
    // Once the lock has run out (moved into the past here, rather than waiting), the right password works and clears it.
    await world.sql.query("UPDATE sign_in_failures SET locked_until = now() - interval '1 second'");
    expect((await enrolAs(again, 'anna', PASSWORD, '203.0.113.9')).status).toBe(200);
    expect(await world.sql.query('SELECT username FROM sign_in_failures')).toEqual([]);
  });

  it('logs refused sign-ins with user name and address, never the password', async () => {
    const sink = logSink();
    const url = await serve({ trustProxy: true, logger: sink.logger });
    await enrolAs(url, 'anna', 'my secret guess', '203.0.113.7');
    const refused = sink.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['username']);
    expect(refused).toMatchObject({ username: 'anna', address: '203.0.113.7', reason: 'wrong-credentials' });
    expect(sink.lines.join('\n')).not.toContain('my secret guess');
    expect(sink.lines.join('\n')).not.toContain('junk-');
  });
});

describe('2. a password policy a municipality can defend', () => {
  it('asks for length, not composition: at least 12 characters, not a common password, not the user name', async () => {
    expect(passwordProblem(PASSWORD, 'anna')).toBeUndefined();
    expect(passwordProblem(DEMO_SERVER_PASSWORD, 'anna')).toBeUndefined();
    expect(passwordProblem('kort lösen', 'anna')).toBe('too-short');
    expect(passwordProblem('x'.repeat(129), 'anna')).toBe('too-long');
    expect(passwordProblem('Password1234', 'anna')).toBe('common');
    expect(passwordProblem('aaaaaaaaaaaaaa', 'anna')).toBe('common');
    expect(passwordProblem('annalindqvist', 'annalindqvist')).toBe('user-name');
    expect(passwordProblem('annalindqvist2026', 'annalindqvist')).toBe('user-name');
    // Composition does not matter: five lower-case words are a good password.
    expect(passwordProblem('älg myr snö tall bäck', 'anna')).toBeUndefined();
    const user = { teamId: 'team-north', username: 'dora', displayName: 'Dora', role: 'worker' } as const;
    await expect(createUser(world.sql, { ...user, password: '123456' })).rejects.toThrow(/at least 12 characters/);
    await expect(resetPassword(world.sql, 'anna', 'qwerty123456')).rejects.toThrow(/first an attacker tries/);
  });
});

describe('3. a replayed refresh token never wins', () => {
  it('ends the device’s whole token family when a spent refresh token comes back, even before its successor is used', async () => {
    const sink = logSink();
    const url = await serve({ logger: sink.logger });
    const laptop = await enrolDevice(url, 'anna');
    // The real laptop refreshes; the thief, who copied the first refresh token, replays it.
    const real = await call(url, '/v1/token', undefined, { refreshToken: laptop.refreshToken });
    expect(real.status).toBe(200);
    const thief = await call(url, '/v1/token', undefined, { refreshToken: laptop.refreshToken });
    expect(thief).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    // Nobody keeps access: the real laptop's fresh tokens are dead too; it must sign in online again.
    expect((await call(url, '/v1/device', String(real.body['accessToken']))).status).toBe(401);
    expect((await call(url, '/v1/token', undefined, { refreshToken: real.body['refreshToken'] })).status).toBe(401);
    const logged = sink.lines.join('\n');
    expect(logged).toContain('spent refresh token reused');
    expect(logged).not.toContain(laptop.refreshToken);
  });
});

describe('4. people, not only devices', () => {
  it('disabling a person refuses every device of theirs at once and closes its live stream; enrolling is refused', async () => {
    const url = await serve();
    const laptop = await enrolDevice(url, 'anna');
    const stream = await fetch(`${url}/v1/sync/stream`, { headers: { authorization: `Bearer ${laptop.accessToken}` } });
    const reader = stream.body!.getReader();
    await reader.read(); // the opening RESYNC
    expect(await disableUser(world.sql, 'anna')).toEqual([laptop.deviceId]);
    // The server heard of it through PostgreSQL and closed the stream (the read ends; no waiting on a clock).
    for (;;) if ((await reader.read()).done) break;
    const pulled = await call(url, '/v1/sync/visits/pull', laptop.accessToken, { batchSize: 10 });
    expect(pulled).toMatchObject({ status: 403, body: { error: { code: 'device-revoked' } } });
    // Her keys sign nothing new, and she cannot sign in online: the same answer as a wrong password.
    const keys = await world.sql.query<{ revoked_at: Date | null }>(
      "SELECT revoked_at FROM user_keys WHERE user_id = 'anna'",
    );
    expect(keys.every((k) => k.revoked_at !== null)).toBe(true);
    const enrol = await enrolAs(url, 'anna', PASSWORD);
    expect(enrol).toMatchObject({ status: 401, body: { error: { code: 'wrong-credentials' } } });
    // Enabled again, she can sign in online again.
    await enableUser(world.sql, 'anna');
    expect((await enrolAs(url, 'anna', PASSWORD)).status).toBe(200);
  });

  it('a revoked and wiped laptop’s person cannot come back once disabled (the finding: she enrolled again and pulled)', async () => {
    const url = await serve();
    const laptop = await enrolDevice(url, 'anna');
    await revokeDevice(world.sql, laptop.deviceId, false);
    await confirmWiped(world.sql, laptop.deviceId);
    await disableUser(world.sql, 'anna');
    expect((await enrolAs(url, 'anna', PASSWORD)).status).toBe(401);
  });

  it('a shared laptop keeps working for its other people; it is refused once nobody on it may sign in', async () => {
    const url = await serve();
    const laptop = await enrolDevice(url, 'anna');
    const bertil = await addDeviceUser(url, laptop.accessToken, 'bertil');
    const pull = () => call(url, '/v1/sync/visits/pull', laptop.accessToken, { batchSize: 10 });
    expect(await disableUser(world.sql, 'anna')).toEqual([]);
    expect((await pull()).status).toBe(200);
    // Bertil's signed work still arrives from it.
    const visit = signed('visits', visitDoc('v-bertil', 'team-north', 'bertil'), bertil);
    const pushed = await call(url, '/v1/sync/visits/push', laptop.accessToken, { rows: [{ newDocumentState: visit }] });
    expect(pushed).toMatchObject({ status: 200 });
    // Removing Bertil from it revokes his key there, and leaves nobody: the laptop is refused.
    await removeDeviceUser(world.sql, laptop.deviceId, 'bertil');
    const [key] = await world.sql.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM user_keys WHERE id = $1', [
      bertil.keyId,
    ]);
    expect(key?.revoked_at).not.toBeNull();
    expect(await pull()).toMatchObject({ status: 403, body: { error: { code: 'device-revoked' } } });
    await expect(removeDeviceUser(world.sql, laptop.deviceId, 'cecilia')).rejects.toThrow(/has not signed in/);
  });

  it('a reset password replaces the old one at once, and clears the name’s lock', async () => {
    const url = await serve({ trustProxy: true });
    for (let i = 0; i < FREE_SIGN_IN_ATTEMPTS + 1; i++) await enrolAs(url, 'anna', `guess ${i}`, `198.51.100.${i}`);
    const generated = await resetPassword(world.sql, 'anna');
    expect(generated).toMatch(/^([a-z2-9]{4}-){4}[a-z2-9]{4}$/);
    expect((await enrolAs(url, 'anna', PASSWORD, '203.0.113.1')).status).toBe(401);
    expect((await enrolAs(url, 'anna', generated, '203.0.113.2')).status).toBe(200);
  });
});

describe('6. the last push of a revoked laptop can happen, whatever the age of its access token', () => {
  const expireAccessTokens = (deviceId: string) =>
    world.sql.query(
      "UPDATE device_tokens SET expires_at = now() - interval '1 minute' WHERE device_id = $1 AND kind = 'access'",
      [deviceId],
    );

  it('gets fresh tokens that open the last push and nothing else', async () => {
    const url = await serve();
    const laptop = await enrolDevice(url, 'anna');
    await revokeDevice(world.sql, laptop.deviceId, true);
    await expireAccessTokens(laptop.deviceId);
    const visit = signed('visits', visitDoc('v-last', 'team-north', 'anna'), signer(laptop));
    const rows = { rows: [{ newDocumentState: visit }] };
    expect((await call(url, '/v1/sync/visits/push', laptop.accessToken, rows)).body.error?.code).toBe('token-expired');
    const fresh = await call(url, '/v1/token', undefined, { refreshToken: laptop.refreshToken });
    expect(fresh.status).toBe(200);
    const token = String(fresh.body['accessToken']);
    expect(await call(url, '/v1/sync/visits/push', token, rows)).toEqual({ status: 200, body: [] });
    expect(await call(url, '/v1/sync/visits/pull', token, { batchSize: 10 })).toMatchObject({
      status: 403,
      body: { error: { code: 'device-revoked', finalPush: true } },
    });
    expect((await call(url, '/v1/team/staff', token, {})).status).toBe(403);
    expect((await call(url, '/v1/device', token)).body).toMatchObject({ revoked: true, finalPush: true });
    expect((await call(url, '/v1/device/wiped', token, {})).status).toBe(200);
    // Wiped: nothing more, not even a refresh.
    expect((await call(url, '/v1/token', undefined, { refreshToken: fresh.body['refreshToken'] })).status).toBe(401);
  });

  it('without a permitted last push, the refresh says so', async () => {
    const url = await serve();
    const laptop = await enrolDevice(url, 'anna');
    await revokeDevice(world.sql, laptop.deviceId, false);
    await expireAccessTokens(laptop.deviceId);
    expect(await call(url, '/v1/token', undefined, { refreshToken: laptop.refreshToken })).toMatchObject({
      status: 403,
      body: { error: { code: 'device-revoked', finalPush: false } },
    });
  });
});

describe('7. live streams per device are capped; server errors are logged without secrets', () => {
  it('closes a device’s oldest streams past three, and leaves other devices’ alone', async () => {
    const url = await serve();
    const anna = await enrolDevice(url, 'anna');
    const bertil = await enrolDevice(url, 'bertil');
    const open = async (token: string) => {
      const response = await fetch(`${url}/v1/sync/stream`, { headers: { authorization: `Bearer ${token}` } });
      const reader = response.body!.getReader();
      await reader.read();
      return reader;
    };
    const bertils = await open(bertil.accessToken);
    const annas = [];
    for (let i = 0; i < 5; i++) annas.push(await open(anna.accessToken));
    // The two oldest end (reads return done); a stream still open would make this read wait instead.
    for (const reader of annas.slice(0, 2)) for (;;) if ((await reader.read()).done) break;
    // The newest three and Bertil's still get notices.
    const cecilia = await enrolDevice(url, 'cecilia');
    const visit = signed('visits', visitDoc('v1', 'team-north', 'anna'), signer(anna));
    expect(
      (await call(url, '/v1/sync/visits/push', anna.accessToken, { rows: [{ newDocumentState: visit }] })).status,
    ).toBe(200);
    for (const reader of [...annas.slice(2), bertils]) {
      const chunk = await reader.read();
      expect(new TextDecoder().decode(chunk.value)).toContain('data: visits');
      await reader.cancel();
    }
    expect(cecilia.deviceId).toBeTruthy();
  });

  it('answers a server fault with 500 in words and logs it without the token', async () => {
    const sink = logSink();
    const url = await serve({ logger: sink.logger });
    const laptop = await enrolDevice(url, 'anna');
    // A real fault inside the server: the table authentication reads is gone for a moment.
    await world.sql.query('ALTER TABLE device_tokens RENAME TO device_tokens_away');
    const answer = await call(url, '/v1/team/staff', laptop.accessToken, {});
    await world.sql.query('ALTER TABLE device_tokens_away RENAME TO device_tokens');
    expect(answer).toMatchObject({ status: 500, body: { error: { code: 'server-error' } } });
    const logged = sink.lines.join('\n');
    expect(logged).toContain('server error');
    expect(logged).toContain('/v1/team/staff');
    expect(logged).not.toContain(laptop.accessToken);
  });
});

/** GET over HTTPS, trusting only the test certificate. */
function httpsGet(url: string): Promise<{ status: number; hsts: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: cert }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('5. TLS', () => {
  it('serves HTTPS with a certificate and key, with Strict-Transport-Security, and no plain HTTP', async () => {
    const url = await serve({ https: { cert, key } });
    expect(url).toMatch(/^https:/);
    const health = await httpsGet(`${url}/v1/health`);
    expect(health).toMatchObject({ status: 200, hsts: 'max-age=31536000' });
    expect((await httpsGet(`${url}/v1/nowhere`)).hsts).toBe('max-age=31536000');
    await expect(fetch(url.replace('https:', 'http:') + '/v1/health')).rejects.toThrow();
  });

  const run = promisify(execFile);
  const mainWith = (env: Record<string, string>) =>
    run(process.execPath, ['server/main.ts'], {
      env: { ...process.env, DATABASE_URL: world.databaseUrl, PORT: '0', HEMTRYGG_LOG_LEVEL: 'warn', ...env },
    });

  it('refuses to start in production without TLS, unless told a TLS-terminating proxy is in front', async () => {
    await expect(mainWith({ NODE_ENV: 'production' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('HEMTRYGG_BEHIND_PROXY=1'),
    });
    await expect(
      mainWith({ NODE_ENV: 'production', HEMTRYGG_TLS_CERT: join(tlsDir, 'cert.pem') }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('both HEMTRYGG_TLS_CERT and HEMTRYGG_TLS_KEY'),
    });
  });

  it('serves HTTPS from main.ts with the certificate files named in the environment', async () => {
    const child = spawn(process.execPath, ['server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: world.databaseUrl,
        PORT: '0',
        NODE_ENV: 'production',
        HEMTRYGG_LOG_LEVEL: 'warn',
        HEMTRYGG_TLS_CERT: join(tlsDir, 'cert.pem'),
        HEMTRYGG_TLS_KEY: join(tlsDir, 'key.pem'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /central server \(postgres\): (\S+)/.exec(out);
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`main.ts ended with ${code}: ${out}`)));
      });
      expect(url).toMatch(/^https:/);
      expect(await httpsGet(`${url}/v1/health`)).toMatchObject({ status: 200, hsts: 'max-age=31536000' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
