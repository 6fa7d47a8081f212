/**
 * Electron main: thin. It applies the security rules, keeps the database key with safeStorage, starts the backend
 * as a utility process (so the window never waits on SQLite), and hands the window a MessagePort to it.
 */
import {
  app,
  BrowserWindow,
  dialog,
  MessageChannelMain,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ALLOWED_PERMISSIONS,
  APP_SCHEME,
  APP_URL,
  appFilePath,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalLink,
  secureWebPreferences,
} from './security.ts';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

/** A random 32-byte key, stored only as encrypted by the operating system's keychain (safeStorage). */
function databaseKey(folder: string): string {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('No system keychain is available to protect the database key.');
  }
  const file = join(folder, 'database.key.enc');
  if (existsSync(file)) return safeStorage.decryptString(readFileSync(file));
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600 });
  return key;
}

function startBackend(folder: string) {
  const backend = utilityProcess.fork(join(import.meta.dirname, 'backend.js'), [], { serviceName: 'Hemtrygg backend' });
  const { port1, port2 } = new MessageChannelMain();
  backend.postMessage(
    { type: 'open', directory: folder, key: databaseKey(folder), demo: process.argv.includes('--demo') },
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
  app.on('web-contents-created', (_event, contents) => {
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
  const folder = join(app.getPath('userData'), 'data');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  let backend: ReturnType<typeof startBackend>;
  try {
    backend = startBackend(folder);
  } catch (error) {
    dialog.showErrorBox('Hemtrygg', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    show: false,
    title: 'Hemtrygg',
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/preload.cjs')),
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
