/**
 * The key file beside the database. It holds the random data key only in wrapped form: sealed
 * with AES-256-GCM once under an Argon2id key from the passphrase and once under a key from the
 * recovery code. Everything that decides how a wrap is opened (format, version, KDF parameters,
 * salts, which wrap it is) is bound into the GCM additional data, so altering any of it makes the
 * wrap refuse to open instead of weakening it.
 *
 * `next` exists only while the data key is being rotated: it holds the new key's wraps, written
 * before the database is re-encrypted, so a crash at any moment leaves a key that opens it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MutualError } from '../../shared/result';
import { KEY_FILE } from '../paths';
import { writeFileAtomic } from '../fsutil';
import type { Argon2Params } from './keyCrypto';
import { ARGON2_DEFAULTS, GCM_IV_BYTES, GCM_TAG_BYTES, open, passphraseKey, recoveryKey, seal } from './keyCrypto';

export const KEY_FILE_VERSION = 1;
/** The database's data key: 256 random bits. */
export const DATA_KEY_BYTES = 32;
const FORMAT = 'mutual-vault-key';

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200);
/** Base64 of exactly `bytes` bytes, in its one canonical spelling (so the decoded length is exact). */
const b64Bytes = (bytes: number) => b64.refine((s) => s.length === Math.ceil(bytes / 3) * 4 && Buffer.from(s, 'base64').length === bytes && Buffer.from(s, 'base64').toString('base64') === s);
/** A wrap of the 32-byte data key: GCM's 12-byte IV and full 16-byte tag, nothing shorter (see keyCrypto.open). */
export const sealedSchema = z.object({ iv: b64Bytes(GCM_IV_BYTES), ciphertext: b64Bytes(DATA_KEY_BYTES), tag: b64Bytes(GCM_TAG_BYTES) }).strict();
export const wrapsSchema = z.object({ passphrase: sealedSchema, recovery: sealedSchema }).strict();
export const kdfSchema = z
  .object({
    name: z.literal('argon2id'),
    memoryKiB: z.number().int().min(8192).max(4_194_304),
    iterations: z.number().int().min(1).max(64),
    parallelism: z.number().int().min(1).max(16),
    salt: b64,
  })
  .strict();

const keyFileSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(KEY_FILE_VERSION),
    kdf: kdfSchema,
    recoverySalt: b64,
    current: wrapsSchema,
    next: wrapsSchema.optional(),
  })
  .strict();

export type KeyFile = z.infer<typeof keyFileSchema>;
export type Wraps = z.infer<typeof wrapsSchema>;

// The slot (current / next) is deliberately not bound: promoting a pending key moves its wraps
// as they are, and swapping the slots could only make Mutual try the other valid key.
function passphraseAad(kf: Pick<KeyFile, 'kdf'>): string {
  const { kdf } = kf;
  return `${FORMAT}|v${KEY_FILE_VERSION}|passphrase|${kdf.name}|m=${kdf.memoryKiB}|t=${kdf.iterations}|p=${kdf.parallelism}|salt=${kdf.salt}`;
}

function recoveryAad(kf: Pick<KeyFile, 'recoverySalt'>): string {
  return `${FORMAT}|v${KEY_FILE_VERSION}|recovery|hkdf-sha256|salt=${kf.recoverySalt}`;
}

export function keyFilePath(dir: string): string {
  return path.join(dir, KEY_FILE);
}

export function keyFileExists(dir: string): boolean {
  return fs.existsSync(keyFilePath(dir));
}

export function readKeyFile(dir: string): KeyFile {
  let raw: string;
  try {
    raw = fs.readFileSync(keyFilePath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MutualError('VAULT_NOT_FOUND');
    throw error;
  }
  return parseKeyFile(raw);
}

/** A key file's text, checked: VAULT_DAMAGED when it is not a whole, well-formed key file. */
export function parseKeyFile(raw: string): KeyFile {
  const damaged = () => new MutualError('VAULT_DAMAGED', 'The journal’s key file is damaged, so Mutual cannot open the journal and will not change it. Restore the key file from a backup of this folder.');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw damaged();
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > KEY_FILE_VERSION) throw new MutualError('VAULT_FROM_NEWER_VERSION');
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw damaged();
  return parsed.data;
}

export function writeKeyFile(dir: string, kf: KeyFile): void {
  writeFileAtomic(keyFilePath(dir), `${JSON.stringify(kf, null, 2)}\n`);
  removeStaleKeyFileTemps(dir);
}

/** The temp name writeFileAtomic gives a key file being written: `.journal.key.<pid>.<ms>.tmp`. */
const staleTempName = new RegExp(`^\\.${KEY_FILE.replace(/\./g, '\\.')}\\.\\d+\\.\\d+\\.tmp$`);

/**
 * Removes key-file copies left behind by a write that a crash interrupted, so no stray wrap of the
 * data key lingers in the folder. Best effort. Call only while holding the journal open (its exclusive lock),
 * when no other process can be writing the key file.
 */
