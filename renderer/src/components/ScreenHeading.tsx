import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A screen's main heading. It takes focus when the screen appears, so keyboard and screen-reader users start there
 * after sign-in, lock or navigation instead of being left on an element that no longer exists.
 */
export function ScreenHeading({ id, children }: { id?: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
