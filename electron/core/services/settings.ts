import path from 'node:path';
import type { Settings } from '../../shared/contract';
import { getSetting, setSetting } from '../db/repos/settings';
import type { Db } from '../db/connection';
import { journalFolderOf, refuseInsideJournal } from '../outputs';
import { backupDirFor } from '../vault/vault';

export const DEFAULT_AUTO_LOCK_MINUTES = 10;
export const DEFAULT_BACKUP_KEEP = 10;

export function getSettings(db: Db, vaultDir: string): Settings {
  const minutes = Number(getSetting(db, 'autoLockMinutes'));
  const keep = Number(getSetting(db, 'backupKeep'));
  const every = getSetting(db, 'backupEvery');
  return {
    autoLockMinutes: Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_AUTO_LOCK_MINUTES,
    backupEvery: every === 'weekly' || every === 'off' ? every : 'daily',
    backupKeep: Number.isInteger(keep) && keep > 0 ? keep : DEFAULT_BACKUP_KEEP,
    backupFolder: backupDirFor(db, vaultDir),
    lastBackupAt: getSetting(db, 'lastBackupAt'),
    notifyReminders: getSetting(db, 'notifyReminders') === 'on',
    keepPhotoDetails: getSetting(db, 'keepPhotoDetails') === 'on',
    journalFolder: path.resolve(vaultDir),
  };
}

export function updateSettings(db: Db, vaultDir: string, patch: Partial<Omit<Settings, 'lastBackupAt' | 'journalFolder'>>): Settings {
  // Said now, when the folder is chosen, rather than by every scheduled backup failing quietly later.
  if (patch.backupFolder !== undefined) refuseInsideJournal(patch.backupFolder, [vaultDir, journalFolderOf(db)], 'backup');
  db.transaction(() => {
    if (patch.autoLockMinutes !== undefined) setSetting(db, 'autoLockMinutes', String(patch.autoLockMinutes));
    if (patch.backupEvery !== undefined) setSetting(db, 'backupEvery', patch.backupEvery);
    if (patch.backupKeep !== undefined) setSetting(db, 'backupKeep', String(patch.backupKeep));
    if (patch.backupFolder !== undefined) setSetting(db, 'backupFolder', patch.backupFolder);
    if (patch.notifyReminders !== undefined) setSetting(db, 'notifyReminders', patch.notifyReminders ? 'on' : 'off');
    if (patch.keepPhotoDetails !== undefined) setSetting(db, 'keepPhotoDetails', patch.keepPhotoDetails ? 'on' : 'off');
  })();
  return getSettings(db, vaultDir);
}

export function recordBackup(db: Db, at: Date): void {
  setSetting(db, 'lastBackupAt', at.toISOString());
}
