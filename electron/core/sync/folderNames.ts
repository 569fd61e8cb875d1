/**
 * The layout of a sync folder and the rules for the names in it.
 *
 *   F/journal.key                          the folder's key file
 *   F/devices/<device-id>/000000000001.mchange   sealed change files (changeFile.ts), numbered from 1
 *   F/devices/<device-id>/000000000040.msnap     snapshots, for later compaction
 *
 * Each device writes only inside its own folder and never replaces a file there, so no two devices
 * ever write the same file and a sync tool never has two versions of one file to reconcile.
 *
 * Sync tools still put other names beside ours: conflicted copies and "(1)" duplicates, temporary
 * files of a copy in progress, placeholders for files not yet downloaded, the operating system's
 * own files. Only the exact canonical names below are ever read; everything else is ignored, and
 * `classifyForeignName` says why, so a scan can report what it skipped instead of guessing at it.
 * The spellings come from the tools themselves (see each pattern).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MutualError } from '../../shared/result';
import { FILE_MODE, fsyncDir, translateFsError } from '../fsutil';

export const DEVICES_DIR = 'devices';
/** The folder's key file, at its root. Only the name lives here; its contents belong to joining a folder. */
export const FOLDER_KEY_FILE = 'journal.key';
export const CHANGE_FILE_EXTENSION = '.mchange';
export const SNAPSHOT_FILE_EXTENSION = '.msnap';
/** Twelve digits: names sort by number as plain text, and a device would need 30 years at 1,000 changes a second to run out. */
export const FILE_NUMBER_DIGITS = 12;
/** File numbers start at 1, so 0 can mean "nothing yet" wherever a device remembers how far it has read. */
export const FIRST_FILE_NUMBER = 1;
export const MAX_FILE_NUMBER = 10 ** FILE_NUMBER_DIGITS - 1;

/**
 * Lower-case base32 (RFC 4648's alphabet): safe in a URL and in a file name on every system, and
 * two ids never differ only by case, which matters on the case-insensitive disks of macOS and
 * Windows, where `devices/Ab…` and `devices/aB…` would be one folder.
 */
const DEVICE_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** 26 characters of 5 random bits each: 130 bits, so two devices never draw the same id. */
export const DEVICE_ID_LENGTH = 26;
const deviceIdPattern = /^[a-z2-7]{26}$/;

export function newDeviceId(): string {
  // 256 is a multiple of 32, so taking the low 5 bits of each byte keeps every character equally likely.
  const bytes = crypto.randomBytes(DEVICE_ID_LENGTH);
  let id = '';
  for (const byte of bytes) id += DEVICE_ID_ALPHABET[byte & 31];
  return id;
}

export function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && deviceIdPattern.test(value);
}

function assertDeviceId(deviceId: string): void {
  // A device id becomes a folder name: anything else could reach outside `devices/` ("..", "/").
  if (!isDeviceId(deviceId)) throw new RangeError(`Not a Mutual device id: ${JSON.stringify(deviceId)}`);
}

export function isFileNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= FIRST_FILE_NUMBER && value <= MAX_FILE_NUMBER;
}

function assertFileNumber(number: number): void {
  if (!isFileNumber(number)) throw new RangeError(`A sync file number is a whole number from ${FIRST_FILE_NUMBER} to ${MAX_FILE_NUMBER}; got ${String(number)}`);
}

export function devicesDir(folder: string): string {
  return path.join(folder, DEVICES_DIR);
}

export function deviceDir(folder: string, deviceId: string): string {
  assertDeviceId(deviceId);
  return path.join(folder, DEVICES_DIR, deviceId);
}

export function folderKeyFilePath(folder: string): string {
  return path.join(folder, FOLDER_KEY_FILE);
}

export function changeFileName(number: number): string {
  assertFileNumber(number);
  return `${String(number).padStart(FILE_NUMBER_DIGITS, '0')}${CHANGE_FILE_EXTENSION}`;
}

export function snapshotFileName(number: number): string {
  assertFileNumber(number);
  return `${String(number).padStart(FILE_NUMBER_DIGITS, '0')}${SNAPSHOT_FILE_EXTENSION}`;
}

