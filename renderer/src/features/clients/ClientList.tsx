/** The team's clients, found by name, village or address; each told apart by village and year of birth. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { useNames } from '../../components/useNames.ts';
import { AsyncContent, Button, TextField } from '../../kit/index.ts';

export function ClientList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const names = useNames();
  const [search, setSearch] = useState('');
  const clients = useWatch('clients.list', { search });
  return (
    <section aria-labelledby="clients-title">
      <ScreenHeading id="clients-title">{t('clients.title')}</ScreenHeading>
      <TextField id="client-search" type="search" label={t('clients.search')} value={search} onChange={setSearch} />
      <AsyncContent result={clients}>
        {(list) => (
          <>
            <p role="status" className="subtle">
              {t('clients.count', { count: list.length })}
            </p>
            <ul className="clients">
              {list.map((client) => {
                const name = names.client(client);
                return (
                  <li key={client.id}>
                    <Button variant="link" onPress={() => onOpen(client.id)}>
                      {name.name}
                      <span className="subtle"> · {name.detail}</span>
                    </Button>{' '}
                    <span className="subtle">{client.address}</span>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </AsyncContent>
    </section>
  );
}
