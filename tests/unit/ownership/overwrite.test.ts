/**
 * Backups and exports never replace a file that is already there and never write inside the
 * journal folder — one rule in the core (electron/core/outputs.ts), whichever way it is asked:
 * the services directly, scheduled backups, and the handler table the app and web host use.
 * A refused write leaves every byte as it was, and the journal still opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/handlers';
import { publishNewFile, writeNewFile } from '../../../electron/core/outputs';
import { backupIfDue, backupNow } from '../../../electron/core/services/backups';
import { createEntry } from '../../../electron/core/services/entries';
import { exportJson, exportMarkdown } from '../../../electron/core/services/export';
import { upsertPerson } from '../../../electron/core/services/people';
import { exportPersonMarkdown } from '../../../electron/core/services/personPage';
import { getSettings, updateSettings } from '../../../electron/core/services/settings';
import { setSetting } from '../../../electron/core/db/repos/settings';
import { Session } from '../../../electron/core/session/session';
import { writeBackup } from '../../../electron/core/vault/backup';
import { backupDirFor, defaultBackupDir, Vault } from '../../../electron/core/vault/vault';
import type { JobStatus } from '../../../electron/shared/contract';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { createVault, doc, expectCode, PASSPHRASE, snapshotFolder, tempRoot } from '../vault/helpers';

const tmp = tempRoot('overwrite');
let root = '';
let vault: Vault;
let personId = '';

beforeEach(async () => {
  root = tmp.sub('case');
  fs.mkdirSync(root);
  vault = (await createVault(path.join(root, 'journal'))).vault;
  const sam = upsertPerson(vault.db, { name: 'Sam' });
  personId = sam.id;
  createEntry(vault.db, { date: '2026-03-02', doc: doc({ given: 'Drove Sam to the station' }, [sam]) });
  vault.db.pragma('wal_checkpoint(TRUNCATE)');
});
afterEach(() => vault.lock());

/** The bytes of every file in the journal folder once the WAL is folded in (a checkpoint touches the WAL's time). */
function journalBytes(db = vault.db): Record<string, { sha256: string; size: number; mode: number }> {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return Object.fromEntries(Object.entries(snapshotFolder(vault.dir)).map(([name, { sha256, size, mode }]) => [name, { sha256, size, mode }]));
}

/** Every byte of the journal folder as before, and the journal opens afterwards with what it held. */
async function expectJournalUntouched(before: ReturnType<typeof journalBytes>): Promise<void> {
  expect(journalBytes()).toEqual(before);
  vault.lock();
  vault = await Vault.unlock(vault.dir, PASSPHRASE);
  expect(vault.checkIntegrity()).toEqual([]);
  expect(vault.db.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 1 });
}

/** Places inside the journal folder, by its own name, by a symbolic link and by `..`. */
function insideJournal(name: string): string[] {
  const link = path.join(root, 'link-to-journal');
  if (!fs.existsSync(link)) fs.symlinkSync(vault.dir, link, 'dir');
  return [
    path.join(vault.dir, 'journal.db'),
    path.join(vault.dir, 'journal.key'),
    vault.dir,
    path.join(vault.dir, 'sub', name),
    path.join(link, name),
    path.join(root, 'elsewhere', '..', 'journal', name),
  ];
}

describe('a backup', () => {
  it('named as the journal itself, or anywhere inside the journal folder, is refused and the journal still opens', async () => {
    const before = journalBytes();
    for (const target of insideJournal('x.mutualbackup')) {
      expect(() => writeBackup(vault.db, vault.dir, target), target).toThrow(/inside your journal folder/);
      await expectCode(() => writeBackup(vault.db, vault.dir, target), 'BAD_INPUT');
      await expectCode(() => backupNow(vault.db, vault.dir, target), 'BAD_INPUT');
    }
    expect(fs.existsSync(path.join(vault.dir, 'sub'))).toBe(false);
    await expectJournalUntouched(before);
  });

  it('never replaces an existing file, and leaves no temporary file beside it', async () => {
    const target = path.join(root, 'mine.mutualbackup');
    fs.writeFileSync(target, 'my own file');
    await expectCode(() => backupNow(vault.db, vault.dir, target), 'BAD_INPUT');
    expect(() => writeBackup(vault.db, vault.dir, target)).toThrow(/already exists; Mutual will not overwrite it/);
    expect(fs.readFileSync(target, 'utf8')).toBe('my own file');
    expect(fs.readdirSync(root).sort()).toEqual(['journal', 'mine.mutualbackup']);
  });

  it('never replaces what a symbolic link names, even one pointing nowhere', async () => {
    const target = path.join(root, 'dangling.mutualbackup');
    fs.symlinkSync(path.join(root, 'nowhere'), target);
    await expectCode(() => writeBackup(vault.db, vault.dir, target), 'BAD_INPUT');
    expect(fs.existsSync(path.join(root, 'nowhere'))).toBe(false);
  });

  it('to a new name is written whole and private', () => {
    const target = path.join(root, 'new', 'b.mutualbackup');
    const { bytes } = writeBackup(vault.db, vault.dir, target);
    expect(fs.statSync(target).size).toBe(bytes);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['b.mutualbackup']);
  });

  it('the backup folder setting cannot point into the journal; one set before this rule is passed over for the default', async () => {
    const before = journalBytes();
    expect(() => updateSettings(vault.db, vault.dir, { backupFolder: path.join(vault.dir, 'backups') })).toThrow(/inside your journal folder/);
    expect(getSettings(vault.db, vault.dir).backupFolder).toBe(defaultBackupDir(vault.dir));
    // Saved by an earlier Mutual: scheduled backups (and the one before a migration) go beside
    // the journal folder instead, so they neither write inside it nor stop it from opening.
    setSetting(vault.db, 'backupFolder', vault.dir);
    expect(backupDirFor(vault.db, vault.dir)).toBe(defaultBackupDir(vault.dir));
    const file = backupIfDue(vault.db, vault.dir, new Date('2030-01-01T00:00:00Z'));
    expect(path.dirname(file!)).toBe(defaultBackupDir(vault.dir));
    expect(Object.keys(journalBytes())).toEqual(Object.keys(before));
  });
});

