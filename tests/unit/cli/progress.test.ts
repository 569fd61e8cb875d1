/**
 * The terminal side of export and import, in-process: the progress bar (counts, redrawn in place,
 * only on a terminal), the questions about names that look like people, Ctrl-C, and usage errors.
 * ownership.test.ts runs the same commands as real processes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../../electron/cli/progress';
import { run } from '../../../electron/cli/run';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/core/services/export';
import { listPeople, upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import type { FakeIo, FakeIoOptions } from './support';
import { createJournal, fakeIo as makeFakeIo, root } from './support';

const PASS = 'progress bars and questions';
const fixtures = path.join(root, 'tests', 'fixtures', 'import');
const ENTRIES = 3_000;

let tmp: string;
let big: string;
let folders = 0;

function fresh(name: string): string {
  return path.join(tmp, `${name}-${folders++}`);
}

function fakeIo(options: Omit<FakeIoOptions, 'home'> = {}): FakeIo {
  return makeFakeIo({ home: tmp, ...options, env: { MUTUAL_PASSPHRASE: PASS, ...options.env } });
}

async function journalWith(fill?: Parameters<typeof createJournal>[2]): Promise<string> {
  const dir = fresh('journal');
  await createJournal(dir, PASS, fill);
  return dir;
}

async function contents(dir: string): Promise<{ entries: unknown[]; people: unknown[] }> {
  const vault = await Vault.unlock(dir, PASS);
  try {
    return { entries: listEntryTexts(vault.db), people: listPeople(vault.db, { includeArchived: true }) };
  } finally {
    vault.lock();
  }
}

/**
 * Answers each question about a name by the name it asks about: `answers` maps a name to what is
 * typed each time it is asked (Enter once the list runs out). `asked` counts the questions.
 */
