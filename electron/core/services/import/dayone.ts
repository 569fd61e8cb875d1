/**
 * Day One's JSON export (a folder holding Journal.json and photos/, the .zip of it, or one .json),
 * streamed entry by entry. Export metadata "1.0" (Apple) and newer ones (Android "2024.14", with
 * `pinned`) are read alike: only the keys below matter, any other key is ignored.
 *
 * - Date and time come from `creationDate` (UTC) seen in the entry's own `timeZone` (IANA): an
 *   entry written at 21:38 in Boise ("2004-10-13T03:38:00Z", "America/Boise") is on 2004-10-12,
 *   written at "2004-10-12T21:38:00-06:00". A missing or unknown zone falls back to UTC, counted.
 * - The words: `richText` (Day One's rich text JSON) when present and readable, else `text` read
 *   as Markdown — which undoes the backslash escapes the Apple apps write (`\.`, `\!`, `\-`, `\(`).
 *   Zero-width spaces are removed.
 * - A photo (`dayone-moment://ID` in the text, a photo embedded in the rich text, or one listed in
 *   `photos[]` that the text never shows, added at the end) whose file the export holds
 *   (`photos/<md5>.<type>`, matched through `photos[]` by `identifier`) comes in as the photo
 *   itself, a block of its own (importPhotos.ts); one whose file is missing, and videos, audio and
 *   PDFs, become a visible, searchable placeholder. `dayone2://view?entryId=…` links point at the
 *   imported entry (mutual:entry/<id>).
 * - Tags end the Note (#Travel #绿岛); starred and pinned entries get the tag "starred".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { DocNode } from '../../../shared/doc';
import { isSafeHref } from '../../../shared/doc';
import { isTimeZone, localIsoWithOffset } from '../../../shared/dates';
import { MutualError } from '../../../shared/result';
import type { ReadCounts } from '../../markdown/fromMarkdown';
import { markdownToBlocks, newCounts, textWithNames } from '../../markdown/fromMarkdown';
import type { EntryContext, ForeignEntry, MediaKind } from './common';
import { badImport, cleanText, hasContent, statOrThrow, streamJsonArray, tagLine } from './common';
import { liftPhotoRefs, photoRefNode } from './importPhotos';
import type { SourceItem } from './parseTask';

type Mark = NonNullable<DocNode['marks']>[number];

const ENTRY_LINK = /^dayone2?:\/\/view\?(?:[^#]*&)?entryId=([A-Za-z0-9-]+)/i;
const MOMENT = /^dayone-moment:\/*(?:(photo|video|audio|pdfAttachment|pdf)\/)?([A-Za-z0-9-]+)/i;

const placeholderWords: Record<MediaKind, string> = {
  photo: 'Photo not included in the export',
  video: 'Video not included in the export',
  audio: 'Audio recording not included in the export',
  pdfAttachment: 'PDF not included in the export',
};

/** Where the export's media files are, to tell found from missing. */
export interface MediaFiles {
  has(kind: MediaKind, md5: string, type: string | undefined): boolean;
}

