/**
 * Rotating the data key re-encrypts the journal under a new key and issues a new recovery code.
 * Every entry must survive, the old recovery code and the old data key must stop working, and a
 * crash at any point of the rotation must leave a journal the passphrase opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { upsertPerson } from '../../../electron/core/services/people';
import { openDatabase, rekeyDatabase } from '../../../electron/core/db/connection';
import { readKeyFile, withPendingKey, writeKeyFile } from '../../../electron/core/vault/keyFile';
import { newRecoveryCode, normalizeRecoveryCode } from '../../../electron/core/vault/recoveryCode';
import { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, errorCodeOf, expectCode, fileHash, findInFolder, PASSPHRASE, plaintextDatabases, prng, runFixture, tempRoot } from './helpers';

const tmp = tempRoot('rotation');

type Texts = ReturnType<typeof listEntryTexts>;

/** A locked vault with entries and a person; returns its old data key and what it holds. */
async function lockedVault(entries = 12): Promise<{ dir: string; recoveryCode: string; dataKey: Buffer; texts: Texts }> {
  const dir = tmp.sub();
  const { vault, recoveryCode } = await createVault(dir);
  const sam = upsertPerson(vault.db, { name: 'Sam', kind: 'friend' });
  for (let i = 0; i < entries; i++) {
    createEntry(vault.db, { date: '2026-05-01', doc: doc({ given: `Rotation entry ${i} for Sam`, note: `zebracanary ${'long words '.repeat(i)}` }, [sam]) });
  }
  const texts = listEntryTexts(vault.db);
  const dataKey = vault.copyDataKey();
  vault.lock();
  return { dir, recoveryCode, dataKey, texts };
}

async function expectJournal(dir: string, texts: Texts): Promise<Vault> {
  const vault = await Vault.unlock(dir, PASSPHRASE);
  expect(vault.checkIntegrity()).toEqual([]);
  expect(listEntryTexts(vault.db)).toEqual(texts);
  return vault;
}

