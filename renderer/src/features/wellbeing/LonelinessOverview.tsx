/**
 * The supervisor's view of loneliness across the team: clients at high risk with no social contact logged for a number
 * of days the supervisor chooses, screenings that are due or overdue, and how the team's risk levels changed month by
 * month (a chart with its table). Each client opens their follow-up page.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { RISK_LEVELS } from '../../../../core/screening.ts';
import { NO_CONTACT_DAYS } from '../../../../core/wellbeing.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate } from '../../format.ts';
import { LevelBadge, reasonText } from './wording.tsx';

const DAYS_KEY = 'hemtrygg.loneliness.noContactDays';
const storedDays = () => {
  const stored = Number(globalThis.localStorage?.getItem(DAYS_KEY));
  return Number.isInteger(stored) && stored >= 1 && stored <= 365 ? stored : NO_CONTACT_DAYS;
};
const noon = (date: string) => `${date}T12:00:00Z`;
/** Stacked bars, each at least 3:1 against white; the legend and the table say which is which. */
const COLOURS = { high: '#a11212', moderate: '#9a5200', low: '#1e6b2e', unknown: '#4f4f4f', notScreened: '#7a7a7a' };
const SERIES = ['high', 'moderate', 'low', 'unknown', 'notScreened'] as const;

export function LonelinessOverview({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t, i18n } = useTranslation();
  const [days, setDays] = useState(storedDays);
  const [daysText, setDaysText] = useState(String(storedDays()));
  const overview = useWatch('wellbeing.overview', { noContactDays: days, months: 12 });
  const language = i18n.language;
  const trendId = useId();
  const daysValid = /^\d{1,3}$/.test(daysText) && Number(daysText) >= 1 && Number(daysText) <= 365;

  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { month: 'short', year: '2-digit' }).format(
      new Date(`${month}-15T12:00:00Z`),
    );

  return (
    <section aria-labelledby="loneliness-title" className="loneliness">
      <ScreenHeading id="loneliness-title">{t('loneliness.title')}</ScreenHeading>
      <p className="notice">{t('wellbeing.notDiagnosis')}</p>
      {overview && !overview.ok && <ErrorMessage error={overview.error} />}

      <h2 id="high-risk-title">{t('loneliness.highRiskTitle', { count: days })}</h2>
      <form
        className="threshold"
        onSubmit={(event) => {
          event.preventDefault();
          if (!daysValid) return;
          setDays(Number(daysText));
          globalThis.localStorage?.setItem(DAYS_KEY, daysText);
        }}
      >
        <label>
          {t('loneliness.noContactDays')}{' '}
          <input
            type="number"
            min={1}
            max={365}
            value={daysText}
            onChange={(event) => setDaysText(event.target.value)}
            aria-invalid={daysValid ? undefined : true}
            aria-describedby={daysValid ? undefined : 'days-error'}
          />
        </label>{' '}
        <button type="submit">{t('loneliness.show')}</button>
        {!daysValid && (
          <span className="error" id="days-error">
            {t('loneliness.daysInvalid')}
          </span>
        )}
      </form>
      <p className="subtle">
        {t('loneliness.highRiskExplain')} {t('loneliness.socialContactExplain')}
      </p>
      {overview?.ok &&
        (overview.value.highRiskNoContact.length === 0 ? (
          <p>{t('loneliness.noHighRisk')}</p>
        ) : (
          <table aria-labelledby="high-risk-title">
            <thead>
              <tr>
                <th scope="col">{t('loneliness.client')}</th>
                <th scope="col">{t('loneliness.reasons')}</th>
                <th scope="col">{t('loneliness.screened')}</th>
                <th scope="col">{t('loneliness.lastContact')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.value.highRiskNoContact.map((row) => (
                <tr key={row.client.id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => onOpen(row.client.id)}>
                      {row.client.givenName} {row.client.familyName}
                    </button>
                    <div className="subtle">{row.client.village}</div>
                  </th>
                  <td>
                    {row.level !== 'high' && (
                      <>
                        <LevelBadge level={row.level} />{' '}
                      </>
                    )}
                    {row.reasons.map((r) => reasonText(t, r)).join(', ')}
                  </td>
                  <td>{formatDate(row.screenedAt, language)}</td>
                  <td>
                    {row.lastSocialContact
                      ? formatDate(row.lastSocialContact, language)
                      : t('loneliness.noContactLogged')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}

      <h2 id="overdue-title">{t('loneliness.overdueTitle')}</h2>
      {overview?.ok &&
        (overview.value.overdue.length === 0 ? (
          <p>{t('loneliness.noOverdue')}</p>
        ) : (
          <table aria-labelledby="overdue-title">
            <thead>
              <tr>
                <th scope="col">{t('loneliness.client')}</th>
                <th scope="col">{t('loneliness.latestLevel')}</th>
                <th scope="col">{t('loneliness.dueSince')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.value.overdue.map((row) => (
                <tr key={row.client.id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => onOpen(row.client.id)}>
                      {row.client.givenName} {row.client.familyName}
                    </button>
                  </th>
                  <td>
                    <LevelBadge level={row.level} />
                  </td>
                  <td>
                    {row.due.reason === 'never'
                      ? t('loneliness.neverScreened')
                      : t(`wellbeing.due.${row.due.reason}`, { date: formatDate(noon(row.due.on), language) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}

      <h2 id={trendId}>{t('loneliness.trendTitle')}</h2>
      <p className="subtle">{t('loneliness.trendExplain')}</p>
      {overview?.ok && (
        <figure aria-labelledby={trendId}>
          <div className="chart" role="img" aria-label={t('loneliness.trendChart')}>
            <BarChart
              width={760}
              height={260}
              data={overview.value.trend.map((m) => ({ label: monthLabel(m.month), ...m.counts }))}
              accessibilityLayer={false}
              margin={{ top: 10, right: 10, bottom: 0, left: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" />
              <YAxis allowDecimals={false} width={40} />
              <Tooltip />
              {SERIES.map((key) => (
                <Bar
                  key={key}
                  dataKey={key}
                  stackId="levels"
                  name={t(key === 'notScreened' ? 'wellbeing.level.none' : `wellbeing.level.${key}`)}
                  fill={COLOURS[key]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
            <ul className="legend">
              {SERIES.map((key) => (
                <li key={key}>
                  <svg width="14" height="14" aria-hidden="true">
                    <rect width="14" height="14" fill={COLOURS[key]} />
                  </svg>{' '}
                  {t(key === 'notScreened' ? 'wellbeing.level.none' : `wellbeing.level.${key}`)}
                </li>
              ))}
            </ul>
          </div>
          <table>
            <caption>{t('loneliness.trendCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('loneliness.month')}</th>
                {[...RISK_LEVELS.filter((l) => l !== 'unknown').reverse(), 'unknown' as const].map((level) => (
                  <th key={level} scope="col" className="num">
                    {t(`wellbeing.level.${level}`)}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('wellbeing.level.none')}
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.value.trend.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthLabel(m.month)}</th>
                  <td className="num">{m.counts.high}</td>
                  <td className="num">{m.counts.moderate}</td>
                  <td className="num">{m.counts.low}</td>
                  <td className="num">{m.counts.unknown}</td>
                  <td className="num">{m.counts.notScreened}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      )}
    </section>
  );
}
