import { useTranslation } from 'react-i18next';
import {
  Button as AriaButton,
  Text,
  UNSTABLE_Toast as AriaToast,
  UNSTABLE_ToastContent as ToastContent,
  UNSTABLE_ToastQueue as ToastQueue,
  UNSTABLE_ToastRegion as ToastRegion,
} from 'react-aria-components';
import type { Tone } from '../theme/tokens.ts';
import { StatusTag } from './StatusTag.tsx';

export interface ToastMessage {
  readonly text: string;
  readonly tone: Tone;
}

/** One queue for the app: any screen can say "Sparat" without owning where it shows. */
const queue = new ToastQueue<ToastMessage>({ maxVisibleToasts: 3 });

/**
 * Short confirmations. A confirmation goes away by itself after a while; a warning or an error stays until closed,
 * so nobody has to read against the clock (WCAG 2.2.1).
 */
export function useToast() {
  return {
    show(text: string, tone: Tone = 'ok') {
      const lasting = tone === 'danger' || tone === 'warn';
      queue.add({ text, tone }, lasting ? {} : { timeout: 8000 });
    },
  };
}

/** The region toasts appear in (a landmark, F6 reaches it); render it once, in the shell. */
export function Toasts() {
  const { t } = useTranslation();
  return (
    <ToastRegion queue={queue} className="kit-toasts" aria-label={t('kit.toast.region')}>
      {({ toast }) => (
        <AriaToast toast={toast} className={`kit-toast kit-tone-${toast.content.tone}`}>
          <ToastContent className="kit-toast-content">
            <Text slot="title">
              <StatusTag tone={toast.content.tone}>{t(`kit.tone.${toast.content.tone}`)}</StatusTag>{' '}
              {toast.content.text}
            </Text>
          </ToastContent>
          <AriaButton slot="close" className="kit-toast-close" aria-label={t('kit.toast.close')}>
            <span aria-hidden="true">×</span>
          </AriaButton>
        </AriaToast>
      )}
    </ToastRegion>
  );
}
