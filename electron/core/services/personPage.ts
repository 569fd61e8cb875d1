/**
 * Everything about one person, gathered from the journal: open unsaid items, the timeline of
 * reflections that mention them (the sentences around each mention, grouped by section), "on this
 * day" with them, the rhythm, and a Markdown export of all of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocNode, EntryDoc, SectionKind } from '../../shared/doc';
import { plainText, sectionKinds, sectionTitles } from '../../shared/doc';
import type { OnThisDayItem, OpenUnsaidItem, PersonRhythm, TimelineEntry } from '../../shared/contract';
import { gentleQuestion } from '../../shared/prompts';
import { MutualError } from '../../shared/result';
import * as entriesRepo from '../db/repos/entries';
import { firstPhotos } from './entries';
import * as peopleRepo from '../db/repos/people';
import { journalFolderOf, prepareOutput, publishNewFolder, tempBeside, writeNewFile } from '../outputs';
import type { Db } from '../db/connection';
import { EXPORT_NOT_ENCRYPTED_WARNING } from './export';
import { photoIdsForExport, photosFolderBeside, writePhotoFiles } from './exportPhotos';
import { sectionToMarkdown } from './markdown';
import { leanWindowStart, monthlyRhythm, rhythmStart, weeklyLean } from './rhythm';
import { todayLocal } from './time';

function requirePerson(db: Db, id: string) {
  const person = peopleRepo.getPerson(db, id);
  if (!person) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  return person;
}

function mentionsPerson(node: DocNode, personId: string): boolean {
  if (node.type === 'mention') return node.attrs?.id === personId;
  return (node.content ?? []).some((child) => mentionsPerson(child, personId));
}

/** The innermost blocks (paragraphs, list items, unsaid items) that mention the person, as text. */
function passagesAbout(nodes: DocNode[] | undefined, personId: string, nameOf: (id: string, label: string) => string): string[] {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    if (!mentionsPerson(node, personId)) continue;
    const innerBlocks = (node.content ?? []).filter((c) => c.type !== 'text' && c.type !== 'mention' && c.type !== 'hardBreak');
    if (node.type === 'paragraph' || node.type === 'heading' || innerBlocks.length === 0) out.push(plainText([node], nameOf));
    else out.push(...passagesAbout(node.content, personId, nameOf));
  }
  return out.filter(Boolean);
}

/** The innermost blocks of a section, as text (a section about everyone in its entry). */
function blockTexts(nodes: DocNode[] | undefined, nameOf: (id: string, label: string) => string): string[] {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    const innerBlocks = (node.content ?? []).filter((c) => c.type !== 'text' && c.type !== 'mention' && c.type !== 'tag' && c.type !== 'hardBreak');
    if (node.type === 'paragraph' || node.type === 'heading' || innerBlocks.length === 0) out.push(plainText([node], nameOf));
    else out.push(...blockTexts(node.content, nameOf));
  }
  return out.filter((t) => t.trim());
}

export function timelineFor(db: Db, personId: string, opts: { limit?: number; offset?: number } = {}): { items: TimelineEntry[]; total: number } {
  requirePerson(db, personId);
  const rows = peopleRepo.entryPageFor(db, personId, opts.limit ?? 50, opts.offset ?? 0);
  const people = entriesRepo.peopleOfEntries(db, rows.map((r) => r.seq));
  const photos = firstPhotos(db, rows.map((r) => r.seq));
  const items = rows.map((row) => {
    const doc = JSON.parse(row.doc) as EntryDoc;
    const names = new Map((people.get(row.seq) ?? []).map((p) => [p.id, p.name]));
    const nameOf = (id: string, label: string) => names.get(id) ?? label;
    // A section that mentions no one but has words is about everyone in the entry (sectionPeopleOf):
    // all of it is a passage about this person.
    const mentionsSomeone = (nodes: DocNode[] | undefined): boolean => (nodes ?? []).some((n) => n.type === 'mention' || mentionsSomeone(n.content));
    const passages = Object.fromEntries(
      sectionKinds.map((kind, i) => {
        const section = doc.content[i]!.content;
        return [kind, mentionsSomeone(section) ? passagesAbout(section, personId, nameOf) : blockTexts(section, nameOf)];
      }),
    ) as Record<SectionKind, string[]>;
    return { entryId: row.id, date: row.date, people: people.get(row.seq) ?? [], photoId: photos.get(row.seq) ?? null, passages };
  });
  return { items, total: peopleRepo.entryCountFor(db, personId) };
}

