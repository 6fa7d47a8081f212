/**
 * The supervisor's team at a glance: key figures for a period, visits done against planned per day, deviations by kind,
 * continuity per client, returned visits still open and clients not visited as often as their plan says. Every chart
 * has its data as a table beside it (the text alternative), every table exports as CSV, and the whole screen prints as
 * a clean report ("Save as PDF" in the print dialog).
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { localDate, MISSED_AFTER_MS } from '../../../../core/schedule.ts';
import { LATE_AFTER_MS, type Dashboard as TeamDashboard } from '../../../../core/supervision.ts';
import { useSession, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { usePrint } from '../../components/usePrint.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { downloadFile, toCsv } from '../review/csv.ts';

/** The periods offered, in days up to and including the last day. */
const PERIODS = [1, 7, 14, 30] as const;
const DEFAULT_DAYS = 14;
/** Continuity: from how many distinct staff in 14 days a client is marked; the supervisor can change it (kept here). */
const DEFAULT_MANY_STAFF = 5;
const MANY_STAFF_KEY = 'hemtrygg.dashboard.manyStaff';
const storedManyStaff = () => {
  const stored = Number(globalThis.localStorage?.getItem(MANY_STAFF_KEY));
  return Number.isInteger(stored) && stored >= 2 && stored <= 99 ? stored : DEFAULT_MANY_STAFF;
};

