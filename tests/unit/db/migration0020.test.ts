/**
 * 0020 gives each mention its entry's date, indexed per person, keeps each person's entry count
 * and flags each person's open unsaid items, so the people list and a person's page read one index
 * per person. Each must agree with the journal after the migration, a save, a change of date and
 * a deletion, or the list would show a wrong "last reflected on" or count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/db/migrations';
import { migration0010 } from '../../../electron/core/db/migrations/0010-init';
import { migration0020 } from '../../../electron/core/db/migrations/0020-mention-dates';
import { createEntry, deleteEntry, getEntry, saveEntry } from '../../../electron/core/services/entries';
import { findPerson, listPeople } from '../../../electron/core/services/people';
import { timelineFor } from '../../../electron/core/services/personPage';
import type { Db } from '../../../electron/core/db/connection';
import { openDatabase } from '../../../electron/core/db/connection';
import { readKeyFile, unwrapWithPassphrase } from '../../../electron/core/vault/keyFile';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOfV0010(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0020-')), 'journal');
  temps.push(path.dirname(dir));
  fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', 'v0010'), dir, { recursive: true });
  return dir;
}

/** Mentions whose date is not their entry's date (none, when the migration and the writers are right). */
const staleMentions = (db: Db) =>
  (db.prepare('SELECT count(*) AS n FROM mentions m JOIN entries e ON e.seq = m.entry_seq WHERE m.date IS NOT e.date').get() as { n: number }).n;
/** People whose kept entry count differs from counting their mentions (none, when the triggers are right). */
const wrongCounts = (db: Db) =>
  (
    db
      .prepare(
        `SELECT count(*) AS n FROM people p
         WHERE coalesce((SELECT entries FROM person_entry_counts WHERE person_id = p.id), 0) <> (SELECT count(DISTINCT entry_seq) FROM mentions WHERE person_id = p.id)`,
      )
      .get() as { n: number }
  ).n;
/** Open-item links whose flag disagrees with their item's state. */
const wrongOpenFlags = (db: Db) =>
  (db.prepare(`SELECT count(*) AS n FROM unsaid_item_people up JOIN unsaid_items u USING (entry_seq, item_id) WHERE up.open <> (u.state = 'open')`).get() as { n: number }).n;
const mentionDates = (db: Db) => (db.prepare('SELECT DISTINCT date FROM mentions ORDER BY date').all() as { date: string }[]).map((r) => r.date);

describe('0020-mention-dates', () => {
  it('backfills every mention of the v0010 fixture with its entry’s date and indexes them per person', async () => {
    const dir = copyOfV0010();
    const keys = await unwrapWithPassphrase(readKeyFile(dir), FIXTURE_PASSPHRASE);
    const db = openDatabase(path.join(dir, 'journal.db'), keys!.current, { create: false });
    try {
      expect(schemaVersion(db)).toBe(10);
      const before = (db.prepare('SELECT count(*) AS n FROM mentions').get() as { n: number }).n;
      migrate(db, [migration0010, migration0020]);
      expect(schemaVersion(db)).toBe(20);
      expect((db.prepare('SELECT count(*) AS n FROM mentions').get() as { n: number }).n).toBe(before);
      expect(before).toBeGreaterThan(0);
      expect(staleMentions(db)).toBe(0);
      expect(wrongCounts(db)).toBe(0);
      expect((db.prepare('SELECT sum(entries) AS n FROM person_entry_counts').get() as { n: number }).n).toBe(4);
      expect(wrongOpenFlags(db)).toBe(0);
      expect(mentionDates(db)).toEqual([...new Set(fixtureEntries.map((e) => e.date))].sort());
      const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT max(date) FROM mentions WHERE person_id = 'x'`).all() as { detail: string }[]).map((r) => r.detail).join(' ');
      expect(plan).toContain('mentions_by_person_date');
      // A change of an entry's date reaches its mentions whoever makes it.
      db.prepare(`UPDATE entries SET date = '2020-01-01' WHERE date = '2026-04-10'`).run();
      expect(staleMentions(db)).toBe(0);
      expect(mentionDates(db)).toContain('2020-01-01');
    } finally {
      db.close();
      keys!.current.fill(0);
    }
  });

  it('opens the fixture at the latest version with last reflected on, counts and the timeline right', async () => {
    const vault = await Vault.unlock(copyOfV0010(), FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const people = listPeople(db, { today: '2026-04-30' });
      const sam = people.find((p) => p.name === 'Sam')!;
      const ana = people.find((p) => p.name === 'Ana Lucía')!;
      expect([sam.lastReflectedOn, sam.entryCount]).toEqual(['2026-04-10', 2]);
      expect([ana.lastReflectedOn, ana.entryCount]).toEqual(['2026-04-10', 2]);
      // May 2025 … April 2026: one entry with Sam in March, one in April.
      expect(sam.monthly).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
      expect(timelineFor(db, sam.id).items.map((i) => i.date)).toEqual(['2026-04-10', '2026-03-02']);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it('keeps mention dates right through new entries and a change of date', async () => {
    const vault = await Vault.unlock(copyOfV0010(), FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      const sam = findPerson(db, 'Sam')!;
      const entry = createEntry(db, { date: '2026-05-01', doc: docFromPlainText({ given: 'Helped Sam move', unsaid: 'Thank Sam for the boxes' }, [sam]) });
      const openLinksOf = (id: string) => (db.prepare('SELECT count(*) AS n FROM unsaid_item_people WHERE open = 1 AND entry_seq = (SELECT seq FROM entries WHERE id = ?)').get(id) as { n: number }).n;
      expect(openLinksOf(entry.id)).toBe(1);
      expect(staleMentions(db)).toBe(0);
      saveEntry(db, { id: entry.id, date: '2026-06-15', doc: getEntry(db, entry.id).doc });
      expect(staleMentions(db)).toBe(0);
      expect(wrongCounts(db)).toBe(0);
      expect(listPeople(db, { today: '2026-06-30' }).find((p) => p.id === sam.id)!.lastReflectedOn).toBe('2026-06-15');
      // A state changed behind the services' back still reaches the open flag.
      db.prepare(`UPDATE unsaid_items SET state = 'said'`).run();
      expect(wrongOpenFlags(db)).toBe(0);
      expect((db.prepare('SELECT count(*) AS n FROM unsaid_item_people WHERE open = 1').get() as { n: number }).n).toBe(0);
      deleteEntry(db, entry.id);
      expect(wrongCounts(db)).toBe(0);
    } finally {
      vault.lock();
    }
  });
});
