/**
 * Electron main: thin. It applies the security rules, keeps the database key with safeStorage, starts the backend
 * as a utility process (so the window never waits on SQLite), and hands the window a MessagePort to it.
 */
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  MessageChannelMain,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KeyUnprotectedError, loadDatabaseKey } from './key-store.ts';
import {
  ALLOWED_PERMISSIONS,
  APP_SCHEME,
  APP_URL,
  appFilePath,
  appMenuTemplate,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalLink,
  secureWebPreferences,
} from './security.ts';
import { localesFolder, shellTranslator } from './shell-text.ts';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

/** Tells the user, in their language, why Hemtrygg cannot start, and what to do about it. */
function explainStartFailure(error: unknown): void {
  const t = shellTranslator(
    localesFolder(app.isPackaged, process.resourcesPath, app.getAppPath()),
    app.getPreferredSystemLanguages(),
  );
  if (error instanceof KeyUnprotectedError) {
    dialog.showMessageBoxSync({
      type: 'error',
      title: t('shell.keychain.title'),
      message: t(error.reason === 'plain-text' ? 'shell.keychain.plainText' : 'shell.keychain.noKeychain'),
      detail: t('shell.keychain.detail'),
      buttons: [t('shell.keychain.quit')],
    });
    return;
  }
  const reason = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(t('shell.startFailed.title'), t('shell.startFailed.detail', { reason }));
}

function startBackend(folder: string) {
  // The key first: without a keychain to keep it, nothing is started and nothing is written.
  const key = loadDatabaseKey(folder, process.platform, safeStorage);
  const backend = utilityProcess.fork(join(import.meta.dirname, 'backend.js'), [], { serviceName: 'Hemtrygg backend' });
  const { port1, port2 } = new MessageChannelMain();
  backend.postMessage(
    {
      type: 'open',
      directory: folder,
      key,
      demo: process.argv.includes('--demo'),
    },
    [port1],
  );
  // Closing the lid, sleeping or locking the computer locks Hemtrygg too.
  for (const event of ['suspend', 'lock-screen'] as const) {
    powerMonitor.on(event as 'suspend', () => backend.postMessage({ type: 'lock' }));
  }
  return { backend, port: port2 };
}

function secureEverything(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  // An installed build has no way to DevTools: not in the menu, not in the window, and closed should they open.
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(app.isPackaged, process.platform)));
  app.on('web-contents-created', (_event, contents) => {
    if (app.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  const renderer = join(import.meta.dirname, '../renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const path = appFilePath(request.url);
    if (!path) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(join(renderer, path)).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // One window per laptop: a second start would open the same database twice.
    return;
  }
  await app.whenReady();
  secureEverything();
  // The key store makes the folder (0700) before the key file in it; the storage keeps its files 0600.
  const folder = join(app.getPath('userData'), 'data');
  let backend: ReturnType<typeof startBackend>;
  try {
    backend = startBackend(folder);
  } catch (error) {
    explainStartFailure(error);
    app.quit();
    return;
  }
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    show: false,
    title: 'Hemtrygg',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/preload.cjs'), app.isPackaged),
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.once('did-finish-load', () =>
    window.webContents.postMessage('backend-port', null, [backend.port]),
  );
  await window.loadURL(APP_URL);
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => {
    backend.backend.kill();
    app.quit();
  });
}

void main();
