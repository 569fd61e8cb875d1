import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Detail, Person, PersonPage, PersonSummary, personInput } from '../../shared/contract';
import { DEFAULT_PERSON_KIND } from '../../shared/personKinds';
import { MutualError } from '../../shared/result';
import * as peopleRepo from '../db/repos/people';
import { getPhoto } from '../db/repos/photos';
import { forgetUnused } from './photos';
import type { Db } from '../db/connection';
import { rederiveEntry, replaceMentionInEntry } from './entries';
import { lastMonths } from './rhythm';
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
      photoId: null,
      kind: input.kind ?? DEFAULT_PERSON_KIND,
      kindChosen: input.kind !== undefined,
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
    kindChosen: existing.kindChosen || input.kind !== undefined,
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

/** The person with this name, created (with the default kind, not yet chosen) when there is none yet. */
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

/** Everyone (archived people only when asked), with the figures of the people list and a twelve-month sparkline ending with today's month. */
export function listPeople(db: Db, opts: { includeArchived?: boolean; today?: string } = {}): PersonSummary[] {
  const months = lastMonths(opts.today ?? todayLocal());
  return peopleRepo.listPeopleSummaries(db, opts.includeArchived ?? false, `${months[0]}-01`).map(({ months: counts, ...person }) => ({
    ...person,
    monthly: months.map((m) => counts.get(m) ?? 0),
  }));
}

export function addDetail(db: Db, input: { personId: string; text: string; notedOn?: string; remindOn?: string | null }): Detail {
  if (!peopleRepo.getPerson(db, input.personId)) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  const detail: Detail = { id: crypto.randomUUID(), personId: input.personId, text: input.text.trim(), notedOn: input.notedOn ?? todayLocal(), remindOn: input.remindOn ?? null };
  peopleRepo.insertDetail(db, detail, nowIso());
  return detail;
}

/** Changes a detail's text or dates; a field left out stays as it was (remindOn: null clears it). */
export function updateDetail(db: Db, input: { id: string; text: string; notedOn?: string; remindOn?: string | null }): Detail {
  const existing = peopleRepo.getDetail(db, input.id);
  if (!existing) throw new MutualError('NOT_FOUND', 'That detail is no longer in your journal. It may have been deleted.');
  const text = input.text.trim();
  if (!text) throw new MutualError('BAD_INPUT', 'A detail needs some words. To remove it, delete it instead.');
  const detail: Detail = { ...existing, text, notedOn: input.notedOn ?? existing.notedOn, remindOn: input.remindOn === undefined ? existing.remindOn : input.remindOn };
  peopleRepo.updateDetail(db, detail);
  return detail;
}

export function deleteDetail(db: Db, id: string): void {
  if (!peopleRepo.deleteDetail(db, id)) throw new MutualError('NOT_FOUND', 'That detail was already deleted.');
}

function joinText(a: string, b: string): string {
  const [x, y] = [a.trim(), b.trim()];
  if (!y || x === y) return x;
  if (!x) return y;
  return `${x}\n\n${y}`;
}

/**
 * Merges two records of the same person into `keepId`: every mention in every entry, every
 * detail and every unsaid item moves over, profile text is joined (nothing dropped), and the
 * other record is removed — all in one transaction.
 */
export function mergePeople(db: Db, keepId: string, mergeId: string): Person {
  if (keepId === mergeId) throw new MutualError('BAD_INPUT', 'Choose two different people to merge.');
  const keep = peopleRepo.getPerson(db, keepId);
  const other = peopleRepo.getPerson(db, mergeId);
  if (!keep || !other) throw new MutualError('NOT_FOUND', 'One of those people is no longer in your journal.');
  const merged: Person = {
    ...keep,
    // The kind someone chose wins over a default.
    ...(keep.kindChosen || !other.kindChosen ? { kind: keep.kind, kindChosen: keep.kindChosen } : { kind: other.kind, kindChosen: true }),
    care: joinText(keep.care, other.care),
    needs: joinText(keep.needs, other.needs),
    boundaries: joinText(keep.boundaries, other.boundaries),
    notes: joinText(keep.notes, other.notes),
    archived: keep.archived && other.archived,
    updatedAt: nowIso(),
  };
  db.transaction(() => {
    peopleRepo.updatePerson(db, merged);
    peopleRepo.moveDetails(db, mergeId, keepId);
    for (const seq of peopleRepo.entrySeqsMentioning(db, mergeId)) replaceMentionInEntry(db, seq, mergeId, keep);
    peopleRepo.deletePerson(db, mergeId);
    peopleRepo.recordMerge(db, mergeId, keepId);
  })();
  return merged;
}

/** Gives a person a photo (already in the journal), or takes it away; a photo nothing shows any more is removed. */
export function setPersonPhoto(db: Db, personId: string, photoId: string | null): Person {
  const person = peopleRepo.getPerson(db, personId);
  if (!person) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  const photo = photoId === null ? null : getPhoto(db, photoId);
  if (photoId !== null && !photo) throw new MutualError('NOT_FOUND', 'That photo is no longer in your journal. Add it again.');
  // A photo kept as an attachment (a HEIC this computer cannot decode) cannot be shown beside a name.
  if (photo?.attachment) throw new MutualError('BAD_INPUT', 'This HEIC photo cannot be shown on this computer, so it cannot be their photo. Save it as JPEG and choose that instead.');
  db.transaction(() => {
    peopleRepo.setPersonPhotoId(db, personId, photoId);
    if (person.photoId && person.photoId !== photoId) forgetUnused(db, [person.photoId]);
  })();
  return peopleRepo.getPerson(db, personId)!;
}
