/** Actions and referrals: what was done and what came of it, an outcome for an open one, and a new one. */
import { useTranslation } from 'react-i18next';
import type { ActionWithOutcomes } from '../../../../../core/wellbeing.ts';
import { formatDate, formatDateTime } from '../../../format.ts';
import { Section, StatusTag } from '../../../kit/index.ts';
import { AddActionForm } from './AddActionForm.tsx';
import { OutcomeForm } from './OutcomeForm.tsx';

export function ActionsSection({
  clientId,
  actions,
  latestId,
  staff,
}: {
  clientId: string;
  actions: readonly ActionWithOutcomes[];
  latestId: string | undefined;
  staff: (id: string) => string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Section title={t('wellbeing.actionsTitle')}>
      {actions.length === 0 ? (
        <p>{t('wellbeing.noActions')}</p>
      ) : (
        <ul className="wellbeing-actions">
          {actions.map((a) => {
            const label = t(`wellbeing.action.${a.action.action}`);
            return (
              <li key={a.action.id}>
                <p>
                  <strong>{label}</strong> · {formatDate(a.action.createdAt, i18n.language)} ·{' '}
                  {staff(a.action.authorId)}{' '}
                  <StatusTag tone={a.outcome === undefined ? 'neutral' : a.open ? 'info' : 'ok'}>
                    {a.outcome ? t(`wellbeing.outcome.${a.outcome}`) : t('wellbeing.noOutcome')}
                  </StatusTag>
                </p>
                {a.action.note && <p>{a.action.note}</p>}
                {a.outcomes.length > 0 && (
                  <ul className="subtle">
                    {a.outcomes.map((o) => (
                      <li key={o.id}>
                        {formatDateTime(o.createdAt, i18n.language)} · {staff(o.authorId)}:{' '}
                        {t(`wellbeing.outcome.${o.outcome}`)}
                        {o.note && ` – ${o.note}`}
                      </li>
                    ))}
                  </ul>
                )}
                {a.open && <OutcomeForm actionId={a.action.id} label={label} />}
              </li>
            );
          })}
        </ul>
      )}
      <AddActionForm clientId={clientId} latestId={latestId} />
    </Section>
  );
}
