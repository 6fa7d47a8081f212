/**
 * The design tokens, mirrored from tokens.css (a test checks the two agree) so tests can compute contrast. Screens use
 * the CSS custom properties (`var(--color-text)`), never a colour or size of their own.
 */

/** Colours by their CSS name without the `--color-` prefix. */
export const colors = {
  page: '#fafaf7',
  surface: '#ffffff',
  'surface-sunken': '#f1f3f6',
  text: '#1a1a1a',
  muted: '#555555',
  /** Outlines of fields and controls: a UI part, so at least 3:1 against the surface. */
  border: '#767676',
  /** Dividers between rows: decoration, no contrast needed. */
  'border-subtle': '#d0d0d0',
  accent: '#0b5394',
  'accent-strong': '#083d6e',
  'on-accent': '#ffffff',
  focus: '#0b5394',
  danger: '#a11212',
  'danger-strong': '#7d0e0e',
  'on-danger': '#ffffff',
  'ok-bg': '#e3f1e5',
  'ok-fg': '#1e4d26',
  'warn-bg': '#fff4d6',
  'warn-fg': '#5c3a00',
  'danger-bg': '#fde8e8',
  'danger-fg': '#8b1a1a',
  'info-bg': '#e8eef5',
  'info-fg': '#0b3d6e',
  'neutral-bg': '#ececec',
  'neutral-fg': '#333333',
} as const;
export type ColorToken = keyof typeof colors;

export const TONES = ['ok', 'warn', 'danger', 'info', 'neutral'] as const;
export type Tone = (typeof TONES)[number];

/** Spacing scale (`--space-N`), in rem of the 18 px root. */
export const space = { 1: '0.25rem', 2: '0.5rem', 3: '0.75rem', 4: '1rem', 5: '1.5rem', 6: '2rem', 7: '3rem' } as const;

/** Type scale (`--text-*`). */
export const text = {
  xs: '0.8rem',
  sm: '0.9rem',
  md: '1rem',
  lg: '1.2rem',
  xl: '1.5rem',
  '2xl': '1.9rem',
} as const;

/** Corner radii (`--radius-*`). */
export const radius = { sm: '4px', md: '6px', lg: '10px', pill: '999px' } as const;

/** Sizes that are rules, not taste (`--focus-*`, `--target-*`): WCAG 2.2 focus visibility and target size. */
export const sizes = {
  'focus-width': '3px',
  'focus-offset': '2px',
  /** The least a pointer target may be (WCAG 2.2 AA 2.5.8). */
  'target-min': '24px',
  /** Rows of radios, checkboxes and toggles: big enough for a gloved or shaky hand. */
  'target-row': '44px',
} as const;

type Use = 'text' | 'ui';
/** Every foreground/background pair the kit and the shell draw; `ui` pairs are borders, focus rings and icons. */
export const contrastPairs: readonly (readonly [fg: ColorToken, bg: ColorToken, use: Use])[] = [
  ['text', 'page', 'text'],
  ['text', 'surface', 'text'],
  ['text', 'surface-sunken', 'text'],
  ['muted', 'page', 'text'],
  ['muted', 'surface', 'text'],
  ['muted', 'surface-sunken', 'text'],
  ['accent', 'page', 'text'],
  ['accent', 'surface', 'text'],
  ['danger', 'page', 'text'],
  ['danger', 'surface', 'text'],
  ['on-accent', 'accent', 'text'],
  ['on-accent', 'accent-strong', 'text'],
  ['on-danger', 'danger', 'text'],
  ['on-danger', 'danger-strong', 'text'],
  ...TONES.map((tone) => [`${tone}-fg`, `${tone}-bg`, 'text'] as const),
  ...TONES.map((tone) => [`${tone}-fg`, 'surface', 'text'] as const),
  ['border', 'surface', 'ui'],
  ['border', 'page', 'ui'],
  ['border', 'surface-sunken', 'ui'],
  ['focus', 'surface', 'ui'],
  ['focus', 'page', 'ui'],
  ['focus', 'surface-sunken', 'ui'],
  ['accent', 'surface', 'ui'],
  ['danger', 'surface', 'ui'],
];

/** The least contrast WCAG 2.2 AA asks: 4.5:1 for normal text (1.4.3), 3:1 for UI parts and focus (1.4.11). */
export const minimumContrast: Record<Use, number> = { text: 4.5, ui: 3 };

/** Relative luminance of an sRGB colour written #rrggbb (WCAG 2.2's definition). */
export function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Every token as the CSS custom property tokens.css declares, for the test that keeps the two files equal. */
export function cssCustomProperties(): Record<string, string> {
  const entries: [string, string][] = [
    ...Object.entries(colors).map(([name, value]): [string, string] => [`--color-${name}`, value]),
    ...Object.entries(space).map(([name, value]): [string, string] => [`--space-${name}`, value]),
    ...Object.entries(text).map(([name, value]): [string, string] => [`--text-${name}`, value]),
    ...Object.entries(radius).map(([name, value]): [string, string] => [`--radius-${name}`, value]),
    ...Object.entries(sizes).map(([name, value]): [string, string] => [`--${name}`, value]),
  ];
  return Object.fromEntries(entries);
}
