/**
 * A person's signing key on this laptop (core/signing.ts says what is signed and why). The Ed25519 private key is
 * kept only wrapped: AES-256-GCM under a key derived from the person's PIN with argon2id, so it signs only while that
 * person is signed in, and a copied database and its key give an attacker a PIN to guess at argon2's price per try.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPair,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { hashRaw } from '@node-rs/argon2';
import { personProofPayload, recordSigningPayload } from '../core/signing.ts';
import type { Role } from '../core/users.ts';
import type { StoredPersonKey } from '../core/users.ts';

export type { StoredPersonKey };

/** The person signed in now, able to sign: set by sign-in, dropped on lock. */
export interface ActiveSigner {
  readonly userId: string;
  /** What the person may write (client records are signed only by those who keep the register). */
  readonly role: Role;
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/**
 * argon2id for the key-wrapping key: 128 MiB, 12 passes, one lane. About 0.26 s on the 2-core build machine (measured
 * 2026: 128 MiB × 10 passes 0.21 s, 12 passes 0.26 s), so each guess at a copied database's PIN costs as much as a
 * sign-in. Changing them makes every stored key unreadable: it would need a version in the stored key.
 */
export const KEY_WRAPPING = { memoryCost: 128 * 1024, timeCost: 12, parallelism: 1, outputLen: 32 } as const;

/** Binds the wrapped key to its public key and to its purpose: a blob swapped in from another profile fails. */
const associatedData = (publicKey: string) => Buffer.from(`hemtrygg-person-key/v1\n${publicKey}`);

const wrappingKey = (pin: string, salt: Buffer): Promise<Buffer> => hashRaw(pin, { ...KEY_WRAPPING, salt });

const newKeyPair = promisify(generateKeyPair);

/** A wrong PIN (or a damaged key): the key stays locked. */
export class WrongPinError extends Error {
  constructor() {
    super('This PIN does not unlock the signing key.');
    this.name = 'WrongPinError';
  }
}

/** Makes a key pair and wraps the private key with the PIN; keyId is filled in once the server answers. */
export async function newPersonKey(
  pin: string,
): Promise<{ publicKey: string; wrap: Omit<StoredPersonKey, 'keyId'>; privateKey: KeyObject }> {
  const { publicKey, privateKey } = await newKeyPair('ed25519');
  const { x, d } = privateKey.export({ format: 'jwk' });
  if (x === undefined || d === undefined || publicKey.export({ format: 'jwk' }).x !== x) {
    throw new Error('Ed25519 key export gave no key.');
  }
  const seed = Buffer.from(d, 'base64url');
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await wrappingKey(pin, salt), nonce);
  cipher.setAAD(associatedData(x));
  const wrapped = Buffer.concat([cipher.update(seed), cipher.final(), cipher.getAuthTag()]);
  seed.fill(0);
  return {
    publicKey: x,
    wrap: {
      publicKey: x,
      wrapped: wrapped.toString('base64url'),
      salt: salt.toString('base64url'),
      nonce: nonce.toString('base64url'),
    },
    privateKey,
  };
}

/** The private key, unwrapped with the PIN; throws WrongPinError on a wrong PIN or a blob that was tampered with. */
export async function unwrapPersonKey(stored: StoredPersonKey, pin: string): Promise<KeyObject> {
  const wrapped = Buffer.from(stored.wrapped, 'base64url');
  const key = await wrappingKey(pin, Buffer.from(stored.salt, 'base64url'));
  const seed = Buffer.alloc(32);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.nonce, 'base64url'));
    decipher.setAAD(associatedData(stored.publicKey));
    decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
    const plain = Buffer.concat([decipher.update(wrapped.subarray(0, wrapped.length - 16)), decipher.final()]);
    plain.copy(seed);
    plain.fill(0);
  } catch {
    throw new WrongPinError();
  }
  try {
    const privateKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: stored.publicKey, d: seed.toString('base64url') },
      format: 'jwk',
    });
    // The JWK's x is taken on trust by import: make sure the seed really belongs to this public key.
    if (privateKey.export({ format: 'jwk' }).x !== stored.publicKey) throw new WrongPinError();
    return privateKey;
  } catch {
    throw new WrongPinError();
  } finally {
    seed.fill(0);
  }
}

/** The signature a record carries (core/signing.ts `signature`). */
export function signRecord(
  signer: ActiveSigner,
  collection: string,
  record: Readonly<Record<string, unknown>>,
): { keyId: string; value: string } {
  const payload = Buffer.from(recordSigningPayload(collection, record));
  return { keyId: signer.keyId, value: sign(null, payload, signer.privateKey).toString('base64url') };
}

/** The value of PERSON_PROOF_HEADER: shows the server who is signed in on this laptop now. */
export function personProof(signer: ActiveSigner, deviceId: string, nowMs: number): string {
  const payload = Buffer.from(personProofPayload(deviceId, nowMs));
  return `${signer.keyId}.${nowMs}.${sign(null, payload, signer.privateKey).toString('base64url')}`;
}
