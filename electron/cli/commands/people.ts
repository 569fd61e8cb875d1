import { findPerson } from '../../core/services/people';
import type { Db } from '../../core/db/connection';
import { MutualError } from '../../shared/result';

/** The id of the person a --person option names; an unknown name is an error, not an empty result. */
export function personIdFor(db: Db, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const person = findPerson(db, name);
  if (!person) throw new MutualError('NOT_FOUND', `No one called “${name.trim()}” is among your people. Check the spelling; “mutual add --person NAME” adds someone new.`);
  return person.id;
}
