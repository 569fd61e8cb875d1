/**
 * The sync folder's key file, `F/journal.key` (folderNames.ts): what lets a second computer join a
 * journal with the passphrase or the recovery code, and lets the computers already in it follow a
 * passphrase change or a data-key rotation made on another one.
 *
 *   format, version    "mutual-sync-key", 1
 *   journalId          random, made at setup; bound into every sealed part here and into every change file
 *   generation         1 at setup, one more with every passphrase change and every data-key rotation
 *   kdf, recoverySalt, current
 *                      the journal's own key file fields (vault/keyFile.ts), copied as they are: the data
 *                      key wrapped under the passphrase and under the recovery code, nothing else
 *   chain              optional: the data key that became current at `chain.generation`, sealed under a
 *                      key derived from the data key before it
 *   check              a fingerprint (SHA-256) of every field above, sealed under a key derived from the
 *                      data key
 *
 * Nothing in the file opens without a secret: the wraps need the passphrase or the recovery code,
 * the chain and the check need a data key.
 *
 * Anyone who can write in the folder (or whose sync tool misbehaves) can put any file there, so
 * nothing in it is believed for being there. Joining believes the wraps because the passphrase or
 * the recovery code opens them, and then the check under the key they give. A computer that is
 * already unlocked believes a newer generation only if its check opens under the data key it holds,
 * or under the key it reaches through the chain from the data key it holds. Only someone who has
 * the data key can seal a check, so a key file copied from another journal, or one edited to
 * another generation, other wraps or another chain, is refused.
 *
 * The chain lets an unlocked computer follow a rotation without asking for the passphrase. Only the
 * latest rotation's chain is kept (it is carried through later passphrase changes): a computer that
 * was away during two rotations cannot reach the newest key from its own and is asked for the
 * passphrase once ('askPassphrase').
 *
 * Sync tools deliver files late and out of order, and copy them in pieces: a lower generation than
 * one's own is a stale copy and is ignored; a file cut short is "still arriving" and read again
 * later, never reported. Two computers changing the passphrase at the same moment both write the
 * same generation; the sync tool keeps one of the two files and the other computer keeps its own
 * passphrase until the next change. That is a limit of syncing through a folder, not of this file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MutualError } from '../../shared/result';
import { FILE_MODE, fsyncDir, translateFsError } from '../fsutil';
import type { Sealed } from '../vault/keyCrypto';
import { open, seal } from '../vault/keyCrypto';
import type { KeyFile } from '../vault/keyFile';
import { DATA_KEY_BYTES, KEY_FILE_VERSION, kdfSchema, sealedSchema, unwrapWithPassphrase, unwrapWithRecoveryCode, wrapsSchema } from '../vault/keyFile';
import { normalizeRecoveryCode } from '../vault/recoveryCode';
import { FOLDER_KEY_FILE, folderKeyFilePath } from './folderNames';

export const FOLDER_KEY_FORMAT = 'mutual-sync-key';
export const FOLDER_KEY_VERSION = 1;
/** The journal key file's format, typed against its schema so a change there breaks the build here. */
const VAULT_KEY_FORMAT: KeyFile['format'] = 'mutual-vault-key';
/**
 * A whole folder key file is about 1 KB. Anything far larger is not one, and is refused before
 * it is read into memory or parsed.
 */
export const MAX_FOLDER_KEY_BYTES = 16 * 1024;
/**
 * Made by `crypto.randomUUID()` at setup. Only letters, digits and dashes, so an id is also safe in
 * any message, log line or file name it ends up in.
 */
const journalIdPattern = /^[A-Za-z0-9-]{1,64}$/;

const folderKeySchema = z
  .object({
    format: z.literal(FOLDER_KEY_FORMAT),
    version: z.literal(FOLDER_KEY_VERSION),
    journalId: z.string().regex(journalIdPattern),
    generation: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    kdf: kdfSchema,
    recoverySalt: kdfSchema.shape.salt,
    current: wrapsSchema,
    // A key can only come in at generation 2 or later (generation 1 is the setup's key).
    chain: z.object({ generation: z.number().int().min(2).max(Number.MAX_SAFE_INTEGER), key: sealedSchema }).strict().optional(),
    // The sealed fingerprint is 32 bytes, like a data key, so the wrap schema fits it exactly.
    check: sealedSchema,
  })
  .strict()
  .refine((fk) => !fk.chain || fk.chain.generation <= fk.generation, { message: 'A chain cannot come from a later generation than the file’s own' });

