/**
 * Export the journal — whole, about one person, or for dates — to Mutual's JSON format
 * (electron/shared/exportFormat.ts) or to a folder of Markdown files. Exports are plaintext: the
 * callers (app and command) say so before writing, and each export says so itself (a "notice" in
 * the JSON, a README file in the Markdown folder). Nothing is left half-written and nothing is
 * replaced: JSON goes to a temporary file linked into place, Markdown to a temporary folder
 * renamed into place (electron/core/outputs.ts), never inside the journal folder. Photos go beside
 * as files (exportPhotos.ts): a `<name>-photos/` folder beside the JSON, `photos/` in the
 * Markdown folder; the JSON file is published only once its photos are in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EntryDoc } from '../../shared/doc';
import type { ExportedEntry, ExportedPerson } from '../../shared/exportFormat';
import { EXPORT_FORMAT_VERSION } from '../../shared/exportFormat';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../shared/exportWarning';
import { personKindLabels } from '../../shared/contract';
import { MutualError } from '../../shared/result';
import { entryRowsBySeqs, entrySeqsFor, peopleOfEntries } from '../db/repos/entries';
import { getPerson, listDetails, listPeopleSummaries } from '../db/repos/people';
import { DIR_MODE, FILE_MODE, translateFsError } from '../fsutil';
import { journalFolderOf, prepareOutput, publishNewFile, publishNewFolder, tempBeside } from '../outputs';
import type { Db } from '../db/connection';
import { entryToMarkdownFile } from '../markdown/entryFile';
import { photoIdsForExport, photosFolderBeside, writePhotoFiles } from './exportPhotos';
import { yamlString } from './markdown';

export interface ExportOptions {
  personId?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface Progress {
  /** Called after each batch with entries done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between batches; when it returns true the export stops and leaves nothing behind. */
  isCancelled?: () => boolean;
}

export { EXPORT_NOT_ENCRYPTED_WARNING };

const BATCH = 500;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ExportCancelled extends MutualError {
  constructor() {
    super('BAD_INPUT', 'The export was cancelled; nothing was written.');
  }
}

function peopleFor(db: Db, opts: ExportOptions): ExportedPerson[] {
  const all = listPeopleSummaries(db, true);
  const chosen = opts.personId ? all.filter((p) => p.id === opts.personId) : all;
  if (opts.personId && chosen.length === 0) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  return chosen.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindChosen: p.kindChosen,
    care: p.care,
    needs: p.needs,
    boundaries: p.boundaries,
    notes: p.notes,
    archived: p.archived,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    details: listDetails(db, p.id).map((d) => ({ id: d.id, text: d.text, notedOn: d.notedOn, remindOn: d.remindOn })),
    photoId: p.photoId,
  }));
}

async function forEachEntryBatch(db: Db, opts: ExportOptions, progress: Progress, visit: (entries: ExportedEntry[], seqs: number[]) => void): Promise<number> {
  const seqs = entrySeqsFor(db, opts);
  progress.onProgress?.(0, seqs.length);
  for (let i = 0; i < seqs.length; i += BATCH) {
    if (progress.isCancelled?.()) throw new ExportCancelled();
    const batch = seqs.slice(i, i + BATCH);
    const rows = entryRowsBySeqs(db, batch);
    visit(
      rows.map((r) => ({ id: r.id, date: r.date, writtenAt: r.written_at, createdAt: r.created_at, updatedAt: r.updated_at, doc: JSON.parse(r.doc) as EntryDoc })),
      rows.map((r) => r.seq),
    );
    progress.onProgress?.(Math.min(i + BATCH, seqs.length), seqs.length);
    await tick();
  }
  return seqs.length;
}

