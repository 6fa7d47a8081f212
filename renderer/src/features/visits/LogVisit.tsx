/**
 * Logging a visit, offline: times (typed, or taken with the start and stop buttons), the planned tasks done or not,
 * a note, observations and a deviation. Signing stores it for good; a correction later is an amendment.
 */
import { TZDate } from '@date-fns/tz';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, ApiIssue, TodayEntry } from '../../../../core/api.ts';
import { TIME_ZONE } from '../../../../core/schedule.ts';
import {
  DEVIATION_KINDS,
  OBSERVATION_KINDS,
  SEVERITIES,
  type DeviationKind,
  type LogVisitInput,
  type ObservationKind,
} from '../../../../core/visits.ts';
import { useApi } from '../../api/hooks.tsx';
import { errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';

const clock = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** A Swedish wall-clock time on `date` as an instant, or undefined when not a time. */
function instant(date: string, time: string): string | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(
    new TZDate(year, month - 1, day, Number(match[1]), Number(match[2]), TIME_ZONE).getTime(),
  ).toISOString();
}

interface FormState {
  start: string;
  end: string;
  timer: boolean;
  done: Record<string, boolean>;
  note: string;
  observations: Partial<Record<ObservationKind, string>>;
  deviation: { kind: DeviationKind | ''; severity: string; description: string; followUp: string };
}

