/**
 * 0120 adds what a computer keeps to sync through a folder. On the previous version's fixture:
 * the tables are there and empty, and the marks are written only while sync is set up — a journal
 * that does not sync pays nothing on its saves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0120 } from '../../../electron/core/db/migrations/0120-sync';
import { insertSyncDevice, pendingMarks } from '../../../electron/core/db/repos/sync';
import { createEntry, deleteEntry, listEntries, saveEntry } from '../../../electron/core/services/entries';
import { findPerson, upsertPerson } from '../../../electron/core/services/people';
import { updateSettings } from '../../../electron/core/services/settings';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function migratedFixture(): Promise<Vault> {
  const previous = migrations[migrations.indexOf(migration0120) - 1]!.version;
  expect(previous).toBe(110);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0120-'));
  temps.push(root);
  const dir = path.join(root, 'journal');
  fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
  return Vault.unlock(dir, FIXTURE_PASSPHRASE);
}

describe('0120-sync', () => {
  it('keeps the journal as it was, adds empty sync tables, and marks nothing while sync is off', async () => {
    const vault = await migratedFixture();
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(120);
      expect(listEntries(db).items).toHaveLength(fixtureEntries.length);
      for (const table of ['sync_device', 'sync_entries', 'sync_records', 'sync_pending', 'sync_outbox', 'sync_applied', 'sync_notices'])
        expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
      const sam = findPerson(db, 'Sam')!;
      const entry = createEntry(db, { date: '2026-11-30', doc: docFromPlainText({ given: 'Tea with Sam' }, [sam]) });
      saveEntry(db, { id: entry.id, doc: docFromPlainText({ given: 'Tea and cake with Sam' }, [sam]) });
      upsertPerson(db, { id: sam.id, name: 'Sam', notes: 'Moved to Lisbon' });
      updateSettings(db, vault.dir, { notifyReminders: true });
      expect(pendingMarks(db)).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it('marks every kind of change once sync is set up; a backup folder is this computer’s own', async () => {
    const vault = await migratedFixture();
    try {
      const db = vault.db;
      insertSyncDevice(db, { folder: '/tmp/x', device_id: '0'.repeat(26), journal_id: 'j', generation: 1, clock: 'c', next_number: 1, set_up_at: 'now' });
      const sam = findPerson(db, 'Sam')!;
      const entry = createEntry(db, { date: '2026-11-30', doc: docFromPlainText({ given: 'Tea' }) });
      upsertPerson(db, { id: sam.id, name: 'Sam', notes: 'Moved to Lisbon' });
      updateSettings(db, vault.dir, { notifyReminders: true, backupEvery: 'weekly' });
      const gone = listEntries(db).items[0]!.id;
      deleteEntry(db, gone);
      const marks = pendingMarks(db).map((m) => `${m.kind}:${m.id}`);
      expect(marks).toEqual(expect.arrayContaining([`entry:${entry.id}`, `person:${sam.id}`, 'setting:notifyReminders', `entry:${gone}`]));
      expect(marks).not.toContain('setting:backupEvery');
    } finally {
      vault.lock();
    }
  });
});
