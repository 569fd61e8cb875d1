/**
 * Readers for what people bring from other journals. Each yields entries one at a time so that a
 * large export is streamed, never loaded whole: Day One JSON (a folder, a .zip or one file;
 * dayone.ts), jrnl's journal file, folder journal or JSON export (jrnl.ts), a folder of Markdown
 * files — Obsidian style, or Mutual's own Markdown export (markdownFolder.ts) — and Mutual's own
 * JSON. Every problem names the file and the entry or line.
 */
import fs from 'node:fs';
import path from 'node:path';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { MutualError } from '../../../shared/result';
import type { ImportFormatName } from '../../../shared/contract';
import type { ForeignEntry, ReadContext } from './common';
import { badImport, statOrThrow, streamJsonArray } from './common';
import { dayOneItems } from './dayone';
import { jrnl } from './jrnl';
import { markdownItems } from './markdownFolder';
import type { ParseInOrderOptions } from './parsePool';
import { parseInOrder } from './parsePool';
import { replayParsed } from './parseTask';

export { importFormats } from '../../../shared/contract';
export type ImportFormat = ImportFormatName;
export type { ForeignEntry } from './common';
export { badImport, ReadContext } from './common';
export { atNames as atMentions } from '../../markdown/fromMarkdown';

/**
 * The entries of another journal, in order. Day One's and Markdown's are parsed by parse workers
 * (parsePool.ts; `parsing` says how many, none by default) and what reading each told is applied
 * to `ctx` here, in order; jrnl's plain text is read here.
 */
export async function* readForeign(format: Exclude<ImportFormat, 'json'>, source: string, ctx: ReadContext, parsing: ParseInOrderOptions = { workers: 0 }): AsyncGenerator<ForeignEntry> {
  if (format === 'jrnl') return yield* jrnl(source, ctx);
  const items = format === 'dayone' ? dayOneItems(source) : markdownItems(source, ctx);
  for await (const { item, outcome } of parseInOrder(items, parsing)) {
    const entry = replayParsed(outcome, ctx, item.media);
    if (entry) yield entry;
  }
}

/** Mutual's own export, streamed: the header and people first, then entries one by one. */
export async function* readMutualEntries(source: string): AsyncGenerator<{ index: number; value: unknown }> {
  statOrThrow(source);
  try {
    yield* streamJsonArray(fs.createReadStream(source), 'entries');
  } catch (error) {
    if (error instanceof MutualError) throw error;
    throw badImport(path.basename(source), `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}

export async function readMutualHead(source: string): Promise<{ format: unknown; version: unknown; people: unknown[]; photos: unknown[] }> {
  statOrThrow(source);
  const head: Record<string, unknown> = {};
  try {
    for (const key of ['format', 'version'] as const) {
      const pipeline = chain([fs.createReadStream(source), parser(), pick({ filter: key, once: true }), (await import('stream-json/streamers/stream-values.js')).streamValues()]);
      for await (const item of pipeline as AsyncIterable<{ value: unknown }>) head[key] = item.value;
    }
    const people: unknown[] = [];
    for await (const { value } of streamJsonArray(fs.createReadStream(source), 'people')) people.push(value);
    // Optional (exports made before photos have none).
    const photos: unknown[] = [];
    for await (const { value } of streamJsonArray(fs.createReadStream(source), 'photos')) photos.push(value);
    return { format: head.format, version: head.version, people, photos };
  } catch (error) {
    throw badImport(path.basename(source), `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}
