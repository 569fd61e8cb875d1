import type { SectionKind } from '../../../shared/doc';
import type { DocUnsaidItem, SectionPerson } from '../../../shared/doc';
import type { PersonRef } from '../../../shared/contract';
import type { Db } from '../connection';
import { stmt } from '../statements';

export interface EntryRow {
  seq: number;
  id: string;
  date: string;
  /** Local date and time of writing with its offset (schema 60), or null when unknown. */
  written_at: string | null;
  doc: string;
  given: string;
  received: string;
  unsaid: string;
  note: string;
  created_at: string;
  updated_at: string;
}

export type SectionTexts = Record<SectionKind, string>;

/** The order of a journal: newest day first, then within a day newest time of writing, then newest written (schema 60's index). */
export const NEWEST_FIRST = 'date DESC, written_at DESC, seq DESC';
/** The same order, oldest first (exports). */
export const OLDEST_FIRST = 'date, written_at, seq';

export function getEntryRow(db: Db, id: string): EntryRow | null {
  return (stmt(db, 'SELECT * FROM entries WHERE id = ?').get(id) as EntryRow | undefined) ?? null;
}

export function getEntryRowBySeq(db: Db, seq: number): EntryRow | null {
  return (stmt(db, 'SELECT * FROM entries WHERE seq = ?').get(seq) as EntryRow | undefined) ?? null;
}

