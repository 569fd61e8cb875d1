import fs from 'node:fs';
import path from 'node:path';
import { photosFolderBeside } from '../../core/services/exportPaths';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../shared/exportWarning';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { Interrupted, UsageError } from '../errors';
import type { Io } from '../io';
import { watchInterrupt } from '../io';
import { jobFailure, personIdFor, withUnlocked } from '../journal';
import { formatCount, progressBar } from '../progress';
import { resolveVaultDir } from '../vaultDir';
import { checkDate } from './add';

const options = {
  format: { type: 'string' },
  out: { type: 'string' },
  person: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

const formats = ['markdown', 'json'] as const;

const STOPPED = 'The export was stopped; nothing was written.';

/** --out PATH, resolved from the working folder; it must not already hold anything. */
export function checkOutPath(io: Io, value: string | undefined, command: string, what: string): string {
  if (value === undefined || !value.trim()) throw new UsageError(`“mutual ${command}” needs --out ${what}. Run “mutual ${command} --help” for how to use it.`);
  return path.resolve(io.cwd, value);
}

/** Checked before the passphrase is asked for, so no one types it for an export that cannot be written. */
function refuseExisting(target: string): void {
  if (!fs.existsSync(target)) return;
  if (fs.statSync(target).isDirectory() && fs.readdirSync(target).length === 0) return;
  throw new MutualError('BAD_INPUT', `${target} already exists; Mutual will not overwrite it. Choose a new name for --out.`);
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('export', args, options, { min: 0, max: 0 });
  const format = values.format?.trim().toLowerCase();
  if (format === undefined) throw new UsageError('“mutual export” needs --format markdown or --format json.');
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format ${values.format}: choose markdown (a folder of files) or json (one file).`);
  const out = checkOutPath(io, values.out, 'export', format === 'json' ? 'FILE' : 'FOLDER');
  const from = values.from === undefined ? undefined : checkDate(values.from, '--from');
  const to = values.to === undefined ? undefined : checkDate(values.to, '--to');
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}; nothing could match.`);
  refuseExisting(out);
  const dir = resolveVaultDir(io, values.vault);
  const bar = progressBar(io, 'Exporting');
  const stop = watchInterrupt(io, () => bar.stopping('Stopping; nothing will be left behind…'));
  try {
    const status = await withUnlocked(io, dir, async (journal) => {
      const personId = await personIdFor(journal, values.person);
      io.stderr.write(`${EXPORT_NOT_ENCRYPTED_WARNING}\n`);
      bar.status('Exporting your journal…');
      if (stop.requested()) throw new Interrupted(STOPPED);
      return journal.followJob(
        () => journal.call('export.run', { format: format as (typeof formats)[number], out, personId, from, to }),
        (job) => job.total !== null && bar.update(job.done, job.total),
        stop,
      );
    });
    bar.clear();
    if (status.state === 'cancelled' || (status.state === 'failed' && stop.requested())) throw new Interrupted(STOPPED);
    if (status.state === 'failed') throw jobFailure(status);
    const result = status.result as { entries: number; people: number; photos?: number };
    const entries = `${formatCount(result.entries)} ${result.entries === 1 ? 'entry' : 'entries'}`;
    const people = `${formatCount(result.people)} ${result.people === 1 ? 'person' : 'people'}`;
    const photos = result.photos ? `${formatCount(result.photos)} ${result.photos === 1 ? 'photo' : 'photos'}` : null;
    const what = photos ? `${entries}, ${people} and ${photos}` : `${entries} and ${people}`;
    const where = format === 'json' ? `${out}${photos ? ` (the photos in ${photosFolderBeside(out)})` : ''}` : `the folder ${out}`;
    io.stdout.write(`Exported ${what} to ${where}.\n`);
    return 0;
  } catch (error) {
    bar.clear();
    if (stop.requested()) throw new Interrupted(STOPPED);
    throw error;
  } finally {
    stop.release();
  }
}
