/**
 * 0050 makes the search index again so that words in scripts written without spaces are found.
 * A journal from schema 40 — one entry still in the index queue — keeps every hit, keeps
 * secure-delete and the page size, ends with an empty queue, and finds Chinese words from then on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0050 } from '../../../electron/core/db/migrations/0050-unspaced-scripts';
import { queueLength } from '../../../electron/core/db/repos/indexQueue';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { search } from '../../../electron/core/services/search';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0050-unspaced-scripts', () => {
  it('indexes the previous version’s fixture again: every hit kept, queue emptied, settings kept', async () => {
    const previous = migrations[migrations.indexOf(migration0050) - 1]!.version;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0050-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(50);
      // The fixture closed with its last entry queued; the new index holds it.
      expect(queueLength(db)).toBe(0);
      expect(listEntryTexts(db)).toHaveLength(fixtureEntries.length);
      for (const q of ['peonies', 'brulee', 'dinner', 'person:Sam station']) expect(search(db, { q }).hits, q).toHaveLength(1);
      expect(search(db, { q: '"Ana Lucía"' }).hits).toHaveLength(2);
      expect(search(db, { q: 'listened' }).hits.map((h) => h.people.map((p) => p.name).sort())).toEqual([['Ana Lucía', 'Sam']]);
      const config = (k: string) => (db.prepare('SELECT v FROM entries_fts_config WHERE k = ?').get(k) as { v: number } | undefined)?.v;
      expect(config('secure-delete')).toBe(1);
      expect(config('pgsz')).toBe(3900);

      const entry = createEntry(db, { date: '2026-11-30', doc: docFromPlainText({ note: '今天在台北回家吃饭' }) });
      drainIndexQueue(db);
      expect(search(db, { q: '台北' }).hits.map((h) => h.entryId)).toEqual([entry.id]);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
