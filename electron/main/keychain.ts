/**
 * "Remember on this device": the journal's data key, wrapped by the operating system's keychain
 * (Electron safeStorage: Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux), so the
 * app can open the journal at start without the passphrase. Off by default.
 *
 * On Linux without a keyring, safeStorage falls back to 'basic_text': a fixed, publicly known
 * password. Wrapping the key with it would be storing it in the clear with extra steps, so it is
 * refused with an explanation instead.
 *
 * safeStorage is passed in (only a type is imported), which keeps this file loadable in plain
 * Node for its tests.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { Result } from '../shared/result';
import type { RememberStatus } from '../shared/shell';

export type StorageBackend = ReturnType<SafeStorage['getSelectedStorageBackend']>;

export interface KeychainFacts {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** Only meaningful on Linux. */
  backend: StorageBackend | null;
}

export type Availability = { available: true } | { available: false; reason: string };

export const REASON_PLAIN_TEXT =
  'This computer has no system keyring Mutual can use (such as GNOME Keyring or KWallet), so the key could only be stored with a publicly known password. Mutual will keep asking for your passphrase instead.';
export const REASON_UNAVAILABLE =
  "This computer's keychain is not available to Mutual right now, so it cannot remember your journal here. Mutual will keep asking for your passphrase.";

/** Whether "Remember on this device" may be offered, and if not, why (pure). */
export function rememberAvailability(facts: KeychainFacts): Availability {
  if (facts.platform === 'linux') {
    if (facts.backend === 'basic_text') return { available: false, reason: REASON_PLAIN_TEXT };
    // 'unknown' means safeStorage has not picked a backend (asked before ready): not safe to assume.
    if (facts.backend === null || facts.backend === 'unknown') return { available: false, reason: REASON_UNAVAILABLE };
  }
  if (!facts.encryptionAvailable) return { available: false, reason: REASON_UNAVAILABLE };
  return { available: true };
}

/**
 * Answers after which the remembered key must go: a new passphrase (or a recovery, which sets
 * one) is often chosen because the old one may be known to someone else, and a key remembered
 * under the old one would still open the journal on this device without asking.
 */
export const forgettingChannels = ['vault.changePassphrase', 'vault.recover'] as const;

export function forgetsRememberedKey(channel: string, result: Result<unknown>): boolean {
  return result.ok && (forgettingChannels as readonly string[]).includes(channel);
}

type Crypto = Pick<SafeStorage, 'encryptStringAsync' | 'decryptStringAsync'>;

export interface KeychainOptions {
  /** Electron's userData folder: the wrapped key never sits beside the journal it opens. */
  userDataDir: string;
  /** The journal folder this key belongs to; a key stored for another folder is ignored. */
  vaultDir: string;
  facts: () => Promise<KeychainFacts>;
  crypto: Crypto;
}

interface StoredKey {
  version: 1;
  vaultDir: string;
  wrapped: string;
}

const FILE_NAME = 'remembered-key.json';

export class Keychain {
  private readonly file: string;
  private readonly vaultDir: string;

  constructor(private readonly options: KeychainOptions) {
    this.file = path.join(options.userDataDir, FILE_NAME);
    this.vaultDir = path.resolve(options.vaultDir);
  }

  async availability(): Promise<Availability> {
    try {
      return rememberAvailability(await this.options.facts());
    } catch {
      return { available: false, reason: REASON_UNAVAILABLE };
    }
  }

  isRemembered(): boolean {
    return this.read() !== null;
  }

  async status(): Promise<RememberStatus> {
    const availability = await this.availability();
    return {
      available: availability.available,
      reason: availability.available ? null : availability.reason,
      remembered: this.isRemembered(),
    };
  }

  /** Wraps and stores a copy of the data key. Zeroes `dataKey`. Throws with a plain message. */
  async remember(dataKey: Buffer): Promise<void> {
    try {
      const availability = await this.availability();
      if (!availability.available) throw new Error(availability.reason);
      // safeStorage only takes strings; hex is the smallest transient copy (JS strings cannot be zeroed).
      const wrapped = await this.options.crypto.encryptStringAsync(dataKey.toString('hex'));
      this.write({ version: 1, vaultDir: this.vaultDir, wrapped: wrapped.toString('base64') });
    } finally {
      dataKey.fill(0);
    }
  }

  /** The remembered data key for this journal, or null. The caller zeroes the Buffer. */
  async recall(): Promise<Buffer | null> {
    const stored = this.read();
    if (!stored) return null;
    if (!(await this.availability()).available) return null;
    try {
      const { result, shouldReEncrypt } = await this.options.crypto.decryptStringAsync(Buffer.from(stored.wrapped, 'base64'));
      if (!/^[0-9a-f]{64}$/.test(result)) return null;
      const key = Buffer.from(result, 'hex');
      if (shouldReEncrypt) await this.remember(Buffer.from(key));
      return key;
    } catch {
      return null;
    }
  }

  /** Removes the remembered key (turned off, or the passphrase changed). */
  forget(): void {
    rmSync(this.file, { force: true });
  }

  private read(): StoredKey | null {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StoredKey>;
      if (data.version !== 1 || typeof data.wrapped !== 'string' || data.vaultDir !== this.vaultDir) return null;
      return data as StoredKey;
    } catch {
      return null;
    }
  }

  /**
   * Atomically: a new file of our own ('wx': never through a link someone left at that name),
   * written and synced, then renamed over the old one, and the folder synced so the rename
   * itself survives a power cut. A crash leaves the old file or the new one, never half of one.
   */
  private write(data: StoredKey): void {
    mkdirSync(this.options.userDataDir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      try {
        writeSync(fd, JSON.stringify(data));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
    syncFolder(this.options.userDataDir);
  }
}

/** fsync on a folder makes a rename in it durable. Windows cannot open a folder to sync it. */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems refuse to sync a folder; the file itself is already synced
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