interface MediaRef {
  kind: MediaKind;
  md5: string | undefined;
  type: string | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Whether a zone name is known, asked once per name: building the formatter that checks it is slow. */
const zoneKnown = new Map<string, boolean>();
function usableZone(zone: string): boolean {
  let known = zoneKnown.get(zone);
  if (known === undefined) zoneKnown.set(zone, (known = isTimeZone(zone)));
  return known;
}

function mediaOf(entry: Record<string, unknown>): Map<string, MediaRef> {
  const out = new Map<string, MediaRef>();
  const lists: [string, MediaKind][] = [
    ['photos', 'photo'],
    ['videos', 'video'],
    ['audios', 'audio'],
    ['pdfAttachments', 'pdfAttachment'],
  ];
  for (const [key, kind] of lists) {
    const list = entry[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const o = item as Record<string, unknown>;
      const identifier = str(o.identifier);
      if (identifier) out.set(identifier.toUpperCase(), { kind, md5: str(o.md5), type: str(o.type) ?? str(o.format) });
    }
  }
  return out;
}

/**
 * Reads one Day One entry (any object from its `entries`) into a ForeignEntry, or null when it is
 * empty. Whether the export holds the files of the media it shows is told apart by the import
 * (ctx.media), which knows where the export is.
 */
export function dayOneEntry(value: unknown, where: string, ctx: EntryContext): ForeignEntry | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badImport(where, 'it is not a Day One entry (it needs a creationDate)');
  const entry = value as Record<string, unknown>;
  const creation = str(entry.creationDate);
  if (!creation) throw badImport(where, 'it is not a Day One entry (it needs a creationDate)');
  const moment = new Date(creation);
  if (Number.isNaN(moment.getTime())) throw badImport(where, `“${creation.slice(0, 40)}” is not a date`);
  const zone = str(entry.timeZone);
  const usable = zone !== undefined && usableZone(zone);
  if (!usable) ctx.findings.add('zoneFallback', where, 1, zone ? `“${zone.slice(0, 40)}”` : 'no time zone');
  const writtenAt = localIsoWithOffset(moment, usable ? zone : 'UTC');

  const refs = mediaOf(entry);
  const linksTo: string[] = [];
  const counts = newCounts();
  const usedMedia = new Set<string>();
  const placeholder = (identifier: string, kindHint: string | undefined): DocNode[] => {
    const ref = refs.get(identifier.toUpperCase());
    const kind: MediaKind = ref?.kind ?? (kindHint === 'video' ? 'video' : kindHint === 'audio' ? 'audio' : kindHint?.startsWith('pdf') ? 'pdfAttachment' : 'photo');
    usedMedia.add(identifier.toUpperCase());
    ctx.media(kind, ref?.md5, ref?.type);
    // A photo whose file the export may hold: the import brings it (importPhotos.ts), or these words where it cannot.
    if (kind === 'photo' && ref?.md5) return [photoRefNode(`dayone:${mediaName('photo', ref.md5, ref.type)}`, '', placeholderWords.photo)];
    ctx.findings.add(kind === 'photo' ? 'images' : 'media', where);
    return [{ type: 'text', text: placeholderWords[kind], marks: [{ type: 'italic' }] }];
  };
  const linkHref = (url: string): string | null => {
    const target = ENTRY_LINK.exec(url)?.[1];
    if (target) {
      linksTo.push(target.toUpperCase());
      return `mutual:entry/${ctx.entryIdFor(target)}`;
    }
    return url;
  };

  let blocks: DocNode[] | null = null;
  const richText = str(entry.richText);
  if (richText) {
    blocks = richTextBlocks(richText, { where, counts, linkHref, placeholder, ctx });
    if (!blocks) ctx.findings.add('richTextInvalid', where);
  }
  if (!blocks) {
    const text = cleanText(str(entry.text) ?? '', where);
    blocks = markdownToBlocks(text, {
      where,
      counts,
      findNames: true,
      hashtags: 'text',
      linkHref,
      image: (url, alt) => {
        const moment_ = MOMENT.exec(url);
        if (moment_) return placeholder(moment_[2]!, moment_[1]);
        counts.images++;
        return [{ type: 'text', text: `Image not included${alt ? `: ${alt}` : ''}${url ? ` (${url})` : ''}`, marks: [{ type: 'italic' }] }];
      },
    });
  }
  // Media the entry holds but its text never shows still existed: say so at the end.
  for (const [identifier, ref] of refs) if (!usedMedia.has(identifier)) blocks.push({ type: 'paragraph', content: placeholder(identifier, ref.kind) });
  blocks = liftPhotoRefs(blocks);
  addCounts(ctx, where, counts);

  const tags = Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : [];
  const starred = entry.starred === true || entry.pinned === true;
  const content = hasContent(blocks);
  if (!content && tags.length === 0 && !starred) {
    ctx.findings.add('emptySkipped', where);
    return null;
  }
  if (!content) blocks = [];
  blocks.push(...tagLine(tags, starred ? ['starred'] : []));
  if (['location', 'weather', 'music', 'activity', 'userActivity', 'steps'].some((k) => entry[k] !== undefined)) ctx.findings.add('dayOneDetails', where);

