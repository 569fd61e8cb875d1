import fs from 'node:fs';
import path from 'node:path';
import type { ImportCandidate, ImportPreview, ImportSummary, PeopleDecisions } from '../../core/services/import';
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
} as const;

/** What happens to names that look like people (see the command's help). */
export const peopleModes = ['ask', 'create', 'ignore'] as const;
export type PeopleMode = (typeof peopleModes)[number];

const formatNames: Record<ImportFormat, string> = {
  dayone: 'Day One export (its JSON file, the folder holding it, or its .zip)',
  jrnl: 'jrnl JSON export',
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

/**
 * Without asking: a name of someone already among your people is linked to them; the others are
 * created (create) or left as plain text (ignore).
 */
export function decideWithoutAsking(candidates: ImportCandidate[], mode: Exclude<PeopleMode, 'ask'>): PeopleDecisions {
  return Object.fromEntries(candidates.map((c) => [c.name, c.match ? { personId: c.match.id } : mode === 'create' ? 'create' : 'ignore']));
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

/** On a terminal: one question per name, nothing decided for the person. */
async function decideByAsking(io: Io, candidates: ImportCandidate[], state: Shown): Promise<PeopleDecisions> {
  io.stderr.write(`${plural(candidates.length, 'name looks', 'names look')} like people. For each, say what to do (Enter takes the choice in brackets):\n`);
  const reader = lineReader(io);
  state.reader = reader;
  const decisions: PeopleDecisions = {};
  try {
    for (const c of candidates) {
      const answer = await askOne(reader, c);
      decisions[c.name] = answer === 'match' ? { personId: c.match!.id } : answer === 'create' ? 'create' : 'ignore';
    }
  } finally {
    state.reader = null;
    reader.close();
  }
  return decisions;
}

/** Says, before the import starts, what will become of the names nobody was asked about. */
function reportDecisions(io: Io, candidates: ImportCandidate[], mode: Exclude<PeopleMode, 'ask'>): void {
  const matched = candidates.filter((c) => c.match).map((c) => c.match!.name);
  const others = candidates.filter((c) => !c.match).map((c) => c.name);
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

async function importInto(io: Io, journal: Journal, format: ImportFormat, source: string, mode: PeopleMode, stop: InterruptWatch, shown: Shown): Promise<ImportSummary> {
  const reading = (shown.bar = progressBar(io, 'Reading'));
  const previewed = await journal
    .followJob(() => journal.call('import.preview', { format, source }), (job) => (job.done > 0 || job.total !== null) && reading.update(job.done, job.total), stop)
    .finally(() => {
      reading.clear();
      shown.bar = null;
    });
  const preview = resultOf<ImportPreview>(stop, previewed);
  if (preview.entries === 0) throw new MutualError('BAD_INPUT', `No entries were found in ${source}, so nothing was imported. Check that it is a ${formatNames[format]}.`);
  io.stderr.write(`Found ${plural(preview.entries, 'entry', 'entries')} in ${source}.\n`);
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
    .followJob(() => journal.call('import.run', { format, source, people: decisions }), (job) => importing.update(job.done, Math.max(job.done, preview.entries)), stop)
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
      return importInto(io, journal, format, source, mode, stop, shown);
    });
    const people = summary.peopleCreated ? `; added ${plural(summary.peopleCreated, 'person', 'people')} to your people` : '';
    io.stdout.write(`Imported ${plural(summary.entries, 'entry', 'entries')} from ${path.basename(source)}${people}.\n`);
    return 0;
  } catch (error) {
    if (stop.requested()) throw new Interrupted(STOPPED);
    throw error;
  } finally {
    stop.release();
  }
}
