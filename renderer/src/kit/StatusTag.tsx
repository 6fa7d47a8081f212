import type { ReactNode } from 'react';
import type { Tone } from '../theme/tokens.ts';

/** One shape per tone, so a tag reads the same in greyscale and to colour-blind eyes. */
const icons: Record<Tone, ReactNode> = {
  ok: <polyline points="3.5 8.5 6.5 11.5 12.5 4.5" fill="none" stroke="currentColor" strokeWidth="2.2" />,
  warn: (
    <>
      <path d="M8 1.5 15 14.5H1Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      <path d="M8 6v4M8 11.5v1.2" stroke="currentColor" strokeWidth="1.8" />
    </>
  ),
  danger: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="currentColor" strokeWidth="1.8" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 7v4.5M8 4.3v1.4" stroke="currentColor" strokeWidth="1.8" />
    </>
  ),
  neutral: <circle cx="8" cy="8" r="3" fill="currentColor" />,
};

/** A state as tone, icon and word together: colour is never the only signal. */
export function StatusTag({ tone, children, className }: { tone: Tone; children: ReactNode; className?: string }) {
  return (
    <span className={['kit-tag', `kit-tone-${tone}`, className].filter(Boolean).join(' ')}>
      <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" className="kit-tag-icon">
        {icons[tone]}
      </svg>
      {children}
    </span>
  );
}
