/** Backups the person asks for and the scheduled ones, with the keep-the-last-N rule. */
import path from 'node:path';
import type { Db } from '../db/connection';
import { backupFileName, pruneBackups, writeBackup } from '../vault/backup';
import { getSettings, recordBackup } from './settings';

const INTERVAL_MS = { daily: 24 * 3600_000, weekly: 7 * 24 * 3600_000 } as const;

export function backupNow(db: Db, vaultDir: string, out?: string, now: Date = new Date()): { file: string; bytes: number; removed: string[] } {
  const settings = getSettings(db, vaultDir);
  const file = out ?? path.join(settings.backupFolder, backupFileName(now));
  const { bytes } = writeBackup(db, vaultDir, file);
  recordBackup(db, now);
  // Only the scheduled folder is pruned; a backup written elsewhere is the person's own file.
  const removed = out ? [] : pruneBackups(settings.backupFolder, settings.backupKeep);
  return { file, bytes, removed };
}

/** Makes the scheduled backup when one is due; returns the file, or null when none was due. */
export function backupIfDue(db: Db, vaultDir: string, now: Date = new Date()): string | null {
  const settings = getSettings(db, vaultDir);
  if (settings.backupEvery === 'off') return null;
  const last = settings.lastBackupAt ? Date.parse(settings.lastBackupAt) : 0;
  if (now.getTime() - last < INTERVAL_MS[settings.backupEvery]) return null;
  return backupNow(db, vaultDir, undefined, now).file;
}
