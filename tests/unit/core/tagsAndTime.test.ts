/**
 * Entries carry tags (#travel) and the time they were written (schema 60): tags come from the
 * document like mentions, are searched with tag:, listed and renamed in one place; the time of
 * writing belongs to the entry's own day and orders the entries of a day.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { insertEntryAsIs } from '../../../electron/core/db/repos/entries';
import { createEntry, deleteEntry, derivedFor, getEntry, ImportIndexer, listEntries, saveEntry, writeDerivedFor } from '../../../electron/core/services/entries';
import { exportJson } from '../../../electron/core/services/export';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { search } from '../../../electron/core/services/search';
import { listTags, renameTag } from '../../../electron/core/services/tags';
import type { Vault } from '../../../electron/core/vault/vault';
import { todayLocal } from '../../../electron/shared/dates';
import { entryDocSchema, type DocNode, type EntryDoc } from '../../../electron/shared/doc';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('tags-time');
let vault: Vault;
let db: Db;

beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  db = vault.db;
});
afterAll(() => vault.lock());

/** A document whose note holds the text and then the tags, as the editor writes them. */
function tagged(text: string, tags: string[]): EntryDoc {
  const d = doc({ note: text });
  const paragraph = d.content[3].content[0]!;
  const inline: DocNode[] = [{ type: 'text', text: `${text} ` }];
  for (const label of tags) inline.push({ type: 'tag', attrs: { label } }, { type: 'text', text: ' ' });
  paragraph.content = inline;
  return d;
}
const ids = (q: string) => search(db, { q }).hits.map((h) => h.entryId).sort();
const tagNodes = (id: string) => {
  const labels: string[] = [];
  const walk = (nodes: DocNode[] | undefined) => nodes?.forEach((n) => (n.type === 'tag' ? labels.push(String(n.attrs?.label)) : walk(n.content)));
  walk(getEntry(db, id).doc.content);
  return labels;
};

describe('tags', () => {
  it('come from the document, are listed with counts, shown on the journal list and searched with tag:', () => {
    const a = createEntry(db, { date: '2026-05-01', doc: tagged('Ferry to the island', ['Travel', '绿岛']) }).id;
    const b = createEntry(db, { date: '2026-05-02', doc: tagged('Long walk', ['travel', 'example tag']) }).id;
    const c = createEntry(db, { date: '2026-05-03', doc: tagged('Quiet day', []) }).id;
    expect(listTags(db)).toEqual([
      { name: 'example tag', entries: 1 },
      { name: 'Travel', entries: 2 },
      { name: '绿岛', entries: 1 },
    ]);
    expect(listEntries(db).items.find((e) => e.id === a)!.tags).toEqual(['Travel', '绿岛']);
    for (const phase of ['queued', 'indexed']) {
      if (phase === 'indexed') drainIndexQueue(db);
      expect(ids('tag:travel'), phase).toEqual([a, b].sort());
      expect(ids('tag:#TRAVEL'), phase).toEqual([a, b].sort());
      expect(ids('tag:"example tag"'), phase).toEqual([b]);
      expect(ids('tag:travel tag:绿岛'), phase).toEqual([a]);
      expect(ids('tag:travel walk'), phase).toEqual([b]);
      // The tag's name is part of the entry's text too.
      expect(ids('绿岛'), phase).toEqual([a]);
    }
    expect(search(db, { q: 'tag:nowhere' }).hint).toBe('No entry has the tag “nowhere”.');
    for (const id of [a, b, c]) deleteEntry(db, id);
    expect(listTags(db)).toEqual([]);
  });

  it('are forgotten when no entry carries them, and refused when malformed', () => {
    const a = createEntry(db, { date: '2026-05-04', doc: tagged('x', ['gratitude']) });
    saveEntry(db, { id: a.id, doc: tagged('x', []) });
    expect(listTags(db)).toEqual([]);
    for (const label of ['', '#hash', ' padded ', 'two\nlines', 'x'.repeat(65)]) {
      expect(entryDocSchema.safeParse(tagged('x', [label])).success, JSON.stringify(label)).toBe(false);
    }
    deleteEntry(db, a.id);
  });

  it('rename in every entry: to a new name, to another tag (joining them), or only its capitals', () => {
    const a = createEntry(db, { date: '2026-06-01', doc: tagged('One', ['trip']) }).id;
    const b = createEntry(db, { date: '2026-06-02', doc: tagged('Two', ['Trip', 'family']) }).id;
    expect(renameTag(db, { from: 'TRIP', to: 'journeys' })).toEqual({ renamed: 2 });
    expect(tagNodes(a)).toEqual(['journeys']);
    expect(tagNodes(b)).toEqual(['journeys', 'family']);
    expect(ids('tag:trip')).toEqual([]);
    expect(ids('tag:journeys')).toEqual([a, b].sort());
    expect(ids('journeys')).toEqual([a, b].sort());

    expect(renameTag(db, { from: 'family', to: 'Journeys' })).toEqual({ renamed: 1 });
    expect(listTags(db)).toEqual([{ name: 'Journeys', entries: 2 }]);
    expect(tagNodes(b)).toEqual(['Journeys']);

    renameTag(db, { from: 'journeys', to: 'JOURNEYS' });
    expect(listTags(db)).toEqual([{ name: 'JOURNEYS', entries: 2 }]);
    expect(() => renameTag(db, { from: 'nothing', to: 'x' })).toThrow(/No entry has the tag/);
    expect(() => renameTag(db, { from: 'JOURNEYS', to: '  #  ' })).toThrow(/needs a name/);
    for (const id of [a, b]) deleteEntry(db, id);
  });
});

