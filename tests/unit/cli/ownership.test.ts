/**
 * Own your data through the real `mutual` command (child processes, no terminal): export to JSON
 * and Markdown, an encrypted backup restored into a new folder, imports of every fixture, and
 * what a malformed file or Ctrl-C does. progress.test.ts covers the terminal side in-process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/core/services/export';
import { createEntry } from '../../../electron/core/services/entries';
import { addDetail, upsertPerson } from '../../../electron/core/services/people';
import { docFromPlainText } from '../../../electron/shared/doc';
import { writeDayOneExport } from '../../bench/import';
import type { Outcome } from './support';
import { createJournal, expectOneLineError, mutual as runMutual, root, startMutual } from './support';

const PASS = 'ownership through the command line';
const fixtures = path.join(root, 'tests', 'fixtures', 'import');

let tmp: string;
let journal: string;
let folders = 0;

/** A fresh folder name under this file's temporary folder. */
function fresh(name: string): string {
  return path.join(tmp, `${name}-${folders++}`);
}

function mutual(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<Outcome> {
  return runMutual(tmp, args, { MUTUAL_VAULT: journal, MUTUAL_PASSPHRASE: PASS, ...env }, options);
}

interface ListedEntry {
  id: string;
  date: string;
  people: string[];
  given: string;
  received: string;
  unsaid: string;
  note: string;
}

async function listOf(vault: string): Promise<ListedEntry[]> {
  const out = await mutual(['list', '--json', '--vault', vault]);
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as ListedEntry[];
}

async function emptyJournal(fill?: Parameters<typeof createJournal>[2]): Promise<string> {
  const dir = fresh('journal');
  await createJournal(dir, PASS, fill);
  return dir;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-own-cli-'));
  journal = fresh('journal');
  await createJournal(journal, PASS, (db) => {
    const sam = upsertPerson(db, { name: 'Sam', kind: 'friend', care: 'Small notes' });
    const ana = upsertPerson(db, { name: 'Ana', kind: 'family' });
    addDetail(db, { personId: sam.id, text: 'Exam on Thursday', notedOn: '2026-11-01' });
    createEntry(db, { date: '2026-11-02', doc: docFromPlainText({ given: 'Drove Sam to CANARYWORD practice', unsaid: 'Thank Sam for the soup' }, [sam]) });
    createEntry(db, { date: '2026-11-03', doc: docFromPlainText({ received: 'A long call from Ana', note: 'crème brûlée 🌷' }, [ana]) });
    createEntry(db, { date: '2026-11-04', doc: docFromPlainText({ note: 'Alone day' }) });
  });
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mutual export', () => {
  it('--format json says the export is not encrypted, then writes every entry and person', async () => {
    const out = fresh('export') + '.json';
    const result = await mutual(['export', '--format', 'json', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`${EXPORT_NOT_ENCRYPTED_WARNING}\n`);
    expect(result.stdout).toBe(`Exported 3 entries and 2 people to ${out}.\n`);
    const data = JSON.parse(fs.readFileSync(out, 'utf8')) as { format: string; version: number; people: { name: string; details: { text: string }[] }[]; entries: { date: string }[] };
    expect(data.format).toBe('mutual-export');
    expect(data.entries.map((e) => e.date)).toEqual(['2026-11-02', '2026-11-03', '2026-11-04']);
    expect(data.people.map((p) => p.name).sort()).toEqual(['Ana', 'Sam']);
    expect(data.people.find((p) => p.name === 'Sam')!.details.map((d) => d.text)).toEqual(['Exam on Thursday']);
  });

  it('--format markdown writes a folder; --person and --from/--to narrow it; a relative --out is from the working folder', async () => {
    const cwd = fresh('cwd');
    fs.mkdirSync(cwd);
    const result = await mutual(['export', '--format', 'markdown', '--out', 'sam-notes', '--person', 'sam', '--from', '2026-11-01', '--to', '2026-11-02'], {}, { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(EXPORT_NOT_ENCRYPTED_WARNING);
    const folder = path.join(cwd, 'sam-notes');
    expect(result.stdout).toBe(`Exported 1 entry and 1 person to the folder ${folder}.\n`);
    const files = fs.readdirSync(path.join(folder, 'entries'));
    expect(files).toHaveLength(1);
    const text = fs.readFileSync(path.join(folder, 'entries', files[0]!), 'utf8');
    expect(text).toMatch(/^---\nid: "[^"]+"\ndate: 2026-11-02\npeople: \["Sam"\]/);
    expect(text).toContain('- [ ] Thank @Sam for the soup');
    expect(fs.readdirSync(path.join(folder, 'people'))).toEqual(['Sam.md']);
    // Nothing but the export itself is left in the working folder (no temporary files).
    expect(fs.readdirSync(cwd)).toEqual(['sam-notes']);
  });

  it('refuses to overwrite, before asking for the passphrase, and leaves the file as it was', async () => {
    const out = fresh('taken') + '.json';
    fs.writeFileSync(out, 'mine');
    const result = await mutual(['export', '--format', 'json', '--out', out], { MUTUAL_PASSPHRASE: 'not even the right passphrase' });
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toContain(`${out} already exists; Mutual will not overwrite it.`);
    expect(fs.readFileSync(out, 'utf8')).toBe('mine');
  });

  it('a --person who is not in the journal is an error and writes nothing', async () => {
    const out = fresh('nobody') + '.json';
    const result = await mutual(['export', '--format', 'json', '--out', out, '--person', 'Nobody']);
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toContain('Nobody');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('mutual backup and mutual restore', () => {
  let backupFile: string;

  it('backup writes one encrypted file with no plaintext in it', async () => {
    backupFile = fresh('backup') + '.mutualbackup';
    const result = await mutual(['backup', '--out', backupFile]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Backed up your journal to ${backupFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d MB\\)\\. The backup is encrypted`));
    const bytes = fs.readFileSync(backupFile);
    for (const canary of ['CANARYWORD', 'Exam on Thursday', 'crème brûlée', 'SQLite format 3']) expect(bytes.includes(Buffer.from(canary))).toBe(false);
  });

  it('restore into a new folder: it opens with the same passphrase and holds every entry', async () => {
    const restored = fresh('restored');
    const result = await runMutual(tmp, ['restore', backupFile, '--vault', restored]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`into ${restored}.`);
    expect(result.stdout).toMatch(/opens with the passphrase or the recovery code of the journal it was made from/);
    const original = await listOf(journal);
    expect(original).toHaveLength(3);
    expect(await listOf(restored)).toEqual(original);
    const check = await mutual(['check', '--vault', restored]);
    expect(check.code, check.stderr).toBe(0);
  });

  it('restore never overwrites a journal', async () => {
    const before = fs.readFileSync(path.join(journal, 'journal.db'));
    const result = await runMutual(tmp, ['restore', backupFile, '--vault', journal]);
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toContain(`A journal already exists in ${journal}; Mutual will not overwrite it.`);
    expect(result.stderr).toContain('--vault NEW_FOLDER');
    expect(fs.readFileSync(path.join(journal, 'journal.db')).equals(before)).toBe(true);
  });

  it('a file that is not a backup is named as such', async () => {
    const notBackup = fresh('notes') + '.txt';
    fs.writeFileSync(notBackup, 'hello');
    const target = fresh('never');
    const result = await runMutual(tmp, ['restore', notBackup, '--vault', target]);
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toContain(`${path.basename(notBackup)} is not a Mutual backup`);
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('mutual import', () => {
  it('Day One folder with --people create: text in Note, the names become people', async () => {
    const dir = await emptyJournal();
    const result = await mutual(['import', '--from', 'dayone', path.join(fixtures, 'dayone'), '--people', 'create', '--vault', dir]);
    expect(result.code, result.stderr).toBe(0);
    // Sam and Ana Lucía; "work" is a tag and stays one.
    expect(result.stdout).toBe('Imported 2 entries from dayone; added 2 people to your people.\n');
    expect(result.stderr).toContain('Found 2 entries in');
    expect(result.stderr).toMatch(/Adding as new people: .*Sam/);
    const entries = await listOf(dir);
    const walk = entries.find((e) => e.date === '2024-03-02')!;
    expect(walk.people).toEqual(['Sam']);
    expect(walk.note).toContain('Walked with Sam by the river. She told me about her exam on Thursday.');
    expect(walk.given).toBe('');
    // Hostile markup stays inert text.
    expect(entries.find((e) => e.date === '2024-03-05')!.note).toContain('<script>');
  });

  it('Day One zip without a terminal: names of people already here are linked, the others left as text', async () => {
    const dir = await emptyJournal((db) => void upsertPerson(db, { name: 'Sam' }));
    const result = await mutual(['import', '--from', 'dayone', path.join(fixtures, 'dayone.zip'), '--vault', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Imported 2 entries from dayone.zip.\n');
    expect(result.stderr).toContain('Linking to people already in your journal: Sam.');
    expect(result.stderr).toMatch(/Left as plain text, not added as people: .*Ana Lucía.*--people create/);
    const entries = await listOf(dir);
    expect(entries.map((e) => e.people)).toEqual([[], ['Sam']]);
  });

  it('jrnl JSON and a Markdown folder', async () => {
    const dir = await emptyJournal();
    const jrnl = await mutual(['import', '--from', 'jrnl', path.join(fixtures, 'jrnl.json'), '--people', 'create', '--vault', dir]);
    expect(jrnl.code, jrnl.stderr).toBe(0);
    expect(jrnl.stdout).toBe('Imported 2 entries from jrnl.json; added 1 person to your people.\n');
    const md = await mutual(['import', '--from', 'markdown', path.join(fixtures, 'markdown'), '--people', 'create', '--vault', dir]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^Imported 2 entries from markdown; added \d people to your people\.\n$/);
    const entries = await listOf(dir);
    // "family" is a tag and stays one; Noor, named as @Noor elsewhere, is a person and her tag a mention.
    expect(entries.map((e) => `${e.date} ${e.people.join(',')}`)).toEqual(['2024-05-02 Dad,Noor', '2024-05-01 Noor', '2023-08-22 sam', '2023-08-21 ']);
  });

  it('Mutual JSON round-trips: export → import into a fresh journal → export again gives the same content', async () => {
    const first = fresh('first') + '.json';
    expect((await mutual(['export', '--format', 'json', '--out', first])).code).toBe(0);
    const dir = await emptyJournal();
    const result = await mutual(['import', '--from', 'json', first, '--vault', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`Imported 3 entries from ${path.basename(first)}; added 2 people to your people.\n`);
    const second = fresh('second') + '.json';
    expect((await mutual(['export', '--format', 'json', '--out', second, '--vault', dir])).code).toBe(0);
    const strip = (file: string) => ({ ...(JSON.parse(fs.readFileSync(file, 'utf8')) as object), exportedAt: null });
    expect(strip(second)).toEqual(strip(first));
    expect(await listOf(dir)).toEqual(await listOf(journal));
  });

  it('malformed input: exit 1 with one line naming the file and the entry or line; the journal is unchanged', async () => {
    const before = await listOf(journal);
    const cases: [string[], RegExp][] = [
      [['--from', 'dayone', path.join(fixtures, 'dayone-malformed.json')], /Could not import dayone-malformed\.json, entry 2: .*Nothing was imported/],
      [['--from', 'dayone', path.join(fixtures, 'dayone-truncated.json')], /dayone-truncated\.json: it is not valid JSON/],
      [['--from', 'markdown', path.join(fixtures, 'markdown-bad')], /2024-01-01\.md, line \d+: its front matter is not valid YAML/],
      [['--from', 'json', path.join(fixtures, 'jrnl.json')], /jrnl\.json: it is not a Mutual export/],
    ];
    for (const [args, message] of cases) {
      const result = await mutual(['import', ...args, '--people', 'create']);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('');
      expectOneLineError(result);
      expect(result.stderr).toMatch(message);
    }
    expect(await listOf(journal)).toEqual(before);
  });

  it('a path with nothing there fails before the passphrase is asked for', async () => {
    const result = await mutual(['import', '--from', 'dayone', fresh('missing')], { MUTUAL_PASSPHRASE: '' });
    expect(result.code).toBe(1);
    expectOneLineError(result);
    expect(result.stderr).toMatch(/There is nothing at .*missing-\d+ to import/);
  });

  it('Ctrl-C (SIGINT) part-way through stops the import: exit 130, the journal exactly as before', { timeout: 120_000 }, async () => {
    const big = fresh('big') + '.json';
    writeDayOneExport(big, { entries: 8_000 });
    const dir = await emptyJournal((db) => void createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ note: 'already here' }) }));
    const before = await listOf(dir);
    const child = startMutual(tmp, ['import', '--from', 'dayone', big, '--people', 'create', '--vault', dir], { MUTUAL_PASSPHRASE: PASS });
    // "Adding as new people" is written just before the import starts; the import is under way once
    // its transaction has written a good part of the write-ahead log.
    await child.stderrMatches(/Adding as new people/, 60_000);
    const wal = path.join(dir, 'journal.db-wal');
    await expect.poll(() => (fs.existsSync(wal) ? fs.statSync(wal).size : 0), { timeout: 60_000, interval: 20 }).toBeGreaterThan(2 * 1024 * 1024);
    child.signal('SIGINT');
    const result = await child.done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/\nmutual: The import was stopped; your journal is exactly as it was before\.\n$/);
    expect(await listOf(dir)).toEqual(before);
    const check = await mutual(['check', '--vault', dir]);
    expect(check.code, check.stderr).toBe(0);
  });
});
