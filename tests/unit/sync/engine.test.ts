/**
 * The sync engine between two and three journals sharing one temporary folder, driven through the
 * core: setting up, joining, edits crossing, concurrent edits merged, what sync folders do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntry, deleteEntry, getEntry, saveEntry } from '../../../electron/core/services/entries';
import { search } from '../../../electron/core/services/search';
import { addDetail, findPerson, upsertPerson } from '../../../electron/core/services/people';
import { docFromPlainText } from '../../../electron/shared/doc';
import { firstComputer, joiningComputer, journalView, peopleView, round, settle, wordsOf, type Computer } from './syncHelpers';
import { tempRoot } from '../vault/helpers';

const { sub } = tempRoot('sync-engine');
const open: Computer[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.vault.lock();
});
const keep = (c: Computer) => (open.push(c), c);

describe('sync through a folder', () => {
  it('a joining computer gets every entry, person and detail, and finds them by search', async () => {
    const folder = sub('folder');
    const a = keep(
      await firstComputer(sub('a'), folder, (db) => {
        const sam = upsertPerson(db, { name: 'Sam', kind: 'friend', care: 'Small surprises' });
        addDetail(db, { personId: sam.id, text: 'Loves peonies', notedOn: '2026-03-01', remindOn: '2026-05-01' });
        createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Made soup for Sam', received: '她给了我一本书' }, [sam]) });
        createEntry(db, { date: '2026-11-03', doc: docFromPlainText({ unsaid: 'Thank you, café owner' }) });
      }),
    );
    const b = keep(await joiningComputer('B', sub('b'), folder));
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
    expect(peopleView(b.vault.db)).toEqual(peopleView(a.vault.db));
    expect(search(b.vault.db, { q: '一本书' }).hits).toHaveLength(1);
    expect(search(b.vault.db, { q: 'cafe' }).hits).toHaveLength(1);
  });

  it('an edit on one computer appears on the other, and concurrent edits of one entry keep both computers’ words', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(
      await firstComputer(sub('a'), folder, (db) => {
        id = createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ given: 'First paragraph.', note: 'A note.' }) }).id;
      }),
    );
    const b = keep(await joiningComputer('B', sub('b'), folder));
    saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: 'First paragraph, edited on A.', note: 'A note.' }) });
    saveEntry(b.vault.db, { id, doc: docFromPlainText({ given: 'First paragraph.', note: 'A note, edited on B.' }) });
    await settle([a, b]);
    const words = wordsOf(getEntry(a.vault.db, id).doc);
    expect(words).toContain('edited on A');
    expect(words).toContain('edited on B');
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
  });
});
