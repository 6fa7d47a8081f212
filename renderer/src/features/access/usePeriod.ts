/** A period of local dates, either end optional, and what is wrong with it (an i18n key) when something is. */
import { useState } from 'react';

export function usePeriod() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const problem = from && to && from > to ? 'validation.toBeforeFrom' : undefined;
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return { from, setFrom, to, setTo, problem, range };
}

export type Period = ReturnType<typeof usePeriod>;
