/**
 * One client's loneliness and isolation, followed over time: the latest risk level with its reasons, when the next
 * screening is due (and why), the scores as a small chart with a table beside it, every screening signed, the actions
 * and referrals with what came of them, and the loneliness signs noted on visits. A screening starts (or resumes) here.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError } from '../../../../core/api.ts';
import { localDate } from '../../../../core/schedule.ts';
import {
  ACTION_KINDS,
  ACTION_OUTCOMES,
  type ActionKind,
  type ActionOutcome,
  type ActionWithOutcomes,
  type AssessedScreening,
} from '../../../../core/wellbeing.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { Screening } from './Screening.tsx';
import { LevelBadge, reasonText, RiskSummary, scoreText, Sources } from './wording.tsx';

const noon = (date: string) => `${date}T12:00:00Z`;
/** Line colours, at least 3:1 against white; the legend and the table say which is which. */
const COLOURS = { ucla3: '#a11212', lsns6: '#1e5a99' };

export function ClientWellbeing({ clientId, onBack }: { clientId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const page = useWatch('wellbeing.forClient', { clientId });
  const [screening, setScreening] = useState(false);
  const [justSigned, setJustSigned] = useState(false);

  if (page && !page.ok) return <ErrorMessage error={page.error} />;
  if (!page) return null;
  const { client, followUp, names, draft } = page.value;
  const who = `${client.givenName} ${client.familyName}`;
  const staff = (id: string) => names[id] ?? id;
  const language = i18n.language;

  if (screening) {
    return (
      <Screening
        client={client}
        draft={draft}
        onDone={(signed) => {
          setScreening(false);
          setJustSigned(signed !== undefined);
        }}
      />
    );
  }

  const { latest, due } = followUp;
  const today = localDate();
  return (
    <section aria-labelledby="wellbeing-title" className="wellbeing">
      <button type="button" className="link" onClick={onBack}>
        {t('wellbeing.back')}
      </button>
      <ScreenHeading id="wellbeing-title">{t('wellbeing.title', { who })}</ScreenHeading>
      {justSigned && (
        <p className="notice" role="status">
          {t('wellbeing.signed')}
        </p>
      )}

      <h2>{t('wellbeing.now')}</h2>
      {latest ? (
        <>
          <p className="subtle">
            {t('wellbeing.screenedBy', {
              when: formatDate(latest.screening.createdAt, language),
              who: staff(latest.screening.authorId),
            })}
          </p>
          <RiskSummary level={latest.assessment.level} reasons={latest.assessment.reasons} />
        </>
      ) : (
        <p>{t('wellbeing.neverScreened')}</p>
      )}
      <p className={due.on < today ? 'due overdue' : 'due'}>
        <strong>{t('wellbeing.nextScreening')}:</strong>{' '}
        {due.reason === 'never'
          ? t('wellbeing.dueNow')
          : t(`wellbeing.due.${due.reason}`, { date: formatDate(noon(due.on), language) })}
        {due.on < today && due.reason !== 'never' && <> · {t('wellbeing.overdue')}</>}
      </p>
      <p>
        <button type="button" onClick={() => setScreening(true)}>
          {draft ? t('wellbeing.continueScreening') : t('wellbeing.startScreening')}
        </button>
      </p>

      {followUp.screenings.length > 1 && <Trend screenings={followUp.screenings} />}

      <Actions clientId={clientId} actions={followUp.actions} latestId={latest?.screening.id} staff={staff} />

      <h2>{t('wellbeing.signsTitle')}</h2>
      <p className="subtle">{t('wellbeing.signsExplain')}</p>
      {followUp.signs.length === 0 ? (
        <p>{t('wellbeing.noSigns')}</p>
      ) : (
        <ul>
          {followUp.signs.slice(0, 20).map((sign) => (
            <li key={`${sign.visitId}-${sign.text}`}>
              {formatDate(sign.at, language)} · {staff(sign.workerId)}: {sign.text}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('wellbeing.historyTitle')}</h2>
      {followUp.screenings.length === 0 ? (
        <p>{t('wellbeing.noScreenings')}</p>
      ) : (
        <ol className="history">
          {followUp.screenings.map(({ screening: s, assessment }) => (
            <li key={s.id} className="entry">
              <h3>
                {formatDate(s.createdAt, language)} · {staff(s.authorId)} · <LevelBadge level={assessment.level} />
              </h3>
              <p>
                {t('wellbeing.ucla3')} {scoreText(t, assessment.ucla3)} · {t('wellbeing.direct')}:{' '}
                {t(`screening.answer.direct.${s.answers.direct}`)} · {t('wellbeing.lsns6')}{' '}
                {scoreText(t, assessment.lsns6)}
              </p>
              {assessment.reasons.length > 0 && (
                <p>
                  {t('wellbeing.because')} {assessment.reasons.map((r) => reasonText(t, r)).join(', ')}.
                </p>
              )}
              {s.note && <p>{s.note}</p>}
            </li>
          ))}
        </ol>
      )}
      <Sources />
    </section>
  );
}

/** UCLA-3 and LSNS-6 over time, with a table of the same figures as the text alternative. */
function Trend({ screenings }: { screenings: readonly AssessedScreening[] }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const rows = useMemo(
    () =>
      [...screenings].reverse().map(({ screening, assessment }) => ({
        id: screening.id,
        label: formatDate(screening.createdAt, i18n.language),
        // A score left open by declined answers is not drawn as if it were known.
        ucla3: assessment.ucla3.total ?? null,
        lsns6: assessment.lsns6.total ?? null,
        ucla3Text: scoreText(t, assessment.ucla3),
        lsns6Text: scoreText(t, assessment.lsns6),
      })),
    [screenings, t, i18n.language],
  );
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('wellbeing.trendTitle')}</h2>
      <p className="subtle">{t('wellbeing.trendExplain')}</p>
      <figure aria-labelledby={headingId}>
        <div className="chart" role="img" aria-label={t('wellbeing.trendChart', { count: rows.length })}>
          <LineChart width={560} height={220} data={rows} accessibilityLayer={false} margin={{ top: 10, right: 20 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval="preserveStartEnd" />
            <YAxis yAxisId="ucla" domain={[3, 9]} ticks={[3, 6, 9]} width={32} />
            <YAxis yAxisId="lsns" orientation="right" domain={[0, 30]} ticks={[0, 12, 30]} width={32} />
            <Tooltip />
            <Line
              yAxisId="ucla"
              dataKey="ucla3"
              name={t('wellbeing.ucla3')}
              stroke={COLOURS.ucla3}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line
              yAxisId="lsns"
              dataKey="lsns6"
              name={t('wellbeing.lsns6')}
              stroke={COLOURS.lsns6}
              strokeWidth={2}
              strokeDasharray="6 3"
              isAnimationActive={false}
            />
          </LineChart>
          <ul className="legend">
            {(['ucla3', 'lsns6'] as const).map((key) => (
              <li key={key}>
                <svg width="14" height="14" aria-hidden="true">
                  <rect width="14" height="14" fill={COLOURS[key]} />
                </svg>{' '}
                {t(`wellbeing.${key}Axis`)}
              </li>
            ))}
          </ul>
        </div>
        <table>
          <caption>{t('wellbeing.trendCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('wellbeing.date')}</th>
              <th scope="col" className="num">
                {t('wellbeing.ucla3')}
              </th>
              <th scope="col" className="num">
                {t('wellbeing.lsns6')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.label}</th>
                <td className="num">{row.ucla3Text}</td>
                <td className="num">{row.lsns6Text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
    </section>
  );
}

/** Actions and referrals: what was done, and what came of it; a new one, and an outcome for an open one. */
function Actions({
  clientId,
  actions,
  latestId,
  staff,
}: {
  clientId: string;
  actions: readonly ActionWithOutcomes[];
  latestId: string | undefined;
  staff: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [kind, setKind] = useState<ActionKind | ''>('');
  const [note, setNote] = useState('');
  const [id, setId] = useState(() => uuidv7());
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.call('wellbeing.addAction', {
      id,
      clientId,
      action: kind as ActionKind,
      note,
      ...(latestId ? { screeningId: latestId } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setKind('');
    setNote('');
    setId(uuidv7());
  }
  const issue = (path: string) => error?.issues?.find((i) => i.path === path);
  const formId = useId();

  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('wellbeing.actionsTitle')}</h2>
      {actions.length === 0 ? (
        <p>{t('wellbeing.noActions')}</p>
      ) : (
        <ul className="actions-list">
          {actions.map((a) => (
            <li key={a.action.id}>
              <p>
                <strong>{t(`wellbeing.action.${a.action.action}`)}</strong> ·{' '}
                {formatDate(a.action.createdAt, i18n.language)} · {staff(a.action.authorId)}
                {' · '}
                <span className={a.open ? 'tag' : 'tag closed'}>
                  {a.outcome ? t(`wellbeing.outcome.${a.outcome}`) : t('wellbeing.noOutcome')}
                </span>
              </p>
              {a.action.note && <p>{a.action.note}</p>}
              {a.outcomes.length > 0 && (
                <ul className="subtle">
                  {a.outcomes.map((o) => (
                    <li key={o.id}>
                      {formatDateTime(o.createdAt, i18n.language)} · {staff(o.authorId)}:{' '}
                      {t(`wellbeing.outcome.${o.outcome}`)}
                      {o.note && ` — ${o.note}`}
                    </li>
                  ))}
                </ul>
              )}
              {a.open && <OutcomeForm actionId={a.action.id} label={t(`wellbeing.action.${a.action.action}`)} />}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate className="form action-form">
        <h3>{t('wellbeing.newAction')}</h3>
        <div className="field">
          <label htmlFor={`${formId}-kind`}>{t('wellbeing.actionKind')}</label>
          <select
            id={`${formId}-kind`}
            value={kind}
            onChange={(event) => setKind(event.target.value as ActionKind | '')}
            aria-invalid={issue('action') ? true : undefined}
            aria-describedby={issue('action') ? 'action-kind-error' : undefined}
          >
            <option value="">{t('wellbeing.chooseAction')}</option>
            {ACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`wellbeing.action.${k}`)}
              </option>
            ))}
          </select>
          {issue('action') && (
            <span className="error" id="action-kind-error">
              {t(issue('action')?.message ?? '')}
            </span>
          )}
        </div>
        <label className="field">
          {t('wellbeing.actionNote')}
          <textarea
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            aria-invalid={issue('note') ? true : undefined}
            aria-describedby={issue('note') ? 'action-note-error' : undefined}
          />
        </label>
        {issue('note') && (
          <span className="error" id="action-note-error">
            {t(issue('note')?.message ?? '')}
          </span>
        )}
        {error && !error.issues?.length && (
          <p role="alert" className="error">
            {errorText(t, error)}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('wellbeing.addAction')}
          </button>
        </div>
      </form>
    </section>
  );
}

function OutcomeForm({ actionId, label }: { actionId: string; label: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [outcome, setOutcome] = useState<ActionOutcome | ''>('');
  const [note, setNote] = useState('');
  const [id, setId] = useState(() => uuidv7());
  const [error, setError] = useState<ApiError>();
  const formId = useId();
  async function record(event: FormEvent) {
    event.preventDefault();
    const result = await api.call('wellbeing.recordOutcome', { id, actionId, outcome: outcome as ActionOutcome, note });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setOutcome('');
    setNote('');
    setId(uuidv7());
  }
  return (
    <form onSubmit={record} noValidate className="outcome-form">
      <div className="field">
        <label htmlFor={`${formId}-outcome`}>{t('wellbeing.outcomeFor', { action: label })}</label>
        <select
          id={`${formId}-outcome`}
          value={outcome}
          onChange={(event) => setOutcome(event.target.value as ActionOutcome | '')}
        >
          <option value="">{t('wellbeing.chooseOutcome')}</option>
          {ACTION_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`wellbeing.outcome.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="field">
        {t('wellbeing.outcomeNote', { action: label })}
        <input type="text" maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit" aria-label={t('wellbeing.recordOutcomeFor', { action: label })}>
        {t('wellbeing.recordOutcome')}
      </button>
      {error && (
        <p role="alert" className="error">
          {errorText(t, error)}
        </p>
      )}
    </form>
  );
}