export type FolderKeyFile = z.infer<typeof folderKeySchema>;
type Body = Omit<FolderKeyFile, 'check'>;

// HKDF labels, one per use, so the check key, the chain key, the change-file key (changeFile.ts)
// and SQLCipher's raw key never coincide; "v1" leaves a future format its own keys.
const CHECK_KEY_INFO = 'mutual sync folder-key check v1';
const CHAIN_KEY_INFO = 'mutual sync folder-key chain v1';

function assertDataKey(dataKey: Buffer): void {
  if (dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`The data key must be ${DATA_KEY_BYTES} bytes; got ${dataKey.length}`);
}

function subkey(dataKey: Buffer, info: string): Buffer {
  assertDataKey(dataKey);
  // No salt: the data key is already uniformly random (RFC 5869, 3.1), as in changeFile.ts.
  return Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
}

// The associated data is a JSON array: its fields can never run together, whatever they hold.
function checkAad(journalId: string, generation: number): string {
  return JSON.stringify([FOLDER_KEY_FORMAT, FOLDER_KEY_VERSION, 'check', journalId, generation]);
}

function chainAad(journalId: string, generation: number): string {
  return JSON.stringify([FOLDER_KEY_FORMAT, FOLDER_KEY_VERSION, 'chain', journalId, generation]);
}

/**
 * SHA-256 over every field but the check, in a fixed order. The schema is strict, so there is no
 * other field an edit could hide in, and base64 is held to its one canonical spelling, so equal
 * fingerprints mean equal files.
 */
function fingerprint(body: Body): Buffer {
  const { kdf, current, chain } = body;
  const parts = (s: Sealed) => [s.iv, s.ciphertext, s.tag];
  const canonical = JSON.stringify([
    body.format,
    body.version,
    body.journalId,
    body.generation,
    [kdf.name, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt],
    body.recoverySalt,
    parts(current.passphrase),
    parts(current.recovery),
    chain ? [chain.generation, ...parts(chain.key)] : null,
  ]);
  return crypto.createHash('sha256').update(canonical, 'utf8').digest();
}

function withCheck(body: Body, dataKey: Buffer): FolderKeyFile {
  const key = subkey(dataKey, CHECK_KEY_INFO);
  try {
    return { ...body, check: seal(key, fingerprint(body), checkAad(body.journalId, body.generation)) };
  } finally {
    key.fill(0);
  }
}

/** True when the check was sealed with this data key over exactly this file. */
function checkOpens(fk: FolderKeyFile, dataKey: Buffer): boolean {
  const key = subkey(dataKey, CHECK_KEY_INFO);
  try {
    const sealed = open(key, fk.check, checkAad(fk.journalId, fk.generation));
    if (!sealed) return false;
    const { check: _check, ...body } = fk;
    return sealed.length === 32 && crypto.timingSafeEqual(sealed, fingerprint(body));
  } finally {
    key.fill(0);
  }
}

function sealChain(journalId: string, generation: number, newDataKey: Buffer, previousDataKey: Buffer): NonNullable<FolderKeyFile['chain']> {
  const key = subkey(previousDataKey, CHAIN_KEY_INFO);
  try {
    return { generation, key: seal(key, newDataKey, chainAad(journalId, generation)) };
  } finally {
    key.fill(0);
  }
}

/** The chained data key, or null when `previousDataKey` is not the key it was sealed from. */
function openChain(journalId: string, chain: NonNullable<FolderKeyFile['chain']>, previousDataKey: Buffer): Buffer | null {
  const key = subkey(previousDataKey, CHAIN_KEY_INFO);
  try {
    return open(key, chain.key, chainAad(journalId, chain.generation));
  } finally {
    key.fill(0);
  }
}

