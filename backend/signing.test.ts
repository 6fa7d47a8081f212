import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { personProofPayload, recordSigningPayload } from '../core/signing.ts';
import { storedPersonKeySchema } from '../core/users.ts';
import {
  newPersonKey,
  personProof,
  signRecord,
  unwrapPersonKey,
  WrongPinError,
  type ActiveSigner,
  type StoredPersonKey,
} from './signing.ts';

const publicKeyOf = (x: string): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });

const visit = {
  id: 'v1',
  teamId: 'savar',
  clientId: 'c1',
  workerId: 'anna',
  note: 'Åt frukost, mådde bra.',
  tasks: [{ task: 'Frukost', done: true }],
  signedAt: '2026-03-02T08:00:00.000Z',
};

// One key for the file: each wrap and unwrap costs argon2's price (a quarter of a second) on purpose.
const made = newPersonKey('246810');
async function annasKey(): Promise<{ stored: StoredPersonKey; signer: ActiveSigner; publicKey: string }> {
  const { publicKey, wrap, privateKey } = await made;
  return {
    stored: { ...wrap, keyId: 'k-anna' },
    signer: { userId: 'anna', role: 'worker', keyId: 'k-anna', privateKey },
    publicKey,
  };
}

describe('a person key', () => {
  it('is stored in the shape the profile keeps, and unwraps with the right PIN to the same key', async () => {
    const { stored, publicKey } = await annasKey();
    expect(storedPersonKeySchema.parse(stored)).toEqual(stored);
    expect(stored.publicKey).toBe(publicKey);
    const unwrapped = await unwrapPersonKey(stored, '246810');
    const signature = signRecord(
      { userId: 'anna', role: 'worker', keyId: 'k-anna', privateKey: unwrapped },
      'visits',
      visit,
    );
    expect(
      verify(
        null,
        Buffer.from(recordSigningPayload('visits', visit)),
        publicKeyOf(publicKey),
        Buffer.from(signature.value, 'base64url'),
      ),
    ).toBe(true);
  });

  it('cannot be unwrapped with a wrong PIN, nor when its blob was moved to another public key', async () => {
    const { stored } = await annasKey();
    await expect(unwrapPersonKey(stored, '246811')).rejects.toBeInstanceOf(WrongPinError);
    await expect(unwrapPersonKey(stored, '')).rejects.toBeInstanceOf(WrongPinError);
    const other = await newPersonKey('246810');
    await expect(unwrapPersonKey({ ...stored, publicKey: other.publicKey }, '246810')).rejects.toBeInstanceOf(
      WrongPinError,
    );
    const flipped = Buffer.from(stored.wrapped, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    await expect(
      unwrapPersonKey({ ...stored, wrapped: flipped.toString('base64url') }, '246810'),
    ).rejects.toBeInstanceOf(WrongPinError);
  });

  it('holds nothing of the private key in the clear', async () => {
    const { stored, signer } = await annasKey();
    const seed = Buffer.from(String(signer.privateKey.export({ format: 'jwk' }).d), 'base64url');
    const pkcs8 = signer.privateKey.export({ format: 'der', type: 'pkcs8' });
    const everything = Buffer.concat([
      Buffer.from(JSON.stringify(stored)),
      ...Object.values(stored).map((field) => Buffer.from(field, 'base64url')),
    ]);
    expect(seed).toHaveLength(32);
    expect(everything.includes(seed)).toBe(false);
    expect(everything.includes(pkcs8)).toBe(false);
    expect(JSON.stringify(stored)).not.toContain(seed.toString('base64url'));
    // Not even part of it: no 8 bytes of the seed in a row.
    for (let at = 0; at + 8 <= seed.length; at++) expect(everything.includes(seed.subarray(at, at + 8))).toBe(false);
  });
});

describe('a signed record', () => {
  it('verifies over recordSigningPayload with the public key, whatever order its fields come in', async () => {
    const { signer, publicKey } = await annasKey();
    const signature = signRecord(signer, 'visits', visit);
    expect(signature.keyId).toBe('k-anna');
    const reordered = Object.fromEntries(Object.entries(visit).reverse());
    const payload = Buffer.from(recordSigningPayload('visits', { ...reordered, signature }));
    expect(verify(null, payload, publicKeyOf(publicKey), Buffer.from(signature.value, 'base64url'))).toBe(true);
  });

  it('does not verify once changed, nor as a record of another kind', async () => {
    const { signer, publicKey } = await annasKey();
    const signature = Buffer.from(signRecord(signer, 'visits', visit).value, 'base64url');
    const key = publicKeyOf(publicKey);
    const check = (collection: string, record: Record<string, unknown>) =>
      verify(null, Buffer.from(recordSigningPayload(collection, record)), key, signature);
    expect(check('visits', visit)).toBe(true);
    expect(check('visits', { ...visit, workerId: 'bertil' })).toBe(false);
    expect(check('visits', { ...visit, signedAt: '2020-03-02T08:00:00.000Z' })).toBe(false);
    expect(check('visits', { ...visit, tasks: [{ task: 'Frukost', done: false }] })).toBe(false);
    expect(check('visits', { ...visit, extra: 'x' })).toBe(false);
    expect(check('amendments', visit)).toBe(false);
  });

  it('and a person proof verifies for its device and time only', async () => {
    const { signer, publicKey } = await annasKey();
    const proof = personProof(signer, 'device-1', 1_700_000_000_000);
    const [keyId, issued, value] = proof.split('.');
    expect([keyId, issued]).toEqual(['k-anna', '1700000000000']);
    const check = (device: string, at: number) =>
      verify(
        null,
        Buffer.from(personProofPayload(device, at)),
        publicKeyOf(publicKey),
        Buffer.from(value!, 'base64url'),
      );
    expect(check('device-1', 1_700_000_000_000)).toBe(true);
    expect(check('device-2', 1_700_000_000_000)).toBe(false);
    expect(check('device-1', 1_700_000_000_001)).toBe(false);
  });
});
