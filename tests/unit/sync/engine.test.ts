/**
 * The sync engine between two and three journals sharing one temporary folder, driven through the
 * core: setting up, joining, edits crossing, concurrent edits merged, what sync folders do.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { variantPieces } from '../../../electron/core/db/repos/photos';
import { createHandlers } from '../../../electron/core/handlers';
import { openSession } from '../../../electron/core/session/session';
import { storePhoto } from '../../../electron/core/services/photos';
import { createEntry, deleteEntry, getEntry, listEntries, saveEntry, setUnsaidState } from '../../../electron/core/services/entries';
import { search } from '../../../electron/core/services/search';
import { addDetail, getPersonPage, setPersonPhoto, upsertPerson } from '../../../electron/core/services/people';
import { getSettings, updateSettings } from '../../../electron/core/services/settings';
import { syncRound, syncStatus } from '../../../electron/core/sync/engine';
import { followKeyChanges, joinJournal, publishKeyChange, setUpSync, stopSync } from '../../../electron/core/sync/setup';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText, unsaidItemsOf, type DocNode, type EntryDoc } from '../../../electron/shared/doc';
import { filesUnder, firstComputer, joiningComputer, journalView, peopleView, round, settle, wordsOf, type Computer } from './syncHelpers';
import { createVault, PASSPHRASE, tempRoot } from '../vault/helpers';

const { sub } = tempRoot('sync-engine');
const open: Computer[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.vault.lock();
});
const keep = (c: Computer) => (open.push(c), c);

describe('sync through a folder', () => {
  it('a joining computer gets every entry, person and detail, and finds them by search', async () => {
    const folder = sub('folder');
    const a = keep(
      await firstComputer(sub('a'), folder, (db) => {
        const sam = upsertPerson(db, { name: 'Sam', kind: 'friend', care: 'Small surprises' });
        addDetail(db, { personId: sam.id, text: 'Loves peonies', notedOn: '2026-03-01', remindOn: '2026-05-01' });
        createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Made soup for Sam', received: '她给了我一本书' }, [sam]) });
        createEntry(db, { date: '2026-11-03', doc: docFromPlainText({ unsaid: 'Thank you, café owner' }) });
      }),
    );
    const b = keep(await joiningComputer('B', sub('b'), folder));
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
    expect(peopleView(b.vault.db)).toEqual(peopleView(a.vault.db));
    expect(search(b.vault.db, { q: '一本书' }).hits).toHaveLength(1);
    expect(search(b.vault.db, { q: 'cafe' }).hits).toHaveLength(1);
  });

  it('an edit on one computer appears on the other, and concurrent edits of one entry keep both computers’ words', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(
      await firstComputer(sub('a'), folder, (db) => {
        id = createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ given: 'First paragraph.', note: 'A note.' }) }).id;
      }),
    );
    const b = keep(await joiningComputer('B', sub('b'), folder));
    saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: 'First paragraph, edited on A.', note: 'A note.' }) });
    saveEntry(b.vault.db, { id, doc: docFromPlainText({ given: 'First paragraph.', note: 'A note, edited on B.' }) });
    await settle([a, b]);
    const words = wordsOf(getEntry(a.vault.db, id).doc);
    expect(words).toContain('edited on A');
    expect(words).toContain('edited on B');
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
  });
});

describe('what merges how', () => {
  it('an entry deleted on one computer and edited on another comes back with the edit, and says so', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-10-01', doc: docFromPlainText({ given: 'Walked the dog.' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    deleteEntry(a.vault.db, id);
    await round(a);
    // B edits later, without having seen the deletion.
    saveEntry(b.vault.db, { id, doc: docFromPlainText({ given: 'Walked the dog, and the cat came too.' }) });
    await settle([a, b]);
    expect(wordsOf(getEntry(a.vault.db, id).doc)).toContain('the cat came too');
    expect(journalView(a.vault.db)).toEqual(journalView(b.vault.db));
    expect(syncStatus(a.vault.db)).toMatchObject({ notices: [expect.objectContaining({ kind: 'revived', message: expect.stringContaining('2026-10-01') })] });
  });

  it('a deletion made after the last edit everyone saw deletes the entry everywhere', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-10-01', doc: docFromPlainText({ given: 'To be deleted.' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    deleteEntry(b.vault.db, id);
    await settle([a, b]);
    expect(listEntries(a.vault.db).items).toHaveLength(0);
    expect(search(a.vault.db, { q: 'deleted' }).hits).toHaveLength(0);
  });

  it('people, details and settings merge field by field: the later change of each field wins', async () => {
    const folder = sub('folder');
    let samId = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (samId = upsertPerson(db, { name: 'Sam', kind: 'friend' }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    upsertPerson(a.vault.db, { id: samId, name: 'Sam', care: 'Care written on A' });
    await round(a);
    upsertPerson(b.vault.db, { id: samId, name: 'Sam', notes: 'Notes written on B' });
    addDetail(b.vault.db, { personId: samId, text: 'Allergic to cats', notedOn: '2026-11-01' });
    updateSettings(b.vault.db, b.dir, { notifyReminders: true, backupEvery: 'weekly' });
    await settle([a, b]);
    const onA = getPersonPage(a.vault.db, samId);
    expect(onA.person).toMatchObject({ care: 'Care written on A', notes: 'Notes written on B' });
    expect(onA.details.map((d) => d.text)).toEqual(['Allergic to cats']);
    expect(peopleView(a.vault.db)).toEqual(peopleView(b.vault.db));
    expect(getSettings(a.vault.db, a.dir)).toMatchObject({ notifyReminders: true, backupEvery: 'daily' });
    // B saw A's care before writing its own: B's later care wins on both.
    upsertPerson(b.vault.db, { id: samId, name: 'Sam', care: 'Care written on B, later' });
    await settle([a, b]);
    expect(getPersonPage(a.vault.db, samId).person.care).toBe('Care written on B, later');
  });

  it('a rename reaches the other computer, with the entries that mention the person', async () => {
    const folder = sub('folder');
    let samId = '';
    let entryId = '';
    const a = keep(
      await firstComputer(sub('a'), folder, (db) => {
        const sam = upsertPerson(db, { name: 'Sam' });
        samId = sam.id;
        entryId = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'Dinner with Sam' }, [sam]) }).id;
      }),
    );
    const b = keep(await joiningComputer('B', sub('b'), folder));
    upsertPerson(a.vault.db, { id: samId, name: 'Samuel' });
    await settle([a, b]);
    expect(getEntry(b.vault.db, entryId).people.map((p) => p.name)).toEqual(['Samuel']);
    expect(search(b.vault.db, { q: 'Samuel' }).hits.map((h) => h.entryId)).toEqual([entryId]);
  });

  it('an unsaid item marked said on one computer and let go on the other ends the same on both: the later mark wins', async () => {
    const folder = sub('folder');
    let entryId = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (entryId = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ unsaid: 'I miss our walks' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    const itemId = unsaidItemsOf(getEntry(a.vault.db, entryId).doc, (_id, label) => label)[0]!.id;
    setUnsaidState(a.vault.db, { itemId, state: 'said', entryId });
    await round(a);
    setUnsaidState(b.vault.db, { itemId, state: 'letGo', entryId });
    await settle([a, b]);
    const stateOn = (c: Computer) => unsaidItemsOf(getEntry(c.vault.db, entryId).doc, (_id, label) => label)[0]!.state;
    expect(stateOn(a)).toBe('letGo');
    expect(stateOn(b)).toBe('letGo');
  });

  it('three computers converge, each adding entries and editing one shared entry', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'Shared.', received: 'Shared too.', note: 'Note.' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    const c = keep(await joiningComputer('C', sub('c'), folder));
    saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: 'Shared. alpha', received: 'Shared too.', note: 'Note.' }) });
    saveEntry(b.vault.db, { id, doc: docFromPlainText({ given: 'Shared.', received: 'Shared too. bravo', note: 'Note.' }) });
    saveEntry(c.vault.db, { id, doc: docFromPlainText({ given: 'Shared.', received: 'Shared too.', note: 'Note. charlie' }) });
    for (const [i, comp] of [a, b, c].entries()) createEntry(comp.vault.db, { date: `2026-11-0${i + 2}`, doc: docFromPlainText({ given: `From ${comp.name}` }) });
    await settle([a, b, c]);
    const words = wordsOf(getEntry(c.vault.db, id).doc);
    for (const w of ['alpha', 'bravo', 'charlie']) expect(words).toContain(w);
    expect(journalView(a.vault.db)).toEqual(journalView(b.vault.db));
    expect(journalView(b.vault.db)).toEqual(journalView(c.vault.db));
    expect(Object.keys(journalView(a.vault.db))).toHaveLength(4);
  });
});

describe('keys, restores and setting up', () => {
  it('a passphrase changed on one computer opens the other after its next round', async () => {
    const folder = sub('folder');
    const a = keep(await firstComputer(sub('a'), folder));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    await a.vault.changePassphrase(PASSPHRASE, 'a brand new passphrase for both');
    publishKeyChange(a.vault);
    expect(followKeyChanges(b.vault)).toBeNull();
    b.vault.lock();
    const reopened = keep({ ...b, vault: await Vault.unlock(b.dir, 'a brand new passphrase for both') });
    expect(syncStatus(reopened.vault.db)).toMatchObject({ enabled: true });
    await expect(Vault.unlock(b.dir, PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  it('a computer whose journal went back in time (a backup restored) continues under a new name and reads back what it had sent since', async () => {
    const folder = sub('folder');
    const a = keep(await firstComputer(sub('a'), folder));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    const saved = sub('saved');
    a.vault.lock();
    fs.cpSync(a.dir, saved, { recursive: true });
    a.vault = await Vault.unlock(a.dir, PASSPHRASE);
    const lost = createEntry(a.vault.db, { date: '2026-11-05', doc: docFromPlainText({ given: 'Written after the backup' }) });
    await round(a);
    a.vault.lock();
    fs.rmSync(a.dir, { recursive: true });
    fs.cpSync(saved, a.dir, { recursive: true });
    a.vault = await Vault.unlock(a.dir, PASSPHRASE);
    const oldId = syncStatus(a.vault.db).enabled && (syncStatus(a.vault.db) as { deviceId: string }).deviceId;
    createEntry(a.vault.db, { date: '2026-11-06', doc: docFromPlainText({ given: 'Written on the restored journal' }) });
    await settle([a, b]);
    const status = syncStatus(a.vault.db) as Extract<ReturnType<typeof syncStatus>, { enabled: true }>;
    expect(status.deviceId).not.toBe(oldId);
    expect(status.notices.map((n) => n.kind)).toContain('newDevice');
    expect(getEntry(a.vault.db, lost.id).date).toBe('2026-11-05');
    expect(journalView(a.vault.db)).toEqual(journalView(b.vault.db));
    expect(Object.keys(journalView(b.vault.db))).toHaveLength(2);
  });

  it('refuses a folder that is not empty, another journal’s folder, and the journal’s own folder; changes nothing', async () => {
    const { vault } = await createVault(sub('x'));
    try {
      const busy = sub('busy');
      fs.mkdirSync(busy);
      fs.writeFileSync(path.join(busy, 'holiday.jpg'), 'not ours');
      await expect(setUpSync(vault, busy)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('not empty') });
      const other = sub('other');
      const first = keep(await firstComputer(sub('a'), other));
      expect(first).toBeTruthy();
      await expect(setUpSync(vault, other)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('another journal') });
      await expect(setUpSync(vault, path.join(vault.dir, 'sync'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
      expect(syncStatus(vault.db)).toEqual({ enabled: false });
      expect(fs.readdirSync(busy)).toEqual(['holiday.jpg']);
    } finally {
      vault.lock();
    }
  });

  it('stopping and setting up again in the same folder carries on: what changed meanwhile is sent, and no word arrives twice', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'One' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: 'One, edited while syncing' }) });
    await settle([a, b]);
    stopSync(a.vault.db);
    expect(syncStatus(a.vault.db)).toEqual({ enabled: false });
    saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: 'One, edited while syncing, and while not' }) });
    createEntry(a.vault.db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Two, written while not syncing' }) });
    await settle([b]);
    expect(wordsOf(getEntry(b.vault.db, id).doc)).not.toContain('while not');
    await setUpSync(a.vault, folder);
    await settle([a, b]);
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
    expect(Object.keys(journalView(b.vault.db))).toHaveLength(2);
    expect(wordsOf(getEntry(b.vault.db, id).doc).match(/One/g)).toHaveLength(1);
    expect(wordsOf(getEntry(b.vault.db, id).doc)).toContain('and while not');
  });

  it('syncing through another folder after stopping starts a journal of its own there', async () => {
    const a = keep(await firstComputer(sub('a'), sub('folder'), (db) => void createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'One' }) })));
    stopSync(a.vault.db);
    const other = sub('other');
    await setUpSync(a.vault, other);
    const b = keep(await joiningComputer('B', sub('b'), other));
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
  });

  it('joining with a wrong passphrase, or from a folder with no journal, says so and leaves no journal behind', async () => {
    const folder = sub('folder');
    keep(await firstComputer(sub('a'), folder));
    const dir = sub('b');
    await expect(joinJournal(dir, folder, { passphrase: 'not it' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(fs.existsSync(path.join(dir, 'journal.key'))).toBe(false);
    const empty = sub('empty');
    fs.mkdirSync(empty);
    await expect(joinJournal(sub('c'), empty, { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no Mutual journal') });
  });
});

describe('compaction', () => {
  const compacting = (c: Computer) => {
    const dataKey = c.vault.copyDataKey();
    return syncRound({ db: c.vault.db, dataKey, compactEvery: 4 }).finally(() => dataKey.fill(0));
  };

  it('a computer rewrites its state as a fresh run and removes files two runs old; a computer joining later reads the runs, one behind catches up', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'Start.' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    const ownFiles = () => fs.readdirSync(path.join(folder, 'devices', (syncStatus(a.vault.db) as { deviceId: string }).deviceId)).sort();
    let text = 'Start.';
    let compactions = 0;
    for (let i = 0; i < 14; i++) {
      text += ` word${i}`;
      saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: text }) });
      if ((await compacting(a)).compacted) compactions++;
      if (i === 2) await round(b);
    }
    expect(compactions).toBeGreaterThanOrEqual(2);
    const files = ownFiles();
    expect(files.some((f) => f.endsWith('.msnap'))).toBe(true);
    expect(files).not.toContain('000000000001.mchange');
    // B was left behind at word2, and its next files are gone: it reads the newest run.
    await round(b);
    expect(wordsOf(getEntry(b.vault.db, id).doc)).toContain('word13');
    const c = keep(await joiningComputer('C', sub('c'), folder));
    const applied = (syncStatus(c.vault.db) as { devices: { applied: number }[] }).devices[0]!.applied;
    expect(applied).toBeGreaterThan(10);
    expect(journalView(c.vault.db)).toEqual(journalView(a.vault.db));
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
    // Reading a run again changes nothing and doubles no word.
    expect(wordsOf(getEntry(c.vault.db, id).doc).match(/word13/g)).toHaveLength(1);
  });
  it('a computer that is caught up passes over a new run instead of reading it again, and reports nothing changed', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'Start.' }) }).id)));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    let text = 'Start.';
    let compacted = 0;
    for (let i = 0; i < 6; i++) {
      text += ` w${i}`;
      saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: text }) });
      const report = await compacting(a);
      const read = await round(b);
      // Only the edit's own file is read, never the run written after it.
      expect(read).toMatchObject({ applied: 1, changed: 1 });
      if (report.compacted) compacted++;
    }
    expect(compacted).toBeGreaterThanOrEqual(1);
    expect(journalView(b.vault.db)).toEqual(journalView(a.vault.db));
  });
});

describe('photos', () => {
  const png = (colour: string) => sharp({ create: { width: 320, height: 200, channels: 3, background: colour } }).png().toBuffer();
  const withPhoto = (text: string, photoId: string): EntryDoc => {
    const d = docFromPlainText({ note: text });
    d.content[3]!.content!.push({ type: 'image', attrs: { photoId, alt: 'the plum tree' } } as DocNode);
    return d;
  };
  const original = (c: Computer, id: string) => Buffer.concat([...variantPieces(c.vault.db, id, 'original')]);

  it('a photo travels once with the entry that shows it, and a person’s photo with the person; the other computer stores the same bytes', async () => {
    const folder = sub('folder');
    const a = keep(await firstComputer(sub('a'), folder));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    const picnic = await storePhoto(a.vault.db, async function* () {
      yield await png('#3366cc');
    });
    const portrait = await storePhoto(a.vault.db, async function* () {
      yield await png('#cc6633');
    });
    const maya = upsertPerson(a.vault.db, { name: 'Maya' });
    setPersonPhoto(a.vault.db, maya.id, portrait.id);
    const entry = createEntry(a.vault.db, { date: '2026-08-01', doc: withPhoto('Picnic', picnic.id) });
    await settle([a, b]);
    expect(original(b, picnic.id).equals(original(a, picnic.id))).toBe(true);
    expect(original(b, portrait.id).equals(original(a, portrait.id))).toBe(true);
    expect(getPersonPage(b.vault.db, maya.id).person.photoId).toBe(portrait.id);
    expect(listEntries(b.vault.db).items.find((e) => e.id === entry.id)?.photoId).toBe(picnic.id);
    const photoFiles = filesUnder(folder).filter((f) => f.endsWith('.mphoto'));
    expect(photoFiles).toHaveLength(2);
  });

  it('a photo whose file arrives after its entry is shown once it does; one that is not the photo named is never stored', async () => {
    const folder = sub('folder');
    const a = keep(await firstComputer(sub('a'), folder));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    const picnic = await storePhoto(a.vault.db, async function* () {
      yield await png('#33cc66');
    });
    const entry = createEntry(a.vault.db, { date: '2026-08-02', doc: withPhoto('Picnic again', picnic.id) });
    await round(a);
    const file = filesUnder(folder).find((f) => f.endsWith(`${picnic.id}.mphoto`))!;
    const held = path.join(sub('held'), 'photo');
    fs.mkdirSync(path.dirname(held));
    fs.renameSync(path.join(folder, file), held);
    // Another photo's file under this photo's name: it opens, but its hash is not the one named.
    const other = await storePhoto(a.vault.db, async function* () {
      yield await png('#aa0000');
    });
    createEntry(a.vault.db, { date: '2026-08-03', doc: withPhoto('Red', other.id) });
    await round(a);
    fs.copyFileSync(path.join(folder, file.replace(picnic.id, other.id)), path.join(folder, file));
    await round(b);
    expect(getEntry(b.vault.db, entry.id).doc.content[3]!.content!.some((n) => n.type === 'image')).toBe(true);
    expect(listEntries(b.vault.db).items.find((e) => e.id === entry.id)?.photoId ?? null).toBeNull();
    fs.rmSync(path.join(folder, file));
    fs.renameSync(held, path.join(folder, file));
    await round(b);
    expect(original(b, picnic.id).equals(original(a, picnic.id))).toBe(true);
    expect(listEntries(b.vault.db).items.find((e) => e.id === entry.id)?.photoId).toBe(picnic.id);
  });
});

describe('files that do not open', () => {
  it('a file that does not authenticate is read again later while it may still be filling in, then refused and reported', async () => {
    const folder = sub('folder');
    const a = keep(await firstComputer(sub('a'), folder, (db) => void createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'One' }) })));
    const b = keep(await joiningComputer('B', sub('b'), folder));
    createEntry(a.vault.db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Two' }) });
    await round(a);
    const aId = (syncStatus(a.vault.db) as { deviceId: string }).deviceId;
    const newest = filesUnder(path.join(folder, 'devices', aId)).filter((f) => f.endsWith('.mchange')).at(-1)!;
    const file = path.join(folder, 'devices', aId, newest);
    const whole = fs.readFileSync(file);
    // The right length, the last bytes not written yet.
    const filling = Buffer.from(whole);
    filling.fill(0, filling.length - 40);
    fs.writeFileSync(file, filling);
    expect(await round(b)).toMatchObject({ applied: 0, waiting: 1, problems: [] });
    // Still like that two minutes later: refused and reported, nothing applied.
    const later = Date.now() + 3 * 60_000;
    const report = await round(b, () => later);
    expect(report.applied).toBe(0);
    expect(report.problems).toEqual([expect.objectContaining({ deviceId: aId, message: expect.stringContaining('does not open with this journal’s key') })]);
    expect(syncStatus(b.vault.db)).toMatchObject({ problems: [expect.objectContaining({ deviceId: aId })] });
    fs.writeFileSync(file, whole);
    expect(await round(b)).toMatchObject({ applied: 1, problems: [] });
    expect(Object.keys(journalView(b.vault.db))).toHaveLength(2);
  });
});

describe('a copy of the journal', () => {
  it('a copy that has not synced through the folder is refused there (its entries would double), and told to join', async () => {
    const folder = sub('folder');
    const a = keep(await firstComputer(sub('a'), folder, (db) => void createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'One' }) })));
    a.vault.lock();
    const copy = sub('copy');
    fs.cpSync(a.dir, copy, { recursive: true });
    a.vault = await Vault.unlock(a.dir, PASSPHRASE);
    const copied = keep({ name: 'copy', dir: copy, vault: await Vault.unlock(copy, PASSPHRASE) });
    stopSync(copied.vault.db);
    copied.vault.db.prepare('DELETE FROM sync_device').run();
    await expect(setUpSync(copied.vault, folder)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('join the journal') });
  });
});

describe('an editor open while another computer’s change arrives', () => {
  it('its save adds its typing to the change instead of undoing it, on every computer, and no word arrives twice', async () => {
    const folder = sub('folder');
    let id = '';
    const a = keep(await firstComputer(sub('a'), folder, (db) => (id = createEntry(db, { date: '2026-11-01', doc: docFromPlainText({ given: 'We planted tulips.', note: 'A quiet day.' }) }).id)));
    const bVault = await joinJournal(sub('b'), folder, { passphrase: PASSPHRASE });
    const session = openSession(bVault.dir, { sync: { watch: false } });
    session.adopt(bVault);
    const b = { name: 'B', dir: bVault.dir, vault: bVault };
    try {
      const table = createHandlers(session);
      // B's editor opens the entry.
      const opened = await table['entries.get']({ id });
      if (!opened.ok) throw new Error(opened.error.message);
      // Meanwhile A adds to it, and B's round applies that.
      saveEntry(a.vault.db, { id, doc: docFromPlainText({ given: 'We planted tulips in the garden.', note: 'A quiet day.' }) });
      await round(a);
      await round(b);
      // B's editor saves what it shows: the old words and its own typing.
      const first = await table['entries.save']({ id, doc: docFromPlainText({ given: 'We planted tulips.', note: 'A quiet day. Typed on B.' }), base: opened.value.updatedAt });
      if (!first.ok) throw new Error(first.error.message);
      expect(wordsOf(first.value.doc)).toContain('in the garden');
      expect(wordsOf(first.value.doc)).toContain('Typed on B');
      expect(first.value.sentBase).toEqual(expect.any(String));
      // The editor kept its own document and typed on: its next save names the version it is.
      const second = await table['entries.save']({ id, doc: docFromPlainText({ given: 'We planted tulips.', note: 'A quiet day. Typed on B. And more.' }), base: first.value.sentBase });
      if (!second.ok) throw new Error(second.error.message);
      await settle([a, b]);
      for (const c of [a, b]) {
        const words = wordsOf(getEntry(c.vault.db, id).doc);
        expect(words).toContain('in the garden');
        expect(words.match(/Typed on B/g)).toHaveLength(1);
        expect(words).toContain('And more.');
      }
      // A save from an editor that is up to date is saved as sent.
      const current = getEntry(b.vault.db, id);
      const plain = await table['entries.save']({ id, doc: docFromPlainText({ given: 'Rewritten.' }), base: current.updatedAt });
      expect(plain.ok && plain.value.sentBase).toBe(undefined);
      expect(plain.ok && wordsOf(plain.value.doc)).toContain('Rewritten.');
    } finally {
      session.close();
    }
  });
});
