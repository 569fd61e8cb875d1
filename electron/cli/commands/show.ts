import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { entryBlock, entryTexts } from '../format';
import type { Io } from '../io';
import { withUnlocked } from '../journal';
import { resolveVaultDir } from '../vaultDir';

export async function show(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('show', args, { json: { type: 'boolean' } }, { min: 1, max: 1, name: 'the id of an entry (see “mutual list”)' });
  const id = positionals[0]!.trim();
  const dir = resolveVaultDir(io, values.vault);
  const entry = await withUnlocked(io, dir, (journal) =>
    journal.call('entries.get', { id }).catch((error: unknown) => {
      // An id that is not one (empty, too long) cannot name an entry either.
      const code = (error as MutualError).code;
      if (code === 'NOT_FOUND' || code === 'BAD_INPUT') throw new MutualError('NOT_FOUND', `No entry has the id ${id}.`);
      throw error;
    }),
  );
  const texts = entryTexts(entry);
  io.stdout.write(values.json ? `${JSON.stringify(texts, null, 2)}\n` : `${entryBlock(texts)}\n`);
  return 0;
}
