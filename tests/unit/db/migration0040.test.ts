/**
 * 0040 adds the search index's queue. A journal from schema 30 opens with an empty queue and every
 * entry found as before; from then on saves queue their index rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../electron/core/db/migrations';
import { migration0040 } from '../../../electron/core/db/migrations/0040-index-queue';
import { queueLength } from '../../../electron/core/db/repos/indexQueue';
import { listEntryTexts, saveEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { search } from '../../../electron/core/services/search';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0040-index-queue', () => {
  it('migrates the previous version’s fixture: an empty queue, every entry found, and saves queued from then on', async () => {
    const previous = migrations[migrations.indexOf(migration0040) - 1]!.version;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0040-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(40);
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      expect(queueLength(db)).toBe(0);
      expect(listEntryTexts(db)).toHaveLength(fixtureEntries.length);
      expect(search(db, { q: 'peonies' }).hits).toHaveLength(1);
      expect(search(db, { q: 'brulee' }).hits).toHaveLength(1);

      const target = search(db, { q: 'peonies' }).hits[0]!.entryId;
      saveEntry(db, { id: target, doc: docFromPlainText({ received: 'Sam brought tulips' }) });
      expect(queueLength(db)).toBe(1);
      expect(search(db, { q: 'tulips' }).hits.map((h) => h.entryId)).toEqual([target]);
      expect(search(db, { q: 'peonies' }).hits).toHaveLength(0);
      drainIndexQueue(db);
      expect(queueLength(db)).toBe(0);
      expect(search(db, { q: 'tulips' }).hits.map((h) => h.entryId)).toEqual([target]);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