/** Writes Mutual's JSON export to `outFile`, a new file outside the journal folder. Returns the number of entries written. */
export async function exportJson(db: Db, outFile: string, opts: ExportOptions = {}, progress: Progress = {}): Promise<{ entries: number; people: number; photos: number }> {
  const people = peopleFor(db, opts);
  const journalDirs = [journalFolderOf(db)];
  prepareOutput(outFile, journalDirs, 'export');
  const photoIds = photoIdsForExport(db, entrySeqsFor(db, opts), people.map((p) => p.photoId));
  const photosDir = photoIds.length ? photosFolderBeside(outFile) : null;
  if (photosDir) prepareOutput(photosDir, journalDirs, 'export');
  const temp = tempBeside(outFile, 'export');
  const photosStaging = photosDir ? tempBeside(photosDir, 'export') : null;
  let photosPublished = false;
  let fd: number | undefined;
  try {
    const photos = photosDir && photosStaging ? writePhotoFiles(db, photoIds, photosStaging, `${path.basename(photosDir)}/`) : [];
    const written = new Set(photos.map((p) => p.id));
    for (const p of people) if (p.photoId && !written.has(p.photoId)) p.photoId = null;
    fd = fs.openSync(temp, 'wx', FILE_MODE);
    // Written as a stream of entries so a large journal never sits in memory as one string.
    const head = [
      `{`,
      ` "format": "mutual-export",`,
      ` "version": ${EXPORT_FORMAT_VERSION},`,
      ` "notice": ${JSON.stringify(EXPORT_NOT_ENCRYPTED_WARNING)},`,
      ` "exportedAt": ${JSON.stringify(new Date().toISOString())},`,
      ` "people": ${JSON.stringify(people)},`,
      ...(photos.length ? [` "photos": ${JSON.stringify(photos)},`] : []),
      ` "entries": [`,
    ];
    fs.writeSync(fd, `${head.join('\n')}\n`);
    let first = true;
    const count = await forEachEntryBatch(db, opts, progress, (entries) => {
      for (const entry of entries) {
        fs.writeSync(fd!, `${first ? '' : ',\n'}  ${JSON.stringify(entry)}`);
        first = false;
      }
    });
    fs.writeSync(fd, '\n ]\n}\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The photos first: the export never points at files that are not there.
    if (photosDir && photosStaging) {
      publishNewFolder(photosStaging, photosDir);
      photosPublished = true;
    }
    publishNewFile(temp, outFile);
    return { entries: count, people: people.length, photos: photos.length };
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    if (photosStaging) fs.rmSync(photosStaging, { recursive: true, force: true });
    if (photosPublished && photosDir) fs.rmSync(photosDir, { recursive: true, force: true });
    throw translateFsError(error);
  }
}

function safeFileName(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  const cleaned = text.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').replace(/\s+/g, ' ').trim().slice(0, 80);
  return cleaned.replace(/^\.+/, '') || 'unnamed';
}

/** A person's file; `photoFile` their photo's address from the people/ folder. */
function personMarkdown(p: ExportedPerson, photoFile: string | null): string {
  const lines = ['---', `id: ${yamlString(p.id)}`, `name: ${yamlString(p.name)}`, `kind: ${p.kind}`, `archived: ${p.archived}`];
  if (photoFile) lines.push(`photo: ${yamlString(photoFile)}`);
  lines.push('---', '', `# ${p.name}`, '');
  if (photoFile) lines.push(`![${p.name.replace(/[[\]\\]/g, '\\$&')}](${photoFile})`, '');
  lines.push(`${personKindLabels[p.kind]}`);
  const field = (title: string, value: string) => value.trim() && lines.push('', `## ${title}`, '', value.trim());
  field('How they like to receive care', p.care);
  field('Needs', p.needs);
  field('Boundaries', p.boundaries);
  field('Notes', p.notes);
  if (p.details.length) {
    lines.push('', '## Details they shared', '');
    for (const d of p.details) lines.push(`- ${d.notedOn}: ${d.text}${d.remindOn ? ` (remind on ${d.remindOn})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The plain-text notice at the top of a Markdown export folder; .txt so an import of the folder skips it. */
export const MARKDOWN_NOTICE_FILE = 'NOT ENCRYPTED - README.txt';

function markdownNotice(): string {
  return [
    'Mutual export — NOT ENCRYPTED',
    '',
    EXPORT_NOT_ENCRYPTED_WARNING,
    '',
    'entries/  one Markdown file per journal entry',
    'people/   one Markdown file per person',
    'photos/   the photos they show (when there are any), linked from them',
    '',
    'Your journal itself stays encrypted; only these copies are readable.',
    '',
  ].join('\n');
}

/**
 * Writes one Markdown file per entry (entries/) and per person (people/) into `outDir`, a new
 * (or empty) folder outside the journal folder. The folders are private (0700), the files 0600.
 */
export async function exportMarkdown(db: Db, outDir: string, opts: ExportOptions = {}, progress: Progress = {}): Promise<{ entries: number; people: number; photos: number }> {
  if (opts.personId && !getPerson(db, opts.personId)) throw new MutualError('NOT_FOUND', 'That person is no longer in your journal.');
  const people = peopleFor(db, opts);
  prepareOutput(outDir, [journalFolderOf(db)], 'export', { allowEmptyFolder: true });
  const staging = tempBeside(outDir, 'export');
  const writePrivate = (file: string, text: string) => fs.writeFileSync(file, text, { mode: FILE_MODE, flag: 'wx' });
  try {
    for (const dir of [staging, path.join(staging, 'entries'), path.join(staging, 'people')]) {
      fs.mkdirSync(dir, { mode: DIR_MODE });
      // The mode given to mkdir is narrowed by the umask but never widened; set it outright.
      fs.chmodSync(dir, DIR_MODE);
    }
    writePrivate(path.join(staging, MARKDOWN_NOTICE_FILE), markdownNotice());
    const photoIds = photoIdsForExport(db, entrySeqsFor(db, opts), people.map((p) => p.photoId));
    const photoFiles = new Map(photoIds.length ? writePhotoFiles(db, photoIds, path.join(staging, 'photos'), '../photos/').map((p) => [p.id, p.file]) : []);
    const photoUrl = (id: string) => photoFiles.get(id) ?? null;
    const usedNames = new Set<string>();
    for (const p of people) {
      let name = safeFileName(p.name);
      if (usedNames.has(name.toLowerCase())) name = `${name} (${p.id.slice(0, 8)})`;
      usedNames.add(name.toLowerCase());
      writePrivate(path.join(staging, 'people', `${name}.md`), personMarkdown(p, p.photoId ? photoUrl(p.photoId) : null));
    }
    const count = await forEachEntryBatch(db, opts, progress, (entries, seqs) => {
      const peopleOf = peopleOfEntries(db, seqs);
      entries.forEach((entry, i) => {
        writePrivate(path.join(staging, 'entries', `${entry.date}-${entry.id.slice(0, 8)}.md`), entryToMarkdownFile({ ...entry, writtenAt: entry.writtenAt ?? null }, peopleOf.get(seqs[i]!) ?? [], photoUrl));
      });
    });
    publishNewFolder(staging, outDir);
    return { entries: count, people: people.length, photos: photoFiles.size };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw translateFsError(error);
  }
}
