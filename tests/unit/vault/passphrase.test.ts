/**
 * The passphrase and the recovery code: a wrong one is a typed error that changes no byte on
 * disk; the recovery code opens the journal and sets a new passphrase; changing the passphrase
 * re-wraps the key only, so every entry stays and the database file is not rewritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { ARGON2_DEFAULTS } from '../../../electron/core/vault/keyCrypto';
import { newRecoveryCode } from '../../../electron/core/vault/recoveryCode';
import { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, errorCodeOf, expectCode, fileHash, PASSPHRASE, snapshotFolder, tempRoot } from './helpers';

const tmp = tempRoot('passphrase');

/** A locked vault holding a few entries; returns what was written so tests can compare. */
async function lockedVaultWithEntries(options: Parameters<typeof createVault>[1] = {}) {
  const dir = tmp.sub();
  const { vault, recoveryCode } = await createVault(dir, options);
  const texts = ['Drove Sam to the station', 'Élodie’s crème brûlée 🌷', 'A long walk\nand a longer talk', '日本語のメモ'];
  for (const [i, given] of texts.entries()) createEntry(vault.db, { date: `2026-01-0${i + 1}`, doc: doc({ given, note: `note ${i}` }) });
  vault.db.pragma('wal_checkpoint(TRUNCATE)');
  vault.lock();
  return { dir, recoveryCode, texts };
}

function givenTexts(vault: Vault): string[] {
  return listEntryTexts(vault.db)
    .map((e) => e.given)
    .sort();
}

describe('a wrong passphrase', () => {
  let dir = '';
  const real = PASSPHRASE;

  beforeAll(async () => {
    // The real Argon2id cost: this is the path a person takes every day.
    ({ dir } = await lockedVaultWithEntries({ argon2: ARGON2_DEFAULTS }));
  });

  it('is refused with WRONG_PASSPHRASE and leaves every file byte-for-byte unchanged', async () => {
    const near = [
      real.toUpperCase(),
      `${real} `,
      ` ${real}`,
      real.slice(0, -1),
      `${real}\n`,
      real.replace(/ /g, '\u00a0'),
      '',
      ' ',
      '\u0000',
      'é'.repeat(1024),
      '🫶'.repeat(512),
      `${real}${'x'.repeat(1024 - real.length)}`,
    ];
    const before = snapshotFolder(dir);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...near),
          fc.string({ unit: 'grapheme', maxLength: 64 }),
          fc.string({ unit: 'binary', maxLength: 64 }),
          fc.string({ unit: 'grapheme-ascii', minLength: 900, maxLength: 1024 }),
        ),
        async (guess) => {
          fc.pre(guess.normalize('NFC') !== real.normalize('NFC'));
          await expectCode(() => Vault.unlock(dir, guess), 'WRONG_PASSPHRASE');
          expect(snapshotFolder(dir)).toEqual(before);
        },
      ),
      { numRuns: 25, examples: near.map((n) => [n]) },
    );
    // And the right one still opens it, with everything in it.
    const vault = await Vault.unlock(dir, real);
    expect(listEntryTexts(vault.db)).toHaveLength(4);
    vault.lock();
  });
});

