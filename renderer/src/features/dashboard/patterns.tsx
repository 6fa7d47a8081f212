/**
 * The chart's series told apart by pattern as well as colour (WCAG 1.4.1): solid, stripes, cross-hatch and dots, so
 * "done" and "missed" differ in greyscale and to colour-blind eyes. Each colour is at least 3:1 against white.
 */
export const SERIES = ['planned', 'done', 'missed', 'late'] as const;
export type Series = (typeof SERIES)[number];

const COLOURS: Record<Series, string> = { planned: '#4f6f99', done: '#1e6b2e', missed: '#a11212', late: '#9a5200' };
export const DEVIATION_COLOUR = '#6b3fa0';

export const patternFill = (series: Series, idPrefix: string) => `url(#${idPrefix}-${series})`;

/** The patterns, as SVG defs: put once inside each chart (and each legend swatch) that uses them. */
export function SeriesPatterns({ idPrefix }: { idPrefix: string }) {
  const pattern = (series: Series, marks: React.ReactNode) => (
    <pattern id={`${idPrefix}-${series}`} width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" fill={series === 'planned' ? COLOURS.planned : '#ffffff'} />
      {marks}
    </pattern>
  );
  const c = COLOURS;
  return (
    <defs>
      {pattern('planned', null)}
      {pattern('done', <path d="M-2 10 10 -2M-2 2 2 -2M6 10 10 6" stroke={c.done} strokeWidth="3" />)}
      {pattern(
        'missed',
        <>
          <rect width="8" height="8" fill={c.missed} opacity="0.35" />
          <path d="M0 0 8 8M8 0 0 8" stroke={c.missed} strokeWidth="2" />
        </>,
      )}
      {pattern(
        'late',
        <>
          <rect width="8" height="8" fill={c.late} opacity="0.25" />
          <circle cx="4" cy="4" r="2.2" fill={c.late} />
        </>,
      )}
    </defs>
  );
}

/** A legend swatch: the same pattern, with a border in the series' colour. */
export function Swatch({ series, idPrefix }: { series: Series; idPrefix: string }) {
  return (
    <svg width="18" height="18" aria-hidden="true">
      <SeriesPatterns idPrefix={`${idPrefix}-swatch`} />
      <rect
        x="1"
        y="1"
        width="16"
        height="16"
        fill={patternFill(series, `${idPrefix}-swatch`)}
        stroke={COLOURS[series]}
        strokeWidth="2"
      />
    </svg>
  );
}

export const seriesColour = (series: Series) => COLOURS[series];
