/**
 * People's signing keys (see core/signing.ts): registered when a person signs in online on a laptop, used to verify
 * every record they write and the proof that they are signed in on the laptop now.
 */
import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { PERSON_PROOF_TTL_MS, personProofPayload, recordSigningPayload } from '../core/signing.ts';
import type { Role } from '../core/users.ts';
import type { Queryable } from './sql.ts';

/** Registers a person's public key on a device; returns the key's id. */
export async function registerKey(tx: Queryable, userId: string, deviceId: string, publicKey: string): Promise<string> {
  const id = randomUUID();
  await tx.query('INSERT INTO user_keys (id, user_id, device_id, public_key) VALUES ($1, $2, $3, $4)', [
    id,
    userId,
    deviceId,
    Buffer.from(publicKey, 'base64url'),
  ]);
  return id;
}

/** Revokes keys from now on: one person's on one device, or all of a person's (disabled), or all of a device's. */
export async function revokeKeys(
  tx: Queryable,
  where: { userId: string; deviceId?: string } | { deviceId: string },
): Promise<void> {
  if ('userId' in where) {
    await tx.query(
      `UPDATE user_keys SET revoked_at = coalesce(revoked_at, now())
       WHERE user_id = $1 AND ($2::text IS NULL OR device_id = $2)`,
      [where.userId, where.deviceId ?? null],
    );
  } else {
    await tx.query('UPDATE user_keys SET revoked_at = coalesce(revoked_at, now()) WHERE device_id = $1', [
      where.deviceId,
    ]);
  }
}

/** A registered key as the verifier needs it: whose, on which device, and since when it no longer signs. */
export interface SigningKey {
  readonly id: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly teamId: string;
  readonly role: Role;
  /** The person's account is disabled now (what they signed before still counts). */
  readonly userDisabled: boolean;
  readonly revokedAt: Date | null;
  readonly key: KeyObject;
}

export async function loadKeys(sql: Queryable, ids: readonly string[]): Promise<Map<string, SigningKey>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.query<{
    id: string;
    user_id: string;
    device_id: string;
    team_id: string;
    role: Role;
    disabled_at: Date | null;
    revoked_at: Date | null;
    public_key: Buffer;
  }>(
    `SELECT k.id, k.user_id, k.device_id, u.team_id, u.role, u.disabled_at, k.revoked_at, k.public_key
     FROM user_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ANY($1)`,
    [[...new Set(ids)]],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        userId: r.user_id,
        deviceId: r.device_id,
        teamId: r.team_id,
        role: r.role,
        userDisabled: r.disabled_at !== null,
        revokedAt: r.revoked_at,
        key: createPublicKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(r.public_key).toString('base64url') },
          format: 'jwk',
        }),
      },
    ]),
  );
}

/** Whether `value` is the key's Ed25519 signature over the record (in its collection's canonical form). */
export function verifyRecord(
  key: SigningKey,
  collection: string,
  record: Readonly<Record<string, unknown>>,
  value: string,
): boolean {
  try {
    return verify(
      null,
      Buffer.from(recordSigningPayload(collection, record)),
      key.key,
      Buffer.from(value, 'base64url'),
    );
  } catch {
    return false;
  }
}

/**
 * The person a `x-hemtrygg-person` header shows signed in on this device now, or undefined when the header is
 * missing, malformed, stale, for another device, or signed by a revoked key or a disabled person.
 */
export async function verifyPersonProof(
  sql: Queryable,
  deviceId: string,
  header: string | undefined,
  now = Date.now(),
): Promise<SigningKey | undefined> {
  const match = /^([A-Za-z0-9-]{1,64})\.(\d{1,15})\.([A-Za-z0-9_-]{86})$/.exec(header ?? '');
  if (!match) return undefined;
  const [, keyId = '', issued = '', value = ''] = match;
  const issuedAt = Number(issued);
  if (Math.abs(now - issuedAt) > PERSON_PROOF_TTL_MS) return undefined;
  const key = (await loadKeys(sql, [keyId])).get(keyId);
  if (!key || key.deviceId !== deviceId || key.revokedAt || key.userDisabled) return undefined;
  try {
    const ok = verify(
      null,
      Buffer.from(personProofPayload(deviceId, issuedAt)),
      key.key,
      Buffer.from(value, 'base64url'),
    );
    return ok ? key : undefined;
  } catch {
    return undefined;
  }
}