describe('the recovery code', () => {
  it('opens the journal however it is typed, sets a new passphrase, and the old one stops working', async () => {
    const { dir, recoveryCode, texts } = await lockedVaultWithEntries();
    const variants = [
      recoveryCode,
      recoveryCode.toLowerCase(),
      recoveryCode.replace(/-/g, ' '),
      recoveryCode.replace(/-/g, ''),
      `  ${recoveryCode.toLowerCase().replace(/-/g, '')}\n`,
      recoveryCode.replace(/0/g, 'O').replace(/1/g, 'l'),
    ];
    let previous = PASSPHRASE;
    for (const [i, typed] of variants.entries()) {
      const next = `new passphrase number ${i} ✓`;
      const vault = await Vault.recover(dir, typed, next);
      expect(givenTexts(vault)).toEqual([...texts].sort());
      expect(vault.checkIntegrity()).toEqual([]);
      vault.lock();
      await expectCode(() => Vault.unlock(dir, previous), 'WRONG_PASSPHRASE');
      const again = await Vault.unlock(dir, next);
      expect(givenTexts(again)).toEqual([...texts].sort());
      again.lock();
      previous = next;
    }
  });

  it('refuses a wrong code with WRONG_RECOVERY_CODE and changes nothing', async () => {
    const { dir, recoveryCode } = await lockedVaultWithEntries();
    const before = snapshotFolder(dir);
    // One character changed: still a well-formed code, but not this journal's.
    const flipped = (recoveryCode[0] === 'A' ? 'B' : 'A') + recoveryCode.slice(1);
    const wrong = [newRecoveryCode(), flipped, recoveryCode.slice(0, -1), `${recoveryCode}-AAAA`, '', 'not a code at all', PASSPHRASE];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...wrong), fc.string({ unit: 'grapheme', maxLength: 60 })), async (code) => {
        await expectCode(() => Vault.recover(dir, code, 'a brand new passphrase'), 'WRONG_RECOVERY_CODE');
        expect(snapshotFolder(dir)).toEqual(before);
      }),
      { numRuns: 40, examples: wrong.map((w) => [w]) },
    );
    await Vault.unlock(dir, PASSPHRASE).then((v) => v.lock());
  });
});

describe('changing the passphrase', () => {
  it('keeps every entry and re-wraps the key without rewriting the database', async () => {
    const { dir, recoveryCode, texts } = await lockedVaultWithEntries();
    const dbFile = path.join(dir, 'journal.db');
    const keyFile = path.join(dir, 'journal.key');
    const dbBefore = fileHash(dbFile);
    const keyBefore = fileHash(keyFile);

    const vault = await Vault.unlock(dir, PASSPHRASE);
    const keyBeforeChange = vault.copyDataKey();
    // NFD on the way in, NFC on the way back: the same passphrase typed on another system.
    const next = 'Ünïcödé passphrase 🌷 with spaces'.normalize('NFD');
    await vault.changePassphrase(PASSPHRASE, next);
    const keyAfterChange = vault.copyDataKey();
    expect(keyAfterChange.equals(keyBeforeChange)).toBe(true);
    expect(givenTexts(vault)).toEqual([...texts].sort());
    vault.lock();

    expect(fileHash(keyFile)).not.toBe(keyBefore);
    expect(fileHash(dbFile)).toBe(dbBefore);
    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'WRONG_PASSPHRASE');
    const reopened = await Vault.unlock(dir, next.normalize('NFC'));
    expect(givenTexts(reopened)).toEqual([...texts].sort());
    expect(reopened.copyDataKey().equals(keyBeforeChange)).toBe(true);
    reopened.lock();
    // The recovery code is not touched by a passphrase change.
    const recovered = await Vault.recover(dir, recoveryCode, 'after the change 1');
    expect(givenTexts(recovered)).toEqual([...texts].sort());
    recovered.lock();
    expect(fileHash(dbFile)).toBe(dbBefore);
  });

  it('refuses a wrong current passphrase and leaves the key file as it was', async () => {
    const { dir } = await lockedVaultWithEntries();
    const vault = await Vault.unlock(dir, PASSPHRASE);
    const before = fs.readFileSync(path.join(dir, 'journal.key'));
    expect(await errorCodeOf(() => vault.changePassphrase('not the passphrase', 'another passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(fs.readFileSync(path.join(dir, 'journal.key')).equals(before)).toBe(true);
    vault.lock();
    await Vault.unlock(dir, PASSPHRASE).then((v) => v.lock());
    await expectCode(() => Vault.unlock(dir, 'another passphrase'), 'WRONG_PASSPHRASE');
  });
});
