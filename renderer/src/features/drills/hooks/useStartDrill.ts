import { useMemo, useState } from 'react';
import type { ClientOnTheDay } from '../../../../../core/api.ts';
import {
  proposeScope,
  type DrillMode,
  type EXERCISE_TYPES,
  type ScopeEntry,
  type ScopeOverrides,
} from '../../../../../core/drills.ts';
import type { Hazard } from '../../../../../core/preparedness.ts';
import { useWatch } from '../../../api/hooks.tsx';
import { useCall } from '../../../kit/index.ts';
import { TIME_ZONE } from '../../../../../core/schedule.ts';

export type ExerciseType = (typeof EXERCISE_TYPES)[number];
export type ScopeRow = ScopeEntry & { readonly client: ClientOnTheDay | undefined };

/** The time of day now in Sweden, HH:mm. */
const localTime = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(date);

/** Today's date in Sweden at HH:mm, as an instant; undefined when the time cannot be read. */
function todayAt(time: string): string | undefined {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(new Date());
  const local = new Date(`${today}T${time}:00`);
  return Number.isNaN(local.getTime()) ? undefined : local.toISOString();
}

/**
 * The start form's state: the scenario, who takes part, and the clients in scope as core's `proposeScope` proposes
 * them from the hazard's priority list, with the supervisor's changes on top.
 */
export function useStartDrill(id: string) {
  const [mode, setMode] = useState<DrillMode>('exercise');
  const [exerciseType, setExerciseType] = useState<ExerciseType>('functional');
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  const [villages, setVillages] = useState<string[]>([]);
  const [onlyHigh, setOnlyHigh] = useState(true);
  const [time, setTime] = useState(() => localTime(new Date()));
  // Left as it was, the drill starts when the button is pressed, to the second (the field shows minutes only).
  const [timeEdited, setTimeEdited] = useState(false);
  const [workers, setWorkers] = useState<string[]>([]);
  const [overrides, setOverrides] = useState<ScopeOverrides>({});
  const priority = useWatch('preparedness.priority', { hazard, villages });
  const staff = useWatch('drills.staff', {});
  const start = useCall('drills.start');

  const scope = useMemo((): ScopeRow[] => {
    if (!priority?.ok) return [];
    const clients = new Map(priority.value.rows.map((row) => [row.client.id, row.client]));
    const candidates = priority.value.rows.map((row) => ({ clientId: row.client.id, needs: row.needs }));
    return proposeScope(candidates, workers, overrides, onlyHigh).map((entry) => ({
      ...entry,
      client: clients.get(entry.clientId),
    }));
  }, [priority, overrides, onlyHigh, workers]);

  const override = (clientId: string, change: { high?: boolean; workerId?: string }) =>
    setOverrides((o) => ({ ...o, [clientId]: { ...o[clientId], ...change } }));

  const submit = () =>
    start.run({
      id,
      mode,
      ...(mode === 'exercise' ? { exerciseType } : {}),
      hazard,
      villages,
      startsAt: timeEdited ? (todayAt(time) ?? time) : new Date().toISOString(),
      scope: scope.map(({ clientId, high, workerId }) => ({ clientId, high, ...(workerId ? { workerId } : {}) })),
      workers,
    });

  return {
    mode,
    setMode,
    exerciseType,
    setExerciseType,
    hazard,
    setHazard,
    villages,
    setVillages,
    allVillages: priority?.ok ? priority.value.villages : [],
    onlyHigh,
    setOnlyHigh,
    time,
    setTime: (value: string) => {
      setTime(value);
      setTimeEdited(true);
    },
    workers,
    setWorkers,
    staff: staff?.ok ? staff.value : [],
    scope,
    override,
    submit,
    start,
  };
}
