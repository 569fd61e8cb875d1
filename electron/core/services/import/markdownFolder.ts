/**
 * A folder of Markdown files (Obsidian and others), or one file; and Mutual's own Markdown export,
 * which it recognises by its front matter and reads back as the documents it was written from.
 *
 * - Front matter is YAML 1.2 (core schema: `time: 11:23` stays "11:23"). `date` (or `created`)
 *   wins over a YYYY-MM-DD in the file name; when both are there and differ, the preview says so.
 *   A time in it (`2024-05-02 21:38`, `2024-05-02T21:38:00-06:00`) is kept as the time of writing.
 * - `tags` (a list, or a string split at commas or spaces; emoji allowed) and `#inline-tags` become
 *   tags; `people`, `@Name` and `[[Wiki links]]` are offered as people; `title` heads the entry.
 *   Other front matter fields are listed in the preview as not imported.
 * - Images: `![description](relative/path.png)` (URL-decoded, relative to the .md file) and
 *   Obsidian's `![[photo.png]]` / `![[photo.png|description]]` (found by name anywhere under the
 *   folder, the nearest first) come in as photos when the file is inside the imported folder
 *   (importPhotos.ts); images on the web, and files outside the folder, stay a placeholder. A
 *   Mutual export's `![description](../photos/<id>.<ext>)` and its people's `photo:` come back
 *   as those photos; its older `mutual:photo/<id>` are the journal's own photos.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocNode } from '../../../shared/doc';
import { MAX_ALT_LENGTH } from '../../../shared/doc';
import { localDateTime } from '../../../shared/exportFormat';
import type { MutualEntryMeta } from '../../markdown/entryFileRead';
import { isMutualEntryMeta, isMutualPersonMeta, mutualEntryMeta, readMutualEntryBody, readYaml, splitFrontMatter } from '../../markdown/entryFileRead';
import { markdownToBlocks, nameNode, newCounts } from '../../markdown/fromMarkdown';
import { addCounts } from './dayone';
import type { EntryContext, ForeignEntry, ReadContext } from './common';
import { badImport, cleanText, hasContent, isRealDay, statOrThrow, tagLine } from './common';
import { liftPhotoRefs, photoRefNode } from './importPhotos';
import type { SourceItem } from './parseTask';

function markdownFiles(dir: string, skip: string | null): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue; // .obsidian, .trash, dotfiles
      const full = path.join(d, entry.name);
      if (full === skip) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

interface FileRead {
  meta: Record<string, unknown>;
  body: string;
}

function readFile(file: string, where: string): FileRead {
  const text = cleanText(fs.readFileSync(file, 'utf8'), where);
  const { front, body } = splitFrontMatter(text);
  if (front === null) return { meta: {}, body };
  let parsed: unknown;
  try {
    parsed = readYaml(front);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    // +1: the opening --- line comes before the YAML.
    throw badImport(`${where}${line ? `, line ${line + 1}` : ''}`, 'its front matter is not valid YAML');
  }
  return { meta: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}, body };
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

interface ReadDate {
  date: string;
  writtenAt: string | null;
  createdAt: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A front matter or file-name date: the day as written, and the time of writing when there is one. */
function readDate(value: string): ReadDate | null {
  const m = DATE_TIME.exec(value.trim());
  if (!m || !isRealDay(m[1]!)) return null;
  const day = m[1]!;
  if (m[2] === undefined) return { date: day, writtenAt: null, createdAt: null };
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  const clock = `${day}T${pad(h)}:${pad(min)}:${pad(s)}`;
  let offset = m[5];
  let moment: Date;
  if (offset) {
    offset = offset === 'Z' ? '+00:00' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
    moment = new Date(`${clock}${offset}`);
  } else {
    // No zone written: the wall clock of this computer's zone, as the notes app kept it.
    const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
    moment = new Date(y, mo - 1, d, h, min, s);
    const east = -moment.getTimezoneOffset();
    offset = `${east < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(east) / 60))}:${pad(Math.abs(east) % 60)}`;
  }
  return { date: day, writtenAt: `${clock}${offset}`, createdAt: moment.toISOString() };
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' || typeof v === 'number' ? [String(v)] : []));
  if (typeof value === 'string') return value.split(value.includes(',') ? ',' : /\s+/).map((s) => s.trim()).filter(Boolean);
  return [];
}

