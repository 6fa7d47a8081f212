/**
 * Records the server refused (still on this laptop) and server records this laptop could not store: how many, which,
 * why in plain words, what to do next, and a button to send the refused ones again.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../../core/api.ts';
import type { SyncStatus } from '../../../../core/sync.ts';
import { useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { Button, DataTable, Section, useCall, type Column } from '../../kit/index.ts';

type RefusedRecord = CallOutput<'sync.refused'>[number];

export function Refused({ refused }: { refused: NonNullable<SyncStatus['refused']> }) {
  const { t, i18n } = useTranslation();
  const list = useWatch('sync.refused', {});
  const retry = useCall('sync.retryRefused');
  const [sent, setSent] = useState<number>();
  const columns = useMemo((): Column<RefusedRecord>[] => {
    const kind = (r: RefusedRecord) => t(`sync.refused.collection.${r.collection}`);
    const direction = (r: RefusedRecord) => t(`sync.refused.${r.direction}Short`);
    const reason = (r: RefusedRecord) => t([`sync.refused.code.${r.code}`, 'sync.refused.code.other']);
    const at = (r: RefusedRecord) => formatDateTime(r.at, i18n.language);
    return [
      { id: 'kind', header: t('sync.refused.kind'), cell: kind, csv: kind },
      { id: 'direction', header: t('sync.refused.direction'), cell: direction, csv: direction },
      { id: 'reason', header: t('sync.refused.reason'), cell: reason, csv: reason },
      { id: 'at', header: t('sync.refused.at'), cell: at, csv: at, sort: (a, b) => a.at.localeCompare(b.at) },
    ];
  }, [t, i18n.language]);

  return (
    <Section title={t('sync.refused.title')}>
      {refused.pushed > 0 && (
        <>
          <p role="alert">{t('sync.refused.pushed', { count: refused.pushed })}</p>
          <p>{t('sync.refused.pushedWhatToDo')}</p>
        </>
      )}
      {refused.pulled > 0 && (
        <>
          <p role="alert">{t('sync.refused.pulled', { count: refused.pulled })}</p>
          <p>{t('sync.refused.pulledWhatToDo')}</p>
        </>
      )}
      {list?.ok && list.value.length > 0 && (
        <DataTable
          caption={t('sync.refused.listCaption')}
          columns={columns}
          rows={list.value}
          rowKey={(r) => `${r.direction}:${r.collection}:${r.id}`}
          emptyText={t('kit.empty')}
          defaultSort={{ column: 'at', direction: 'descending' }}
        />
      )}
      <ErrorMessage error={list && !list.ok ? list.error : retry.error} />
      {sent !== undefined && <p role="status">{t('sync.refused.sent', { count: sent })}</p>}
      {refused.pushed > 0 && (
        <Button
          isDisabled={retry.busy}
          onPress={() =>
            void retry.run({}).then((result) => {
              setSent(result.ok ? result.value : undefined);
            })
          }
        >
          {t('sync.refused.retry')}
        </Button>
      )}
    </Section>
  );
}