/** A photo's file (photoFiles.ts), in `photos/` under its device's folder: `<photo id>.mphoto`. */
export const PHOTO_FILE_EXTENSION = '.mphoto';
const photoFileName = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.mphoto$/;

export function isPhotoFileName(name: string): boolean {
  return photoFileName.test(name);
}

export type SyncFileKind = 'change' | 'snapshot';

export interface SyncFileName {
  kind: SyncFileKind;
  number: number;
}

const canonicalName = /^(\d{12})\.(mchange|msnap)$/;

/**
 * The kind and number of a name exactly as `changeFileName` or `snapshotFileName` spell it, or
 * null for any other name, however close ("1.mchange", "000000000001.MCHANGE", "000000000000.mchange").
 */
export function parseSyncFileName(name: string): SyncFileName | null {
  const match = canonicalName.exec(name);
  if (!match) return null;
  const number = Number(match[1]);
  if (!isFileNumber(number)) return null;
  return { kind: match[2] === 'mchange' ? 'change' : 'snapshot', number };
}

/** Why a name in a device folder is not read. */
export type IgnoredReason =
  /** Dropbox: "name (Sam's conflicted copy 2024-03-01).ext", and its "(Case Conflict)" / "(Unicode Encoding Conflict)" renames. */
  | 'dropboxConflictedCopy'
  /** Nextcloud (and ownCloud): "name (conflicted copy [user ]2024-03-01 093612).ext", formerly "name_conflict-20240301-093612.ext". */
  | 'nextcloudConflictedCopy'
  /** Syncthing: "name.sync-conflict-20240301-093612-ABCDEF7.ext" (date, time, short id of the device that lost). */
  | 'syncthingConflict'
  /** Syncthing's file being received: ".syncthing.name.tmp" (Linux, macOS), "~syncthing~name.tmp" (Windows). */
  | 'syncthingTemp'
  /** OneDrive keeping both copies: "name-COMPUTERNAME.ext" (the Linux client: "name-host-safeBackup-0001.ext"). */
  | 'onedriveDuplicate'
  /** "name (1).ext": Dropbox, OneDrive, Google Drive and file managers keeping both copies. */
  | 'numberedDuplicate'
  /** iCloud Drive's stand-in for a file not yet downloaded: ".name.icloud". */
  | 'icloudPlaceholder'
  /** A copy or download in progress: "name~", "*.tmp", "*.part", "*.crdownload", Nextcloud's ".name.~1a2b3c4d". */
  | 'partialFile'
  /** Mutual's own file being written (`writeChangeFileExclusive`), or one a crash left behind. */
  | 'mutualTemp'
  /** The system's files: .DS_Store, desktop.ini, Thumbs.db, macOS "._name" companions. */
  | 'systemFile'
  /** A folder, link or other entry that is not a plain file, even under a canonical name. */
  | 'notAFile'
  /** Any other name: Mutual never writes it, so it never reads it. */
  | 'unknown';

const systemFiles = new Set(['.ds_store', 'desktop.ini', 'thumbs.db', 'ehthumbs.db', 'icon\r', '.dropbox', '.dropbox.attr', '.stignore', '.stfolder', '.localized', '.directory']);

/** Our temporary name: `~` + the final name + 16 hex digits + `.tmp` (see `writeChangeFileExclusive`). */
const mutualTempName = /^~\d{12}\.(?:mchange|msnap)\.[0-9a-f]{16}\.tmp$/;

