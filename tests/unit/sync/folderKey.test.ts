/**
 * The sync folder's key file (electron/core/sync/folderKey.ts). A second computer joins with the
 * passphrase or the recovery code; computers already unlocked follow a passphrase change or a key
 * rotation made elsewhere, ignore stale copies, and refuse what their key does not vouch for. A
 * file cut short is "still arriving", never an error; a file with any byte changed is refused or
 * ignored, never adopted; and nothing in the file gives away a secret.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createFolderKey,
  followFolderKey,
  joinWithPassphrase,
  joinWithRecoveryCode,
  nextGeneration,
  parseFolderKey,
  readFolderKey,
  serializeFolderKey,
  writeFolderKey,
  type FolderKeyFile,
  type FollowOutcome,
  type LocalKeyState,
} from '../../../electron/core/sync/folderKey';
import { folderKeyFilePath } from '../../../electron/core/sync/folderNames';
import type { KeyFile } from '../../../electron/core/vault/keyFile';
import { createKeyFile, parseKeyFile, promotePending, rewrapPassphrase, unwrapWithPassphrase, unwrapWithRecoveryCode, withPendingKey } from '../../../electron/core/vault/keyFile';
import { newRecoveryCode, normalizeRecoveryCode } from '../../../electron/core/vault/recoveryCode';
import { expectCode, FAST_ARGON2, PASSPHRASE, prng, tempRoot } from '../vault/helpers';

const tmp = tempRoot('folder-key');

interface Journal {
  dataKey: Buffer;
  recoveryCode: string;
  keyFile: KeyFile;
  fk: FolderKeyFile;
}

/** A journal as set up for sync on computer A: its data key, key file and the folder key file at generation 1. */
async function newJournal(passphrase = PASSPHRASE, journalId?: string): Promise<Journal> {
  const dataKey = crypto.randomBytes(32);
  const recoveryCode = newRecoveryCode();
  const keyFile = await createKeyFile(dataKey, passphrase, normalizeRecoveryCode(recoveryCode)!, FAST_ARGON2);
  return { dataKey, recoveryCode, keyFile, fk: createFolderKey(keyFile, dataKey, journalId) };
}

/** A passphrase change on computer A, as Vault.changePassphrase does it, and the folder key that follows. */
async function changePassphrase(j: Journal, newPassphrase: string): Promise<Journal> {
  const keyFile = await rewrapPassphrase(j.keyFile, j.dataKey, newPassphrase);
  return { ...j, keyFile, fk: nextGeneration(j.fk, keyFile, j.dataKey) };
}

/** A data-key rotation on computer A, as Vault.rotateDataKey does it (new key, new recovery code), and the folder key that follows. */
async function rotate(j: Journal, passphrase = PASSPHRASE): Promise<Journal> {
  const dataKey = crypto.randomBytes(32);
  const recoveryCode = newRecoveryCode();
  const pending = await withPendingKey(j.keyFile, dataKey, passphrase, normalizeRecoveryCode(recoveryCode)!);
  const keyFile = promotePending(pending!);
  return { dataKey, recoveryCode, keyFile, fk: nextGeneration(j.fk, keyFile, dataKey, j.dataKey) };
}

function local(j: Journal, generation: number, dataKey = j.dataKey): LocalKeyState {
  return { generation, dataKey: Buffer.from(dataKey), journalId: j.fk.journalId };
}

function adopted(outcome: FollowOutcome): Extract<FollowOutcome, { action: 'adopt' }> {
  if (outcome.action !== 'adopt') throw new Error(`expected adopt, got ${JSON.stringify(outcome)}`);
  return outcome;
}

/** True when the computer would take the file as its journal's key file: adopt it, or treat it as its own generation. */
function accepted(outcome: FollowOutcome): boolean {
  return outcome.action === 'adopt' || (outcome.action === 'none' && outcome.why === 'sameGeneration');
}

function fromText(text: string): FolderKeyFile {
  const read = parseFolderKey(text);
  if (!read.ok) throw new Error(`expected a folder key file, got ${read.problem}`);
  return read.folderKey;
}

/** The file re-serialized after `edit`: what someone editing the JSON by hand would produce. */
function edited(fk: FolderKeyFile, edit: (json: Record<string, unknown>) => void): FolderKeyFile {
  const json = JSON.parse(JSON.stringify(fk)) as Record<string, unknown>;
  edit(json);
  return fromText(JSON.stringify(json));
}

