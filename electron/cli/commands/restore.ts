import fs from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../../core/paths';
import { readBackupHeader } from '../../core/vault/backup';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import type { Io } from '../io';
import { withJournal } from '../journal';
import { resolveVaultDir } from '../vaultDir';

/** "2026-11-02 14:03 UTC": when the backup was made, as its header says. */
function madeAt(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'an unknown time' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Restores into a new (or empty) folder only. Replacing the journal in use is left to the app,
 * which names what will be replaced, asks, and keeps the replaced journal aside.
 */
export async function restore(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('restore', args, {}, { min: 1, max: 1, name: 'the backup file to restore' });
  const file = path.resolve(io.cwd, positionals[0]!);
  const dir = resolveVaultDir(io, values.vault);
  // backup.restore answers where it restored to, not when the backup was made: the header is
  // read here for the summary (and refuses a file that is not a backup before anything else).
  const { header } = readBackupHeader(file);
  await withJournal(dir, async (journal) => {
    const { state } = await journal.call('vault.status', {});
    if (state !== 'new' || fs.existsSync(path.join(dir, DB_FILE))) {
      throw new MutualError(
        'VAULT_EXISTS',
        `A journal already exists in ${dir}; Mutual will not overwrite it. Restore into a new folder with --vault NEW_FOLDER (or use Restore in the app’s Settings, which keeps the replaced journal aside).`,
      );
    }
    await journal.call('backup.restore', { mode: 'new-folder', file, target: dir });
  });
  io.stdout.write(
    `Restored the backup made ${madeAt(header.createdAt)} into ${dir}. It opens with the passphrase or the recovery code of the journal it was made from, as they were when the backup was made.\n`,
  );
  return 0;
}
