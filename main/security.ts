/**
 * Electron's security checklist, as plain data and pure checks (so they are tested without Electron): a sandboxed,
 * isolated renderer with no Node, a strict CSP, navigation and new windows denied, permissions denied, and IPC
 * accepted only from our own page.
 */
import type { MenuItemConstructorOptions } from 'electron';

/**
 * The renderer is served from the packaged files under its own scheme (not file://), so the app sets the response
 * headers (the CSP among them) and every check has one origin to compare with.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://hemtrygg';
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** `packaged`: an installed build, where DevTools cannot be opened (they would show and change any care record). */
export function secureWebPreferences(preload: string, packaged: boolean) {
  return {
    preload,
    devTools: !packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  } as const;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Whether `target` is inside the app, the only place the window may navigate to. */
export function isAppUrl(target: string): boolean {
  try {
    // A custom scheme has no web origin ("null"): compare scheme and host.
    const url = new URL(target);
    return url.protocol === `${APP_SCHEME}:` && url.host === new URL(APP_ORIGIN).host;
  } catch {
    return false;
  }
}

/** A request for `app://hemtrygg/<path>` as a path inside the renderer folder, or undefined if it would leave it. */
export function appFilePath(requestUrl: string): string | undefined {
  if (!isAppUrl(requestUrl)) return undefined;
  // The URL parser has already collapsed '..' segments, so the path cannot climb out of the folder.
  const url = new URL(requestUrl);
  const path = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
  if (path.split('/').some((part) => part === '..' || part === '')) return undefined;
  return path;
}

/** Links a user may open outside the app, in their browser: https only. Everything else is refused. */
export function isSafeExternalLink(target: string): boolean {
  try {
    return new URL(target).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The renderer asks for nothing the app needs from the browser (camera, location, notifications …): deny all. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set();

/**
 * The application menu: editing (copy and paste in forms) and the window. An installed build has no Toggle Developer
 * Tools and no reload (which would drop a form being filled); a development build keeps Electron's View menu.
 */
export function appMenuTemplate(packaged: boolean, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'editMenu' },
    packaged
      ? {
          role: 'viewMenu',
          submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }],
        }
      : { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

/** Every role a menu template offers, submenus included (for checking that a packaged menu has no way to DevTools). */
export function menuRoles(template: readonly MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}
