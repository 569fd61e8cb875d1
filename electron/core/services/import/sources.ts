/**
 * Readers for what people bring from other journals. Each yields entries one at a time so that a
 * large export is streamed, never loaded whole: Day One JSON (a folder or a .zip), jrnl's JSON
 * export, a folder of Markdown files (front matter or file-name dates, Obsidian style), and
 * Mutual's own JSON. Every problem names the file and the entry or line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { parse as parseYaml } from 'yaml';
import yauzl from 'yauzl';
import { z } from 'zod';
import { MutualError } from '../../../shared/result';

import type { ImportFormatName } from '../../../shared/contract';

export { importFormats } from '../../../shared/contract';
export type ImportFormat = ImportFormatName;

/** One entry from another journal: its text lands in the Note section. */
export interface ForeignEntry {
  where: string;
  date: string;
  createdAt: string | null;
  /** Local date and time of writing with its offset, when the source knows it (schema 60). */
  writtenAt?: string | null;
  text: string;
  /** Names that may be people: @mentions in the text and tags. */
  names: string[];
}

const MAX_TEXT = 200_000;

export function badImport(where: string, problem: string): MutualError {
  return new MutualError('BAD_INPUT', `Could not import ${where}: ${problem}. Nothing was imported; fix or remove that entry and try again.`);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function dateFrom(value: unknown, where: string): { date: string; createdAt: string } {
  if (typeof value !== 'string') throw badImport(where, 'it has no date');
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw badImport(where, `“${value.slice(0, 40)}” is not a date`);
  return { date: isoDay(d), createdAt: d.toISOString() };
}

/** @Name and @"Two Words" in text; names start with a letter. */
export function atMentions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}_.])@(?:"([^"\n]{1,60})"|(\p{Lu}[\p{L}\p{M}'-]{0,40}))/gu)) out.push((m[1] ?? m[2]!).trim());
  return out;
}

function cleanText(text: string, where: string): string {
  if (text.length > MAX_TEXT) throw badImport(where, 'its text is longer than Mutual keeps in one entry');
  // Text is stored as text nodes, never as HTML, so markup stays inert; control characters go.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

async function* streamJsonArray(stream: NodeJS.ReadableStream, key: string | null): AsyncGenerator<{ index: number; value: unknown }> {
  const pipeline = chain([stream as Readable, parser(), ...(key ? [pick({ filter: key })] : []), streamArray()]);
  for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) yield { index: item.key, value: item.value };
}

const dayOneEntry = z.object({
  creationDate: z.string(),
  text: z.string().optional(),
  tags: z.array(z.string()).optional(),
  uuid: z.string().optional(),
});

