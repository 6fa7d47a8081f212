/** The log-visit form's state: as typed (saved as a draft while it settles), and signing it. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import type { TodayEntry } from '../../../../core/api.ts';
import { localInstant } from '../../../../core/schedule.ts';
import { SEVERITIES, type DeviationKind, type LogVisitInput, type ObservationKind } from '../../../../core/visits.ts';
import { useApi } from '../../api/hooks.tsx';
import { formatTime } from '../../format.ts';
import { useCall } from '../../kit/index.ts';

export interface VisitForm {
  start: string;
  end: string;
  timer: boolean;
  done: Record<string, boolean>;
  note: string;
  observations: Partial<Record<ObservationKind, string>>;
  deviation: { kind: DeviationKind | ''; severity: string; description: string; followUp: string };
}

/** A time as the 24-hour fields hold it (HH:mm), in Swedish time whatever the language. */
export const clock = (iso: string) => formatTime(iso, 'sv');

type Severity = (typeof SEVERITIES)[number];
const isSeverity = (value: string): value is Severity => (SEVERITIES as readonly string[]).includes(value);

export function useVisitForm(entry: TodayEntry, date: string) {
  const api = useApi();
  // Made once per form, so sending again after a lost answer cannot log the visit twice.
  const id = useMemo(() => uuidv7(), []);
  // A form left half-filled (app closed, battery flat) comes back as it was.
  const saved = entry.draft?.form as Partial<VisitForm> | undefined;
  const [form, setForm] = useState<VisitForm>(() => ({
    start: saved?.start ?? clock(entry.planned.plannedStart),
    end: saved?.end ?? clock(entry.planned.plannedEnd),
    timer: saved?.timer ?? false,
    done: saved?.done ?? Object.fromEntries(entry.planned.tasks.map((task) => [task, true])),
    note: saved?.note ?? '',
    observations: saved?.observations ?? {},
    deviation: saved?.deviation ?? { kind: '', severity: 'medium', description: '', followUp: '' },
  }));
  const [startedAt, setStartedAt] = useState(entry.draft?.startedAt);
  const update = (change: Partial<VisitForm>) => setForm((current) => ({ ...current, ...change }));

  const changed = useRef(false);
  const formKey = JSON.stringify(form);
  useEffect(() => {
    // Saved as typed (settling for a moment), so nothing is lost; merely opening the form saves nothing.
    if (!changed.current) {
      changed.current = true;
      return;
    }
    const timeout = setTimeout(() => {
      void api.call('drafts.save', {
        plannedVisitId: entry.planned.id,
        clientId: entry.client.id,
        ...(startedAt ? { startedAt } : {}),
        form: JSON.parse(formKey) as Record<string, unknown>,
      });
    }, 400);
    return () => clearTimeout(timeout);
  }, [api, entry.planned.id, entry.client.id, startedAt, formKey]);

  const log = useCall('visits.log');
  /** Signs the visit; true when it is stored. */
  async function sign(): Promise<boolean> {
    const { deviation } = form;
    const visit: LogVisitInput = {
      id,
      clientId: entry.client.id,
      plannedVisitId: entry.planned.id,
      serviceType: entry.planned.serviceType,
      location: { address: entry.client.address, village: entry.client.village },
      startedAt: localInstant(date, form.start) ?? form.start,
      endedAt: localInstant(date, form.end) ?? form.end,
      timeSource: form.timer ? 'timer' : 'typed',
      tasks: entry.planned.tasks.map((task) => ({ task, planned: true, done: !!form.done[task] })),
      note: form.note,
      observations: observationsOf(form).map(([kind, text]) => ({ kind, text })),
      deviations: deviation.kind
        ? [
            {
              kind: deviation.kind,
              severity: isSeverity(deviation.severity) ? deviation.severity : 'medium',
              description: deviation.description,
              followUp: deviation.followUp,
            },
          ]
        : [],
    };
    return (await log.run(visit)).ok;
  }

  return {
    form,
    update,
    startNow() {
      const now = new Date().toISOString();
      update({ start: clock(now), timer: true });
      setStartedAt(now);
    },
    endNow: () => update({ end: clock(new Date().toISOString()) }),
    sign,
    busy: log.busy,
    error: log.error,
    fieldErrors: log.fieldErrors,
    discard: () => api.call('drafts.discard', { plannedVisitId: entry.planned.id }),
  };
}

/** The observations ticked, in the order sent (the server's issues point at them by that index). */
export function observationsOf(form: Pick<VisitForm, 'observations'>): [ObservationKind, string][] {
  return Object.entries(form.observations).flatMap(([kind, text]) =>
    text === undefined ? [] : [[kind as ObservationKind, text]],
  );
}
