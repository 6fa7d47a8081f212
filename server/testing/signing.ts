/** Signing keys for server tests: what a laptop makes for each person who signs in online on it. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { personProofPayload, recordSigningPayload } from '../../core/signing.ts';
import type { WireDocument } from '../../core/sync.ts';
import type { Role } from '../../core/users.ts';
import { registerKey } from '../keys.ts';
import type { Queryable } from '../sql.ts';
import type { Writer } from '../store.ts';

export interface TestKey {
  readonly publicKey: string;
  readonly privateKey: KeyObject;
}

export function newTestKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKey: String(jwk.x), privateKey };
}

/** The document with its author's signature, as the laptop sends it. */
export function signed<T extends WireDocument>(
  collection: string,
  doc: T,
  signer: { keyId: string; privateKey: KeyObject },
): T {
  const { signature: _, ...unsigned } = doc as T & { signature?: unknown };
  const value = sign(null, Buffer.from(recordSigningPayload(collection, unsigned)), signer.privateKey);
  return { ...unsigned, signature: { keyId: signer.keyId, value: value.toString('base64url') } } as unknown as T;
}

/** The `x-hemtrygg-person` header: this person is signed in on this device now. */
export function personProof(
  signer: { keyId: string; privateKey: KeyObject },
  deviceId: string,
  at = Date.now(),
): string {
  const value = sign(null, Buffer.from(personProofPayload(deviceId, at)), signer.privateKey);
  return `${signer.keyId}.${at}.${value.toString('base64url')}`;
}

/**
 * A laptop for store tests, straight in the database: the device, the people who signed in online on it, and each
 * person's registered key. Returns the writer the server would authenticate and each person's signer.
 */
export async function testLaptop(
  sql: Queryable,
  teamId: string,
  deviceId: string,
  people: readonly { id: string; role: Role }[],
): Promise<{ writer: Writer; signers: Record<string, { keyId: string; privateKey: KeyObject }> }> {
  const [first] = people;
  if (!first) throw new Error('a laptop needs someone');
  await sql.query('INSERT INTO devices (id, user_id, team_id, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
    deviceId,
    first.id,
    teamId,
    deviceId,
  ]);
  const signers: Record<string, { keyId: string; privateKey: KeyObject }> = {};
  for (const person of people) {
    await sql.query('INSERT INTO device_users (device_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      deviceId,
      person.id,
    ]);
    const key = newTestKey();
    signers[person.id] = {
      keyId: await registerKey(sql, person.id, deviceId, key.publicKey),
      privateKey: key.privateKey,
    };
  }
  const writer: Writer = {
    deviceId,
    userId: first.id,
    teamId,
    role: first.role,
    userIds: people.map((p) => p.id),
    activeRoles: [...new Set(people.map((p) => p.role))],
    mayReadAccessLog: people.some((p) => p.role !== 'worker'),
  };
  return { writer, signers };
}
