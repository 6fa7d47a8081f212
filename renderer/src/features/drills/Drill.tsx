/**
 * One drill or incident. Marked as an exercise or as real everywhere. A worker sees her clients to account for in
 * priority order, with phone, address, access and aids, and records each: reached by phone or visit (and how they
 * are), or not reached (with attempts), and checklist gaps found — offline too. The supervisor sees the live board
 * (accounted for, not yet, needs help; per worker and village; elapsed time; unassigned clients), reassigns, ends the
 * drill with lessons and actions, and reads the after-action report with its timeline, which prints.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, DrillView } from '../../../../core/api.ts';
import { OUTCOMES, STATES, type ClientStatus, type ContactOutcome } from '../../../../core/drills.ts';
import { useApi, useSession, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { usePrint } from '../../components/usePrint.ts';
import { formatDateTime } from '../../format.ts';
import { itemText } from '../preparedness/wording.ts';
import { duration } from './duration.ts';

type Part = 'mine' | 'board' | 'report';

export function Drill({ drillId, onBack }: { drillId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const view = useWatch('drills.get', { drillId });
  const supervisor = session?.role === 'supervisor';
  const [part, setPart] = useState<Part>(supervisor ? 'board' : 'mine');
  if (view && !view.ok) return <ErrorMessage error={view.error} />;
  if (!view) return null;
  const { state } = view.value;
  const { drill } = state;
  const parts: Part[] = supervisor ? ['board', 'mine', 'report'] : ['mine', 'report'];
  return (
    <section aria-labelledby="drill-title" className={`drill drill-${drill.mode}`}>
      <button type="button" className="link no-print" onClick={onBack}>
        {t('drills.back')}
      </button>
      <p className={`drill-banner drill-banner-${drill.mode}`} role="note">
        {t(`drills.bannerText.${drill.mode}`)}
      </p>
      <ScreenHeading id="drill-title">
        {t(`preparedness.hazard.${drill.hazard}`)} – {drill.villages.join(', ') || t('preparedness.allVillages')}
      </ScreenHeading>
      <p className="subtle">
        {drill.exerciseType ? `${t(`drills.type.${drill.exerciseType}`)} · ` : ''}
        {t('drills.startedAt', { when: formatDateTime(drill.startsAt, i18n.language) })}
        {state.ended && ` · ${t('drills.endedAt', { when: formatDateTime(state.ended.createdAt, i18n.language) })}`}
      </p>
      <div className="no-print part-switch" role="group" aria-label={t('preparedness.parts')}>
        {parts.map((p) => (
          <button key={p} type="button" aria-pressed={part === p} onClick={() => setPart(p)}>
            {t(`drills.part.${p}`)}
          </button>
        ))}
      </div>
      {part === 'mine' && <Mine view={view.value} userId={session?.userId ?? ''} />}
      {part === 'board' && <Board view={view.value} />}
      {part === 'report' && <Report view={view.value} />}
    </section>
  );
}

const name = (view: DrillView, clientId: string) => {
  const c = view.clients[clientId];
  return c ? `${c.givenName} ${c.familyName}` : clientId;
};

function statusText(t: (key: string) => string, status: ClientStatus['status']) {
  return t(`drills.status.${status}`);
}

/** The worker's own clients, in priority order, each with the form to account for them. */
function Mine({ view, userId }: { view: DrillView; userId: string }) {
  const { t } = useTranslation();
  const mine = view.state.clients.filter((c) => c.workerId === userId);
  const mode = view.state.drill.mode;
  if (mine.length === 0) return <p>{t(`drills.noneMine.${mode}`)}</p>;
  return (
    <>
      {view.state.ended && (
        <p className="notice" role="status">
          {t(`drills.endedNotice.${mode}`)}
        </p>
      )}
      <ol className="drill-clients">
        {mine.map((status) => {
          const client = view.clients[status.clientId];
          return (
            <li key={status.clientId} className={`drill-client status-${status.status}`}>
              <h2>
                {name(view, status.clientId)}{' '}
                <span className={`tag drill-status-${status.status}`}>{statusText(t, status.status)}</span>
                {status.high && <span className="tag">{t('drills.high')}</span>}
              </h2>
              {client && (
                <p>
                  {client.address}, {client.village}
                  {client.phone && ` · ${t('preparedness.phone')}: ${client.phone}`}
                  {client.accessNotes && ` · ${t('preparedness.access')}: ${client.accessNotes}`}
                  {client.directions && (
                    <>
                      <br />
                      <span className="subtle">{client.directions}</span>
                    </>
                  )}
                  {client.aids.map((a) => (
                    <span key={a.aidId}>
                      <br />
                      {t(`preparedness.device.${a.device}`)}:{' '}
                      {a.batteryHours === undefined
                        ? t('preparedness.noBattery')
                        : t('preparedness.battery', { count: a.batteryHours })}
                      ; {a.backupRoutine}
                    </span>
                  ))}
                </p>
              )}
              <EntryForm view={view} clientId={status.clientId} who={name(view, status.clientId)} />
            </li>
          );
        })}
      </ol>
    </>
  );
}

