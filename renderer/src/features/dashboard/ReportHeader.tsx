/** What the report covers, and on paper also when it was printed and by whom. */
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../../core/supervision.ts';
import { formatDateTime } from '../../format.ts';
import type { ReportFormat } from './reportFormat.ts';

export function ReportHeader({
  data,
  format,
  printedAt,
  printedBy,
}: {
  data: Dashboard;
  format: ReportFormat;
  printedAt: string;
  printedBy: string;
}) {
  const { t, i18n } = useTranslation();
  const { totals, n } = { totals: data.totals, n: format.n };
  const figures: [string, number, string?][] = [
    [t('dashboard.planned'), totals.planned],
    [
      t('dashboard.done'),
      totals.done,
      totals.planned > 0 ? t('dashboard.ofPlanned', { percent: format.percent(totals.done / totals.planned) }) : '',
    ],
    [t('dashboard.missed'), totals.missed],
    [t('dashboard.late'), totals.late],
    [t('dashboard.deviations'), totals.deviations],
    [t('dashboard.openReturns'), totals.openReturns],
  ];
  return (
    <>
      <p className="report-period">
        <strong>{t('report.period')}:</strong> {format.period}
        <span className="print-only">
          {' · '}
          {t('report.printed', { when: formatDateTime(printedAt, i18n.language), who: printedBy })}
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
    </>
  );
}
