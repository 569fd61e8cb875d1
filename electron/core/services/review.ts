/**
 * Looking back: the calendar of days written (and the entries of one day), the weekly look back,
 * and reminders that are due.
 */
import type { DueReminder, EntrySummary, PersonRef, WeekLookBack, WeekPassage, WeekPerson } from '../../shared/contract';
import type { DocNode, EntryDoc, SectionKind, UnsaidState } from '../../shared/doc';
import { plainText, sectionKinds, sectionPeopleOf, unsaidStates } from '../../shared/doc';
import * as entriesRepo from '../db/repos/entries';
import * as peopleRepo from '../db/repos/people';
import type { Db } from '../db/connection';
import { tagsOfEntries } from '../db/repos/tags';
import { firstPhotos } from './entries';
import { titleOf } from '../../shared/doc';
import { todayLocal } from './time';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function calendar(db: Db, year: number): { date: string; count: number }[] {
  return entriesRepo.daysWritten(db, `${year}-01-01`, `${year}-12-31`).map((d) => ({ date: d.date, count: d.n }));
}

const EXCERPT_LENGTH = 240;

/** The entries written on one day, in the order they were written, so the person can pick one. */
export function entriesOfDay(db: Db, date: string): EntrySummary[] {
  // The repo gives newest first; a day reads more naturally in the order it was written.
  const rows = entriesRepo.entryRowsBetween(db, date, date).reverse();
  const people = entriesRepo.peopleOfEntries(db, rows.map((r) => r.seq));
  const tags = tagsOfEntries(db, rows.map((r) => r.seq));
  const photos = firstPhotos(db, rows.map((r) => r.seq));
  return rows.map((row) => {
    const text = [row.given, row.received, row.unsaid, row.note].filter((t) => t.trim()).join('\n');
    return {
      id: row.id,
      date: row.date,
      writtenAt: row.written_at,
      people: people.get(row.seq) ?? [],
      tags: tags.get(row.seq) ?? [],
      title: titleOf(text),
      photoId: photos.get(row.seq) ?? null,
      excerpt: text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text,
      updatedAt: row.updated_at,
    };
  });
}

export function dueReminders(db: Db, today: string = todayLocal(), days = 7): DueReminder[] {
  return peopleRepo.detailsToRemind(db, today, addDays(today, days)).map((d) => ({ detailId: d.id, personId: d.person_id, name: d.name, text: d.text, notedOn: d.noted_on, remindOn: d.remind_on }));
}

function mentionsOfNode(node: DocNode, into: Set<string>): Set<string> {
  if (node.type === 'mention' && typeof node.attrs?.id === 'string') into.add(node.attrs.id);
  for (const child of node.content ?? []) mentionsOfNode(child, into);
  return into;
}

const inlineTypes = new Set(['text', 'mention', 'hardBreak']);

function stateOf(node: DocNode): UnsaidState {
  const state = node.attrs?.state;
  return unsaidStates.includes(state as UnsaidState) ? (state as UnsaidState) : 'open';
}

/**
 * The innermost blocks of a section that mention someone — a paragraph, a list item, an unsaid
 * item — each with the people it mentions. An unsaid item is kept whole, with its id and state.
 */
function passagesOf(nodes: DocNode[] | undefined, nameOf: (id: string, label: string) => string, into: { node: DocNode; text: string; personIds: Set<string> }[] = []) {
  for (const node of nodes ?? []) {
    const personIds = mentionsOfNode(node, new Set());
    if (personIds.size === 0) continue;
    const innerBlocks = (node.content ?? []).filter((c) => !inlineTypes.has(c.type));
    if (node.type === 'taskItem' || node.type === 'paragraph' || node.type === 'heading' || innerBlocks.length === 0) {
      const text = plainText(node.type === 'taskItem' ? node.content : [node], nameOf);
      if (text) into.push({ node, text, personIds });
    } else {
      passagesOf(node.content, nameOf, into);
    }
  }
  return into;
}

