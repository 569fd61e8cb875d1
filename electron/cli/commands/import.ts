import fs from 'node:fs';
import path from 'node:path';
import type { ImportCandidate, ImportPreview, ImportSummary, PeopleDecisions } from '../../core/services/import';
import type { ImportChoices } from '../../shared/importPreview';
import { photosLine } from '../../shared/importPreview';
import type { ImportFormatName as ImportFormat, JobStatus } from '../../shared/contract';
import { importFormats } from '../../shared/contract';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { Interrupted, UsageError } from '../errors';
import { clean } from '../format';
import type { InterruptWatch, Io, LineReader } from '../io';
import { lineReader, watchInterrupt } from '../io';
import type { Journal } from '../journal';
import { jobFailure, withUnlocked } from '../journal';
import type { ProgressBar } from '../progress';
import { formatCount, progressBar } from '../progress';
import { resolveVaultDir } from '../vaultDir';

const options = {
  from: { type: 'string' },
  people: { type: 'string' },
  'time-format': { type: 'string' },
  'skip-duplicates': { type: 'boolean' },
  'keep-undated': { type: 'boolean' },
} as const;

/** What happens to names that look like people (see the command's help). */
export const peopleModes = ['ask', 'create', 'ignore'] as const;
export type PeopleMode = (typeof peopleModes)[number];

const formatNames: Record<ImportFormat, string> = {
  dayone: 'Day One export (its JSON file, the folder holding it, or its .zip)',
  jrnl: 'jrnl journal (its journal file, a folder journal, or its JSON export)',
  markdown: 'folder of Markdown files (or one file)',
  json: 'Mutual JSON export',
};

const STOPPED = 'The import was stopped; your journal is exactly as it was before.';
/** Longest list of names printed in one line before "and N more". */
const LIST_NAMES = 8;

function checkFormat(value: string | undefined): ImportFormat {
  const list = importFormats.join(', ');
  if (value === undefined) throw new UsageError(`“mutual import” needs --from and the kind of export: one of ${list}.`);
  const format = value.trim().toLowerCase();
  if (!(importFormats as readonly string[]).includes(format)) throw new UsageError(`--from ${value}: choose one of ${list}.`);
  return format as ImportFormat;
}

