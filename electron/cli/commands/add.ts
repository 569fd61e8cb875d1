import { createEntry } from '../../core/services/entries';
import { findOrCreatePerson } from '../../core/services/people';
import type { Person } from '../../shared/contract';
import { contract, personInput } from '../../shared/contract';
import { docFromPlainText } from '../../shared/doc';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { resolveVaultDir, withVault } from '../vaultDir';

const options = {
  date: { type: 'string' },
  person: { type: 'string', multiple: true },
  given: { type: 'string' },
  received: { type: 'string' },
  unsaid: { type: 'string' },
  note: { type: 'string' },
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

export async function add(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('add', args, options, { min: 0, max: 0 });
  const date = values.date === undefined ? undefined : checkDate(values.date, '--date');
  const names = (values.person ?? []).map(checkPersonName);
  const sections = { given: values.given, received: values.received, unsaid: values.unsaid, note: values.note };
  if (!Object.values(sections).some((text) => text?.trim())) {
    throw new UsageError('Nothing to add: give the entry some text with --given, --received, --unsaid or --note.');
  }
  const dir = resolveVaultDir(io, values.vault);
  const { id, added } = await withVault(io, dir, ({ db }) =>
    // One transaction: a failed save leaves no half-created people behind.
    db.transaction(() => {
      const people = new Map<string, Person>();
      const added: string[] = [];
      for (const name of names) {
        const { person, created } = findOrCreatePerson(db, name);
        if (created) added.push(person.name);
        people.set(person.id, person);
      }
      const entry = createEntry(db, { date, doc: docFromPlainText(sections, [...people.values()]) });
      return { id: entry.id, added };
    })(),
  );
  for (const name of added) io.stderr.write(`Added ${name} to your people.\n`);
  io.stdout.write(`${id}\n`);
  return 0;
}
