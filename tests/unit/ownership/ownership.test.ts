import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { exportJson, exportMarkdown } from '../../../electron/core/services/export';
import { previewImport, runImport } from '../../../electron/core/services/import';
import { addDetail, listPeople, upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import { listBackups, pruneBackups, replaceWithBackup, restoreBackup, writeBackup, backupFileName } from '../../../electron/core/vault/backup';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';

const fixtures = path.join(import.meta.dirname, '..', '..', 'fixtures', 'import');
const PASS = 'ownership passphrase';
const temps: string[] = [];
const open: Vault[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-own-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const v of open.splice(0)) v.lock();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function newVault(): Promise<Vault> {
  const { vault } = await Vault.create(path.join(tempDir(), 'journal'), PASS);
  open.push(vault);
  return vault;
}

function allBytes(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(fs.readFileSync(full));
    }
  };
  walk(dir);
  return Buffer.concat(out);
}

async function seeded(): Promise<Vault> {
  const vault = await newVault();
  const sam = upsertPerson(vault.db, { name: 'Sam', kind: 'friend', care: 'Small notes' });
  addDetail(vault.db, { personId: sam.id, text: 'Exam on Thursday', notedOn: '2026-11-01', remindOn: '2026-11-05' });
  createEntry(vault.db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Drove Sam to CANARYWORD practice', unsaid: 'Thank Sam for the soup' }, [sam]) });
  createEntry(vault.db, { date: '2026-11-03', doc: docFromPlainText({ received: 'A long call from Sam', note: 'crème brûlée 🌷' }, [sam]) });
  createEntry(vault.db, { date: '2026-11-04', doc: docFromPlainText({ note: 'Alone day' }) });
  return vault;
}

describe('export', () => {
  it('Mutual JSON round-trips: export → import into a fresh vault → export gives the same content', async () => {
    const a = await seeded();
    const out = tempDir();
    await exportJson(a.db, path.join(out, 'one.json'));
    const b = await newVault();
    const summary = await runImport(b.db, 'json', path.join(out, 'one.json'));
    expect(summary).toEqual({ entries: 3, peopleCreated: 1 });
    await exportJson(b.db, path.join(out, 'two.json'));
    const strip = (file: string) => ({ ...JSON.parse(fs.readFileSync(path.join(out, file), 'utf8')), exportedAt: null });
    expect(strip('two.json')).toEqual(strip('one.json'));
  });

  it('writes a Markdown folder with front matter, section headings and unsaid checkboxes', async () => {
    const vault = await seeded();
    const target = path.join(tempDir(), 'md');
    const progress: number[] = [];
    await exportMarkdown(vault.db, target, {}, { onProgress: (done) => progress.push(done) });
    const files = fs.readdirSync(path.join(target, 'entries')).sort();
    expect(files).toHaveLength(3);
    const first = fs.readFileSync(path.join(target, 'entries', files[0]!), 'utf8');
    expect(first).toMatch(/^---\nid: "[^"]+"\ndate: 2026-11-02\npeople: \["Sam"\]/);
    expect(first).toContain('## Given\n\nDrove @Sam to CANARYWORD practice');
    expect(first).toContain('## Unsaid\n\n- [ ] Thank @Sam for the soup');
    expect(fs.readFileSync(path.join(target, 'people', 'Sam.md'), 'utf8')).toContain('- 2026-11-01: Exam on Thursday (remind on 2026-11-05)');
    expect(progress.at(-1)).toBe(3);
  });

  it('exports one person or a date range', async () => {
    const vault = await seeded();
    const sam = listPeople(vault.db)[0]!;
    const dir = tempDir();
    expect(await exportJson(vault.db, path.join(dir, 'sam.json'), { personId: sam.id })).toEqual({ entries: 2, people: 1, photos: 0 });
    expect((await exportJson(vault.db, path.join(dir, 'range.json'), { from: '2026-11-03', to: '2026-11-03' })).entries).toBe(1);
  });

  it('never overwrites and leaves nothing behind when cancelled', async () => {
    const vault = await seeded();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'taken.json'), 'mine');
    await expect(exportJson(vault.db, path.join(dir, 'taken.json'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(fs.readFileSync(path.join(dir, 'taken.json'), 'utf8')).toBe('mine');
    await expect(exportMarkdown(vault.db, path.join(dir, 'md'), {}, { isCancelled: () => true })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(fs.readdirSync(dir)).toEqual(['taken.json']);
  });
});

describe('encrypted backup and restore', () => {
  it('a backup holds no plaintext and restores into a new folder that opens with the same passphrase', async () => {
    const vault = await seeded();
    const dir = tempDir();
    const file = path.join(dir, backupFileName());
    writeBackup(vault.db, vault.dir, file);
    const bytes = fs.readFileSync(file);
    for (const canary of ['CANARYWORD', 'Exam on Thursday', 'crème brûlée', '🌷', 'SQLite format 3']) expect(bytes.includes(Buffer.from(canary))).toBe(false);
    const restored = path.join(dir, 'restored');
    restoreBackup(file, restored);
    const copy = await Vault.unlock(restored, PASS);
    open.push(copy);
    expect(listEntryTexts(copy.db)).toEqual(listEntryTexts(vault.db));
    expect(copy.checkIntegrity()).toEqual([]);
  });

  it('refuses to restore over a journal, and Replace keeps the replaced journal aside', async () => {
    const vault = await seeded();
    const file = path.join(tempDir(), backupFileName());
    writeBackup(vault.db, vault.dir, file);
    expect(() => restoreBackup(file, vault.dir)).toThrow(expect.objectContaining({ code: 'VAULT_EXISTS' }));
    createEntry(vault.db, { date: '2026-11-05', doc: docFromPlainText({ note: 'after the backup' }) });
    vault.lock();
    const { keptAt } = replaceWithBackup(file, vault.dir);
    const now = await Vault.unlock(vault.dir, PASS);
    open.push(now);
    expect(listEntryTexts(now.db)).toHaveLength(3);
    const kept = await Vault.unlock(keptAt, PASS);
    open.push(kept);
    expect(listEntryTexts(kept.db)).toHaveLength(4);
  });

  it('a file that is not a backup gets a clear message', () => {
    const file = path.join(tempDir(), 'x.mutualbackup');
    fs.writeFileSync(file, 'hello');
    expect(() => restoreBackup(file, path.join(tempDir(), 'r'))).toThrow(/not a Mutual backup/);
  });

  it('keeps only the newest N backups', () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, backupFileName(new Date(Date.UTC(2026, 0, i + 1)))), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    pruneBackups(dir, 2);
    expect(listBackups(dir).map((f) => path.basename(f))).toEqual([backupFileName(new Date(Date.UTC(2026, 0, 5))), backupFileName(new Date(Date.UTC(2026, 0, 4)))]);
    expect(fs.existsSync(path.join(dir, 'notes.txt'))).toBe(true);
  });
});

describe('import', () => {
  it('Day One (folder and zip): text lands in Note, hostile markup stays inert text, people are offered then confirmed', async () => {
    for (const source of [path.join(fixtures, 'dayone'), path.join(fixtures, 'dayone.zip')]) {
      const vault = await newVault();
      const preview = await previewImport(vault.db, 'dayone', source);
      expect(preview.entries).toBe(2);
      expect(preview.candidates.map((c) => c.name)).toEqual(expect.arrayContaining(['Sam', 'Ana Lucía', 'work']));
      const summary = await runImport(vault.db, 'dayone', source, { Sam: 'create', 'Ana Lucía': 'create', work: 'ignore' });
      expect(summary).toEqual({ entries: 2, peopleCreated: 2 });
      const texts = listEntryTexts(vault.db);
      const walk = texts.find((t) => t.date === '2024-03-02')!;
      expect(walk.people).toEqual(['Sam']);
      expect(walk.note).toContain('Walked with Sam by the river. She told me about her exam on Thursday.');
      expect(walk.given).toBe('');
      const hostile = texts.find((t) => t.date === '2024-03-05')!;
      expect(hostile.note).toContain('<script>');
      expect(hostile.people).toEqual(['Ana Lucía']);
      // No link mark was created from imported text.
      expect(JSON.stringify(vault.db.prepare('SELECT doc FROM entries').all())).not.toContain('"link"');
      expect(search(vault.db, { q: 'person:Sam exam' }).hits).toHaveLength(1);
    }
  });

  it('jrnl JSON and a Markdown folder', async () => {
    const vault = await newVault();
    expect(await runImport(vault.db, 'jrnl', path.join(fixtures, 'jrnl.json'), { sam: 'create' })).toEqual({ entries: 2, peopleCreated: 1 });
    const md = await previewImport(vault.db, 'markdown', path.join(fixtures, 'markdown'));
    expect(md.entries).toBe(2);
    expect(md.candidates.map((c) => c.name)).toEqual(expect.arrayContaining(['Noor', 'Dad']));
    await runImport(vault.db, 'markdown', path.join(fixtures, 'markdown'), { Noor: 'create', Dad: 'create' });
    const dates = listEntryTexts(vault.db).map((t) => `${t.date} ${t.people.join(',')}`);
    expect(dates).toEqual(['2024-05-02 Dad,Noor', '2024-05-01 Noor', '2023-08-22 sam', '2023-08-21 ']);
  });

  it('malformed input names the file and entry or line, and leaves the vault exactly as before', async () => {
    const vault = await seeded();
    const before = listEntryTexts(vault.db);
    const peopleBefore = listPeople(vault.db);
    await expect(runImport(vault.db, 'dayone', path.join(fixtures, 'dayone-malformed.json'))).rejects.toThrow(/dayone-malformed\.json, entry 2/);
    await expect(runImport(vault.db, 'dayone', path.join(fixtures, 'dayone-truncated.json'))).rejects.toThrow(/dayone-truncated\.json: it is not valid JSON/);
    await expect(runImport(vault.db, 'markdown', path.join(fixtures, 'markdown-bad'))).rejects.toThrow(/2024-01-01\.md, line \d/);
    await expect(runImport(vault.db, 'json', path.join(fixtures, 'jrnl.json'))).rejects.toThrow(/not a Mutual export/);
    expect(listEntryTexts(vault.db)).toEqual(before);
    expect(listPeople(vault.db)).toEqual(peopleBefore);
  });

  it('a cancelled import leaves nothing behind', async () => {
    const vault = await seeded();
    const before = listEntryTexts(vault.db);
    const big = path.join(tempDir(), 'big.json');
    const entries = Array.from({ length: 450 }, (_, i) => ({ creationDate: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(), text: `entry ${i} @Sam` }));
    fs.writeFileSync(big, JSON.stringify({ entries }));
    let cancel = false;
    await expect(runImport(vault.db, 'dayone', big, { Sam: 'create' }, { onProgress: (done) => (cancel = done >= 200), isCancelled: () => cancel })).rejects.toThrow(/cancelled/);
    expect(listEntryTexts(vault.db)).toEqual(before);
    expect(listPeople(vault.db)).toHaveLength(1);
    expect(vault.db.inTransaction).toBe(false);
  });

  it('after an import, no file of the vault folder holds imported text in the clear', async () => {
    const vault = await newVault();
    await runImport(vault.db, 'dayone', path.join(fixtures, 'dayone'), { Sam: 'create' });
    vault.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = allBytes(vault.dir);
    // Canaries of five bytes or more: a three-byte one ("Sam") turns up by chance in 250 KB of
    // ciphertext about once in 70 runs (it failed a full run so), which proves nothing.
    for (const canary of ['river', 'exam on Thursday', 'with @Sam', 'Walked with']) expect(bytes.includes(Buffer.from(canary)), canary).toBe(false);
  });
});