/** One rule per way a sync tool names a file; the first that matches names the reason. */
const foreignRules: [IgnoredReason, RegExp][] = [
  ['icloudPlaceholder', /^\..+\.icloud$/],
  // Syncthing's lib/fs tempname.go: both prefixes are recognised on every system.
  ['syncthingTemp', /^(?:\.syncthing\.|~syncthing~)/],
  ['mutualTemp', mutualTempName],
  // Syncthing's conflictName(): name + ".sync-conflict-20060102-150405-" + modifiedBy + ext.
  ['syncthingConflict', /\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]{7}/],
  // Nextcloud's Utility::makeConflictFileName(): " (conflicted copy " [user " "] "yyyy-MM-dd hhmmss" ")".
  ['nextcloudConflictedCopy', / \(conflicted copy (?:[^()]* )?\d{4}-\d{2}-\d{2} \d{6}\)/],
  ['nextcloudConflictedCopy', /_conflict-\d{8}-\d{6}/],
  // Dropbox: the editor's name, "conflicted copy" and the date, e.g. " (Sam's conflicted copy 2024-03-01)".
  ['dropboxConflictedCopy', / \([^()]*conflicted copy[^()]*\)/i],
  ['dropboxConflictedCopy', / \((?:case|unicode encoding|selective sync) conflict\)/i],
  ['numberedDuplicate', / \(\d+\)(?:\.[^.]*)?$/],
  ['onedriveDuplicate', /^\d{12}-[^.]+\.(?:mchange|msnap)$/],
  // Nextcloud's createDownloadTmpFileName(): "." + name + ".~" + 8 hex digits.
  ['partialFile', /^\..+\.~[0-9a-f]+$/i],
  ['partialFile', /(?:~|\.tmp|\.temp|\.part|\.partial|\.filepart|\.crdownload|\.download)$/i],
  // Office's owner file and LibreOffice's lock: "~$name", ".~lock.name#".
  ['partialFile', /^(?:~\$|\.~lock\.)/],
];

/**
 * Why a name found in a device folder is not read, or null when it is a canonical name
 * (`parseSyncFileName` reads it). Never throws: any string gets an answer.
 */
export function classifyForeignName(name: string): IgnoredReason | null {
  if (parseSyncFileName(name)) return null;
  if (systemFiles.has(name.toLowerCase()) || name.startsWith('._')) return 'systemFile';
  for (const [reason, pattern] of foreignRules) if (pattern.test(name)) return reason;
  return 'unknown';
}

export interface SyncFileEntry extends SyncFileName {
  name: string;
  path: string;
  /** Bytes on disk when scanned; a change file shorter than its header says is still arriving. */
  size: number;
}

export interface DeviceFolderScan {
  /** Canonical files, by number (a change before the snapshot of the same number). */
  files: SyncFileEntry[];
  /** Every other entry and why it was skipped, by name. */
  ignored: { name: string; reason: IgnoredReason }[];
  /** Canonical names that could not be examined (no permission, gone meanwhile), by name. */
  unreadable: { name: string; code: string }[];
  /** True when the device folder does not exist (yet): a device that has written nothing, or a folder still arriving. */
  missing: boolean;
}

/**
 * Lists one device's canonical files. Names are checked before anything is opened; the files are
 * only examined (lstat, never followed), so a name that cannot be examined is reported with its
 * error code and the rest of the folder is still listed.
 */
export function scanDeviceFolder(folder: string, deviceId: string): DeviceFolderScan {
  const dir = deviceDir(folder, deviceId);
  const scan: DeviceFolderScan = { files: [], ignored: [], unreadable: [], missing: false };
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...scan, missing: true };
    if (code === 'EACCES' || code === 'EPERM')
      throw new MutualError('INTERNAL', `Mutual is not allowed to read the sync folder ${dir}. Check its permissions, or ask the sync app to repair it, and try again.`, { cause: error });
    throw error;
  }
  for (const name of names) {
    const parsed = parseSyncFileName(name);
    if (!parsed) {
      scan.ignored.push({ name, reason: classifyForeignName(name) ?? 'unknown' });
      continue;
    }
    const filePath = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(filePath);
    } catch (error) {
      scan.unreadable.push({ name, code: (error as NodeJS.ErrnoException).code ?? 'UNKNOWN' });
      continue;
    }
    // A link could point anywhere on the disk; a folder under a file's name is a sync tool's mistake.
    if (!stat.isFile()) scan.ignored.push({ name, reason: 'notAFile' });
    else scan.files.push({ ...parsed, name, path: filePath, size: stat.size });
  }
  scan.files.sort((a, b) => a.number - b.number || (a.kind === b.kind ? 0 : a.kind === 'change' ? -1 : 1));
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  scan.ignored.sort(byName);
  scan.unreadable.sort(byName);
  return scan;
}

