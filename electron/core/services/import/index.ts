/**
 * Import: a preview that says what will happen before anything is written (entries, dates, the
 * names that look like people, tags, photos, time-zone fallbacks, entries that look already
 * imported, lines that cannot be dated, whatever is changed or left out), then the import itself,
 * which is all-or-nothing: one transaction from the first entry to the last, rolled back on any
 * failure or cancel, so the journal is exactly as before. (The caller must keep other writes out
 * while it runs; see Session.exclusive in api.ts.)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DocNode, EntryDoc } from '../../../shared/doc';
import { cleanTagName, emptyDoc, emptySection, sectionKinds, walkNodes } from '../../../shared/doc';
import type { ExportedEntry, ExportedPerson, ExportedPhoto } from '../../../shared/exportFormat';
import { EXPORT_FORMAT_VERSION, exportedEntrySchema, exportedPersonSchema, exportedPhotoSchema } from '../../../shared/exportFormat';
import type { ImportCandidate, ImportChoices, ImportPreview, ImportSummary } from '../../../shared/importPreview';
import { personKinds, type PersonKind } from '../../../shared/personKinds';
import { MutualError } from '../../../shared/result';
import { entryIdExists, entryRowsBetween, insertEntry, insertEntryAsIs } from '../../db/repos/entries';
import { findPersonByName, getPerson, insertDetail, insertPerson, setPersonPhotoId } from '../../db/repos/people';
import { getPhoto } from '../../db/repos/photos';
import type { Db } from '../../db/connection';
import { docOfSections } from '../../markdown/entryFileRead';
import type { NameAttrs } from '../../markdown/fromMarkdown';
import { NAME_NODE } from '../../markdown/fromMarkdown';
import { derivedFor, ImportIndexer, validEntryDoc, writeDerivedFor } from '../entries';
import { upsertPerson } from '../people';
import { MAX_PHOTO_BYTES, storePhoto } from '../photos';
import { photosFolderBeside } from '../exportPaths';
import { nowIso } from '../time';
import { Findings } from './findings';
import type { PhotoFiles } from './importPhotos';
import { fileInside, hasPhotoRefs, importRefOf, photoFilesFor, photoPlaceholder, photoRefsIn, problemOfFile, refFileName } from './importPhotos';
import { parseWorkerCount } from './parsePool';
import { forgetPreparedImport, keepPrepared, takePrepared } from './prepared';
import type { ForeignEntry, ImportFormat } from './sources';
import { badImport, ReadContext, readForeign, readMutualEntries, readMutualHead } from './sources';

export { importFormats } from './sources';
export { forgetPreparedImport } from './prepared';
export type { ImportFormat } from './sources';
export type { ImportCandidate, ImportChoices, ImportPreview, ImportSummary } from '../../../shared/importPreview';

export interface ImportProgress {
  onProgress?: (done: number, total: number | null) => void;
  isCancelled?: () => boolean;
}

/** For each candidate name: create a new person, use an existing one (its id), or not a person. */
export type PeopleDecisions = Record<string, 'create' | 'ignore' | { personId: string }>;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const SAMPLES = 5;

function cancelled(): MutualError {
  return new MutualError('BAD_INPUT', 'The import was cancelled; your journal is exactly as it was before.');
}

const nameAttrs = (node: DocNode) => node.attrs as unknown as NameAttrs;

function blocksOf(entry: ForeignEntry): DocNode[][] {
  return entry.own ? sectionKinds.map((k) => entry.own!.sections[k]) : [entry.blocks];
}

/** The words of an entry, for telling whether the journal already has it: letters and digits only, lower case. */
function wordsKey(texts: string[]): string {
  // A photo reads as its description whether it came or is a placeholder ("Image not included:
  // <description>"), so the placeholder's own words do not count.
  return texts.join(' ').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '').replace(/photonotincludedintheexport|imagenotincluded/g, '');
}

function entryWords(entry: ForeignEntry): string {
  const parts: string[] = [];
  for (const blocks of blocksOf(entry)) {
    walkNodes(blocks, (n) => {
      if (n.type === 'text') parts.push(n.text ?? '');
      else if (importRefOf(n) !== null) parts.push(String(n.attrs?.alt ?? ''));
      else if (n.type === NAME_NODE) parts.push(nameAttrs(n).name);
      else if (n.type === 'tag' || n.type === 'mention') parts.push(String(n.attrs?.label ?? ''));
    });
  }
  return wordsKey(parts);
}

