import { useEffect, useState } from 'react';
import type { DrillView } from '../../../../../core/api.ts';
import { drillElapsedMs } from '../../../../../core/drills.ts';

/** Time since the start on the server's clock, ticking while the drill runs; once ended, how long it ran. */
export function useElapsed(view: DrillView): number {
  const ended = view.state.ended !== undefined;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ended]);
  return drillElapsedMs(view.state, now - view.clockOffsetMs);
}
