/**
 * Entries: the document is the single source of truth. Saving validates it and, in the same
 * transaction, rebuilds everything derived from it — the plain text of each section, mentions,
 * unsaid items and the search index.
 */
import crypto from 'node:crypto';
import type { Entry, EntrySummary, PersonRef } from '../../shared/contract';
import type { DocNode, DocUnsaidItem, EntryDoc, SectionPerson, UnsaidState } from '../../shared/doc';
import { emptyDoc, entryDocSchema, personIdsOf, photoIdsOf, plainText, retargetMention, sectionKinds, sectionPeopleOf, tagKey, tagsOf, titleOf, unsaidItemsOf, walkNodes, withItemIds } from '../../shared/doc';
import { MutualError } from '../../shared/result';
import { INDEX_SEPARATOR } from '../../shared/segment';
import type { EntryRow, SectionTexts } from '../db/repos/entries';
import * as entriesRepo from '../db/repos/entries';
import { peopleByIds } from '../db/repos/people';
import { replaceEntryTags, storedTagKeys, tagsOfEntries } from '../db/repos/tags';
import { firstPhotoOfEntries, getPhoto, photoIdsOfEntry, replacePhotoRefs } from '../db/repos/photos';
import { forgetUnused } from './photos';
import { isQueued, namesForIndex, queueIndex, queueUnindex } from '../db/repos/indexQueue';
import { indexedPeople, indexEntry, SNIPPET_CLOSE, SNIPPET_OPEN } from '../db/repos/search';
import type { Db } from '../db/connection';
import { localIsoWithOffset } from '../../shared/dates';
import { nowIso, todayLocal } from './time';

const MARKERS = new RegExp(`[${SNIPPET_OPEN}${SNIPPET_CLOSE}${INDEX_SEPARATOR}]`, 'g');

function parseDoc(doc: unknown): EntryDoc {
  const parsed = entryDocSchema.safeParse(doc);
  if (!parsed.success) {
    const first = parsed.error.issues[0]?.message ?? 'it does not have the four parts of an entry';
    throw new MutualError('BAD_INPUT', `This entry could not be saved: ${first}.`);
  }
  return parsed.data;
}

interface Derived {
  doc: EntryDoc;
  texts: SectionTexts;
  people: PersonRef[];
}

/** Everything a save writes, computed before the transaction starts. */
function derive(db: Db, rawDoc: EntryDoc, options: { photosMayBeMissing?: boolean } = {}): Derived {
  const doc = withItemIds(rawDoc);
  const ids = personIdsOf(doc);
  const people = peopleByIds(db, ids);
  if (people.length !== ids.length) {
    throw new MutualError('BAD_INPUT', 'This entry mentions someone who is not among your people. Add them first, then save again.');
  }
  const names = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: string, label: string) => names.get(id) ?? label;
  const photos = photoIdsOf(doc);
  if (!options.photosMayBeMissing && photos.some((photoId) => !getPhoto(db, photoId))) {
    throw new MutualError('BAD_INPUT', 'This entry shows a photo that is not in your journal any more. Remove it from the entry, or add the photo again.');
  }
  // The snippet markers are control characters and the index separator a private-use one;
  // removing them from stored text means no entry can forge a highlight or split its own words.
  const texts = Object.fromEntries(
    sectionKinds.map((kind, i) => [kind, plainText(doc.content[i]!.content, nameOf).replace(MARKERS, '')]),
  ) as SectionTexts;
  people.sort((a, b) => a.name.localeCompare(b.name));
  return { doc, texts, people };
}

/** For imports that insert rows themselves: the document checked as a save checks it, what a save would derive, and writing it. */
export const validEntryDoc = parseDoc;
export const derivedFor = derive;
/**
 * Writes what is derived from a new entry's document except its search index row, which the
 * import writes in batches (ImportIndexer): see 'later' below.
 */
export const writeDerivedFor = (db: Db, seq: number, d: Derived, date: string) => writeDerived(db, seq, d, date, null, 'later');

/**
 * The search index rows of an import's new entries, written a batch at a time. FTS5 writes what
 * it was given to disk as a new segment whenever another statement opens a savepoint in the same
 * transaction (a statement with triggers or foreign keys does); indexing each entry just before
 * writing its mentions made one tiny segment per entry, and merging them took most of an
 * import's writing time. Rows added one after another are kept together.
 */
export class ImportIndexer {
  private waiting: { seq: number; texts: SectionTexts; names: string }[] = [];
  constructor(private readonly db: Db, private readonly batch = 500) {}

