/**
 * `mutual import` says what will happen before it writes: the preview's lines, jrnl's
 * --time-format, and the refusal of lines it cannot date unless they are confirmed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../electron/cli/run';
import { listEntryTexts } from '../../../electron/core/services/entries';
import { Vault } from '../../../electron/core/vault/vault';
import type { FakeIoOptions } from '../cli/support';
import { createJournal, fakeIo } from '../cli/support';
import { fixtures } from './helpers';

const PASS = 'the import says what it will do';
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-import-cli-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
let n = 0;

async function journal(): Promise<string> {
  const dir = path.join(home, `journal-${n++}`);
  await createJournal(dir, PASS);
  return dir;
}

const io = (options: Partial<FakeIoOptions> = {}) => fakeIo({ home, env: { MUTUAL_PASSPHRASE: PASS }, ...options });

async function entries(dir: string) {
  const vault = await Vault.unlock(dir, PASS);
  try {
    return listEntryTexts(vault.db);
  } finally {
    vault.lock();
  }
}

describe('mutual import, before it writes', () => {
  it('lists dates, tags, photos, time-zone fallbacks and what is changed or left out, with where', async () => {
    const dir = await journal();
    const out = io();
    const source = path.join(fixtures, 'dayone-zones');
    expect(await run(['import', '--from', 'dayone', source, '--vault', dir], out)).toBe(0);
    const lines = out.stderr.text.split('\n');
    expect(lines[0]).toBe(`Found 8 entries in ${source}, from 2004-10-12 to 2024-05-06.`);
    expect(out.stderr.text).toContain('Tags: Green Island (1), Sam (1), starred (1), travel plans (1), 绿岛 (1).');
    expect(out.stderr.text).toContain('Photos: 2 in the export, brought in with their entries; 1 missing from it, marked in its entry instead.');
    expect(out.stderr.text).toContain('Time zones: 2 entries have none that can be used and are dated in UTC (Journal.json, entry 6; Journal.json, entry 7).');
    expect(out.stderr.text).toContain('Left out: Empty entries (no text, photo or tag) are skipped: 1 (Journal.json, entry 8).');
    expect(out.stderr.text).toContain('Left out: Location, weather and other Day One details are not imported: 1 (Journal.json, entry 1).');
    expect(out.stderr.text).toContain('Changed: Links to Day One entries that are not in this export are kept as text: 1 (dayone-zones).');
    expect(out.stderr.text).toContain('Left as plain text, not added as people: Ana Lucía, Noor, Sam.');
    // The fixture's photo file is four bytes, not a photo: it stays a placeholder, said with its name and why.
    expect(out.stdout.text).toBe('Imported 8 entries from dayone-zones; left out 1 empty entry and 1 photo that could not be read (marked in the text where it was: 0e2d16db35b89f9880ee5b3441659d54.jpeg: not a photo Mutual can read, or damaged).\n');

    const again = io();
    expect(await run(['import', '--from', 'dayone', source, '--skip-duplicates', '--vault', dir], again)).toBe(0);
    expect(again.stderr.text).toContain('Already in your journal: 8 entries have the same date and words as one there (Journal.json, entry 1; Journal.json, entry 2; Journal.json, entry 3; Journal.json, entry 4; Journal.json, entry 5; …); they are left out (--skip-duplicates).');
    expect(again.stdout.text).toBe('Imported 0 entries from dayone-zones; left out 8 entries already in your journal and 1 empty entry.\n');
  });

  it('refuses lines it cannot date, naming them, unless they are confirmed', async () => {
    const dir = await journal();
    const file = path.join(fixtures, 'jrnl', 'undated.txt');
    const refused = io();
    expect(await run(['import', '--from', 'jrnl', file, '--vault', dir], refused)).toBe(1);
    expect(refused.stderr.text).toContain('2 lines could not be dated:\n  undated.txt, line 3: [2024-13-45 25:99] A line that looks like an entry but cannot be dated\n  undated.txt, line 5: [yesterday at 9] also undated\n');
    expect(refused.stderr.text).toMatch(/mutual: Nothing was imported: 2 lines could not be dated\. Give your jrnl's time format with --time-format, or run again with --keep-undated/);
    expect(await entries(dir)).toEqual([]);

    const saidNo = io({ answers: ['n'] });
    expect(await run(['import', '--from', 'jrnl', file, '--vault', dir], saidNo)).toBe(1);
    expect(saidNo.stderr.text).toContain('Import anyway, keeping them as text of the entry above? [y/N]: ');
    expect(await entries(dir)).toEqual([]);

    const kept = io();
    expect(await run(['import', '--from', 'jrnl', file, '--keep-undated', '--vault', dir], kept)).toBe(0);
    expect(kept.stderr.text).toContain('They stay text of the entry above them (--keep-undated).');
    expect(kept.stdout.text).toBe('Imported 2 entries from undated.txt.\n');
  });

  it('--time-format dates a journal written in an unusual format', async () => {
    const dir = await journal();
    const file = path.join(fixtures, 'jrnl', 'unusual.txt');
    const without = io();
    expect(await run(['import', '--from', 'jrnl', file, '--vault', dir], without)).toBe(1);
    expect(without.stderr.text).toMatch(/No entries were found in .*unusual\.txt.* Give its time format with --time-format\./);
    const out = io();
    expect(await run(['import', '--from', 'jrnl', file, '--time-format', '%A %d %B %Y at %H.%M', '--people', 'create', '--vault', dir], out)).toBe(0);
    expect(out.stderr.text).toContain('Dates read with the time format %A %d %B %Y at %H.%M.');
    expect(out.stdout.text).toBe('Imported 2 entries from unusual.txt.\n');
    expect((await entries(dir)).map((e) => e.date)).toEqual(['2024-05-04', '2024-05-03']);
    const wrong = io();
    expect(await run(['import', '--from', 'dayone', file, '--time-format', '%Y', '--vault', dir], wrong)).toBe(2);
    expect(wrong.stderr.text).toMatch(/--time-format is for jrnl journals only/);
    const bad = io();
    expect(await run(['import', '--from', 'jrnl', file, '--time-format', '%Q %Y', '--vault', dir], bad)).toBe(1);
    expect(bad.stderr.text).toMatch(/uses %Q, which Mutual cannot read/);
  });
});
