import crypto from 'node:crypto';
import type { PersonRef } from '../../shared/contract';
import { contract, personInput } from '../../shared/contract';
import { docFromPlainText } from '../../shared/doc';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { editInEditor, readStdin, sectionsFromText } from '../entryText';
import { personNamed, withUnlocked } from '../journal';
import { resolveVaultDir } from '../vaultDir';

const options = {
  date: { type: 'string' },
  person: { type: 'string', multiple: true },
  given: { type: 'string' },
  received: { type: 'string' },
  unsaid: { type: 'string' },
  note: { type: 'string' },
  stdin: { type: 'boolean' },
  edit: { type: 'boolean' },
} as const;

/** The same rules the app applies to a date, worded for the command line. */
export function checkDate(date: string, option: string): string {
  const parsed = contract['entries.create'].input.safeParse({ date });
  if (!parsed.success) throw new UsageError(`${option} ${date}: ${parsed.error.issues[0]?.message ?? 'that is not a date'}.`);
  return date;
}

export function checkPersonName(name: string): string {
  const parsed = personInput.shape.name.safeParse(name);
  if (!parsed.success) throw new UsageError(`--person “${name}”: ${parsed.error.issues[0]?.message ?? 'that cannot be a name'}.`);
  return parsed.data;
}

type Sections = Parameters<typeof docFromPlainText>[0];

/**
 * The entry is checked as entries.create will check it before anyone is added to your people, so
 * an entry that cannot be saved (a line too long) adds no one. The table has no call that adds
 * people and an entry in one transaction: only a failure between the calls (a full disk) could
 * leave a new person without the entry.
 */
function checkEntry(date: string | undefined, sections: Sections, names: string[]): void {
  const stand = names.map((name) => ({ id: crypto.randomUUID(), name }));
  const parsed = contract['entries.create'].input.safeParse({ date, doc: docFromPlainText(sections, stand) });
  if (!parsed.success) throw new MutualError('BAD_INPUT', `This entry could not be saved: ${parsed.error.issues[0]?.message ?? 'it does not have the four parts of an entry'}.`);
}

export async function add(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('add', args, options, { min: 0, max: 0 });
  const date = values.date === undefined ? undefined : checkDate(values.date, '--date');
  const names = (values.person ?? []).map(checkPersonName);
  const fromOptions = { given: values.given, received: values.received, unsaid: values.unsaid, note: values.note };
  const typedInOptions = Object.values(fromOptions).some((text) => text !== undefined);
  if ((values.stdin || values.edit) && typedInOptions) throw new UsageError('Give the entry either as text (--stdin or --edit) or with --given, --received, --unsaid and --note, not both.');
  if (values.stdin && values.edit) throw new UsageError('Choose one of --stdin and --edit.');
  const sections = values.stdin ? sectionsFromText(await readStdin(io)) : values.edit ? sectionsFromText(editInEditor(io)) : fromOptions;
  if (!Object.values(sections).some((text) => text?.trim())) {
    if (values.edit) {
      io.stderr.write('Nothing added: the entry was empty.\n');
      return 1;
    }
    throw new UsageError(
      values.stdin
        ? 'Nothing to add: standard input held no text. Write the parts under ## Given, ## Received, ## Unsaid and ## Note (text before them is the Note).'
        : 'Nothing to add: give the entry some text with --stdin, --edit, or --given, --received, --unsaid or --note.',
    );
  }
  checkEntry(date, sections, names);
  const dir = resolveVaultDir(io, values.vault);
  const { id, added } = await withUnlocked(io, dir, async (journal) => {
    const people = names.length ? await journal.call('people.list', { includeArchived: true }) : [];
    const chosen = new Map<string, PersonRef>();
    const added: string[] = [];
    for (const name of names) {
      let person = personNamed(people, name);
      if (!person) {
        person = await journal.call('people.upsert', { name });
        people.push({ ...person, lastReflectedOn: null, entryCount: 0, openUnsaid: 0 });
        added.push(person.name);
      }
      chosen.set(person.id, { id: person.id, name: person.name });
    }
    const entry = await journal.call('entries.create', { date, doc: docFromPlainText(sections, [...chosen.values()]) });
    return { id: entry.id, added };
  });
  for (const name of added) io.stderr.write(`Added ${name} to your people.\n`);
  io.stdout.write(`${id}\n`);
  return 0;
}
