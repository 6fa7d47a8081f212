import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from './Button.tsx';

export interface DialogProps {
  readonly isOpen: boolean;
  readonly onOpenChange: (isOpen: boolean) => void;
  readonly title: string;
  readonly children: ReactNode;
  /** Buttons at the foot (e.g. confirm); a close button is always there, and Escape closes too. */
  readonly actions?: ReactNode;
  /** alertdialog for a confirmation of something that cannot be undone. */
  readonly role?: 'dialog' | 'alertdialog';
}

/** A modal with a title: focus moves in, stays in, and returns to where it was when it closes. */
export function Dialog({ isOpen, onOpenChange, title, children, actions, role = 'dialog' }: DialogProps) {
  const { t } = useTranslation();
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="kit-modal-overlay">
      <Modal className="kit-modal">
        <AriaDialog role={role} className="kit-dialog">
          <Heading slot="title" className="kit-dialog-title">
            {title}
          </Heading>
          <div className="kit-dialog-body">{children}</div>
          <div className="kit-dialog-actions">
            {actions}
            <Button slot="close" variant="secondary">
              {t('kit.dialog.close')}
            </Button>
          </div>
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}
