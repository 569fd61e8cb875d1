/**
 * Encrypted backups. A backup is one file: a short header holding the journal's key file (the
 * data key, still wrapped under the passphrase and the recovery code) followed by an encrypted
 * copy of the database made with `VACUUM INTO` — which SQLite3 Multiple Ciphers writes under the
 * same cipher and key — so a backup opens only with the passphrase or the recovery code, exactly
 * like the journal, and never holds a plaintext page.
 *
 *   MUTUAL-BACKUP 1\n
 *   <header JSON, one line>\n
 *   <database bytes>
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MutualError } from '../../shared/result';
import { schemaVersion } from '../db/migrate';
import { DIR_MODE, FILE_MODE, fsyncDir, translateFsError, writeFileAtomic } from '../fsutil';
import { journalFolderOf, prepareOutput, publishNewFile } from '../outputs';
import { DB_FILE, KEY_FILE } from '../paths';
import type { Db } from '../db/connection';
import { keyFilePath, parseKeyFile, readKeyFile } from './keyFile';

const MAGIC = 'MUTUAL-BACKUP 1\n';
const headerSchema = z.object({
  format: z.literal('mutual-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  schemaVersion: z.number().int().min(0),
  keyFile: z.string().max(10_000),
});
export type BackupHeader = z.infer<typeof headerSchema>;

function tempNameBeside(target: string, label: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${label}-${crypto.randomBytes(6).toString('hex')}`);
}

/**
 * Writes a backup of the open journal to `target`, a new file: never over anything already
 * there, never inside the journal folder (electron/core/outputs.ts). Written in full under a
 * temporary name first, so the target is either a whole backup or absent. Safe while the app is
 * in use.
 */
export function writeBackup(db: Db, vaultDir: string, target: string): { bytes: number } {
  readKeyFile(vaultDir); // refuses a damaged key file before anything is written
  const keyFile = fs.readFileSync(keyFilePath(vaultDir), 'utf8');
  prepareOutput(target, [vaultDir, journalFolderOf(db)], 'backup');
  const copy = tempNameBeside(target, 'db');
  const temp = tempNameBeside(target, 'backup');
  let fd: number | undefined;
  try {
    db.prepare('VACUUM INTO ?').run(copy);
    const header: BackupHeader = { format: 'mutual-backup', version: 1, createdAt: new Date().toISOString(), schemaVersion: schemaVersion(db), keyFile };
    fd = fs.openSync(temp, 'wx', FILE_MODE);
    let bytes = fs.writeSync(fd, Buffer.from(MAGIC + JSON.stringify(header) + '\n', 'utf8'));
    bytes += appendFile(fd, copy);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    publishNewFile(temp, target);
    return { bytes };
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

/** Copies `source` to the end of the open file in chunks, so a large journal never sits in memory whole. */
function appendFile(fd: number, source: string): number {
  const chunk = Buffer.alloc(1024 * 1024);
  const input = fs.openSync(source, 'r');
  let total = 0;
  try {
    for (;;) {
      const read = fs.readSync(input, chunk, 0, chunk.length, null);
      if (read === 0) return total;
      let written = 0;
      while (written < read) written += fs.writeSync(fd, chunk, written, read - written);
      total += read;
    }
  } finally {
    fs.closeSync(input);
  }
}

export function readBackupHeader(file: string): { header: BackupHeader; dbOffset: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new MutualError('NOT_FOUND', `There is no backup file at ${file}.`);
    throw error;
  }
  try {
    const head = Buffer.alloc(16 * 1024);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, read).toString('latin1');
    const notBackup = new MutualError('BAD_INPUT', `${path.basename(file)} is not a Mutual backup (or it is damaged). Choose a file made by “Backup now” or \`mutual backup\`.`);
    if (!text.startsWith(MAGIC)) throw notBackup;
    const end = text.indexOf('\n', MAGIC.length);
    if (end < 0) throw notBackup;
    let header: BackupHeader;
    try {
      header = headerSchema.parse(JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')));
    } catch {
      throw notBackup;
    }
    // The key file inside is held to the same schema as the journal's own (exact GCM IV and tag
    // lengths), so a damaged one is refused here rather than restored.
    try {
      parseKeyFile(header.keyFile);
    } catch (error) {
      if (error instanceof MutualError && error.code === 'VAULT_FROM_NEWER_VERSION') throw error;
      throw notBackup;
    }
    return { header, dbOffset: end + 1 };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Unpacks a backup into `targetDir`, which must not hold a journal. Written into a temporary
 * folder beside it and renamed at the end, so a failure leaves no half journal behind.
 */
export function restoreBackup(file: string, targetDir: string): void {
  const { header, dbOffset } = readBackupHeader(file);
  if (fs.existsSync(path.join(targetDir, KEY_FILE)) || fs.existsSync(path.join(targetDir, DB_FILE))) throw new MutualError('VAULT_EXISTS', `${targetDir} already holds a journal; Mutual will not overwrite it. Restore into a new folder, or use Replace.`);
  if (fs.existsSync(targetDir) && fs.readdirSync(targetDir).length > 0) throw new MutualError('BAD_INPUT', `${targetDir} is not empty. Choose a new or empty folder to restore into.`);
  const staging = tempNameBeside(targetDir, 'restore');
  try {
    fs.mkdirSync(path.dirname(targetDir), { recursive: true });
    fs.mkdirSync(staging, { mode: DIR_MODE });
    const data = fs.readFileSync(file);
    writeFileAtomic(path.join(staging, DB_FILE), data.subarray(dbOffset));
    fs.chmodSync(path.join(staging, DB_FILE), FILE_MODE);
    writeFileAtomic(path.join(staging, KEY_FILE), header.keyFile);
    if (fs.existsSync(targetDir)) fs.rmdirSync(targetDir); // empty, checked above
    fs.renameSync(staging, targetDir);
    fsyncDir(path.dirname(targetDir));
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw translateFsError(error);
  }
}

/**
 * Replaces the journal in `vaultDir` with a backup. The journal being replaced is moved aside to
 * `<vaultDir>.replaced-<time>`, never deleted. The vault must be locked first.
 */
export function replaceWithBackup(file: string, vaultDir: string, now: Date = new Date()): { keptAt: string } {
  readBackupHeader(file);
  const keptAt = `${vaultDir}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
  const staging = tempNameBeside(vaultDir, 'incoming');
  restoreBackup(file, staging);
  try {
    fs.renameSync(vaultDir, keptAt);
    fs.renameSync(staging, vaultDir);
    fsyncDir(path.dirname(vaultDir));
  } catch (error) {
    if (!fs.existsSync(vaultDir) && fs.existsSync(keptAt)) fs.renameSync(keptAt, vaultDir);
    fs.rmSync(staging, { recursive: true, force: true });
    throw translateFsError(error);
  }
  return { keptAt };
}

/** Backups in a folder, newest first (by the time in their name). */
export function listBackups(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => /^mutual-\d{4}-\d{2}-\d{2}T[\d-]+Z(?:-[\w-]+)?\.mutualbackup$/.test(name))
    .sort()
    .reverse()
    .map((name) => path.join(folder, name));
}

export function backupFileName(now: Date = new Date(), label?: string): string {
  return `mutual-${now.toISOString().replace(/[:.]/g, '-')}${label ? `-${label}` : ''}.mutualbackup`;
}

/** Keeps the newest `keep` backups in the folder and removes older ones made by Mutual. */
export function pruneBackups(folder: string, keep: number): string[] {
  const removed = listBackups(folder).slice(Math.max(1, keep));
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}
