/**
 * Tags (schema 60): one row per tag however it is capitalised, and which entries carry it —
 * derived from the tag nodes of each entry's document, like mentions.
 */
import { cleanTagName, tagKey } from '../../../shared/doc';
import type { Db } from '../connection';
import { stmt } from '../statements';

export interface TagRow {
  id: number;
  name: string;
  entries: number;
}

/** The tag's id, adding it the first time it is used. */
export function tagIdFor(db: Db, name: string): number {
  const clean = cleanTagName(name);
  stmt(db, 'INSERT INTO tags (name, key) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(clean, tagKey(clean));
  return (stmt(db, 'SELECT id FROM tags WHERE key = ?').get(tagKey(clean)) as { id: number }).id;
}

export function findTag(db: Db, name: string): { id: number; name: string } | null {
  return (stmt(db, 'SELECT id, name FROM tags WHERE key = ?').get(tagKey(name)) as { id: number; name: string } | undefined) ?? null;
}

/** The keys of the tags an entry carries now. */
export function storedTagKeys(db: Db, seq: number): string[] {
  return (stmt(db, 'SELECT t.key FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE et.entry_seq = ?').all(seq) as { key: string }[]).map((r) => r.key);
}

/** Replaces an entry's tags; a tag no entry carries any more is forgotten. */
export function replaceEntryTags(db: Db, seq: number, names: string[]): void {
  const before = (stmt(db, 'SELECT tag_id FROM entry_tags WHERE entry_seq = ?').all(seq) as { tag_id: number }[]).map((r) => r.tag_id);
  stmt(db, 'DELETE FROM entry_tags WHERE entry_seq = ?').run(seq);
  for (const name of names) stmt(db, 'INSERT OR IGNORE INTO entry_tags (tag_id, entry_seq) VALUES (?, ?)').run(tagIdFor(db, name), seq);
  for (const id of before) forgetIfUnused(db, id);
}

export function forgetIfUnused(db: Db, id: number): void {
  stmt(db, 'DELETE FROM tags WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = ?)').run(id, id);
}

/** Every tag in use, with how many entries carry it, by name. */
export function listTags(db: Db): TagRow[] {
  return stmt(
    db,
    `SELECT t.id, t.name, count(et.entry_seq) AS entries FROM tags t JOIN entry_tags et ON et.tag_id = t.id
     GROUP BY t.id ORDER BY t.name COLLATE NOCASE`,
  ).all() as TagRow[];
}

/** The tags of each entry, by entry seq, in one query. */
export function tagsOfEntries(db: Db, seqs: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (seqs.length === 0) return out;
  const rows = stmt(
    db,
    `SELECT et.entry_seq AS seq, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id
     WHERE et.entry_seq IN (SELECT value FROM json_each(?)) ORDER BY t.name COLLATE NOCASE`,
  ).all(JSON.stringify(seqs)) as { seq: number; name: string }[];
  for (const r of rows) out.set(r.seq, [...(out.get(r.seq) ?? []), r.name]);
  return out;
}

export function entrySeqsWithTag(db: Db, id: number): number[] {
  return (stmt(db, 'SELECT entry_seq FROM entry_tags WHERE tag_id = ?').all(id) as { entry_seq: number }[]).map((r) => r.entry_seq);
}

export function setTagName(db: Db, id: number, name: string): void {
  stmt(db, 'UPDATE tags SET name = ?, key = ? WHERE id = ?').run(cleanTagName(name), tagKey(name), id);
}
