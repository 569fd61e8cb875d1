import type { Detail, Person, PersonKind, PersonRef, PersonSummary } from '../../../shared/contract';
import type { Db } from '../../vault/database';

interface PersonRow {
  id: string;
  name: string;
  kind: PersonKind;
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
  kind: r.kind,
  care: r.care,
  needs: r.needs,
  boundaries: r.boundaries,
  notes: r.notes,
  archived: r.archived === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function getPerson(db: Db, id: string): Person | null {
  const row = db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRow | undefined;
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

export function insertPerson(db: Db, p: Person): void {
  db.prepare(
    `INSERT INTO people (id, name, kind, care, needs, boundaries, notes, archived, created_at, updated_at)
     VALUES (@id, @name, @kind, @care, @needs, @boundaries, @notes, @archived, @createdAt, @updatedAt)`,
  ).run({ ...p, archived: p.archived ? 1 : 0 });
}

export function updatePerson(db: Db, p: Person): void {
  db.prepare(
    `UPDATE people SET name = @name, kind = @kind, care = @care, needs = @needs, boundaries = @boundaries,
       notes = @notes, archived = @archived, updated_at = @updatedAt WHERE id = @id`,
  ).run({ id: p.id, name: p.name, kind: p.kind, care: p.care, needs: p.needs, boundaries: p.boundaries, notes: p.notes, archived: p.archived ? 1 : 0, updatedAt: p.updatedAt });
}

export function listPeopleSummaries(db: Db, includeArchived: boolean): PersonSummary[] {
  const rows = db
    .prepare(
      `SELECT p.*,
         (SELECT max(e.date) FROM mentions m JOIN entries e ON e.seq = m.entry_seq WHERE m.person_id = p.id) AS last_on,
         (SELECT count(DISTINCT m.entry_seq) FROM mentions m WHERE m.person_id = p.id) AS entry_count,
         (SELECT count(*) FROM unsaid_item_people up JOIN unsaid_items u ON u.entry_seq = up.entry_seq AND u.item_id = up.item_id
            WHERE up.person_id = p.id AND u.state = 'open') AS open_unsaid
       FROM people p
       WHERE (@all = 1 OR p.archived = 0)
       ORDER BY p.name COLLATE NOCASE`,
    )
    .all({ all: includeArchived ? 1 : 0 }) as (PersonRow & { last_on: string | null; entry_count: number; open_unsaid: number })[];
  return rows.map((r) => ({ ...toPerson(r), lastReflectedOn: r.last_on, entryCount: r.entry_count, openUnsaid: r.open_unsaid }));
}

export function peopleByIds(db: Db, ids: string[]): PersonRef[] {
  if (ids.length === 0) return [];
  return db.prepare('SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as PersonRef[];
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

export function deletePerson(db: Db, id: string): void {
  db.prepare('DELETE FROM people WHERE id = ?').run(id);
}

export interface OpenUnsaidRow {
  entry_id: string;
  date: string;
  item_id: string;
  text: string;
}

/** Open unsaid items that mention the person, newest entry first. */
export function openUnsaidFor(db: Db, personId: string): OpenUnsaidRow[] {
  return db
    .prepare(
      `SELECT e.id AS entry_id, e.date, u.item_id, u.text FROM unsaid_item_people up
       JOIN unsaid_items u ON u.entry_seq = up.entry_seq AND u.item_id = up.item_id
       JOIN entries e ON e.seq = u.entry_seq
       WHERE up.person_id = ? AND u.state = 'open' ORDER BY e.date DESC, e.seq DESC, u.position`,
    )
    .all(personId) as OpenUnsaidRow[];
}

/** How many entries mention the person in each section, per month (YYYY-MM), from a date on. */
export function monthlySectionCounts(db: Db, personId: string, fromDate: string): { month: string; section: string; n: number }[] {
  return db
    .prepare(
      `SELECT substr(e.date, 1, 7) AS month, m.section, count(*) AS n FROM mentions m JOIN entries e ON e.seq = m.entry_seq
       WHERE m.person_id = ? AND e.date >= ? GROUP BY month, m.section`,
    )
    .all(personId, fromDate) as { month: string; section: string; n: number }[];
}

/** Dates on which the person was mentioned in Given or Received, from a date on (for the weekly lean). */
export function sectionDates(db: Db, personId: string, fromDate: string): { date: string; section: string }[] {
  return db
    .prepare(
      `SELECT e.date, m.section FROM mentions m JOIN entries e ON e.seq = m.entry_seq
       WHERE m.person_id = ? AND e.date >= ? AND m.section IN ('given', 'received')`,
    )
    .all(personId, fromDate) as { date: string; section: string }[];
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