  add(seq: number, d: Derived): void {
    const names = namesForIndex(d.people.map((p) => p.name));
    // A sequence number used again after the newest entry was deleted: the old index row waits in
    // the queue to be removed, so this entry goes through the queue too (as a save would).
    if (isQueued(this.db, seq)) return queueIndex(this.db, seq, d.texts, names);
    this.waiting.push({ seq, texts: d.texts, names });
    if (this.waiting.length >= this.batch) this.flush();
  }

  /** Writes every row still waiting; call before the import's transaction commits. */
  flush(): void {
    for (const w of this.waiting) indexEntry(this.db, w.seq, w.texts, w.names, true);
    this.waiting = [];
  }
}

const sameTexts = (a: SectionTexts, b: SectionTexts) => sectionKinds.every((kind) => a[kind] === b[kind]);

/** Whether the stored mention rows are exactly those of `mentions` (a person named twice in a section is one row). */
function sameMentions(stored: entriesRepo.StoredDerived, mentions: SectionPerson[]): boolean {
  return sameSet(
    stored.mentions.map((m) => key(m.person_id, m.section, m.direct)),
    firstPerSection(mentions).map((m) => key(m.personId, m.section, m.direct ? 1 : 0)),
  );
}

/** Whether the stored unsaid items, and who each is about, are exactly `items`. */
function sameItems(stored: entriesRepo.StoredDerived, items: DocUnsaidItem[]): boolean {
  return (
    stored.items.length === items.length &&
    stored.items.every((s, i) => s.item_id === items[i]!.id && s.position === items[i]!.position && s.text === items[i]!.text && s.state === items[i]!.state) &&
    sameSet(
      stored.itemPeople.map((p) => key(p.item_id, p.person_id)),
      items.flatMap((item) => item.personIds.map((personId) => key(item.id, personId))),
    )
  );
}

const key = (...parts: (string | number)[]) => parts.join('\u0000');