export function removeStaleKeyFileTemps(dir: string): void {
  try {
    for (const name of fs.readdirSync(dir)) if (staleTempName.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    // Tidying only: a folder we cannot list or write in is reported by the writes that matter.
  }
}

function freshKdf(params: Argon2Params = ARGON2_DEFAULTS): KeyFile['kdf'] {
  return { name: 'argon2id', ...params, salt: crypto.randomBytes(16).toString('base64') };
}

function sealBoth(dataKey: Buffer, passKey: Buffer, recKey: Buffer, kf: Pick<KeyFile, 'kdf' | 'recoverySalt'>): Wraps {
  return { passphrase: seal(passKey, dataKey, passphraseAad(kf)), recovery: seal(recKey, dataKey, recoveryAad(kf)) };
}

/** A new key file for a new data key. */
export async function createKeyFile(dataKey: Buffer, passphrase: string, normalizedRecoveryCode: string, params?: Argon2Params): Promise<KeyFile> {
  const base = { kdf: freshKdf(params), recoverySalt: crypto.randomBytes(16).toString('base64') };
  const passKey = await passphraseKey(passphrase, Buffer.from(base.kdf.salt, 'base64'), base.kdf);
  const recKey = recoveryKey(normalizedRecoveryCode, Buffer.from(base.recoverySalt, 'base64'));
  try {
    return { format: FORMAT, version: KEY_FILE_VERSION, ...base, current: sealBoth(dataKey, passKey, recKey, base) };
  } finally {
    passKey.fill(0);
    recKey.fill(0);
  }
}

export interface Unwrapped {
  /** The data key in the current slot, and in the rotation slot if one is pending. */
  current: Buffer;
  next: Buffer | null;
}

export async function unwrapWithPassphrase(kf: KeyFile, passphrase: string): Promise<Unwrapped | null> {
  const passKey = await passphraseKey(passphrase, Buffer.from(kf.kdf.salt, 'base64'), kf.kdf);
  try {
    const current = open(passKey, kf.current.passphrase, passphraseAad(kf));
    if (!current) return null;
    const next = kf.next ? open(passKey, kf.next.passphrase, passphraseAad(kf)) : null;
    return { current, next };
  } finally {
    passKey.fill(0);
  }
}

export function unwrapWithRecoveryCode(kf: KeyFile, normalizedCode: string): Unwrapped | null {
  const recKey = recoveryKey(normalizedCode, Buffer.from(kf.recoverySalt, 'base64'));
  try {
    const current = open(recKey, kf.current.recovery, recoveryAad(kf));
    if (!current) return null;
    const next = kf.next ? open(recKey, kf.next.recovery, recoveryAad(kf)) : null;
    return { current, next };
  } finally {
    recKey.fill(0);
  }
}

/**
 * Re-wraps the same data key under a new passphrase (new salt); the recovery wrap is kept as it
 * is. The database itself is not touched.
 */
export async function rewrapPassphrase(kf: KeyFile, dataKey: Buffer, newPassphrase: string): Promise<KeyFile> {
  const kdf = freshKdf({ memoryKiB: kf.kdf.memoryKiB, iterations: kf.kdf.iterations, parallelism: kf.kdf.parallelism });
  const passKey = await passphraseKey(newPassphrase, Buffer.from(kdf.salt, 'base64'), kdf);
  try {
    // The recovery wrap's AAD does not include the passphrase KDF, so it stays valid as is.
    return { format: FORMAT, version: KEY_FILE_VERSION, kdf, recoverySalt: kf.recoverySalt, current: { passphrase: seal(passKey, dataKey, passphraseAad({ kdf })), recovery: kf.current.recovery } };
  } finally {
    passKey.fill(0);
  }
}

/** Adds wraps of a new data key (under the passphrase and a new recovery code) in the `next` slot. */
export async function withPendingKey(kf: KeyFile, newDataKey: Buffer, passphrase: string, newNormalizedCode: string): Promise<KeyFile | null> {
  const passKey = await passphraseKey(passphrase, Buffer.from(kf.kdf.salt, 'base64'), kf.kdf);
  try {
    if (!open(passKey, kf.current.passphrase, passphraseAad(kf))) return null;
    // A rotation issues a new recovery code; it shares the vault's recovery salt.
    const recKey = recoveryKey(newNormalizedCode, Buffer.from(kf.recoverySalt, 'base64'));
    try {
      return { ...kf, next: sealBoth(newDataKey, passKey, recKey, kf) };
    } finally {
      recKey.fill(0);
    }
  } finally {
    passKey.fill(0);
  }
}

/** Makes the pending key current, once the database has been re-encrypted under it. */
export function promotePending(kf: KeyFile): KeyFile {
  if (!kf.next) return kf;
  return { format: FORMAT, version: KEY_FILE_VERSION, kdf: kf.kdf, recoverySalt: kf.recoverySalt, current: kf.next };
}

/** Drops a pending key that was never applied (the rotation stopped before re-encrypting). */
export function dropPending(kf: KeyFile): KeyFile {
  const { next: _unused, ...rest } = kf;
  return rest;
}
