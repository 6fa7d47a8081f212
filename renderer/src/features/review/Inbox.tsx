/**
 * The supervisor's inbox: what the team logged (visits, deviations, corrections) and sync conflicts, filtered and
 * newest first, with the team's lock date and an export of the filtered list for a spreadsheet.
 */
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { AsyncContent, Button, Section } from '../../kit/index.ts';
import { InboxFilters } from './InboxFilters.tsx';
import { inboxCsvColumns, InboxTable, useInboxColumns } from './InboxTable.tsx';
import { LockDate } from './LockDate.tsx';
import { useInbox } from './useInbox.ts';

export function Inbox({
  onOpenVisit,
  onOpenConflict,
}: {
  onOpenVisit: (id: string) => void;
  onOpenConflict: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const state = useInbox();
  const value = state.inbox?.ok ? state.inbox.value : undefined;
  const open = (item: { kind: 'visit' | 'conflict'; id: string }) =>
    item.kind === 'visit' ? onOpenVisit(item.id) : onOpenConflict(item.id);
  const columns = useInboxColumns(open);
  const exportColumns = [...columns.filter((column) => column.csv), ...inboxCsvColumns(t, i18n.language)];

  return (
    <section aria-labelledby="inbox-title" className="review inbox">
      <ScreenHeading id="inbox-title">{t('inbox.title')}</ScreenHeading>
      <LockDate lockedBefore={value?.lockedBefore} />
      <InboxFilters
        form={state.form}
        onChange={state.setForm}
        onApply={state.apply}
        onReset={state.reset}
        issues={state.issues}
        choices={value}
      />
      <Section
        title={t('inbox.items')}
        actions={
          <Button isDisabled={state.exporting || !value} onPress={() => void state.exportAll(exportColumns)}>
            {state.exporting ? t('inbox.exporting') : t('inbox.export')}
          </Button>
        }
      >
        <p role="status" className="saved">
          {state.exported}
        </p>
        {state.exportError && (
          <p role="alert" className="error">
            {state.exportError}
          </p>
        )}
        <AsyncContent result={state.inbox}>
          {(inbox) => (
            <>
              <p role="status" className="subtle">
                {inbox.total > inbox.items.length
                  ? t('inbox.showing', { shown: inbox.items.length, total: inbox.total })
                  : t('inbox.count', { count: inbox.total })}
              </p>
              <InboxTable items={inbox.items} columns={columns} />
            </>
          )}
        </AsyncContent>
      </Section>
    </section>
  );
}
