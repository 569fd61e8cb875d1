/**
 * The one rule for every file Mutual writes for the person to take away — backups (asked for or
 * scheduled), exports, a person's page — whoever asks (the app, the web host, the `mutual`
 * command): it never replaces anything already there, and it never writes inside the journal
 * folder. A backup once given `<journal>/journal.db` as its name was renamed over the journal
 * and left it unopenable; a path is a person's choice, so it is checked here, not by each caller.
 *
 * A new file is written under a temporary name beside its target and then hard-linked to its
 * name, which the OS refuses (EEXIST) when anything holds that name, even one that appeared after
 * the check; the temporary name is then removed. Where the file system has no hard links (FAT
 * and exFAT drives, some network shares) it is copied with COPYFILE_EXCL instead, which refuses
 * an existing name the same way.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MutualError } from '../shared/result';
import type { Db } from './db/connection';
import { DIR_MODE, FILE_MODE, fsyncDir, translateFsError } from './fsutil';

/** macOS and Windows file systems usually ignore case, so `Journal` is the journal folder there too. */
const caseInsensitive = process.platform === 'darwin' || process.platform === 'win32';

/** Link failures that mean "this file system has no hard links", not "you may not". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** The journal folder an open database lives in (its file's folder). */
export function journalFolderOf(db: Db): string | null {
  const file = db.name;
  if (!file || file === ':memory:') return null;
  return path.dirname(path.resolve(file));
}

/**
 * The real path of `p`: symbolic links resolved in every part that exists, the parts that do not
 * exist yet appended as given.
 */
export function realPathOf(p: string): string {
  let existing = path.resolve(p);
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw translateFsError(error);
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(p);
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

function isSameOrInside(child: string, folder: string): boolean {
  const a = caseInsensitive ? child.toLowerCase() : child;
  const b = caseInsensitive ? folder.toLowerCase() : folder;
  const rel = path.relative(b, a);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

export type OutputKind = 'backup' | 'export';

function insideJournalError(target: string, journalDir: string, kind: OutputKind): MutualError {
  return new MutualError(
    'BAD_INPUT',
    `${target} is inside your journal folder; Mutual will not write ${kind === 'backup' ? 'a backup' : 'an export'} there, where it could replace or damage the journal. Choose a place outside ${journalDir}.`,
  );
}

/** The words the app, the command and their tests already use for a name that is taken. */
export function alreadyExistsError(target: string): MutualError {
  return new MutualError('BAD_INPUT', `${target} already exists; Mutual will not overwrite it. Choose a new name, or move the existing one away first.`);
}

/**
 * Refuses a target inside the journal folder (or the folder itself), symbolic links and other
 * names for it included. Checked again once the target's folder exists (see prepareOutput).
 */
export function refuseInsideJournal(target: string, journalDirs: (string | null | undefined)[], kind: OutputKind): void {
  const dir = journalHolding(target, journalDirs);
  if (dir) throw insideJournalError(target, dir, kind);
}

/** Whether `target` is one of the journal folders or inside one (see refuseInsideJournal). */
export function isInsideJournal(target: string, journalDirs: (string | null | undefined)[]): boolean {
  return journalHolding(target, journalDirs) !== null;
}

function journalHolding(target: string, journalDirs: (string | null | undefined)[]): string | null {
  const real = realPathOf(target);
  for (const dir of journalDirs) {
    if (dir && (isSameOrInside(path.resolve(target), path.resolve(dir)) || isSameOrInside(real, realPathOf(dir)))) return dir;
  }
  return null;
}

/**
 * Checks a chosen target before anything is written: outside the journal folder, nothing there
 * yet (or, with `allowEmptyFolder`, an empty folder of its own — not a link to one). Then makes
 * the target's parent folders (private) and checks again through their real path, so a link
 * made on the way cannot lead back into the journal.
 */
export function prepareOutput(target: string, journalDirs: (string | null | undefined)[], kind: OutputKind, options: { allowEmptyFolder?: boolean } = {}): void {
  refuseInsideJournal(target, journalDirs, kind);
  let info: fs.Stats | null = null;
  try {
    info = fs.lstatSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw translateFsError(error);
  }
  if (info && !(options.allowEmptyFolder && info.isDirectory() && fs.readdirSync(target).length === 0)) throw alreadyExistsError(target);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: DIR_MODE });
  } catch (error) {
    throw translateFsError(error);
  }
  refuseInsideJournal(target, journalDirs, kind);
}

/** A temporary name beside `target` (hidden, random), for writing before the file takes its name. */
export function tempBeside(target: string, label: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${label}-${crypto.randomBytes(6).toString('hex')}`);
}

/**
 * Gives a finished temporary file (fsynced, closed) its final name without ever replacing what is
 * there, then removes the temporary name. EEXIST becomes the person's "already exists" message.
 */
export function publishNewFile(temp: string, target: string): void {
  try {
    try {
      fs.linkSync(temp, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw alreadyExistsError(target);
      if (!code || !NO_HARD_LINKS.has(code)) throw translateFsError(error);
      copyExclusive(temp, target);
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  fsyncDir(path.dirname(target));
}

function copyExclusive(temp: string, target: string): void {
  try {
    fs.copyFileSync(temp, target, fs.constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExistsError(target);
    // Created by this copy and only partly written: it is ours to remove.
    fs.rmSync(target, { force: true });
    throw translateFsError(error);
  }
  try {
    fs.chmodSync(target, FILE_MODE);
    const fd = fs.openSync(target, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw translateFsError(error);
  }
}

/** Writes `data` as a new private file at `target` (see publishNewFile); the target must be prepared. */
export function writeNewFile(target: string, data: string | Buffer): void {
  const temp = tempBeside(target, 'new');
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', FILE_MODE);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
  publishNewFile(temp, target);
}

/**
 * Moves a finished staging folder to `target`. A rename never replaces a file or a folder with
 * something in it (ENOTDIR, ENOTEMPTY, EEXIST); an empty folder the person chose is removed
 * first (rmdir refuses one that is not empty, so nothing of theirs can go).
 */
export function publishNewFolder(staging: string, target: string): void {
  try {
    let info: fs.Stats | null = null;
    try {
      info = fs.lstatSync(target);
    } catch {
      info = null;
    }
    if (info?.isDirectory()) fs.rmdirSync(target);
    else if (info) throw alreadyExistsError(target);
    fs.renameSync(staging, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') throw alreadyExistsError(target);
    throw translateFsError(error);
  }
  fsyncDir(path.dirname(target));
}
