import type { Detail, Person, PersonKind, PersonRef, PersonSummary } from '../../../shared/contract';
import type { Db } from '../connection';
import { stmt } from '../statements';

interface PersonRow {
  id: string;
  name: string;
  kind: PersonKind;
  kind_chosen: number;
  photo_id: string | null;
  care: string;
  needs: string;
  boundaries: string;
  notes: string;
  archived: number;
  created_at: string;
  updated_at: string;
}

const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  name: r.name,
  photoId: r.photo_id,
  kind: r.kind,
  kindChosen: r.kind_chosen === 1,
  care: r.care,
  needs: r.needs,
  boundaries: r.boundaries,
  notes: r.notes,
  archived: r.archived === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function getPerson(db: Db, id: string): Person | null {
  const row = stmt(db, 'SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
  return row ? toPerson(row) : null;
}

/** The first person with this name (case and accents as typed are ignored by NOCASE for ASCII), active people first. */
export function findPersonByName(db: Db, name: string): Person | null {
  const row = db.prepare('SELECT * FROM people WHERE name = ? COLLATE NOCASE ORDER BY archived, created_at LIMIT 1').get(name.trim()) as PersonRow | undefined;
  if (row) return toPerson(row);
  // NOCASE folds ASCII only; fall back to a Unicode-aware comparison for names like "Élodie".
  const wanted = name.trim().toLocaleLowerCase();
  const rows = db.prepare('SELECT * FROM people ORDER BY archived, created_at').all() as PersonRow[];
  const match = rows.find((r) => r.name.toLocaleLowerCase() === wanted);
  return match ? toPerson(match) : null;
}

/** A new person; their photo is set apart (setPersonPhoto), once it is in the journal. */
export function insertPerson(db: Db, p: Omit<Person, 'photoId'>): void {
  db.prepare(
    `INSERT INTO people (id, name, kind, kind_chosen, care, needs, boundaries, notes, archived, created_at, updated_at)
     VALUES (@id, @name, @kind, @kindChosen, @care, @needs, @boundaries, @notes, @archived, @createdAt, @updatedAt)`,
  ).run({
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindChosen: p.kindChosen ? 1 : 0,
    care: p.care,
    needs: p.needs,
    boundaries: p.boundaries,
    notes: p.notes,
    archived: p.archived ? 1 : 0,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  });
}

export function updatePerson(db: Db, p: Person): void {
  db.prepare(
    `UPDATE people SET name = @name, kind = @kind, kind_chosen = @kindChosen, care = @care, needs = @needs, boundaries = @boundaries,
       notes = @notes, archived = @archived, updated_at = @updatedAt WHERE id = @id`,
  ).run({
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindChosen: p.kindChosen ? 1 : 0,
    care: p.care,
    needs: p.needs,
    boundaries: p.boundaries,
    notes: p.notes,
    archived: p.archived ? 1 : 0,
    updatedAt: p.updatedAt,
  });
}

/**
 * Everyone (or everyone active) with what the people list shows: when they were last reflected on,
 * in how many entries, their open unsaid items, and how many entries mention them in each of the
 * months from `monthsFrom` (YYYY-MM-DD, the first day of the oldest month) on, when given. Every figure comes
 * from a per-person index or row (mentions by person and date, person_entry_counts, open unsaid links),
 * so the cost grows with each person's own mentions, never with the journal's size times people.
 */
export function listPeopleSummaries(db: Db, includeArchived: boolean, monthsFrom?: string): (Omit<PersonSummary, 'monthly'> & { months: Map<string, number> })[] {
  const rows = stmt(
    db,
    `SELECT p.*,
       (SELECT max(m.date) FROM mentions m WHERE m.person_id = p.id) AS last_on,
       coalesce((SELECT c.entries FROM person_entry_counts c WHERE c.person_id = p.id), 0) AS entry_count,
       (SELECT count(*) FROM unsaid_item_people up WHERE up.person_id = p.id AND up.open = 1) AS open_unsaid
     FROM people p
     WHERE (@all = 1 OR p.archived = 0)
     ORDER BY p.name COLLATE NOCASE`,
  ).all({ all: includeArchived ? 1 : 0 }) as (PersonRow & { last_on: string | null; entry_count: number; open_unsaid: number })[];
  const monthly = !monthsFrom ? [] : stmt(
    db,
    `SELECT m.person_id, substr(m.date, 1, 7) AS month, count(DISTINCT m.entry_seq) AS n
     FROM people p CROSS JOIN mentions m ON m.person_id = p.id AND m.date >= @from
     WHERE (@all = 1 OR p.archived = 0)
     GROUP BY m.person_id, month`,
  ).all({ all: includeArchived ? 1 : 0, from: monthsFrom }) as { person_id: string; month: string; n: number }[];
  const byPerson = new Map<string, Map<string, number>>();
  for (const r of monthly) {
    let months = byPerson.get(r.person_id);
    if (!months) byPerson.set(r.person_id, (months = new Map()));
    months.set(r.month, r.n);
  }
  return rows.map((r) => ({ ...toPerson(r), lastReflectedOn: r.last_on, entryCount: r.entry_count, openUnsaid: r.open_unsaid, months: byPerson.get(r.id) ?? new Map() }));
}

export function peopleByIds(db: Db, ids: string[]): PersonRef[] {
  if (ids.length === 0) return [];
  return stmt(db, 'SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as PersonRef[];
}

interface DetailRow {
  id: string;
  person_id: string;
  text: string;
  noted_on: string;
  remind_on: string | null;
}

const toDetail = (r: DetailRow): Detail => ({ id: r.id, personId: r.person_id, text: r.text, notedOn: r.noted_on, remindOn: r.remind_on });

export function insertDetail(db: Db, d: Detail, createdAt: string): void {
  db.prepare('INSERT INTO details (id, person_id, text, noted_on, remind_on, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(d.id, d.personId, d.text, d.notedOn, d.remindOn, createdAt);
}

function detailRow(db: Db, id: string): (DetailRow & { created_at: string }) | undefined {
  return stmt(db, 'SELECT * FROM details WHERE id = ?').get(id) as (DetailRow & { created_at: string }) | undefined;
}

/** A detail with when it was first noted down (sync sends it along). */
export function getDetailWithCreation(db: Db, id: string): (Detail & { createdAt: string }) | null {
  const row = detailRow(db, id);
  return row ? { ...toDetail(row), createdAt: row.created_at } : null;
}

export function getDetail(db: Db, id: string): Detail | null {
  const row = detailRow(db, id);
  return row ? toDetail(row) : null;
}

export function updateDetail(db: Db, d: Detail): void {
  db.prepare('UPDATE details SET text = ?, noted_on = ?, remind_on = ? WHERE id = ?').run(d.text, d.notedOn, d.remindOn, d.id);
}

export function deleteDetail(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM details WHERE id = ?').run(id).changes > 0;
}

export function listDetails(db: Db, personId: string): Detail[] {
  return (db.prepare('SELECT * FROM details WHERE person_id = ? ORDER BY noted_on DESC, created_at DESC').all(personId) as DetailRow[]).map(toDetail);
}

/** Entry seqs that mention the person, for re-deriving their text after a rename. */
export function entrySeqsMentioning(db: Db, personId: string): number[] {
  return (db.prepare('SELECT DISTINCT entry_seq FROM mentions WHERE person_id = ?').all(personId) as { entry_seq: number }[]).map((r) => r.entry_seq);
}

/** Moves details from one person to another (merging two records of the same person). */
export function moveDetails(db: Db, fromId: string, toId: string): void {
  db.prepare('UPDATE details SET person_id = ? WHERE person_id = ?').run(toId, fromId);
}

/** Moves one detail to another person (sync: it was moved elsewhere by a merge). */
export function moveDetail(db: Db, id: string, toId: string): void {
  db.prepare('UPDATE details SET person_id = ? WHERE id = ?').run(toId, id);
}

/** Remembers that `mergedId` was merged into `keptId` (sync tells other computers, electron/core/sync/engine.ts). */
export function recordMerge(db: Db, mergedId: string, keptId: string): void {
  stmt(db, 'INSERT INTO people_merged (merged_id, kept_id) VALUES (?, ?) ON CONFLICT (merged_id) DO UPDATE SET kept_id = excluded.kept_id').run(mergedId, keptId);
}

export function mergedInto(db: Db, mergedId: string): string | null {
  return (stmt(db, 'SELECT kept_id FROM people_merged WHERE merged_id = ?').get(mergedId) as { kept_id: string } | undefined)?.kept_id ?? null;
}

export function deletePerson(db: Db, id: string): void {
  db.prepare('DELETE FROM people WHERE id = ?').run(id);
}

export interface OpenUnsaidRow {
  entry_id: string;
  date: string;
  item_id: string;
  text: string;
}

/**
 * Open unsaid items that mention the person, newest entry first, items in their entry's order.
 * `limit` and `offset` count entries (-1: all). The entries are chosen from the person's own index
 * entries (the open links and their Unsaid mentions, which carry the date); only the chosen
 * entries' items and ids are read, since each is a page of its own to read and decrypt.
 */
export function openUnsaidFor(db: Db, personId: string, limit: number, offset: number): OpenUnsaidRow[] {
  return stmt(
    db,
    `SELECT e.id AS entry_id, chosen.date, u.item_id, u.text FROM
       (SELECT DISTINCT up.entry_seq, m.date FROM unsaid_item_people up
          CROSS JOIN mentions m ON m.person_id = up.person_id AND m.entry_seq = up.entry_seq
        WHERE up.person_id = @personId AND up.open = 1
        ORDER BY m.date DESC, up.entry_seq DESC LIMIT @limit OFFSET @offset) AS chosen
     CROSS JOIN unsaid_item_people up ON up.person_id = @personId AND up.entry_seq = chosen.entry_seq AND up.open = 1
     JOIN unsaid_items u ON u.entry_seq = up.entry_seq AND u.item_id = up.item_id
     JOIN entries e ON e.seq = chosen.entry_seq
     ORDER BY chosen.date DESC, chosen.entry_seq DESC, u.position`,
  ).all({ personId, limit, offset }) as OpenUnsaidRow[];
}

/** How many entries mention the person in each section, per month (YYYY-MM), from a date on. */
export function monthlySectionCounts(db: Db, personId: string, fromDate: string): { month: string; section: string; n: number }[] {
  return stmt(
    db,
    `SELECT substr(date, 1, 7) AS month, section, count(*) AS n FROM mentions
     WHERE person_id = ? AND date >= ? GROUP BY month, section`,
  ).all(personId, fromDate) as { month: string; section: string; n: number }[];
}

/** Dates on which the person was mentioned in Given or Received, from a date on (for the weekly lean). */
export function sectionDates(db: Db, personId: string, fromDate: string): { date: string; section: string }[] {
  return stmt(
    db,
    `SELECT date, section FROM mentions
     WHERE person_id = ? AND date >= ? AND section IN ('given', 'received')`,
  ).all(personId, fromDate) as { date: string; section: string }[];
}

/** How many entries mention the person. */
export function entryCountFor(db: Db, personId: string): number {
  const row = stmt(db, 'SELECT entries FROM person_entry_counts WHERE person_id = ?').get(personId) as { entries: number } | undefined;
  return row?.entries ?? 0;
}

export interface PersonEntryRow {
  seq: number;
  id: string;
  date: string;
  doc: string;
}

/**
 * A page of the entries that mention the person, newest first, with their documents. Ordered by
 * the mentions' own dates (the person's index), so only the page's entries are read.
 */
export function entryPageFor(db: Db, personId: string, limit: number, offset: number): PersonEntryRow[] {
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date, e.doc FROM
       (SELECT DISTINCT date, entry_seq FROM mentions WHERE person_id = ? ORDER BY date DESC, entry_seq DESC LIMIT ? OFFSET ?) AS m
     JOIN entries e ON e.seq = m.entry_seq
     ORDER BY m.date DESC, m.entry_seq DESC`,
  ).all(personId, limit, offset) as PersonEntryRow[];
}

/** Entries mentioning the person whose date ends with -MM-DD, or -DD since a date, before a date ("on this day with them"). */
export function entriesOnDayWith(db: Db, opts: { personId: string; monthDay: string; day: string; before: string; since: string }): { seq: number; id: string; date: string }[] {
  return stmt(
    db,
    `SELECT e.seq, e.id, e.date FROM
       (SELECT DISTINCT date, entry_seq FROM mentions
        WHERE person_id = @personId AND date < @before AND (substr(date, 6) = @monthDay OR (date >= @since AND substr(date, 9) = @day))) AS m
     JOIN entries e ON e.seq = m.entry_seq
     ORDER BY m.date DESC LIMIT 50`,
  ).all(opts) as { seq: number; id: string; date: string }[];
}

/** Details whose remind-on date falls within [from, to], with the person's name. */
export function detailsToRemind(db: Db, from: string, to: string): { id: string; person_id: string; name: string; text: string; noted_on: string; remind_on: string }[] {
  return db
    .prepare(
      `SELECT d.id, d.person_id, p.name, d.text, d.noted_on, d.remind_on FROM details d JOIN people p ON p.id = d.person_id
       WHERE d.remind_on BETWEEN ? AND ? AND p.archived = 0 ORDER BY d.remind_on, p.name`,
    )
    .all(from, to) as { id: string; person_id: string; name: string; text: string; noted_on: string; remind_on: string }[];
}

export function setPersonPhotoId(db: Db, id: string, photoId: string | null): void {
  stmt(db, 'UPDATE people SET photo_id = ? WHERE id = ?').run(photoId, id);
}
