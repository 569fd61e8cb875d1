import type { EntryTexts } from '../format';
import { entryLines, entryTexts } from '../format';
import type { Io } from '../io';
import { personIdFor, withUnlocked } from '../journal';
import { parseCommandArgs } from '../args';
import { resolveVaultDir } from '../vaultDir';

/** Entries asked for per entries.list call (its ceiling). */
const PAGE = 100_000;

export async function list(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('list', args, { person: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  const entries = await withUnlocked(io, dir, async (journal) => {
    const personId = await personIdFor(journal, values.person);
    // entries.list gives summaries (an excerpt); the whole text of each entry comes from entries.get.
    const texts: EntryTexts[] = [];
    for (;;) {
      const page = await journal.call('entries.list', { personId, limit: PAGE, offset: texts.length });
      for (const item of page.items) texts.push(entryTexts(await journal.call('entries.get', { id: item.id })));
      if (page.items.length === 0 || texts.length >= page.total) return texts;
    }
  });
  if (values.json) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else if (entries.length) io.stdout.write(`${entryLines(io, entries)}\n`);
  else io.stdout.write(values.person ? `No entries about ${values.person.trim()} yet.\n` : 'No entries yet.\n');
  return 0;
}
