import { entryTexts } from '../../core/services/entries';
import { parseCommandArgs } from '../args';
import { entryBlock } from '../format';
import type { Io } from '../io';
import { resolveVaultDir, withVault } from '../vaultDir';

export async function show(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('show', args, { json: { type: 'boolean' } }, { min: 1, max: 1, name: 'the id of an entry (see “mutual list”)' });
  const id = positionals[0]!.trim();
  const dir = resolveVaultDir(io, values.vault);
  const entry = await withVault(io, dir, ({ db }) => entryTexts(db, id));
  io.stdout.write(values.json ? `${JSON.stringify(entry, null, 2)}\n` : `${entryBlock(entry)}\n`);
  return 0;
}
