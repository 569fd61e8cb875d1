/**
 * Damaged or foreign vaults are reported, never "fixed": random byte flips in the database or the
 * key file give VAULT_DAMAGED (or WRONG_PASSPHRASE for the key file, whose wraps then fail to
 * open) and the damaged file is never rewritten; a journal from a newer Mutual is refused and left
 * untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntry, deleteEntry, listEntryTexts, saveEntry } from '../../../electron/core/services/entries';
import { addDetail, upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import type { ErrorCode } from '../../../electron/shared/result';
import { MutualError } from '../../../electron/shared/result';
import { createVault, doc, errorCodeOf, expectCode, PASSPHRASE, snapshotFolder, tempRoot } from './helpers';

const tmp = tempRoot('damage');

type Outcome = ErrorCode | 'PROBLEMS_REPORTED' | 'OPENED_SOUND';

/** What a person gets from unlocking and running the full check (as `mutual check` does). */
async function unlockAndCheck(dir: string): Promise<{ outcome: Outcome; texts?: string[] }> {
  let vault: Vault;
  try {
    vault = await Vault.unlock(dir, PASSPHRASE);
  } catch (error) {
    if (error instanceof MutualError) return { outcome: error.code };
    throw error;
  }
  try {
    const problems = vault.checkIntegrity();
    if (problems.length > 0) return { outcome: 'PROBLEMS_REPORTED' };
    return { outcome: 'OPENED_SOUND', texts: listEntryTexts(vault.db).map((e) => e.given) };
  } catch (error) {
    if (error instanceof MutualError) return { outcome: error.code };
    throw new Error(`the full check threw something other than a MutualError: ${String(error)}`, { cause: error });
  } finally {
    vault.lock();
  }
}

