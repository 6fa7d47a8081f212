/** The supervisor's decision: a comment, and only the decisions the current status allows. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Section, TextArea } from '../../kit/index.ts';
import type { useDecision } from './useDecision.ts';

export function DecisionForm({
  decision,
  commentLabel,
  commentHint,
  commentError,
  children,
}: {
  decision: ReturnType<typeof useDecision>;
  commentLabel: string;
  commentHint?: string | undefined;
  commentError?: string | undefined;
  /** The decision buttons. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { comment, setComment, error, saved, savedRef } = decision;
  return (
    <Section title={t('review.decide')} className="review-decide">
      <p role="status" ref={savedRef} tabIndex={-1} className="saved">
        {saved}
      </p>
      {error && (
        <p role="alert" className="error">
          {t('review.notSaved')} {decision.message}
        </p>
      )}
      <div className="form">
        <TextArea
          id="review-comment"
          label={commentLabel}
          description={commentHint}
          rows={3}
          value={comment}
          onChange={setComment}
          error={commentError}
        />
        <div className="actions">{children}</div>
      </div>
    </Section>
  );
}