function answering(answers: Record<string, string[]>, asked: Record<string, number> = {}): FakeIoOptions['onStderr'] {
  return (chunk, io) => {
    const name = /^“(.+?)” \(/.exec(chunk)?.[1];
    if (name === undefined || !chunk.endsWith(': ')) return;
    asked[name] = (asked[name] ?? 0) + 1;
    const typed = answers[name]?.shift() ?? '';
    setImmediate(() => io.stdin.write(`${typed}\n`));
  };
}

/** Answers the one question about tags (which of them are people) with `typed`. */
function answeringTags(names: FakeIoOptions['onStderr'], typed: string): FakeIoOptions['onStderr'] {
  return (chunk, io) => {
    if (chunk.startsWith('Type any of them that are people')) setImmediate(() => io.stdin.write(`${typed}\n`));
    else names?.(chunk, io);
  };
}

/** Entries done and the total in the last progress bar drawn in `chunk`, if any. */
function counts(chunk: string): { done: number; total: number } | null {
  const m = /Importing ([\d,]+) of ([\d,]+)/.exec(chunk);
  return m ? { done: Number(m[1]!.replace(/,/g, '')), total: Number(m[2]!.replace(/,/g, '')) } : null;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-progress-'));
  // Enough entries for several progress ticks (the import reports every 200).
  big = path.join(tmp, 'Journal.json');
  const entries = Array.from({ length: ENTRIES }, (_, i) => ({
    creationDate: new Date(Date.UTC(2020, 0, 1 + i, 9)).toISOString(),
    text: `Day ${i}: a walk with @Sam and a long talk about the week.`,
    tags: i % 3 === 0 ? ['Noor'] : [],
  }));
  fs.writeFileSync(big, JSON.stringify({ metadata: { version: '1.0' }, entries }));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the progress bar', () => {
  it('shows counts and a bar that fits the terminal', () => {
    expect(progressLine('Importing', 1_200, 5_000, 80)).toBe('Importing 1,200 of 5,000 entries…  [███████░░░░░░░░░░░░░░░░░░░░░░░]  24%');
    expect(progressLine('Reading', 12_000, null)).toBe('Reading 12,000 entries…');
    expect(progressLine('Exporting', 1, 1, 80)).toMatch(/^Exporting 1 of 1 entry… {2}\[█+\] 100%$/);
    // Too narrow for a bar: the counts alone.
    expect(progressLine('Importing', 1_200, 5_000, 40)).toBe('Importing 1,200 of 5,000 entries…');
  });

  it('on a terminal, import redraws one line in place and clears it before the summary', async () => {
    const dir = await journalWith();
    const io = fakeIo({ stderrTTY: true });
    expect(await run(['import', '--from', 'dayone', big, '--people', 'create', '--vault', dir], io)).toBe(0);
    expect(io.stdout.text).toBe(`Imported 3,000 entries from Journal.json; added 1 person to your people.\n`);
    const drawn = io.stderr.text.split('\r\u001b[2K').filter(Boolean);
    expect(drawn).toContain('Importing 0 of 3,000 entries…  [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░]   0%');
    expect(drawn.some((line) => /^Importing [1-9][\d,]* of 3,000 entries… {2}\[█+░*\] +\d+%$/.test(line))).toBe(true);
    expect(io.stderr.text.endsWith('\r\u001b[2K')).toBe(true);
    expect(io.stderr.text).not.toMatch(/[\n]Importing/);
  });

  it('without a terminal, nothing is drawn: only the plain lines', async () => {
    const dir = await journalWith();
    const io = fakeIo();
    expect(await run(['import', '--from', 'dayone', big, '--people', 'create', '--vault', dir], io)).toBe(0);
    // Noor is only a tag here: it stays one. The entries have no time zone: they are dated in UTC.
    expect(io.stderr.text).toBe(
      `Found 3,000 entries in ${big}, from 2020-01-01 to 2028-03-18.\nTags: Noor (1,000).\n` +
        'Time zones: 3,000 entries have none that can be used and are dated in UTC (Journal.json, entry 1; Journal.json, entry 2; Journal.json, entry 3; Journal.json, entry 4; Journal.json, entry 5; …).\n' +
        'Adding as new people: Sam.\n',
    );
    expect(io.stdout.text).toBe('Imported 3,000 entries from Journal.json; added 1 person to your people.\n');
  });

  it('export draws its bar on a terminal too, after the warning', async () => {
    const dir = await journalWith((db) => {
      for (let i = 0; i < 3; i++) createEntry(db, { date: `2026-01-0${i + 1}`, doc: docFromPlainText({ note: `day ${i}` }) });
    });
    const io = fakeIo({ stderrTTY: true });
    const out = fresh('export');
    expect(await run(['export', '--format', 'markdown', '--out', out, '--vault', dir], io)).toBe(0);
    // A status line until the export job reports counts (at most ten times a second, and at the end).
    expect(io.stderr.text.startsWith(`${EXPORT_NOT_ENCRYPTED_WARNING}\n\r\u001b[2KExporting your journal…`)).toBe(true);
    expect(io.stderr.text).toContain('\r\u001b[2KExporting 3 of 3 entries…');
    expect(io.stderr.text.endsWith('\r\u001b[2K')).toBe(true);
    expect(io.stdout.text).toBe(`Exported 3 entries and 0 people to the folder ${out}.\n`);
  });
});

