/**
 * 0100 lets a photo be kept as an attachment (photos.attachment). A journal from schema 90 keeps
 * every entry and person, its photos are shown (attachment 0), and it can keep a HEIC this computer
 * cannot decode as an attachment at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0100 } from '../../../electron/core/db/migrations/0100-photo-attachments';
import { listEntries } from '../../../electron/core/services/entries';
import { findPerson } from '../../../electron/core/services/people';
import { storePhoto } from '../../../electron/core/services/photos';
import { Vault } from '../../../electron/core/vault/vault';
import { FIXTURE_PASSPHRASE, fixtureEntries } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0100-photo-attachments', () => {
  it('migrates the previous version’s fixture: everything kept, photos shown, a HEIC kept as an attachment', async () => {
    const previous = migrations[migrations.indexOf(migration0100) - 1]!.version;
    expect(previous).toBe(90);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0100-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(100);
      expect(listEntries(db).items).toHaveLength(fixtureEntries.length);
      expect(findPerson(db, 'Sam')).not.toBeNull();
      const columns = db.prepare('PRAGMA table_info(photos)').all() as { name: string; notnull: number; dflt_value: string | null }[];
      expect(columns.find((c) => c.name === 'attachment')).toMatchObject({ notnull: 1, dflt_value: '0' });
      // A photo stored the schema-90 way (no attachment given) is shown.
      db.prepare("INSERT INTO photos (id, source_hash, type, size, created_at) VALUES ('00000000-0000-4000-8000-000000000090', 'h90', 'image/png', 0, '2026-11-30T00:00:00Z')").run();
      expect(db.prepare("SELECT attachment FROM photos WHERE id = '00000000-0000-4000-8000-000000000090'").get()).toEqual({ attachment: 0 });
      expect(() => db.prepare("UPDATE photos SET attachment = 2 WHERE id = '00000000-0000-4000-8000-000000000090'").run()).toThrow(/CHECK/);
      db.prepare("DELETE FROM photos WHERE id = '00000000-0000-4000-8000-000000000090'").run();
      const png = await storePhoto(db, async function* () {
        yield await sharp({ create: { width: 10, height: 10, channels: 3, background: '#c33' } }).png().toBuffer();
      });
      expect(png.shown).toBe(true);
      const ftyp = Buffer.from('00000018667479706865696300000000686569636d696631', 'hex');
      const heic = await storePhoto(db, () => [Buffer.concat([ftyp, Buffer.alloc(2000, 0x5a)])]);
      expect(heic).toMatchObject({ type: 'image/heic', shown: false, width: null });
      expect(vault.checkIntegrity()).toEqual([]);
    } finally {
      vault.lock();
    }
  });
});