const USED_KEYS = new Set(['date', 'created', 'tags', 'tag', 'people', 'title']);

function foreign(file: FileRead, where: string, fileName: string, ctx: EntryContext): ForeignEntry | null {
  const { meta, body } = file;
  const frontValue = [meta.date, meta.created].find((v) => typeof v === 'string' || typeof v === 'number');
  const front = frontValue !== undefined ? readDate(String(frontValue)) : null;
  if (frontValue !== undefined && !front) throw badImport(where, `its front matter date “${String(frontValue).slice(0, 40)}” is not a date (write it as YYYY-MM-DD, with a time if you like)`);
  const named = /(\d{4}-\d{2}-\d{2})/.exec(fileName)?.[1];
  const byName = named && isRealDay(named) ? readDate(named) : null;
  if (front && byName && front.date !== byName.date) ctx.findings.add('frontMatterDateDisagrees', where, 1, `${front.date} / ${byName.date}`);
  const when = front ?? byName;
  if (!when) throw badImport(where, 'it has no date (add `date:` to its front matter, or start its name with YYYY-MM-DD)');

  const other = Object.keys(meta).filter((k) => !USED_KEYS.has(k));
  if (other.length) ctx.findings.add('frontMatterFields', where, 1, other.slice(0, 4).join(', '));

  const counts = newCounts();
  const from = folderOf(where);
  let blocks: DocNode[] = markdownToBlocks(body, {
    where,
    counts,
    findNames: true,
    hashtags: 'name',
    image: (url, alt) => imageRef(url, alt, from, where, ctx),
    embed: (name, alt) => [photoRefNode(`embed:${from}\u0000${name}`, clip(alt), notIncluded(alt))],
  });
  blocks = liftPhotoRefs(blocks);
  addCounts(ctx, where, counts);
  const title = typeof meta.title === 'string' ? meta.title.trim() : '';
  if (title) blocks.unshift({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: title }] });
  const people = listOf(meta.people).map((p) => p.replace(/^\[\[|\]\]$/g, '').replace(/^@/, '').trim()).filter(Boolean);
  if (people.length) {
    const content: DocNode[] = [];
    for (const name of people) {
      if (content.length) content.push({ type: 'text', text: ' ' });
      content.push(nameNode({ name, fallback: 'text', text: name }));
    }
    blocks.unshift({ type: 'paragraph', content });
  }
  const tags = [...listOf(meta.tags), ...listOf(meta.tag)];
  if (!hasContent(blocks) && tags.length === 0) {
    ctx.findings.add('emptySkipped', where);
    return null;
  }
  blocks.push(...tagLine(tags));
  return { where, date: when.date, writtenAt: when.writtenAt, createdAt: when.createdAt, blocks };
}

function own(file: FileRead, meta: MutualEntryMeta, where: string, ctx: EntryContext): ForeignEntry {
  if (!meta.date || !isRealDay(meta.date)) throw badImport(where, 'its front matter has no date (date: YYYY-MM-DD)');
  const counts = newCounts();
  const person = (id: string | null, name: string): DocNode => {
    const personId = id ?? meta.people.find((p) => p.name === name)?.id ?? undefined;
    return nameNode({ name, fallback: 'text', text: `@${name}`, ...(personId ? { personId } : {}) });
  };
  const from = folderOf(where);
  const read = readMutualEntryBody(file.body, meta, person, file.meta.unsaid, counts, (url, alt) => imageRef(url, alt, from, where, ctx));
  const sections = Object.fromEntries(Object.entries(read.sections).map(([k, blocks]) => [k, liftPhotoRefs(blocks)])) as typeof read.sections;
  addCounts(ctx, where, counts);
  const writtenAt = meta.writtenAt && localDateTime.safeParse(meta.writtenAt).success ? meta.writtenAt : null;
  return { where, date: meta.date, writtenAt, createdAt: meta.createdAt, blocks: [], own: { id: meta.id, updatedAt: meta.updatedAt, sections } };
}

