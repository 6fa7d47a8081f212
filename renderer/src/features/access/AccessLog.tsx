/**
 * The access log, for supervisors and administrators: who has read a client's record (a client may ask), and a random
 * sample of the team's log to check that every look had a reason in the work (Swedish rules ask for regular checks).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRow, ApiError, ClientSummary } from '../../../../core/api.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDateTime } from '../../format.ts';
import { downloadFile, toCsv } from '../review/csv.ts';
import { localDate } from '../../../../core/schedule.ts';

const SAMPLE_MAX = 200;
const DEFAULT_SAMPLE = 20;

/** A valid calendar date (YYYY-MM-DD), or empty (no limit). */
const isDateOrEmpty = (text: string) =>
  text === '' || (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T12:00:00Z`)));
/** The laptop's id is long: its start tells laptops apart on screen; the CSV keeps it whole. */
const shortDevice = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);
const csvDateTime = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));

export function AccessLog() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="access-title">
      <ScreenHeading id="access-title">{t('access.title')}</ScreenHeading>
      <WhoRead />
      <Sample />
    </section>
  );
}

/** A period of local dates, either end optional; a problem with it, as an i18n key, when there is one. */
function usePeriod() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const problem =
    !isDateOrEmpty(from) || !isDateOrEmpty(to)
      ? 'validation.date'
      : from && to && from > to
        ? 'validation.toBeforeFrom'
        : undefined;
  return { from, setFrom, to, setTo, problem };
}

function PeriodFields({ idPrefix, period }: { idPrefix: string; period: ReturnType<typeof usePeriod> }) {
  const { t } = useTranslation();
  const errorId = `${idPrefix}-period-error`;
  const invalid = period.problem !== undefined;
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-from`}>{t('access.from')}</label>
        <input
          id={`${idPrefix}-from`}
          type="date"
          value={period.from}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(event) => period.setFrom(event.target.value)}
        />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-to`}>{t('access.to')}</label>
        <input
          id={`${idPrefix}-to`}
          type="date"
          value={period.to}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(event) => period.setTo(event.target.value)}
        />
      </div>
      {period.problem && (
        <p id={errorId} role="alert" className="error">
          {t(period.problem)}
        </p>
      )}
    </>
  );
}

/** Part 1: everyone who opened one client's record, newest first. */
function WhoRead() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<ClientSummary>();
  const period = usePeriod();
  const clients = useWatch('clients.list', { search });
  const list = clients?.ok ? clients.value : [];
  // The chosen client stays in the list while a search shows others.
  const options = chosen && !list.some((c) => c.id === chosen.id) ? [chosen, ...list] : list;

  return (
    <section aria-labelledby="access-who-title" className="access-part">
      <h2 id="access-who-title">{t('access.whoTitle')}</h2>
      <p>{t('access.whoExplain')}</p>
      <form className="access-form" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="access-search">{t('access.search')}</label>
          <input
            id="access-search"
            type="search"
            value={search}
            autoComplete="off"
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor="access-client">{t('access.client')}</label>
          <select
            id="access-client"
            value={chosen?.id ?? ''}
            onChange={(event) => setChosen(options.find((c) => c.id === event.target.value))}
          >
            <option value="">{t('access.chooseClient', { count: list.length })}</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.familyName}, {c.givenName} ({c.village})
              </option>
            ))}
          </select>
        </div>
        <PeriodFields idPrefix="access-who" period={period} />
      </form>
      {clients && !clients.ok && <ErrorMessage error={clients.error} />}
      {!chosen && <p className="subtle">{t('access.chooseFirst')}</p>}
      {chosen && !period.problem && (
        <ClientAccess
          key={chosen.id}
          clientId={chosen.id}
          name={`${chosen.givenName} ${chosen.familyName}`}
          from={period.from}
          to={period.to}
        />
      )}
    </section>
  );
}

/** Who opened this client's record, live: a look taken while the screen is open appears in the list. */
function ClientAccess({ clientId, name, from, to }: { clientId: string; name: string; from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const rows = useWatch('access.forClient', { clientId, ...(from ? { from } : {}), ...(to ? { to } : {}) });
  if (rows && !rows.ok) return <ErrorMessage error={rows.error} />;
  if (!rows) return <p role="status">{t('access.loading')}</p>;
  const entries = rows.value;
  const exportRows = () =>
    downloadFile(
      `hemtrygg-atkomst-${fileSafe(name)}-${localDate()}.csv`,
      'text/csv;charset=utf-8',
      accessCsv(t, entries),
    );
  return (
    <>
      <div className="section-head">
        <p role="status">{t('access.count', { count: entries.length, name })}</p>
        {entries.length > 0 && (
          <button type="button" onClick={exportRows} aria-label={`${t('access.export')}: ${t('access.whoTitle')}`}>
            {t('access.export')}
          </button>
        )}
      </div>
      {entries.length > 0 && (
        <table>
          <caption>{t('access.whoCaption', { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('access.when')}</th>
              <th scope="col">{t('access.who')}</th>
              <th scope="col">{t('access.what')}</th>
              <th scope="col">{t('access.device')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((row) => (
              <tr key={row.id}>
                <th scope="row">{formatDateTime(row.at, i18n.language)}</th>
                <td>{row.userName}</td>
                <td>{t(`access.kind.${row.what}`)}</td>
                <td>
                  <Device id={row.deviceId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A name as part of a file name: lower case, dashes, no å/ä/ö (some file shares still stumble on them). */
const fileSafe = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Part 2: a random sample of the team's log, drawn anew each time. */
function Sample() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [size, setSize] = useState(String(DEFAULT_SAMPLE));
  const period = usePeriod();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [sizeProblem, setSizeProblem] = useState<string>();
  const [drawn, setDrawn] = useState<{ rows: AccessRow[]; at: string; asked: number }>();

  const draw = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = Number(size);
    const problem = !Number.isInteger(wanted) || wanted < 1 || wanted > SAMPLE_MAX ? 'access.sizeRange' : undefined;
    setSizeProblem(problem);
    if (problem || period.problem) return;
    setBusy(true);
    setError(undefined);
    const result = await api.call('access.sample', {
      size: wanted,
      ...(period.from ? { from: period.from } : {}),
      ...(period.to ? { to: period.to } : {}),
    });
    setBusy(false);
    if (result.ok) setDrawn({ rows: result.value, at: new Date().toISOString(), asked: wanted });
    else setError(result.error);
  };

  const exportSample = () => {
    if (!drawn) return;
    downloadFile(
      `hemtrygg-stickprov-${csvDateTime(drawn.at).slice(0, 16).replace(' ', '-').replace(':', '')}.csv`,
      'text/csv;charset=utf-8',
      accessCsv(t, drawn.rows),
    );
  };

  return (
    <section aria-labelledby="access-sample-title" className="access-part">
      <h2 id="access-sample-title">{t('access.sampleTitle')}</h2>
      <p>{t('access.sampleExplain')}</p>
      <form className="access-form" onSubmit={(event) => void draw(event)} noValidate>
        <div>
          <label htmlFor="access-size">{t('access.size')}</label>
          <input
            id="access-size"
            type="number"
            inputMode="numeric"
            min={1}
            max={SAMPLE_MAX}
            value={size}
            aria-invalid={sizeProblem !== undefined}
            aria-describedby={sizeProblem ? 'access-size-error' : undefined}
            onChange={(event) => setSize(event.target.value)}
          />
          {sizeProblem && (
            <p id="access-size-error" role="alert" className="error">
              {t(sizeProblem, { max: SAMPLE_MAX })}
            </p>
          )}
        </div>
        <PeriodFields idPrefix="access-sample" period={period} />
        <div className="form-submit">
          <button type="submit" disabled={busy}>
            {t('access.draw')}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      <p role="status">
        {busy
          ? t('access.drawing')
          : drawn
            ? t('access.drawn', { count: drawn.rows.length, when: formatDateTime(drawn.at, i18n.language) })
            : ''}
      </p>
      {drawn && drawn.rows.length < drawn.asked && drawn.rows.length > 0 && (
        <p className="subtle">{t('access.fewer', { count: drawn.rows.length })}</p>
      )}
      {drawn && drawn.rows.length > 0 && (
        <>
          <div className="section-head">
            <button
              type="button"
              onClick={exportSample}
              aria-label={`${t('access.export')}: ${t('access.sampleTitle')}`}
            >
              {t('access.export')}
            </button>
          </div>
          <table>
            <caption>{t('access.sampleCaption', { when: formatDateTime(drawn.at, i18n.language) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('access.when')}</th>
                <th scope="col">{t('access.who')}</th>
                <th scope="col">{t('access.client')}</th>
                <th scope="col">{t('access.what')}</th>
                <th scope="col">{t('access.device')}</th>
              </tr>
            </thead>
            <tbody>
              {drawn.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{formatDateTime(row.at, i18n.language)}</th>
                  <td>{row.userName}</td>
                  <td>{row.clientName}</td>
                  <td>{t(`access.kind.${row.what}`)}</td>
                  <td>
                    <Device id={row.deviceId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Device({ id }: { id: string | undefined }) {
  const { t } = useTranslation();
  if (!id) return <span className="subtle">{t('access.noDevice')}</span>;
  return <code title={id}>{shortDevice(id)}</code>;
}

/** The rows as CSV: whole ids, so the record of a check says exactly which entry and which laptop. */
function accessCsv(t: (key: string) => string, rows: readonly AccessRow[]): string {
  return toCsv(
    [t('access.when'), t('access.who'), t('access.client'), t('access.what'), t('access.device'), t('access.entryId')],
    rows.map((row) => [
      csvDateTime(row.at),
      row.userName,
      row.clientName,
      t(`access.kind.${row.what}`),
      row.deviceId ?? '',
      row.id,
    ]),
  );
}
