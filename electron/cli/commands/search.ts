import type { SectionKind } from '../../shared/doc';
import { sectionKinds } from '../../shared/doc';
import { searchInput } from '../../shared/contract';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import type { HitView } from '../format';
import { hitLines } from '../format';
import type { Io } from '../io';
import { personIdFor, withUnlocked } from '../journal';
import { resolveVaultDir } from '../vaultDir';

/** The most hits one search returns (the service's own ceiling). */
export const SEARCH_LIMIT = 500;

export function checkSections(values: string[] | undefined): SectionKind[] {
  return (values ?? []).map((value) => {
    const kind = value.trim().toLowerCase();
    if (!(sectionKinds as readonly string[]).includes(kind)) throw new UsageError(`--in ${value}: choose one of ${sectionKinds.join(', ')}.`);
    return kind as SectionKind;
  });
}

export async function search(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'search',
    args,
    { person: { type: 'string' }, in: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    { min: 0, max: Infinity },
  );
  // Unquoted words arrive as several arguments; the query language treats them the same joined.
  const q = positionals.join(' ').trim();
  const sections = checkSections(values.in);
  if (!q && values.person === undefined) throw new UsageError('“mutual search” needs something to search for, as in mutual search "kind words".');
  if (!searchInput.shape.q.safeParse(q).success) throw new UsageError('That query is too long; search for fewer words.');
  const dir = resolveVaultDir(io, values.vault);
  const result = await withUnlocked(io, dir, async (journal) =>
    journal.call('search.query', { q, personId: await personIdFor(journal, values.person), sections: [...new Set(sections)], limit: SEARCH_LIMIT }),
  );
  const hits: HitView[] = result.hits.map((h) => ({ id: h.entryId, date: h.date, people: h.people.map((p) => p.name), section: h.section, snippet: h.snippet }));
  if (result.hint) io.stderr.write(`${result.hint}\n`);
  if (hits.length === SEARCH_LIMIT) io.stderr.write(`Showing the first ${SEARCH_LIMIT} matches; add words or filters to narrow the search.\n`);
  if (values.json) {
    const json = hits.map((h) => ({ id: h.id, date: h.date, people: h.people, section: h.section, snippet: h.snippet.map((p) => p.text).join('') }));
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else io.stdout.write(hits.length ? `${hitLines(io, hits)}\n` : 'Nothing matches.\n');
  return 0;
}