async function* dayOneFromStream(stream: NodeJS.ReadableStream, file: string): AsyncGenerator<ForeignEntry> {
  try {
    for await (const { index, value } of streamJsonArray(stream, 'entries')) {
      const where = `${file}, entry ${index + 1}`;
      const parsed = dayOneEntry.safeParse(value);
      if (!parsed.success) throw badImport(where, 'it is not a Day One entry (it needs a creationDate)');
      const { date, createdAt } = dateFrom(parsed.data.creationDate, where);
      const text = cleanText((parsed.data.text ?? '').replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1'), where);
      yield { where, date, createdAt, text, names: [...atMentions(text), ...(parsed.data.tags ?? [])] };
    }
  } catch (error) {
    if (error instanceof MutualError) throw error;
    throw badImport(file, `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))));
}

async function* dayOneZip(file: string): AsyncGenerator<ForeignEntry> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch {
    throw badImport(path.basename(file), 'it is not a zip file Mutual can read');
  }
  try {
    const jsonEntries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/\.json$/i.test(entry.fileName) && !entry.fileName.startsWith('__MACOSX')) jsonEntries.push(entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', reject);
      zip.readEntry();
    });
    if (jsonEntries.length === 0) throw badImport(path.basename(file), 'it holds no Day One journal (.json) file');
    for (const entry of jsonEntries) {
      const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err) : resolve(s))));
      yield* dayOneFromStream(stream, `${path.basename(file)}/${entry.fileName}`);
    }
  } finally {
    zip.close();
  }
}

async function* dayOne(source: string): AsyncGenerator<ForeignEntry> {
  const stat = statOrThrow(source);
  if (stat.isFile() && /\.zip$/i.test(source)) return yield* dayOneZip(source);
  const files = stat.isDirectory() ? fs.readdirSync(source).filter((f) => /\.json$/i.test(f)).sort().map((f) => path.join(source, f)) : [source];
  if (files.length === 0) throw badImport(path.basename(source), 'the folder holds no Day One journal (.json) file');
  for (const f of files) yield* dayOneFromStream(fs.createReadStream(f), path.basename(f));
}

const jrnlEntry = z.object({
  date: z.string(),
  time: z.string().optional(),
  title: z.string().optional(),
  body: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

async function* jrnl(source: string): AsyncGenerator<ForeignEntry> {
  statOrThrow(source);
  const file = path.basename(source);
  try {
    for await (const { index, value } of streamJsonArray(fs.createReadStream(source), 'entries')) {
      const where = `${file}, entry ${index + 1}`;
      const parsed = jrnlEntry.safeParse(value);
      if (!parsed.success) throw badImport(where, 'it is not a jrnl entry (it needs a date)');
      const { date, createdAt } = dateFrom(`${parsed.data.date}T${parsed.data.time ?? '00:00'}`, where);
      const text = cleanText([parsed.data.title, parsed.data.body].filter((s) => s && s.trim()).join('\n'), where);
      yield { where, date, createdAt, text, names: [...atMentions(text), ...(parsed.data.tags ?? []).map((t) => t.replace(/^[@#]/, ''))] };
    }
  } catch (error) {
    if (error instanceof MutualError) throw error;
    throw badImport(file, `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue; // .obsidian, .trash, dotfiles
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

async function* markdown(source: string): AsyncGenerator<ForeignEntry> {
  const stat = statOrThrow(source);
  const files = stat.isDirectory() ? markdownFiles(source) : [source];
  for (const file of files) {
    const where = path.relative(stat.isDirectory() ? source : path.dirname(source), file);
    let text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    let meta: Record<string, unknown> = {};
    const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
    if (front) {
      try {
        const parsed = parseYaml(front[1]!, { maxAliasCount: 10 }) as unknown;
        meta = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      } catch (error) {
        const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
        throw badImport(`${where}${line ? `, line ${line + 1}` : ''}`, 'its front matter is not valid YAML');
      }
      text = text.slice(front[0].length);
    }
    const rawDate = meta.date ?? meta.created ?? /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file))?.[1];
    const dateValue = rawDate instanceof Date ? rawDate.toISOString() : typeof rawDate === 'string' ? rawDate : undefined;
    if (!dateValue) throw badImport(where, 'it has no date (add `date:` to its front matter, or start its name with YYYY-MM-DD)');
    const { date, createdAt } = dateFrom(dateValue, where);
    const tags = Array.isArray(meta.tags) ? meta.tags.map(String) : typeof meta.tags === 'string' ? meta.tags.split(/[,\s]+/) : [];
    const people = Array.isArray(meta.people) ? meta.people.map(String) : [];
    const body = cleanText(text.trim(), where);
    yield { where, date, createdAt, text: body, names: [...people, ...atMentions(body), ...tags.map((t) => t.replace(/^#/, ''))].filter(Boolean) };
  }
}

function statOrThrow(source: string): fs.Stats {
  try {
    return fs.statSync(source);
  } catch {
    throw new MutualError('NOT_FOUND', `There is nothing at ${source} to import. Check the path and try again.`);
  }
}

export function readForeign(format: Exclude<ImportFormat, 'json'>, source: string): AsyncGenerator<ForeignEntry> {
  if (format === 'dayone') return dayOne(source);
  if (format === 'jrnl') return jrnl(source);
  return markdown(source);
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

export async function readMutualHead(source: string): Promise<{ format: unknown; version: unknown; people: unknown }> {
  statOrThrow(source);
  const head: Record<string, unknown> = {};
  try {
    for (const key of ['format', 'version'] as const) {
      const pipeline = chain([fs.createReadStream(source), parser(), pick({ filter: key, once: true }), (await import('stream-json/streamers/stream-values.js')).streamValues()]);
      for await (const item of pipeline as AsyncIterable<{ value: unknown }>) head[key] = item.value;
    }
    const people: unknown[] = [];
    for await (const { value } of streamJsonArray(fs.createReadStream(source), 'people')) people.push(value);
    return { format: head.format, version: head.version, people };
  } catch (error) {
    throw badImport(path.basename(source), `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}
