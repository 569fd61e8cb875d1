import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Keychain,
  REASON_PLAIN_TEXT,
  REASON_UNAVAILABLE,
  rememberAvailability,
  type KeychainFacts,
} from '../../../electron/main/keychain';

describe('rememberAvailability', () => {
  it.each<[KeychainFacts, boolean, string | null]>([
    [{ platform: 'linux', encryptionAvailable: true, backend: 'gnome_libsecret' }, true, null],
    [{ platform: 'linux', encryptionAvailable: true, backend: 'kwallet5' }, true, null],
    [{ platform: 'linux', encryptionAvailable: true, backend: 'kwallet6' }, true, null],
    [{ platform: 'linux', encryptionAvailable: true, backend: 'basic_text' }, false, REASON_PLAIN_TEXT],
    [{ platform: 'linux', encryptionAvailable: false, backend: 'basic_text' }, false, REASON_PLAIN_TEXT],
    [{ platform: 'linux', encryptionAvailable: true, backend: 'unknown' }, false, REASON_UNAVAILABLE],
    [{ platform: 'linux', encryptionAvailable: true, backend: null }, false, REASON_UNAVAILABLE],
    [{ platform: 'linux', encryptionAvailable: false, backend: 'gnome_libsecret' }, false, REASON_UNAVAILABLE],
    [{ platform: 'darwin', encryptionAvailable: true, backend: null }, true, null],
    [{ platform: 'darwin', encryptionAvailable: false, backend: null }, false, REASON_UNAVAILABLE],
    [{ platform: 'win32', encryptionAvailable: true, backend: null }, true, null],
    [{ platform: 'win32', encryptionAvailable: false, backend: null }, false, REASON_UNAVAILABLE],
  ])('%j → available %s', (facts, available, reason) => {
    const result = rememberAvailability(facts);
    expect(result.available).toBe(available);
    expect(result.available ? null : result.reason).toBe(reason);
  });

  it('explains the plain-text refusal in words a person can act on', () => {
    expect(REASON_PLAIN_TEXT).toMatch(/keyring/i);
    expect(REASON_PLAIN_TEXT).toMatch(/passphrase/i);
  });
});

/** Stands in for the OS keychain: reversible, and visibly not the plain key. */
const fakeCrypto = {
  encryptStringAsync: async (text: string) => Buffer.from(`wrapped:${Buffer.from(text).toString('base64')}`),
  decryptStringAsync: async (data: Buffer) => {
    const s = data.toString();
    if (!s.startsWith('wrapped:')) throw new Error('cannot decrypt');
    return { result: Buffer.from(s.slice(8), 'base64').toString(), shouldReEncrypt: false };
  },
};

describe('Keychain', () => {
  let dir: string;
  let facts: KeychainFacts;
  const make = (vaultDir = '/home/me/.config/Mutual/journal') =>
    new Keychain({ userDataDir: dir, vaultDir, facts: async () => facts, crypto: fakeCrypto });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mutual-keychain-'));
    facts = { platform: 'linux', encryptionAvailable: true, backend: 'gnome_libsecret' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers a key wrapped, privately, zeroes the copy it was given, and gives it back', async () => {
    const key = Buffer.alloc(32, 0xab);
    const copy = Buffer.from(key);
    const keychain = make();
    await keychain.remember(copy);
    expect(copy.equals(Buffer.alloc(32))).toBe(true);

    const file = path.join(dir, 'remembered-key.json');
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key.toString('hex'));
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(await keychain.status()).toEqual({ available: true, reason: null, remembered: true });
    const recalled = await keychain.recall();
    expect(recalled?.equals(key)).toBe(true);
  });

  it('refuses on a Linux desktop without a keyring, and stores nothing', async () => {
    facts = { platform: 'linux', encryptionAvailable: true, backend: 'basic_text' };
    const keychain = make();
    const key = Buffer.alloc(32, 1);
    await expect(keychain.remember(key)).rejects.toThrow(REASON_PLAIN_TEXT);
    expect(key.equals(Buffer.alloc(32))).toBe(true);
    expect(await keychain.status()).toEqual({ available: false, reason: REASON_PLAIN_TEXT, remembered: false });
  });

  it('does not use a key remembered for another journal folder', async () => {
    await make('/journals/a').remember(Buffer.alloc(32, 2));
    expect(make('/journals/b').isRemembered()).toBe(false);
    expect(await make('/journals/b').recall()).toBeNull();
    expect(make('/journals/a').isRemembered()).toBe(true);
  });

  it('gives nothing back once the keychain is gone or the file is damaged, and forgets on request', async () => {
    const keychain = make();
    await keychain.remember(Buffer.alloc(32, 3));
    facts = { platform: 'linux', encryptionAvailable: true, backend: 'basic_text' };
    expect(await keychain.recall()).toBeNull();
    facts = { platform: 'linux', encryptionAvailable: true, backend: 'gnome_libsecret' };
    expect(await keychain.recall()).not.toBeNull();
    keychain.forget();
    expect(keychain.isRemembered()).toBe(false);
    expect(await keychain.recall()).toBeNull();
  });
});
