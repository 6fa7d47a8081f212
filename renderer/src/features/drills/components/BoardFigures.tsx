import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { boardCounts } from '../../../../../core/drills.ts';
import { duration } from '../duration.ts';
import { useElapsed } from '../hooks/useElapsed.ts';

/** Elapsed time and the three counts; an ended drill shows how long it ran and who was never reached. */
export function BoardFigures({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const elapsed = useElapsed(view);
  const { clients } = view.state;
  const ended = view.state.ended !== undefined;
  const total = boardCounts(clients);
  const figures: [label: string, value: string][] = [
    [ended ? t('drills.ranFor') : t('drills.elapsed'), duration(t, elapsed)],
    [t('drills.accounted'), `${total.accounted} / ${clients.length}`],
    [ended ? t('drills.notReachedTitle') : t('drills.notYet'), String(total.open)],
    [t('drills.needsHelp'), String(total.help)],
  ];
  return (
    <dl className="figures drill-figures">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <span className="figure">{value}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