describe('an export', () => {
  it('JSON: refused inside the journal folder and over an existing file', async () => {
    const before = journalBytes();
    for (const target of insideJournal('x.json')) await expectCode(() => exportJson(vault.db, target), 'BAD_INPUT');
    const mine = path.join(root, 'mine.json');
    fs.writeFileSync(mine, 'keep me');
    await expect(exportJson(vault.db, mine)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(mine, 'utf8')).toBe('keep me');
    await expectJournalUntouched(before);
  });

  it('Markdown: refused inside the journal folder, over a file and over a folder with something in it', async () => {
    const before = journalBytes();
    for (const target of insideJournal('md')) await expectCode(() => exportMarkdown(vault.db, target), 'BAD_INPUT');
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, 'keep me');
    await expectCode(() => exportMarkdown(vault.db, file), 'BAD_INPUT');
    const full = path.join(root, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'notes.md'), 'mine');
    await expectCode(() => exportMarkdown(vault.db, full), 'BAD_INPUT');
    expect(fs.readdirSync(full)).toEqual(['notes.md']);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    // An empty folder the person made for it is fine.
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    await exportMarkdown(vault.db, empty);
    expect(fs.readdirSync(path.join(empty, 'entries'))).toHaveLength(1);
    await expectJournalUntouched(before);
  });

  it("a person's page: refused inside the journal folder and over an existing file", async () => {
    const before = journalBytes();
    for (const target of insideJournal('sam.md')) await expectCode(() => exportPersonMarkdown(vault.db, personId, target), 'BAD_INPUT');
    const mine = path.join(root, 'sam.md');
    fs.writeFileSync(mine, 'keep me');
    await expectCode(() => exportPersonMarkdown(vault.db, personId, mine), 'BAD_INPUT');
    expect(fs.readFileSync(mine, 'utf8')).toBe('keep me');
    await expectJournalUntouched(before);
  });
});

describe('the final step itself refuses an existing name', () => {
  it('even when the name appeared after every check (a hard link fails with EEXIST)', () => {
    const target = path.join(root, 'raced.txt');
    const temp = path.join(root, '.raced.tmp');
    fs.writeFileSync(temp, 'new');
    fs.writeFileSync(target, 'appeared meanwhile');
    expect(() => publishNewFile(temp, target)).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/already exists/) }));
    expect(fs.readFileSync(target, 'utf8')).toBe('appeared meanwhile');
    expect(fs.existsSync(temp)).toBe(false);
    expect(() => writeNewFile(target, 'new')).toThrow(/already exists/);
    expect(fs.readdirSync(root).filter((n) => n.startsWith('.raced'))).toEqual([]);
  });
});

describe('through the handler table', () => {
  let session: Session;
  let handlers: HandlerTable;
  beforeEach(() => {
    session = new Session(vault.dir);
    session.adopt(vault);
    handlers = createHandlers(session);
  });
  afterEach(() => session.close());

  async function jobEnd(jobId: string): Promise<JobStatus> {
    for (let i = 0; i < 2000; i++) {
      const status = await handlers['jobs.status']({ jobId });
      if (!status.ok) throw new Error(status.error.message);
      if (status.value.state !== 'running') return status.value;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the job did not end');
  }

  it('backup.run, export.run and people.export refuse the journal file and the journal folder; the journal still unlocks', async () => {
    // The entry made above is indexed in the background first; that write is not a refused call's.
    await session.indexing.idle();
    const before = journalBytes(session.current.db);
    const targets = [path.join(vault.dir, 'journal.db'), path.join(vault.dir, 'journal.key'), vault.dir, path.join(vault.dir, 'new-file')];
    for (const out of targets) {
      const backup = await handlers['backup.run']({ out });
      expect(backup.ok).toBe(true);
      if (!backup.ok) continue;
      expect(await jobEnd(backup.value.jobId)).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', message: expect.stringMatching(/inside your journal folder/) } });
      for (const format of ['json', 'markdown'] as const) {
        const exported = await handlers['export.run']({ format, out });
        if (!exported.ok) throw new Error(exported.error.message);
        expect(await jobEnd(exported.value.jobId)).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT' } });
      }
      expect(await handlers['people.export']({ personId, out })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/inside your journal folder/) } });
    }
    const mine = path.join(root, 'mine.mutualbackup');
    fs.writeFileSync(mine, 'mine');
    const over = await handlers['backup.run']({ out: mine });
    if (!over.ok) throw new Error(over.error.message);
    expect(await jobEnd(over.value.jobId)).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', message: expect.stringMatching(/already exists/) } });
    expect(fs.readFileSync(mine, 'utf8')).toBe('mine');
    expect(await handlers['settings.set']({ backupFolder: vault.dir })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    expect(journalBytes(session.current.db)).toEqual(before);
    expect(await handlers['vault.lock']({})).toMatchObject({ ok: true });
    expect(await handlers['vault.unlock']({ passphrase: PASSPHRASE })).toEqual({ ok: true, value: { state: 'unlocked' } });
    expect(await handlers['entries.list']({})).toMatchObject({ ok: true, value: { total: 1 } });
  });
});
