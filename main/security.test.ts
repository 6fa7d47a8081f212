import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_PERMISSIONS,
  APP_URL,
  appFilePath,
  appMenuTemplate,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalLink,
  menuRoles,
  secureWebPreferences,
} from './security.ts';

describe('the window', () => {
  it('is sandboxed and isolated, with no Node in the renderer', () => {
    expect(secureWebPreferences('/preload.js', true)).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('runs only its own scripts and talks to nobody over the network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('stays inside the app: any other address, file or scheme is refused', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl(`${APP_URL}#clients`)).toBe(true);
    for (const elsewhere of [
      'file:///etc/passwd',
      'app://other/index.html',
      'https://example.com/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(elsewhere)).toBe(false);
    }
  });

  it('serves only files inside the renderer folder', () => {
    expect(appFilePath(APP_URL)).toBe('index.html');
    expect(appFilePath('app://hemtrygg/')).toBe('index.html');
    expect(appFilePath('app://hemtrygg/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(appFilePath('app://hemtrygg/assets/%2e%2e/%2e%2e/secret')).toBe('secret');
    expect(appFilePath('app://hemtrygg/a//b')).toBeUndefined();
    expect(appFilePath('app://elsewhere/index.html')).toBeUndefined();
  });

  it('opens only https links outside, and grants no browser permission', () => {
    expect(isSafeExternalLink('https://www.umea.se/')).toBe(true);
    for (const bad of ['http://example.com', 'file:///etc/passwd', 'smb://server/share', 'javascript:void(0)']) {
      expect(isSafeExternalLink(bad)).toBe(false);
    }
    expect(ALLOWED_PERMISSIONS.size).toBe(0);
  });
});

describe('the installed app', () => {
  it('cannot open DevTools: not in the window, not in the menu', () => {
    expect(secureWebPreferences('/preload.js', true).devTools).toBe(false);
    expect(secureWebPreferences('/preload.js', false).devTools).toBe(true);
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const roles = menuRoles(appMenuTemplate(true, platform));
      expect(roles).toEqual(expect.arrayContaining(['editMenu', 'viewMenu', 'windowMenu']));
      for (const way of ['toggleDevTools', 'reload', 'forceReload']) expect(roles).not.toContain(way);
    }
    // A development build keeps Electron's own View menu, DevTools included.
    expect(appMenuTemplate(false, 'linux')).toContainEqual({ role: 'viewMenu' });
  });

  it('is packaged with its fuses set, in a configuration electron-builder itself reads and accepts', async () => {
    const config = await getConfig(process.cwd(), null, null);
    await validateConfiguration(config, { isEnabled: false, add: () => undefined } as never);
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Main reads its dialogs' words from the language files, packaged beside the app.
    expect(config.extraResources).toContainEqual(expect.objectContaining({ to: 'locales' }));
  });
});
