/** Where the client stands now: the latest risk level with its reasons, and when the next screening is due and why. */
import { useTranslation } from 'react-i18next';
import { localDate } from '../../../../../core/schedule.ts';
import { isOverdue, type FollowUp } from '../../../../../core/wellbeing.ts';
import { formatDate } from '../../../format.ts';
import { Section, StatusTag } from '../../../kit/index.ts';
import { RiskSummary } from '../wording.tsx';

const noon = (date: string) => `${date}T12:00:00Z`;

export function FollowUpNow({
  followUp,
  staff,
  action,
}: {
  followUp: FollowUp;
  staff: (id: string) => string;
  action: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { latest, due } = followUp;
  const overdue = isOverdue(due, localDate());
  return (
    <Section title={t('wellbeing.now')}>
      {latest ? (
        <>
          <p className="subtle">
            {t('wellbeing.screenedBy', {
              when: formatDate(latest.screening.createdAt, i18n.language),
              who: staff(latest.screening.authorId),
            })}
          </p>
          <RiskSummary level={latest.assessment.level} reasons={latest.assessment.reasons} />
        </>
      ) : (
        <p>{t('wellbeing.neverScreened')}</p>
      )}
      <p className="due">
        <strong>{t('wellbeing.nextScreening')}:</strong>{' '}
        {due.reason === 'never'
          ? t('wellbeing.dueNow')
          : t(`wellbeing.due.${due.reason}`, { date: formatDate(noon(due.on), i18n.language) })}
        {overdue && (
          <>
            {' '}
            <StatusTag tone="warn">{t('wellbeing.overdue')}</StatusTag>
          </>
        )}
      </p>
      {action}
    </Section>
  );
}