/** The wraps of a journal key file, copied so the folder key file shares no object with it. */
function wrapsOf(vaultKeyFile: KeyFile): Pick<Body, 'kdf' | 'recoverySalt' | 'current'> {
  // A pending rotation's wraps belong in the folder only once the rotation is complete (promotePending).
  if (vaultKeyFile.next) throw new RangeError('The journal key file has a rotation pending; finish the rotation before writing the sync folder’s key file');
  return { kdf: { ...vaultKeyFile.kdf }, recoverySalt: vaultKeyFile.recoverySalt, current: structuredClone(vaultKeyFile.current) };
}

/**
 * The journal key file a computer keeps for itself (`journal.key` beside its database) made from
 * the folder's: the same wraps, so the same passphrase and recovery code open both.
 */
function vaultKeyFileOf(fk: FolderKeyFile): KeyFile {
  return { format: VAULT_KEY_FORMAT, version: KEY_FILE_VERSION, kdf: { ...fk.kdf }, recoverySalt: fk.recoverySalt, current: structuredClone(fk.current) };
}

/** The folder key file made when sync is set up: generation 1, for the journal's current key file and data key. */
export function createFolderKey(vaultKeyFile: KeyFile, dataKey: Buffer, journalId: string = crypto.randomUUID()): FolderKeyFile {
  if (!journalIdPattern.test(journalId)) throw new RangeError(`A journal id is 1 to 64 letters, digits and dashes; got ${JSON.stringify(journalId)}`);
  return withCheck({ format: FOLDER_KEY_FORMAT, version: FOLDER_KEY_VERSION, journalId, generation: 1, ...wrapsOf(vaultKeyFile) }, dataKey);
}

/**
 * The folder key file after a change made on this computer, one generation on from `fk` (the one
 * in the folder, which this computer must have followed first):
 * - a passphrase change: `dataKey` is the unchanged data key, `vaultKeyFile` the re-wrapped key file;
 *   a chain from an earlier rotation is kept, for computers that have not followed it yet;
 * - a data-key rotation: `dataKey` is the new key, `previousDataKey` the one it replaced (copy it
 *   before rotating: the vault zeroes it), and the chain now leads from that one to the new one.
 * Throws when `fk` is not sealed with the key this computer holds (`dataKey`, or `previousDataKey`
 * for a rotation): building on it would carry another key's file forward.
 */
export function nextGeneration(fk: FolderKeyFile, vaultKeyFile: KeyFile, dataKey: Buffer, previousDataKey?: Buffer): FolderKeyFile {
  assertDataKey(dataKey);
  if (previousDataKey && previousDataKey.equals(dataKey)) throw new RangeError('A rotation needs a new data key; for a passphrase change leave out the previous key');
  if (!checkOpens(fk, previousDataKey ?? dataKey))
    throw new MutualError(
      'INTERNAL',
      'The sync folder’s key file does not match this computer’s key: it was changed on another computer since this one last read it, or it is damaged. Mutual did not change it; let this computer catch up with the sync folder and try again.',
    );
  if (fk.generation >= Number.MAX_SAFE_INTEGER) throw new RangeError('The sync folder’s key file has no generation left');
  const generation = fk.generation + 1;
  const chain = previousDataKey ? sealChain(fk.journalId, generation, dataKey, previousDataKey) : fk.chain && structuredClone(fk.chain);
  return withCheck({ format: FOLDER_KEY_FORMAT, version: FOLDER_KEY_VERSION, journalId: fk.journalId, generation, ...wrapsOf(vaultKeyFile), ...(chain ? { chain } : {}) }, dataKey);
}

/** What an unlocked computer knows of its journal: the generation it last followed, its data key and the journal's id. */
export interface LocalKeyState {
  generation: number;
  dataKey: Buffer;
  journalId: string;
}