/** Raised when a file of that name already exists: nothing was written, the existing file is untouched. */
export class SyncFileExistsError extends Error {
  readonly code = 'EEXIST';
  readonly path: string;
  constructor(target: string) {
    super(`A sync file named ${path.basename(target)} already exists in ${path.dirname(target)}. Mutual never replaces a sync file, so it wrote nothing; the existing file is as it was.`);
    this.name = 'SyncFileExistsError';
    this.path = target;
  }
}

/**
 * Creates this device's folder (and `devices/`) if missing. Sync folders are shared with other
 * devices through the sync app, so the folders get the system's usual permissions, not 0700: the
 * files are sealed, and a folder only this account may enter could stop the sync app itself.
 */
export function ensureDeviceDir(folder: string, deviceId: string): string {
  const dir = deviceDir(folder, deviceId);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw translateFsError(error);
  }
  return dir;
}

/**
 * Link failures that mean "this file system has no hard links" (exFAT and FAT drives, some network
 * and cloud mounts), as opposed to the link itself being refused.
 */
const noHardLinks = new Set(['ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EPERM', 'EXDEV', 'EMLINK']);

/**
 * Publishes a sealed file under its canonical name, never replacing one that exists.
 *
 * The bytes go to a temporary name in the same folder first (`~<name>.<random>.tmp`, which Nextcloud
 * and Dropbox do not sync and every Mutual device ignores), are fsynced, and then the final name is
 * made a hard link to them. Unlike a rename, which silently replaces its target on every system, a
 * link fails with EEXIST when the name is taken, so two writers can never both "win". The temporary
 * name is then removed and the folder fsynced, so the new name survives a power cut.
 *
 * Where the file system has no hard links, the final name is created exclusively (O_EXCL) and
 * written directly. A crash in the middle of that write leaves a file shorter than its header
 * declares, which every reader treats as "still arriving" (changeFile.ts), never as a change.
 *
 * Throws SyncFileExistsError when the name is taken; a disk or permission failure as MutualError.
 */
export function writeChangeFileExclusive(target: string, bytes: Buffer): void {
  const dir = path.dirname(target);
  const name = path.basename(target);
  if (!parseSyncFileName(name) && !isPhotoFileName(name)) throw new RangeError(`Only canonical sync file names are written; got ${JSON.stringify(name)}`);
  const temp = path.join(dir, `~${name}.${crypto.randomBytes(8).toString('hex')}.tmp`);
  try {
    writeNewFile(temp, bytes);
    try {
      fs.linkSync(temp, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code || code === 'EEXIST' || !noHardLinks.has(code)) throw error;
      writeNewFile(target, bytes);
    }
  } catch (error) {
    removeQuietly(temp);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new SyncFileExistsError(target);
    throw translateFsError(error);
  }
  // The file is published from here on: what follows is tidying and durability, and a failure of
  // either must not make the caller believe nothing was written (a retry would then meet EEXIST).
  removeQuietly(temp);
  try {
    fsyncDir(dir);
  } catch {
    // The file's own bytes were fsynced; only the name's durability across a power cut is weaker.
  }
}

/** Creates `file` (failing with EEXIST if it exists), writes and fsyncs it; removes it again if writing fails. */
function writeNewFile(file: string, bytes: Buffer): void {
  const fd = fs.openSync(file, 'wx', FILE_MODE);
  try {
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    removeQuietly(file);
    throw error;
  }
  fs.closeSync(fd);
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A leftover temporary file is ignored by every reader and removed by removeStaleTempFiles.
  }
}

/**
 * Removes temporary files a crash left in this device's own folder, so they are not copied to
 * every other device. Best effort. Only for this device's folder, and only while holding the
 * journal open: then no other writer of that folder can exist.
 */
export function removeStaleTempFiles(folder: string, deviceId: string): string[] {
  const dir = deviceDir(folder, deviceId);
  const removed: string[] = [];
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!mutualTempName.test(name)) continue;
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
  } catch {
    // Tidying only: a folder that cannot be listed or changed is reported by the writes that matter.
  }
  return removed.sort();
}