/**
 * Entries already in the journal with the same date and words: what "looks already imported"
 * means. Entries this import writes are not counted (two equal entries in one export both come in).
 */
class Duplicates {
  private readonly byDate = new Map<string, Set<string>>();
  private readonly written = new Set<number>();

  constructor(private readonly db: Db) {}

  wrote(seq: number): void {
    this.written.add(seq);
  }

  has(date: string, words: string): boolean {
    if (!words) return false;
    let known = this.byDate.get(date);
    if (!known) {
      if (this.byDate.size > 5000) this.byDate.clear();
      known = new Set(entryRowsBetween(this.db, date, date).filter((r) => !this.written.has(r.seq)).map((r) => wordsKey([r.given, r.received, r.unsaid, r.note])));
      this.byDate.set(date, known);
    }
    return known.has(words);
  }
}

const EMPTY = Buffer.alloc(0);
/** Beyond this many bytes kept the preview keeps nothing, and the import reads the source again. */
const PREPARED_MAX_BYTES = 100_000_000;
const PREPARED_BATCH = 200;

/**
 * The source as it is now — every file's path, size and time of change, and how it is read — and
 * its size in bytes; key null when it cannot be read whole.
 */
function sourceKey(format: ImportFormat, source: string, choices: ImportChoices): { key: string | null; bytes: number } {
  const parts: string[] = [format, path.resolve(source), choices.timeFormat ?? ''];
  let bytes = 0;
  const walkFiles = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return false;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (!walkFiles(path.join(p, name))) return false;
    } else {
      parts.push(`${p}\u0000${stat.size}\u0000${stat.mtimeMs}`);
      bytes += stat.size;
    }
    return true;
  };
  const whole = walkFiles(source);
  return { key: whole ? crypto.createHash('sha256').update(parts.join('\n')).digest('hex') : null, bytes };
}

export async function previewImport(db: Db, format: ImportFormat, source: string, progress: ImportProgress = {}, choices: ImportChoices = {}): Promise<ImportPreview> {
  if (format === 'json') return previewMutual(db, source, progress);
  forgetPreparedImport();
  const files = photoFilesFor(format, source, MAX_PHOTO_BYTES);
  try {
    await files.ready();
    return await previewForeign(db, format, source, progress, choices, files);
  } finally {
    files.close();
  }
}

/** A HEIC or HEIF file's name: it may be kept as an attachment (storePhoto). */
const HEIC_NAME = /\.hei[cf]$/i;

/** What reading a photo reference tells the preview: found or missing, and why it will not come. */
function previewPhoto(node: DocNode, files: PhotoFiles, ctx: ReadContext, where: string): void {
  const ref = importRefOf(node)!;
  const check = files.check(ref);
  // Day One's photos were counted as its entries were read (the media they show).
  if (!ref.startsWith('dayone:')) {
    if (check === 'found') ctx.findings.photos.found++;
    else ctx.findings.photos.missing++;
  }
  const problem = check === 'found' ? files.problem(ref) : null;
  if (problem) ctx.findings.add('photosUnreadable', where, 1, `${refFileName(ref)}: ${problem}`);
  // Without decoding, the preview knows a HEIC by its name; the import says which were kept so.
  else if (check === 'found' && HEIC_NAME.test(refFileName(ref))) ctx.findings.add('heicKept', where, 1, refFileName(ref));
  if (check === 'missing') ctx.findings.add('images', where);
  else if (check === 'outside') ctx.findings.add('imagesOutside', where);
  else if (check === 'remote') ctx.findings.add('remoteImages', where);
}

