/**
 * "Did you mean …?" for a search that found nothing: the nearest name among the person's people
 * for `person:Mya`, and the nearest word the journal itself holds for a misspelt word
 * ("peonys" → peonies), from the search index's own vocabulary (an fts5vocab table over
 * entries_fts, TEMP: it reads the index, it stores nothing). Only words of spaced scripts are
 * corrected; a suggestion is offered, never applied.
 */
import type { SearchSuggestion } from '../../shared/contract';
import type { ParsedQuery, QueryPart } from '../../shared/query';
import { hasUnspacedScript } from '../../shared/segment';
import type { Db } from '../db/connection';
import { hasMatch } from '../db/repos/search';
import { stmt } from '../db/statements';

/** Edits allowed: one for a short word, two for a longer one. */
const maxEdits = (length: number) => (length <= 4 ? 1 : 2);

/** Optimal-string-alignment distance (substitutions, insertions, deletions, swaps), or Infinity past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return Infinity;
    rows.push(row);
  }
  const d = rows[a.length]![b.length]!;
  return d <= limit ? d : Infinity;
}

/** As the index folds words: lower case, accents off. */
const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The nearest of `candidates` (with how often each occurs), or null. Ties go to the commoner. */
function nearest(word: string, candidates: { text: string; weight: number }[], folded = fold): string | null {
  const target = folded(word);
  const limit = maxEdits([...target].length);
  let best: { text: string; d: number; weight: number } | null = null;
  for (const c of candidates) {
    const key = folded(c.text);
    if (key === target) return null;
    const d = editDistance(target, key, limit);
    if (d === Infinity) continue;
    if (!best || d < best.d || (d === best.d && c.weight > best.weight)) best = { text: c.text, d, weight: c.weight };
  }
  return best?.text ?? null;
}

function ensureVocabulary(db: Db): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries_vocab USING fts5vocab(main, 'entries_fts', 'row')`);
}

/** Index words starting with the same letter as `word`, with the number of entries holding each. */
function wordsLike(db: Db, word: string): { text: string; weight: number }[] {
  ensureVocabulary(db);
  const first = [...fold(word)][0];
  if (!first) return [];
  const next = String.fromCodePoint(first.codePointAt(0)! + 1);
  return (stmt(db, 'SELECT term AS text, doc AS weight FROM temp.entries_vocab WHERE term >= ? AND term < ?').all(first, next) as { text: string; weight: number }[]).filter(
    (t) => Math.abs([...t.text].length - [...fold(word)].length) <= 2,
  );
}

/** Replaces the text of each of `parts` with its correction (later parts first, so spans stay right). */
function rewrite(q: string, changes: { part: QueryPart; text: string }[]): string {
  let out = q;
  for (const { part, text } of [...changes].sort((a, b) => b.part.spans[0]![0] - a.part.spans[0]![0])) {
    const [start, end] = part.spans[0]!;
    out = out.slice(0, start) + text + out.slice(end);
  }
  return out;
}

export function suggestionFor(db: Db, q: string, parsed: ParsedQuery, peopleNames: () => string[], personMissing: boolean): SearchSuggestion | null {
  if (personMissing && parsed.person) {
    const part = parsed.parts.find((p) => p.kind === 'person');
    const name = nearest(parsed.person, peopleNames().map((text) => ({ text, weight: 0 })), (s) => s.toLocaleLowerCase());
    if (!part || !name) return null;
    return { q: rewrite(q, [{ part, text: `person:${/\s/.test(name) ? `"${name}"` : name}` }]), words: [name] };
  }
  const changes: { part: QueryPart; text: string }[] = [];
  for (const part of parsed.parts) {
    if (part.kind !== 'term') continue;
    const { text, phrase, prefix, negated } = part.term;
    if (phrase || prefix || negated || hasUnspacedScript(text) || !/^[\p{L}\p{M}'’-]{3,}$/u.test(text)) continue;
    if (hasMatch(db, `"${text.replace(/"/g, '""')}"`)) continue;
    const word = nearest(text, wordsLike(db, text));
    if (word) changes.push({ part, text: word });
  }
  if (changes.length === 0) return null;
  return { q: rewrite(q, changes), words: changes.map((c) => c.text) };
}
