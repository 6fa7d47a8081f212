/** The client's checklists, one per type of crisis, each with whether it is due (a word and an icon, not a colour). */
import { useTranslation } from 'react-i18next';
import { checklistDue, HAZARDS, type ChecklistState, type Hazard } from '../../../../../core/preparedness.ts';
import { localDate } from '../../../../../core/schedule.ts';
import { formatDate } from '../../../format.ts';
import { Button, StatusTag } from '../../../kit/index.ts';

const noon = (date: string) => `${date}T12:00:00Z`;

export function HazardChoice({
  checklists,
  hazard,
  onChoose,
}: {
  checklists: readonly ChecklistState[];
  hazard: Hazard;
  onChoose: (hazard: Hazard) => void;
}) {
  const { t, i18n } = useTranslation();
  const today = localDate();
  return (
    <ul className="hazard-choice" aria-label={t('preparedness.checklists')}>
      {HAZARDS.map((h) => {
        const state = checklists.find((c) => c.hazard === h);
        if (!state) return null;
        const due = checklistDue(state, today);
        const date = formatDate(noon(state.dueOn), i18n.language);
        return (
          <li key={h}>
            <Button aria-pressed={hazard === h} onPress={() => onChoose(h)}>
              {t(`preparedness.hazard.${h}`)}
            </Button>
            <StatusTag tone={due ? 'warn' : 'ok'}>
              {state.dueReason === 'never'
                ? t('preparedness.never')
                : due
                  ? t(`preparedness.dueSince.${state.dueReason}`, { date })
                  : t('preparedness.nextReview', { date })}
            </StatusTag>
          </li>
        );
      })}
    </ul>
  );
}