/** Every innermost block of a section with words — paragraph, list item, unsaid item — for a section about everyone. */
function blocksOf(nodes: DocNode[] | undefined, nameOf: (id: string, label: string) => string, into: { node: DocNode; text: string }[] = []) {
  for (const node of nodes ?? []) {
    const innerBlocks = (node.content ?? []).filter((c) => !inlineTypes.has(c.type) && c.type !== 'tag');
    if (node.type === 'taskItem' || node.type === 'paragraph' || node.type === 'heading' || innerBlocks.length === 0) {
      const text = plainText(node.type === 'taskItem' ? node.content : [node], nameOf);
      if (text.trim()) into.push({ node, text });
    } else {
      blocksOf(node.content, nameOf, into);
    }
  }
  return into;
}

/**
 * The last seven days, today included: who appeared and in which parts, with the passages
 * themselves; the unsaid items still open; and the details someone shared that are coming up.
 *
 * Who a part is about follows the rhythm's rule (doc.ts sectionPeopleOf): a part that mentions
 * someone is about them, passage by passage; a part with words that mentions no one is about
 * everyone the entry mentions, so all its passages (and its unsaid items) are theirs too. A passage
 * about two people is the same passage in both their lists, so a page can show it once with both
 * names.
 */
export function weekLookBack(db: Db, today: string = todayLocal()): WeekLookBack {
  const from = addDays(today, -6);
  const rows = entriesRepo.entryRowsBetween(db, from, today);
  const people = entriesRepo.peopleOfEntries(db, rows.map((r) => r.seq));
  const byPerson = new Map<string, WeekPerson>();
  const openItems: WeekLookBack['openUnsaid'] = [];
  for (const row of rows) {
    const doc = JSON.parse(row.doc) as EntryDoc;
    const names = new Map((people.get(row.seq) ?? []).map((p) => [p.id, p.name]));
    const nameOf = (id: string, label: string) => names.get(id) ?? label;
    const personOf = (personId: string): WeekPerson => {
      let person = byPerson.get(personId);
      if (!person) {
        person = { personId, name: names.get(personId) ?? '', given: 0, received: 0, unsaid: 0, note: 0, entryIds: [], passages: [] };
        byPerson.set(personId, person);
      }
      return person;
    };
    const texts: Record<SectionKind, string> = { given: row.given, received: row.received, unsaid: row.unsaid, note: row.note };
    const about = sectionPeopleOf(doc, texts);
    for (const m of about) {
      // A mention of someone no longer in the journal (deleted) has no page to show.
      if (!names.has(m.personId)) continue;
      const person = personOf(m.personId);
      person[m.section]++;
      if (!person.entryIds.includes(row.id)) person.entryIds.push(row.id);
    }
    const itemPeople = new Map<string, PersonRef[]>();
    sectionKinds.forEach((section: SectionKind, i) => {
      const nodes = doc.content[i]?.content;
      const mentioned = passagesOf(nodes, nameOf);
      const implied = about.filter((m) => m.section === section && !m.direct).map((m) => m.personId);
      const passages =
        mentioned.length > 0 || implied.length === 0 ? mentioned : blocksOf(nodes, nameOf).map(({ node, text }) => ({ node, text, personIds: new Set(implied) }));
      for (const { node, text, personIds } of passages) {
        const isItem = node.type === 'taskItem' && typeof node.attrs?.id === 'string';
        const passage: WeekPassage = {
          entryId: row.id,
          date: row.date,
          section,
          text,
          itemId: isItem ? String(node.attrs?.id) : null,
          state: isItem ? stateOf(node) : null,
        };
        const known = [...personIds].filter((id) => names.has(id));
        for (const personId of known) personOf(personId).passages.push(passage);
        if (isItem) itemPeople.set(String(node.attrs?.id), known.map((id) => ({ id, name: names.get(id)! })));
      }
    });
    for (const item of entriesRepo.openUnsaidOfEntry(db, row.seq)) {
      openItems.push({ entryId: row.id, date: row.date, itemId: item.item_id, text: item.text, people: itemPeople.get(item.item_id) ?? [] });
    }
  }
  return {
    from,
    to: today,
    entries: rows.length,
    people: [...byPerson.values()].sort((a, b) => b.entryIds.length - a.entryIds.length || a.name.localeCompare(b.name)),
    openUnsaid: openItems,
    reminders: dueReminders(db, today),
  };
}