describe('setting up and joining', () => {
  it('joins with the passphrase and with the recovery code to the same data key, and writes a key file both open', async () => {
    const j = await newJournal();
    expect(j.fk).toMatchObject({ format: 'mutual-sync-key', version: 1, generation: 1 });
    expect(j.fk.journalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(j.fk.chain).toBeUndefined();

    const byPassphrase = await joinWithPassphrase(j.fk, PASSPHRASE);
    const byCode = joinWithRecoveryCode(j.fk, j.recoveryCode.toLowerCase().replace(/-/g, ' '));
    for (const joined of [byPassphrase, byCode]) {
      expect(joined.dataKey.equals(j.dataKey)).toBe(true);
      expect(joined.journalId).toBe(j.fk.journalId);
      expect(joined.generation).toBe(1);
      // The new computer's own journal.key: a valid journal key file, opened by the same secrets.
      const own = parseKeyFile(JSON.stringify(joined.vaultKeyFile));
      expect((await unwrapWithPassphrase(own, PASSPHRASE))!.current.equals(j.dataKey)).toBe(true);
      expect(unwrapWithRecoveryCode(own, normalizeRecoveryCode(j.recoveryCode)!)!.current.equals(j.dataKey)).toBe(true);
    }
  });

  it('refuses a wrong passphrase and a wrong recovery code with the vault’s error codes', async () => {
    const j = await newJournal();
    await expectCode(() => joinWithPassphrase(j.fk, 'correct horse battery stapler'), 'WRONG_PASSPHRASE');
    await expectCode(() => joinWithPassphrase(j.fk, ''), 'WRONG_PASSPHRASE');
    await expectCode(() => joinWithRecoveryCode(j.fk, newRecoveryCode()), 'WRONG_RECOVERY_CODE');
    await expectCode(() => joinWithRecoveryCode(j.fk, 'not a code'), 'WRONG_RECOVERY_CODE');
  });

  it('refuses to join when the wraps open but the check does not vouch for the rest', async () => {
    const j = await newJournal();
    const other = await newJournal();
    // The wraps of this journal with the check of another: the passphrase opens them, the check then fails.
    await expectCode(() => joinWithPassphrase({ ...j.fk, check: other.fk.check }, PASSPHRASE), 'VAULT_DAMAGED');
    // Generation raised by hand: the wraps still open, the check binds the generation.
    await expectCode(() => joinWithPassphrase({ ...j.fk, generation: 5 }, PASSPHRASE), 'VAULT_DAMAGED');
    await expectCode(() => joinWithPassphrase({ ...j.fk, journalId: other.fk.journalId }, PASSPHRASE), 'VAULT_DAMAGED');
  });

  it('takes a given journal id and refuses ids that are not safe in a name, and a key file with a rotation pending', async () => {
    const j = await newJournal();
    expect(createFolderKey(j.keyFile, j.dataKey, 'journal-1').journalId).toBe('journal-1');
    for (const bad of ['', 'a/b', '..', 'x'.repeat(65), 'é']) expect(() => createFolderKey(j.keyFile, j.dataKey, bad)).toThrow(RangeError);
    expect(() => createFolderKey(j.keyFile, Buffer.alloc(16))).toThrow(RangeError);
    const pending = await withPendingKey(j.keyFile, crypto.randomBytes(32), PASSPHRASE, normalizeRecoveryCode(newRecoveryCode())!);
    expect(() => createFolderKey(pending!, j.dataKey)).toThrow(/rotation pending/);
  });
});

describe('following a change made on another computer', () => {
  it('follows a passphrase change: the new passphrase opens the adopted key file, the old one does not', async () => {
    const a1 = await newJournal();
    const a2 = await changePassphrase(a1, 'a new passphrase for both');
    expect(a2.fk.generation).toBe(2);

    const outcome = adopted(followFolderKey(local(a1, 1), a2.fk));
    expect(outcome).toMatchObject({ generation: 2, newDataKey: null, passphraseChanged: true });
    const own = parseKeyFile(JSON.stringify(outcome.vaultKeyFile));
    expect((await unwrapWithPassphrase(own, 'a new passphrase for both'))!.current.equals(a1.dataKey)).toBe(true);
    expect(await unwrapWithPassphrase(own, PASSPHRASE)).toBeNull();
    // A passphrase change keeps the recovery code.
    expect(unwrapWithRecoveryCode(own, normalizeRecoveryCode(a1.recoveryCode)!)!.current.equals(a1.dataKey)).toBe(true);
  });

  it('does nothing at its own generation and ignores an older copy', async () => {
    const a1 = await newJournal();
    const a2 = await changePassphrase(a1, 'another passphrase');
    expect(followFolderKey(local(a1, 2), a2.fk)).toEqual({ action: 'none', why: 'sameGeneration' });
    expect(followFolderKey(local(a1, 2), a1.fk)).toEqual({ action: 'none', why: 'stale' });
    expect(followFolderKey(local(a1, 1), a1.fk)).toEqual({ action: 'none', why: 'sameGeneration' });
  });

  it('follows several passphrase changes at once', async () => {
    const a1 = await newJournal();
    const a3 = await changePassphrase(await changePassphrase(a1, 'second passphrase'), 'third passphrase');
    const outcome = adopted(followFolderKey(local(a1, 1), a3.fk));
    expect(outcome).toMatchObject({ generation: 3, newDataKey: null, passphraseChanged: true });
    expect(await unwrapWithPassphrase(outcome.vaultKeyFile, 'third passphrase')).not.toBeNull();
  });

  it('follows a rotation through the chain, without the passphrase', async () => {
    const a1 = await newJournal();
    const a2 = await rotate(a1);
    expect(a2.fk.chain?.generation).toBe(2);
    const outcome = adopted(followFolderKey(local(a1, 1), a2.fk));
    expect(outcome.newDataKey!.equals(a2.dataKey)).toBe(true);
    expect(outcome).toMatchObject({ generation: 2, passphraseChanged: false });
    // The same passphrase opens the new key; the recovery code is the one issued by the rotation.
    expect((await unwrapWithPassphrase(outcome.vaultKeyFile, PASSPHRASE))!.current.equals(a2.dataKey)).toBe(true);
    expect(unwrapWithRecoveryCode(outcome.vaultKeyFile, normalizeRecoveryCode(a2.recoveryCode)!)!.current.equals(a2.dataKey)).toBe(true);
    expect(unwrapWithRecoveryCode(outcome.vaultKeyFile, normalizeRecoveryCode(a1.recoveryCode)!)).toBeNull();
    // Having followed, the computer is at generation 2 with the new key: nothing more to do.
    expect(followFolderKey(local(a2, 2), a2.fk)).toEqual({ action: 'none', why: 'sameGeneration' });
  });

  it('follows a rotation and the passphrase changes around it, and says the passphrase changed', async () => {
    const a1 = await newJournal();
    const before = await changePassphrase(a1, 'changed before the rotation');
    const rotated = await rotate(before, 'changed before the rotation');
    const after = await changePassphrase(rotated, 'changed after the rotation');
    expect(after.fk.generation).toBe(4);
    // The passphrase change after the rotation carries its chain, for computers still behind it.
    expect(after.fk.chain).toEqual(rotated.fk.chain);

    for (const [from, key] of [
      [1, a1.dataKey],
      [2, a1.dataKey],
    ] as const) {
      const outcome = adopted(followFolderKey(local(a1, from, key), after.fk));
      expect(outcome.newDataKey!.equals(rotated.dataKey)).toBe(true);
      expect(outcome.passphraseChanged).toBe(true);
      expect((await unwrapWithPassphrase(outcome.vaultKeyFile, 'changed after the rotation'))!.current.equals(rotated.dataKey)).toBe(true);
    }
    // Only the rotation since generation 2 → 3: the passphrase is the one this computer knew.
    expect(adopted(followFolderKey(local(a1, 2), rotated.fk)).passphraseChanged).toBe(false);
    // At generation 3 the computer has the new key already: a passphrase change, as usual.
    expect(adopted(followFolderKey(local(rotated, 3), after.fk))).toMatchObject({ newDataKey: null, passphraseChanged: true });
  });

  it('asks for the passphrase after missing two rotations, and the passphrase then catches up', async () => {
    const a1 = await newJournal();
    const a3 = await rotate(await rotate(a1));
    expect(followFolderKey(local(a1, 1), a3.fk).action).toBe('askPassphrase');
    const joined = await joinWithPassphrase(a3.fk, PASSPHRASE);
    expect(joined.dataKey.equals(a3.dataKey)).toBe(true);
    expect(joined.generation).toBe(3);
  });

  it('does not open a chain from an unrelated key', async () => {
    const a1 = await newJournal();
    // Someone with the folder but not the journal's key makes a "rotation" from a key of their own,
    // with this journal's id.
    const forger = await newJournal(PASSPHRASE, a1.fk.journalId);
    const forged = await rotate(forger);
    expect(forged.fk.chain?.generation).toBe(2);
    expect(followFolderKey(local(a1, 1), forged.fk)).toMatchObject({ action: 'refuse', reason: 'damaged' });
    // Nor a real chain moved into a file sealed with another key.
    const real = await rotate(a1);
    expect(followFolderKey(local(a1, 1), { ...forged.fk, chain: real.fk.chain })).toMatchObject({ action: 'refuse', reason: 'damaged' });
    // The chain of this journal, opened by its key, but with the check of a forged file.
    expect(followFolderKey(local(a1, 1), { ...real.fk, check: forged.fk.check })).toMatchObject({ action: 'refuse', reason: 'damaged' });
  });

  it('refuses a folder key file of another journal, and one edited to this journal’s id or a higher generation', async () => {
    const a1 = await newJournal();
    const other = await newJournal();
    for (const generation of [1, 2, 9]) expect(followFolderKey(local(a1, generation), other.fk)).toMatchObject({ action: 'refuse', reason: 'otherJournal' });
    const renamed = edited(other.fk, (json) => (json.journalId = a1.fk.journalId));
    expect(followFolderKey(local(a1, 1), renamed)).toMatchObject({ action: 'refuse', reason: 'damaged' });
    expect(followFolderKey(local(a1, 1), edited(renamed, (json) => (json.generation = 2)))).toMatchObject({ action: 'refuse', reason: 'damaged' });
    // This journal's own file with its generation raised: the check binds the generation.
    expect(followFolderKey(local(a1, 1), edited(a1.fk, (json) => (json.generation = 2)))).toMatchObject({ action: 'refuse', reason: 'damaged' });
  });

  it('never adopts a file whose generation, journal id or wraps were edited (fast-check)', async () => {
    const a1 = await newJournal();
    const a2 = await changePassphrase(a1, 'changed once');
    const other = await newJournal();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom('generation', 'wraps', 'kdf', 'journal'), (generation, localGeneration, what) => {
        const fk = edited(a2.fk, (json) => {
          if (what === 'generation') json.generation = generation;
          if (what === 'wraps') json.current = other.fk.current;
          if (what === 'kdf') (json.kdf as { iterations: number }).iterations = (generation % 64) + 1;
          if (what === 'journal') json.journalId = other.fk.journalId;
        });
        fc.pre(JSON.stringify(fk) !== JSON.stringify(a2.fk));
        expect(accepted(followFolderKey(local(a1, localGeneration), fk))).toBe(false);
      }),
    );
  });

  it('will not build the next generation on a folder key file this computer’s key does not open', async () => {
    const a1 = await newJournal();
    const other = await newJournal();
    const keyFile = await rewrapPassphrase(a1.keyFile, a1.dataKey, 'x');
    await expectCode(() => nextGeneration(other.fk, keyFile, a1.dataKey), 'INTERNAL');
    await expectCode(() => nextGeneration(other.fk, keyFile, crypto.randomBytes(32), a1.dataKey), 'INTERNAL');
    expect(() => nextGeneration(a1.fk, keyFile, a1.dataKey, a1.dataKey)).toThrow(RangeError);
  });
});

