/**
 * Saving writes only what changed: an autosave of the same document writes nothing, a change of
 * formatting leaves the search index alone, and whatever does change — a section's words, a
 * mention, an unsaid item, the date — is what search, person pages and filters show at once.
 * Imports take a cheaper path than saves, so they are checked for the same derived data and for
 * staying all-or-nothing across many batches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stmt } from '../../../electron/core/db/statements';
import { openUnsaidOfEntry } from '../../../electron/core/db/repos/entries';
import { createEntry, deleteEntry, getEntry, listEntryTexts, saveEntry, setUnsaidState } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { runImport } from '../../../electron/core/services/import';
import { listPeople, upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import type { Db } from '../../../electron/core/db/connection';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('saves');

const totalChanges = (db: Db) => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
/** FTS5's structure record: it changes whenever anything is written to the search index. */
const indexStructure = (db: Db) => (db.prepare('SELECT block FROM entries_fts_data WHERE id = 10').get() as { block: Buffer }).block.toString('hex');
const entryIdsFor = (db: Db, q: string, extra: { personId?: string } = {}) => search(db, { q, ...extra }).hits.map((h) => h.entryId);

async function journal() {
  const { vault } = await createVault(tmp.sub());
  return vault.db;
}

describe('saving an entry', () => {
  it('writes nothing when the same document is saved again, and keeps the time of last change', async () => {
    const db = await journal();
    const sam = upsertPerson(db, { name: 'Sam' });
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ given: 'Made Sam soup', unsaid: 'Thank you for the lift' }, [sam]) });
    const first = saveEntry(db, { id: created.id, doc: created.doc });
    const changes = totalChanges(db);
    const again = saveEntry(db, { id: created.id, doc: first.doc });
    expect(totalChanges(db)).toBe(changes);
    expect(again.updatedAt).toBe(first.updatedAt);
    expect(again.people.map((p) => p.name)).toEqual(['Sam']);
    expect(entryIdsFor(db, 'soup')).toEqual([created.id]);
  });

  it('leaves the search index alone when only formatting changed, and still stores the new document', async () => {
    const db = await journal();
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ note: 'A quiet walk by the canal' }) });
    const structure = indexStructure(db);
    const bold = structuredClone(created.doc) as EntryDoc;
    const text = bold.content[3].content[0]!.content![0] as DocNode;
    text.marks = [{ type: 'bold' }];
    saveEntry(db, { id: created.id, doc: bold });
    expect(indexStructure(db)).toBe(structure);
    expect(JSON.stringify(getEntry(db, created.id).doc)).toContain('"bold"');
    expect(entryIdsFor(db, 'canal')).toEqual([created.id]);
  });

  it('makes a changed section searchable at once, and its old words are no longer found', async () => {
    const db = await journal();
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ given: 'Baked bread for the neighbours', note: 'Rainy day' }) });
    saveEntry(db, { id: created.id, doc: doc({ given: 'Repaired the bicycle for the neighbours', note: 'Rainy day' }) });
    expect(entryIdsFor(db, 'bicycle')).toEqual([created.id]);
    expect(entryIdsFor(db, 'bread')).toEqual([]);
    expect(entryIdsFor(db, 'rainy in:note')).toEqual([created.id]);
    expect(search(db, { q: 'bicycle' }).hits[0]!.section).toBe('given');
  });

  it('follows a new date: date filters, the timeline and search see the entry on its new day', async () => {
    const db = await journal();
    const sam = upsertPerson(db, { name: 'Sam' });
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ received: 'Sam sent marmalade' }, [sam]) });
    const moved = saveEntry(db, { id: created.id, date: '2025-12-24', doc: created.doc });
    expect(moved.date).toBe('2025-12-24');
    expect(getEntry(db, created.id).date).toBe('2025-12-24');
    expect(entryIdsFor(db, 'marmalade after:2025-12-01 before:2025-12-31')).toEqual([created.id]);
    expect(entryIdsFor(db, 'marmalade after:2026-01-01')).toEqual([]);
    expect(entryIdsFor(db, 'marmalade', { personId: sam.id })).toEqual([created.id]);
    expect(search(db, { q: 'marmalade' }).hits[0]!.date).toBe('2025-12-24');
  });

  it('rewrites mentions and unsaid items when they change, even when the words stay the same', async () => {
    const db = await journal();
    const sam = upsertPerson(db, { name: 'Sam' });
    const ana = upsertPerson(db, { name: 'Ana' });
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ given: 'Helped Sam move', unsaid: 'Ask Ana about the trip' }, [sam, ana]) });
    expect(openUnsaidOfEntry(db, seqOf(db, created.id)).map((i) => i.text)).toEqual(['Ask Ana about the trip']);
    // The same words, but "Sam" is now plain text rather than a mention.
    const plain = doc({ given: 'Helped Sam move', unsaid: 'Ask Ana about the trip' }, [ana]);
    const saved = saveEntry(db, { id: created.id, doc: plain });
    expect(saved.people.map((p) => p.name)).toEqual(['Ana']);
    expect(getEntry(db, created.id).people.map((p) => p.name)).toEqual(['Ana']);
    expect(entryIdsFor(db, 'move', { personId: sam.id })).toEqual([]);
    expect(entryIdsFor(db, 'move', { personId: ana.id })).toEqual([created.id]);
    // An unsaid item marked said is no longer open, wherever it is looked at from.
    const itemId = (saved.doc.content[2].content[0]!.content![0]!.attrs!.id as string) ?? '';
    expect(itemId).not.toBe('');
    setUnsaidState(db, { itemId, state: 'said' });
    expect(openUnsaidOfEntry(db, seqOf(db, created.id))).toEqual([]);
  });

  it('writes only the mention rows that changed: typing in Unsaid leaves them alone, a person moving section is never counted out', async () => {
    const db = await journal();
    const sam = upsertPerson(db, { name: 'Sam' });
    const ana = upsertPerson(db, { name: 'Ana' });
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ given: 'Helped Sam move', received: 'Ana called', unsaid: 'Thank you' }, [sam, ana]) });
    const seq = seqOf(db, created.id);
    // Every mention row written or deleted from here on, as the triggers on mentions see them.
    db.exec(`CREATE TEMP TABLE mention_writes (what TEXT, person_id TEXT, section TEXT);
      CREATE TEMP TRIGGER log_mention_insert AFTER INSERT ON main.mentions BEGIN INSERT INTO mention_writes VALUES ('insert', NEW.person_id, NEW.section); END;
      CREATE TEMP TRIGGER log_mention_delete AFTER DELETE ON main.mentions BEGIN INSERT INTO mention_writes VALUES ('delete', OLD.person_id, OLD.section); END;
      CREATE TEMP TRIGGER log_mention_update AFTER UPDATE ON main.mentions BEGIN INSERT INTO mention_writes VALUES ('update', NEW.person_id, NEW.section); END;`);
    const writes = () => db.prepare('SELECT what, person_id AS personId, section FROM mention_writes ORDER BY rowid').all();
    const mentionRows = () => db.prepare('SELECT person_id AS personId, section, direct FROM mentions WHERE entry_seq = ? ORDER BY person_id, section').all(seq);
    const rowsBefore = mentionRows();

    // Typing in the unsaid item: its row changes, no mention row is touched.
    saveEntry(db, { id: created.id, doc: doc({ given: 'Helped Sam move', received: 'Ana called', unsaid: 'Thank you for everything' }, [sam, ana]) });
    expect(openUnsaidOfEntry(db, seq).map((i) => i.text)).toEqual(['Thank you for everything']);
    expect(writes()).toEqual([]);
    expect(mentionRows()).toEqual(rowsBefore);

    // Sam moves from Given to Received: one row in, one row out; his count and list never drop.
    const countOf = (id: string) => listPeople(db).find((p) => p.id === id)?.entryCount;
    const listed = (id: string) => db.prepare('SELECT count(*) FROM person_entries WHERE person_id = ? AND entry_seq = ?').pluck().get(id, seq);
    db.exec(`CREATE TEMP TRIGGER log_count AFTER UPDATE ON main.person_entry_counts BEGIN INSERT INTO mention_writes VALUES ('count', NEW.person_id, NEW.entries); END;`);
    saveEntry(db, { id: created.id, doc: doc({ given: 'Moved boxes', received: 'Ana called, then Sam helped', unsaid: 'Thank you for everything' }, [sam, ana]) });
    type Write = { what: string; personId: string; section: string };
    const all = writes() as Write[];
    // Rows that stayed are not deleted and written again, and no count went down and back up.
    const deleted = new Set(all.filter((w) => w.what === 'delete').map((w) => `${w.personId}/${w.section}`));
    expect(all.filter((w) => w.what === 'insert' && deleted.has(`${w.personId}/${w.section}`))).toEqual([]);
    expect(all.filter((w) => w.what === 'count')).toEqual([]);
    expect(all.some((w) => w.personId === sam.id && w.section === 'received' && w.what === 'insert')).toBe(true);
    expect(countOf(sam.id)).toBe(1);
    expect(listed(sam.id)).toBe(1);
    expect(entryIdsFor(db, 'boxes', { personId: sam.id })).toEqual([created.id]);
    // What is stored is what a fresh save of the same document would store.
    const again = createEntry(db, { date: '2026-03-01', doc: getEntry(db, created.id).doc });
    const strip = (rows: unknown[]) => rows.map((r) => ({ ...(r as object) }));
    expect(strip(mentionRows())).toEqual(strip(db.prepare('SELECT person_id AS personId, section, direct FROM mentions WHERE entry_seq = ? ORDER BY person_id, section').all(seqOf(db, again.id))));
  });

  it('finds a person under a new name after a rename', async () => {
    const db = await journal();
    const sam = upsertPerson(db, { name: 'Sam' });
    const created = createEntry(db, { date: '2026-03-01', doc: doc({ given: 'Lent Sam my umbrella' }, [sam]) });
    upsertPerson(db, { id: sam.id, name: 'Samira' });
    expect(entryIdsFor(db, 'Samira')).toEqual([created.id]);
    expect(listEntryTexts(db)[0]!.given).toBe('Lent Samira my umbrella');
  });
});

