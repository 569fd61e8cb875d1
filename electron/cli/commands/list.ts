import { listEntryTexts } from '../../core/services/entries';
import { parseCommandArgs } from '../args';
import { entryLines } from '../format';
import type { Io } from '../io';
import { resolveVaultDir, withVault } from '../vaultDir';
import { personIdFor } from './people';

export async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('list', args, { person: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  const entries = await withVault(io, dir, ({ db }) => listEntryTexts(db, { personId: personIdFor(db, values.person) }));
  if (values.json) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else if (entries.length) io.stdout.write(`${entryLines(io, entries)}\n`);
  else io.stdout.write(values.person ? `No entries about ${values.person.trim()} yet.\n` : 'No entries yet.\n');
  return 0;
}