/** A locked vault with people, details, entries, edits and deletions, and no free pages (see below). */
async function buildVault(): Promise<{ dir: string; texts: string[]; recoveryCode: string }> {
  const dir = tmp.sub();
  const { vault, recoveryCode } = await createVault(dir);
  const db = vault.db;
  const sam = upsertPerson(db, { name: 'Sam', kind: 'friend', care: 'small surprises' });
  addDetail(db, { personId: sam.id, text: 'Loves peonies', notedOn: '2026-03-01', remindOn: '2026-05-01' });
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    ids.push(createEntry(db, { date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`, doc: doc({ given: `entry ${i} with Sam`, note: 'words '.repeat(60 + i) }, [sam]) }).id);
  }
  for (let i = 0; i < 40; i += 5) deleteEntry(db, ids[i]!);
  saveEntry(db, { id: ids[1]!, doc: doc({ given: 'entry 1 edited', unsaid: 'thank you' }) });
  // Pages on the free list hold nothing and SQLite's integrity check does not read them, so a flip
  // there is harmless and invisible (see the report). Compacting first makes every page one the
  // journal uses, so every flip must be caught.
  db.exec('VACUUM');
  expect(db.pragma('freelist_count', { simple: true })).toBe(0);
  const texts = listEntryTexts(db).map((e) => e.given);
  vault.lock();
  return { dir, texts, recoveryCode };
}

describe('random byte flips in the database', () => {
  let dir = '';
  let dbFile = '';
  let original = Buffer.alloc(0);
  let texts: string[] = [];

  beforeAll(async () => {
    ({ dir, texts } = await buildVault());
    dbFile = path.join(dir, 'journal.db');
    original = fs.readFileSync(dbFile);
    expect(await unlockAndCheck(dir)).toEqual({ outcome: 'OPENED_SOUND', texts });
  });

  it('are reported as VAULT_DAMAGED and the damaged file is never rewritten', async () => {
    const pageSize = 4096;
    const pages = original.length / pageSize;
    expect(pages).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(
        // Whole-file positions, plus positions biased to the starts and ends of pages (salt, header, IV/HMAC trailer).
        fc.oneof(
          fc.nat({ max: original.length - 1 }),
          fc.tuple(fc.nat({ max: pages - 1 }), fc.nat({ max: 127 }), fc.boolean()).map(([p, o, end]) => p * pageSize + (end ? pageSize - 1 - o : o)),
        ),
        fc.integer({ min: 1, max: 255 }),
        async (position, mask) => {
          const flipped = Buffer.from(original);
          flipped[position]! ^= mask;
          fs.writeFileSync(dbFile, flipped);
          const before = snapshotFolder(dir);
          try {
            const { outcome } = await unlockAndCheck(dir);
            expect(['VAULT_DAMAGED', 'PROBLEMS_REPORTED'], `flip at byte ${position} (page ${Math.floor(position / pageSize)})`).toContain(outcome);
            expect(snapshotFolder(dir)).toEqual(before);
          } finally {
            fs.writeFileSync(dbFile, original);
          }
        },
      ),
      { numRuns: 40, examples: [[0, 1], [16, 1], [pageSize - 1, 0x80], [original.length - 1, 0xff], [pageSize * 2 + 100, 0x20]] },
    );
    expect(await unlockAndCheck(dir)).toEqual({ outcome: 'OPENED_SOUND', texts });
  });
});

/**
 * What a part of the key file means: its JSON with every base64 field decoded, so equal meaning
 * means equal keys, salts and parameters. `part` picks what unlocking with the passphrase depends
 * on, or what the recovery code depends on.
 */
function keyFileMeaning(text: string, part: 'passphrase' | 'recovery'): unknown {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text, (_key, value: unknown) =>
      typeof value === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length >= 16 ? Buffer.from(value, 'base64').toString('hex') : value,
    ) as Record<string, unknown>;
  } catch {
    return null;
  }
  const current = json.current as Record<string, unknown> | undefined;
  return part === 'passphrase'
    ? { format: json.format, version: json.version, kdf: json.kdf, wrap: current?.passphrase, next: json.next, keys: Object.keys(json).sort() }
    : { format: json.format, version: json.version, recoverySalt: json.recoverySalt, wrap: current?.recovery, keys: Object.keys(json).sort() };
}

describe('random byte flips in the key file', () => {
  it('give WRONG_PASSPHRASE or VAULT_DAMAGED, never a wrong key, and the key file is never rewritten', async () => {
    const { dir, texts, recoveryCode } = await buildVault();
    const keyFile = path.join(dir, 'journal.key');
    const original = fs.readFileSync(keyFile);
    const versionAt = original.indexOf('"version": 1') + '"version": '.length;
    const seen = new Set<Outcome>();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), async (position, mask) => {
        const flipped = Buffer.from(original);
        flipped[position]! ^= mask;
        fs.writeFileSync(keyFile, flipped);
        const before = snapshotFolder(dir);
        const meaningChanged = (part: 'passphrase' | 'recovery') =>
          !isDeepStrictEqual(keyFileMeaning(flipped.toString('utf8'), part), keyFileMeaning(original.toString('utf8'), part));
        try {
          const result = await unlockAndCheck(dir);
          seen.add(result.outcome);
          if (result.outcome === 'OPENED_SOUND') {
            // The passphrase may still open the journal only when nothing it depends on changed:
            // whitespace turned into other whitespace, unused low bits of a base64 character, or a
            // flip in the recovery code's part (checked below).
            expect(meaningChanged('passphrase'), `flip at ${position} changed the passphrase wrap yet opened the journal`).toBe(false);
            expect(result.texts).toEqual(texts);
          } else if (result.outcome === 'VAULT_FROM_NEWER_VERSION') {
            expect(position, 'only a changed version number may claim a newer version').toBe(versionAt);
          } else {
            expect(['WRONG_PASSPHRASE', 'VAULT_DAMAGED']).toContain(result.outcome);
          }
          if (meaningChanged('recovery')) {
            // A damaged recovery wrap refuses the code; it never yields some other key.
            expect(['WRONG_RECOVERY_CODE', 'VAULT_DAMAGED', 'VAULT_FROM_NEWER_VERSION']).toContain(
              await errorCodeOf(() => Vault.recover(dir, recoveryCode, 'a new passphrase here')),
            );
          }
          expect(snapshotFolder(dir)).toEqual(before);
        } finally {
          fs.writeFileSync(keyFile, original);
        }
      }),
      {
        numRuns: 30,
        // The opening brace, a salt character, the version digit, a wrap and the recovery salt.
        examples: [
          [0, 0x01],
          [original.indexOf('"salt"') + 10, 0x02],
          [versionAt, 0x08],
          [original.indexOf('"ciphertext"') + 20, 0x01],
          [original.indexOf('"recoverySalt"') + 20, 0x04],
        ],
      },
    );
    expect(seen.has('VAULT_DAMAGED') || seen.has('WRONG_PASSPHRASE')).toBe(true);
    expect(await unlockAndCheck(dir)).toEqual({ outcome: 'OPENED_SOUND', texts });
    const recovered = await Vault.recover(dir, recoveryCode, PASSPHRASE);
    recovered.lock();
  });
});

describe('missing files', () => {
  it('reports a missing folder or key file as VAULT_NOT_FOUND and a missing database as VAULT_DAMAGED, creating nothing', async () => {
    await expectCode(() => Vault.unlock(tmp.sub('nowhere'), PASSPHRASE), 'VAULT_NOT_FOUND');
    const empty = tmp.sub('empty');
    fs.mkdirSync(empty);
    await expectCode(() => Vault.unlock(empty, PASSPHRASE), 'VAULT_NOT_FOUND');
    expect(fs.readdirSync(empty)).toEqual([]);

    const { dir } = await buildVault();
    const moved = `${dir}-db-backup`;
    fs.renameSync(path.join(dir, 'journal.db'), moved);
    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'VAULT_DAMAGED');
    expect(fs.readdirSync(dir)).toEqual(['journal.key']);
    fs.renameSync(moved, path.join(dir, 'journal.db'));
    expect((await unlockAndCheck(dir)).outcome).toBe('OPENED_SOUND');
  });
});

describe('a journal written by a newer Mutual', () => {
  it('is refused with VAULT_FROM_NEWER_VERSION by every way in, and not modified', async () => {
    const dir = tmp.sub();
    const { vault, recoveryCode } = await createVault(dir);
    createEntry(vault.db, { doc: doc({ given: 'written by the future' }) });
    const dataKey = vault.copyDataKey();
    vault.db.pragma('user_version = 9990');
    vault.lock();
    const before = snapshotFolder(dir);
    await new Promise((resolve) => setTimeout(resolve, 20)); // so a rewrite would show in the mtime

    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'VAULT_FROM_NEWER_VERSION');
    expect(snapshotFolder(dir)).toEqual(before);
    await expectCode(() => Vault.recover(dir, recoveryCode, 'a new passphrase here'), 'VAULT_FROM_NEWER_VERSION');
    expect(snapshotFolder(dir)).toEqual(before);
    await expectCode(() => Vault.unlockWithDataKey(dir, dataKey), 'VAULT_FROM_NEWER_VERSION');
    expect(snapshotFolder(dir)).toEqual(before);
    // The passphrase was not replaced by the refused recovery.
    await expectCode(() => Vault.unlock(dir, 'a new passphrase here'), 'WRONG_PASSPHRASE');
    dataKey.fill(0);
  });

  it('refuses a key file of a newer format and leaves it alone', async () => {
    const dir = tmp.sub();
    const { vault } = await createVault(dir);
    vault.lock();
    const keyFile = path.join(dir, 'journal.key');
    const json = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { version: number };
    json.version = 2;
    fs.writeFileSync(keyFile, JSON.stringify(json));
    const before = snapshotFolder(dir);
    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'VAULT_FROM_NEWER_VERSION');
    expect(snapshotFolder(dir)).toEqual(before);
  });
});
