/** The connect and add-colleague forms' rules: a safe server address, and a laptop PIN of six digits typed twice. */
import { describe, expect, it } from 'vitest';
import { addColleagueInputSchema, connectInputSchema, isSafeServerUrl } from '../../core/sync.ts';

const connect = {
  serverUrl: 'https://hemtrygg.umea.se',
  username: 'anna',
  password: 'correct horse 1',
  deviceName: 'Annas bärbara',
  pin: '123456',
  pinAgain: '123456',
};
const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('the server address', () => {
  it('is https, or plain http only to this computer itself', () => {
    for (const safe of [
      'https://hemtrygg.umea.se',
      'http://127.0.0.1:4800',
      'http://127.3.4.5',
      'http://localhost:4800',
      'http://[::1]:4800',
    ]) {
      expect(isSafeServerUrl(safe), safe).toBe(true);
    }
    for (const unsafe of [
      'http://hemtrygg.umea.se',
      'http://192.168.1.10:4800',
      'http://127.0.0.1.example.org',
      'ftp://127.0.0.1',
      'nonsense',
    ]) {
      expect(isSafeServerUrl(unsafe), unsafe).toBe(false);
    }
  });

  it('is refused in words by the connect form when it is plain http to another computer', () => {
    expect(connectInputSchema.safeParse(connect).success).toBe(true);
    expect(messages(connectInputSchema.safeParse({ ...connect, serverUrl: 'http://hemtrygg.umea.se' }))).toEqual([
      'serverUrl: validation.serverUrlHttps',
    ]);
  });
});

describe('the laptop PIN', () => {
  it('has at least six digits and is typed the same twice', () => {
    expect(messages(connectInputSchema.safeParse({ ...connect, pin: '12345', pinAgain: '12345' }))).toEqual([
      'pin: validation.pin',
    ]);
    expect(messages(connectInputSchema.safeParse({ ...connect, pin: 'abcdef', pinAgain: 'abcdef' }))).toEqual([
      'pin: validation.pin',
    ]);
    expect(messages(connectInputSchema.safeParse({ ...connect, pinAgain: '654321' }))).toEqual([
      'pinAgain: validation.pinMismatch',
    ]);
    const colleague = { username: 'bertil', password: 'correct horse 1', pin: '24681012', pinAgain: '24681012' };
    expect(addColleagueInputSchema.safeParse(colleague).success).toBe(true);
    expect(messages(addColleagueInputSchema.safeParse({ ...colleague, pinAgain: '24681013' }))).toEqual([
      'pinAgain: validation.pinMismatch',
    ]);
  });
});
