/**
 * The supervisor's team at a glance: key figures for a period, visits done against planned per day, deviations by kind,
 * continuity per client, returned visits still open and clients not visited as often as their plan says. Every chart
 * has its data as a table beside it (the text alternative), every table exports as CSV, and the whole screen prints as
 * a report that says what it is, for which period, and when and by whom it was printed ("Save as PDF" in the dialog).
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { usePrint } from '../../components/usePrint.ts';
import { AsyncContent } from '../../kit/index.ts';
import { Continuity, OpenReturns, Overdue } from './ClientTables.tsx';
import './dashboard.css';
import { DashboardControls } from './DashboardControls.tsx';
import { DeviationsByKind } from './DeviationsByKind.tsx';
import { ReportHeader } from './ReportHeader.tsx';
import { reportFormat } from './reportFormat.ts';
import { useDashboard } from './useDashboard.ts';
import { VisitsPerDay } from './VisitsPerDay.tsx';

export function Dashboard() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const state = useDashboard();
  const { printedAt, print } = usePrint();

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <ScreenHeading id="dashboard-title">
        <span className="screen-only">{t('dashboard.title')}</span>
        <span className="print-only">{t('report.title')}</span>
      </ScreenHeading>
      <DashboardControls
        lastDay={state.query.to}
        days={state.query.days}
        today={state.today}
        onLastDay={state.setLastDay}
        onDays={state.setDays}
        onPrint={print}
      />
      <AsyncContent result={state.result} loading={t('dashboard.loading')}>
        {(data) => {
          const format = reportFormat(t, i18n.language, data);
          return (
            <>
              <ReportHeader data={data} format={format} printedAt={printedAt} printedBy={session?.displayName ?? ''} />
              <VisitsPerDay data={data} format={format} />
              <DeviationsByKind data={data} format={format} />
              <Continuity data={data} format={format} manyStaff={state.manyStaff} onManyStaff={state.setManyStaff} />
              <OpenReturns data={data} format={format} />
              <Overdue data={data} format={format} />
            </>
          );
        }}
      </AsyncContent>
    </section>
  );
}