/** The folder of a file relative to the imported folder, with / between names ('' at the top). */
function folderOf(where: string): string {
  const dir = path.dirname(where).split(path.sep).join('/');
  return dir === '.' ? '' : dir;
}

const clip = (alt: string) => alt.slice(0, MAX_ALT_LENGTH);
const notIncluded = (alt: string) => `Image not included${alt ? `: ${alt}` : ''}`;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A Markdown image: a reference to its file (relative to the .md file's folder, URL-decoded), to a
 * web address (never fetched), or — any other kind of address — words saying it was not included.
 * Whether the file is there, and inside the imported folder, the import tells (importPhotos.ts).
 */
function imageRef(url: string, alt: string, from: string, where: string, ctx: EntryContext): DocNode[] {
  const words = notIncluded(alt);
  const address = url.trim();
  if (/^(https?:|\/\/)/i.test(address)) return [photoRefNode(`remote:${address}`, clip(alt), words)];
  // Another scheme (data:, file:, mutual:photo/ out of place): not a file of this folder.
  if (!address || (/^[a-z][a-z0-9+.-]*:/i.test(address) && !/^[a-z]:[\\/]/i.test(address))) {
    ctx.findings.add('images', where);
    return [{ type: 'text', text: words, marks: [{ type: 'italic' }] }];
  }
  const file = safeDecode(address.replace(/[?#].*$/, '')).replace(/\\/g, '/');
  const rel = file.startsWith('/') || /^[a-z]:\//i.test(file) ? file : path.posix.normalize(path.posix.join(from, file));
  return [photoRefNode(`md:${rel}`, clip(alt), words)];
}

/** A person file's photo (`photo: ../photos/<id>.<ext>` in a Mutual export): its reference. */
function personPhotoRef(meta: Record<string, unknown>, where: string): string | undefined {
  if (typeof meta.photo !== 'string' || !meta.photo.trim()) return undefined;
  const file = safeDecode(meta.photo.trim()).replace(/\\/g, '/');
  return `md:${file.startsWith('/') ? file : path.posix.normalize(path.posix.join(folderOf(where), file))}`;
}

/**
 * One Markdown file read: its entry, or null for a person file of a Mutual export (then told to
 * ctx.person) and for an empty one.
 */
export function markdownFileEntry(file: string, where: string, fileName: string, ctx: EntryContext): ForeignEntry | null {
  const read = readFile(file, where);
  if (isMutualPersonMeta(read.meta)) {
    ctx.person(String(read.meta.id), String(read.meta.name), String(read.meta.kind), personPhotoRef(read.meta, where));
    ctx.findings.add('personFile', where);
    return null;
  }
  return isMutualEntryMeta(read.meta) ? own(read, mutualEntryMeta(read.meta), where, ctx) : foreign(read, where, fileName, ctx);
}

/**
 * The Markdown files of a folder (or the one file), unread: markdownFileEntry reads each
 * (parseTask.ts). A Mutual export's people/ are read here first, so its entries' mentions find them.
 */
export async function* markdownItems(source: string, ctx: ReadContext): AsyncGenerator<SourceItem> {
  const stat = statOrThrow(source);
  const root = stat.isDirectory() ? source : path.dirname(source);
  // A Mutual export folder: its people/ are people, read first so the entries' mentions find them.
  const peopleDir = path.join(source, 'people');
  const isExport = stat.isDirectory() && fs.existsSync(path.join(source, 'entries')) && fs.existsSync(peopleDir);
  if (isExport) {
    for (const file of markdownFiles(peopleDir, null)) {
      const where = path.relative(root, file);
      const { meta } = readFile(file, where);
      if (isMutualPersonMeta(meta)) {
        const photo = personPhotoRef(meta, where);
        ctx.exportPeople.set(String(meta.id), { name: String(meta.name), kind: String(meta.kind), ...(photo ? { photo } : {}) });
      }
    }
  }
  const files = stat.isDirectory() ? markdownFiles(source, isExport ? peopleDir : null) : [source];
  for (const file of files) yield { task: { kind: 'markdown', file, where: path.relative(root, file), fileName: path.basename(file) } };
}