export function LogVisit({ entry, date, onDone }: { entry: TodayEntry; date: string; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  // Made once per form, so sending again after a lost answer cannot log the visit twice.
  const id = useMemo(() => uuidv7(), []);
  // A form left half-filled (app closed, battery flat) comes back as it was.
  const saved = entry.draft?.form as Partial<FormState> | undefined;
  const [start, setStart] = useState(saved?.start ?? clock(entry.planned.plannedStart));
  const [end, setEnd] = useState(saved?.end ?? clock(entry.planned.plannedEnd));
  const [timer, setTimer] = useState(saved?.timer ?? false);
  const [startedAt, setStartedAt] = useState(entry.draft?.startedAt);
  const [done, setDone] = useState<Record<string, boolean>>(
    saved?.done ?? Object.fromEntries(entry.planned.tasks.map((task) => [task, true])),
  );
  const [note, setNote] = useState(saved?.note ?? '');
  const [observations, setObservations] = useState<Partial<Record<ObservationKind, string>>>(saved?.observations ?? {});
  const [deviation, setDeviation] = useState<FormState['deviation']>(
    saved?.deviation ?? { kind: '', severity: 'medium', description: '', followUp: '' },
  );
  const changed = useRef(false);
  const form: FormState = { start, end, timer, done, note, observations, deviation };
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
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const now = () => clock(new Date().toISOString());
  const issueFor = (path: string): ApiIssue | undefined => error?.issues?.find((issue) => issue.path === path);
  const fieldError = (path: string, elementId: string) => {
    const issue = issueFor(path);
    return issue ? (
      <span className="error" id={`${elementId}-error`}>
        {t(issue.message)}
      </span>
    ) : null;
  };
  const described = (path: string, elementId: string) =>
    issueFor(path) ? { 'aria-invalid': true, 'aria-describedby': `${elementId}-error` } : {};

  async function sign(event: FormEvent) {
    event.preventDefault();
    const visit: LogVisitInput = {
      id,
      clientId: entry.client.id,
      plannedVisitId: entry.planned.id,
      serviceType: entry.planned.serviceType,
      location: { address: entry.client.address, village: entry.client.village },
      startedAt: instant(date, start) ?? start,
      endedAt: instant(date, end) ?? end,
      timeSource: timer ? 'timer' : 'typed',
      tasks: entry.planned.tasks.map((task) => ({ task, planned: true, done: !!done[task] })),
      note,
      observations: Object.entries(observations)
        .filter(([, text]) => text !== undefined)
        .map(([kind, text]) => ({ kind: kind as ObservationKind, text: text ?? '' })),
      deviations: deviation.kind
        ? [{ ...deviation, kind: deviation.kind, severity: deviation.severity as (typeof SEVERITIES)[number] }]
        : [],
    };
    setBusy(true);
    const result = await api.call('visits.log', visit);
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  }

  const who = `${entry.client.givenName} ${entry.client.familyName}`;
  return (
    <section aria-labelledby="log-title">
      <ScreenHeading id="log-title">{t('visit.title', { who })}</ScreenHeading>
      <p className="subtle">
        {entry.client.address}, {entry.client.village} · {t(`service.${entry.planned.serviceType}`)}
      </p>
      {entry.draft && (
        <p className="notice" role="status">
          {t('visit.restored', { time: clock(entry.draft.savedAt) })}
        </p>
      )}
      <form onSubmit={sign} noValidate className="form">
        {error && (
          <p role="alert" className="error">
            {t('visit.notSigned')} {errorText(t, error)}
          </p>
        )}
        <fieldset>
          <legend>{t('visit.times')}</legend>
          <div className="row">
            <label htmlFor="start">{t('visit.start')}</label>
            <input
              id="start"
              inputMode="numeric"
              value={start}
              onChange={(e) => setStart(e.target.value)}
              {...described('startedAt', 'start')}
            />
            <button
              type="button"
              onClick={() => {
                setStart(now());
                setTimer(true);
                setStartedAt(new Date().toISOString());
              }}
            >
              {t('visit.startNow')}
            </button>
            {fieldError('startedAt', 'start')}
          </div>
          <div className="row">
            <label htmlFor="end">{t('visit.end')}</label>
            <input
              id="end"
              inputMode="numeric"
              value={end}
              onChange={(e) => setEnd(e.target.value)}
              {...described('endedAt', 'end')}
            />
            <button type="button" onClick={() => setEnd(now())}>
              {t('visit.endNow')}
            </button>
            {fieldError('endedAt', 'end')}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('visit.tasks')}</legend>
          {entry.planned.tasks.map((task) => (
            <label key={task} className="check">
              <input
                type="checkbox"
                checked={!!done[task]}
                onChange={(e) => setDone({ ...done, [task]: e.target.checked })}
              />
              {t(`task.${task}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="note">{t('visit.note')}</label>
        <textarea
          id="note"
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...described('note', 'note')}
        />
        {fieldError('note', 'note')}
        <fieldset>
          <legend>{t('visit.observations')}</legend>
          {OBSERVATION_KINDS.map((kind) => (
            <div key={kind}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={observations[kind] !== undefined}
                  onChange={(e) => {
                    if (e.target.checked) setObservations({ ...observations, [kind]: '' });
                    else setObservations(Object.fromEntries(Object.entries(observations).filter(([k]) => k !== kind)));
                  }}
                />
                {t(`observation.${kind}`)}
              </label>
              {observations[kind] !== undefined && (
                <>
                  <label htmlFor={`observation-${kind}`} className="visually-hidden">
                    {t('visit.observationText', { kind: t(`observation.${kind}`) })}
                  </label>
                  <input
                    id={`observation-${kind}`}
                    value={observations[kind]}
                    onChange={(e) => setObservations({ ...observations, [kind]: e.target.value })}
                    {...described(
                      `observations.${Object.keys(observations).indexOf(kind)}.text`,
                      `observation-${kind}`,
                    )}
                  />
                  {fieldError(`observations.${Object.keys(observations).indexOf(kind)}.text`, `observation-${kind}`)}
                </>
              )}
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('visit.deviation')}</legend>
          <label htmlFor="deviation-kind">{t('visit.deviationKind')}</label>
          <select
            id="deviation-kind"
            value={deviation.kind}
            onChange={(e) => setDeviation({ ...deviation, kind: e.target.value as DeviationKind | '' })}
          >
            <option value="">{t('visit.noDeviation')}</option>
            {DEVIATION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`deviation.${kind}`)}
              </option>
            ))}
          </select>
          {deviation.kind && (
            <>
              <label htmlFor="deviation-severity">{t('visit.severity')}</label>
              <select
                id="deviation-severity"
                value={deviation.severity}
                onChange={(e) => setDeviation({ ...deviation, severity: e.target.value })}
              >
                {SEVERITIES.map((severity) => (
                  <option key={severity} value={severity}>
                    {t(`severity.${severity}`)}
                  </option>
                ))}
              </select>
              <label htmlFor="deviation-description">{t('visit.deviationDescription')}</label>
              <textarea
                id="deviation-description"
                rows={2}
                value={deviation.description}
                onChange={(e) => setDeviation({ ...deviation, description: e.target.value })}
                {...described('deviations.0.description', 'deviation-description')}
              />
              {fieldError('deviations.0.description', 'deviation-description')}
              <label htmlFor="deviation-followup">{t('visit.followUp')}</label>
              <textarea
                id="deviation-followup"
                rows={2}
                value={deviation.followUp}
                onChange={(e) => setDeviation({ ...deviation, followUp: e.target.value })}
                {...described('deviations.0.followUp', 'deviation-followup')}
              />
              {fieldError('deviations.0.followUp', 'deviation-followup')}
            </>
          )}
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('visit.sign')}
          </button>
          <button type="button" onClick={onDone}>
            {t('visit.later')}
          </button>
          {entry.draft && (
            <button
              type="button"
              onClick={() => void api.call('drafts.discard', { plannedVisitId: entry.planned.id }).then(onDone)}
            >
              {t('visit.discard')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