export type FollowOutcome =
  /** Nothing to do: the folder has this computer's generation, or an older copy a sync tool is still delivering. */
  | { action: 'none'; why: 'sameGeneration' | 'stale' }
  /**
   * A newer generation from this journal. Write `vaultKeyFile` as this computer's journal key file
   * and remember `generation`. `newDataKey` is null after a passphrase change; after a rotation it
   * is the new data key (the caller zeroes it), the database here is still under the old key and
   * must be re-encrypted, and the recovery code issued on the other computer replaces the old one.
   * `passphraseChanged`: the passphrase that opens the journal is now the one set on the other
   * computer ("Your passphrase was changed on another computer").
   */
  | { action: 'adopt'; generation: number; vaultKeyFile: KeyFile; newDataKey: Buffer | null; passphraseChanged: boolean }
  /**
   * The data key was rotated more than once while this computer was away, so its key no longer
   * leads to the new one. Ask for the passphrase (or recovery code) and use `joinWithPassphrase`.
   */
  | { action: 'askPassphrase'; message: string }
  /** Not this journal's key file, or not one its key vouches for. Leave the file alone and say why. */
  | { action: 'refuse'; reason: 'otherJournal' | 'damaged'; message: string };

const refusals: Record<'otherJournal' | 'damaged', string> = {
  otherJournal:
    'The key file in the sync folder belongs to another journal, so Mutual did not use it and left it as it is. Check that this computer syncs the same folder as your other computers.',
  damaged:
    'The key file in the sync folder does not match this journal’s key: it is damaged or was altered, or it was changed on two computers at the same time. Mutual did not use it and left it as it is; this computer keeps its own key. Once a sound key file arrives, Mutual will read that.',
};

const ASK_PASSPHRASE_MESSAGE = 'The journal’s key was changed on another computer while this one was away. Enter the journal’s passphrase, as it is now, to catch up.';

function refuse(reason: 'otherJournal' | 'damaged'): FollowOutcome {
  return { action: 'refuse', reason, message: refusals[reason] };
}

/**
 * What an unlocked computer does when it reads the folder's key file. Never asks for a secret
 * unless it must ('askPassphrase'), and never adopts anything the check does not vouch for.
 */
export function followFolderKey(local: LocalKeyState, fk: FolderKeyFile): FollowOutcome {
  assertDataKey(local.dataKey);
  if (fk.journalId !== local.journalId) return refuse('otherJournal');
  if (fk.generation < local.generation) return { action: 'none', why: 'stale' };
  if (fk.generation === local.generation) return checkOpens(fk, local.dataKey) ? { action: 'none', why: 'sameGeneration' } : refuse('damaged');
  // Newer, with the same data key: one or more passphrase changes.
  if (checkOpens(fk, local.dataKey)) return { action: 'adopt', generation: fk.generation, vaultKeyFile: vaultKeyFileOf(fk), newDataKey: null, passphraseChanged: true };
  const chain = fk.chain;
  if (chain && chain.generation > local.generation) {
    const newDataKey = openChain(fk.journalId, chain, local.dataKey);
    if (newDataKey) {
      if (!checkOpens(fk, newDataKey)) {
        newDataKey.fill(0);
        return refuse('damaged');
      }
      // One generation is the rotation; any others since this computer's were passphrase changes,
      // before it (the chain opened with this computer's key, so no other rotation came between) or after it.
      return { action: 'adopt', generation: fk.generation, vaultKeyFile: vaultKeyFileOf(fk), newDataKey, passphraseChanged: fk.generation - local.generation > 1 };
    }
    // The chain starts from the key current just before it. When generations lie between ours and
    // that one, a rotation among them may have replaced our key: only the passphrase can tell.
    if (chain.generation > local.generation + 1) return { action: 'askPassphrase', message: ASK_PASSPHRASE_MESSAGE };
  }
  return refuse('damaged');
}

/** What a new computer needs: its data key, the journal's id and generation, and the key file to keep beside its database. */
export interface Joined {
  /** The data key; the caller zeroes it. */
  dataKey: Buffer;
  journalId: string;
  generation: number;
  /** This computer's own `journal.key`, opened by the same passphrase and recovery code as the folder's. */
  vaultKeyFile: KeyFile;
}

