/**
 * Drills and incidents: the list (the running ones first), and for a supervisor the form that starts one — scenario,
 * exercise or real incident, villages, start time, who takes part, which clients are in scope in priority order, which
 * of them count as high priority, and who contacts whom.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, DrillSummary } from '../../../../core/api.ts';
import { DRILL_MODES, EXERCISE_TYPES, proposeScope, type DrillMode, type ScopeEntry } from '../../../../core/drills.ts';
import { HAZARDS, type Hazard } from '../../../../core/preparedness.ts';
import { useApi, useSession, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { VillagePicker } from '../../components/VillagePicker.tsx';
import { formatDateTime } from '../../format.ts';
import { duration } from './duration.ts';

export function Drills({ onOpen }: { onOpen: (drillId: string) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const list = useWatch('drills.list', {});
  const [starting, setStarting] = useState(false);
  if (list && !list.ok) return <ErrorMessage error={list.error} />;
  const running = list?.ok ? list.value.filter((d) => !d.ended) : [];
  const ended = list?.ok ? list.value.filter((d) => d.ended) : [];
  const row = (d: DrillSummary) => (
    <li key={d.drill.id}>
      <span className={`drill-mode drill-${d.drill.mode}`}>{t(`drills.mode.${d.drill.mode}`)}</span>{' '}
      <button type="button" className="link" onClick={() => onOpen(d.drill.id)}>
        {t(`preparedness.hazard.${d.drill.hazard}`)} – {d.drill.villages.join(', ') || t('preparedness.allVillages')}
      </button>{' '}
      · {formatDateTime(d.drill.startsAt, i18n.language)} ·{' '}
      {t('drills.accountedShort', { done: d.accountedHigh, of: d.highCount })}
      {d.to100 !== undefined && <> · {t('drills.allIn', { time: duration(t, d.to100) })}</>}
      {session?.role !== 'supervisor' && <> · {t('drills.mine', { count: d.mine })}</>}
    </li>
  );
  return (
    <section aria-labelledby="drills-title" className="drills">
      <ScreenHeading id="drills-title">{t('drills.title')}</ScreenHeading>
      {session?.role === 'supervisor' &&
        (starting ? (
          <StartDrill
            onStarted={(id) => {
              setStarting(false);
              onOpen(id);
            }}
            onCancel={() => setStarting(false)}
          />
        ) : (
          <p>
            <button type="button" onClick={() => setStarting(true)}>
              {t('drills.start')}
            </button>
          </p>
        ))}
      <h2>{t('drills.running')}</h2>
      {running.length === 0 ? <p>{t('drills.noneRunning')}</p> : <ul>{running.map(row)}</ul>}
      <h2>{t('drills.ended')}</h2>
      {ended.length === 0 ? <p>{t('drills.noneEnded')}</p> : <ul>{ended.map(row)}</ul>}
    </section>
  );
}

const localTime = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(date);

function StartDrill({ onStarted, onCancel }: { onStarted: (id: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id] = useState(() => uuidv7());
  const [mode, setMode] = useState<DrillMode>('exercise');
  const [exerciseType, setExerciseType] = useState<(typeof EXERCISE_TYPES)[number]>('functional');
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  const [villages, setVillages] = useState<string[]>([]);
  const [onlyHigh, setOnlyHigh] = useState(true);
  const [time, setTime] = useState(() => localTime(new Date()));
  // Left as it was: the drill starts when the button is pressed, to the second (the field shows minutes only).
  const [timeEdited, setTimeEdited] = useState(false);
  const [workers, setWorkers] = useState<string[]>([]);
  const [overrides, setOverrides] = useState<Record<string, { high?: boolean; workerId?: string }>>({});
  const [error, setError] = useState<ApiError>();
  const priority = useWatch('preparedness.priority', { hazard, villages });
  const staff = useWatch('staff.names', {});
  const names = staff?.ok ? staff.value : {};

  /** The clients in scope in priority order (core/drills.ts `proposeScope`), with names for the table. */
  const scope = useMemo((): (ScopeEntry & { name: string; village: string })[] => {
    if (!priority?.ok) return [];
    const clients = new Map(priority.value.rows.map((row) => [row.client.id, row.client]));
    const candidates = priority.value.rows.map((row) => ({ clientId: row.client.id, needs: row.needs }));
    return proposeScope(candidates, workers, overrides, onlyHigh).map((entry) => {
      const client = clients.get(entry.clientId);
      return {
        ...entry,
        name: client ? `${client.givenName} ${client.familyName}` : '',
        village: client?.village ?? '',
      };
    });
  }, [priority, overrides, onlyHigh, workers]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const [hours, minutes] = time.split(':').map(Number) as [number, number];
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const local = new Date(`${today}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00`);
    const result = await api.call('drills.start', {
      id,
      mode,
      ...(mode === 'exercise' ? { exerciseType } : {}),
      hazard,
      villages,
      startsAt: !timeEdited ? new Date().toISOString() : Number.isNaN(local.getTime()) ? time : local.toISOString(),
      scope: scope.map(({ clientId, high, workerId }) => ({ clientId, high, ...(workerId ? { workerId } : {}) })),
      workers,
    });
    if (result.ok) onStarted(result.value.id);
    else setError(result.error);
  }
  const issue = (path: string) => error?.issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`));

  return (
    <form className="form start-drill" onSubmit={submit} noValidate aria-labelledby="start-drill-title">
      <h2 id="start-drill-title">{t('drills.start')}</h2>
      <fieldset>
        <legend>{t('drills.modeLegend')}</legend>
        {DRILL_MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
            {t(`drills.modeChoice.${m}`)}
          </label>
        ))}
      </fieldset>
      {mode === 'exercise' && (
        <div className="field">
          <label htmlFor="exercise-type">{t('drills.exerciseType')}</label>
          <select
            id="exercise-type"
            value={exerciseType}
            onChange={(event) => setExerciseType(event.target.value as (typeof EXERCISE_TYPES)[number])}
          >
            {EXERCISE_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`drills.type.${type}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="drill-hazard">{t('preparedness.hazardLabel')}</label>
        <select id="drill-hazard" value={hazard} onChange={(event) => setHazard(event.target.value as Hazard)}>
          {HAZARDS.map((h) => (
            <option key={h} value={h}>
              {t(`preparedness.hazard.${h}`)}
            </option>
          ))}
        </select>
      </div>
      {priority?.ok && <VillagePicker villages={priority.value.villages} chosen={villages} onChange={setVillages} />}
      <div className="field">
        <label htmlFor="drill-start">{t('drills.startTime')}</label>
        <input
          id="drill-start"
          type="time"
          value={time}
          onChange={(event) => {
            setTime(event.target.value);
            setTimeEdited(true);
          }}
        />
      </div>
      <fieldset aria-describedby={issue('workers') ? 'workers-error' : undefined}>
        <legend>{t('drills.workers')}</legend>
        {Object.entries(names)
          .sort((a, b) => a[1].localeCompare(b[1], 'sv'))
          .map(([userId, name]) => (
            <label key={userId} className="check">
              <input
                type="checkbox"
                checked={workers.includes(userId)}
                onChange={() =>
                  setWorkers((w) => (w.includes(userId) ? w.filter((x) => x !== userId) : [...w, userId]))
                }
              />
              {name}
            </label>
          ))}
        {issue('workers') && (
          <span className="error" id="workers-error">
            {t(issue('workers')?.message ?? '')}
          </span>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={onlyHigh} onChange={() => setOnlyHigh((v) => !v)} />
        {t('drills.onlyHigh')}
      </label>
      <table aria-labelledby="scope-title">
        <caption id="scope-title">{t('drills.scope', { count: scope.length })}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('preparedness.client')}</th>
            <th scope="col">{t('drills.high')}</th>
            <th scope="col">{t('drills.contactedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {scope.map((s, index) => (
            <tr key={s.clientId}>
              <td className="num">{index + 1}</td>
              <th scope="row">
                {s.name} <span className="subtle">· {s.village}</span>
              </th>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('drills.highFor', { name: s.name })}
                  checked={s.high}
                  onChange={() => setOverrides((o) => ({ ...o, [s.clientId]: { ...o[s.clientId], high: !s.high } }))}
                />
              </td>
              <td>
                <select
                  aria-label={t('drills.contactedByFor', { name: s.name })}
                  value={s.workerId ?? ''}
                  onChange={(event) =>
                    setOverrides((o) => ({ ...o, [s.clientId]: { ...o[s.clientId], workerId: event.target.value } }))
                  }
                >
                  <option value="">{t('drills.unassigned')}</option>
                  {workers.map((w) => (
                    <option key={w} value={w}>
                      {names[w] ?? w}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p role="alert" className="error">
          {t(`drills.notStarted.${mode}`)} {errorText(t, error)}
        </p>
      )}
      <div className="actions">
        <button type="submit">{mode === 'exercise' ? t('drills.startExercise') : t('drills.startIncident')}</button>
        <button type="button" className="link" onClick={onCancel}>
          {t('preparedness.cancel')}
        </button>
      </div>
    </form>
  );
}
