import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { useSession } from '../../../api/hooks.tsx';
import { usePrint } from '../../../components/usePrint.ts';
import { formatDateTime } from '../../../format.ts';
import { Button, Section } from '../../../kit/index.ts';
import { duration } from '../duration.ts';
import { drillTitle } from './DrillHeader.tsx';
import { EarlierDrills } from './EarlierDrills.tsx';
import { Findings } from './Findings.tsx';
import { Timeline } from './Timeline.tsx';

/** The after-action report: times to 50, 90 and 100 %, the timeline, what was found, lessons, earlier drills. */
export function Report({ view }: { view: DrillView }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const { figures, state } = view;
  const { printedAt, print } = usePrint();
  const time = useShareTime(view);
  return (
    <div className="drill-report">
      <div className="drill-report-head">
        <h2>{t('drills.reportTitle')}</h2>
        <Button className="no-print" onPress={print}>
          {t('preparedness.print')}
        </Button>
      </div>
      <p className="print-only">
        {t('drills.printedHeader', {
          what: t(`drills.mode.${state.drill.mode}`),
          scenario: drillTitle(t, view),
          when: formatDateTime(printedAt, i18n.language),
          who: session?.displayName ?? '',
        })}
      </p>
      <dl className="figures">
        {(['to50', 'to90', 'to100'] as const).map((key) => (
          <div key={key}>
            <dt>{t(`drills.${key}`, { count: figures.highCount })}</dt>
            <dd>
              <span className="figure">{time(figures[key])}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="drill-explain">{t('drills.timesExplain')}</p>
      <Timeline view={view} />
      <Findings view={view} />
      <Section title={t('drills.lessonsTitle')} level={3}>
        {state.ended ? (
          <dl className="drill-lessons">
            <dt>{t('drills.lessons')}</dt>
            <dd>{state.ended.lessons || t('drills.noneWritten')}</dd>
            <dt>{t('drills.actions')}</dt>
            <dd>{state.ended.actions || t('drills.noneWritten')}</dd>
          </dl>
        ) : (
          <p>{t(`drills.stillRunning.${state.drill.mode}`)}</p>
        )}
      </Section>
      <EarlierDrills view={view} time={time} />
    </div>
  );
}

/** A time to a share of the high-priority clients; none yet while it runs, never reached once it has ended. */
export function useShareTime(view: DrillView) {
  const { t } = useTranslation();
  const none = view.state.ended ? t('drills.neverReached') : t('drills.notReachedYet');
  return (ms: number | undefined) => (ms === undefined ? none : duration(t, ms));
}
