/** Part 1 of the access log: everyone who opened one client's record, newest first (a client may ask). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDate } from '../../../../core/schedule.ts';
import { useWatch } from '../../api/hooks.tsx';
import { useNames } from '../../components/useNames.ts';
import { AsyncContent, Button, ComboBox, DataTable, exportCsv, Section } from '../../kit/index.ts';
import { useAccessColumns, useAccessCsvExtras } from './accessColumns.tsx';
import { fileSafe } from './fileSafe.ts';
import { PeriodFields } from './PeriodFields.tsx';
import { usePeriod } from './usePeriod.ts';

export function WhoRead() {
  const { t } = useTranslation();
  const names = useNames();
  const [chosen, setChosen] = useState<string | null>(null);
  const period = usePeriod();
  const clients = useWatch('clients.list', {});
  const list = clients?.ok ? clients.value : [];
  const client = list.find((c) => c.id === chosen);

  return (
    <Section title={t('access.whoTitle')} className="access-part">
      <p>{t('access.whoExplain')}</p>
      <form className="access-form" onSubmit={(event) => event.preventDefault()}>
        <ComboBox
          id="access-client"
          label={t('access.client')}
          description={t('access.clientHelp')}
          options={list.map((c) => {
            const label = names.client(c);
            return { id: c.id, label: label.name, description: label.detail || undefined };
          })}
          value={chosen}
          onChange={setChosen}
        />
        <PeriodFields idPrefix="access-who" period={period} />
      </form>
      {!client && <p className="subtle">{t('access.chooseFirst')}</p>}
      {client && !period.problem && (
        <ClientAccess key={client.id} clientId={client.id} name={names.client(client).text} range={period.range} />
      )}
    </Section>
  );
}

/** Who opened this client's record, live: a look taken while the screen is open appears in the list. */
function ClientAccess({
  clientId,
  name,
  range,
}: {
  clientId: string;
  name: string;
  range: { from?: string; to?: string };
}) {
  const { t } = useTranslation();
  const rows = useWatch('access.forClient', { clientId, ...range });
  const columns = useAccessColumns({ withClient: false });
  const extras = useAccessCsvExtras();
  return (
    <AsyncContent result={rows} loading={t('access.loading')}>
      {(entries) => (
        <>
          <div className="section-head">
            <p role="status">{t('access.count', { count: entries.length, name })}</p>
            {entries.length > 0 && (
              <Button
                onPress={() =>
                  exportCsv(`hemtrygg-atkomst-${fileSafe(name)}-${localDate()}.csv`, [...columns, ...extras], entries)
                }
              >
                {t('access.exportWho')}
              </Button>
            )}
          </div>
          {entries.length > 0 && (
            <DataTable
              caption={t('access.whoCaption', { name })}
              columns={columns}
              rows={entries}
              rowKey={(row) => row.id}
              emptyText=""
            />
          )}
        </>
      )}
    </AsyncContent>
  );
}
