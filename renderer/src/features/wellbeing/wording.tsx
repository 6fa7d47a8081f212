/**
 * Loneliness screening in words: scores (a range when answers were declined), risk levels, the reasons behind a level,
 * the written-down rule, and the instruments' sources. Support for judgement, never a diagnosis — every result says so.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RiskLevel, Score } from '../../../../core/screening.ts';
import type { Reason } from '../../../../core/wellbeing.ts';
import { clientLabel, type ClientNameParts } from '../../format.ts';
import { StatusTag, type Tone } from '../../kit/index.ts';

type T = TFunction;

/** "7", or "5–7 (1 question not answered)" when declined answers leave it open. */
export function scoreText(t: T, score: Score): string {
  if (score.total !== undefined) return String(score.total);
  return t('wellbeing.scoreRange', { min: score.min, max: score.max, count: score.declined });
}

/** One reason, e.g. "UCLA-3 = 7", "Lives alone", "Recent bereavement: in March". */
export function reasonText(t: T, reason: Reason): string {
  switch (reason.kind) {
    case 'ucla3':
      return t('wellbeing.reason.ucla3', { score: scoreText(t, reason.score) });
    case 'lsns6':
      return t('wellbeing.reason.lsns6', { score: scoreText(t, reason.score) });
    case 'direct':
      return t('wellbeing.reason.direct');
    case 'factor': {
      // In the middle of a list of reasons: "…, lives alone, recent bereavement: in March".
      const label = t(`wellbeing.factor.${reason.factor}`);
      const lower = label.charAt(0).toLocaleLowerCase() + label.slice(1);
      const note = reason.note?.replace(/[.\s]+$/, '');
      return note ? `${lower}: ${note}` : lower;
    }
  }
}

const LEVEL_TONES: Record<RiskLevel | 'none', Tone> = {
  high: 'danger',
  moderate: 'warn',
  low: 'ok',
  unknown: 'info',
  none: 'neutral',
};

/** "Because: UCLA-3 = 7, lives alone." — the reasons as one sentence. */
export const reasonsText = (t: T, reasons: readonly Reason[]): string =>
  `${t('wellbeing.because')} ${reasons.map((r) => reasonText(t, r)).join(', ')}.`;

/** A risk level as a tag: its word, an icon and a tone, never the colour alone. */
export function LevelBadge({ level }: { level: RiskLevel | undefined }) {
  const { t } = useTranslation();
  return <StatusTag tone={LEVEL_TONES[level ?? 'none']}>{t(`wellbeing.level.${level ?? 'none'}`)}</StatusTag>;
}

/** The risk level with its reasons and the reminder that it supports judgement and is not a diagnosis. */
export function RiskSummary({ level, reasons }: { level: RiskLevel; reasons: readonly Reason[] }) {
  const { t } = useTranslation();
  return (
    <div className="risk-summary">
      <p>
        <strong>{t('wellbeing.riskLevel')}:</strong> <LevelBadge level={level} />
      </p>
      {reasons.length > 0 ? <p>{reasonsText(t, reasons)}</p> : level !== 'unknown' && <p>{t('wellbeing.noReasons')}</p>}
      {level === 'unknown' && <p>{t('wellbeing.unknownExplained')}</p>}
      <p className="notice">{t('wellbeing.notDiagnosis')}</p>
      <RiskRule />
    </div>
  );
}

export function RiskRule() {
  const { t } = useTranslation();
  return (
    <details>
      <summary>{t('wellbeing.rule.title')}</summary>
      <ul>
        {(['lonely', 'isolated', 'high', 'moderate', 'low', 'unknown', 'followUp'] as const).map((line) => (
          <li key={line}>{t(`wellbeing.rule.${line}`)}</li>
        ))}
      </ul>
    </details>
  );
}

/** Where the questions come from, and that the Swedish wording is Hemtrygg's own. */
export function Sources() {
  const { t } = useTranslation();
  return (
    <details className="sources">
      <summary>{t('wellbeing.sources.title')}</summary>
      <ul>
        <li>{t('wellbeing.sources.ucla3')}</li>
        <li>{t('wellbeing.sources.ons')}</li>
        <li>{t('wellbeing.sources.lsns6')}</li>
        <li>{t('wellbeing.sources.socialstyrelsen')}</li>
      </ul>
      <p>{t('wellbeing.sources.translation')}</p>
    </details>
  );
}

/** A client's name and what tells them apart (village, year of birth), in the user's language. */
export const clientName = (client: ClientNameParts, t: T) =>
  clientLabel(client, (key: string, options?: Record<string, unknown>) => t(key, options ?? {}) as string);
