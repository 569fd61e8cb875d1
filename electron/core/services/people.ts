import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Detail, Person, PersonPage, PersonSummary, personInput } from '../../shared/contract';
import { MutualError } from '../../shared/result';
import * as peopleRepo from '../db/repos/people';
import type { Db } from '../vault/database';
import { rederiveEntry } from './entries';
import { nowIso, todayLocal } from './time';

export type PersonInput = z.infer<typeof personInput>;

export function upsertPerson(db: Db, input: PersonInput): Person {
  const now = nowIso();
  const name = input.name.trim();
  if (!name) throw new MutualError('BAD_INPUT', 'A person needs a name.');
  if (!input.id) {
    const person: Person = {
      id: crypto.randomUUID(),
      name,
      kind: input.kind ?? 'other',
      care: input.care ?? '',
      needs: input.needs ?? '',
      boundaries: input.boundaries ?? '',
      notes: input.notes ?? '',
      archived: input.archived ?? false,
      createdAt: now,
      updatedAt: now,
    };
    peopleRepo.insertPerson(db, person);
    return person;
  }
  const existing = peopleRepo.getPerson(db, input.id);
  if (!existing) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  const updated: Person = {
    ...existing,
    name,
    kind: input.kind ?? existing.kind,
    care: input.care ?? existing.care,
    needs: input.needs ?? existing.needs,
    boundaries: input.boundaries ?? existing.boundaries,
    notes: input.notes ?? existing.notes,
    archived: input.archived ?? existing.archived,
    updatedAt: now,
  };
  db.transaction(() => {
    peopleRepo.updatePerson(db, updated);
    // Entries show and index people by their current name, so a rename re-derives their entries.
    if (updated.name !== existing.name) for (const seq of peopleRepo.entrySeqsMentioning(db, updated.id)) rederiveEntry(db, seq);
  })();
  return updated;
}

/** The person with this name, created (kind "other") when there is none yet. */
export function findOrCreatePerson(db: Db, name: string): { person: Person; created: boolean } {
  const existing = peopleRepo.findPersonByName(db, name);
  if (existing) return { person: existing, created: false };
  return { person: upsertPerson(db, { name }), created: true };
}

export function findPerson(db: Db, name: string): Person | null {
  return peopleRepo.findPersonByName(db, name);
}

export function getPersonPage(db: Db, id: string): PersonPage {
  const person = peopleRepo.getPerson(db, id);
  if (!person) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  return { person, details: peopleRepo.listDetails(db, id) };
}

export function listPeople(db: Db, opts: { includeArchived?: boolean } = {}): PersonSummary[] {
  return peopleRepo.listPeopleSummaries(db, opts.includeArchived ?? false);
}

export function addDetail(db: Db, input: { personId: string; text: string; notedOn?: string; remindOn?: string | null }): Detail {
  if (!peopleRepo.getPerson(db, input.personId)) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  const detail: Detail = { id: crypto.randomUUID(), personId: input.personId, text: input.text.trim(), notedOn: input.notedOn ?? todayLocal(), remindOn: input.remindOn ?? null };
  peopleRepo.insertDetail(db, detail, nowIso());
  return detail;
}
