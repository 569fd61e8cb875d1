/**
 * Tags across the journal: the list with how many entries carry each, and renaming one in every
 * entry's document (the document is the source of truth; the tag tables follow it).
 */
import type { TagSummary } from '../../shared/contract';
import { cleanTagName, tagKey } from '../../shared/doc';
import { MutualError } from '../../shared/result';
import type { Db } from '../db/connection';
import { entrySeqsWithTag, findTag, listTags as listTagRows, setTagName } from '../db/repos/tags';
import { renameTagInEntry } from './entries';

export function listTags(db: Db): TagSummary[] {
  return listTagRows(db).map((t) => ({ name: t.name, entries: t.entries }));
}

/**
 * Renames a tag everywhere. Renaming to the name of another tag joins the two; changing only its
 * capitals changes how it is shown.
 */
export function renameTag(db: Db, input: { from: string; to: string }): { renamed: number } {
  const to = cleanTagName(input.to);
  if (!to) throw new MutualError('BAD_INPUT', 'A tag needs a name: type at least one letter.');
  const tag = findTag(db, input.from);
  if (!tag) throw new MutualError('NOT_FOUND', `No entry has the tag “${cleanTagName(input.from)}” any more.`);
  const seqs = entrySeqsWithTag(db, tag.id);
  db.transaction(() => {
    const target = findTag(db, to);
    // Only the capitals change: the same tag keeps its id and entries.
    if (target?.id === tag.id) setTagName(db, tag.id, to);
    for (const seq of seqs) renameTagInEntry(db, seq, tagKey(tag.name), to);
    if (target) setTagName(db, target.id, to);
  })();
  return { renamed: seqs.length };
}