async function previewForeign(db: Db, format: Exclude<ImportFormat, 'json'>, source: string, progress: ImportProgress, choices: ImportChoices, files: PhotoFiles): Promise<ImportPreview> {
  const { key, bytes } = sourceKey(format, source, choices);
  const kept: Buffer[] = [];
  let batch: string[] = [];
  let keptBytes = 0;
  const pack = () => {
    if (!keeping || batch.length === 0) return;
    const packed = zlib.deflateRawSync(batch.join('\n'), { level: 1 });
    batch = [];
    keptBytes += packed.length;
    if (keptBytes > PREPARED_MAX_BYTES) {
      keeping = false;
      kept.length = 0;
    } else kept.push(packed);
  };
  let keeping = key !== null;
  const ctx = new ReadContext({ timeFormat: choices.timeFormat ?? null });
  const names = new Map<string, { name: string; count: number; offered: boolean }>();
  const tags = new Map<string, { name: string; count: number }>();
  const duplicates = new Duplicates(db);
  const duplicateWhere: string[] = [];
  let duplicateCount = 0;
  const seen = new Set<string>();
  const linked = new Set<string>();
  const known = new Map<string, boolean>();
  const personHere = (id: string) => {
    if (!known.has(id)) known.set(id, getPerson(db, id) !== null);
    return known.get(id)! || ctx.exportPeople.has(id);
  };
  let entries = 0;
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  // Nothing else to do while the workers parse: this thread parses too.
  const parsing = { workers: parseWorkerCount(bytes), help: true, isCancelled: progress.isCancelled, stop: cancelled };
  for await (const entry of readForeign(format, source, ctx, parsing)) {
    entries++;
    if (!firstDate || entry.date < firstDate) firstDate = entry.date;
    if (!lastDate || entry.date > lastDate) lastDate = entry.date;
    const inEntry = new Map<string, { name: string; offered: boolean }>();
    const tagsInEntry = new Map<string, string>();
    for (const blocks of blocksOf(entry)) {
      walkNodes(blocks, (n) => {
        // A Mutual export's photos come back where this journal holds them (the same journal).
        if (importRefOf(n) !== null) previewPhoto(n, files, ctx, entry.where);
        else if (n.type === 'image') {
          if (getPhoto(db, String(n.attrs?.photoId ?? '')) !== null) ctx.findings.photos.found++;
          else ctx.findings.photos.missing++;
        }
        if (n.type === 'tag') {
          const label = String(n.attrs?.label ?? '');
          tagsInEntry.set(label.toLowerCase(), label);
        }
        if (n.type !== NAME_NODE) return;
        const a = nameAttrs(n);
        if (a.personId && personHere(a.personId)) return;
        const key = a.name.trim().toLocaleLowerCase();
        if (!key) return;
        const offered = a.offer ?? a.fallback === 'text';
        const before = inEntry.get(key);
        inEntry.set(key, { name: before?.name ?? a.name.trim(), offered: offered || (before?.offered ?? false) });
        if (a.fallback === 'tag') tagsInEntry.set(key, cleanTagName(a.name) || a.name);
      });
    }
    for (const [key, found] of inEntry) {
      const seenName = names.get(key) ?? { name: found.name, count: 0, offered: false };
      seenName.count++;
      seenName.offered ||= found.offered;
      names.set(key, seenName);
    }
    for (const [key, label] of tagsInEntry) {
      const tag = tags.get(key) ?? { name: label, count: 0 };
      tag.count++;
      tags.set(key, tag);
    }
    if (duplicates.has(entry.date, entryWords(entry))) {
      duplicateCount++;
      if (duplicateWhere.length < SAMPLES) duplicateWhere.push(entry.where);
    }
    if (entry.sourceId) seen.add(entry.sourceId);
    for (const target of entry.linksTo ?? []) linked.add(target);
    if (keeping) {
      // JSON has no raw line breaks: one entry a line.
      batch.push(JSON.stringify(entry));
      if (batch.length === PREPARED_BATCH) pack();
    }
    if (entries % 1000 === 0) {
      progress.onProgress?.(entries, null);
      if (progress.isCancelled?.()) throw cancelled();
      await tick();
    }
  }
  // Locking cancels the preview's job: what it read is not kept past a lock.
  if (progress.isCancelled?.()) throw cancelled();
  const dangling = [...linked].filter((t) => !seen.has(t)).length;
  ctx.findings.add('danglingEntryLinks', path.basename(source), dangling);
  pack();
  if (keeping && key) keepPrepared(key, ctx, kept);
  const candidates: ImportCandidate[] = [...names.values()]
    .sort((a, b) => Number(b.offered) - Number(a.offered) || b.count - a.count || a.name.localeCompare(b.name))
    .map((c) => {
      const match = findPersonByName(db, c.name);
      return { name: c.name, count: c.count, match: match ? { id: match.id, name: match.name } : null, as: c.offered ? 'name' : 'tag' };
    });
  const zone = ctx.findings.list().find((f) => f.key === 'zoneFallback');
  return {
    entries,
    candidates,
    firstDate,
    lastDate,
    tags: [...tags.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    photos: { ...ctx.findings.photos },
    zoneFallbacks: { count: zone?.count ?? 0, where: zone?.where ?? [] },
    duplicates: { count: duplicateCount, where: duplicateWhere },
    undated: { count: ctx.findings.undatedCount, lines: ctx.findings.undated },
    timeFormat: ctx.findings.timeFormat,
    people: [...ctx.exportPeople].map(([id, p]) => ({ id, name: p.name, present: getPerson(db, id) !== null })),
    findings: ctx.findings.list().filter((f) => f.key !== 'zoneFallback'),
  };
}

async function previewMutual(db: Db, source: string, progress: ImportProgress): Promise<ImportPreview> {
  // Mutual's own export carries person ids, and the import links by id: a person with the same
  // name but another id comes in as a separate record (merge them afterwards if they are one).
  const { people, photos } = await readMutualPeople(source);
  const beside = mutualPhotoFiles(source, photos);
  const counted = { found: 0, missing: 0 };
  const where = path.basename(source);
  const findings = new Findings();
  for (const real of beside.values()) {
    const problem = problemOfFile(real, MAX_PHOTO_BYTES);
    if (problem) findings.add('photosUnreadable', where, 1, `${path.basename(real)}: ${problem}`);
    else if (HEIC_NAME.test(real)) findings.add('heicKept', where, 1, path.basename(real));
  }
  const photoIsHere = (id: string) => beside.has(id) || getPhoto(db, id) !== null;
  let entries = 0;
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for await (const { index, value } of readMutualEntries(source)) {
    entries++;
    const doc = (value as { doc?: { content?: DocNode[] } } | null)?.doc;
    walkNodes(doc?.content, (n) => {
      if (n.type !== 'image') return;
      if (photoIsHere(String(n.attrs?.photoId ?? ''))) counted.found++;
      else {
        counted.missing++;
        findings.add('images', `${where}, entry ${index + 1}`);
      }
    });
    const date = (value as { date?: unknown } | null)?.date;
    if (typeof date === 'string') {
      if (!firstDate || date < firstDate) firstDate = date;
      if (!lastDate || date > lastDate) lastDate = date;
    }
    if (entries % 1000 === 0) progress.onProgress?.(entries, null);
  }
  return {
    entries,
    candidates: [],
    firstDate,
    lastDate,
    tags: [],
    photos: counted,
    zoneFallbacks: { count: 0, where: [] },
    duplicates: { count: 0, where: [] },
    undated: { count: 0, lines: [] },
    timeFormat: null,
    people: people.map((p) => ({ id: p.id, name: p.name, present: getPerson(db, p.id) !== null })),
    findings: findings.list(),
  };
}

/**
 * The photos a Mutual JSON export lists whose file is there — inside the `<name>-photos/` folder
 * beside it, never anywhere else (a `file` leading out of it, by `..` or a link, is not read):
 * export id → the file's real path.
 */
function mutualPhotoFiles(source: string, photos: ExportedPhoto[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!photos.length) return out;
  const folder = photosFolderBeside(source);
  const base = path.basename(folder);
  for (const photo of photos) {
    const file = photo.file.replace(/\\/g, '/');
    // `file` is relative to the JSON's folder and starts with the photos folder's name.
    const inFolder = file.startsWith(`${base}/`) ? file.slice(base.length + 1) : null;
    if (!inFolder) continue;
    const real = fileInside(folder, inFolder);
    if (real && real !== 'outside') out.set(photo.id, real);
  }
  return out;
}

async function readMutualPeople(source: string): Promise<{ people: ExportedPerson[]; photos: ExportedPhoto[] }> {
  const head = await readMutualHead(source);
  const file = path.basename(source);
  if (head.format !== 'mutual-export') throw badImport(file, 'it is not a Mutual export (its "format" is not "mutual-export")');
  if (typeof head.version !== 'number' || head.version > EXPORT_FORMAT_VERSION) throw badImport(file, `it was written by a newer Mutual (format version ${String(head.version)}); update Mutual to import it`);
  const people = (head.people as unknown[]).map((p, i) => {
    const parsed = exportedPersonSchema.safeParse(p);
    if (!parsed.success) throw badImport(`${file}, person ${i + 1}`, parsed.error.issues[0]?.message ?? 'it is not a person');
    return parsed.data;
  });
  // A photo listed wrongly is one photo that does not come, never a failed import.
  const photos = (head.photos as unknown[]).flatMap((p) => {
    const parsed = exportedPhotoSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
  return { people, photos };
}

/** Runs `work` inside one transaction that spans awaits; commits only if it finishes. */
async function allOrNothing<T>(db: Db, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export async function runImport(db: Db, format: ImportFormat, source: string, decisions: PeopleDecisions = {}, progress: ImportProgress = {}, choices: ImportChoices = {}): Promise<ImportSummary> {
  try {
    return await allOrNothing(db, () => (format === 'json' ? importMutual(db, source, progress) : importForeign(db, format, source, decisions, progress, choices)));
  } finally {
    forgetPreparedImport();
  }
}

/** The entries to write: what the preview kept when the source is unchanged, else read again. */
function entriesFor(format: Exclude<ImportFormat, 'json'>, source: string, choices: ImportChoices, progress: ImportProgress): { ctx: ReadContext; entries: AsyncIterable<ForeignEntry> } {
  const kept = takePrepared();
  const { key, bytes } = sourceKey(format, source, choices);
  if (kept && kept.key === key) {
    return {
      ctx: kept.ctx,
      entries: (async function* () {
        for (let i = 0; i < kept.batches.length; i++) {
          const packed = kept.batches[i]!;
          // Each batch is let go once read, so the memory it took is given back as the import goes.
          kept.batches[i] = EMPTY;
          for (const line of zlib.inflateRawSync(packed).toString('utf8').split('\n')) yield JSON.parse(line) as ForeignEntry;
        }
      })(),
    };
  }
  const ctx = new ReadContext({ timeFormat: choices.timeFormat ?? null });
  // This thread writes what the workers parse, as they parse it.
  return { ctx, entries: readForeign(format, source, ctx, { workers: parseWorkerCount(bytes), isCancelled: progress.isCancelled, stop: cancelled }) };
}

function undatedRefusal(ctx: ReadContext): MutualError {
  const first = ctx.findings.undated[0]!;
  const n = ctx.findings.undatedCount;
  return new MutualError(
    'BAD_INPUT',
    `${n === 1 ? 'A line' : `${n} lines`} of ${first.where} could not be dated (line ${first.line}: “${first.text.slice(0, 60)}”). Nothing was imported. Give the time format your jrnl uses (its config's timeformat), or confirm that ${n === 1 ? 'that line stays' : 'those lines stay'} text of the entry above.`,
  );
}

type Person = { id: string; name: string };

async function importForeign(db: Db, format: Exclude<ImportFormat, 'json'>, source: string, decisions: PeopleDecisions, progress: ImportProgress, choices: ImportChoices): Promise<ImportSummary> {
  const files = photoFilesFor(format, source, MAX_PHOTO_BYTES);
  try {
    await files.ready();
    return await importForeignWith(db, format, source, decisions, progress, choices, files);
  } finally {
    files.close();
  }
}

/** Why storePhoto refused a file, in a few words (its full message is for one photo added by hand). */
function refusal(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/not a photo Mutual can read/.test(message)) return 'not a photo Mutual can read, or damaged';
  if (/\(SVG, PDF\)/.test(message)) return 'a drawing or document (SVG, PDF), which Mutual does not keep';
  if (/ MB/.test(message)) return 'larger than Mutual keeps (50 MB)';
  if (error instanceof MutualError) return 'not a photo Mutual can read, or damaged';
  return 'it could not be read';
}

/** Whether storePhoto's failure is the file's (refused, unreadable) rather than the journal's. */
function fileProblem(error: unknown): boolean {
  if (error instanceof MutualError) return error.code === 'BAD_INPUT';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/**
 * Stores the photos an import brings, each file once: reference → the stored photo's id, or null
 * when it does not come (missing, outside what was imported, on the web, or refused by storePhoto,
 * counted with its reason). One photo never fails the import.
 */
class PhotoBringer {
  private readonly stored = new Map<string, string | null>();
  readonly findings = new Findings();
  count = 0;

  constructor(
    private readonly db: Db,
    private readonly files: PhotoFiles,
    private readonly progress: ImportProgress,
  ) {}

  idOf(ref: string): string | null {
    return this.stored.get(ref) ?? null;
  }

  async bring(ref: string, where: string): Promise<void> {
    if (this.stored.has(ref)) return;
    let id: string | null = null;
    if (this.files.check(ref) === 'found') {
      try {
        const photo = await storePhoto(this.db, this.files.source(ref));
        id = photo.id;
        this.count++;
        if (!photo.shown) this.findings.add('heicKept', where, 1, refFileName(ref));
      } catch (error) {
        if (!fileProblem(error)) throw error;
        // What the file's first bytes say (as the preview said it) names the reason best.
        this.findings.add('photosUnreadable', where, 1, `${refFileName(ref)}: ${this.files.problem(ref) ?? refusal(error)}`);
      }
      if (this.progress.isCancelled?.()) throw cancelled();
    }
    this.stored.set(ref, id);
  }
}

async function importForeignWith(db: Db, format: Exclude<ImportFormat, 'json'>, source: string, decisions: PeopleDecisions, progress: ImportProgress, choices: ImportChoices, files: PhotoFiles): Promise<ImportSummary> {
  const { ctx, entries } = entriesFor(format, source, choices, progress);
  const photos = new PhotoBringer(db, files, progress);
  const byName = new Map(Object.entries(decisions).map(([n, d]) => [n.trim().toLocaleLowerCase(), d]));
  const resolved = new Map<string, Person | null>();
  let peopleCreated = 0;
  const personFor = (name: string): Person | null => {
    const key = name.trim().toLocaleLowerCase();
    if (resolved.has(key)) return resolved.get(key)!;
    const decision = byName.get(key) ?? 'ignore';
    let person: Person | null = null;
    if (decision === 'create') {
      person = upsertPerson(db, { name: name.trim() });
      peopleCreated++;
    } else if (typeof decision === 'object') {
      person = getPerson(db, decision.personId);
      if (!person) throw new MutualError('BAD_INPUT', `The person chosen for “${name}” is no longer in your journal.`);
    }
    resolved.set(key, person);
    return person;
  };
  // A Mutual Markdown export's people/ come in with their ids, so its mentions find them.
  const byId = new Map<string, Person | null>();
  const personById = (id: string): Person | null => {
    if (!byId.has(id)) {
      let person: Person | null = getPerson(db, id);
      const exported = ctx.exportPeople.get(id);
      if (!person && exported) {
        const kind: PersonKind = (personKinds as readonly string[]).includes(exported.kind) ? (exported.kind as PersonKind) : 'friend';
        const now = nowIso();
        insertPerson(db, { id, name: exported.name, kind, kindChosen: true, care: '', needs: '', boundaries: '', notes: '', archived: false, createdAt: now, updatedAt: now });
        const photoId = exported.photo ? photos.idOf(exported.photo) : null;
        if (photoId) setPersonPhotoId(db, id, photoId);
        peopleCreated++;
        person = { id, name: exported.name };
      }
      byId.set(id, person ? { id: person.id, name: person.name } : null);
    }
    return byId.get(id)!;
  };
  const here = new Map<string, boolean>();
  const photoHere = (id: string) => {
    if (!here.has(id)) here.set(id, id !== '' && getPhoto(db, id) !== null);
    return here.get(id)!;
  };
  /** The photos an entry shows, and the photos of the exported people it mentions, stored before it is settled. */
  const bringPhotos = async (entry: ForeignEntry) => {
    for (const blocks of blocksOf(entry)) {
      if (!hasPhotoRefs(blocks) && !ctx.exportPeople.size) continue;
      for (const node of photoRefsIn(blocks)) await photos.bring(importRefOf(node)!, entry.where);
      if (!ctx.exportPeople.size) continue;
      const wanted: string[] = [];
      walkNodes(blocks, (n) => {
        const id = n.type === NAME_NODE ? nameAttrs(n).personId : undefined;
        const photo = id ? ctx.exportPeople.get(id)?.photo : undefined;
        if (id && photo && !byId.has(id) && getPerson(db, id) === null) wanted.push(photo);
      });
      for (const photo of wanted) await photos.bring(photo, entry.where);
    }
  };
  const settle = (nodes: DocNode[] | undefined, danglingHrefs: Set<string>): DocNode[] => {
    const out: DocNode[] = [];
    for (const node of nodes ?? []) {
      if (node.type === NAME_NODE) {
        const a = nameAttrs(node);
        const person = (a.personId ? personById(a.personId) : null) ?? personFor(a.name);
        const label = cleanTagName(a.name);
        if (person) out.push({ type: 'mention', attrs: { id: person.id, label: person.name } });
        else if (a.fallback === 'tag' && label) out.push({ type: 'tag', attrs: { label } });
        else if (a.text) out.push({ type: 'text', text: a.text, ...(a.marks?.length ? { marks: a.marks } : {}) });
        continue;
      }
      if (importRefOf(node) !== null) {
        const photoId = photos.idOf(importRefOf(node)!);
        out.push(photoId ? { type: 'image', attrs: { photoId, alt: typeof node.attrs?.alt === 'string' ? node.attrs.alt : '' } } : photoPlaceholder(node));
        continue;
      }
      if (node.type === 'image' && !photoHere(String(node.attrs?.photoId ?? ''))) {
        // A photo of another journal: its description stays, marked as a photo that did not come.
        const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt ? `: ${node.attrs.alt}` : '';
        out.push({ type: 'paragraph', content: [{ type: 'text', text: `Photo not included in the export${alt}`, marks: [{ type: 'italic' }] }] });
        continue;
      }
      if (node.type === 'text' && danglingHrefs.size && node.marks?.some((m) => m.type === 'link' && danglingHrefs.has(String(m.attrs?.href)))) {
        const marks = node.marks.filter((m) => !(m.type === 'link' && danglingHrefs.has(String(m.attrs?.href))));
        out.push({ type: 'text', text: node.text ?? '', ...(marks.length ? { marks } : {}) });
        continue;
      }
      out.push(node.content ? { ...node, content: settle(node.content, danglingHrefs) } : node);
    }
    return out;
  };

  const duplicates = choices.skipDuplicates ? new Duplicates(db) : null;
  const skipped = { duplicates: 0, empty: 0 };
  const now = nowIso();
  const indexer = new ImportIndexer(db);
  let count = 0;
  const write = (entry: ForeignEntry, danglingHrefs: Set<string>) => {
    let doc: EntryDoc;
    if (entry.own) {
      const own = entry.own;
      doc = docOfSections(Object.fromEntries(sectionKinds.map((k) => [k, settle(own.sections[k], danglingHrefs)])) as Record<(typeof sectionKinds)[number], DocNode[]>);
    } else {
      doc = emptyDoc();
      doc.content[3] = emptySection('note', settle(entry.blocks, danglingHrefs));
    }
    const d = derivedForImport(db, doc, entry.where);
    const id = entry.sourceId ? ctx.entryIdFor(entry.sourceId) : entry.own?.id && !entryIdExists(db, entry.own.id) ? entry.own.id : crypto.randomUUID();
    const seq = entry.own
      ? insertEntryAsIs(db, { id, date: entry.date, writtenAt: entry.writtenAt, doc: JSON.stringify(d.doc), texts: d.texts, createdAt: entry.createdAt ?? now, updatedAt: entry.own.updatedAt ?? entry.createdAt ?? now })
      : insertEntry(db, { id, date: entry.date, writtenAt: entry.writtenAt, doc: JSON.stringify(d.doc), texts: d.texts, now });
    writeDerivedFor(db, seq, d, entry.date);
    indexer.add(seq, d);
    duplicates?.wrote(seq);
    count++;
  };

  // Day One entries that link to an entry further on wait until the end, when it is known whether
  // that entry is in the export at all (a link to one that is not stays text).
  const seen = new Set<string>();
  const waiting: ForeignEntry[] = [];
  let read = 0;
  for await (const entry of entries) {
    if (ctx.findings.undatedCount > 0 && !choices.keepUndated) throw undatedRefusal(ctx);
    read++;
    if (duplicates?.has(entry.date, entryWords(entry))) {
      skipped.duplicates++;
    } else {
      if (entry.sourceId) seen.add(entry.sourceId);
      if ((entry.linksTo ?? []).some((t) => !seen.has(t))) waiting.push(entry);
      else {
        await bringPhotos(entry);
        write(entry, new Set());
      }
    }
    if (read % 200 === 0) {
      progress.onProgress?.(count, null);
      await tick();
      if (progress.isCancelled?.()) throw cancelled();
    }
  }
  if (ctx.findings.undatedCount > 0 && !choices.keepUndated) throw undatedRefusal(ctx);
  for (const entry of waiting) {
    const dangling = new Set((entry.linksTo ?? []).filter((t) => !seen.has(t)).map((t) => `mutual:entry/${ctx.entryIdFor(t)}`));
    await bringPhotos(entry);
    write(entry, dangling);
  }
  indexer.flush();
  skipped.empty = ctx.findings.count('emptySkipped');
  progress.onProgress?.(count, count);
  const photoFindings = photos.findings.list();
  return { entries: count, peopleCreated, ...(skipped.duplicates || skipped.empty ? { skipped } : {}), ...(photos.count ? { photos: photos.count } : {}), ...(photoFindings.length ? { findings: photoFindings } : {}) };
}

async function importMutual(db: Db, source: string, progress: ImportProgress): Promise<ImportSummary> {
  const { people, photos } = await readMutualPeople(source);
  const file = path.basename(source);
  // The photos first: export id → the id stored here (the same photo when this journal has it).
  const beside = mutualPhotoFiles(source, photos);
  const storedIds = new Map<string, string>();
  const findings = new Findings();
  let photosStored = 0;
  for (const [exportId, real] of beside) {
    try {
      const photo = await storePhoto(db, () => fileBytes(real));
      storedIds.set(exportId, photo.id);
      photosStored++;
      if (!photo.shown) findings.add('heicKept', file, 1, path.basename(real));
    } catch (error) {
      if (!fileProblem(error)) throw error;
      findings.add('photosUnreadable', file, 1, `${path.basename(real)}: ${problemOfFile(real, MAX_PHOTO_BYTES) ?? refusal(error)}`);
    }
    if (progress.isCancelled?.()) throw cancelled();
    await tick();
  }
  const photoIdHere = (id: string | null | undefined): string | null => (id ? (storedIds.get(id) ?? (!beside.has(id) && getPhoto(db, id) !== null ? id : null)) : null);
  let peopleCreated = 0;
  for (const p of people) {
    if (getPerson(db, p.id)) continue;
    const { details, photoId, ...person } = p;
    insertPerson(db, person);
    const here = photoIdHere(photoId);
    if (here) setPersonPhotoId(db, p.id, here);
    for (const d of details) insertDetail(db, { ...d, personId: p.id }, nowIso());
    peopleCreated++;
  }
  const indexer = new ImportIndexer(db);
  let count = 0;
  for await (const { index, value } of readMutualEntries(source)) {
    const parsed = exportedEntrySchema.safeParse(value);
    if (!parsed.success) throw badImport(`${file}, entry ${index + 1}`, parsed.error.issues[0]?.message ?? 'it is not an entry');
    importOwnEntry(db, indexer, withPhotosHere(parsed.data, photoIdHere), `${file}, entry ${index + 1}`);
    count++;
    if (count % 200 === 0) {
      progress.onProgress?.(count, null);
      await tick();
      if (progress.isCancelled?.()) throw cancelled();
    }
  }
  indexer.flush();
  progress.onProgress?.(count, count);
  const photoFindings = findings.list();
  return { entries: count, peopleCreated, ...(photosStored ? { photos: photosStored } : {}), ...(photoFindings.length ? { findings: photoFindings } : {}) };
}

async function* fileBytes(file: string): AsyncGenerator<Buffer> {
  for await (const piece of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) yield piece as Buffer;
}

/** An exported entry with its photos' ids those stored here, and a placeholder for each photo that did not come. */
function withPhotosHere(entry: ExportedEntry, photoIdHere: (id: string) => string | null): ExportedEntry {
  const change = (nodes: DocNode[] | undefined): DocNode[] | undefined =>
    nodes?.map((node) => {
      if (node.type === 'image') {
        const here = photoIdHere(String(node.attrs?.photoId ?? ''));
        if (here) return { ...node, attrs: { ...node.attrs, photoId: here } };
        const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt ? `: ${node.attrs.alt}` : '';
        return { type: 'paragraph', content: [{ type: 'text', text: `Photo not included in the export${alt}`, marks: [{ type: 'italic' as const }] }] };
      }
      return node.content ? { ...node, content: change(node.content) } : node;
    });
  if (!JSON.stringify(entry.doc).includes('"image"')) return entry;
  return { ...entry, doc: { ...entry.doc, content: entry.doc.content.map((section) => ({ ...section, content: change(section.content)! })) as EntryDoc['content'] } };
}

/** What a save would derive from an imported document (checked as a save checks it), with any problem naming the file and entry. */
function derivedForImport(db: Db, doc: EntryDoc, where: string, validate = true): ReturnType<typeof derivedFor> {
  try {
    return derivedFor(db, validate ? validEntryDoc(doc) : doc);
  } catch (error) {
    if (error instanceof MutualError) throw badImport(where, error.message.replace(/\.$/, '').toLowerCase());
    throw error;
  }
}

function importOwnEntry(db: Db, indexer: ImportIndexer, entry: ExportedEntry, where: string): void {
  // The export's schema already validated the document.
  const d = derivedForImport(db, entry.doc, where, false);
  // An entry already here (importing the same export twice) keeps its id; the copy gets a new one.
  const id = entryIdExists(db, entry.id) ? crypto.randomUUID() : entry.id;
  const seq = insertEntryAsIs(db, { id, date: entry.date, writtenAt: entry.writtenAt ?? null, doc: JSON.stringify(d.doc), texts: d.texts, createdAt: entry.createdAt, updatedAt: entry.updatedAt });
  writeDerivedFor(db, seq, d, entry.date);
  indexer.add(seq, d);
}
