/** The list of keyboard shortcuts, in a modal dialog (Alt+0, F1 or the side bar's link opens it, Escape closes it). */
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../kit/Button.tsx';
import { SHORTCUT_DIGIT, type MenuEntry } from './routes.ts';

export function ShortcutHelp({
  entries,
  open,
  onClose,
}: {
  entries: readonly MenuEntry[];
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <ModalOverlay
      className="shortcut-overlay"
      isOpen={open}
      isDismissable
      onOpenChange={(isOpen) => {
        if (!isOpen) onClose();
      }}
    >
      <Modal className="shortcut-modal">
        <Dialog className="shortcut-help">
          <Heading slot="title">{t('shell.shortcuts.title')}</Heading>
          <p>{t('shell.shortcuts.intro')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('shell.shortcuts.keys')}</th>
                <th scope="col">{t('shell.shortcuts.action')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry}>
                  <td>
                    <kbd>Alt</kbd>+<kbd>{SHORTCUT_DIGIT[entry]}</kbd>
                  </td>
                  <td>{t(`nav.${entry}`)}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <kbd>Alt</kbd>+<kbd>0</kbd> / <kbd>F1</kbd>
                </td>
                <td>{t('shell.shortcuts.help')}</td>
              </tr>
              <tr>
                <td>
                  <kbd>Esc</kbd>
                </td>
                <td>{t('shell.shortcuts.close')}</td>
              </tr>
            </tbody>
          </table>
          <Button variant="primary" onPress={onClose}>
            {t('shell.shortcuts.done')}
          </Button>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