/** Open unsaid items that mention the person, newest entry first; `limit` and `offset` count entries (all by default). */
export function openUnsaidFor(db: Db, personId: string, page: { limit?: number; offset?: number } = {}): OpenUnsaidItem[] {
  requirePerson(db, personId);
  return peopleRepo.openUnsaidFor(db, personId, page.limit ?? -1, page.offset ?? 0).map((r) => ({ entryId: r.entry_id, date: r.date, itemId: r.item_id, text: r.text }));
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Entries from the same day in earlier years, and the same day of the month in the last year. */
export function onThisDay(db: Db, opts: { today?: string; personId?: string | null } = {}): OnThisDayItem[] {
  const today = opts.today ?? todayLocal();
  const day = { monthDay: today.slice(5), day: today.slice(8), before: today, since: addDays(today, -365) };
  // With a person, their own mentions (indexed by date) are searched instead of every entry.
  const rows = opts.personId ? peopleRepo.entriesOnDayWith(db, { ...day, personId: opts.personId }) : entriesRepo.entriesOnDayOf(db, { ...day, personId: null });
  const people = entriesRepo.peopleOfEntries(db, rows.map((r) => r.seq));
  return rows.map((r) => {
    const years = Number(today.slice(0, 4)) - Number(r.date.slice(0, 4));
    const sameDay = r.date.slice(5) === today.slice(5);
    const months = (Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7))) - (Number(r.date.slice(0, 4)) * 12 + Number(r.date.slice(5, 7)));
    const when = sameDay ? (years === 1 ? 'A year ago' : `${years} years ago`) : months === 1 ? 'A month ago' : `${months} months ago`;
    return { entryId: r.id, date: r.date, when, people: people.get(r.seq) ?? [], excerpt: excerptOf(db, r.id) };
  });
}

function excerptOf(db: Db, entryId: string): string {
  const row = entriesRepo.getEntryRow(db, entryId);
  if (!row) return '';
  const text = [row.given, row.received, row.unsaid, row.note].find((t) => t.trim()) ?? '';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function rhythmFor(db: Db, personId: string, today: string = todayLocal()): PersonRhythm {
  const person = requirePerson(db, personId);
  const months = monthlyRhythm(peopleRepo.monthlySectionCounts(db, personId, rhythmStart(today)), today);
  const { lean, weeks } = weeklyLean(peopleRepo.sectionDates(db, personId, leanWindowStart(today)), today);
  return { months, lean, leanWeeks: weeks, question: lean ? gentleQuestion(lean, person.name, `${personId}${today.slice(0, 7)}`) : null };
}

/**
 * Everything about one person in one Markdown file (plaintext: the caller warns first, and the
 * file says so at its top). A new private file outside the journal folder (electron/core/outputs.ts);
 * their photo and the photos of their entries in a new folder `<name>-photos/` beside it.
 */
export function exportPersonMarkdown(db: Db, personId: string, outFile: string): { entries: number } {
  const person = requirePerson(db, personId);
  const journalDirs = [journalFolderOf(db)];
  prepareOutput(outFile, journalDirs, 'export');
  const seqs = entriesRepo.entrySeqsFor(db, { personId });
  const photoIds = photoIdsForExport(db, seqs, [person.photoId]);
  const photosDir = photoIds.length ? photosFolderBeside(outFile) : null;
  if (photosDir) prepareOutput(photosDir, journalDirs, 'export');
  const photosStaging = photosDir ? tempBeside(photosDir, 'export') : null;
  let photoFiles = new Map<string, string>();
  if (photosDir && photosStaging) {
    try {
      photoFiles = new Map(writePhotoFiles(db, photoIds, photosStaging, `${path.basename(photosDir)}/`).map((p) => [p.id, p.file]));
    } catch (error) {
      fs.rmSync(photosStaging, { recursive: true, force: true });
      throw error;
    }
  }
  const photoUrl = (id: string) => photoFiles.get(id) ?? null;
  const lines = [`# ${person.name}`, '', `> ${EXPORT_NOT_ENCRYPTED_WARNING}`];
  const ownPhoto = person.photoId ? photoUrl(person.photoId) : null;
  if (ownPhoto) lines.push('', `![${person.name.replace(/[[\]\\]/g, '\\$&')}](${ownPhoto})`);
  const field = (title: string, value: string) => value.trim() && lines.push('', `## ${title}`, '', value.trim());
  field('How they like to receive care', person.care);
  field('Needs', person.needs);
  field('Boundaries', person.boundaries);
  field('Notes', person.notes);
  const details = peopleRepo.listDetails(db, personId);
  if (details.length) {
    lines.push('', '## Details they shared', '');
    for (const d of details) lines.push(`- ${d.notedOn}: ${d.text}${d.remindOn ? ` (remind on ${d.remindOn})` : ''}`);
  }
  const open = openUnsaidFor(db, personId);
  if (open.length) {
    lines.push('', '## Still unsaid', '');
    for (const item of open) lines.push(`- [ ] ${item.text} (${item.date})`);
  }
  lines.push('', '## Reflections');
  let count = 0;
  for (let offset = 0; ; offset += 500) {
    const rows = peopleRepo.entryPageFor(db, personId, 500, offset);
    if (rows.length === 0) break;
    const people = entriesRepo.peopleOfEntries(db, rows.map((r) => r.seq));
    for (const row of rows) {
      const doc = JSON.parse(row.doc) as EntryDoc;
      const names = new Map((people.get(row.seq) ?? []).map((p) => [p.id, p.name]));
      const nameOf = (id: string, label: string) => names.get(id) ?? label;
      lines.push('', `### ${row.date}`);
      sectionKinds.forEach((kind, i) => {
        const body = sectionToMarkdown(doc.content[i]!.content, nameOf, photoUrl);
        if (body) lines.push('', `#### ${sectionTitles[kind]}`, '', body);
      });
      count++;
    }
  }
  // The photos first: the page never points at files that are not there.
  if (photosDir && photosStaging) publishNewFolder(photosStaging, photosDir);
  try {
    writeNewFile(outFile, `${lines.join('\n')}\n`);
  } catch (error) {
    if (photosDir) fs.rmSync(photosDir, { recursive: true, force: true });
    throw error;
  }
  return { entries: count };
}
