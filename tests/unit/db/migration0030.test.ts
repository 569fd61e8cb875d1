/**
 * 0030 makes the search index's pages fit the encrypted file's pages: an index page that spills
 * into an overflow page costs two pages to read and two to write on every search and save.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../electron/core/db/migrations';
import { FTS_PAGE_SIZE, migration0030 } from '../../../electron/core/db/migrations/0030-fts-page-size';
import { createEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { search } from '../../../electron/core/services/search';
import type { Db } from '../../../electron/core/db/connection';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE } from '../../fixtures/vaultFixtureContent';
import { createVault } from '../vault/helpers';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0030-'));
  temps.push(dir);
  return dir;
}

/** The most a row of entries_fts_data can hold on its page: 4096 − 80 reserved by SQLCipher − 35 (SQLite's cell overhead), less the record header. */
const MAX_BLOCK_ON_ONE_PAGE = 4096 - 80 - 35 - 4;

const pgsz = (db: Db) => (db.prepare(`SELECT v FROM entries_fts_config WHERE k = 'pgsz'`).get() as { v: number } | undefined)?.v;
const largestBlock = (db: Db) => (db.prepare('SELECT max(length(block)) AS n FROM entries_fts_data').get() as { n: number }).n;

describe('0030-fts-page-size', () => {
  it('migrates the previous version’s fixture: index pages fit, and every search hit is still found', async () => {
    const previous = migrations[migrations.indexOf(migration0030) - 1]!.version;
    const dir = path.join(tempDir(), 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      expect(schemaVersion(vault.db)).toBe(LATEST_SCHEMA_VERSION);
      expect(pgsz(vault.db)).toBe(FTS_PAGE_SIZE);
      expect(largestBlock(vault.db)).toBeLessThanOrEqual(MAX_BLOCK_ON_ONE_PAGE);
      expect(search(vault.db, { q: 'peonies' }).hits).toHaveLength(1);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it('keeps a grown index in pages that fit, with secure-delete still on', async () => {
    const { vault } = await createVault(path.join(tempDir(), 'journal'));
    const db = vault.db;
    const words = Array.from({ length: 400 }, (_, i) => `word${i.toString(36)}`);
    db.transaction(() => {
      for (let i = 0; i < 300; i++) {
        const text = Array.from({ length: 120 }, (_, j) => words[(i * 7 + j * j) % words.length]).join(' ');
        createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ note: text }) });
      }
    })();
    // Saves queue their index rows (schema 40); write them as the background step would.
    drainIndexQueue(db);
    db.prepare(`INSERT INTO entries_fts (entries_fts) VALUES ('optimize')`).run();
    expect((db.prepare('SELECT count(*) AS n FROM entries_fts_data').get() as { n: number }).n).toBeGreaterThan(20);
    expect(largestBlock(db)).toBeLessThanOrEqual(MAX_BLOCK_ON_ONE_PAGE);
    expect((db.prepare(`SELECT v FROM entries_fts_config WHERE k = 'secure-delete'`).get() as { v: number }).v).toBe(1);
    vault.lock();
  });
});
