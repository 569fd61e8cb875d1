import os from 'node:os';
import path from 'node:path';

/**
 * Where the journal lives when no folder is given: the same place for the desktop app and the
 * `mutual` command, matching Electron's per-user application data folder for an app named Mutual.
 *   Linux:   $XDG_CONFIG_HOME/Mutual/journal (default ~/.config/Mutual/journal)
 *   macOS:   ~/Library/Application Support/Mutual/journal
 *   Windows: %APPDATA%\Mutual\journal
 */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  let base: string;
  if (platform === 'darwin') base = path.join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(base, 'Mutual', 'journal');
}

export const DB_FILE = 'journal.db';
export const KEY_FILE = 'journal.key';