export function insertEntry(db: Db, e: { id: string; date: string; writtenAt: string | null; doc: string; texts: SectionTexts; now: string }): number {
  const info = stmt(
    db,
    `INSERT INTO entries (id, date, written_at, doc, given, received, unsaid, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.id, e.date, e.writtenAt, e.doc, e.texts.given, e.texts.received, e.texts.unsaid, e.texts.note, e.now, e.now);
  return Number(info.lastInsertRowid);
}

/**
 * Rewrites an entry's document and texts. With `stored` (its row as read before), the day and time
 * of writing are left out of the statement when they stay the same: SQLite rewrites an index entry
 * for every indexed column a statement sets, even to the value it had, so an autosave would
 * otherwise rewrite a page of `entries_by_day` each time.
 */
export function updateEntry(
  db: Db,
  e: { seq: number; date: string; writtenAt: string | null; doc: string; texts: SectionTexts; now: string },
  stored?: { date: string; written_at: string | null },
): void {
  // The values both statements end with.
  const rest = [e.doc, e.texts.given, e.texts.received, e.texts.unsaid, e.texts.note, e.now, e.seq];
  if (stored && stored.date === e.date && stored.written_at === e.writtenAt) {
    stmt(db, 'UPDATE entries SET doc = ?, given = ?, received = ?, unsaid = ?, note = ?, updated_at = ? WHERE seq = ?').run(...rest);
  } else {
    stmt(db, 'UPDATE entries SET date = ?, written_at = ?, doc = ?, given = ?, received = ?, unsaid = ?, note = ?, updated_at = ? WHERE seq = ?').run(e.date, e.writtenAt, ...rest);
  }
}

export function deleteEntry(db: Db, seq: number): void {
  stmt(db, 'DELETE FROM entries WHERE seq = ?').run(seq);
}

/**
 * Writes everything derived from a new entry's document: who each section is about, and unsaid
 * items. An entry saved again goes through `updateMentions` and `updateUnsaidItems` instead,
 * which write only what changed.
 */
export function insertDerived(db: Db, seq: number, mentions: SectionPerson[], items: DocUnsaidItem[]): void {
  // Cached statements: preparing four for every entry took half the time of writing an import.
  for (const m of mentions) addMention(db, seq, m);
  insertUnsaidItems(db, seq, items);
}

// Each mention carries its entry's date (the people list and a person's page read it per person);
// the entry row is written first, and a later change of date follows through a trigger (0020).
// OR IGNORE: a person named twice in one section is one row, the first one's.
function addMention(db: Db, seq: number, m: SectionPerson): void {
  stmt(db, 'INSERT OR IGNORE INTO mentions (person_id, entry_seq, section, date, direct) VALUES (?, ?, ?, (SELECT date FROM entries WHERE seq = ?), ?)').run(m.personId, seq, m.section, seq, m.direct ? 1 : 0);
}

/**
 * Brings an entry's mention rows from what is stored to what its document now says, writing only
 * the rows that differ. Every mention row written or deleted fires the triggers that keep each
 * person's entry count and entry list (0020, 0110), and dirties pages far apart in the database;
 * an autosave while typing in Unsaid used to delete and rewrite every mention of the entry.
 * New rows go in before old ones go, so a person who only moved to another section is never
 * counted out of the entry and back in.
 */
export function updateMentions(db: Db, seq: number, stored: StoredDerived['mentions'], mentions: SectionPerson[]): void {
  const key = (personId: string, section: string) => `${personId}\u0000${section}`;
  const wanted = new Map<string, SectionPerson>();
  for (const m of mentions) if (!wanted.has(key(m.personId, m.section))) wanted.set(key(m.personId, m.section), m);
  const present = new Map(stored.map((row) => [key(row.person_id, row.section), row]));
  for (const [k, m] of wanted) {
    const row = present.get(k);
    if (!row) addMention(db, seq, m);
    else if (row.direct !== (m.direct ? 1 : 0)) stmt(db, 'UPDATE mentions SET direct = ? WHERE person_id = ? AND entry_seq = ? AND section = ?').run(m.direct ? 1 : 0, m.personId, seq, m.section);
  }
  for (const [k, row] of present) if (!wanted.has(k)) stmt(db, 'DELETE FROM mentions WHERE person_id = ? AND entry_seq = ? AND section = ?').run(row.person_id, seq, row.section);
}

/**
 * Brings an entry's unsaid items (and who each is about) to those its document now holds, touching
 * only what differs: an item whose words grow as the person types is one UPDATE, and the rows of
 * who it is about stay where they are. (Replacing them all rewrote five or six pages of the
 * journal on every autosave of an entry with unsaid items.)
 */
export function updateUnsaidItems(db: Db, seq: number, stored: Pick<StoredDerived, 'items' | 'itemPeople'>, items: DocUnsaidItem[]): void {
  const storedItems = new Map(stored.items.map((row) => [row.item_id, row]));
  const wanted = new Set(items.map((item) => item.id));
  for (const row of stored.items) {
    // Its rows of who it is about go with it (ON DELETE CASCADE).
    if (!wanted.has(row.item_id)) stmt(db, 'DELETE FROM unsaid_items WHERE entry_seq = ? AND item_id = ?').run(seq, row.item_id);
  }
  const peopleOf = new Map<string, Set<string>>();
  for (const row of stored.itemPeople) (peopleOf.get(row.item_id) ?? peopleOf.set(row.item_id, new Set()).get(row.item_id)!).add(row.person_id);
  const addPerson = stmt(db, 'INSERT OR IGNORE INTO unsaid_item_people (person_id, entry_seq, item_id) VALUES (?, ?, ?)');
  for (const item of items) {
    const row = storedItems.get(item.id);
    if (!row) {
      insertUnsaidItems(db, seq, [item]);
      continue;
    }
    if (row.position !== item.position || row.text !== item.text || row.state !== item.state) {
      // A changed state reaches unsaid_item_people.open through the trigger of schema 20.
      stmt(db, 'UPDATE unsaid_items SET position = ?, text = ?, state = ? WHERE entry_seq = ? AND item_id = ?').run(item.position, item.text, item.state, seq, item.id);
    }
    const before = peopleOf.get(item.id) ?? new Set<string>();
    const now = new Set(item.personIds);
    for (const personId of now) if (!before.has(personId)) addPerson.run(personId, seq, item.id);
    for (const personId of before) {
      if (!now.has(personId)) stmt(db, 'DELETE FROM unsaid_item_people WHERE person_id = ? AND entry_seq = ? AND item_id = ?').run(personId, seq, item.id);
    }
  }
}

function insertUnsaidItems(db: Db, seq: number, items: DocUnsaidItem[]): void {
  const addItem = stmt(db, 'INSERT INTO unsaid_items (entry_seq, item_id, position, text, state) VALUES (?, ?, ?, ?, ?)');
  const addItemPerson = stmt(db, 'INSERT OR IGNORE INTO unsaid_item_people (person_id, entry_seq, item_id) VALUES (?, ?, ?)');
  for (const item of items) {
    addItem.run(seq, item.id, item.position, item.text, item.state);
    for (const personId of item.personIds) addItemPerson.run(personId, seq, item.id);
  }
}

/** What is stored now as derived from an entry (mentions and unsaid items), to tell whether a save changes it. */
export interface StoredDerived {
  mentions: { person_id: string; section: string; direct: number }[];
  items: { item_id: string; position: number; text: string; state: string }[];
  itemPeople: { item_id: string; person_id: string }[];
}

export function storedDerived(db: Db, seq: number): StoredDerived {
  return {
    mentions: stmt(db, 'SELECT person_id, section, direct FROM mentions WHERE entry_seq = ?').all(seq) as StoredDerived['mentions'],
    items: stmt(db, 'SELECT item_id, position, text, state FROM unsaid_items WHERE entry_seq = ? ORDER BY position').all(seq) as StoredDerived['items'],
    itemPeople: stmt(db, 'SELECT item_id, person_id FROM unsaid_item_people WHERE entry_seq = ?').all(seq) as StoredDerived['itemPeople'],
  };
}

export function countEntries(db: Db, personId?: string): number {
  const row = personId
    ? stmt(db, 'SELECT count(DISTINCT entry_seq) AS n FROM mentions WHERE person_id = ?').get(personId)
    : stmt(db, 'SELECT count(*) AS n FROM entries').get();
  return (row as { n: number }).n;
}

export interface SummaryRow {
  seq: number;
  id: string;
  date: string;
  written_at: string | null;
  excerpt: string;
  updated_at: string;
}

/** Newest first. The excerpt is cut in SQL so a long journal never loads whole texts to list them. */
export function listSummaryRows(db: Db, opts: { personId?: string; limit: number; offset: number }): SummaryRow[] {
  const excerpt = `substr(trim(given || char(10) || received || char(10) || unsaid || char(10) || note, char(10)), 1, 240) AS excerpt`;
  if (opts.personId) {
    return stmt(
      db,
      `SELECT seq, id, date, written_at, ${excerpt}, updated_at FROM entries
       WHERE seq IN (SELECT entry_seq FROM mentions WHERE person_id = ?)
       ORDER BY ${NEWEST_FIRST} LIMIT ? OFFSET ?`,
    ).all(opts.personId, opts.limit, opts.offset) as SummaryRow[];
  }
  return stmt(db, `SELECT seq, id, date, written_at, ${excerpt}, updated_at FROM entries ORDER BY ${NEWEST_FIRST} LIMIT ? OFFSET ?`).all(opts.limit, opts.offset) as SummaryRow[];
}

/** The people of each entry, by entry seq, in one query. */
export function peopleOfEntries(db: Db, seqs: number[]): Map<number, PersonRef[]> {
  const out = new Map<number, PersonRef[]>();
  if (seqs.length === 0) return out;
  const rows = stmt(
    db,
    `SELECT DISTINCT m.entry_seq AS seq, p.id, p.name FROM mentions m JOIN people p ON p.id = m.person_id
     WHERE m.entry_seq IN (SELECT value FROM json_each(?)) ORDER BY p.name COLLATE NOCASE`,
  ).all(JSON.stringify(seqs)) as { seq: number; id: string; name: string }[];
  for (const r of rows) {
    const list = out.get(r.seq) ?? [];
    list.push({ id: r.id, name: r.name });
    out.set(r.seq, list);
  }
  return out;
}

export function personIdsThatExist(db: Db, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = stmt(db, 'SELECT id FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** Entry seqs in date order for an export: all, about one person, and/or within dates. */
export function entrySeqsFor(db: Db, opts: { personId?: string | null; from?: string | null; to?: string | null }): number[] {
  return (
    stmt(
      db,
      `SELECT seq FROM entries e
       WHERE (@personId IS NULL OR e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = @personId))
         AND (@from IS NULL OR e.date >= @from) AND (@to IS NULL OR e.date <= @to)
       ORDER BY ${OLDEST_FIRST}`,
    ).all({ personId: opts.personId ?? null, from: opts.from ?? null, to: opts.to ?? null }) as { seq: number }[]
  ).map((r) => r.seq);
}

export function entryRowsBySeqs(db: Db, seqs: number[]): EntryRow[] {
  if (seqs.length === 0) return [];
  return stmt(db, `SELECT * FROM entries WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY ${OLDEST_FIRST}`).all(JSON.stringify(seqs)) as EntryRow[];
}

/** An entry's version (its time of last change), or null when it is not here. */
export function entryVersion(db: Db, id: string): string | null {
  return (stmt(db, 'SELECT updated_at FROM entries WHERE id = ?').get(id) as { updated_at: string } | undefined)?.updated_at ?? null;
}

export function entryIdExists(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM entries WHERE id = ?').get(id) !== undefined;
}

/** Inserts an entry keeping its own id and times (imports). */
export function insertEntryAsIs(db: Db, e: { id: string; date: string; writtenAt: string | null; doc: string; texts: SectionTexts; createdAt: string; updatedAt: string }): number {
  const info = stmt(db, `INSERT INTO entries (id, date, written_at, doc, given, received, unsaid, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(e.id, e.date, e.writtenAt, e.doc, e.texts.given, e.texts.received, e.texts.unsaid, e.texts.note, e.createdAt, e.updatedAt);
  return Number(info.lastInsertRowid);
}

/** Entries of a person, newest first, with their documents (the person's timeline). */
export function entryRowsForPerson(db: Db, personId: string, limit: number, offset: number): EntryRow[] {
  return stmt(
    db,
    `SELECT e.* FROM entries e WHERE e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = ?)
     ORDER BY e.date DESC, e.seq DESC LIMIT ? OFFSET ?`,
  ).all(personId, limit, offset) as EntryRow[];
}

/** Entry seqs and dates whose date ends with the given -MM-DD or -DD, before a date ("on this day"). */
export function entriesOnDayOf(db: Db, opts: { monthDay: string; day: string; before: string; since: string; personId: string | null }): { seq: number; id: string; date: string }[] {
  return stmt(
    db,
    `SELECT seq, id, date FROM entries e
     WHERE e.date < @before AND (substr(e.date, 6) = @monthDay OR (e.date >= @since AND substr(e.date, 9) = @day))
       AND (@personId IS NULL OR e.seq IN (SELECT entry_seq FROM mentions WHERE person_id = @personId))
     ORDER BY e.date DESC LIMIT 50`,
  ).all(opts) as { seq: number; id: string; date: string }[];
}

/** Days with entries in a date range, with how many. */
export function daysWritten(db: Db, from: string, to: string): { date: string; n: number }[] {
  return stmt(db, 'SELECT date, count(*) AS n FROM entries WHERE date BETWEEN ? AND ? GROUP BY date ORDER BY date').all(from, to) as { date: string; n: number }[];
}

/** Entries within a date range, newest first, with documents (the weekly look back). */
export function entryRowsBetween(db: Db, from: string, to: string): EntryRow[] {
  return stmt(db, `SELECT * FROM entries WHERE date BETWEEN ? AND ? ORDER BY ${NEWEST_FIRST}`).all(from, to) as EntryRow[];
}

/** The entry holding an unsaid item with this id. */
export function entryIdOfUnsaidItem(db: Db, itemId: string): string | null {
  const row = stmt(db, 'SELECT e.id FROM unsaid_items u JOIN entries e ON e.seq = u.entry_seq WHERE u.item_id = ?').get(itemId) as { id: string } | undefined;
  return row?.id ?? null;
}

export function openUnsaidOfEntry(db: Db, seq: number): { item_id: string; text: string }[] {
  return stmt(db, `SELECT item_id, text FROM unsaid_items WHERE entry_seq = ? AND state = 'open' ORDER BY position`).all(seq) as { item_id: string; text: string }[];
}