describe('names that look like people', () => {
  it('on a terminal each name is asked about: match, create or skip', async () => {
    const dir = await journalWith((db) => void upsertPerson(db, { name: 'Sam', kind: 'friend' }));
    const asked: Record<string, number> = {};
    // Sam: Enter takes the default (match). Ana Lucía: an answer that is none of the choices is
    // asked again, then c creates her. The tag "work" is not asked about one by one: Enter in the
    // one question about tags keeps it a tag.
    const io = fakeIo({ answers: [], onStderr: answeringTags(answering({ Sam: [''], 'Ana Lucía': ['nonsense', 'c'] }, asked), '') });
    expect(await run(['import', '--from', 'dayone', path.join(fixtures, 'dayone'), '--vault', dir], io)).toBe(0);
    expect(io.stderr.text).toContain('2 names look like people.');
    expect(io.stderr.text).toContain('“Sam” (1 entry) is Sam among your people. [m]atch to them, [c]reate a new person, [s]kip (m): ');
    expect(io.stderr.text).toContain('“Ana Lucía” (1 entry): [c]reate as a person, [s]kip (s): ');
    expect(io.stderr.text).toContain('1 tag stays a tag: work.\nType any of them that are people, separated by commas (Enter: none): ');
    expect(asked).toEqual({ Sam: 1, 'Ana Lucía': 2 });
    expect(io.stdout.text).toBe('Imported 2 entries from dayone; added 1 person to your people.\n');
    const { entries, people } = await contents(dir);
    expect((people as { name: string }[]).map((p) => p.name).sort()).toEqual(['Ana Lucía', 'Sam']);
    expect((entries as { people: string[] }[]).map((e) => e.people)).toEqual([['Ana Lucía'], ['Sam']]);
  });

  it('--people ask without a terminal is a usage error', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: fresh('untouched') } });
    expect(await run(['import', '--from', 'dayone', big, '--people', 'ask'], io)).toBe(2);
    expect(io.stderr.text).toMatch(/^mutual: --people ask needs a terminal/);
  });
});

describe('hostile input', () => {
  it('an escape sequence in a malformed file never reaches the terminal', async () => {
    const dir = await journalWith();
    const file = fresh('hostile') + '.json';
    fs.writeFileSync(file, JSON.stringify({ entries: [{ creationDate: '\u001b]0;owned\u0007\u001b[2J', text: 'x' }] }));
    const io = fakeIo({ stderrTTY: true });
    expect(await run(['import', '--from', 'dayone', file, '--vault', dir], io)).toBe(1);
    expect(io.stderr.text).toMatch(/^mutual: Could not import hostile-\d+\.json, entry 1: “\]0;owned\[2J” is not a date\./m);
    // Only the progress bar's own "clear the line" may write an escape (there was none to draw here).
    expect([...io.stderr.text].filter((ch) => ch !== '\n' && ch.charCodeAt(0) < 0x20)).toEqual([]);
  });
});