function joined(fk: FolderKeyFile, vaultKeyFile: KeyFile, dataKey: Buffer): Joined {
  if (!checkOpens(fk, dataKey)) {
    dataKey.fill(0);
    throw new MutualError(
      'VAULT_DAMAGED',
      'The key file in the sync folder opens, but the rest of it does not match: it was damaged or altered. Mutual did not use it and changed nothing. Open the journal on a computer where it already is, so that computer writes a sound key file, then try again.',
    );
  }
  return { dataKey, journalId: fk.journalId, generation: fk.generation, vaultKeyFile };
}

/** Joins the journal of a sync folder with its passphrase; WRONG_PASSPHRASE when it does not open. */
export async function joinWithPassphrase(fk: FolderKeyFile, passphrase: string): Promise<Joined> {
  const vaultKeyFile = vaultKeyFileOf(fk);
  const keys = await unwrapWithPassphrase(vaultKeyFile, passphrase);
  if (!keys)
    throw new MutualError('WRONG_PASSPHRASE', 'That passphrase does not open the journal in this sync folder. Use the journal’s passphrase as it is now on your other computer, or its recovery code.');
  keys.next?.fill(0);
  return joined(fk, vaultKeyFile, keys.current);
}

/** Joins the journal of a sync folder with its recovery code; WRONG_RECOVERY_CODE when it does not open. */
export function joinWithRecoveryCode(fk: FolderKeyFile, recoveryCode: string): Joined {
  const vaultKeyFile = vaultKeyFileOf(fk);
  const code = normalizeRecoveryCode(recoveryCode);
  const keys = code ? unwrapWithRecoveryCode(vaultKeyFile, code) : null;
  if (!keys)
    throw new MutualError(
      'WRONG_RECOVERY_CODE',
      'That recovery code does not open the journal in this sync folder. Check each group of characters; if the key was renewed on another computer, use the recovery code it showed then.',
    );
  keys.next?.fill(0);
  return joined(fk, vaultKeyFile, keys.current);
}

/**
 * Why a folder key file could not be used:
 * - `missing`: no key file (yet): the folder is not a sync folder, or the sync tool has not copied it;
 * - `incomplete`: still arriving, read it again later (never shown as an error);
 * - `damaged`: not a whole, well-formed folder key file;
 * - `journalFolder`: a journal's own key file, i.e. the journal folder itself was chosen as sync folder;
 * - `newerFormat`: written by a newer version of Mutual.
 */
export type FolderKeyProblem = 'missing' | 'incomplete' | 'damaged' | 'journalFolder' | 'newerFormat';

export type FolderKeyRead = { ok: true; folderKey: FolderKeyFile } | { ok: false; problem: FolderKeyProblem; retryLater: boolean; message: string };

const problemMessages: Record<FolderKeyProblem, string> = {
  missing:
    'This folder has no Mutual key file (journal.key) yet. If your journal is being synced here from another computer, wait until the sync app has copied it; otherwise choose the folder your other computer syncs.',
  incomplete: 'The key file in the sync folder is still arriving. Mutual will read it again once the sync app has finished copying it.',
  damaged:
    'The key file in the sync folder (journal.key) is damaged, so Mutual did not use it and left it as it is. A computer that already has the journal can write a sound one; if the sync app copies a sound version, Mutual will read that.',
  journalFolder:
    'This folder holds a journal itself, not a sync folder. Choose a separate folder for syncing: an empty one to start, or the one your other computer syncs.',
  newerFormat: 'The key file in the sync folder was written by a newer version of Mutual. Update Mutual on this computer to use it; nothing was changed.',
};

function problem(which: FolderKeyProblem): FolderKeyRead {
  return { ok: false, problem: which, retryLater: which === 'incomplete' || which === 'missing', message: problemMessages[which] };
}

/** The file's text exactly as `writeFolderKey` writes it: two-space JSON ending in "\n}\n". */
export function serializeFolderKey(fk: FolderKeyFile): string {
  return `${JSON.stringify(fk, null, 2)}\n`;
}

/**
 * A folder key file's bytes, checked. A file cut short anywhere is `incomplete`, not `damaged`:
 * the file is written whole and ASCII only, its last line is a "}" of its own (inner braces are
 * indented), and sync tools that reserve the file's size first fill the rest with zero bytes. So
 * text that does not parse is still arriving unless it already holds the line a whole file ends with.
 */
