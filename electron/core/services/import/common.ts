/** What every reader of another journal shares: the entry it yields, the reading context, errors. */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import type { DocNode, SectionKind } from '../../../shared/doc';
import { cleanTagName } from '../../../shared/doc';
import { MutualError } from '../../../shared/result';
import { nameNode } from '../../markdown/fromMarkdown';
import type { FindingKey } from './findings';
import { Findings } from './findings';

/** One entry from another journal (or from a Mutual Markdown export). */
export interface ForeignEntry {
  where: string;
  /** The local date it was written on. */
  date: string;
  createdAt: string | null;
  /** Local date and time of writing with its offset, when the source knows it (schema 60). */
  writtenAt: string | null;
  /** The Note section's blocks; name nodes (fromMarkdown.ts, NAME_NODE) are settled by the import. */
  blocks: DocNode[];
  /** A Mutual export's entry: all four sections, its id and times, kept as they were. */
  own?: { id: string | null; updatedAt: string | null; sections: Record<SectionKind, DocNode[]> };
  /** Day One: the entry's uuid, and the uuids of the entries it links to. */
  sourceId?: string;
  linksTo?: string[];
}

export type MediaKind = 'photo' | 'video' | 'audio' | 'pdfAttachment';

/**
 * What reading one entry tells the import besides the entry itself. The readers of single entries
 * (Day One's dayOneEntry, a Markdown file) see only this, never the import's ReadContext, so that
 * they can run in a parse worker: there it is recorded, and the thread that owns the import
 * replays it in entry order (parseTask.ts).
 */
export interface EntryContext {
  readonly findings: { add(key: FindingKey, where: string, count?: number, detail?: string): void };
  /** A photo or other media the entry shows; whether the export holds its file is told apart later. */
  media(kind: MediaKind, md5: string | undefined, type: string | undefined): void;
  /** The id the entry with this Day One uuid gets here (the same for every link to it). */
  entryIdFor(sourceId: string): string;
  /** A Mutual export's person file, met among the entries (`photo`: a reference to its photo, importPhotos.ts). */
  person(id: string, name: string, kind: string, photo?: string): void;
}

/** Shared by the readers of one import: options, what they found, and Day One's entry ids. */
export class ReadContext {
  readonly findings = new Findings();
  /** Day One uuid → the id its entry gets here, made when first seen (as an entry or a link target). */
  readonly entryIds = new Map<string, string>();
  /** People of a Mutual Markdown export's people/ folder, by id. */
  readonly exportPeople = new Map<string, { name: string; kind: string; photo?: string }>();

  constructor(readonly options: { timeFormat?: string | null } = {}) {}

  entryIdFor(sourceId: string): string {
    const key = sourceId.toUpperCase();
    let id = this.entryIds.get(key);
    if (!id) this.entryIds.set(key, (id = globalThis.crypto.randomUUID()));
    return id;
  }
}

export const MAX_TEXT = 200_000;

export function badImport(where: string, problem: string): MutualError {
  return new MutualError('BAD_INPUT', `Could not import ${where}: ${problem}. Nothing was imported; fix or remove that entry and try again.`);
}

/** Text as an entry keeps it: line endings made \n, control characters and zero-width spaces removed. */
export function cleanText(text: string, where: string): string {
  if (text.length > MAX_TEXT) throw badImport(where, 'its text is longer than Mutual keeps in one entry');
  // Zero-width spaces (U+200B) and byte-order marks are invisible and break words for search;
  // joiners (U+200D) stay, emoji need them.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/g, '');
}

export function statOrThrow(source: string): fs.Stats {
  try {
    return fs.statSync(source);
  } catch {
    throw new MutualError('NOT_FOUND', `There is nothing at ${source} to import. Check the path and try again.`);
  }
}

export async function* streamJsonArray(stream: NodeJS.ReadableStream, key: string | null): AsyncGenerator<{ index: number; value: unknown }> {
  const pipeline = chain([stream as Readable, parser(), ...(key ? [pick({ filter: key })] : []), streamArray()]);
  for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) yield { index: item.key, value: item.value };
}

/** A paragraph of tags at the end of a Note (#Travel #绿岛), each of which may be mapped to a person. */
export function tagLine(tags: readonly string[], fixed: readonly string[] = []): DocNode[] {
  const content: DocNode[] = [];
  const seen = new Set<string>();
  const add = (node: DocNode, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    if (content.length) content.push({ type: 'text', text: ' ' });
    content.push(node);
  };
  for (const raw of tags) {
    const name = cleanTagName(raw);
    if (name) add(nameNode({ name, fallback: 'tag', text: `#${name}` }), name.toLowerCase());
  }
  for (const raw of fixed) {
    const name = cleanTagName(raw);
    if (name) add({ type: 'tag', attrs: { label: name } }, name.toLowerCase());
  }
  return content.length ? [{ type: 'paragraph', content }] : [];
}

/** Whether blocks hold anything a person would see. */
export function hasContent(blocks: DocNode[]): boolean {
  const walk = (nodes: DocNode[] | undefined): boolean =>
    (nodes ?? []).some((n) => (n.type === 'text' ? Boolean(n.text?.trim()) : n.type === 'paragraph' || n.type === 'heading' || n.type === 'listItem' || n.type === 'blockquote' || n.type === 'bulletList' || n.type === 'orderedList' || n.type === 'taskList' || n.type === 'taskItem' ? walk(n.content) : true));
  return walk(blocks);
}

const datePart = /^(\d{4})-(\d{2})-(\d{2})/;

/** Whether a YYYY-MM-DD is a real day. */
export function isRealDay(day: string): boolean {
  const m = datePart.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