  const uuid = str(entry.uuid);
  return {
    where,
    date: writtenAt.slice(0, 10),
    createdAt: moment.toISOString(),
    writtenAt,
    blocks,
    ...(uuid ? { sourceId: uuid.toUpperCase() } : {}),
    ...(linksTo.length ? { linksTo } : {}),
  };
}

export function addCounts(ctx: Pick<EntryContext, 'findings'>, where: string, counts: ReadCounts): void {
  ctx.findings.add('unsafeLinks', where, counts.unsafeLinks);
  ctx.findings.add('tables', where, counts.tables);
  ctx.findings.add('footnotes', where, counts.footnotes);
  ctx.findings.add('codeBlocks', where, counts.codeBlocks);
}

interface RichTextHooks {
  where: string;
  counts: ReadCounts;
  ctx: EntryContext;
  linkHref: (url: string) => string | null;
  placeholder: (identifier: string, kind: string | undefined) => DocNode[];
}

interface RichLine {
  runs: DocNode[];
  line: Record<string, unknown>;
}

/**
 * Day One's rich text JSON (`{"contents": [{"text", "attributes": {bold, italic, strikethrough,
 * inlineCode, linkURL, highlightedColor, line: {header, listStyle, indentLevel, checked, quote,
 * codeBlock}}} | {"embeddedObjects": [{type, identifier, …}]}]}`) → blocks. Null when it is not
 * that (the entry's Markdown text is used instead).
 */
export function richTextBlocks(json: string, hooks: RichTextHooks): DocNode[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const contents = (parsed as { contents?: unknown } | null)?.contents;
  if (!Array.isArray(contents)) return null;

  const lines: (RichLine | DocNode)[] = [];
  let current: RichLine = { runs: [], line: {} };
  const closeLine = () => {
    lines.push(current);
    current = { runs: [], line: {} };
  };
  for (const part of contents) {
    if (!part || typeof part !== 'object') continue;
    const node = part as { text?: unknown; attributes?: Record<string, unknown>; embeddedObjects?: unknown };
    if (Array.isArray(node.embeddedObjects)) {
      if (current.runs.length) closeLine();
      for (const object of node.embeddedObjects) lines.push(...embedded(object, hooks));
      continue;
    }
    if (typeof node.text !== 'string') continue;
    const attributes = node.attributes ?? {};
    const marks = runMarks(attributes, hooks);
    const lineAttrs = (attributes.line as Record<string, unknown> | undefined) ?? {};
    const pieces = cleanText(node.text, hooks.where).split('\n');
    pieces.forEach((piece, i) => {
      if (i > 0) closeLine();
      // A run's line attributes belong to the line its words are on (the one its \n ends), not
      // to the empty start of the next line.
      const onThisLine = piece !== '' || i < pieces.length - 1;
      if (onThisLine && Object.keys(lineAttrs).length && !Object.keys(current.line).length) current.line = lineAttrs;
      if (piece) current.runs.push(...textWithNames(piece, marks, true));
    });
  }
  if (current.runs.length) closeLine();
  return groupLines(lines, hooks);
}

function runMarks(attributes: Record<string, unknown>, hooks: RichTextHooks): Mark[] {
  if (attributes.inlineCode === true) return [{ type: 'code' }];
  const marks: Mark[] = [];
  if (attributes.bold === true) marks.push({ type: 'bold' });
  if (attributes.italic === true) marks.push({ type: 'italic' });
  if (attributes.strikethrough === true) marks.push({ type: 'strike' });
  if (typeof attributes.highlightedColor === 'string') hooks.ctx.findings.add('highlights', hooks.where);
  if (typeof attributes.linkURL === 'string') {
    const href = hooks.linkHref(attributes.linkURL);
    if (href !== null && isSafeHref(href)) marks.push({ type: 'link', attrs: { href } });
    else hooks.counts.unsafeLinks++;
  }
  return marks;
}

