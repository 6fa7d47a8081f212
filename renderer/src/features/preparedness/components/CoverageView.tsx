/** For supervisors: the share of clients with a current checklist per type of crisis, and the gaps item by item. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { itemsByGaps, type Coverage, type TemplateItem } from '../../../../../core/preparedness.ts';
import { useWatch } from '../../../api/hooks.tsx';
import { AsyncContent, DataTable, Section, type Column } from '../../../kit/index.ts';
import { itemText } from '../wording.ts';

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`);
type Gap = { readonly item: TemplateItem; readonly no: number; readonly unanswered: number };

export function CoverageView() {
  const { t } = useTranslation();
  const result = useWatch('preparedness.coverage', {});
  const columns = useMemo<Column<Coverage>[]>(
    () => [
      {
        id: 'hazard',
        header: t('preparedness.hazardLabel'),
        cell: (c) => t(`preparedness.hazard.${c.hazard}`),
        csv: (c) => t(`preparedness.hazard.${c.hazard}`),
      },
      {
        id: 'current',
        header: t('preparedness.currentCount'),
        cell: (c) => `${c.current} / ${c.clients}`,
        csv: (c) => `${c.current} / ${c.clients}`,
        align: 'end',
      },
      {
        id: 'share',
        header: t('preparedness.share'),
        cell: (c) => percent(c.current, c.clients),
        csv: (c) => percent(c.current, c.clients),
        align: 'end',
        sort: (a, b) => a.current / (a.clients || 1) - b.current / (b.clients || 1),
      },
    ],
    [t],
  );
  const gapColumns = useMemo<Column<Gap>[]>(
    () => [
      { id: 'item', header: t('preparedness.itemColumn'), cell: (g) => itemText(t, g.item) },
      { id: 'no', header: t('preparedness.answeredNo'), cell: (g) => g.no, align: 'end' },
      { id: 'unanswered', header: t('preparedness.unanswered'), cell: (g) => g.unanswered, align: 'end' },
    ],
    [t],
  );
  return (
    <Section title={t('preparedness.coverageTitle')}>
      <p className="subtle">{t('preparedness.coverageExplain')}</p>
      <AsyncContent result={result}>
        {(coverage) => (
          <>
            <DataTable
              caption={t('preparedness.coverageTitle')}
              columns={columns}
              rows={coverage}
              rowKey={(c) => c.hazard}
              emptyText={t('kit.empty')}
              csvFilename="beredskap-tackning.csv"
            />
            {coverage.map((c) => (
              <details key={c.hazard}>
                <summary>{t('preparedness.gapsFor', { hazard: t(`preparedness.hazard.${c.hazard}`) })}</summary>
                <DataTable
                  caption={t('preparedness.gapsCaption', { hazard: t(`preparedness.hazard.${c.hazard}`) })}
                  columns={gapColumns}
                  rows={itemsByGaps(c.items)}
                  rowKey={(g) => g.item.id}
                  emptyText={t('kit.empty')}
                />
              </details>
            ))}
          </>
        )}
      </AsyncContent>
    </Section>
  );
}
