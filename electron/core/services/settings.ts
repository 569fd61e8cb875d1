import type { Settings } from '../../shared/contract';
import { getSetting, setSetting } from '../db/repos/settings';
import type { Db } from '../vault/database';

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 10 };

export function getSettings(db: Db): Settings {
  const minutes = Number(getSetting(db, 'autoLockMinutes'));
  return { autoLockMinutes: Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_SETTINGS.autoLockMinutes };
}

export function updateSettings(db: Db, patch: Partial<Settings>): Settings {
  if (patch.autoLockMinutes !== undefined) setSetting(db, 'autoLockMinutes', String(patch.autoLockMinutes));
  return getSettings(db);
}