function embedded(object: unknown, hooks: RichTextHooks): DocNode[] {
  if (!object || typeof object !== 'object') return [];
  const o = object as Record<string, unknown>;
  const type = str(o.type) ?? '';
  if (type === 'horizontalRuleLine') return [{ type: 'horizontalRule' }];
  if (['photo', 'video', 'audio', 'pdfAttachment'].includes(type)) return [{ type: 'paragraph', content: hooks.placeholder(str(o.identifier) ?? '', type) }];
  if (type === 'dayOneEntry' && str(o.entryID)) {
    const href = hooks.linkHref(`dayone2://view?entryId=${str(o.entryID)}`);
    return [{ type: 'paragraph', content: [{ type: 'text', text: 'Linked entry', ...(href ? { marks: [{ type: 'link' as const, attrs: { href } }] } : {}) }] }];
  }
  if (type === 'renderableCodeBlock' && str(o.contents)) {
    hooks.counts.codeBlocks++;
    return cleanText(str(o.contents)!, hooks.where)
      .split('\n')
      .map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line, marks: [{ type: 'code' as const }] }] } : { type: 'paragraph' }));
  }
  const url = str(o.url);
  if (url) {
    const safe = isSafeHref(url);
    if (!safe) hooks.counts.unsafeLinks++;
    return [{ type: 'paragraph', content: [{ type: 'text', text: url, ...(safe ? { marks: [{ type: 'link' as const, attrs: { href: url } }] } : {}) }] }];
  }
  return [];
}

const isLine = (item: RichLine | DocNode): item is RichLine => 'runs' in item;

/** Lines → blocks: headings, quotes, code lines, and list lines grouped into (nested) lists. */
function groupLines(items: (RichLine | DocNode)[], hooks: RichTextHooks): DocNode[] {
  const out: DocNode[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (!isLine(item)) {
      out.push(item);
      i++;
      continue;
    }
    const line = item.line;
    const listStyle = str(line.listStyle);
    if (listStyle) {
      let j = i;
      while (j < items.length && isLine(items[j]!) && str((items[j] as RichLine).line.listStyle)) j++;
      out.push(...buildLists(items.slice(i, j) as RichLine[]));
      i = j;
      continue;
    }
    const paragraph: DocNode = item.runs.length ? { type: 'paragraph', content: item.runs } : { type: 'paragraph' };
    const header = Number(line.header ?? 0);
    if (header > 0 && item.runs.length) out.push({ type: 'heading', attrs: { level: header <= 2 ? 3 : 4 }, content: item.runs });
    else if (line.codeBlock === true) {
      hooks.counts.codeBlocks++;
      out.push(item.runs.length ? { type: 'paragraph', content: item.runs.map((r) => (r.type === 'text' ? { ...r, marks: [{ type: 'code' as const }] } : r)) } : { type: 'paragraph' });
    } else if (line.quote === true) {
      // Consecutive quoted lines are one quote.
      const last = out[out.length - 1];
      if (last?.type === 'blockquote' && (items[i - 1] as RichLine | undefined)?.line?.quote === true) last.content!.push(paragraph);
      else out.push({ type: 'blockquote', content: [paragraph] });
    } else out.push(paragraph);
    i++;
  }
  // Day One ends every entry with a line break: an empty last paragraph is not the person's.
  while (out.length && out[out.length - 1]!.type === 'paragraph' && !out[out.length - 1]!.content?.length) out.pop();
  return out;
}

