/** The dashboard's period (last day and length), the continuity threshold the supervisor set, and the team's figures. */
import { useState } from 'react';
import { localDate } from '../../../../core/schedule.ts';
import { useWatch } from '../../api/hooks.tsx';

/** The periods offered, in days up to and including the last day. */
export const PERIODS = [1, 7, 14, 30] as const;
const DEFAULT_DAYS = 14;
/** Continuity: from how many distinct staff in 14 days a client is marked; the supervisor can change it (kept here). */
const DEFAULT_MANY_STAFF = 5;
const MANY_STAFF_KEY = 'hemtrygg.dashboard.manyStaff';
export const MANY_STAFF_MIN = 2;
export const MANY_STAFF_MAX = 99;
const storedManyStaff = () => {
  const stored = Number(globalThis.localStorage?.getItem(MANY_STAFF_KEY));
  return Number.isInteger(stored) && stored >= MANY_STAFF_MIN && stored <= MANY_STAFF_MAX ? stored : DEFAULT_MANY_STAFF;
};

export function useDashboard() {
  const today = localDate();
  const [query, setQuery] = useState({ to: today, days: DEFAULT_DAYS });
  const [manyStaff, setManyStaff] = useState(storedManyStaff);
  const result = useWatch('dashboard.team', query);
  return {
    result,
    query,
    today,
    setLastDay: (to: string) => setQuery((q) => ({ ...q, to })),
    setDays: (days: number) => setQuery((q) => ({ ...q, days })),
    manyStaff,
    setManyStaff: (value: number) => {
      setManyStaff(value);
      globalThis.localStorage?.setItem(MANY_STAFF_KEY, String(value));
    },
  };
}
