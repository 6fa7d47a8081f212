/** The inbox's state: the filter being typed, the one applied (remembered across visits), its items, and the export. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../../../../core/api.ts';
import { localDate } from '../../../../core/schedule.ts';
import type { InboxItem } from '../../../../core/supervision.ts';
import { useWatch } from '../../api/hooks.tsx';
import { exportCsv, useCall, type CsvColumn } from '../../kit/index.ts';
import { inputOf, issuesOf, NO_FILTER, rememberedFilter, rememberFilter, type FilterForm } from './inboxFilter.ts';

export function useInbox() {
  const { t } = useTranslation();
  const [form, setForm] = useState<FilterForm>(rememberedFilter);
  const [applied, setApplied] = useState<FilterForm>(rememberedFilter);
  const [issues, setIssues] = useState<ApiIssue[]>([]);
  const [exported, setExported] = useState('');
  const exportCall = useCall('reviews.inbox');
  const inbox = useWatch('reviews.inbox', inputOf(applied));

  function apply(next: FilterForm) {
    const found = issuesOf(next);
    setIssues(found);
    if (found.length > 0) return;
    rememberFilter(next);
    setApplied(next);
  }

  /** Every item the applied filter matches (not only those shown), through the given columns. */
  async function exportAll(columns: readonly CsvColumn<InboxItem>[]) {
    setExported('');
    const answer = await exportCall.run({ ...inputOf(applied), limit: 50_000 });
    if (!answer.ok) return;
    const file = t('inbox.fileName', { date: localDate() });
    exportCsv(file, columns, answer.value.items);
    setExported(t('inbox.exported', { count: answer.value.items.length, file }));
  }

  return {
    inbox,
    form,
    setForm,
    issues,
    apply: () => apply(form),
    reset: () => {
      setForm(NO_FILTER);
      apply(NO_FILTER);
    },
    exportAll,
    exporting: exportCall.busy,
    exportError: exportCall.message,
    exported,
  };
}
