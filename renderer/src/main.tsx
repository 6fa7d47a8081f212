import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient, messagePortChannel, webSocketChannel } from './api/client.ts';
import { ApiProvider } from './api/hooks.tsx';
import { App } from './App.tsx';
import { initialLanguage } from './i18n/index.ts';
import { LocaleProvider } from './kit/LocaleProvider.tsx';
import './theme/tokens.css';
import './styles.css';

/**
 * The browser host puts this launch's token in the address fragment (#token=…), which never reaches a server log;
 * keep it for reloads of this tab and take it out of the address bar and history.
 */
function launchToken(): string {
  const hash = new URLSearchParams(window.location.hash.slice(1));
  const fromAddress = hash.get('token');
  if (fromAddress) {
    sessionStorage.setItem('hemtrygg.token', fromAddress);
    // Only the token leaves the address: the screen beside it (`#token=…&screen=…`) stays for the shell to open.
    hash.delete('token');
    const rest = hash.toString();
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest ? `#${rest}` : ''));
  }
  return fromAddress ?? sessionStorage.getItem('hemtrygg.token') ?? '';
}

document.documentElement.lang = initialLanguage;
// In the desktop app the preload says so; in a browser the page talks to the browser host.
const desktop = (window as { hemtryggShell?: { desktop?: boolean } }).hemtryggShell?.desktop === true;
const client = new ApiClient(desktop ? messagePortChannel() : webSocketChannel(launchToken()));
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ApiProvider client={client}>
      <LocaleProvider>
        <App />
      </LocaleProvider>
    </ApiProvider>
  </StrictMode>,
);
