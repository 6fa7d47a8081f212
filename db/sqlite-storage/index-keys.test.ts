import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedKey } from './index-keys.ts';

const unit = fc.oneof(
  fc.constantFrom('\u0000', '\t', ' ', 'a', 'ä', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '😀', '𐀀'),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
);

describe('orderedKey', () => {
  it('sorts bytes exactly as JavaScript sorts the strings, lone surrogates and all', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit, maxLength: 12 }), (a, b) => {
        const bytes = Math.sign(Buffer.compare(orderedKey(a), orderedKey(b)));
        expect(bytes).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 5000 },
    );
  });

  it('is plain UTF-8 for text without surrogates', () => {
    expect(orderedKey('Hörnefors 12')).toEqual(Buffer.from('Hörnefors 12', 'utf8'));
    expect(orderedKey('😀')).toEqual(Buffer.from([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]));
  });
});