function seqOf(db: Db, id: string): number {
  return (db.prepare('SELECT seq FROM entries WHERE id = ?').get(id) as { seq: number }).seq;
}

describe('prepared statements', () => {
  it('are compiled once per connection and never shared between journals', async () => {
    const a = await journal();
    const b = await journal();
    const sql = 'SELECT count(*) AS n FROM entries';
    expect(stmt(a, sql)).toBe(stmt(a, sql));
    expect(stmt(a, sql)).not.toBe(stmt(b, sql));
    createEntry(a, { doc: doc({ note: 'only in the first journal' }) });
    expect(stmt(a, sql).get()).toEqual({ n: 1 });
    expect(stmt(b, sql).get()).toEqual({ n: 0 });
  });
});

describe('a large import', () => {
  function dayOneExport(file: string, entries: { text: string; tags?: string[]; creationDate?: string }[]): void {
    fs.writeFileSync(file, JSON.stringify({ metadata: { version: '1.0' }, entries: entries.map((e, i) => ({ uuid: `U${i}`, creationDate: e.creationDate ?? '2024-04-01T10:00:00Z', ...e })) }));
  }

  it('writes what a save would derive: searchable text and people', async () => {
    const db = await journal();
    const file = path.join(tmp.root, 'many.json');
    dayOneExport(
      file,
      Array.from({ length: 450 }, (_, i) => ({ text: `Day ${i}: tea with @Noor and a walk ${i === 321 ? 'zephyrine' : ''}`, creationDate: `2024-01-01T10:00:00Z` })),
    );
    expect(await runImport(db, 'dayone', file, { Noor: 'create' })).toEqual({ entries: 450, peopleCreated: 1 });
    const noor = listPeople(db).find((p) => p.name === 'Noor')!;
    expect(search(db, { q: 'zephyrine' }).hits.map((h) => h.people.map((p) => p.name))).toEqual([['Noor']]);
    expect(search(db, { q: 'tea', personId: noor.id, limit: 500 }).hits).toHaveLength(450);
  });

  it('is all-or-nothing: a bad entry after several batches leaves the journal exactly as before', async () => {
    const db = await journal();
    createEntry(db, { date: '2026-01-01', doc: doc({ note: 'written before the import' }) });
    const before = listEntryTexts(db);
    const peopleBefore = listPeople(db);
    const file = path.join(tmp.root, 'late-failure.json');
    const entries: { text: string; tags?: string[]; creationDate?: string }[] = Array.from({ length: 700 }, (_, i) => ({ text: `Entry ${i} about quokkas with @Noor` }));
    entries[650] = { text: 'no usable date', creationDate: 'not a date' };
    dayOneExport(file, entries);
    await expect(runImport(db, 'dayone', file, { Noor: 'create' })).rejects.toThrow(/late-failure\.json, entry 651/);
    expect(listEntryTexts(db)).toEqual(before);
    expect(listPeople(db)).toEqual(peopleBefore);
    expect(search(db, { q: 'quokkas' }).hits).toEqual([]);
  });

  it('writes its index rows in batches, and an entry numbered like the newest one just deleted is found, the deleted one not', async () => {
    const db = await journal();
    createEntry(db, { date: '2026-01-01', doc: doc({ note: 'kept apricots' }) });
    const newest = createEntry(db, { date: '2026-01-02', doc: doc({ note: 'deleted gooseberries' }) });
    drainIndexQueue(db);
    // Its index row is removed in the background: still there, queued, when the import writes.
    deleteEntry(db, newest.id);
    const file = path.join(tmp.root, 'after-delete.json');
    dayOneExport(file, Array.from({ length: 3 }, (_, i) => ({ text: `Imported damsons ${i}`, creationDate: `2024-02-0${i + 1}T10:00:00Z` })));
    expect(await runImport(db, 'dayone', file)).toMatchObject({ entries: 3 });
    const found = () => ({ damsons: search(db, { q: 'damsons' }).hits.length, gooseberries: search(db, { q: 'gooseberries' }).hits.length, apricots: search(db, { q: 'apricots' }).hits.length });
    expect(found()).toEqual({ damsons: 3, gooseberries: 0, apricots: 1 });
    drainIndexQueue(db);
    expect(found()).toEqual({ damsons: 3, gooseberries: 0, apricots: 1 });
  });
});
