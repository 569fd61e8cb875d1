/**
 * 0090 adds photos. A journal from schema 80 keeps every entry and person, has no photos, and can
 * take one at once: an entry shows it, a person wears it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0090 } from '../../../electron/core/db/migrations/0090-photos';
import { createEntry, listEntries } from '../../../electron/core/services/entries';
import { findPerson, setPersonPhoto } from '../../../electron/core/services/people';
import { storePhoto } from '../../../electron/core/services/photos';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText, type EntryDoc } from '../../../electron/shared/doc';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0090-photos', () => {
  it('migrates the previous version’s fixture: everything kept, photos usable', async () => {
    const previous = migrations[migrations.indexOf(migration0090) - 1]!.version;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0090-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(90);
      expect(listEntries(db).items).toHaveLength(fixtureEntries.length);
      expect(listEntries(db).items.every((e) => e.photoId === null)).toBe(true);
      expect(findPerson(db, 'Sam')!.photoId).toBeNull();
      const bytes = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#c33' } }).png().toBuffer();
      const photo = await storePhoto(db, () => [bytes]);
      const d = docFromPlainText({ note: 'A photo' }) as EntryDoc;
      d.content[3].content.push({ type: 'image', attrs: { photoId: photo.id, alt: 'red square' } });
      const entry = createEntry(db, { date: '2026-11-30', doc: d });
      expect(listEntries(db).items.find((e) => e.id === entry.id)!.photoId).toBe(photo.id);
      expect(setPersonPhoto(db, findPerson(db, 'Sam')!.id, photo.id).photoId).toBe(photo.id);
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
