/** The side bar: the person's screens grouped by what they do, each group a labelled list, the current one marked. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUT_DIGIT, menuFor, type MenuEntry } from './routes.ts';
import type { Role } from '../../../core/users.ts';

export function Sidebar({
  role,
  current,
  open,
  onChoose,
  onClose,
  onHelp,
}: {
  role: Role;
  current: string;
  /** Shown over the content at narrow widths (below 1100 px); always shown at wider ones. */
  open: boolean;
  onChoose: (entry: MenuEntry) => void;
  onClose: () => void;
  onHelp: () => void;
}) {
  const { t } = useTranslation();
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    // Opened from the toggle: the first entry takes focus, so the keyboard is where the person looks.
    if (open) nav.current?.querySelector('button')?.focus();
  }, [open]);

  return (
    <nav
      id="sidebar"
      ref={nav}
      className={`sidebar no-print${open ? ' open' : ''}`}
      aria-label={t('nav.label')}
      onKeyDown={(event) => {
        if (open && event.key === 'Escape') {
          onClose();
          // Back to the toggle that opened it, rather than to a button now hidden.
          document.querySelector<HTMLElement>('[aria-controls="sidebar"]')?.focus();
        }
      }}
      onBlur={(event) => {
        // Folded over the content: it closes once focus or a click goes elsewhere.
        if (open && !event.currentTarget.contains(event.relatedTarget)) onClose();
      }}
    >
      <div className="sidebar-inner">
        {menuFor(role).map(({ group, entries }) => {
          const name = t(`nav.group.${group}`);
          // A group whose one entry says the same ("Brukare") is named by that entry: saying it twice helps nobody.
          const labelled = entries.some((entry) => t(`nav.${entry}`) !== name);
          return (
            <div key={group} className="nav-group">
              <p id={`nav-group-${group}`} className="nav-group-name" aria-hidden={labelled ? undefined : true}>
                {name}
              </p>
              <ul aria-labelledby={labelled ? `nav-group-${group}` : undefined}>
                {entries.map((entry) => (
                  <li key={entry}>
                    <button
                      type="button"
                      aria-current={current === entry ? 'page' : undefined}
                      aria-keyshortcuts={`Alt+${SHORTCUT_DIGIT[entry]}`}
                      onClick={() => onChoose(entry)}
                    >
                      <span>{t(`nav.${entry}`)}</span>
                      <kbd aria-hidden="true">Alt+{SHORTCUT_DIGIT[entry]}</kbd>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
        <p className="nav-help">
          <button type="button" className="link" aria-keyshortcuts="Alt+0 F1" onClick={onHelp}>
            {t('shell.shortcuts.open')}
          </button>
        </p>
      </div>
    </nav>
  );
}
