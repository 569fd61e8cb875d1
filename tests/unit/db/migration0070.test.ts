/**
 * 0070 derives again who each section is about: in the previous version's fixture, sections with
 * words that mention no one now count for the people of their entry, and unsaid items that name
 * no one for all of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0070 } from '../../../electron/core/db/migrations/0070-implied-people';
import { findPerson } from '../../../electron/core/services/people';
import { openUnsaidFor, rhythmFor } from '../../../electron/core/services/personPage';
import { Vault } from '../../../electron/core/vault/vault';
import { FIXTURE_PASSPHRASE } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0070-implied-people', () => {
  it('counts the fixture’s unmentioned sections and items for the people of their entries', async () => {
    const previous = migrations[migrations.indexOf(migration0070) - 1]!.version;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0070-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(70);
      const sam = findPerson(db, 'Sam')!;
      const ana = findPerson(db, 'Ana Lucía')!;
      // Sam: Given in March (mentioned), Received in March and April (mentioned).
      const samMonths = rhythmFor(db, sam.id, '2026-04-30').months;
      expect(samMonths.find((m) => m.month === '2026-03')).toMatchObject({ given: 1, received: 1 });
      // "Thank you for waiting", in the entry about Sam, now names him; so does "I miss our walks" for Ana.
      expect(openUnsaidFor(db, sam.id).map((i) => i.text)).toEqual(['Thank you for waiting']);
      expect(openUnsaidFor(db, ana.id).map((i) => i.text)).toEqual(['I miss our walks']);
      const implied = db.prepare('SELECT count(*) AS n FROM mentions WHERE direct = 0').get() as { n: number };
      // Entry 1: Unsaid → Sam; entry 2: Unsaid and Note → Ana; entry 3: Note → Sam and Ana.
      expect(implied.n).toBe(5);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
