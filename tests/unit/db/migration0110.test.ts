/**
 * 0110 keeps each person's entries in person_entries, one row per (person, entry), for the search's
 * person filter. The previous version's fixture gets exactly the pairs its mentions hold, and the
 * triggers keep the table equal to the mentions through every way mentions change: saves that add
 * or drop a person, an entry deleted, two people merged, a person deleted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0110 } from '../../../electron/core/db/migrations/0110-person-entries';
import { createEntry, deleteEntry, listEntries, saveEntry } from '../../../electron/core/services/entries';
import { findPerson, mergePeople, upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const pairs = (db: Db, sql: string) => (db.prepare(sql).all() as { person_id: string; entry_seq: number }[]).map((r) => `${r.person_id}:${r.entry_seq}`).sort();
const listed = (db: Db) => pairs(db, 'SELECT person_id, entry_seq FROM person_entries');
const fromMentions = (db: Db) => pairs(db, 'SELECT DISTINCT person_id, entry_seq FROM mentions');

async function migratedFixture(): Promise<Vault> {
  const previous = migrations[migrations.indexOf(migration0110) - 1]!.version;
  expect(previous).toBe(100);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0110-'));
  temps.push(root);
  const dir = path.join(root, 'journal');
  fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
  return Vault.unlock(dir, FIXTURE_PASSPHRASE);
}

describe('0110-person-entries', () => {
  it('lists each person’s entries from the previous version’s mentions, once per entry', async () => {
    const vault = await migratedFixture();
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(110);
      expect(listEntries(db).items).toHaveLength(fixtureEntries.length);
      const sam = findPerson(db, 'Sam')!;
      const ana = findPerson(db, 'Ana Lucía')!;
      // Sam is in several sections of the same entries; each entry is listed once.
      expect(db.prepare('SELECT count(*) FROM mentions WHERE person_id = ?').pluck().get(sam.id)).toBeGreaterThan(2);
      expect(db.prepare('SELECT entry_seq FROM person_entries WHERE person_id = ? ORDER BY entry_seq').pluck().all(sam.id)).toHaveLength(2);
      expect(db.prepare('SELECT entry_seq FROM person_entries WHERE person_id = ? ORDER BY entry_seq').pluck().all(ana.id)).toHaveLength(2);
      expect(listed(db)).toEqual(fromMentions(db));
      expect(listed(db)).toHaveLength(4);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it('stays equal to the mentions through saves, deletions and merges, and the person filter follows', async () => {
    const vault = await migratedFixture();
    try {
      const db = vault.db;
      const sam = findPerson(db, 'Sam')!;
      const ana = findPerson(db, 'Ana Lucía')!;
      const mei = upsertPerson(db, { name: 'Mei', kind: 'friend' });
      const found = (personId: string, q = 'kettle') => {
        drainIndexQueue(db);
        return search(db, { q, personId }).hits.map((h) => h.entryId).sort();
      };

      // Mei in two sections of one entry: one row.
      const entry = createEntry(db, { date: '2026-06-01', doc: docFromPlainText({ given: 'Fixed the kettle with Mei', received: 'Mei made tea' }, [mei]) });
      expect(listed(db)).toEqual(fromMentions(db));
      expect(db.prepare('SELECT count(*) FROM person_entries WHERE person_id = ?').pluck().get(mei.id)).toBe(1);
      expect(found(mei.id)).toEqual([entry.id]);

      // Dropped from one section, still listed; dropped from both, gone (and no longer found with her).
      saveEntry(db, { id: entry.id, doc: docFromPlainText({ given: 'Fixed the kettle', received: 'Mei made tea' }, [mei]) });
      expect(listed(db)).toEqual(fromMentions(db));
      expect(found(mei.id)).toEqual([entry.id]);
      saveEntry(db, { id: entry.id, doc: docFromPlainText({ given: 'Fixed the kettle', received: 'Made tea' }) });
      expect(listed(db)).toEqual(fromMentions(db));
      expect(db.prepare('SELECT count(*) FROM person_entries WHERE person_id = ?').pluck().get(mei.id)).toBe(0);
      expect(found(mei.id)).toEqual([]);

      // Back again, then the entry is deleted.
      saveEntry(db, { id: entry.id, doc: docFromPlainText({ given: 'Fixed the kettle with Mei' }, [mei]) });
      expect(found(mei.id)).toEqual([entry.id]);
      deleteEntry(db, entry.id);
      expect(listed(db)).toEqual(fromMentions(db));
      expect(found(mei.id)).toEqual([]);

      // Merging Ana into Sam moves her entries; the entry about both is listed once.
      const both = createEntry(db, { date: '2026-06-02', doc: docFromPlainText({ given: 'A kettle for Sam and Ana Lucía' }, [sam, ana]) });
      mergePeople(db, sam.id, ana.id);
      expect(listed(db)).toEqual(fromMentions(db));
      expect(db.prepare('SELECT count(*) FROM person_entries WHERE person_id = ?').pluck().get(ana.id)).toBe(0);
      expect(db.prepare('SELECT count(*) FROM person_entries WHERE person_id = ?').pluck().get(sam.id)).toBe(4); // his 2, her 2 less the one they shared, and the new one
      expect(found(sam.id)).toEqual([both.id]);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
