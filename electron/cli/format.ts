/** Human-readable output, and the plain texts of an entry that `--json` prints. */
import { SNIPPET_CLOSE, SNIPPET_OPEN } from '../core/db/repos/search';
import type { Entry } from '../shared/contract';
import type { SectionKind } from '../shared/doc';
import { plainText, sectionKinds, sectionTitles } from '../shared/doc';
import type { Io } from './io';

/** One entry as plain text per section, with its people's names (`mutual list --json`, `show --json`). */
export interface EntryTexts {
  id: string;
  date: string;
  people: string[];
  given: string;
  received: string;
  unsaid: string;
  note: string;
}

const MARKERS = new RegExp(`[${SNIPPET_OPEN}${SNIPPET_CLOSE}]`, 'g');

/**
 * The plain texts of an entry from its document (entries.get), made as the journal makes the texts
 * it stores and searches: mentions as the person's current name, one line per block, and without
 * the search snippet's marker characters.
 */
export function entryTexts(entry: Entry): EntryTexts {
  const names = new Map(entry.people.map((p) => [p.id, p.name]));
  const nameOf = (id: string, label: string) => names.get(id) ?? label;
  const text = (i: number) => plainText(entry.doc.content[i]!.content, nameOf).replace(MARKERS, '');
  const [given, received, unsaid, note] = sectionKinds.map((_kind, i) => text(i)) as [string, string, string, string];
  return { id: entry.id, date: entry.date, people: entry.people.map((p) => p.name), given, received, unsaid, note };
}

// Entries are the person's own text, but a stray escape sequence could still rewrite their
// terminal; control characters other than newline and tab are dropped from human output.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function clean(text: string): string {
  return text.replace(CONTROL, '');
}

function flat(text: string): string {
  return clean(text).replace(/\s*\n\s*/g, ' / ').replace(/\s+/g, ' ').trim();
}

function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

export function useColor(io: Io): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}

function people(names: string[]): string {
  return names.length ? names.map(clean).join(', ') : '—';
}

/** One line per entry: date, id, people, the start of its text. */
export function entryLines(io: Io, entries: EntryTexts[]): string {
  const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 120;
  return entries
    .map((e) => {
      const head = `${e.date}  ${e.id}  ${people(e.people)}`;
      const text = sectionKinds
        .map((kind) => flat(e[kind]))
        .filter(Boolean)
        .join(' · ');
      const room = width - [...head].length - 2;
      return text && room > 8 ? `${head}  ${truncate(text, room)}` : head;
    })
    .join('\n');
}

/** One entry in full, section by section; each line of Unsaid is one thing left unsaid. */
export function entryBlock(entry: EntryTexts): string {
  const out = [`${entry.date}  ${people(entry.people)}`, `id ${entry.id}`];
  for (const kind of sectionKinds) {
    const lines = clean(entry[kind])
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    if (!lines.length) continue;
    out.push('', sectionTitles[kind], ...lines.map((l) => (kind === 'unsaid' ? `  - ${l}` : `  ${l}`)));
  }
  return out.join('\n');
}

export interface HitView {
  id: string;
  date: string;
  people: string[];
  section: SectionKind | null;
  snippet: { text: string; match: boolean }[];
}

/** Two lines per hit: where it is, then the snippet (matches in bold on a colour terminal). */
export function hitLines(io: Io, hits: HitView[]): string {
  const bold = useColor(io);
  return hits
    .map((hit) => {
      const where = hit.section ? `  ${sectionTitles[hit.section]}` : '';
      const snippet = hit.snippet
        .map((part) => {
          const text = clean(part.text).replace(/\s+/g, ' ');
          return part.match && bold ? `\u001b[1m${text}\u001b[22m` : text;
        })
        .join('')
        .trim();
      return `${hit.date}  ${hit.id}  ${people(hit.people)}${where}\n  ${snippet}`;
    })
    .join('\n');
}
