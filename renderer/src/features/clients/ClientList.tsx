import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWatch } from '../../api/hooks.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';

export function ClientList({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const clients = useWatch('clients.list', { search });
  return (
    <section aria-labelledby="clients-title">
      <ScreenHeading id="clients-title">{t('clients.title')}</ScreenHeading>
      <label htmlFor="client-search">{t('clients.search')}</label>
      <input
        id="client-search"
        type="search"
        className="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {clients && !clients.ok && <ErrorMessage error={clients.error} />}
      {clients?.ok && (
        <>
          <p role="status" className="subtle">
            {t('clients.count', { count: clients.value.length })}
          </p>
          <ul className="clients">
            {clients.value.map((client) => (
              <li key={client.id}>
                <button type="button" className="link" onClick={() => onOpen(client.id)}>
                  {client.familyName}, {client.givenName}
                </button>{' '}
                <span className="subtle">
                  {client.address}, {client.village}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
