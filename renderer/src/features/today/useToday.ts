import { useEffect, useState } from 'react';
import { localDate } from '../../../../core/schedule.ts';
import { useWatch } from '../../api/hooks.tsx';

/** The day's visits, watched, and the time of day they are grouped by (moved on each minute, so "now" moves too). */
export function useToday() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const tick = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(tick);
  }, []);
  const date = localDate(now);
  const day = useWatch('visits.today', { date });
  return { date, day, now };
}