describe('Ctrl-C', () => {
  it('during the import: exit 130, and the journal is exactly as before', async () => {
    const dir = await journalWith((db) => {
      const sam = upsertPerson(db, { name: 'Sam' });
      createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ given: 'Soup for Sam' }, [sam]) });
    });
    const before = await contents(dir);
    let pressed = false;
    const io = fakeIo({
      stderrTTY: true,
      onStderr: (chunk, self) => {
        // Pressed once the import has written some entries, well before the last.
        const c = counts(chunk);
        if (!pressed && c && c.done > 0 && c.done < c.total) pressed = self.interrupt();
      },
    });
    expect(await run(['import', '--from', 'dayone', big, '--people', 'create', '--vault', dir], io)).toBe(130);
    expect(pressed).toBe(true);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toContain('Stopping; your journal will be left exactly as it was…');
    expect(io.stderr.text.endsWith('\r\u001b[2Kmutual: The import was stopped; your journal is exactly as it was before.\n')).toBe(true);
    expect(await contents(dir)).toEqual(before);
  });

  it('while a name is being asked about: nothing is imported', async () => {
    const dir = await journalWith();
    const io = fakeIo({ answers: [], onStderr: (chunk, self) => void (chunk.endsWith(': ') && !chunk.startsWith('Passphrase') && self.interrupt()) });
    expect(await run(['import', '--from', 'dayone', path.join(fixtures, 'dayone'), '--vault', dir], io)).toBe(130);
    expect(io.stderr.text).toMatch(/mutual: The import was stopped; your journal is exactly as it was before\.\n$/);
    expect(await contents(dir)).toEqual({ entries: [], people: [] });
  });

  it('during an export: exit 130 and nothing is written', async () => {
    const dir = await journalWith((db) => void createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ note: 'one' }) }));
    const out = fresh('export');
    // Pressed on the next turn after the status line: export.run has started the job by then, and
    // the job's first step has not run yet (it starts on a later turn), so it is the job that stops.
    const io = fakeIo({ stderrTTY: true, onStderr: (chunk, self) => void (chunk.includes('Exporting your journal') && setImmediate(() => self.interrupt())) });
    expect(await run(['export', '--format', 'json', '--out', `${out}/all.json`, '--vault', dir], io)).toBe(130);
    expect(io.stderr.text).toContain('Stopping; nothing will be left behind…');
    expect(io.stderr.text).toMatch(/mutual: The export was stopped; nothing was written\.\n$/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('usage errors exit 2 and touch nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['export without --format', ['export', '--out', 'x.json'], /needs --format markdown or --format json/],
    ['export with an unknown format', ['export', '--format', 'pdf', '--out', 'x'], /--format pdf: choose markdown/],
    ['export without --out', ['export', '--format', 'json'], /needs --out FILE/],
    ['export with --from after --to', ['export', '--format', 'json', '--out', 'x.json', '--from', '2026-02-01', '--to', '2026-01-01'], /--from 2026-02-01 is after --to 2026-01-01/],
    ['export with a date that is not one', ['export', '--format', 'json', '--out', 'x.json', '--from', '2026-02-30'], /--from 2026-02-30: that is not a real date/],
    ['import without --from', ['import', 'Journal.json'], /needs --from and the kind of export: one of dayone, jrnl, markdown, json/],
    ['import from an unknown kind', ['import', '--from', 'evernote', 'x'], /--from evernote: choose one of dayone, jrnl, markdown, json/],
    ['import without a path', ['import', '--from', 'dayone'], /needs the file or folder to import/],
    ['import with an unknown --people', ['import', '--from', 'dayone', '--people', 'maybe', 'x'], /--people maybe: choose ask, create or ignore/],
    ['restore without a file', ['restore'], /needs the backup file to restore/],
    ['backup with an empty --out', ['backup', '--out', ' '], /--out needs a file name/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const vault = fresh('untouched');
      const cwd = fresh('cwd');
      fs.mkdirSync(cwd);
      const io = fakeIo({ env: { MUTUAL_VAULT: vault }, cwd });
      expect(await run(argv, io)).toBe(2);
      expect(io.stdout.text).toBe('');
      expect(io.stderr.text.trimEnd().split('\n')).toHaveLength(1);
      expect(io.stderr.text).toMatch(message);
      expect(fs.existsSync(vault)).toBe(false);
      expect(fs.readdirSync(cwd)).toEqual([]);
    });
  }

  it('backup refuses to overwrite a file (exit 1), and --out FOLDER names the backup by the time', async () => {
    const dir = await journalWith();
    const taken = fresh('taken');
    fs.writeFileSync(taken, 'mine');
    const io = fakeIo();
    expect(await run(['backup', '--out', taken, '--vault', dir], io)).toBe(1);
    expect(io.stderr.text).toBe(`mutual: ${taken} already exists; Mutual will not overwrite it. Choose a new name for --out.\n`);
    expect(fs.readFileSync(taken, 'utf8')).toBe('mine');
    const folder = fresh('backups');
    fs.mkdirSync(folder);
    const ok = fakeIo();
    expect(await run(['backup', '--out', folder, '--vault', dir], ok)).toBe(0);
    expect(fs.readdirSync(folder)).toEqual([expect.stringMatching(/^mutual-\d{4}-\d\d-\d\dT[\d-]+Z\.mutualbackup$/)]);
  });

  it('each new command has its own help', async () => {
    const io = fakeIo();
    expect(await run(['import', '--help'], io)).toBe(0);
    expect(io.stdout.text).toContain('mutual import  [--vault DIR] --from dayone|jrnl|markdown|json [--people ask|create|ignore] [--time-format F] [--skip-duplicates] [--keep-undated] PATH');
    expect(io.stdout.text).toContain('--people create');
    expect(io.stdout.text).toContain('130 stopped with Ctrl-C');
  });
});