const CHART_WIDTH = 860;
/** Bar colours: each at least 3:1 against white (WCAG 1.4.11); the legend and the table say what each is. */
const COLOURS = { planned: '#4f6f99', done: '#1e6b2e', missed: '#a11212', late: '#9a5200', deviations: '#6b3fa0' };

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T12:00:00Z`));
const locale = (language: string) => (language === 'sv' ? 'sv-SE' : language === 'en' ? 'en-GB' : language);
/** A calendar date (YYYY-MM-DD) as the team reads it; noon UTC is the same date in Sweden. */
const noon = (date: string) => `${date}T12:00:00Z`;
/** For CSV files: the Swedish local date and time, which spreadsheets read as a date (`2026-12-03 14:05`). */
const csvDateTime = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const today = localDate();
  const [toText, setToText] = useState(today);
  const [query, setQuery] = useState({ to: today, days: DEFAULT_DAYS });
  const [manyStaff, setManyStaff] = useState(storedManyStaff);
  const changeManyStaff = (value: number) => {
    setManyStaff(value);
    globalThis.localStorage?.setItem(MANY_STAFF_KEY, String(value));
  };
  const { printedAt, print } = usePrint();
  const result = useWatch('dashboard.team', query);
  const toValid = isDate(toText);

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <ScreenHeading id="dashboard-title">
        <span className="screen-only">{t('dashboard.title')}</span>
        <span className="print-only">{t('report.title')}</span>
      </ScreenHeading>

      <form className="period no-print" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="dashboard-to">{t('dashboard.lastDay')}</label>
          <input
            id="dashboard-to"
            type="date"
            value={toText}
            max="2100-12-31"
            aria-invalid={!toValid}
            aria-describedby={toValid ? undefined : 'dashboard-to-error'}
            onChange={(event) => {
              const value = event.target.value;
              setToText(value);
              if (isDate(value)) setQuery((q) => ({ ...q, to: value }));
            }}
          />
          {!toValid && (
            <p id="dashboard-to-error" role="alert" className="error">
              {t('validation.date')}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="dashboard-days">{t('dashboard.period')}</label>
          <select
            id="dashboard-days"
            value={query.days}
            onChange={(event) => setQuery((q) => ({ ...q, days: Number(event.target.value) }))}
          >
            {PERIODS.map((days) => (
              <option key={days} value={days}>
                {days === 1 ? t('dashboard.oneDay') : t('dashboard.lastDays', { count: days })}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          onClick={() => {
            setToText(today);
            setQuery((q) => ({ ...q, to: today }));
          }}
        >
          {t('dashboard.today')}
        </button>
        <button type="button" className="print-button" onClick={print}>
          {t('report.print')}
        </button>
      </form>

      {result && !result.ok && <ErrorMessage error={result.error} />}
      {!result && <p role="status">{t('dashboard.loading')}</p>}
      {result?.ok && (
        <Report
          data={result.value}
          printedAt={printedAt}
          printedBy={session?.displayName ?? ''}
          manyStaff={manyStaff}
          onManyStaff={changeManyStaff}
          language={i18n.language}
        />
      )}
    </section>
  );
}

interface ReportProps {
  readonly data: TeamDashboard;
  readonly printedAt: string;
  readonly printedBy: string;
  readonly manyStaff: number;
  readonly onManyStaff: (value: number) => void;
  readonly language: string;
}

function Report({ data, printedAt, printedBy, manyStaff, onManyStaff, language }: ReportProps) {
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(locale(language));
  const percent = new Intl.NumberFormat(locale(language), { style: 'percent', maximumFractionDigits: 0 });
  const n = (value: number) => number.format(value);
  const longDate = (date: string) =>
    new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(noon(date)),
    );
  const shortDate = (date: string) =>
    new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(
      new Date(noon(date)),
    );
  const dayCount = data.days.length;
  const period =
    data.from === data.to
      ? longDate(data.to)
      : t('dashboard.periodText', { from: longDate(data.from), to: longDate(data.to), count: dayCount });
  const file = (name: string) => `hemtrygg-oversikt-${name}-${data.to}.csv`;
  const { totals } = data;

  const dayRows = data.days.map((day) => ({ ...day, label: shortDate(day.date) }));
  const deviationRows = data.deviations.map((d) => ({ ...d, label: t(`deviation.${d.kind}`) }));

  const exportDays = () =>
    downloadFile(
      file('besok'),
      'text/csv;charset=utf-8',
      toCsv(
        [
          t('dashboard.date'),
          t('dashboard.planned'),
          t('dashboard.done'),
          t('dashboard.missed'),
          t('dashboard.late'),
          t('dashboard.unplanned'),
        ],
        data.days.map((d) => [d.date, d.planned, d.done, d.missed, d.late, d.unplanned]),
      ),
    );
  const exportDeviations = () =>
    downloadFile(
      file('avvikelser'),
      'text/csv;charset=utf-8',
      toCsv(
        [t('dashboard.deviationKind'), t('dashboard.count')],
        deviationRows.map((d) => [d.label, d.count]),
      ),
    );
  const exportContinuity = () =>
    downloadFile(
      file('kontinuitet'),
      'text/csv;charset=utf-8',
      toCsv(
        [t('dashboard.client'), t('dashboard.village'), t('dashboard.staff14')],
        data.continuity.map((row) => [clientName(row.client), row.client.village, row.staff]),
      ),
    );
  const exportReturns = () =>
    downloadFile(
      file('aterskickade'),
      'text/csv;charset=utf-8',
      toCsv(
        [
          t('dashboard.client'),
          t('dashboard.worker'),
          t('dashboard.visitAt'),
          t('dashboard.returnedAt'),
          t('dashboard.comment'),
        ],
        data.openReturns.map((r) => [
          r.client ? clientName(r.client) : t('dashboard.unknownClient'),
          r.workerName,
          csvDateTime(r.startedAt),
          csvDateTime(r.returnedAt),
          r.comment,
        ]),
      ),
    );
  const exportOverdue = () =>
    downloadFile(
      file('ej-besokta'),
      'text/csv;charset=utf-8',
      toCsv(
        [
          t('dashboard.client'),
          t('dashboard.village'),
          t('dashboard.planGap'),
          t('dashboard.lastVisit'),
          t('dashboard.daysSince'),
        ],
        data.overdue.map((row) => [
          clientName(row.client),
          row.client.village,
          row.planGapDays,
          row.lastVisitAt ? csvDateTime(row.lastVisitAt) : t('dashboard.neverVisited'),
          row.daysSince ?? '',
        ]),
      ),
    );

  const figures: [string, number, string?][] = [
    [t('dashboard.planned'), totals.planned],
    [
      t('dashboard.done'),
      totals.done,
      totals.planned > 0 ? t('dashboard.ofPlanned', { percent: percent.format(totals.done / totals.planned) }) : '',
    ],
    [t('dashboard.missed'), totals.missed],
    [t('dashboard.late'), totals.late],
    [t('dashboard.deviations'), totals.deviations],
    [t('dashboard.openReturns'), totals.openReturns],
  ];

  return (
    <>
      <p className="report-period">
        <strong>{t('report.period')}:</strong> {period}
        <span className="print-only">
          {' · '}
          {t('report.printed', { when: formatDateTime(printedAt, language), who: printedBy })}
        </span>
      </p>

      <h2 id="dashboard-figures">{t('dashboard.figures')}</h2>
      <dl className="figures" aria-labelledby="dashboard-figures">
        {figures.map(([label, value, note]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <span className="figure">{n(value)}</span>
              {note && <span className="subtle"> {note}</span>}
            </dd>
          </div>
        ))}
      </dl>

      <Section
        title={t('dashboard.visitsTitle')}
        onExport={exportDays}
        explain={t('dashboard.visitsExplain', {
          late: LATE_AFTER_MS / 60_000,
          missed: MISSED_AFTER_MS / 60_000,
        })}
      >
        {(headingId) => (
          <figure aria-labelledby={headingId}>
            <div
              className="chart"
              role="img"
              aria-label={t('dashboard.visitsChart', {
                planned: n(totals.planned),
                done: n(totals.done),
                missed: n(totals.missed),
                late: n(totals.late),
              })}
            >
              <BarChart
                width={CHART_WIDTH}
                height={300}
                data={dayRows}
                accessibilityLayer={false}
                margin={{ top: 10, right: 10, bottom: 0, left: 0 }}
              >
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" interval="preserveStartEnd" />
                <YAxis allowDecimals={false} tickFormatter={(value: number) => n(value)} width={48} />
                <Tooltip formatter={(value) => (typeof value === 'number' ? n(value) : value)} />
                <Bar dataKey="planned" name={t('dashboard.planned')} fill={COLOURS.planned} isAnimationActive={false} />
                <Bar dataKey="done" name={t('dashboard.done')} fill={COLOURS.done} isAnimationActive={false} />
                <Bar dataKey="missed" name={t('dashboard.missed')} fill={COLOURS.missed} isAnimationActive={false} />
                <Bar dataKey="late" name={t('dashboard.late')} fill={COLOURS.late} isAnimationActive={false} />
              </BarChart>
              <ul className="legend">
                {(['planned', 'done', 'missed', 'late'] as const).map((key) => (
                  <li key={key}>
                    <svg width="14" height="14" aria-hidden="true">
                      <rect width="14" height="14" fill={COLOURS[key]} />
                    </svg>{' '}
                    {t(`dashboard.${key}`)}
                  </li>
                ))}
              </ul>
            </div>
            <figcaption className="visually-hidden">{t('dashboard.tableBelow')}</figcaption>
            <table>
              <caption>{t('dashboard.visitsCaption', { period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.date')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.planned')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.done')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.missed')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.late')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.unplanned')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.days.map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{formatDate(noon(day.date), language)}</th>
                    <td className="num">{n(day.planned)}</td>
                    <td className="num">{n(day.done)}</td>
                    <td className="num">{n(day.missed)}</td>
                    <td className="num">{n(day.late)}</td>
                    <td className="num">{n(day.unplanned)}</td>
                  </tr>
                ))}
              </tbody>
              {dayCount > 1 && (
                <tfoot>
                  <tr>
                    <th scope="row">{t('dashboard.total')}</th>
                    <td className="num">{n(totals.planned)}</td>
                    <td className="num">{n(totals.done)}</td>
                    <td className="num">{n(totals.missed)}</td>
                    <td className="num">{n(totals.late)}</td>
                    <td className="num">{n(data.days.reduce((sum, d) => sum + d.unplanned, 0))}</td>
                  </tr>
                </tfoot>
              )}
            </table>
          </figure>
        )}
      </Section>

      <Section title={t('dashboard.deviationsTitle')} onExport={exportDeviations}>
        {(headingId) => (
          <figure aria-labelledby={headingId}>
            <div
              className="chart"
              role="img"
              aria-label={t('dashboard.deviationsChart', {
                list: deviationRows.map((d) => `${d.label} ${n(d.count)}`).join(', '),
              })}
            >
              <BarChart
                width={CHART_WIDTH}
                height={60 + 36 * deviationRows.length}
                data={deviationRows}
                layout="vertical"
                accessibilityLayer={false}
                margin={{ top: 10, right: 30, bottom: 0, left: 0 }}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => n(value)} />
                <YAxis type="category" dataKey="label" width={220} />
                <Tooltip formatter={(value) => (typeof value === 'number' ? n(value) : value)} />
                <Bar
                  dataKey="count"
                  name={t('dashboard.count')}
                  fill={COLOURS.deviations}
                  isAnimationActive={false}
                  label={{
                    position: 'right',
                    formatter: (value: unknown) => (typeof value === 'number' ? n(value) : ''),
                  }}
                />
              </BarChart>
            </div>
            <figcaption className="visually-hidden">{t('dashboard.tableBelow')}</figcaption>
            <table>
              <caption>{t('dashboard.deviationsCaption', { period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.deviationKind')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.count')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {deviationRows.map((d) => (
                  <tr key={d.kind}>
                    <th scope="row">{d.label}</th>
                    <td className="num">{n(d.count)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('dashboard.total')}</th>
                  <td className="num">{n(totals.deviations)}</td>
                </tr>
              </tfoot>
            </table>
          </figure>
        )}
      </Section>

      <Section title={t('dashboard.continuityTitle')} onExport={exportContinuity} empty={data.continuity.length === 0}>
        {() => (
          <>
            <div className="no-print threshold">
              <label htmlFor="dashboard-many">{t('dashboard.manyStaffLabel')}</label>
              <input
                id="dashboard-many"
                type="number"
                min={2}
                max={99}
                value={manyStaff}
                onChange={(event) => {
                  const value = Number(event.target.value);
                  if (Number.isInteger(value) && value >= 2 && value <= 99) onManyStaff(value);
                }}
              />
            </div>
            {data.continuity.length === 0 ? (
              <p>{t('dashboard.noContinuity')}</p>
            ) : (
              <table>
                <caption>
                  {t('dashboard.continuityCaption', { to: longDate(data.to) })}{' '}
                  {t('dashboard.manyStaffNote', { count: manyStaff })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.client')}</th>
                    <th scope="col">{t('dashboard.village')}</th>
                    <th scope="col" className="num">
                      {t('dashboard.staff14')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.continuity.map((row) => {
                    const many = row.staff >= manyStaff;
                    return (
                      <tr key={row.client.id} className={many ? 'many' : undefined}>
                        <th scope="row">{clientName(row.client)}</th>
                        <td>{row.client.village}</td>
                        <td className="num">
                          {n(row.staff)}
                          {many && <span className="flag"> ⚠ {t('dashboard.many')}</span>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </>
        )}
      </Section>

      <Section title={t('dashboard.returnsTitle')} onExport={exportReturns} empty={data.openReturns.length === 0}>
        {() =>
          data.openReturns.length === 0 ? (
            <p>{t('dashboard.noReturns')}</p>
          ) : (
            <table>
              <caption>{t('dashboard.returnsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.client')}</th>
                  <th scope="col">{t('dashboard.worker')}</th>
                  <th scope="col">{t('dashboard.visitAt')}</th>
                  <th scope="col">{t('dashboard.returnedAt')}</th>
                  <th scope="col">{t('dashboard.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {data.openReturns.map((r) => (
                  <tr key={r.visitId}>
                    <th scope="row">{r.client ? clientName(r.client) : t('dashboard.unknownClient')}</th>
                    <td>{r.workerName}</td>
                    <td>{formatDateTime(r.startedAt, language)}</td>
                    <td>{formatDateTime(r.returnedAt, language)}</td>
                    <td>{r.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Section>

      <Section title={t('dashboard.overdueTitle')} onExport={exportOverdue} empty={data.overdue.length === 0}>
        {() =>
          data.overdue.length === 0 ? (
            <p>{t('dashboard.noOverdue')}</p>
          ) : (
            <table>
              <caption>{t('dashboard.overdueCaption', { to: longDate(data.to) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.client')}</th>
                  <th scope="col">{t('dashboard.village')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.planGap')}
                  </th>
                  <th scope="col">{t('dashboard.lastVisit')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.daysSince')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.overdue.map((row) => (
                  <tr key={row.client.id}>
                    <th scope="row">{clientName(row.client)}</th>
                    <td>{row.client.village}</td>
                    <td className="num">{n(row.planGapDays)}</td>
                    <td>
                      {row.lastVisitAt ? (
                        formatDateTime(row.lastVisitAt, language)
                      ) : (
                        <strong>{t('dashboard.neverVisited')}</strong>
                      )}
                    </td>
                    <td className="num">{row.daysSince === undefined ? '–' : n(row.daysSince)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Section>
    </>
  );
}

const clientName = (client: { givenName: string; familyName: string }) => `${client.givenName} ${client.familyName}`;

/** A part of the report: its heading, an optional explanation, the content and its CSV export. */
function Section({
  title,
  explain,
  onExport,
  empty = false,
  children,
}: {
  title: string;
  explain?: string;
  onExport: () => void;
  empty?: boolean;
  children: (headingId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="report-section">
      <div className="section-head">
        <h2 id={headingId}>{title}</h2>
        {!empty && (
          <button
            type="button"
            className="no-print"
            onClick={onExport}
            aria-label={`${t('dashboard.export')}: ${title}`}
          >
            {t('dashboard.export')}
          </button>
        )}
      </div>
      {explain && <p className="subtle">{explain}</p>}
      {children(headingId)}
    </section>
  );
}
