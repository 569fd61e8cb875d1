import fs from 'node:fs';
import path from 'node:path';
import { backupFileName } from '../../core/vault/backup';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { jobFailure, withUnlocked } from '../journal';
import { progressBar } from '../progress';
import { resolveVaultDir } from '../vaultDir';

export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Where --out puts the backup: a new file, or a new file named by the time inside a folder that
 * exists. An existing file is never overwritten (it may be the only copy of an older backup).
 */
function backupTarget(io: Io, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim()) throw new UsageError('--out needs a file name, as in --out ~/journal.mutualbackup.');
  const target = path.resolve(io.cwd, value);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) return path.join(target, backupFileName());
  if (fs.existsSync(target)) throw new MutualError('BAD_INPUT', `${target} already exists; Mutual will not overwrite it. Choose a new name for --out.`);
  return target;
}

export async function backup(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('backup', args, { out: { type: 'string' } }, { min: 0, max: 0 });
  const out = backupTarget(io, values.out);
  const dir = resolveVaultDir(io, values.vault);
  const bar = progressBar(io, 'Backing up');
  const status = await withUnlocked(io, dir, (journal) => {
    bar.status('Backing up your journal…');
    return journal.followJob(() => journal.call('backup.run', { out })).finally(() => bar.clear());
  });
  if (status.state !== 'done') throw jobFailure(status);
  const result = status.result as { file: string; bytes: number; removed: string[] };
  const removed = result.removed.length;
  const kept = removed ? ` Removed ${removed} older ${removed === 1 ? 'backup' : 'backups'} from that folder, keeping the newest as set in the app.` : '';
  io.stdout.write(
    `Backed up your journal to ${result.file} (${megabytes(result.bytes)}). The backup is encrypted: it opens only with this journal’s passphrase or recovery code.${kept}\n`,
  );
  return 0;
}