export function parseFolderKey(raw: Buffer | string): FolderKeyRead {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (bytes.length === 0) return problem('incomplete');
  if (bytes.length > MAX_FOLDER_KEY_BYTES) return problem('damaged');
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end < bytes.length) return bytes.subarray(0, end).includes(0) ? problem('damaged') : problem('incomplete');
  for (const byte of bytes) if (byte > 0x7e || (byte < 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09)) return problem('damaged');
  const text = bytes.toString('ascii');
  if (!text.trimStart().startsWith('{')) return problem('damaged');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Only the file's last line is a "}" at the start of a line: text that has one is as long as a whole file.
    return problem(/\n}/.test(text) ? 'damaged' : 'incomplete');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return problem('damaged');
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format === VAULT_KEY_FORMAT) return problem('journalFolder');
  if (format === FOLDER_KEY_FORMAT && typeof version === 'number' && version > FOLDER_KEY_VERSION) return problem('newerFormat');
  const parsed = folderKeySchema.safeParse(json);
  return parsed.success ? { ok: true, folderKey: parsed.data } : problem('damaged');
}

/** Reads `F/journal.key`. Only a failure to read at all (permissions) throws, as MutualError. */
export function readFolderKey(folder: string): FolderKeyRead {
  const file = folderKeyFilePath(folder);
  try {
    // Examined first, never followed: a link could point anywhere, and a huge file is not read at all.
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_FOLDER_KEY_BYTES) return problem('damaged');
    return parseFolderKey(fs.readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return problem('missing');
    if (code === 'EACCES' || code === 'EPERM')
      throw new MutualError('INTERNAL', `Mutual is not allowed to read the sync folder’s key file ${file}. Check its permissions, or ask the sync app to repair it, and try again.`, { cause: error });
    throw translateFsError(error);
  }
}

/**
 * Replaces `F/journal.key` whole. The bytes go to `~journal.key.<random>.tmp` beside it (a name
 * Dropbox and Nextcloud do not sync; no Mutual device reads it), are fsynced, and the temporary file
 * is renamed over the key file, so every reader and every sync tool sees the old file or the new,
 * never part of one. The folder is fsynced after, so the new name survives a power cut.
 *
 * Callers follow the folder's file first (`followFolderKey`). Even so it refuses, writing nothing,
 * to replace what it must never replace: a journal's own key file (the journal folder chosen as
 * the sync folder: replacing it would leave that journal unopenable), another journal's folder key
 * file, or one of a later generation (written meanwhile by another computer).
 */
export function writeFolderKey(folder: string, fk: FolderKeyFile): void {
  if (!folderKeySchema.safeParse(fk).success) throw new RangeError('Not a well-formed folder key file; nothing was written');
  const present = readFolderKey(folder);
  if (!present.ok && present.problem === 'journalFolder')
    throw new MutualError('BAD_INPUT', 'This folder holds a journal itself, so it cannot be the sync folder: Mutual left its key file untouched. Choose an empty folder that your sync app keeps in step.');
  if (present.ok && present.folderKey.journalId !== fk.journalId)
    throw new MutualError('BAD_INPUT', 'This sync folder already belongs to another journal, so Mutual did not change it. Choose another folder, or join that journal instead.');
  if (present.ok && present.folderKey.generation > fk.generation)
    throw new MutualError('BAD_INPUT', 'Another computer changed this journal’s keys meanwhile, so Mutual did not write over them. Sync again to follow that change first.');
  const temp = path.join(folder, `~${FOLDER_KEY_FILE}.${crypto.randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', FILE_MODE);
    fs.writeFileSync(fd, serializeFolderKey(fk));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, folderKeyFilePath(folder));
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    throw translateFsError(error);
  }
  try {
    fsyncDir(folder);
  } catch {
    // The file is in place and its bytes were fsynced; only the name's durability across a power cut is weaker.
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // The write already failed; that failure is the one to report.
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A leftover temporary file holds only sealed wraps, and no reader opens it.
  }
}
