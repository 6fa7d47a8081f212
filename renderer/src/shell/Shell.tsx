/** The signed-in person's workspace: the side bar, banners, the current screen, and the keyboard shortcuts. */
import { Fragment, useCallback, useState } from 'react';
import { Toasts } from '../kit/index.ts';
import type { SessionInfo } from '../../../core/api.ts';
import type { SyncStatus } from '../../../core/sync.ts';
import { DrillBanner } from './DrillBanner.tsx';
import { MENU, SECTION, serialiseScreen, type MenuEntry, type Screen } from './routes.ts';
import { renderScreen } from './screens.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { useShortcuts } from './shortcuts.ts';
import { Sidebar } from './Sidebar.tsx';

export function Shell({
  session,
  sync,
  screen,
  go,
  menuOpen,
  setMenuOpen,
}: {
  session: SessionInfo;
  sync: SyncStatus | undefined;
  screen: Screen | undefined;
  go: (screen: Screen) => void;
  menuOpen: boolean;
  setMenuOpen: (open: boolean) => void;
}) {
  const [help, setHelp] = useState(false);
  const entries = MENU[session.role];
  const choose = useCallback(
    (entry: MenuEntry) => {
      setMenuOpen(false);
      go({ name: entry });
    },
    [go, setMenuOpen],
  );
  const openHelp = useCallback(() => {
    setMenuOpen(false);
    setHelp(true);
  }, [setMenuOpen]);
  useShortcuts({ entries, enabled: !help, onEntry: choose, onHelp: openHelp });

  return (
    <div className="shell">
      <Sidebar
        role={session.role}
        current={screen ? SECTION[screen.name] : ''}
        open={menuOpen}
        onChoose={choose}
        onClose={() => setMenuOpen(false)}
        onHelp={openHelp}
      />
      <div className="shell-content">
        {session.role !== 'admin' && <DrillBanner onOpen={(drillId) => go({ name: 'drill', drillId })} />}
        <main id="main">
          {/* Keyed by the screen and its ids, so another client or visit starts afresh. */}
          {screen && (
            <Fragment key={serialiseScreen(screen)}>{renderScreen(screen, { go, role: session.role, sync })}</Fragment>
          )}
        </main>
      </div>
      <ShortcutHelp entries={entries} open={help} onClose={() => setHelp(false)} />
      {/* Where the screens' confirmations and warnings appear (kit/Toasts.tsx). */}
      <Toasts />
    </div>
  );
}