function sameSet(a: string[], b: string[]): boolean {
  const [x, y] = [[...new Set(a)].sort(), [...new Set(b)].sort()];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The mention rows a list makes: the first of each person and section (INSERT OR IGNORE's rule). */
function firstPerSection(mentions: SectionPerson[]): SectionPerson[] {
  const seen = new Set<string>();
  return mentions.filter((m) => !seen.has(key(m.personId, m.section)) && seen.add(key(m.personId, m.section)));
}

/**
 * How a write brings the search index up to date:
 * - 'queue' (a person's saves): the entry is queued and findable at once through the pending index;
 *   the background step rewrites its index row (electron/core/indexing.ts). This keeps the slow
 *   part of a save — FTS5's secure-delete rewriting every index page that held an old word — off
 *   the path the person waits on.
 * - 'now' (renames, merges: jobs and rare bulk changes that write many entries in one
 *   transaction): the index row is rewritten in the same transaction.
 * - 'later' (imports: new entries only): nothing here; the caller writes the rows in batches
 *   (ImportIndexer) before its transaction commits.
 */
type IndexMode = 'queue' | 'now' | 'later';

/**
 * Writes what is derived from an entry's document. With `before` (the row as it was, for an
 * existing entry), only what the save changes is rewritten: autosave often sends the same text
 * again or changes one part.
 */
function writeDerived(db: Db, seq: number, d: Derived, date: string, before: { date: string; texts: SectionTexts } | null, mode: IndexMode): void {
  const nameOf = (id: string, label: string) => d.people.find((p) => p.id === id)?.name ?? label;
  const mentions = sectionPeopleOf(d.doc, d.texts);
  // An unsaid item that names no one is about everyone the entry is about (sectionPeopleOf's rule).
  const everyone = d.people.map((p) => p.id);
  const items = unsaidItemsOf(d.doc, nameOf).map((item) => (item.personIds.length ? item : { ...item, personIds: everyone }));
  // No `before`: a new entry, with no derived rows yet. Otherwise only what changed is written
  // (mentions follow a new date by themselves: a trigger, 0020).
  let derivedChanged = true;
  if (!before) entriesRepo.insertDerived(db, seq, mentions, items);
  else {
    const stored = entriesRepo.storedDerived(db, seq);
    const mentionsSame = sameMentions(stored, mentions);
    const itemsSame = sameItems(stored, items);
    if (!mentionsSame) entriesRepo.updateMentions(db, seq, stored.mentions, mentions);
    if (!itemsSame) entriesRepo.updateUnsaidItems(db, seq, stored, items);
    // The index row holds the entry's people, and the queue decides on this (below).
    derivedChanged = before.date !== date || !mentionsSame || !itemsSame;
  }
  const tags = tagsOf(d.doc);
  const tagKeys = tags.map(tagKey).sort();
  if (!before || storedTagKeys(db, seq).sort().join('\u0000') !== tagKeys.join('\u0000')) replaceEntryTags(db, seq, tags);
  const photos = photoIdsOf(d.doc);
  const shownBefore = before ? photoIdsOfEntry(db, seq) : [];
  if (!before || shownBefore.length !== photos.length || shownBefore.some((id) => !photos.includes(id))) {
    replacePhotoRefs(db, seq, photos);
    // A photo taken out of its last entry leaves the journal (ARCHITECTURE.md, "Photos").
    forgetUnused(db, shownBefore.filter((id) => !photos.includes(id)));
  }
  const names = namesForIndex(d.people.map((p) => p.name));
  const textsChanged = !before || !sameTexts(before.texts, d.texts);
  if (mode === 'later') return;
  // A queued entry's index row is stale whatever it holds: it stays queued, with its pending text renewed.
  if (mode === 'queue' || isQueued(db, seq)) {
    if (textsChanged || derivedChanged || mode === 'now') queueIndex(db, seq, d.texts, names);
  } else if (textsChanged || indexedPeople(db, seq) !== names) indexEntry(db, seq, d.texts, names);
}

function toEntry(row: EntryRow, people: PersonRef[]): Entry {
  return { id: row.id, date: row.date, writtenAt: row.written_at, doc: JSON.parse(row.doc) as EntryDoc, people, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * The time of writing kept for an entry of `date`: now, where the person is — but only when now
 * falls on that day. An entry written for another day keeps no time rather than one from a
 * different day (ARCHITECTURE.md, "Saving and the search index"; schema 60).
 */
function writtenAtFor(date: string, at: string | null): string | null {
  return at !== null && at.slice(0, 10) === date ? at : null;
}

export function createEntry(db: Db, input: { date?: string; doc?: unknown } = {}): Entry {
  return createCheckedEntry(db, { date: input.date, doc: input.doc === undefined ? undefined : parseDoc(input.doc) });
}

/**
 * createEntry for a document already checked against entryDocSchema: the handler table parses
 * every channel's input with the contract, and checking a long entry twice was a tenth of a save.
 */
export function createCheckedEntry(db: Db, input: { date?: string; doc?: EntryDoc }): Entry {
  const d = derive(db, input.doc ?? emptyDoc());
  const id = crypto.randomUUID();
  const now = nowIso();
  const date = input.date ?? todayLocal();
  const writtenAt = writtenAtFor(date, localIsoWithOffset(new Date()));
  const doc = JSON.stringify(d.doc);
  db.transaction(() => {
    const seq = entriesRepo.insertEntry(db, { id, date, writtenAt, doc, texts: d.texts, now });
    writeDerived(db, seq, d, date, null, 'queue');
  })();
  return { id, date, writtenAt, doc: JSON.parse(doc) as EntryDoc, people: d.people, createdAt: now, updatedAt: now };
}

export function saveEntry(db: Db, input: { id: string; date?: string; doc: unknown }): Entry {
  return saveCheckedEntry(db, { ...input, doc: parseDoc(input.doc) });
}

/** saveEntry for a document already checked against entryDocSchema (see createCheckedEntry). */
export function saveCheckedEntry(db: Db, input: { id: string; date?: string; doc: EntryDoc }): Entry {
  const existing = entriesRepo.getEntryRow(db, input.id);
  if (!existing) throw new MutualError('NOT_FOUND', 'This entry no longer exists, so it could not be saved. Copy anything you need from the screen.');
  const d = derive(db, input.doc);
  const date = input.date ?? existing.date;
  const doc = JSON.stringify(d.doc);
  // The same document and date again (autosave after a pause, a re-render): nothing to write, and
  // the entry keeps its time of last change.
  if (doc === existing.doc && date === existing.date) return toEntry(existing, d.people);
  const now = nowIso();
  // Moved to another day: a time of writing from the old day no longer belongs to it.
  const writtenAt = writtenAtFor(date, existing.written_at);
  db.transaction(() => {
    entriesRepo.updateEntry(db, { seq: existing.seq, date, writtenAt, doc, texts: d.texts, now }, existing);
    writeDerived(db, existing.seq, d, date, { date: existing.date, texts: existing }, 'queue');
  })();
  return { id: existing.id, date, writtenAt, doc: JSON.parse(doc) as EntryDoc, people: d.people, createdAt: existing.created_at, updatedAt: now };
}

/**
 * Writes an entry as sync merged it (electron/core/sync/engine.ts): created with its own id when it
 * is new here, otherwise saved over, with its derived rows. Its people must exist; a photo whose
 * bytes have not reached this computer is kept in the document and shown as missing. Call inside
 * a transaction. False when the entry here was already so (nothing written).
 */
export function writeSyncedEntry(db: Db, input: { id: string; date: string; writtenAt: string | null; doc: EntryDoc }): boolean {
  const d = derive(db, input.doc, { photosMayBeMissing: true });
  const doc = JSON.stringify(d.doc);
  const existing = entriesRepo.getEntryRow(db, input.id);
  const now = nowIso();
  if (!existing) {
    const seq = entriesRepo.insertEntryAsIs(db, { id: input.id, date: input.date, writtenAt: input.writtenAt, doc, texts: d.texts, createdAt: now, updatedAt: now });
    writeDerived(db, seq, d, input.date, null, 'queue');
    return true;
  }
  if (doc === existing.doc && input.date === existing.date && input.writtenAt === existing.written_at) return false;
  entriesRepo.updateEntry(db, { seq: existing.seq, date: input.date, writtenAt: input.writtenAt, doc, texts: d.texts, now }, existing);
  writeDerived(db, existing.seq, d, input.date, { date: existing.date, texts: existing }, 'queue');
  return true;
}

/** Removes an entry another computer deleted, if it is here. Call inside a transaction. */
export function removeSyncedEntry(db: Db, id: string): boolean {
  const row = entriesRepo.getEntryRow(db, id);
  if (!row) return false;
  const shown = photoIdsOfEntry(db, row.seq);
  queueUnindex(db, row.seq);
  entriesRepo.deleteEntry(db, row.seq);
  forgetUnused(db, shown);
  return true;
}

/** Re-derives an entry from its stored document (after a person is renamed). Call inside a transaction. */
export function rederiveEntry(db: Db, seq: number): void {
  const row = entriesRepo.getEntryRowBySeq(db, seq);
  if (!row) return;
  const d = derive(db, JSON.parse(row.doc) as EntryDoc);
  entriesRepo.updateEntry(db, { seq, date: row.date, writtenAt: row.written_at, doc: JSON.stringify(d.doc), texts: d.texts, now: row.updated_at }, row);
  writeDerived(db, seq, d, row.date, { date: row.date, texts: row }, 'now');
}

export function getEntry(db: Db, id: string): Entry {
  const row = entriesRepo.getEntryRow(db, id);
  if (!row) throw new MutualError('NOT_FOUND', 'That entry no longer exists. It may have been deleted.');
  return toEntry(row, entriesRepo.peopleOfEntries(db, [row.seq]).get(row.seq) ?? []);
}

export function deleteEntry(db: Db, id: string): void {
  const row = entriesRepo.getEntryRow(db, id);
  if (!row) throw new MutualError('NOT_FOUND', 'That entry was already deleted.');
  db.transaction(() => {
    const shown = photoIdsOfEntry(db, row.seq);
    queueUnindex(db, row.seq);
    entriesRepo.deleteEntry(db, row.seq);
    forgetUnused(db, shown);
  })();
}

export function listEntries(db: Db, opts: { personId?: string; limit?: number; offset?: number } = {}): { items: EntrySummary[]; total: number } {
  const rows = entriesRepo.listSummaryRows(db, { personId: opts.personId, limit: opts.limit ?? 100, offset: opts.offset ?? 0 });
  const seqs = rows.map((r) => r.seq);
  const people = entriesRepo.peopleOfEntries(db, seqs);
  const tags = tagsOfEntries(db, seqs);
  const photos = firstPhotos(db, seqs);
  return {
    items: rows.map((r) => ({
      id: r.id,
      date: r.date,
      writtenAt: r.written_at,
      people: people.get(r.seq) ?? [],
      tags: tags.get(r.seq) ?? [],
      title: titleOf(r.excerpt),
      photoId: photos.get(r.seq) ?? null,
      excerpt: r.excerpt.replace(/\n+/g, ' · '),
      updatedAt: r.updated_at,
    })),
    total: entriesRepo.countEntries(db, opts.personId),
  };
}

export interface EntryTexts {
  id: string;
  date: string;
  people: string[];
  given: string;
  received: string;
  unsaid: string;
  note: string;
}

/** Whole plain texts, newest first (the `mutual list --json` view). */
export function listEntryTexts(db: Db, opts: { personId?: string } = {}): EntryTexts[] {
  const ids = entriesRepo.listSummaryRows(db, { personId: opts.personId, limit: -1, offset: 0 });
  const people = entriesRepo.peopleOfEntries(db, ids.map((r) => r.seq));
  return ids.map((r) => {
    const row = entriesRepo.getEntryRowBySeq(db, r.seq)!;
    return { id: row.id, date: row.date, people: (people.get(r.seq) ?? []).map((p) => p.name), given: row.given, received: row.received, unsaid: row.unsaid, note: row.note };
  });
}

export function entryTexts(db: Db, id: string): EntryTexts {
  const row = entriesRepo.getEntryRow(db, id);
  if (!row) throw new MutualError('NOT_FOUND', `No entry has the id ${id}.`);
  const people = entriesRepo.peopleOfEntries(db, [row.seq]).get(row.seq) ?? [];
  return { id: row.id, date: row.date, people: people.map((p) => p.name), given: row.given, received: row.received, unsaid: row.unsaid, note: row.note };
}

/** Points every mention of one person at another in an entry's document, then re-derives it. Inside a transaction. */
export function replaceMentionInEntry(db: Db, seq: number, fromId: string, to: PersonRef): void {
  rewriteEntry(db, seq, (node) => retargetMention(node, fromId, to));
}

/**
 * Renames a tag in an entry's document (every spelling of it), then re-derives it. When the new
 * name is a tag the entry already had, the two become one: only the first of them stays, and it
 * takes the new name's spelling.
 * Inside a transaction.
 */
export function renameTagInEntry(db: Db, seq: number, fromKey: string, to: string): void {
  const toKey = tagKey(to);
  let seen = false;
  rewriteEntry(db, seq, (node) => {
    const key = node.type === 'tag' ? tagKey(String(node.attrs?.label ?? '')) : null;
    // Every spelling of the tag it now is takes the name the person chose.
    if (key === fromKey || key === toKey) node.attrs = { ...node.attrs, label: to };
    if (!node.content) return;
    node.content = node.content.filter((child) => {
      if (child.type !== 'tag' || tagKey(String(child.attrs?.label ?? '')) !== toKey && tagKey(String(child.attrs?.label ?? '')) !== fromKey) return true;
      if (seen) return false;
      seen = true;
      return true;
    });
  });
}

/**
 * A change made across the journal (a merge, a rename): each node of the entry's document is
 * offered to `change`, and the entry is re-derived and re-indexed in the caller's transaction. Its
 * time of last change stays: the person did not edit it.
 */
function rewriteEntry(db: Db, seq: number, change: (node: DocNode) => void): void {
  const row = entriesRepo.getEntryRowBySeq(db, seq);
  if (!row) return;
  const doc = JSON.parse(row.doc) as EntryDoc;
  walkNodes(doc.content, change);
  const d = derive(db, doc);
  entriesRepo.updateEntry(db, { seq, date: row.date, writtenAt: row.written_at, doc: JSON.stringify(d.doc), texts: d.texts, now: row.updated_at }, row);
  writeDerived(db, seq, d, row.date, { date: row.date, texts: row }, 'now');
}

/**
 * Marks an unsaid item open, said or let go from anywhere (a person's page, the weekly look
 * back): the change is made in the entry's document, the single source of truth, and re-derived.
 */
export function setUnsaidState(db: Db, input: { itemId: string; state: UnsaidState; entryId?: string }): Entry {
  const entryId = input.entryId ?? entriesRepo.entryIdOfUnsaidItem(db, input.itemId);
  const row = entryId ? entriesRepo.getEntryRow(db, entryId) : null;
  if (!row) throw new MutualError('NOT_FOUND', 'That unsaid item is no longer in your journal.');
  const doc = JSON.parse(row.doc) as EntryDoc;
  let found = false;
  walkNodes(doc.content, (node) => {
    if (node.type === 'taskItem' && node.attrs?.id === input.itemId) {
      node.attrs = { ...node.attrs, state: input.state };
      found = true;
    }
  });
  if (!found) throw new MutualError('NOT_FOUND', 'That unsaid item is no longer in its entry; it may have been edited away.');
  return saveEntry(db, { id: row.id, doc });
}

/** Each entry's first photo in document order, for list thumbnails. */
export function firstPhotos(db: Db, seqs: number[]): Map<number, string> {
  return firstPhotoOfEntries(db, seqs, (seq) => {
    const row = entriesRepo.getEntryRowBySeq(db, seq);
    return row ? photoIdsOf(JSON.parse(row.doc) as EntryDoc) : [];
  });
}
