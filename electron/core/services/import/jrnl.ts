/**
 * jrnl, from the file it really keeps: its plain-text journal (`[2024-01-05 09:30] Title` lines,
 * each starting an entry, the body below), a folder journal (`YYYY/MM/DD.txt` files in that same
 * format), or its JSON export (`jrnl --export json`).
 *
 * - An entry starts at a line `[date] ` as jrnl's own parser finds it. The date is read with the
 *   format the journal was written in: `--time-format` (jrnl's `timeformat`) when given, else the
 *   common format that dates most of its lines (timeFormat.ts); a line dated in another common
 *   format still starts an entry, and is counted.
 * - A line that looks like an entry's start but whose date none of them reads is an undated line:
 *   the preview lists it with its line number, and the import refuses to run unless the person
 *   confirms — the line then stays text of the entry above it.
 * - A title ending in ` *` is starred (the tag "starred"); the title is the entry's first line.
 * - jrnl's tags (`@name`, `#tag`, its default tag symbols) are found as jrnl finds them; `@name`
 *   is offered as a person first (it usually is one), `#tag` stays a tag unless mapped to someone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocNode } from '../../../shared/doc';
import { MutualError } from '../../../shared/result';
import { nameNode } from '../../markdown/fromMarkdown';
import type { ForeignEntry, ReadContext } from './common';
import { badImport, cleanText, hasContent, statOrThrow, streamJsonArray, tagLine } from './common';
import type { LocalDateTime, TimeFormat } from './timeFormat';
import { COMMON_TIME_FORMATS, compileTimeFormat, dayOf, momentOf, writtenAtOf } from './timeFormat';

const HEADER = /^\[([^\]\n]+)\](?: (.*)|\s*)$/;
/** jrnl's tag pattern (Entry.tag_regex) with its default symbols, # and @. */
const TAG = /(?<!\S)([#@])([-+*#/\p{L}\p{N}\p{M}_]+)/gu;

const common = COMMON_TIME_FORMATS.map((f) => compileTimeFormat(f));

export function userTimeFormat(format: string | null | undefined): TimeFormat | null {
  if (!format) return null;
  try {
    return compileTimeFormat(format);
  } catch (error) {
    throw new MutualError('BAD_INPUT', `${(error as Error).message.replace(/^the/, 'The')}.`);
  }
}

/** A line of text with jrnl's tags as name nodes. */
function tagged(text: string): DocNode[] {
  const out: DocNode[] = [];
  let from = 0;
  for (const m of text.matchAll(TAG)) {
    // jrnl's pattern takes trailing punctuation (`@Tom.` is not, `@Tom+` is); a name keeps its words.
    const name = m[2]!.replace(/[-+*#/]+$/, '');
    if (!name || !/[\p{L}\p{N}]/u.test(name)) continue;
    if (m.index > from) out.push({ type: 'text', text: text.slice(from, m.index) });
    out.push(nameNode({ name, fallback: 'tag', text: `${m[1]}${name}`, offer: m[1] === '@' }));
    from = m.index + 1 + name.length;
  }
  if (from < text.length) out.push({ type: 'text', text: text.slice(from) });
  return out;
}

/** Title and body → blocks: the title its own paragraph, body paragraphs split at blank lines, lines kept. */
function entryBlocks(title: string, body: string): DocNode[] {
  const blocks: DocNode[] = [];
  if (title.trim()) blocks.push({ type: 'paragraph', content: tagged(title.trim()) });
  for (const chunk of body.split(/\n[ \t]*\n/)) {
    const lines = chunk.split('\n').map((l) => l.replace(/\s+$/, ''));
    while (lines.length && !lines[0]!.trim()) lines.shift();
    if (!lines.length) continue;
    const content: DocNode[] = [];
    lines.forEach((line, i) => {
      if (i > 0) content.push({ type: 'hardBreak' });
      content.push(...tagged(line));
    });
    blocks.push({ type: 'paragraph', content });
  }
  return blocks;
}

function foreignEntry(where: string, time: LocalDateTime, blocks: DocNode[], starred: boolean, extraTags: string[] = []): ForeignEntry {
  return {
    where,
    date: dayOf(time),
    writtenAt: writtenAtOf(time),
    createdAt: momentOf(time).toISOString(),
    blocks: [...blocks, ...tagLine(extraTags, starred ? ['starred'] : [])],
  };
}

/** Chooses the format that dates most header lines (and, in a folder journal, agrees with the day). */
function chooseFormat(blobs: string[], user: TimeFormat | null, day: string | null): TimeFormat[] {
  const score = (f: TimeFormat) => blobs.reduce((n, b) => {
    const t = f.parse(b);
    return n + (t && (!day || dayOf(t) === day) ? 1 : 0);
  }, 0);
  let best: TimeFormat | null = null;
  let bestScore = 0;
  for (const f of common) {
    const s = score(f);
    if (s > bestScore) [best, bestScore] = [f, s];
  }
  const order = [user, best, ...common].filter((f): f is TimeFormat => f !== null);
  return [...new Set(order)];
}

/** Parses one jrnl text file (a whole journal, or one day of a folder journal). */
export function parseJrnlText(raw: string, file: string, ctx: ReadContext, day: string | null = null): ForeignEntry[] {
  const text = cleanText(raw, file);
  const lines = text.split('\n');
  const headers = lines.map((line) => HEADER.exec(line));
  const blobs = headers.flatMap((h) => (h ? [h[1]!] : []));
  const user = userTimeFormat(ctx.options.timeFormat);
  const formats = chooseFormat(blobs, user, day);
  const main = formats[0]!;

  const out: ForeignEntry[] = [];
  const undatedBefore = ctx.findings.undatedCount;
  let current: { where: string; time: LocalDateTime; title: string; body: string[] } | null = null;
  const leading: string[] = [];
  const finish = () => {
    if (!current) return;
    let title = current.title;
    const starred = /(^|\s)\*$/.test(title.trim()) || title.trim() === '*';
    if (starred) title = title.trim().replace(/\s*\*$/, '');
    const body = current.body.join('\n');
    const blocks = entryBlocks(title, body);
    if (!hasContent(blocks) && !starred) ctx.findings.add('emptySkipped', current.where);
    else out.push(foreignEntry(current.where, current.time, blocks, starred));
    current = null;
  };
  let usedMain = false;
  lines.forEach((line, i) => {
    const header = headers[i];
    const where = `${file}, line ${i + 1}`;
    if (header) {
      let time: LocalDateTime | null = null;
      for (const f of formats) {
        time = f.parse(header[1]!);
        if (time && day && dayOf(time) !== day && f !== user) time = null;
        if (time) {
          if (f === main) usedMain = true;
          else ctx.findings.add('otherTimeFormat', where, 1, f.format);
          break;
        }
      }
      if (time) {
        finish();
        current = { where, time, title: header[2] ?? '', body: [] };
        return;
      }
      // Only something that looks like a date is an undated entry; "[citation needed] " is text.
      if (/\d/.test(header[1]!)) ctx.findings.addUndated({ where: file, line: i + 1, text: line.slice(0, 120) });
    }
    if (current) current.body.push(line);
    else leading.push(line);
  });
  finish();
  if (usedMain && !ctx.findings.timeFormat) ctx.findings.timeFormat = main.format;
  if (leading.join('').trim()) {
    const first = out[0];
    if (first) {
      ctx.findings.add('leadingText', `${file}, line 1`);
      first.blocks.unshift(...entryBlocks('', leading.join('\n')));
    } else if (ctx.findings.undatedCount === undatedBefore) ctx.findings.addUndated({ where: file, line: 1, text: 'no line of this file starts with a date jrnl wrote' });
  }
  return out;
}

const DAY_FILE = /^(\d{4})[/\\](\d{2})[/\\](\d{2})\.txt$/;

function dayFiles(root: string, ctx: ReadContext): { file: string; day: string }[] {
  const out: { file: string; day: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = path.relative(root, full);
        const m = DAY_FILE.exec(rel);
        if (m) out.push({ file: full, day: `${m[1]}-${m[2]}-${m[3]}` });
        else ctx.findings.add('notJrnlDay', rel);
      }
    }
  };
  walk(root);
  return out;
}

async function* jrnlJson(source: string, ctx: ReadContext): AsyncGenerator<ForeignEntry> {
  const file = path.basename(source);
  try {
    for await (const { index, value } of streamJsonArray(fs.createReadStream(source), 'entries')) {
      const where = `${file}, entry ${index + 1}`;
      const e = value as { date?: unknown; time?: unknown; title?: unknown; body?: unknown; tags?: unknown; starred?: unknown } | null;
      if (!e || typeof e !== 'object' || typeof e.date !== 'string') throw badImport(where, 'it is not a jrnl entry (it needs a date)');
      const time = compileTimeFormat('%Y-%m-%d %H:%M').parse(`${e.date} ${typeof e.time === 'string' ? e.time.slice(0, 5) : '00:00'}`) ?? compileTimeFormat('%Y-%m-%d').parse(e.date);
      if (!time) throw badImport(where, `“${e.date.slice(0, 40)}” is not a date`);
      const title = cleanText(typeof e.title === 'string' ? e.title : '', where);
      const body = cleanText(typeof e.body === 'string' ? e.body : '', where);
      const blocks = entryBlocks(title, body);
      const words = `${title}\n${body}`;
      const tags = Array.isArray(e.tags) ? e.tags.filter((t): t is string => typeof t === 'string') : [];
      // The export lists the tags jrnl found in the text; one it lists that the text lacks still ends the Note.
      const missing = tags.filter((t) => !words.toLowerCase().includes(t.toLowerCase())).map((t) => t.replace(/^[@#]/, ''));
      const starred = e.starred === true;
      if (!hasContent(blocks) && missing.length === 0 && !starred) {
        ctx.findings.add('emptySkipped', where);
        continue;
      }
      yield foreignEntry(where, time, blocks, starred, missing);
    }
  } catch (error) {
    if (error instanceof MutualError) throw error;
    throw badImport(file, `it is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}

function looksLikeJson(source: string): boolean {
  if (/\.json$/i.test(source)) return true;
  const fd = fs.openSync(source, 'r');
  try {
    const buffer = Buffer.alloc(64);
    const n = fs.readSync(fd, buffer, 0, 64, 0);
    return buffer.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('{');
  } finally {
    fs.closeSync(fd);
  }
}

export async function* jrnl(source: string, ctx: ReadContext): AsyncGenerator<ForeignEntry> {
  const stat = statOrThrow(source);
  userTimeFormat(ctx.options.timeFormat);
  if (stat.isDirectory()) {
    const files = dayFiles(source, ctx);
    if (files.length === 0) throw badImport(path.basename(source), 'the folder holds no jrnl day files (YYYY/MM/DD.txt)');
    for (const { file, day } of files) {
      yield* parseJrnlText(fs.readFileSync(file, 'utf8'), path.relative(source, file), ctx, day);
    }
    return;
  }
  if (looksLikeJson(source)) return yield* jrnlJson(source, ctx);
  yield* parseJrnlText(fs.readFileSync(source, 'utf8'), path.basename(source), ctx);
}