describe('rotating the data key', () => {
  it('keeps every entry, gives a working new recovery code and retires the old code and key', async () => {
    const { dir, recoveryCode: oldCode, dataKey: oldKey, texts } = await lockedVault();
    const vault = await Vault.unlock(dir, PASSPHRASE);
    const { recoveryCode: newCode } = await vault.rotateDataKey(PASSPHRASE);
    expect(normalizeRecoveryCode(newCode)).not.toBe(normalizeRecoveryCode(oldCode));
    const newKey = vault.copyDataKey();
    expect(newKey.equals(oldKey)).toBe(false);
    // Still usable without reopening, and writes after the rotation persist.
    createEntry(vault.db, { date: '2026-05-02', doc: doc({ given: 'written after rotating' }) });
    const textsAfter = listEntryTexts(vault.db);
    expect(textsAfter.filter((e) => e.given !== 'written after rotating')).toEqual(texts);
    vault.lock();

    expect(fs.readdirSync(dir).sort()).toEqual(['journal.db', 'journal.key']);
    expect(plaintextDatabases(dir)).toEqual([]);
    expect(findInFolder(dir, ['zebracanary', 'Rotation entry', newCode, normalizeRecoveryCode(newCode)!])).toEqual([]);
    expect((readKeyFile(dir) as { next?: unknown }).next).toBeUndefined();

    (await expectJournal(dir, textsAfter)).lock();
    await expectCode(() => Vault.recover(dir, oldCode, 'some new passphrase'), 'WRONG_RECOVERY_CODE');
    // The old data key (say, remembered on a device) no longer opens the journal.
    await expectCode(() => Vault.unlockWithDataKey(dir, oldKey), 'VAULT_DAMAGED');
    const recovered = await Vault.recover(dir, newCode.toLowerCase(), 'passphrase after rotation');
    expect(recovered.copyDataKey().equals(newKey)).toBe(true);
    expect(listEntryTexts(recovered.db)).toEqual(textsAfter);
    recovered.lock();
  });

  it('with a wrong passphrase changes nothing', async () => {
    const { dir, recoveryCode, dataKey, texts } = await lockedVault(3);
    const vault = await Vault.unlock(dir, PASSPHRASE);
    const keyBefore = fileHash(path.join(dir, 'journal.key'));
    expect(await errorCodeOf(() => vault.rotateDataKey('not the passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(fileHash(path.join(dir, 'journal.key'))).toBe(keyBefore);
    expect(vault.copyDataKey().equals(dataKey)).toBe(true);
    expect(listEntryTexts(vault.db)).toEqual(texts);
    vault.lock();
    (await Vault.recover(dir, recoveryCode, PASSPHRASE)).lock();
  });
});

describe('a rotation that stopped part-way', () => {
  it('after the new key was stored but before re-encrypting: unlock keeps the old key and drops the pending one', async () => {
    const { dir, recoveryCode: oldCode, dataKey: oldKey, texts } = await lockedVault(4);
    const newKey = Buffer.alloc(32, 7);
    const newCode = newRecoveryCode();
    const pending = await withPendingKey(readKeyFile(dir), newKey, PASSPHRASE, normalizeRecoveryCode(newCode)!);
    writeKeyFile(dir, pending!);

    const vault = await expectJournal(dir, texts);
    expect(vault.copyDataKey().equals(oldKey)).toBe(true);
    vault.lock();
    expect((readKeyFile(dir) as { next?: unknown }).next).toBeUndefined();
    await expectCode(() => Vault.recover(dir, newCode, 'some new passphrase'), 'WRONG_RECOVERY_CODE');
    (await Vault.recover(dir, oldCode, PASSPHRASE)).lock();
  });

  it('after re-encrypting but before the key file was updated: unlock opens with the new key and promotes it', async () => {
    const { dir, recoveryCode: oldCode, dataKey: oldKey, texts } = await lockedVault(4);
    const newKey = Buffer.alloc(32, 9);
    const newCode = newRecoveryCode();
    const pending = await withPendingKey(readKeyFile(dir), newKey, PASSPHRASE, normalizeRecoveryCode(newCode)!);
    writeKeyFile(dir, pending!);
    // The steps of Vault.rotateDataKey, stopped just before promoting the pending key.
    const db = openDatabase(path.join(dir, 'journal.db'), oldKey, { create: false });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode=DELETE');
    rekeyDatabase(db, newKey);
    db.pragma('journal_mode=WAL');
    db.close();
    const keyFileBefore = fileHash(path.join(dir, 'journal.key'));

    const vault = await expectJournal(dir, texts);
    expect(vault.copyDataKey().equals(newKey)).toBe(true);
    vault.lock();
    expect(fileHash(path.join(dir, 'journal.key'))).not.toBe(keyFileBefore);
    expect((readKeyFile(dir) as { next?: unknown }).next).toBeUndefined();
    (await expectJournal(dir, texts)).lock();
    await expectCode(() => Vault.unlockWithDataKey(dir, oldKey), 'VAULT_DAMAGED');
    (await Vault.recover(dir, newCode, PASSPHRASE)).lock();
    await expectCode(() => Vault.recover(dir, oldCode, PASSPHRASE), 'WRONG_RECOVERY_CODE');
  });

  it('killed with SIGKILL at random moments of repeated rotations: the passphrase always opens a sound journal', { timeout: 120_000 }, async () => {
    const { dir, texts } = await lockedVault(150);
    // Big enough that re-encrypting takes a while (about 100 ms here), so kills land inside it.
    expect(fs.statSync(path.join(dir, 'journal.db')).size).toBeGreaterThan(500_000);
    const seed = Number(process.env.MUTUAL_ROTATION_SEED ?? Date.now() % 2 ** 31);
    const random = prng(seed);
    let rotations = 0;
    let killedMidRotation = 0;
    for (let round = 0; round < 12; round++) {
      const why = `seed ${seed}, round ${round}`;
      const child = runFixture('rotateLoop.ts', [dir], { MUTUAL_TEST_PASSPHRASE: PASSPHRASE });
      await child.waitFor((l) => l === 'ready');
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 300)));
      child.proc.kill('SIGKILL');
      expect((await child.exited).signal, `${why}: ${child.stderr()}`).toBe('SIGKILL');
      rotations += child.lines.filter((l) => l.startsWith('rotated ')).length;
      if ((readKeyFile(dir) as { next?: unknown }).next) killedMidRotation++;

      const vault = await Vault.unlock(dir, PASSPHRASE);
      expect(vault.checkIntegrity(), why).toEqual([]);
      expect(listEntryTexts(vault.db), why).toEqual(texts);
      vault.lock();
      expect((readKeyFile(dir) as { next?: unknown }).next, why).toBeUndefined();
      // No half-written key file and no rollback journal SQLite would still replay. A kill between
      // switching to rollback mode and re-encrypting can leave an inactive journal that SQLite
      // ignores: a zeroed header, or an empty file when the kill came just after it was created
      // (SQLite replays a journal only when its first byte is not zero).
      expect(fs.readdirSync(dir).filter((f) => f !== 'journal.db-journal').sort(), why).toEqual(['journal.db', 'journal.key']);
      const journal = path.join(dir, 'journal.db-journal');
      if (fs.existsSync(journal)) {
        const header = fs.readFileSync(journal).subarray(0, 8);
        expect(header.every((byte) => byte === 0), `${why}: hot journal left (${header.length} header bytes: ${header.toString('hex')})`).toBe(true);
      }
    }
    expect(rotations).toBeGreaterThan(0);
    expect(killedMidRotation).toBeGreaterThanOrEqual(3);
  });
});
