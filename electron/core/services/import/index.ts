/**
 * Import: a preview that lists the names that look like people (for the person to confirm), then
 * the import itself, which is all-or-nothing: one transaction from the first entry to the last,
 * rolled back on any failure or cancel, so the journal is exactly as before. (The caller must keep
 * other writes out while it runs; see Session.exclusive in api.ts.)
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { EntryDoc } from '../../../shared/doc';
import { docFromPlainText } from '../../../shared/doc';
import type { ExportedEntry, ExportedPerson } from '../../../shared/exportFormat';
import { EXPORT_FORMAT_VERSION, exportedEntrySchema, exportedPersonSchema } from '../../../shared/exportFormat';
import { MutualError } from '../../../shared/result';
import { entryIdExists, insertEntry, insertEntryAsIs } from '../../db/repos/entries';
import { findPersonByName, getPerson, insertDetail, insertPerson } from '../../db/repos/people';
import type { Db } from '../../db/connection';
import { derivedFor, validEntryDoc, writeDerivedFor } from '../entries';
import { upsertPerson } from '../people';
import { nowIso } from '../time';
import type { ForeignEntry, ImportFormat } from './sources';
import { badImport, readForeign, readMutualEntries, readMutualHead } from './sources';

export { importFormats } from './sources';
export type { ImportFormat } from './sources';

export interface ImportCandidate {
  name: string;
  /** How many entries name them. */
  count: number;
  /** A person already in the journal with this name, if any. */
  match: { id: string; name: string } | null;
}

export interface ImportPreview {
  entries: number;
  candidates: ImportCandidate[];
}

export interface ImportProgress {
  onProgress?: (done: number, total: number | null) => void;
  isCancelled?: () => boolean;
}

/** For each candidate name: create a new person, use an existing one (its id), or ignore it. */
export type PeopleDecisions = Record<string, 'create' | 'ignore' | { personId: string }>;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function previewImport(db: Db, format: ImportFormat, source: string, progress: ImportProgress = {}): Promise<ImportPreview> {
  if (format === 'json') {
    // Mutual's own export carries person ids, and the import links by id: a person with the same
    // name but another id comes in as a separate record (merge them afterwards if they are one).
    const { people } = await readMutualPeople(source);
    let entries = 0;
    for await (const _ of readMutualEntries(source)) {
      entries++;
      if (entries % 1000 === 0) progress.onProgress?.(entries, null);
    }
    return { entries, candidates: people.map((p) => ({ name: p.name, count: 0, match: getPerson(db, p.id) })) };
  }
  const counts = new Map<string, { name: string; count: number }>();
  let entries = 0;
  for await (const entry of readForeign(format, source)) {
    entries++;
    for (const name of new Set(entry.names.map((n) => n.trim()).filter(Boolean))) {
      const key = name.toLocaleLowerCase();
      const seen = counts.get(key) ?? { name, count: 0 };
      seen.count++;
      counts.set(key, seen);
    }
    if (entries % 1000 === 0) {
      progress.onProgress?.(entries, null);
      if (progress.isCancelled?.()) throw cancelled();
    }
  }
  const candidates = [...counts.values()]
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .map((c) => {
      const match = findPersonByName(db, c.name);
      return { ...c, match: match ? { id: match.id, name: match.name } : null };
    });
  return { entries, candidates };
}

function cancelled(): MutualError {
  return new MutualError('BAD_INPUT', 'The import was cancelled; your journal is exactly as it was before.');
}

async function readMutualPeople(source: string): Promise<{ people: ExportedPerson[] }> {
  const head = await readMutualHead(source);
  const file = path.basename(source);
  if (head.format !== 'mutual-export') throw badImport(file, 'it is not a Mutual export (its "format" is not "mutual-export")');
  if (typeof head.version !== 'number' || head.version > EXPORT_FORMAT_VERSION) throw badImport(file, `it was written by a newer Mutual (format version ${String(head.version)}); update Mutual to import it`);
  const people = (head.people as unknown[]).map((p, i) => {
    const parsed = exportedPersonSchema.safeParse(p);
    if (!parsed.success) throw badImport(`${file}, person ${i + 1}`, parsed.error.issues[0]?.message ?? 'it is not a person');
    return parsed.data;
  });
  return { people };
}

