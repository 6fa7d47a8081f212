/** The last step: the scores, the risk level with its reasons, a comment, and what signing means. */
import { useTranslation } from 'react-i18next';
import type { AssessedScreening } from '../../../../../core/wellbeing.ts';
import { TextArea } from '../../../kit/index.ts';
import { RiskSummary, scoreText } from '../wording.tsx';

export function ScreeningSummary({
  assessed,
  direct,
  note,
  onNote,
}: {
  assessed: AssessedScreening;
  direct: string;
  note: string;
  onNote: (note: string) => void;
}) {
  const { t } = useTranslation();
  const { assessment } = assessed;
  return (
    <>
      <dl className="facts">
        <dt>{t('wellbeing.ucla3')}</dt>
        <dd>{scoreText(t, assessment.ucla3)}</dd>
        <dt>{t('wellbeing.direct')}</dt>
        <dd>{t(`screening.answer.direct.${direct}`)}</dd>
        <dt>{t('wellbeing.lsns6')}</dt>
        <dd>{scoreText(t, assessment.lsns6)}</dd>
      </dl>
      <RiskSummary level={assessment.level} reasons={assessment.reasons} />
      <TextArea label={t('screening.note')} rows={3} maxLength={2000} value={note} onChange={onNote} />
      <p className="subtle">{t('screening.signExplained')}</p>
    </>
  );
}
