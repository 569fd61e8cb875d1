/**
 * Nothing a person writes may reach the disk readable: not while a save is half done (pages
 * spilled into the WAL mid-transaction), not after the WAL is folded into the database, not after
 * locking. The scan looks at raw bytes of every file in the vault folder, as UTF-8 and UTF-16LE.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEntry, getEntry } from '../../../electron/core/services/entries';
import { addDetail, upsertPerson } from '../../../electron/core/services/people';
import { normalizeRecoveryCode } from '../../../electron/core/vault/recoveryCode';
import { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, findInFolder, PASSPHRASE, plaintextDatabases, snapshotFolder, tempRoot } from './helpers';

const tmp = tempRoot('canary');

const ENTRY_CANARIES = {
  given: 'Quillfeather zanzibarcanary walked the dog at dawn',
  received: 'Élodie brought crème brûlée and a note: “merci, Ærøskøbing”',
  unsaid: 'I never said thank you 🌷🫶 for the pomegranatewhisper evening',
  note: 'Ελληνικά και 日本語のカナリア — marmaladecanary',
};
const PERSON_NAME = 'Wilhelmina Østergårdsen';
const PERSON_CARE = 'handwritten letterpresscanary notes';
const DETAIL_TEXT = 'Allergic to hazelnutpraline 🥜 since 2019';

/** Whole strings plus each word as written, lower-cased, and without accents (the search index's tokens). */
function needles(): string[] {
  const texts = [...Object.values(ENTRY_CANARIES), PERSON_NAME, PERSON_CARE, DETAIL_TEXT];
  const out = new Set<string>();
  for (const text of texts) {
    out.add(text);
    for (const word of text.split(/[\s:—“”,]+/)) {
      if ([...word].length < 5 && !/\p{Extended_Pictographic}/u.test(word)) continue;
      out.add(word);
      out.add(word.toLowerCase());
      out.add(word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    }
  }
  for (const emoji of ['🌷', '🫶', '🥜']) out.add(emoji);
  return [...out];
}

function expectNothingReadable(dir: string, extra: string[] = [], rawSecrets: Buffer[] = []): void {
  expect(findInFolder(dir, [...needles(), ...extra])).toEqual([]);
  expect(plaintextDatabases(dir)).toEqual([]);
  for (const name of fs.readdirSync(dir)) {
    const bytes = fs.readFileSync(path.join(dir, name));
    for (const secret of rawSecrets) expect(bytes.includes(secret), `${name} holds a raw key`).toBe(false);
  }
}

describe('canary text never reaches the disk readable', () => {
  it('is unreadable mid-transaction, after commit, after checkpoint and after lock', async () => {
    const dir = tmp.sub();
    const { vault, recoveryCode } = await createVault(dir);
    const db = vault.db;
    const dataKey = vault.copyDataKey();
    const secrets = [PASSPHRASE, recoveryCode, normalizeRecoveryCode(recoveryCode)!, dataKey.toString('hex'), dataKey.toString('base64')];
    // A small page cache makes SQLite spill dirty pages into the WAL before the commit, so the
    // mid-transaction scan sees real uncommitted frames on disk rather than an untouched file.
    db.pragma('cache_size = -256');
    const wal = path.join(dir, 'journal.db-wal');
    let entryId = '';
    let walGrewMidTransaction = false;

    db.transaction(() => {
      const person = upsertPerson(db, { name: PERSON_NAME, kind: 'friend', care: PERSON_CARE });
      addDetail(db, { personId: person.id, text: DETAIL_TEXT, notedOn: '2026-02-14' });
      entryId = createEntry(db, { date: '2026-02-14', doc: doc(ENTRY_CANARIES, [person]) }).id;
      const walBefore = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
      const filler = 'ordinary filler words about an ordinary afternoon '.repeat(400);
      for (let i = 0; i < 80 && !walGrewMidTransaction; i++) {
        createEntry(db, { date: '2026-02-15', doc: doc({ note: `${i} ${filler}` }) });
        walGrewMidTransaction = fs.existsSync(wal) && fs.statSync(wal).size > walBefore;
      }
      expect(walGrewMidTransaction, 'SQLite never spilled the open transaction to disk').toBe(true);
      expectNothingReadable(dir, secrets, [dataKey]);
    })();

    expectNothingReadable(dir, secrets, [dataKey]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.statSync(path.join(dir, 'journal.db')).size).toBeGreaterThan(100_000);
    expectNothingReadable(dir, secrets, [dataKey]);
    vault.lock();
    expect(fs.readdirSync(dir).sort()).toEqual(['journal.db', 'journal.key']);
    expectNothingReadable(dir, secrets, [dataKey]);

    // The canaries were really stored: the test would be empty if the entry had not been saved.
    const reopened = await Vault.unlock(dir, PASSPHRASE);
    const entry = getEntry(reopened.db, entryId);
    expect(JSON.stringify(entry.doc)).toContain('crème brûlée');
    expect(JSON.stringify(entry.doc)).toContain('🌷🫶');
    expect(entry.people.map((p) => p.name)).toEqual([PERSON_NAME]);
    reopened.lock();
    expectNothingReadable(dir, secrets, [dataKey]);
    dataKey.fill(0);
  });

  it('keeps the journal folder and files private to the owner (0700 / 0600)', async () => {
    const dir = tmp.sub();
    const { vault } = await createVault(dir);
    createEntry(vault.db, { doc: doc({ given: 'something private' }) });
    const open = snapshotFolder(dir);
    expect(Object.keys(open).sort()).toEqual(['journal.db', 'journal.db-wal', 'journal.key']);
    for (const [name, state] of Object.entries(open)) expect(state.mode, name).toBe(0o600);
    vault.lock();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const [name, state] of Object.entries(snapshotFolder(dir))) expect(state.mode, name).toBe(0o600);
  });
});
