import { useId, type ReactNode } from 'react';

/** A region of a screen under its own heading (a landmark screen readers can jump to), with actions beside it. */
export function Section({
  title,
  level = 2,
  actions,
  children,
  className,
}: {
  title: ReactNode;
  level?: 2 | 3;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={id} className={['kit-section', className].filter(Boolean).join(' ')}>
      <div className="kit-section-head">
        <Heading id={id}>{title}</Heading>
        {actions && <div className="kit-section-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
