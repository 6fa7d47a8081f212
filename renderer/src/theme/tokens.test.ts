import { describe, expect, it } from 'vitest';
import { colors, contrastPairs, contrastRatio, cssCustomProperties, minimumContrast } from './tokens.ts';

/**
 * Vitest hands CSS files (even `?raw`) to tests as empty text, and the renderer may not import Node's modules, so the
 * test reads the file through the running Node's own fs: tests run in Node, the app never does this.
 */
type ReadFile = (url: URL, encoding: 'utf8') => string;
const { readFileSync } = (
  globalThis as unknown as { process: { getBuiltinModule(name: 'fs'): { readFileSync: ReadFile } } }
).process.getBuiltinModule('fs');
const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');

describe('design tokens', () => {
  it('tokens.css declares exactly what tokens.ts says', () => {
    const declared = Object.fromEntries(
      [...css.matchAll(/(--(?:color|space|text|radius|focus|target)-[\w-]+):\s*([^;]+);/g)]
        .filter((match) => !match[2]!.startsWith('var('))
        .map((match) => [match[1]!, match[2]!.trim()]),
    );
    expect(declared).toEqual(cssCustomProperties());
  });

  it.each(contrastPairs.map(([fg, bg, use]) => [fg, bg, use, minimumContrast[use]] as const))(
    '%s on %s (%s) reaches %s:1',
    (fg, bg, _use, minimum) => {
      expect(contrastRatio(colors[fg], colors[bg])).toBeGreaterThanOrEqual(minimum);
    },
  );

  it('computes contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });
});
