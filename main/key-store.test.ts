/**
 * The database key on the desktop, under plain Node: Electron's safeStorage is stood in for by a vault that marks
 * what it encrypted the way Chromium does on Linux ('v10' with its built-in password, 'v11' with a keyring).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE, KeyUnprotectedError, keyProtection, loadDatabaseKey, type KeyVault } from './key-store.ts';
import { localesFolder, shellLanguage, shellTranslator } from './shell-text.ts';

function vault(backend: string, available = true): KeyVault {
  const prefix = backend === 'basic_text' ? 'v10' : 'v11';
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(prefix + Buffer.from(plain).toString('base64')),
    decryptString: (encrypted) => Buffer.from(encrypted.subarray(3).toString(), 'base64').toString(),
  };
}

let home: string;
let folder: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'hemtrygg-key-'));
  folder = join(home, 'data');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('where the database key may be kept', () => {
  it('only in a real keychain: not without one, and not under Linux’s plain-text fallback', () => {
    expect(keyProtection('linux', vault('gnome_libsecret'))).toBe('keychain');
    expect(keyProtection('linux', vault('kwallet6'))).toBe('keychain');
    expect(keyProtection('linux', vault('basic_text'))).toBe('plain-text');
    expect(keyProtection('linux', vault('gnome_libsecret', false))).toBe('no-keychain');
    // Elsewhere the backend is not Chromium's choice: the OS keychain (DPAPI, Keychain) is always behind it.
    expect(keyProtection('win32', vault('unknown'))).toBe('keychain');
    expect(keyProtection('darwin', vault('unknown'))).toBe('keychain');
  });

  it('refuses to make a key it cannot protect, and writes nothing', () => {
    expect(() => loadDatabaseKey(folder, 'linux', vault('basic_text'))).toThrow(KeyUnprotectedError);
    expect(() => loadDatabaseKey(folder, 'linux', vault('x', false))).toThrow(
      expect.objectContaining({ reason: 'no-keychain' }),
    );
    expect(() => statSync(folder)).toThrow();
  });

  it.skipIf(process.platform === 'win32')('keeps the key 0600 in a 0700 folder, the same key every start', () => {
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const key = loadDatabaseKey(folder, 'linux', vault('gnome_libsecret'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(folder, KEY_FILE)).toString()).not.toContain(key);
    chmodSync(join(folder, KEY_FILE), 0o644);
    expect(loadDatabaseKey(folder, 'linux', vault('gnome_libsecret'))).toBe(key);
    expect(statSync(join(folder, KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('stores a key an earlier version kept under the plain-text fallback again under the keyring', () => {
    mkdirSync(folder);
    const key = 'ab'.repeat(32);
    writeFileSync(join(folder, KEY_FILE), vault('basic_text').encryptString(key));
    expect(loadDatabaseKey(folder, 'linux', vault('gnome_libsecret'))).toBe(key);
    expect(readFileSync(join(folder, KEY_FILE)).subarray(0, 3).toString()).toBe('v11');
  });
});

describe('what main says when it cannot start', () => {
  const folderOfLocales = localesFolder(false, '/nowhere', process.cwd());

  it('in the user’s language, Swedish when there is no file for it', () => {
    expect(shellLanguage(['sv', 'en'], ['en-US', 'sv-SE'])).toBe('en');
    expect(shellLanguage(['sv', 'en'], ['fi-FI'])).toBe('sv');
    expect(shellLanguage(['sv', 'en'], [])).toBe('sv');
    expect(localesFolder(true, '/opt/Hemtrygg/resources', '/x')).toBe(join('/opt/Hemtrygg/resources', 'locales'));
  });

  it('explains the missing keychain in words, and what to do next, in Swedish and English', () => {
    const sv = shellTranslator(folderOfLocales, ['sv-SE']);
    const en = shellTranslator(folderOfLocales, ['en-GB']);
    expect(sv('shell.keychain.plainText')).toContain('nyckelring');
    expect(sv('shell.keychain.detail')).toContain('gnome-keyring');
    expect(en('shell.keychain.detail')).toContain('Ask IT support');
    expect(en('shell.startFailed.detail', { reason: 'Disk full.' })).toMatch(/^Disk full\. Start Hemtrygg again/);
    for (const t of [sv, en]) {
      for (const key of ['title', 'noKeychain', 'plainText', 'detail', 'quit']) {
        expect(t(`shell.keychain.${key}`)).not.toBe(`shell.keychain.${key}`);
      }
    }
  });
});
