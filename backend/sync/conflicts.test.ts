/**
 * A client record both a laptop and the server changed: the field-by-field merge is a new version, signed by the
 * person signed in when they may keep the register; otherwise the server's version stands and the laptop's is kept
 * whole in the conflict record. Real Ed25519 keys; the signature is checked as the server checks it.
 */
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConflictRecord } from '../../core/conflicts.ts';
import { recordSigningPayload } from '../../core/signing.ts';
import type { Role } from '../../core/users.ts';
import type { ActiveSigner } from '../signing.ts';
import { conflictHandlerFor, type ConflictSink } from './conflicts.ts';

type Doc = Record<string, unknown>;
type Recorded = Parameters<NonNullable<ConflictSink['record']>>[0];

const base: Doc = { id: 'client-1', teamId: 'north', phone: '090-1', address: 'Byvägen 3', _deleted: false };
const mine: Doc = { ...base, phone: '090-2', signature: { keyId: 'key-laptop', value: 'x' } };
const theirs: Doc = { ...base, address: 'Byvägen 5', signature: { keyId: 'key-server', value: 'y' } };

function signerOf(role: Role) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { signer: { userId: `user-${role}`, role, keyId: `key-${role}`, privateKey } as ActiveSigner, publicKey };
}

async function resolve(signer: ActiveSigner | undefined) {
  const recorded: Recorded[] = [];
  const sink: ConflictSink = { record: async (conflict) => void recorded.push(conflict) };
  const handler = conflictHandlerFor<Doc>('clients' as ConflictRecord['collectionName'], sink, {
    current: () => signer,
  });
  const result = (await handler.resolve(
    { assumedMasterState: base, realMasterState: theirs, newDocumentState: mine } as never,
    'test',
  )) as Doc;
  return { result, recorded };
}

describe('a client record changed on both sides', () => {
  it('merges both changes and signs the merge when a supervisor is signed in', async () => {
    const { signer, publicKey } = signerOf('supervisor');
    const { result, recorded } = await resolve(signer);
    const { signature, ...fields } = result as Doc & { signature: { keyId: string; value: string } };
    expect(fields).toEqual({ ...base, phone: '090-2', address: 'Byvägen 5' });
    expect(signature.keyId).toBe('key-supervisor');
    const payload = Buffer.from(recordSigningPayload('clients', fields));
    expect(verify(null, payload, publicKey, Buffer.from(signature.value, 'base64url'))).toBe(true);
    expect(recorded).toEqual([expect.objectContaining({ local: mine, server: theirs, result, droppedFields: [] })]);
  });

  it('keeps the server’s version and the laptop’s whole in the conflict record when nobody who may sign it is there', async () => {
    for (const signer of [signerOf('worker').signer, undefined]) {
      const { result, recorded } = await resolve(signer);
      expect(result).toEqual(theirs);
      expect(recorded).toEqual([
        expect.objectContaining({ local: mine, server: theirs, result: theirs, droppedFields: ['address', 'phone'] }),
      ]);
    }
  });
});
