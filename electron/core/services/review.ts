/** Looking back: the calendar of days written, the weekly look back, and reminders that are due. */
import type { DueReminder, WeekLookBack } from '../../shared/contract';
import type { EntryDoc, SectionKind } from '../../shared/doc';
import { mentionsOf } from '../../shared/doc';
import * as entriesRepo from '../db/repos/entries';
import * as peopleRepo from '../db/repos/people';
import type { Db } from '../vault/database';
import { todayLocal } from './time';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function calendar(db: Db, year: number): { date: string; count: number }[] {
  return entriesRepo.daysWritten(db, `${year}-01-01`, `${year}-12-31`).map((d) => ({ date: d.date, count: d.n }));
}

export function dueReminders(db: Db, today: string = todayLocal(), days = 7): DueReminder[] {
  return peopleRepo.detailsToRemind(db, today, addDays(today, days)).map((d) => ({ detailId: d.id, personId: d.person_id, name: d.name, text: d.text, notedOn: d.noted_on, remindOn: d.remind_on }));
}

/** The last seven days: who appeared and where, what is still open, and what is coming up. */
export function weekLookBack(db: Db, today: string = todayLocal()): WeekLookBack {
  const from = addDays(today, -6);
  const rows = entriesRepo.entryRowsBetween(db, from, today);
  const people = entriesRepo.peopleOfEntries(db, rows.map((r) => r.seq));
  const byPerson = new Map<string, { personId: string; name: string; given: number; received: number; unsaid: number; note: number; entryIds: string[] }>();
  const openItems: WeekLookBack['openUnsaid'] = [];
  for (const row of rows) {
    const doc = JSON.parse(row.doc) as EntryDoc;
    const names = new Map((people.get(row.seq) ?? []).map((p) => [p.id, p.name]));
    for (const m of mentionsOf(doc)) {
      const entry = byPerson.get(m.personId) ?? { personId: m.personId, name: names.get(m.personId) ?? '', given: 0, received: 0, unsaid: 0, note: 0, entryIds: [] };
      entry[m.section as SectionKind]++;
      if (!entry.entryIds.includes(row.id)) entry.entryIds.push(row.id);
      byPerson.set(m.personId, entry);
    }
  }
  for (const row of rows) {
    for (const item of entriesRepo.openUnsaidOfEntry(db, row.seq)) openItems.push({ entryId: row.id, date: row.date, itemId: item.item_id, text: item.text });
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
