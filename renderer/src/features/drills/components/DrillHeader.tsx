import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { ScreenHeading } from '../../../components/ScreenHeading.tsx';
import { formatDateTime } from '../../../format.ts';
import { Button } from '../../../kit/index.ts';
import { useElapsed } from '../hooks/useElapsed.ts';
import { duration } from '../duration.ts';

/** The drill's name (hazard and villages), whether it is an exercise or real, when it started and ended. */
export function DrillHeader({ view, titleId, onBack }: { view: DrillView; titleId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const { drill } = view.state;
  const ended = view.state.ended;
  const elapsed = useElapsed(view);
  return (
    <>
      <Button variant="link" className="no-print" onPress={onBack}>
        {t('drills.back')}
      </Button>
      <p className={`drill-banner drill-banner-${drill.mode}`} role="note">
        {t(`drills.bannerText.${drill.mode}`)}
      </p>
      <ScreenHeading id={titleId}>{drillTitle(t, view)}</ScreenHeading>
      <p className="drill-when">
        {drill.exerciseType ? `${t(`drills.type.${drill.exerciseType}`)} · ` : ''}
        {t('drills.startedAt', { when: formatDateTime(drill.startsAt, i18n.language) })}
        {ended &&
          ` · ${t('drills.endedAfter', { when: formatDateTime(ended.createdAt, i18n.language), time: duration(t, elapsed) })}`}
      </p>
    </>
  );
}

/** "Långvarigt strömavbrott – Botsmark": the hazard and the villages (all, when none were chosen). */
export function drillTitle(t: (key: string) => string, view: Pick<DrillView, 'state'>): string {
  const { drill } = view.state;
  return `${t(`preparedness.hazard.${drill.hazard}`)} – ${drill.villages.join(', ') || t('preparedness.allVillages')}`;
}
