/** The loneliness signs noted on visits, and every screening signed with its scores and reasons. */
import { useTranslation } from 'react-i18next';
import type { FollowUp } from '../../../../../core/wellbeing.ts';
import { formatDate } from '../../../format.ts';
import { Section } from '../../../kit/index.ts';
import { LevelBadge, reasonsText, scoreText } from '../wording.tsx';

export function LonelinessSigns({ signs, staff }: { signs: FollowUp['signs']; staff: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <Section title={t('wellbeing.signsTitle')}>
      <p className="subtle">{t('wellbeing.signsExplain')}</p>
      {signs.length === 0 ? (
        <p>{t('wellbeing.noSigns')}</p>
      ) : (
        <ul>
          {signs.slice(0, 20).map((sign) => (
            <li key={`${sign.visitId}-${sign.text}`}>
              {formatDate(sign.at, i18n.language)} · {staff(sign.workerId)}: {sign.text}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function ScreeningHistory({
  screenings,
  staff,
}: {
  screenings: FollowUp['screenings'];
  staff: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Section title={t('wellbeing.historyTitle')}>
      {screenings.length === 0 ? (
        <p>{t('wellbeing.noScreenings')}</p>
      ) : (
        <ol className="wellbeing-history">
          {screenings.map(({ screening: s, assessment }) => (
            <li key={s.id}>
              <h3>
                {formatDate(s.createdAt, i18n.language)} · {staff(s.authorId)} <LevelBadge level={assessment.level} />
              </h3>
              <p>
                {t('wellbeing.ucla3')} {scoreText(t, assessment.ucla3)} · {t('wellbeing.direct')}:{' '}
                {t(`screening.answer.direct.${s.answers.direct}`)} · {t('wellbeing.lsns6')}{' '}
                {scoreText(t, assessment.lsns6)}
              </p>
              {assessment.reasons.length > 0 && <p>{reasonsText(t, assessment.reasons)}</p>}
              {s.note && <p>{s.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
