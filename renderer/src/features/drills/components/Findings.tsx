import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { Section, StatusTag } from '../../../kit/index.ts';
import { itemText } from '../../preparedness/wording.ts';
import { drillClient, statusTone } from '../wording.ts';
import { NameCell } from './NameCell.tsx';

/** Who was not reached (with the attempts made), the needs found, and the checklist gaps. */
export function Findings({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const { figures } = view;
  const itemName = (itemId: string) => itemText(t, view.items.find((i) => i.id === itemId) ?? { id: itemId });
  return (
    <>
      <Section title={t('drills.notReachedTitle')} level={3}>
        {figures.notReached.length === 0 ? (
          <p>{t('drills.allReached')}</p>
        ) : (
          <ul className="drill-findings">
            {figures.notReached.map((c) => (
              <li key={c.clientId}>
                <NameCell label={drillClient(view, c.clientId, t)} />
                <StatusTag tone={statusTone[c.status]}>{t(`drills.status.${c.status}`)}</StatusTag>
                {c.entries.length > 0 &&
                  t('drills.attemptsMade', { count: c.entries.reduce((n, e) => n + e.attempts, 0) })}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('drills.needsTitle')} level={3}>
        {figures.needs.length === 0 ? (
          <p>{t('drills.noNeeds')}</p>
        ) : (
          <ul className="drill-findings">
            {figures.needs.map((c) => (
              <li key={c.clientId}>
                <NameCell label={drillClient(view, c.clientId, t)} />
                <StatusTag tone={statusTone[c.status]}>{t(`drills.status.${c.status}`)}</StatusTag>
                {c.last?.note}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('drills.gapsTitle')} level={3}>
        {figures.gaps.length === 0 ? (
          <p>{t('drills.noGaps')}</p>
        ) : (
          <ul>
            {figures.gaps.map((g) => (
              <li key={g.itemId}>
                {itemName(g.itemId)}: {t('drills.clientsCount', { count: g.clients })}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