/** Runs `work` inside one transaction that spans awaits; commits only if it finishes. */
async function allOrNothing<T>(db: Db, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export interface ImportSummary {
  entries: number;
  peopleCreated: number;
}

export async function runImport(db: Db, format: ImportFormat, source: string, decisions: PeopleDecisions = {}, progress: ImportProgress = {}): Promise<ImportSummary> {
  return allOrNothing(db, () => (format === 'json' ? importMutual(db, source, progress) : importForeign(db, format, source, decisions, progress)));
}

async function importForeign(db: Db, format: Exclude<ImportFormat, 'json'>, source: string, decisions: PeopleDecisions, progress: ImportProgress): Promise<ImportSummary> {
  const resolved = new Map<string, { id: string; name: string } | null>();
  let peopleCreated = 0;
  const personFor = (name: string) => {
    const key = name.trim().toLocaleLowerCase();
    if (resolved.has(key)) return resolved.get(key)!;
    const decision = Object.entries(decisions).find(([n]) => n.trim().toLocaleLowerCase() === key)?.[1] ?? 'ignore';
    let person: { id: string; name: string } | null = null;
    if (decision === 'create') {
      person = upsertPerson(db, { name: name.trim() });
      peopleCreated++;
    } else if (typeof decision === 'object') {
      person = getPerson(db, decision.personId);
      if (!person) throw new MutualError('BAD_INPUT', `The person chosen for “${name}” is no longer in your journal.`);
    }
    resolved.set(key, person);
    return person;
  };
  let count = 0;
  const now = nowIso();
  for await (const entry of readForeign(format, source) as AsyncGenerator<ForeignEntry>) {
    const people = [...new Map(entry.names.map(personFor).filter((p): p is { id: string; name: string } => p !== null).map((p) => [p.id, p])).values()];
    // What createEntry does, without a savepoint per entry: the whole import is already one
    // transaction, and a failure anywhere rolls all of it back.
    const d = derivedForImport(db, docFromPlainText({ note: entry.text }, people), entry.where, true);
    const seq = insertEntry(db, { id: crypto.randomUUID(), date: entry.date, writtenAt: entry.writtenAt ?? null, doc: JSON.stringify(d.doc), texts: d.texts, now });
    writeDerivedFor(db, seq, d, entry.date);
    count++;
    if (count % 200 === 0) {
      progress.onProgress?.(count, null);
      await tick();
      if (progress.isCancelled?.()) throw cancelled();
    }
  }
  progress.onProgress?.(count, count);
  return { entries: count, peopleCreated };
}

async function importMutual(db: Db, source: string, progress: ImportProgress): Promise<ImportSummary> {
  const { people } = await readMutualPeople(source);
  const file = path.basename(source);
  const idMap = new Map<string, string>();
  let peopleCreated = 0;
  for (const p of people) {
    const existing = getPerson(db, p.id);
    if (existing) {
      idMap.set(p.id, existing.id);
      continue;
    }
    const { details, ...person } = p;
    insertPerson(db, person);
    for (const d of details) insertDetail(db, { ...d, personId: p.id }, nowIso());
    idMap.set(p.id, p.id);
    peopleCreated++;
  }
  let count = 0;
  for await (const { index, value } of readMutualEntries(source)) {
    const parsed = exportedEntrySchema.safeParse(value);
    if (!parsed.success) throw badImport(`${file}, entry ${index + 1}`, parsed.error.issues[0]?.message ?? 'it is not an entry');
    importOwnEntry(db, parsed.data, `${file}, entry ${index + 1}`);
    count++;
    if (count % 200 === 0) {
      progress.onProgress?.(count, null);
      await tick();
      if (progress.isCancelled?.()) throw cancelled();
    }
  }
  progress.onProgress?.(count, count);
  return { entries: count, peopleCreated };
}

/** What a save would derive from an imported document, with any problem naming the file and entry. */
function derivedForImport(db: Db, doc: EntryDoc, where: string, validate: boolean): ReturnType<typeof derivedFor> {
  try {
    return derivedFor(db, validate ? validEntryDoc(doc) : doc);
  } catch (error) {
    if (error instanceof MutualError) throw badImport(where, error.message.replace(/\.$/, '').toLowerCase());
    throw error;
  }
}

function importOwnEntry(db: Db, entry: ExportedEntry, where: string): void {
  // The export's schema already validated the document.
  const d = derivedForImport(db, entry.doc, where, false);
  // An entry already here (importing the same export twice) keeps its id; the copy gets a new one.
  const id = entryIdExists(db, entry.id) ? crypto.randomUUID() : entry.id;
  const seq = insertEntryAsIs(db, { id, date: entry.date, writtenAt: entry.writtenAt ?? null, doc: JSON.stringify(d.doc), texts: d.texts, createdAt: entry.createdAt, updatedAt: entry.updatedAt });
  writeDerivedFor(db, seq, d, entry.date);
}
