/**
 * jrnl, from the file it keeps: its plain-text journal in several time formats, a folder journal
 * (YYYY/MM/DD.txt), lines it cannot date, and a time format given for an unusual config.
 * Fixtures: tests/fixtures/import/jrnl, jrnl-folder (written from jrnl's own parser and writer).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewImport, runImport } from '../../../electron/core/services/import';
import { byText, fixtures, importRoot, nodesOf, stored } from './helpers';

const { journal } = importRoot('jrnl');
const file = (name: string) => path.join(fixtures, 'jrnl', name);
/** The local clock of an entry's time of writing (its offset is the test machine's zone). */
const clock = (writtenAt: string | null) => writtenAt?.slice(0, 19);

describe('a jrnl journal file', () => {
  it('reads [YYYY-MM-DD HH:MM] entries: title and body, starred, @names offered as people, #tags as tags', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'jrnl', file('journal.txt'));
    expect(preview.entries).toBe(4);
    expect(preview.timeFormat).toBe('%Y-%m-%d %H:%M');
    expect(preview.firstDate).toBe('2024-03-01');
    expect(preview.lastDate).toBe('2024-03-03');
    expect(preview.candidates.filter((c) => c.as === 'name').map((c) => c.name)).toEqual(['Noor', 'Sam']);
    expect(preview.candidates.filter((c) => c.as === 'tag').map((c) => c.name).sort()).toEqual(['harbour', 'reading']);
    expect(preview.undated.count).toBe(0);
    await runImport(db, 'jrnl', file('journal.txt'), { Noor: 'create', Sam: 'create' });
    const entries = stored(db);
    const breakfast = byText(entries, 'Breakfast with');
    expect(clock(breakfast.writtenAt)).toBe('2024-03-01T08:15:00');
    expect(breakfast.note).toBe('Breakfast with Noor. She told me about the new job.\nWe talked until the coffee went cold.\nThen a walk to the #harbour.');
    expect(nodesOf(breakfast.noteBlocks, 'mention')).toHaveLength(1);
    expect(nodesOf(breakfast.noteBlocks, 'tag').map((t) => t.attrs?.label)).toEqual(['harbour']);
    const quiet = byText(entries, 'Quiet evening');
    expect(quiet.note).toBe('Quiet evening\nRead on the balcony. #reading\n#starred');
    expect(byText(entries, 'Short one').note).toBe('Short one.');
    const lunch = byText(entries, 'Lunch with');
    expect(lunch.noteBlocks.filter((b) => b.type === 'paragraph')).toHaveLength(3);
  });

  it('a jrnl @tag left out as a person stays a tag', async () => {
    const db = await journal();
    await runImport(db, 'jrnl', file('journal.txt'), {});
    expect(nodesOf(byText(stored(db), 'Breakfast with').noteBlocks, 'tag').map((t) => t.attrs?.label)).toEqual(['Noor', 'harbour']);
  });

  it('reads 12-hour times with seconds', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'jrnl', file('twelve-hour.txt'));
    expect(preview.timeFormat).toBe('%Y-%m-%d %I:%M:%S %p');
    await runImport(db, 'jrnl', file('twelve-hour.txt'), {});
    const entries = stored(db);
    expect(clock(byText(entries, 'Late train').writtenAt)).toBe('2024-02-10T21:05:12');
    expect(byText(entries, 'Could not sleep').date).toBe('2024-02-11');
    expect(clock(byText(entries, 'Could not sleep').writtenAt)).toBe('2024-02-11T00:30:00');
    expect(clock(byText(entries, 'Lunch in the park').writtenAt)).toBe('2024-02-11T12:45:59');
  });

  it('reads day-first dates', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'jrnl', file('day-first.txt'));
    expect(preview.timeFormat).toBe('%d.%m.%Y %H:%M');
    await runImport(db, 'jrnl', file('day-first.txt'), {});
    expect(stored(db).map((e) => e.date)).toEqual(['2024-04-03', '2024-04-13']);
  });

  it('lists lines it cannot date with their numbers and imports nothing unless they are confirmed', async () => {
    const db = await journal();
    const preview = await previewImport(db, 'jrnl', file('undated.txt'));
    expect(preview.undated.count).toBe(2);
    expect(preview.undated.lines.map((l) => [l.where, l.line])).toEqual([
      ['undated.txt', 3],
      ['undated.txt', 5],
    ]);
    await expect(runImport(db, 'jrnl', file('undated.txt'), {})).rejects.toThrow(/2 lines of undated\.txt could not be dated \(line 3: .*Nothing was imported/);
    expect(stored(db)).toHaveLength(0);
    expect(await runImport(db, 'jrnl', file('undated.txt'), {}, {}, { keepUndated: true })).toMatchObject({ entries: 2 });
    const first = byText(stored(db), 'First of May');
    expect(first.note).toContain('[2024-13-45 25:99] A line that looks like an entry but cannot be dated');
    expect(first.note).toContain('[citation needed] is only text');
  });

  it('a time format for an unusual config dates what the common ones cannot', async () => {
    const db = await journal();
    const without = await previewImport(db, 'jrnl', file('unusual.txt'));
    expect(without.entries).toBe(0);
    expect(without.undated.count).toBe(2);
    const format = '%A %d %B %Y at %H.%M';
    const preview = await previewImport(db, 'jrnl', file('unusual.txt'), {}, { timeFormat: format });
    expect(preview).toMatchObject({ entries: 2, timeFormat: format, undated: { count: 0 } });
    await runImport(db, 'jrnl', file('unusual.txt'), {}, {}, { timeFormat: format });
    expect(stored(db).map((e) => clock(e.writtenAt))).toEqual(['2024-05-03T18:30:00', '2024-05-04T09:15:00']);
    await expect(previewImport(db, 'jrnl', file('unusual.txt'), {}, { timeFormat: '%Q' })).rejects.toThrow(/uses %Q, which Mutual cannot read/);
  });
});

describe('a jrnl folder journal', () => {
  it('reads YYYY/MM/DD.txt files and passes over other files, saying so', async () => {
    const db = await journal();
    const source = path.join(fixtures, 'jrnl-folder');
    const preview = await previewImport(db, 'jrnl', source);
    expect(preview.entries).toBe(3);
    expect(preview.findings.find((f) => f.key === 'notJrnlDay')).toMatchObject({ count: 1, where: ['notes.txt'] });
    await runImport(db, 'jrnl', source, { Noor: 'create' });
    const entries = stored(db);
    expect(entries.map((e) => e.date)).toEqual(['2024-03-01', '2024-03-01', '2024-04-02']);
    expect(byText(entries, 'Night note').note).toContain('#starred');
    expect(byText(entries, 'Folder journal day one').note).toBe('Folder journal day one with Noor\nFirst line of the body.');
  });
});
