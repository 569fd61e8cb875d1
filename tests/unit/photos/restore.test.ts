/**
 * A photo keeps when it was taken (the camera's own date and time), and a backup restored into a
 * new journal gives back every byte of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { variantPieces } from '../../../electron/core/db/repos/photos';
import { createEntry, getEntry } from '../../../electron/core/services/entries';
import { storePhoto } from '../../../electron/core/services/photos';
import { restoreBackup, writeBackup } from '../../../electron/core/vault/backup';
import { Vault } from '../../../electron/core/vault/vault';
import type { DocNode } from '../../../electron/shared/doc';
import { createVault, doc, PASSPHRASE, tempRoot } from '../vault/helpers';

const tmp = tempRoot('photo-restore');

async function photoTakenAt(when: string): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#88aa44' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Phone' }, IFD2: { DateTimeOriginal: when } })
    .toBuffer();
}

describe('a photo', () => {
  it("keeps when it was taken: the camera's own date and time", async () => {
    const { vault } = await createVault(tmp.sub());
    const photo = await storePhoto(vault.db, async function* () {
      yield await photoTakenAt('2024:07:14 18:42:05');
    });
    expect(photo.takenAt).toBe('2024-07-14T18:42:05');
    const plain = await storePhoto(vault.db, async function* () {
      yield await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } }).png().toBuffer();
    });
    expect(plain.takenAt).toBeNull();
    vault.lock();
  });

  it('comes back byte for byte from a backup restored into a new journal, still shown by its entry', async () => {
    const dir = tmp.sub();
    const { vault } = await createVault(dir);
    const photo = await storePhoto(vault.db, async function* () {
      yield await photoTakenAt('2023:01:02 03:04:05');
    });
    const d = doc({ note: 'The lake' });
    d.content[3]!.content!.push({ type: 'image', attrs: { photoId: photo.id, alt: 'the lake at dusk' } } as DocNode);
    const entry = createEntry(vault.db, { date: '2023-01-02', doc: d });
    const original = Buffer.concat([...variantPieces(vault.db, photo.id, 'original')]);
    const small = Buffer.concat([...variantPieces(vault.db, photo.id, 'small')]);
    const backup = path.join(tmp.sub('backups'), 'backup.mutualbackup');
    fs.mkdirSync(path.dirname(backup), { recursive: true });
    writeBackup(vault.db, dir, backup);
    vault.lock();

    const restoredDir = tmp.sub('restored');
    restoreBackup(backup, restoredDir);
    const restored = await Vault.unlock(restoredDir, PASSPHRASE);
    try {
      expect(Buffer.concat([...variantPieces(restored.db, photo.id, 'original')]).equals(original)).toBe(true);
      expect(Buffer.concat([...variantPieces(restored.db, photo.id, 'small')]).equals(small)).toBe(true);
      expect(JSON.stringify(getEntry(restored.db, entry.id).doc)).toContain(photo.id);
    } finally {
      restored.lock();
    }
  });
});