describe('the file in the folder', () => {
  it('is written whole, read back the same, and leaves no temporary file behind', async () => {
    const folder = tmp.sub('folder');
    fs.mkdirSync(folder);
    expect(readFolderKey(folder)).toMatchObject({ ok: false, problem: 'missing', retryLater: true });
    const a1 = await newJournal();
    writeFolderKey(folder, a1.fk);
    expect(readFolderKey(folder)).toEqual({ ok: true, folderKey: a1.fk });
    const a2 = await changePassphrase(a1, 'new one');
    writeFolderKey(folder, a2.fk);
    expect(readFolderKey(folder)).toEqual({ ok: true, folderKey: a2.fk });
    expect(fs.readdirSync(folder)).toEqual(['journal.key']);
    expect(fs.readFileSync(folderKeyFilePath(folder), 'utf8')).toBe(serializeFolderKey(a2.fk));
  });

  it('writes nothing for a malformed folder key file and leaves the one in place untouched', async () => {
    const folder = tmp.sub('folder');
    fs.mkdirSync(folder);
    const a1 = await newJournal();
    writeFolderKey(folder, a1.fk);
    const before = fs.readFileSync(folderKeyFilePath(folder));
    expect(() => writeFolderKey(folder, { ...a1.fk, generation: 0 })).toThrow(RangeError);
    expect(() => writeFolderKey(path.join(folder, 'no such folder'), a1.fk)).toThrow();
    expect(fs.readFileSync(folderKeyFilePath(folder)).equals(before)).toBe(true);
    expect(fs.readdirSync(folder)).toEqual(['journal.key']);
  });

  it('never writes over a journal’s own key file, another journal’s folder key or a later generation', async () => {
    const a1 = await newJournal();
    const a2 = await changePassphrase(a1, 'new one');
    // The journal folder itself chosen as the sync folder: its key file stays as it was.
    const journalFolder = tmp.sub('journal');
    fs.mkdirSync(journalFolder);
    fs.writeFileSync(path.join(journalFolder, 'journal.key'), `${JSON.stringify(a1.keyFile, null, 2)}\n`);
    const journalKey = fs.readFileSync(path.join(journalFolder, 'journal.key'));
    expect(() => writeFolderKey(journalFolder, a1.fk)).toThrow(/holds a journal itself/);
    expect(fs.readFileSync(path.join(journalFolder, 'journal.key')).equals(journalKey)).toBe(true);
    // Another journal's folder, and an older generation over a newer one.
    const folder = tmp.sub('folder');
    fs.mkdirSync(folder);
    writeFolderKey(folder, a2.fk);
    const other = await newJournal();
    expect(() => writeFolderKey(folder, other.fk)).toThrow(/another journal/);
    expect(() => writeFolderKey(folder, a1.fk)).toThrow(/changed this journal’s keys meanwhile/);
    expect(readFolderKey(folder)).toEqual({ ok: true, folderKey: a2.fk });
    expect(fs.readdirSync(folder)).toEqual(['journal.key']);
    // The same generation again is allowed (a retry after a crash).
    writeFolderKey(folder, a2.fk);
  });

  it('calls a file cut anywhere, or padded with zero bytes, still arriving', async () => {
    const a2 = await rotate(await newJournal());
    const bytes = Buffer.from(serializeFolderKey(a2.fk), 'ascii');
    for (let cut = 0; cut < bytes.length; cut++) {
      const read = parseFolderKey(bytes.subarray(0, cut));
      // Only the trailing newline may be missing from a whole file.
      if (cut === bytes.length - 1) expect(read).toEqual({ ok: true, folderKey: a2.fk });
      else expect(read, `cut at ${cut}`).toMatchObject({ ok: false, problem: 'incomplete', retryLater: true });
      const padded = Buffer.concat([bytes.subarray(0, cut), Buffer.alloc(bytes.length - cut)]);
      if (cut < bytes.length - 1) expect(parseFolderKey(padded), `padded from ${cut}`).toMatchObject({ problem: 'incomplete' });
    }
    const folder = tmp.sub('folder');
    fs.mkdirSync(folder);
    fs.writeFileSync(folderKeyFilePath(folder), bytes.subarray(0, 700));
    expect(readFolderKey(folder)).toMatchObject({ ok: false, problem: 'incomplete', retryLater: true });
  });

  it('never adopts a file with any one byte changed (every byte, three changes each)', async () => {
    const a1 = await newJournal();
    const cases = [
      // A passphrase change and a rotation, as a computer one generation behind sees them; the same
      // files as the computer that wrote them sees them.
      { fk: (await changePassphrase(a1, 'changed')).fk, locals: [local(a1, 1), local(a1, 2)] },
      await rotate(a1).then((a2) => ({ fk: a2.fk, locals: [local(a1, 1), local(a2, 2)] })),
    ];
    const random = prng(20260501);
    let adoptedUnchanged = 0;
    for (const { fk, locals } of cases) {
      const bytes = Buffer.from(serializeFolderKey(fk), 'ascii');
      for (let i = 0; i < bytes.length; i++) {
        for (const replacement of [bytes[i]! ^ 0x01, 0x20 + Math.floor(random() * 95), bytes[i] === 0x0a ? 0x20 : 0x0a]) {
          if (replacement === bytes[i]) continue;
          const changed = Buffer.from(bytes);
          changed[i] = replacement;
          const read = parseFolderKey(changed);
          if (!read.ok) {
            expect(['damaged', 'incomplete', 'newerFormat', 'journalFolder']).toContain(read.problem);
            continue;
          }
          for (const state of locals) {
            if (!accepted(followFolderKey(state, read.folderKey))) continue;
            // Only a change JSON does not see (a space for a newline between fields) may be accepted.
            expect(read.folderKey, `byte ${i} → ${replacement}`).toEqual(fk);
            adoptedUnchanged++;
          }
        }
      }
    }
    expect(adoptedUnchanged).toBeGreaterThan(0);
  });

  it('tells apart damage, a newer format and a journal folder chosen as sync folder', async () => {
    const a1 = await newJournal();
    const text = serializeFolderKey(a1.fk);
    expect(parseFolderKey(text.replace('"version": 1', '"version": 2'))).toMatchObject({ problem: 'newerFormat', retryLater: false });
    expect(parseFolderKey(`${JSON.stringify(a1.keyFile, null, 2)}\n`)).toMatchObject({ problem: 'journalFolder' });
    for (const damaged of ['[]\n', 'null\n', 'hello\n', `${text}x`, text.replace('"generation": 1', '"generation": 0'), text.replace('\n}\n', ',\n "extra": 1\n}\n'), text.replace('mutual-sync-key', 'mutual-sync-kéy')])
      expect(parseFolderKey(damaged), damaged.slice(0, 40)).toMatchObject({ ok: false, problem: 'damaged', retryLater: false });
    expect(parseFolderKey(Buffer.concat([Buffer.from(text), Buffer.alloc(20_000)]))).toMatchObject({ problem: 'damaged' });
    const folder = tmp.sub('folder');
    fs.mkdirSync(path.join(folder, 'journal.key'), { recursive: true });
    expect(readFolderKey(folder)).toMatchObject({ problem: 'damaged' });
  });

  it('holds neither the data key, the passphrase nor the recovery code, in any encoding', async () => {
    const passphrase = 'canary passphrase zebra 4711';
    const a1 = await newJournal(passphrase);
    const a2 = await rotate(a1, passphrase);
    const a3 = await changePassphrase(a2, 'second canary passphrase');
    const folder = tmp.sub('folder');
    fs.mkdirSync(folder);
    for (const fk of [a1.fk, a2.fk, a3.fk]) {
      writeFolderKey(folder, fk);
      const bytes = fs.readFileSync(folderKeyFilePath(folder));
      const needles: Buffer[] = [];
      for (const key of [a1.dataKey, a2.dataKey]) {
        needles.push(key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('hex').toUpperCase()), Buffer.from(key.toString('base64')), Buffer.from(key.toString('base64url')));
        // A key could also sit inside a longer base64 run at any of the three alignments.
        for (const skip of [0, 1, 2]) needles.push(Buffer.from(Buffer.concat([Buffer.alloc(skip), key]).toString('base64').slice(4, -4)));
      }
      for (const secret of [passphrase, 'second canary passphrase', a1.recoveryCode, normalizeRecoveryCode(a1.recoveryCode)!, a2.recoveryCode, normalizeRecoveryCode(a2.recoveryCode)!]) {
        for (const encoding of ['utf8', 'utf16le'] as const) needles.push(Buffer.from(secret, encoding));
        needles.push(Buffer.from(Buffer.from(secret).toString('base64')), Buffer.from(Buffer.from(secret).toString('hex')));
      }
      for (const needle of needles) expect(bytes.includes(needle), `found ${needle.toString('latin1').slice(0, 20)}`).toBe(false);
    }
  });
});