function EntryForm({ view, clientId, who }: { view: DrillView; clientId: string; who: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id, setId] = useState(() => uuidv7());
  const [outcome, setOutcome] = useState<ContactOutcome>();
  const [state, setState] = useState<(typeof STATES)[number]>();
  const [attempts, setAttempts] = useState('1');
  const [gaps, setGaps] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const issue = (path: string) => error?.issues?.find((i) => i.path === path);
  const prefix = `entry-${clientId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!outcome) {
      setError({ code: 'invalid-input', message: '', issues: [{ path: 'outcome', message: 'validation.choose' }] });
      return;
    }
    const result = await api.call('drills.record', {
      id,
      drillId: view.state.drill.id,
      clientId,
      outcome,
      attempts: Number(attempts) || 1,
      ...(outcome !== 'notReached' && state ? { state } : {}),
      gaps,
      note,
    });
    if (!result.ok) {
      setError(result.error);
      setSaved(false);
      return;
    }
    setError(undefined);
    setSaved(true);
    setId(uuidv7());
    setOutcome(undefined);
    setState(undefined);
    setAttempts('1');
    setGaps([]);
    setNote('');
  }
  return (
    <form className="form entry-form" onSubmit={submit} noValidate aria-label={t('drills.entryFor', { who })}>
      <fieldset aria-describedby={issue('outcome') ? `${prefix}-outcome-error` : undefined}>
        <legend>{t('drills.outcomeLegend', { who })}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="check">
            <input type="radio" name={`${prefix}-outcome`} checked={outcome === o} onChange={() => setOutcome(o)} />
            {t(`drills.outcome.${o}`)}
          </label>
        ))}
        {issue('outcome') && (
          <span className="error" id={`${prefix}-outcome-error`}>
            {t(issue('outcome')?.message ?? '')}
          </span>
        )}
      </fieldset>
      {outcome && outcome !== 'notReached' && (
        <fieldset aria-describedby={issue('state') ? `${prefix}-state-error` : undefined}>
          <legend>{t('drills.stateLegend', { who })}</legend>
          {STATES.map((s) => (
            <label key={s} className="check">
              <input type="radio" name={`${prefix}-state`} checked={state === s} onChange={() => setState(s)} />
              {t(`drills.state.${s}`)}
            </label>
          ))}
          {issue('state') && (
            <span className="error" id={`${prefix}-state-error`}>
              {t(issue('state')?.message ?? '')}
            </span>
          )}
        </fieldset>
      )}
      {outcome === 'notReached' && (
        <div className="field">
          <label htmlFor={`${prefix}-attempts`}>{t('drills.attempts')}</label>
          <input
            id={`${prefix}-attempts`}
            type="number"
            min={1}
            max={99}
            value={attempts}
            onChange={(event) => setAttempts(event.target.value)}
          />
        </div>
      )}
      <details>
        <summary>{t('drills.gapsLegend')}</summary>
        <fieldset>
          <legend className="visually-hidden">{t('drills.gapsLegend')}</legend>
          {view.items.map((item) => (
            <label key={item.id} className="check">
              <input
                type="checkbox"
                checked={gaps.includes(item.id)}
                onChange={() =>
                  setGaps((g) => (g.includes(item.id) ? g.filter((x) => x !== item.id) : [...g, item.id]))
                }
              />
              {itemText(t, item)}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="field">
        <label htmlFor={`${prefix}-note`}>{t('drills.note')}</label>
        <input id={`${prefix}-note`} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      {error && (
        <p role="alert" className="error">
          {t('drills.notSaved')} {errorText(t, error)}
        </p>
      )}
      <p role="status" className={saved ? 'saved' : 'visually-hidden'}>
        {saved ? t('drills.saved', { who }) : ''}
      </p>
      <button type="submit">{t('drills.record', { who })}</button>
    </form>
  );
}

/** Time since the start on the server's clock, ticking. */
function useElapsed(view: DrillView): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const end = view.state.ended ? Date.parse(view.state.ended.createdAt) - view.state.ended.clockOffsetMs : undefined;
  const start = Date.parse(view.state.drill.startsAt) - view.state.drill.clockOffsetMs;
  return (end ?? tick - view.clockOffsetMs) - start;
}

function Board({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const elapsed = useElapsed(view);
  const { clients } = view.state;
  const count = (list: readonly ClientStatus[]) => ({
    accounted: list.filter((c) => c.accountedAfterMs !== undefined).length,
    open: list.filter((c) => c.accountedAfterMs === undefined).length,
    help: list.filter((c) => c.status === 'needsHelp' || c.status === 'urgent').length,
  });
  const total = count(clients);
  const byWorker = Map.groupBy(clients, (c) => c.workerId ?? '');
  const byVillage = Map.groupBy(clients, (c) => view.clients[c.clientId]?.village ?? '');
  const unassigned = clients.filter((c) => c.workerId === undefined);
  const group = (title: string, groups: Map<string, ClientStatus[]>, label: (key: string) => string) => (
    <table>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col" className="num">
            {t('drills.accounted')}
          </th>
          <th scope="col" className="num">
            {t('drills.notYet')}
          </th>
          <th scope="col" className="num">
            {t('drills.needsHelp')}
          </th>
        </tr>
      </thead>
      <tbody>
        {[...groups].map(([key, list]) => {
          const c = count(list);
          return (
            <tr key={key}>
              <th scope="row">{label(key)}</th>
              <td className="num">{c.accounted}</td>
              <td className="num">{c.open}</td>
              <td className="num">{c.help}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  return (
    <>
      <dl className="figures board-figures">
        <div>
          <dt>{t('drills.elapsed')}</dt>
          <dd>
            <span className="figure">{duration(t, elapsed)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('drills.accounted')}</dt>
          <dd>
            <span className="figure">
              {total.accounted} / {clients.length}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('drills.notYet')}</dt>
          <dd>
            <span className="figure">{total.open}</span>
          </dd>
        </div>
        <div>
          <dt>{t('drills.needsHelp')}</dt>
          <dd>
            <span className="figure">{total.help}</span>
          </dd>
        </div>
      </dl>
      {unassigned.length > 0 && (
        <p className="notice unassigned" role="status">
          {t('drills.unassignedWarning', { count: unassigned.length })}
        </p>
      )}
      {group(t('drills.perWorker'), byWorker, (key) => (key ? (view.names[key] ?? key) : t('drills.unassigned')))}
      {group(t('drills.perVillage'), byVillage, (key) => key)}
      <table>
        <caption>{t('drills.clientsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('preparedness.client')}</th>
            <th scope="col">{t('drills.statusLabel')}</th>
            <th scope="col">{t('drills.contactedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((c, index) => (
            <tr key={c.clientId} className={c.workerId === undefined ? 'unassigned-row' : undefined}>
              <td className="num">{index + 1}</td>
              <th scope="row">
                {name(view, c.clientId)} {c.high && <span className="tag">{t('drills.high')}</span>}
              </th>
              <td>
                {statusText(t, c.status)}
                {c.accountedAfterMs !== undefined && ` · ${duration(t, c.accountedAfterMs)}`}
                {c.last?.note && ` · ${c.last.note}`}
              </td>
              <td>
                <Reassign view={view} status={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!view.state.ended && <EndDrill view={view} />}
    </>
  );
}

/** Who contacts a client, changed by choosing and pressing the button (not on every arrow key). */
function Reassign({ view, status }: { view: DrillView; status: ClientStatus }) {
  const { t } = useTranslation();
  const api = useApi();
  const [choice, setChoice] = useState(status.workerId ?? '');
  const [error, setError] = useState<ApiError>();
  const who = name(view, status.clientId);
  const staff = [...new Set([...view.state.drill.workers, ...Object.keys(view.names)])];
  async function move() {
    if (!choice || choice === status.workerId) return;
    const result = await api.call('drills.reassign', {
      id: uuidv7(),
      drillId: view.state.drill.id,
      clientId: status.clientId,
      workerId: choice,
    });
    setError(result.ok ? undefined : result.error);
  }
  return (
    <div className="reassign">
      {status.workerId ? (view.names[status.workerId] ?? status.workerId) : t('drills.unassigned')}
      {!view.state.ended && (
        <>
          <select
            aria-label={t('drills.contactedByFor', { name: who })}
            value={choice}
            onChange={(event) => setChoice(event.target.value)}
          >
            {!status.workerId && <option value="">{t('drills.unassigned')}</option>}
            {staff.map((w) => (
              <option key={w} value={w}>
                {view.names[w] ?? w}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!choice || choice === status.workerId}
            onClick={() => void move()}
            aria-label={t('drills.moveFor', { name: who })}
          >
            {t('drills.move')}
          </button>
        </>
      )}
      {error && (
        <span role="alert" className="error">
          {errorText(t, error)}
        </span>
      )}
    </div>
  );
}

function EndDrill({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id] = useState(() => uuidv7());
  const [lessons, setLessons] = useState('');
  const [actions, setActions] = useState('');
  const [error, setError] = useState<ApiError>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!window.confirm(t(`drills.endConfirm.${view.state.drill.mode}`))) return;
    const result = await api.call('drills.end', { id, drillId: view.state.drill.id, lessons, actions });
    if (!result.ok) setError(result.error);
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="end-title">
      <h2 id="end-title">{t(`drills.endTitle.${view.state.drill.mode}`)}</h2>
      <div className="field">
        <label htmlFor="lessons">{t('drills.lessons')}</label>
        <textarea id="lessons" rows={3} maxLength={4000} value={lessons} onChange={(e) => setLessons(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="actions">{t('drills.actions')}</label>
        <textarea id="actions" rows={3} maxLength={4000} value={actions} onChange={(e) => setActions(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="error">
          {errorText(t, error)}
        </p>
      )}
      <button type="submit">{t('drills.end')}</button>
    </form>
  );
}

function Report({ view }: { view: DrillView }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { figures, state } = view;
  const { printedAt, print } = usePrint();
  const time = (ms: number | undefined) => (ms === undefined ? t('drills.notReachedYet') : duration(t, ms));
  const itemName = (itemId: string) => {
    const item = view.items.find((i) => i.id === itemId) ?? { id: itemId };
    return itemText(t, item);
  };
  return (
    <div className="report">
      <h2>{t('drills.reportTitle')}</h2>
      <p className="print-only">
        {t('preparedness.printed', { when: formatDateTime(printedAt, i18n.language), who: session?.displayName ?? '' })}
      </p>
      <button type="button" className="no-print" onClick={print}>
        {t('preparedness.print')}
      </button>
      <dl className="figures">
        {(
          [
            ['to50', figures.to50],
            ['to90', figures.to90],
            ['to100', figures.to100],
          ] as const
        ).map(([key, value]) => (
          <div key={key}>
            <dt>{t(`drills.${key}`, { count: figures.highCount })}</dt>
            <dd>
              <span className="figure">{time(value)}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="subtle">{t('drills.timesExplain')}</p>
      <figure aria-labelledby="timeline-title">
        <h3 id="timeline-title">{t('drills.timeline')}</h3>
        <div className="chart" role="img" aria-label={t('drills.timelineChart', { count: figures.highCount })}>
          <LineChart
            width={640}
            height={240}
            data={[...figures.timeline]}
            accessibilityLayer={false}
            margin={{ top: 10, right: 20 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" type="number" domain={[0, 'dataMax']} allowDecimals={false} unit=" min" />
            <YAxis allowDecimals={false} domain={[0, figures.highCount]} width={40} />
            <Tooltip />
            <Line
              type="stepAfter"
              dataKey="accounted"
              name={t('drills.accounted')}
              stroke="#1e5a99"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </LineChart>
        </div>
        <table>
          <caption>{t('drills.timelineCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('drills.minute')}</th>
              <th scope="col" className="num">
                {t('drills.accountedHigh')}
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.timeline.map((point) => (
              <tr key={point.minute}>
                <th scope="row">{point.minute}</th>
                <td className="num">
                  {point.accounted} / {figures.highCount}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <h3>{t('drills.notReachedTitle')}</h3>
      {figures.notReached.length === 0 ? (
        <p>{t('drills.allReached')}</p>
      ) : (
        <ul>
          {figures.notReached.map((c) => (
            <li key={c.clientId}>
              {name(view, c.clientId)}
              {c.last ? ` – ${t('drills.attemptsMade', { count: c.entries.reduce((n, e) => n + e.attempts, 0) })}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('drills.needsTitle')}</h3>
      {figures.needs.length === 0 ? (
        <p>{t('drills.noNeeds')}</p>
      ) : (
        <ul>
          {figures.needs.map((c) => (
            <li key={c.clientId}>
              {name(view, c.clientId)}: {statusText(t, c.status)}
              {c.last?.note && ` – ${c.last.note}`}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('drills.gapsTitle')}</h3>
      {figures.gaps.length === 0 ? (
        <p>{t('drills.noGaps')}</p>
      ) : (
        <ul>
          {figures.gaps.map((g) => (
            <li key={g.itemId}>
              {itemName(g.itemId)}: {t('drills.clientsCount', { count: g.clients })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('drills.lessonsTitle')}</h3>
      {state.ended ? (
        <>
          <p>
            <strong>{t('drills.lessons')}:</strong> {state.ended.lessons || '–'}
          </p>
          <p>
            <strong>{t('drills.actions')}:</strong> {state.ended.actions || '–'}
          </p>
        </>
      ) : (
        <p>{t(`drills.stillRunning.${state.drill.mode}`)}</p>
      )}
      <h3>{t('drills.earlierTitle')}</h3>
      {view.earlier.length === 0 ? (
        <p>{t('drills.noEarlier')}</p>
      ) : (
        <table>
          <caption>{t('drills.earlierCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('drills.when')}</th>
              <th scope="col" className="num">
                {t('drills.highCount')}
              </th>
              <th scope="col" className="num">
                50 %
              </th>
              <th scope="col" className="num">
                90 %
              </th>
              <th scope="col" className="num">
                100 %
              </th>
            </tr>
          </thead>
          <tbody>
            {[
              {
                id: state.drill.id,
                startsAt: state.drill.startsAt,
                highCount: figures.highCount,
                to50: figures.to50,
                to90: figures.to90,
                to100: figures.to100,
                villages: state.drill.villages,
                mode: state.drill.mode,
                current: true,
              },
              ...view.earlier.map((e) => ({ ...e, current: false })),
            ].map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  {formatDateTime(row.startsAt, i18n.language)} (
                  {row.villages.join(', ') || t('preparedness.allVillages')})
                  {row.current && ` – ${t('drills.thisOne')}`}
                </th>
                <td className="num">{row.highCount}</td>
                <td className="num">{time(row.to50)}</td>
                <td className="num">{time(row.to90)}</td>
                <td className="num">{time(row.to100)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
