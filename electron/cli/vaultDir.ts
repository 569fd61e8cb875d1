import path from 'node:path';
import { defaultVaultDir } from '../core/paths';
import { UsageError } from './errors';
import type { Io } from './io';
import { ENV } from './secrets';

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
