/**
 * What real sync folders do to the engine, one case each: files still being copied, the conflicted
 * copies and temporary files of each sync tool, files arriving out of order, two computers whose
 * clocks disagree by hours, a computer offline for months, a file from another journal, and a
 * canary: nothing a person wrote is readable in the folder.
 *
 * Each computer syncs through a folder of its own; the test copies files between them as the
 * sync tool would (deliver.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { createEntry, getEntry, saveEntry } from '../../../electron/core/services/entries';
import { addDetail, upsertPerson } from '../../../electron/core/services/people';
import { SETTLING_MS, syncStatus } from '../../../electron/core/sync/engine';
import { docFromPlainText } from '../../../electron/shared/doc';
import { PASSPHRASE, tempRoot } from '../vault/helpers';
import { changeFilePath, changeFilesIn, collectAndWrite, computersApart, copyInto, deliverAll, deviceIdOf, fullRound, settleApart } from './deliver';
import { filesUnder, firstComputer, journalView, peopleView, wordsOf, type Computer } from './syncHelpers';

const { sub } = tempRoot('sync-folder-cases');
const open: Computer[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.vault.lock();
});
const keep = (c: Computer) => (open.push(c), c);

interface Pair {
  a: Computer;
  b: Computer;
  fa: string;
  fb: string;
  idA: string;
  entryId: string;
  personId: string;
}

/** A (with one entry and one person) syncing through `fa`; B joined from a copy of it, `fb`. */
async function pair(fill?: (db: Db) => void): Promise<Pair> {
  let entryId = '';
  let personId = '';
  const {
    computers: [a, b],
    folders: [fa, fb],
  } = await computersApart(
    sub,
    2,
    (db) => {
      personId = upsertPerson(db, { name: 'Sam', kind: 'friend', care: 'soup' }).id;
      entryId = createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ given: 'First words.' }) }).id;
      fill?.(db);
    },
    keep,
  );
  expect(journalView(b!.vault.db)).toEqual(journalView(a!.vault.db));
  return { a: a!, b: b!, fa: fa!, fb: fb!, idA: deviceIdOf(a!), entryId, personId };
}

/** An edit on A written to A's folder (not yet copied anywhere); returns the number of its file. */
function editOnA(p: Pair, given: string): number {
  const before = changeFilesIn(p.fa).length;
  saveEntry(p.a.vault.db, { id: p.entryId, doc: docFromPlainText({ given }) });
  expect(collectAndWrite(p.a)).toBe(1);
  const files = changeFilesIn(p.fa).filter((f) => f.deviceId === p.idA);
  expect(changeFilesIn(p.fa).length).toBe(before + 1);
  return files[files.length - 1]!.number;
}

/** The problems syncStatus shows (what Settings → Sync lists). */
function problemsOf(c: Computer): { deviceId: string; number: number; message: string }[] {
  const status = syncStatus(c.vault.db);
  if (!status.enabled) throw new Error(`${c.name} does not sync`);
  return status.problems;
}

const givenOn = (c: Computer, id: string) => wordsOf(getEntry(c.vault.db, id).doc).split('\n')[0];