describe('the time of writing', () => {
  it("is in Mutual's JSON export for every entry: local time with its offset, or null when unknown", async () => {
    const { vault } = await createVault(tmp.sub());
    const now = createEntry(vault.db, { doc: doc({ note: 'written now' }) });
    createEntry(vault.db, { date: '2019-05-05', doc: doc({ note: 'written for another day' }) });
    const file = path.join(tmp.sub('export'), 'journal.json');
    fs.mkdirSync(path.dirname(file));
    await exportJson(vault.db, file);
    const entries = (JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Record<string, unknown>[] }).entries;
    expect(entries.every((e) => 'writtenAt' in e)).toBe(true);
    const mine = entries.find((e) => e.id === now.id)!;
    expect(mine.writtenAt).toBe(now.writtenAt);
    expect(String(mine.writtenAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/);
    expect(entries.find((e) => e.date === '2019-05-05')!.writtenAt).toBeNull();
    vault.lock();
  });

  it('is kept for an entry of today, with the offset, and not for an entry of another day', () => {
    const today = createEntry(db, { doc: doc({ note: 'now' }) });
    expect(today.writtenAt).toMatch(new RegExp(`^${todayLocal()}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}$`));
    expect(getEntry(db, today.id).writtenAt).toBe(today.writtenAt);
    const other = createEntry(db, { date: '2020-02-02', doc: doc({ note: 'then' }) });
    expect(other.writtenAt).toBeNull();
    // Moved to another day, the time of writing no longer belongs to it.
    const moved = saveEntry(db, { id: today.id, date: '2021-01-01', doc: doc({ note: 'now' }) });
    expect(moved.writtenAt).toBeNull();
    deleteEntry(db, today.id);
    deleteEntry(db, other.id);
  });

  it('orders the entries of a day, newest first, in the journal and in newest-first search', () => {
    // As an import writes them: rows, then their index rows in a batch.
    const indexer = new ImportIndexer(db);
    const at = (id: string, writtenAt: string | null) => {
      const d = derivedFor(db, doc({ note: `marmalade ${id}` }));
      const seq = insertEntryAsIs(db, { id, date: '2004-10-12', writtenAt, doc: JSON.stringify(d.doc), texts: d.texts, createdAt: '2004-10-13T00:00:00Z', updatedAt: '2004-10-13T00:00:00Z' });
      writeDerivedFor(db, seq, d, '2004-10-12');
      indexer.add(seq, d);
    };
    // Written in this order, but at these times of day.
    at('evening', '2004-10-12T21:38:00-06:00');
    at('morning', '2004-10-12T07:05:00-06:00');
    at('unknown', null);
    at('noon', '2004-10-12T12:00:00-06:00');
    indexer.flush();
    const day = listEntries(db, { limit: 10 }).items.filter((e) => e.date === '2004-10-12').map((e) => e.id);
    expect(day).toEqual(['evening', 'noon', 'morning', 'unknown']);
    expect(search(db, { q: 'marmalade', sort: 'newest' }).hits.map((h) => h.entryId)).toEqual(['evening', 'noon', 'morning', 'unknown']);
    expect(search(db, { q: 'marmalade' }).hits.find((h) => h.entryId === 'evening')!.writtenAt).toBe('2004-10-12T21:38:00-06:00');
    for (const id of day) deleteEntry(db, id);
  });
});
