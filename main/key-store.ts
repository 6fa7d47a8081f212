/**
 * The database key on the desktop: 32 random bytes, kept only as encrypted by the operating system's keychain
 * (Electron's safeStorage). Written against the little of safeStorage it uses, so every decision runs under plain Node.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the key store needs of Electron's safeStorage. */
export interface KeyVault {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store Chromium chose ('basic_text' is a password built into Chromium, not a keychain). */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Whether the key can be protected here. `plain-text`: on Linux without GNOME Keyring or KWallet, safeStorage falls
 * back to a password every copy of Chromium knows, so "encrypted" would mean readable by anyone who copies the folder.
 */
export type KeyProtection = 'keychain' | 'no-keychain' | 'plain-text';

export function keyProtection(platform: NodeJS.Platform, vault: KeyVault): KeyProtection {
  if (!vault.isEncryptionAvailable()) return 'no-keychain';
  if (platform === 'linux' && vault.getSelectedStorageBackend() === 'basic_text') return 'plain-text';
  return 'keychain';
}

/** Chromium marks what it encrypted on Linux: 'v10' with its built-in password, 'v11' with the keyring's key. */
export function storedInPlainText(platform: NodeJS.Platform, encrypted: Buffer): boolean {
  return platform === 'linux' && encrypted.subarray(0, 3).toString('latin1') === 'v10';
}

/** The key cannot be kept safe on this computer: main tells the user and does not start. */
export class KeyUnprotectedError extends Error {
  readonly reason: Exclude<KeyProtection, 'keychain'>;
  constructor(reason: Exclude<KeyProtection, 'keychain'>) {
    super(`The database key cannot be protected here (${reason}).`);
    this.name = 'KeyUnprotectedError';
    this.reason = reason;
  }
}

export const KEY_FILE = 'database.key.enc';

/**
 * The database key as hex, made on first start. Refuses (KeyUnprotectedError) rather than storing it where the OS
 * does not protect it; a key an earlier version stored under Chromium's built-in password is stored again under the
 * keychain once there is one. The folder is 0700 and the file 0600, whatever they were before.
 */
export function loadDatabaseKey(folder: string, platform: NodeJS.Platform, vault: KeyVault): string {
  const protection = keyProtection(platform, vault);
  if (protection !== 'keychain') throw new KeyUnprotectedError(protection);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (platform !== 'win32') chmodSync(folder, 0o700);
  const file = join(folder, KEY_FILE);
  if (existsSync(file)) {
    const encrypted = readFileSync(file);
    const key = vault.decryptString(encrypted);
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('The stored database key is damaged.');
    if (storedInPlainText(platform, encrypted)) writeFileSync(file, vault.encryptString(key), { mode: 0o600 });
    if (platform !== 'win32') chmodSync(file, 0o600);
    return key;
  }
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, vault.encryptString(key), { mode: 0o600, flag: 'wx' });
  return key;
}
