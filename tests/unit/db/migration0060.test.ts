/**
 * 0060 gives entries their time of writing and tags. A journal from schema 50 keeps every entry and
 * hit; an entry whose creation time falls on its own day gets that time (read in this computer's
 * zone), others none; tags can be used at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0060 } from '../../../electron/core/db/migrations/0060-time-and-tags';
import { createEntry, listEntries } from '../../../electron/core/services/entries';
import { search } from '../../../electron/core/services/search';
import { listTags } from '../../../electron/core/services/tags';
import { Vault } from '../../../electron/core/vault/vault';
import { localIsoWithOffset } from '../../../electron/shared/dates';
import type { EntryDoc } from '../../../electron/shared/doc';
import { docFromPlainText } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0060-time-and-tags', () => {
  it('migrates the previous version’s fixture: entries kept, times where they belong, tags usable', async () => {
    const previous = migrations[migrations.indexOf(migration0060) - 1]!.version;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0060-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(60);
      const rows = db.prepare('SELECT date, created_at, written_at FROM entries').all() as { date: string; created_at: string; written_at: string | null }[];
      expect(rows).toHaveLength(fixtureEntries.length);
      for (const r of rows) {
        const local = localIsoWithOffset(new Date(r.created_at));
        expect(r.written_at).toBe(local.slice(0, 10) === r.date ? local : null);
      }
      expect(search(db, { q: 'peonies' }).hits).toHaveLength(1);
      expect(listEntries(db).items.map((e) => e.date)).toEqual([...fixtureEntries.map((e) => e.date)].sort().reverse());

      const d = docFromPlainText({ note: 'Back home ' }) as EntryDoc;
      d.content[3].content[0]!.content!.push({ type: 'tag', attrs: { label: 'home' } });
      createEntry(db, { date: '2026-11-30', doc: d });
      expect(listTags(db)).toEqual([{ name: 'home', entries: 1 }]);
      expect(search(db, { q: 'tag:home' }).hits).toHaveLength(1);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
