/**
 * Staff continuity: how many different staff a client met during the last 14 days, the standard Swedish quality
 * measure for home care (fewer is better).
 */
export const CONTINUITY_DAYS = 14;

export interface VisitByWorker {
  readonly clientId: string;
  readonly workerId: string;
  /** ISO date-time the visit started. */
  readonly startedAt: string;
}

/** Distinct workers per client among visits that started in the `days` up to and including `now`. */
export function staffContinuity(
  visits: Iterable<VisitByWorker>,
  now: Date,
  days: number = CONTINUITY_DAYS,
): Map<string, number> {
  const end = now.getTime();
  const start = end - days * 24 * 60 * 60 * 1000;
  const workers = new Map<string, Set<string>>();
  for (const visit of visits) {
    const at = Date.parse(visit.startedAt);
    if (!(at > start && at <= end)) continue;
    let seen = workers.get(visit.clientId);
    if (!seen) workers.set(visit.clientId, (seen = new Set()));
    seen.add(visit.workerId);
  }
  return new Map([...workers].map(([clientId, seen]) => [clientId, seen.size]));
}