describe('what sync folders do', () => {
  it('a file still being copied is skipped, never reported, and applied once whole', async () => {
    const p = await pair();
    const n = editOnA(p, 'Words from A, arriving slowly.');
    const whole = fs.readFileSync(changeFilePath(p.fa, p.idA, n));
    const target = changeFilePath(p.fb, p.idA, n);
    // Cut at several places: nothing yet, inside the header, half, all but the last byte.
    for (const length of [0, 5, 20, Math.floor(whole.length / 2), whole.length - 1]) {
      fs.writeFileSync(target, whole.subarray(0, length));
      const report = await fullRound(p.b);
      expect(report, `cut at ${length} of ${whole.length}`).toMatchObject({ applied: 0, waiting: 1, problems: [] });
      expect(problemsOf(p.b)).toEqual([]);
      expect(givenOn(p.b, p.entryId)).toBe('given: First words.');
    }
    fs.writeFileSync(target, whole);
    expect(await fullRound(p.b)).toMatchObject({ applied: 1, waiting: 0, problems: [] });
    expect(givenOn(p.b, p.entryId)).toBe('given: Words from A, arriving slowly.');
    expect(journalView(p.b.vault.db)).toEqual(journalView(p.a.vault.db));
  });

  it('a copy whose full length was set aside first (Windows copies, preallocating tools) is not reported while its last bytes are zeros', async () => {
    const p = await pair();
    const n = editOnA(p, 'Words from A, copied by a tool that sets the length first.');
    const whole = fs.readFileSync(changeFilePath(p.fa, p.idA, n));
    const target = changeFilePath(p.fb, p.idA, n);
    const preallocated = Buffer.alloc(whole.length);
    whole.copy(preallocated, 0, 0, Math.floor(whole.length / 2));
    fs.writeFileSync(target, preallocated);
    const report = await fullRound(p.b);
    expect(report).toMatchObject({ applied: 0, problems: [] });
    expect(problemsOf(p.b)).toEqual([]);
    fs.writeFileSync(target, whole);
    expect(await fullRound(p.b)).toMatchObject({ applied: 1, problems: [] });
  });

  it('conflicted copies, numbered duplicates and temporary files are ignored, even holding a real change file', async () => {
    const p = await pair();
    const n = editOnA(p, 'The real second file.');
    const bytes = fs.readFileSync(changeFilePath(p.fa, p.idA, n));
    const name = path.basename(changeFilePath(p.fa, p.idA, n), '.mchange');
    const dir = path.dirname(changeFilePath(p.fb, p.idA, n));
    const strays = [
      `${name} (conflicted copy 2026-11-30).mchange`,
      `${name} (Sam's conflicted copy 2026-11-30).mchange`,
      `${name} (conflicted copy 2026-11-30 093612).mchange`,
      `${name} (1).mchange`,
      `${name}.sync-conflict-20261130-093612-ABCDEF7.mchange`,
      `.syncthing.${name}.mchange.tmp`,
      `~syncthing~${name}.mchange.tmp`,
      `.${name}.mchange.~1a2b3c4d`,
      `${name}.mchange.part`,
      `~${name}.mchange.0123456789abcdef.tmp`,
      `.${name}.mchange.icloud`,
      `${name}-LAPTOP.mchange`,
    ];
    for (const stray of strays) fs.writeFileSync(path.join(dir, stray), bytes);
    fs.writeFileSync(path.join(dir, `${name} (2).mchange`), 'not even a change file');
    const report = await fullRound(p.b);
    expect(report).toMatchObject({ applied: 0, problems: [] });
    expect(problemsOf(p.b)).toEqual([]);
    expect(givenOn(p.b, p.entryId)).toBe('given: First words.');
    // The canonical file arrives beside them: read once, and the strays are left as they are.
    copyInto(p.fa, p.fb, path.relative(p.fa, changeFilePath(p.fa, p.idA, n)));
    expect(await fullRound(p.b)).toMatchObject({ applied: 1, problems: [] });
    expect(await fullRound(p.b)).toMatchObject({ applied: 0, problems: [] });
    expect(givenOn(p.b, p.entryId)).toBe('given: The real second file.');
    for (const stray of strays) expect(fs.existsSync(path.join(dir, stray)), stray).toBe(true);
  });

  it('files arriving out of order: nothing after a gap is applied until the gap fills, then all in order', async () => {
    const p = await pair();
    const n1 = editOnA(p, 'one');
    const n2 = editOnA(p, 'one two');
    const n3 = editOnA(p, 'one two three');
    const rel = (n: number) => path.relative(p.fa, changeFilePath(p.fa, p.idA, n));
    copyInto(p.fa, p.fb, rel(n3));
    copyInto(p.fa, p.fb, rel(n2));
    expect(await fullRound(p.b)).toMatchObject({ applied: 0, waiting: 2, problems: [] });
    expect(givenOn(p.b, p.entryId)).toBe('given: First words.');
    copyInto(p.fa, p.fb, rel(n1));
    expect(await fullRound(p.b)).toMatchObject({ applied: 3, waiting: 0, problems: [] });
    expect(givenOn(p.b, p.entryId)).toBe('given: one two three');
    expect(journalView(p.b.vault.db)).toEqual(journalView(p.a.vault.db));
  });

  it('clocks hours apart: an edit made after seeing the other computer’s wins, whichever clock is behind', async () => {
    const p = await pair();
    const HOURS_5 = 5 * 3_600_000;
    const ahead = () => Date.now() + HOURS_5;
    const behind = () => Date.now();
    const care = (c: Computer) => (c.vault.db.prepare('SELECT care FROM people WHERE id = ?').get(p.personId) as { care: string }).care;
    const edit = (c: Computer, value: string) => upsertPerson(c.vault.db, { id: p.personId, name: 'Sam', care: value });
    const folders = [p.fa, p.fb];

    // A, 5 hours ahead, edits; B reads it, then edits with its clock 5 hours behind A's stamp.
    edit(p.a, 'from A, clock ahead');
    await fullRound(p.a, ahead);
    deliverAll(folders);
    await fullRound(p.b, behind);
    expect(care(p.b)).toBe('from A, clock ahead');
    edit(p.b, 'from B, after reading A');
    await fullRound(p.b, behind);
    deliverAll(folders);
    await fullRound(p.a, ahead);
    expect(care(p.a)).toBe('from B, after reading A');
    expect(care(p.b)).toBe('from B, after reading A');

    // The other way round: B, behind, edits; A reads it and edits after.
    edit(p.b, 'from B again');
    await fullRound(p.b, behind);
    deliverAll(folders);
    await fullRound(p.a, ahead);
    edit(p.a, 'from A, after reading B');
    await settleApart([p.a, p.b], folders);
    expect(care(p.a)).toBe('from A, after reading B');
    expect(care(p.b)).toBe('from A, after reading B');

    // An entry's date (a last-writer-wins field too), moved on B after reading A's move.
    saveEntry(p.a.vault.db, { id: p.entryId, date: '2026-11-05', doc: getEntry(p.a.vault.db, p.entryId).doc });
    await fullRound(p.a, ahead);
    deliverAll(folders);
    await fullRound(p.b, behind);
    saveEntry(p.b.vault.db, { id: p.entryId, date: '2026-11-07', doc: getEntry(p.b.vault.db, p.entryId).doc });
    await fullRound(p.b, behind);
    deliverAll(folders);
    await fullRound(p.a, ahead);
    expect(getEntry(p.a.vault.db, p.entryId).date).toBe('2026-11-07');

    // Truly concurrent edits (neither saw the other): the same winner on both computers.
    edit(p.a, 'concurrent A');
    edit(p.b, 'concurrent B');
    await fullRound(p.a, ahead);
    await fullRound(p.b, behind);
    deliverAll(folders);
    await fullRound(p.a, ahead);
    await fullRound(p.b, behind);
    expect(care(p.a)).toBe(care(p.b));
    expect(peopleView(p.a.vault.db)).toEqual(peopleView(p.b.vault.db));
    expect(journalView(p.a.vault.db)).toEqual(journalView(p.b.vault.db));
  });

  it('a computer offline for months applies hundreds of changes in one round and converges, keeping its own', { timeout: 60_000 }, async () => {
    const p = await pair();
    const ids = [p.entryId];
    for (let i = 0; i < 4; i++) ids.push(createEntry(p.a.vault.db, { date: `2026-0${i + 1}-15`, doc: docFromPlainText({ given: `Entry ${i}` }) }).id);
    const DAY = 86_400_000;
    const start = Date.now();
    let day = 0;
    const months = () => start + day * DAY;
    const CHANGES = 300;
    for (let i = 0; i < CHANGES; i++, day += 0.5) {
      const id = ids[i % ids.length]!;
      const doc = getEntry(p.a.vault.db, id).doc;
      const words = `${wordsOf(doc).split('\n')[0]!.replace('given: ', '')} w${i}x`;
      saveEntry(p.a.vault.db, { id, doc: docFromPlainText({ given: words }) });
      if (i % 10 === 0) upsertPerson(p.a.vault.db, { id: p.personId, name: 'Sam', notes: `note ${i}` });
      collectAndWrite(p.a, months);
    }
    // Meanwhile B, offline, wrote an entry of its own and a detail.
    const own = createEntry(p.b.vault.db, { date: '2026-06-01', doc: docFromPlainText({ given: 'Written offline on B' }) }).id;
    addDetail(p.b.vault.db, { personId: p.personId, text: 'Met on the train', notedOn: '2026-06-01' });
    const waiting = changeFilesIn(p.fa).filter((f) => f.deviceId === p.idA).length - changeFilesIn(p.fb).filter((f) => f.deviceId === p.idA).length;
    expect(waiting).toBeGreaterThanOrEqual(CHANGES);
    deliverAll([p.fa, p.fb]);
    const report = await fullRound(p.b);
    expect(report).toMatchObject({ applied: waiting, waiting: 0, problems: [] });
    expect(journalView(p.b.vault.db)).toEqual({ ...journalView(p.a.vault.db), [own]: expect.any(String) });
    await settleApart([p.a, p.b], [p.fa, p.fb]);
    expect(journalView(p.b.vault.db)).toEqual(journalView(p.a.vault.db));
    expect(peopleView(p.b.vault.db)).toEqual(peopleView(p.a.vault.db));
    const all = Object.values(journalView(p.a.vault.db)).join('\n');
    for (let i = 0; i < CHANGES; i++) expect(all.match(new RegExp(`\\bw${i}x\\b`, 'g')), `w${i}x`).toHaveLength(1);
    expect(all).toContain('Written offline on B');
    expect((p.a.vault.db.prepare('SELECT notes FROM people WHERE id = ?').get(p.personId) as { notes: string }).notes).toBe(`note ${CHANGES - 10}`);
  });

  it('a change file sealed with another journal’s key is refused, reported, and nothing from it applied', async () => {
    const p = await pair();
    // Another journal, with its own key, writes a change file full of its own words.
    const fx = sub('fx');
    const x = keep(
      await firstComputer(sub('x'), fx, (db) => {
        createEntry(db, { date: '2026-11-09', doc: docFromPlainText({ given: 'From another journal' }) });
        upsertPerson(db, { name: 'Stranger', kind: 'other' });
      }),
    );
    const foreign = changeFilesIn(fx)[0]!;
    const foreignBytes = fs.readFileSync(path.join(fx, foreign.relative));
    const before = { journal: journalView(p.b.vault.db), people: peopleView(p.b.vault.db) };

    // Placed as A's next file, and as the first file of a device B has never heard of.
    const next = changeFilesIn(p.fa).filter((f) => f.deviceId === p.idA).length + 1;
    fs.writeFileSync(changeFilePath(p.fb, p.idA, next), foreignBytes);
    fs.mkdirSync(path.dirname(changeFilePath(p.fb, foreign.deviceId, 1)), { recursive: true });
    fs.writeFileSync(changeFilePath(p.fb, foreign.deviceId, 1), foreignBytes);
    // Just arrived, it may still be being filled in (a sync app can set the length first): waited for, not reported yet.
    expect(await fullRound(p.b)).toMatchObject({ applied: 0, waiting: 2, problems: [] });
    // Unchanged for longer than that: refused and reported.
    const old = new Date(Date.now() - SETTLING_MS - 60_000);
    for (const file of [changeFilePath(p.fb, p.idA, next), changeFilePath(p.fb, foreign.deviceId, 1)]) fs.utimesSync(file, old, old);
    const report = await fullRound(p.b);
    expect(report.applied).toBe(0);
    const byDevice = (l: { deviceId: string }, r: { deviceId: string }) => (l.deviceId < r.deviceId ? -1 : 1);
    const expected = [
      { deviceId: p.idA, number: next, message: expect.stringContaining('does not open with this journal’s key') },
      { deviceId: foreign.deviceId, number: 1, message: expect.stringContaining('does not open with this journal’s key') },
    ].sort(byDevice);
    expect([...report.problems].sort(byDevice)).toEqual(expected);
    expect([...problemsOf(p.b)].sort(byDevice)).toEqual(expected);
    expect(journalView(p.b.vault.db)).toEqual(before.journal);
    expect(peopleView(p.b.vault.db)).toEqual(before.people);
    // Still refused, and still reported, the next time: never applied by retrying.
    expect((await fullRound(p.b)).problems).toHaveLength(2);
    expect(journalView(p.b.vault.db)).toEqual(before.journal);
    expect(peopleView(p.b.vault.db)).toEqual(before.people);
    expect(journalView(x.vault.db)).not.toEqual(before.journal);
  });

  it('canary: nothing written in the journal is readable in any byte of the folder', async () => {
    const CANARY = 'zqvcanary4417';
    const CHINESE = '她给了我一本书很温暖';
    const NAME = 'Ottoline Canaryfield';
    const p = await pair((db) => {
      const person = upsertPerson(db, { name: NAME, kind: 'friend', care: `${CANARY} care`, notes: `${CANARY} notes ${CHINESE}` });
      addDetail(db, { personId: person.id, text: `${CANARY} detail ${CHINESE}`, notedOn: '2026-03-01', remindOn: '2026-05-01' });
      createEntry(db, { date: '2026-11-03', doc: docFromPlainText({ given: `${CANARY} given ${NAME}`, received: CHINESE, unsaid: `${CANARY} unsaid`, note: `${CHINESE} ${CANARY}` }, [person]) });
    });
    // Edits in both directions, so both computers' files hold the words.
    saveEntry(p.b.vault.db, { id: p.entryId, doc: docFromPlainText({ given: `${CANARY} edited on B ${CHINESE}` }) });
    upsertPerson(p.b.vault.db, { id: p.personId, name: 'Sam', notes: `${CANARY} from B` });
    await settleApart([p.a, p.b], [p.fa, p.fb]);
    expect(givenOn(p.a, p.entryId)).toBe(`given: ${CANARY} edited on B ${CHINESE}`);

    const dataKey = p.a.vault.copyDataKey();
    const needles = [CANARY, CHINESE, '一本书', NAME, 'Canaryfield', PASSPHRASE, 'edited on B'];
    const found: string[] = [];
    for (const folder of [p.fa, p.fb]) {
      const files = filesUnder(folder);
      expect(files.length).toBeGreaterThan(2);
      for (const file of files) {
        const bytes = fs.readFileSync(path.join(folder, file));
        for (const needle of needles)
          for (const encoding of ['utf8', 'utf16le'] as const) if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${file}: ${needle} (${encoding})`);
        if (bytes.includes(dataKey)) found.push(`${file}: the data key`);
      }
    }
    dataKey.fill(0);
    expect(found).toEqual([]);
  });
});
