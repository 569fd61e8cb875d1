import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/core/db/migrate';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../electron/core/db/migrations';
import { migration0010 } from '../../../electron/core/db/migrations/0010-init';
import { listEntryTexts } from '../../../electron/core/services/entries';
import { listPeople } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { openDatabase } from '../../../electron/core/db/connection';
import { Vault } from '../../../electron/core/vault/vault';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const fixturesDir = path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults');
const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-migrations-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Copies a checked-in fixture so a test never migrates the committed file in place. */
function copyFixture(version: number): string {
  const target = path.join(tempDir(), 'journal');
  fs.cpSync(path.join(fixturesDir, `v${String(version).padStart(4, '0')}`), target, { recursive: true });
  return target;
}

describe('the migration list', () => {
  it('is ordered in steps of 10 and ends at the latest version', () => {
    const versions = migrations.map((m) => m.version);
    versions.forEach((v, i) => expect(v).toBe((i + 1) * 10));
    expect(LATEST_SCHEMA_VERSION).toBe(versions[versions.length - 1]);
  });

  it('has a checked-in vault fixture for every released version', () => {
    for (const m of migrations) expect(fs.existsSync(path.join(fixturesDir, `v${String(m.version).padStart(4, '0')}`, 'journal.key'))).toBe(true);
  });
});

describe('0010-init', () => {
  it('turns an empty encrypted database (version 0) into schema 10 with the search index', () => {
    const file = path.join(tempDir(), 'journal.db');
    const key = crypto.randomBytes(32);
    const db = openDatabase(file, key, { create: true });
    expect(schemaVersion(db)).toBe(0);
    migrate(db, [migration0010]);
    expect(schemaVersion(db)).toBe(10);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['people', 'details', 'entries', 'mentions', 'unsaid_items', 'unsaid_item_people', 'settings', 'entries_fts']));
    // secure-delete is a persistent FTS5 option: deleted text must not linger in the index.
    const config = db.prepare(`SELECT v FROM entries_fts_config WHERE k = 'secure-delete'`).get() as { v: number } | undefined;
    expect(config?.v).toBe(1);
    db.close();
  });

  it('runs again as a no-op on a database already at the latest version', () => {
    const file = path.join(tempDir(), 'journal.db');
    const db = openDatabase(file, crypto.randomBytes(32), { create: true });
    migrate(db);
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    db.close();
  });
});

describe('the v0010 fixture', () => {
  it('opens with its passphrase and keeps every entry, person and search hit', async () => {
    const dir = copyFixture(10);
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      expect(schemaVersion(vault.db)).toBe(LATEST_SCHEMA_VERSION);
      const texts = listEntryTexts(vault.db);
      expect(texts.map((t) => t.date).sort()).toEqual(fixtureEntries.map((e) => e.date).sort());
      expect(texts.find((t) => t.date === '2026-03-05')?.note).toContain('crème brûlée 🌷');
      expect(listPeople(vault.db).map((p) => p.name).sort()).toEqual(['Ana Lucía', 'Sam']);
      expect(search(vault.db, { q: 'peonies' }).hits).toHaveLength(1);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });

  it('opens with its recovery code', async () => {
    const dir = copyFixture(10);
    const code = fs.readFileSync(path.join(dir, 'RECOVERY_CODE.txt'), 'utf8').trim();
    const vault = await Vault.recover(dir, code, 'a brand new passphrase');
    expect(listEntryTexts(vault.db)).toHaveLength(fixtureEntries.length);
    vault.lock();
  });
});
