/** A drill or an incident under way is shown on every screen, marked as an exercise or as real, in words. */
import { useTranslation } from 'react-i18next';
import { useWatch } from '../api/hooks.tsx';

export function DrillBanner({ onOpen }: { onOpen: (drillId: string) => void }) {
  const { t } = useTranslation();
  const drills = useWatch('drills.list', {});
  const running = drills?.ok ? drills.value.filter((d) => !d.ended) : [];
  return running.map((d) => (
    <p key={d.drill.id} className={`drill-banner drill-banner-${d.drill.mode} no-print`} role="status">
      {t(`drills.banner.${d.drill.mode}`, {
        hazard: t(`preparedness.hazard.${d.drill.hazard}`),
        villages: d.drill.villages.join(', ') || t('preparedness.allVillages'),
      })}{' '}
      <button type="button" className="link" onClick={() => onOpen(d.drill.id)}>
        {t('drills.openBanner')}
      </button>
    </p>
  ));
}
