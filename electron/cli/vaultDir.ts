import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE, defaultVaultDir, KEY_FILE } from '../core/paths';
import { Vault } from '../core/vault/vault';
import { MutualError } from '../shared/result';
import { UsageError } from './errors';
import type { Io } from './io';
import { askPassphrase, ENV } from './secrets';

/** --vault DIR, else MUTUAL_VAULT, else the folder the desktop app uses. */
export function resolveVaultDir(io: Io, option: string | undefined): string {
  if (option !== undefined) {
    if (!option.trim()) throw new UsageError('--vault needs a folder, as in --vault ~/journal.');
    return path.resolve(io.cwd, option);
  }
  const fromEnv = io.env[ENV.vault];
  if (fromEnv) return path.resolve(io.cwd, fromEnv);
  return defaultVaultDir(io.env);
}

/** Fails before any prompt when there is no journal to open, so no one types a passphrase for nothing. */
export function requireJournal(dir: string): void {
  if (Vault.exists(dir)) return;
  if (fs.existsSync(path.join(dir, DB_FILE)))
    throw new MutualError('VAULT_DAMAGED', `The key file (${KEY_FILE}) is missing from ${dir}, so the journal cannot be opened. Restore it from a backup of this folder; Mutual changed nothing.`);
  throw new MutualError('VAULT_NOT_FOUND', `No journal was found in ${dir}. Create one with “mutual init”, or point --vault or ${ENV.vault} at the folder where your journal lives.`);
}

/** Unlocks with the passphrase, runs `use`, and always locks again (closing the file, zeroing the key). */
export async function withVault<T>(io: Io, dir: string, use: (vault: Vault) => T | Promise<T>): Promise<T> {
  requireJournal(dir);
  const passphrase = await askPassphrase(io);
  const vault = await Vault.unlock(dir, passphrase);
  try {
    return await use(vault);
  } finally {
    vault.lock();
  }
}
