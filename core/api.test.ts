import { describe, expect, it } from 'vitest';
import { ApiFailure, dispatch, type Handlers } from './api.ts';
import { visitRecordSchema, type LogVisitInput } from './visits.ts';

const input: LogVisitInput = {
  id: 'v1',
  clientId: 'c1',
  serviceType: 'household',
  location: { address: 'Storgatan 1', village: 'Hörnefors' },
  startedAt: '2026-11-22T09:00:00+01:00',
  endedAt: '2026-11-22T09:30:00+01:00',
  timeSource: 'typed',
  tasks: [{ task: 'cleaning', planned: true, done: true }],
};

// Only the calls under test; dispatch answers the others as unknown.
const handlers = {
  'visits.log': async (visit, { workerId }) =>
    visitRecordSchema.parse({ ...visit, teamId: 't1', workerId, signedAt: '2026-11-22T09:31:00+01:00' }),
  'visits.amend': async () => {
    throw new ApiFailure('not-found', 'No such visit.');
  },
} as Partial<Handlers<{ workerId: string; role: 'worker' }>> as Handlers<{ workerId: string; role: 'worker' }>;

describe('dispatch', () => {
  it('hands the validated input and the caller to the handler, and wraps the answer', async () => {
    const result = await dispatch(handlers, 'visits.log', input, { workerId: 'w7', role: 'worker' });
    expect(result).toMatchObject({ ok: true, value: { id: 'v1', workerId: 'w7', note: '' } });
  });

  it('answers bad input with every issue as a message key, without calling the handler', async () => {
    let called = false;
    const watching = {
      ...handlers,
      'visits.log': async () => (
        (called = true),
        handlers['visits.log'](input as never, { workerId: 'x', role: 'worker' })
      ),
    };
    const result = await dispatch(
      watching,
      'visits.log',
      { ...input, location: { village: '' } },
      { workerId: 'w7', role: 'worker' },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'Invalid input for visits.log.',
        issues: [
          { path: 'location.address', message: 'validation.required' },
          { path: 'location.village', message: 'validation.required' },
        ],
      },
    });
    expect(called).toBe(false);
  });

  it('passes a deliberate failure through and turns anything thrown into an internal error', async () => {
    const amend = { id: 'a1', visitId: 'v9', reason: 'other', comment: 'Wrong day', changes: { note: 'x' } } as const;
    expect(await dispatch(handlers, 'visits.amend', amend, { workerId: 'w7', role: 'worker' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No such visit.' },
    });
    const broken = { ...handlers, 'visits.amend': async () => Promise.reject(new TypeError('boom')) };
    expect(await dispatch(broken, 'visits.amend', amend, { workerId: 'w7', role: 'worker' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
    expect(await dispatch(handlers, 'visits.erase' as never, {}, { workerId: 'w7', role: 'worker' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-call' },
    });
    expect(await dispatch(handlers, 'clients.list', {}, { workerId: 'w7', role: 'worker' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-call' },
    });
  });

  it('refuses a call the caller’s role may not make, before looking at its input', async () => {
    const asAdmin = { workerId: 'w7', role: 'admin' } as unknown as { workerId: string; role: 'worker' };
    expect(await dispatch(handlers, 'visits.log', {}, asAdmin)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