function buildLists(lines: RichLine[]): DocNode[] {
  const root: DocNode[] = [];
  // A stack of open lists by indent level (Day One counts from 1).
  const stack: { level: number; list: DocNode }[] = [];
  for (const line of lines) {
    const level = Math.max(1, Number(line.line.indentLevel ?? 1) || 1);
    const style = str(line.line.listStyle);
    const type = style === 'numbered' ? 'orderedList' : 'bulletList';
    const runs = style === 'checkbox' ? [{ type: 'text', text: line.line.checked === true ? '[x] ' : '[ ] ' }, ...line.runs] : line.runs;
    const item: DocNode = { type: 'listItem', content: [runs.length ? { type: 'paragraph', content: runs } : { type: 'paragraph' }] };
    while (stack.length && (stack[stack.length - 1]!.level > level || (stack[stack.length - 1]!.level === level && stack[stack.length - 1]!.list.type !== type))) stack.pop();
    const top = stack[stack.length - 1];
    if (top && top.level === level) {
      top.list.content!.push(item);
      continue;
    }
    const list: DocNode = type === 'orderedList' ? { type, attrs: { start: 1 }, content: [item] } : { type, content: [item] };
    if (top) {
      const parentItem = top.list.content![top.list.content!.length - 1]!;
      parentItem.content!.push(list);
    } else root.push(list);
    stack.push({ level, list });
  }
  return root;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))));
}

const mediaFolders: Record<MediaKind, string> = { photo: 'photos', video: 'videos', audio: 'audios', pdfAttachment: 'pdfs' };

function mediaName(kind: MediaKind, md5: string, type: string | undefined): string {
  return `${mediaFolders[kind]}/${md5}${type ? `.${type}` : ''}`.toLowerCase();
}

async function* fromStream(stream: NodeJS.ReadableStream, file: string, media: MediaFiles): AsyncGenerator<SourceItem> {
  try {
    for await (const { index, value } of streamJsonArray(stream, 'entries')) yield { task: { kind: 'dayone', value, where: `${file}, entry ${index + 1}` }, media };
  } catch (error) {
    if (error instanceof MutualError) throw error;
    throw badImport(file, `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}

async function* fromZip(file: string): AsyncGenerator<SourceItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch {
    throw badImport(path.basename(file), 'it is not a zip file Mutual can read');
  }
  try {
    const jsonEntries: yauzl.Entry[] = [];
    const names = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.startsWith('__MACOSX')) {
          if (/\.json$/i.test(entry.fileName)) jsonEntries.push(entry);
          // Media sit beside the journal file, in photos/ and the like.
          names.add(entry.fileName.replace(/^.*?(?=(photos|videos|audios|pdfs)\/)/i, '').toLowerCase());
        }
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    if (jsonEntries.length === 0) throw badImport(path.basename(file), 'it holds no Day One journal (.json) file');
    const media: MediaFiles = { has: (kind, md5, type) => names.has(mediaName(kind, md5, type)) };
    for (const entry of jsonEntries) {
      const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err) : resolve(s))));
      yield* fromStream(stream, `${path.basename(file)}/${entry.fileName}`, media);
    }
  } finally {
    zip.close();
  }
}

function folderMedia(dir: string): MediaFiles {
  const listed = new Map<string, Set<string>>();
  return {
    has(kind, md5, type) {
      const folder = mediaFolders[kind];
      let names = listed.get(folder);
      if (!names) {
        try {
          names = new Set(fs.readdirSync(path.join(dir, folder)).map((n) => `${folder}/${n}`.toLowerCase()));
        } catch {
          names = new Set();
        }
        listed.set(folder, names);
      }
      return names.has(mediaName(kind, md5, type));
    },
  };
}

/** The entries of a Day One export as they are stored, unread: dayOneEntry reads each (parseTask.ts). */
export async function* dayOneItems(source: string): AsyncGenerator<SourceItem> {
  const stat = statOrThrow(source);
  if (stat.isFile() && /\.zip$/i.test(source)) return yield* fromZip(source);
  const files = stat.isDirectory() ? fs.readdirSync(source).filter((f) => /\.json$/i.test(f)).sort().map((f) => path.join(source, f)) : [source];
  if (files.length === 0) throw badImport(path.basename(source), 'the folder holds no Day One journal (.json) file');
  const media = folderMedia(stat.isDirectory() ? source : path.dirname(source));
  for (const f of files) yield* fromStream(fs.createReadStream(f), path.basename(f), media);
}
