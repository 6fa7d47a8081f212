/** The header: the app's name, the menu toggle at narrow widths, the sync state, who is signed in, language, lock. */
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../core/api.ts';
import type { SyncStatus } from '../../../core/sync.ts';
import { useApi } from '../api/hooks.tsx';
import { SyncBadge } from '../features/sync/SyncBadge.tsx';
import { languages, setLanguage } from '../i18n/index.ts';

export function Header({
  session,
  sync,
  menuOpen,
  onMenu,
  onSync,
}: {
  session: SessionInfo | null | undefined;
  sync: SyncStatus | undefined;
  menuOpen: boolean;
  onMenu: () => void;
  onSync: () => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  return (
    <header className="top">
      {session && (
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="sidebar" onClick={onMenu}>
          {t('shell.menu')}
        </button>
      )}
      <span className="brand">{t('app.name')}</span>
      {session && sync && <SyncBadge status={sync} onOpen={onSync} />}
      {session && (
        <span className="user">
          <span className="user-name">{session.displayName}</span>{' '}
          <span className="user-role">{t(`shell.role.${session.role}`)}</span>
        </span>
      )}
      <label className="language">
        {t('language.choose')}{' '}
        <select value={i18n.language} onChange={(event) => setLanguage(event.target.value)}>
          {languages.map((code) => (
            <option key={code} value={code}>
              {i18n.getFixedT(code)('language.name')}
            </option>
          ))}
        </select>
      </label>
      {session && (
        <button type="button" className="lock" onClick={() => void api.call('auth.lock', {})}>
          {t('app.lock')}
        </button>
      )}
    </header>
  );
}