function checkMode(io: Io, value: string | undefined): PeopleMode {
  if (value === undefined) return io.stdin.isTTY ? 'ask' : 'ignore';
  const mode = value.trim().toLowerCase();
  if (!(peopleModes as readonly string[]).includes(mode)) throw new UsageError(`--people ${value}: choose ask, create or ignore.`);
  if (mode === 'ask' && !io.stdin.isTTY) throw new UsageError('--people ask needs a terminal to ask on; use --people create or --people ignore.');
  return mode as PeopleMode;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function nameList(names: string[]): string {
  const shown = names.slice(0, LIST_NAMES).map((n) => clean(n));
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${formatCount(more)} more` : shown.join(', ');
}

const offered = (c: ImportCandidate) => c.as !== 'tag';

/**
 * Without asking: a name of someone already among your people is linked to them; the other names
 * are created (create) or left as they were written (ignore). Tags stay tags: a tag is not taken
 * for a person unless the person says so (on a terminal, when asked).
 */
export function decideWithoutAsking(candidates: ImportCandidate[], mode: Exclude<PeopleMode, 'ask'>): PeopleDecisions {
  return Object.fromEntries(candidates.filter(offered).map((c) => [c.name, c.match ? { personId: c.match.id } : mode === 'create' ? 'create' : 'ignore']));
}

type Answer = 'match' | 'create' | 'skip';

/** What is on the terminal at the moment, so that Ctrl-C can stop it in the right way. */
interface Shown {
  reader: LineReader | null;
  bar: ProgressBar | null;
}

async function askOne(reader: LineReader, c: ImportCandidate): Promise<Answer> {
  const name = clean(c.name);
  const where = `“${name}” (${plural(c.count, 'entry', 'entries')})`;
  const question = c.match
    ? `${where} is ${clean(c.match.name)} among your people. [m]atch to them, [c]reate a new person, [s]kip (m): `
    : `${where}: [c]reate as a person, [s]kip (s): `;
  for (;;) {
    const answer = (await reader.ask(question)).trim().toLowerCase();
    if (answer === '') return c.match ? 'match' : 'skip';
    if ((answer === 'm' || answer === 'match') && c.match) return 'match';
    if (answer === 'c' || answer === 'create') return 'create';
    if (answer === 's' || answer === 'skip') return 'skip';
  }
}

/**
 * On a terminal: one question per name that looks like a person, nothing decided for the person;
 * then one question for all the tags, which stay tags unless named as people there.
 */
async function decideByAsking(io: Io, candidates: ImportCandidate[], state: Shown): Promise<PeopleDecisions> {
  const names = candidates.filter(offered);
  const tags = candidates.filter((c) => !offered(c));
  const reader = lineReader(io);
  state.reader = reader;
  const decisions: PeopleDecisions = {};
  try {
    if (names.length) io.stderr.write(`${plural(names.length, 'name looks', 'names look')} like people. For each, say what to do (Enter takes the choice in brackets):\n`);
    for (const c of names) {
      const answer = await askOne(reader, c);
      decisions[c.name] = answer === 'match' ? { personId: c.match!.id } : answer === 'create' ? 'create' : 'ignore';
    }
    if (tags.length) {
      io.stderr.write(`${plural(tags.length, 'tag stays a tag', 'tags stay tags')}: ${nameList(tags.map((t) => t.name))}.\n`);
      for (;;) {
        const answer = (await reader.ask('Type any of them that are people, separated by commas (Enter: none): ')).trim();
        const chosen = answer ? answer.split(',').map((n) => n.trim().replace(/^#/, '')).filter(Boolean) : [];
        const unknown = chosen.filter((n) => !tags.some((t) => t.name.toLocaleLowerCase() === n.toLocaleLowerCase()));
        if (unknown.length) {
          io.stderr.write(`Not among the tags: ${nameList(unknown)}.\n`);
          continue;
        }
        for (const n of chosen) {
          const tag = tags.find((t) => t.name.toLocaleLowerCase() === n.toLocaleLowerCase())!;
          decisions[tag.name] = tag.match ? { personId: tag.match.id } : 'create';
        }
        break;
      }
    }
  } finally {
    state.reader = null;
    reader.close();
  }
  return decisions;
}

function places(where: string[], count: number): string {
  const shown = where.map((w) => clean(w)).join('; ');
  return count > where.length ? `${shown}; …` : shown;
}

/**
 * What the preview found, as the lines printed before anything is written: dates, tags, photos,
 * time zones, entries that look already imported, jrnl's time format, and each thing changed or
 * left out with where.
 */
export function previewLines(preview: ImportPreview, source: string, choices: ImportChoices = {}): string[] {
  const lines: string[] = [];
  const range = preview.firstDate && preview.lastDate ? (preview.firstDate === preview.lastDate ? `, on ${preview.firstDate}` : `, from ${preview.firstDate} to ${preview.lastDate}`) : '';
  lines.push(`Found ${plural(preview.entries, 'entry', 'entries')} in ${clean(source)}${range}.`);
  if (preview.timeFormat) lines.push(`Dates read with the time format ${clean(preview.timeFormat)}.`);
  if (preview.tags.length) lines.push(`Tags: ${nameList(preview.tags.map((t) => `${t.name} (${formatCount(t.count)})`))}.`);
  if (preview.people.length) {
    const added = preview.people.filter((p) => !p.present);
    lines.push(`People in the export: ${formatCount(preview.people.length)}${added.length ? `, of whom ${formatCount(added.length)} will be added (${nameList(added.map((p) => p.name))})` : ', all already in your journal'}.`);
  }
  const { found, missing } = preview.photos;
  if (found + missing > 0) lines.push(photosLine({ found, missing }));
  const zones = preview.zoneFallbacks;
  if (zones.count) lines.push(`Time zones: ${plural(zones.count, 'entry has', 'entries have')} none that can be used and ${zones.count === 1 ? 'is' : 'are'} dated in UTC (${places(zones.where, zones.count)}).`);
  const dup = preview.duplicates;
  if (dup.count) {
    const then = choices.skipDuplicates ? 'they are left out (--skip-duplicates).' : 'they are imported again unless you run with --skip-duplicates.';
    lines.push(`Already in your journal: ${plural(dup.count, 'entry has', 'entries have')} the same date and words as one there (${places(dup.where, dup.count)}); ${then}`);
  }
  for (const f of preview.findings) {
    const detail = f.detail?.length ? ` [${f.detail.map((d) => clean(d)).join(', ')}]` : '';
    lines.push(`${f.dropped ? 'Left out' : 'Changed'}: ${clean(f.what)}: ${formatCount(f.count)} (${places(f.where, f.count)})${detail}.`);
  }
  return lines;
}

function undatedLines(preview: ImportPreview): string[] {
  const { count, lines } = preview.undated;
  const out = [`${plural(count, 'line', 'lines')} could not be dated:`];
  for (const l of lines) out.push(`  ${clean(l.where)}, line ${formatCount(l.line)}: ${clean(l.text)}`);
  if (count > lines.length) out.push(`  and ${formatCount(count - lines.length)} more`);
  return out;
}

/** Lines that cannot be dated: imported only when the person confirms (--keep-undated, or yes on a terminal). */
async function confirmUndated(io: Io, preview: ImportPreview, keep: boolean, state: Shown): Promise<void> {
  if (preview.undated.count === 0) return;
  io.stderr.write(`${undatedLines(preview).join('\n')}\n`);
  if (keep) {
    io.stderr.write('They stay text of the entry above them (--keep-undated).\n');
    return;
  }
  const refuse = () =>
    new MutualError('BAD_INPUT', `Nothing was imported: ${plural(preview.undated.count, 'line', 'lines')} could not be dated. Give your jrnl's time format with --time-format, or run again with --keep-undated to keep ${preview.undated.count === 1 ? 'it' : 'them'} as text of the entry above.`);
  if (!io.stdin.isTTY) throw refuse();
  const reader = lineReader(io);
  state.reader = reader;
  try {
    for (;;) {
      const answer = (await reader.ask('Import anyway, keeping them as text of the entry above? [y/N]: ')).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return;
      if (answer === '' || answer === 'n' || answer === 'no') throw refuse();
    }
  } finally {
    state.reader = null;
    reader.close();
  }
}

/** Says, before the import starts, what will become of the names nobody was asked about. */
function reportDecisions(io: Io, candidates: ImportCandidate[], mode: Exclude<PeopleMode, 'ask'>): void {
  const names = candidates.filter(offered);
  const matched = names.filter((c) => c.match).map((c) => c.match!.name);
  const others = names.filter((c) => !c.match).map((c) => c.name);
  if (matched.length) io.stderr.write(`Linking to people already in your journal: ${nameList(matched)}.\n`);
  if (others.length && mode === 'create') io.stderr.write(`Adding as new people: ${nameList(others)}.\n`);
  if (others.length && mode === 'ignore') io.stderr.write(`Left as plain text, not added as people: ${nameList(others)}. Run with --people create to add them.\n`);
}

function checkNotInterrupted(stop: InterruptWatch): void {
  if (stop.requested()) throw new Interrupted(STOPPED);
}

/** A job's outcome: its result when done; Ctrl-C or its failure thrown. */
function resultOf<T>(stop: InterruptWatch, status: JobStatus): T {
  checkNotInterrupted(stop);
  if (status.state !== 'done') throw jobFailure(status);
  return status.result as T;
}

async function importInto(io: Io, journal: Journal, format: ImportFormat, source: string, mode: PeopleMode, choices: ImportChoices, stop: InterruptWatch, shown: Shown): Promise<ImportSummary> {
  const reading = (shown.bar = progressBar(io, 'Reading'));
  const timeFormat = choices.timeFormat;
  const previewed = await journal
    .followJob(() => journal.call('import.preview', { format, source, timeFormat }), (job) => (job.done > 0 || job.total !== null) && reading.update(job.done, job.total), stop)
    .finally(() => {
      reading.clear();
      shown.bar = null;
    });
  const preview = resultOf<ImportPreview>(stop, previewed);
  if (preview.entries === 0) {
    if (preview.undated.count) io.stderr.write(`${undatedLines(preview).join('\n')}\n`);
    const hint = preview.undated.count ? ' Give its time format with --time-format.' : '';
    throw new MutualError('BAD_INPUT', `No entries were found in ${source}, so nothing was imported. Check that it is a ${formatNames[format]}.${hint}`);
  }
  io.stderr.write(`${previewLines(preview, source, choices).join('\n')}\n`);
  await confirmUndated(io, preview, choices.keepUndated ?? false, shown);
  checkNotInterrupted(stop);
  // A Mutual export brings its own people (matched by id); only other journals have names to decide.
  const candidates = format === 'json' ? [] : preview.candidates;
  let decisions: PeopleDecisions = {};
  if (candidates.length && mode === 'ask') decisions = await decideByAsking(io, candidates, shown);
  else if (candidates.length) {
    decisions = decideWithoutAsking(candidates, mode as Exclude<PeopleMode, 'ask'>);
    reportDecisions(io, candidates, mode as Exclude<PeopleMode, 'ask'>);
  }
  checkNotInterrupted(stop);
  const importing = (shown.bar = progressBar(io, 'Importing'));
  importing.update(0, preview.entries);
  const imported = await journal
    .followJob(
      () => journal.call('import.run', { format, source, people: decisions, timeFormat, skipDuplicates: choices.skipDuplicates ?? false, keepUndated: preview.undated.count > 0 }),
      (job) => importing.update(job.done, Math.max(job.done, preview.entries)),
      stop,
    )
    .finally(() => {
      importing.clear();
      shown.bar = null;
    });
  return resultOf<ImportSummary>(stop, imported);
}

export async function importEntries(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', args, options, { min: 1, max: 1, name: 'the file or folder to import' });
  const format = checkFormat(values.from);
  const mode = checkMode(io, values.people);
  const timeFormat = values['time-format']?.trim();
  if (values['time-format'] !== undefined && format !== 'jrnl') throw new UsageError('--time-format is for jrnl journals only (their config\'s timeformat).');
  if (values['time-format'] !== undefined && !timeFormat) throw new UsageError('--time-format needs the format your jrnl writes dates in, as in --time-format "%d.%m.%Y %H:%M".');
  const choices: ImportChoices = { ...(timeFormat ? { timeFormat } : {}), skipDuplicates: values['skip-duplicates'] ?? false, keepUndated: values['keep-undated'] ?? false };
  const source = path.resolve(io.cwd, positionals[0]!);
  // Checked before the passphrase is asked for, so no one types it for a path that is not there.
  if (!fs.existsSync(source)) throw new MutualError('NOT_FOUND', `There is nothing at ${source} to import. Check the path and try again.`);
  const dir = resolveVaultDir(io, values.vault);
  const shown: Shown = { reader: null, bar: null };
  const stop = watchInterrupt(io, () => {
    shown.reader?.abort(new Interrupted(STOPPED));
    shown.bar?.stopping('Stopping; your journal will be left exactly as it was…');
  });
  try {
    const summary = await withUnlocked(io, dir, (journal) => {
      checkNotInterrupted(stop);
      return importInto(io, journal, format, source, mode, choices, stop, shown);
    });
    const people = summary.peopleCreated ? `; added ${plural(summary.peopleCreated, 'person', 'people')} to your people` : '';
    const photos = summary.photos ? ` with ${plural(summary.photos, 'photo', 'photos')}` : '';
    const unread = summary.findings?.find((f) => f.key === 'photosUnreadable');
    const left = [
      summary.skipped?.duplicates ? `${plural(summary.skipped.duplicates, 'entry', 'entries')} already in your journal` : '',
      summary.skipped?.empty ? `${plural(summary.skipped.empty, 'empty entry', 'empty entries')}` : '',
      unread ? `${plural(unread.count, 'photo', 'photos')} that could not be read (marked in the text where ${unread.count === 1 ? 'it was' : 'they were'}: ${(unread.detail ?? unread.where).join('; ')})` : '',
    ].filter(Boolean);
    io.stdout.write(`Imported ${plural(summary.entries, 'entry', 'entries')}${photos} from ${path.basename(source)}${people}${left.length ? `; left out ${left.join(' and ')}` : ''}.\n`);
    return 0;
  } catch (error) {
    if (stop.requested()) throw new Interrupted(STOPPED);
    throw error;
  } finally {
    stop.release();
  }
}
