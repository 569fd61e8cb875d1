/**
 * A deterministic, realistic-looking journal corpus for benchmarks and tests.
 *
 * - A seeded PRNG (sfc32 seeded through splitmix32): the same options always give the same corpus,
 *   and entry i is the same whatever the number of entries asked for (each entry has its own
 *   stream, derived from the seed and its index), except for its date, which spreads the entries
 *   evenly over the years.
 * - A vocabulary of synthetic but pronounceable words (≥ 20,000 by default), unique after case and
 *   accent folding, drawn with a Zipf distribution: short words are the frequent ones, a few words
 *   carry accents (search folds them), and a set of recurring collocations gives phrase queries
 *   something to find.
 * - About fifty people (a few with two-word or accented names), themselves Zipf-weighted so that a
 *   partner or a best friend appears far more often than a colleague; 1–3 of them per entry, named
 *   in the text of one or two sections.
 * - 150–250 words an entry over the four sections given / received / unsaid / note (each line of
 *   Unsaid is one unsaid item), dates over ten years.
 *
 * Nothing here touches the journal: it returns plain text per section and person indexes; callers
 * turn them into documents with `docFromPlainText`.
 */
import type { PersonKind } from '../../electron/shared/contract';
import type { SectionKind } from '../../electron/shared/doc';

export type Rng = () => number;

/** splitmix32: turns any 32-bit integer into a well-mixed one (used for seeding). */
function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/** A seeded PRNG returning floats in [0, 1) (sfc32). */
export function seededRng(...seedParts: number[]): Rng {
  let h = 0x6a09e667;
  for (const part of seedParts) h = splitmix32((h ^ Math.imul(part | 0, 0x85ebca6b)) | 0)();
  const seed = splitmix32(h);
  let a = seed();
  let b = seed();
  let c = seed();
  let d = seed();
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (inverse CDF by binary search). */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, s);
      this.cdf[r] = sum;
    }
    for (let r = 0; r < n; r++) this.cdf[r]! /= sum;
  }

  /** The probability of one draw being `rank`. */
  p(rank: number): number {
    return this.cdf[rank]! - (rank > 0 ? this.cdf[rank - 1]! : 0);
  }

  sample(rng: Rng): number {
    const u = rng();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface CorpusOptions {
  /** Number of entries of the journal; dates spread evenly over `years` for indexes below this. */
  entries: number;
  seed?: number;
  /** Distinct words (≥ 20,000 by default). */
  vocabularySize?: number;
  /** Zipf exponent of the vocabulary. */
  zipfExponent?: number;
  people?: number;
  /** First day of the journal (YYYY-MM-DD) and how many years it covers. */
  startDate?: string;
  years?: number;
  minWords?: number;
  maxWords?: number;
}

export interface CorpusPerson {
  index: number;
  name: string;
  kind: PersonKind;
}

export interface CorpusEntry {
  index: number;
  date: string;
  /** Plain text per section; lines are paragraphs (unsaid: one unsaid item each). */
  sections: Record<SectionKind, string>;
  /** Indexes into `corpus.people` of the people this entry is about (1–3), each named in the text. */
  people: number[];
  /** Words in the entry, names included. */
  words: number;
}

export interface Corpus {
  readonly options: Required<CorpusOptions>;
  /** Words by frequency rank: vocabulary[0] is the most common. */
  readonly vocabulary: readonly string[];
  readonly people: readonly CorpusPerson[];
  /** Recurring collocations (2–3 words) that appear inside sentences now and then. */
  readonly phrases: readonly string[];
  /** A word that appears nowhere in the corpus (no person's name either). */
  readonly absentWord: string;
  /** The probability that one word drawn from the vocabulary is the word of this rank. */
  wordProbability(rank: number): number;
  entry(index: number): CorpusEntry;
  /** Entries [from, to) in order. */
  entries(from?: number, to?: number): Generator<CorpusEntry>;
}

const ONSETS = ['', '', 'b', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'y', 'z', 'br', 'ch', 'cl', 'dr', 'fl', 'gr', 'kl', 'pl', 'sh', 'sl', 'sp', 'st', 'th', 'tr'];
const VOWELS = ['a', 'a', 'e', 'e', 'i', 'o', 'o', 'u', 'ai', 'ea', 'ie', 'oa', 'ou'];
const CODAS = ['', '', '', '', 'l', 'm', 'n', 'r', 's', 't', 'ck', 'ft', 'ld', 'lt', 'mp', 'nd', 'ng', 'nt', 'rd', 'rk', 'rn', 'sk', 'st'];
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ü' };
const KINDS: PersonKind[] = ['romantic', 'friend', 'friend', 'family', 'family', 'professional', 'other'];
const SECTIONS: SectionKind[] = ['given', 'received', 'unsaid', 'note'];

const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One syllable; inner syllables of a longer word mostly end in their vowel ("ta-mor", not "tand-mor"). */
function syllable(rng: Rng, last = true): string {
  return pick(rng, ONSETS) + pick(rng, VOWELS) + (last || rng() < 0.25 ? pick(rng, CODAS) : '');
}

/** Syllables by frequency rank: the common words are the short ones, as in real language. */
function syllablesFor(rank: number, rng: Rng): number {
  if (rank < 150) return 1;
  if (rank < 3_000) return rng() < 0.4 ? 1 : 2;
  return rng() < 0.6 ? 2 : rng() < 0.9 ? 3 : 4;
}

function makeVocabulary(size: number, seed: number, taken: Set<string>): string[] {
  const rng = seededRng(seed, 1);
  const words: string[] = [];
  while (words.length < size) {
    const rank = words.length;
    let word = '';
    for (let n = syllablesFor(rank, rng); n > 0; n--) word += syllable(rng, n === 1);
    if (word.length < 2 || word.length > 16) continue;
    // About one word in forty (never a very common one) carries an accent, like "café".
    if (rank > 200 && rng() < 0.025) {
      const at = [...word].findIndex((ch, i) => i > 0 && ACCENTED[ch]);
      if (at > 0) word = word.slice(0, at) + ACCENTED[word[at]!]! + word.slice(at + 1);
    }
    const key = fold(word);
    if (taken.has(key)) continue;
    taken.add(key);
    words.push(word);
  }
  return words;
}

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

function makePeople(count: number, seed: number, taken: Set<string>): CorpusPerson[] {
  const rng = seededRng(seed, 2);
  const people: CorpusPerson[] = [];
  const nameWord = () => {
    for (;;) {
      let w = syllable(rng) + pick(rng, ['a', 'o', 'i', 'e', 'an', 'el', 'is', 'on', 'ia']);
      if (rng() < 0.15) w = w.replace(/[aeiou](?=[^aeiou]*$)/, (v) => ACCENTED[v]!);
      const key = fold(w);
      if (w.length < 3 || taken.has(key)) continue;
      taken.add(key);
      return capitalize(w);
    }
  };
  for (let i = 0; i < count; i++) {
    // One in eight people has a two-word name ("Ana Lucía"); every name word is unique, so no
    // name is part of another.
    const name = rng() < 0.125 ? `${nameWord()} ${nameWord()}` : nameWord();
    people.push({ index: i, name, kind: i === 0 ? 'romantic' : pick(rng, KINDS) });
  }
  return people;
}

function addDays(start: string, days: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(start: string, years: number): number {
  const end = new Date(`${start}T00:00:00Z`);
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return Math.round((end.getTime() - new Date(`${start}T00:00:00Z`).getTime()) / 86_400_000);
}

export function createCorpus(options: CorpusOptions): Corpus {
  const o: Required<CorpusOptions> = {
    seed: 20_260_101,
    vocabularySize: 24_000,
    zipfExponent: 1.05,
    people: 50,
    startDate: '2016-01-01',
    years: 10,
    minWords: 150,
    maxWords: 250,
    ...options,
  };
  if (!(o.entries >= 0 && o.vocabularySize >= 100 && o.people >= 3 && o.minWords >= 20 && o.maxWords >= o.minWords)) {
    throw new Error('createCorpus: options out of range');
  }
  const taken = new Set<string>();
  const absentWord = 'qwzxjv';
  taken.add(absentWord);
  const people = makePeople(o.people, o.seed, taken);
  const vocabulary = makeVocabulary(o.vocabularySize, o.seed, taken);
  const words = new Zipf(vocabulary.length, o.zipfExponent);
  const personZipf = new Zipf(people.length, 0.9);
  const phraseRng = seededRng(o.seed, 3);
  const phrases: string[] = [];
  for (let i = 0; i < 200; i++) {
    const n = phraseRng() < 0.7 ? 2 : 3;
    const parts: string[] = [];
    for (let j = 0; j < n; j++) parts.push(vocabulary[int(phraseRng, 40, Math.min(4_000, vocabulary.length - 1))]!);
    phrases.push(parts.join(' '));
  }
  const totalDays = daysBetween(o.startDate, o.years);

  function sentence(rng: Rng, length: number): string[] {
    const out: string[] = [];
    while (out.length < length) {
      if (rng() < 0.012) out.push(...pick(rng, phrases).split(' '));
      else out.push(vocabulary[words.sample(rng)]!);
    }
    return out.slice(0, length);
  }

  function entry(index: number): CorpusEntry {
    const rng = seededRng(o.seed, 1_000, index);
    const day = index < o.entries ? Math.floor(((index + rng()) * totalDays) / Math.max(o.entries, 1)) : int(rng, 0, totalDays - 1);
    const date = addDays(o.startDate, Math.min(day, totalDays - 1));

    const mentionCount = rng() < 0.5 ? 1 : rng() < 0.7 ? 2 : 3;
    const who: number[] = [];
    while (who.length < mentionCount) {
      const p = personZipf.sample(rng);
      if (!who.includes(p)) who.push(p);
    }

    // Section sizes: given and received carry most of an entry; unsaid and note are often short
    // and sometimes empty.
    const total = int(rng, o.minWords, o.maxWords);
    const weights: Record<SectionKind, number> = {
      given: 0.3 + rng() * 0.2,
      received: 0.25 + rng() * 0.2,
      unsaid: rng() < 0.3 ? 0 : 0.08 + rng() * 0.12,
      note: rng() < 0.2 ? 0 : 0.1 + rng() * 0.15,
    };
    const weightSum = SECTIONS.reduce((s, k) => s + weights[k], 0);
    const budget = {} as Record<SectionKind, number>;
    let assigned = 0;
    for (const kind of SECTIONS) {
      budget[kind] = Math.floor((total * weights[kind]) / weightSum);
      assigned += budget[kind];
    }
    budget.given += total - assigned;

    // Each person is named in one or two of the non-empty sections.
    const sentencesOf = {} as Record<SectionKind, string[][]>;
    for (const kind of SECTIONS) {
      const list: string[][] = [];
      let left = budget[kind];
      while (left > 0) {
        const len = Math.min(left, kind === 'unsaid' ? int(rng, 5, 12) : int(rng, 6, 18));
        list.push(sentence(rng, len));
        left -= len;
      }
      sentencesOf[kind] = list;
    }
    const nonEmpty = SECTIONS.filter((k) => sentencesOf[k].length > 0);
    const names = new Set<string>();
    for (const p of who) {
      const name = people[p]!.name;
      const places = new Set([pick(rng, nonEmpty)]);
      if (rng() < 0.35) places.add(pick(rng, nonEmpty));
      for (const kind of places) {
        // Replace a word (never another person's name) rather than add one, so the entry keeps its length.
        for (let attempt = 0; attempt < 20; attempt++) {
          const s = pick(rng, sentencesOf[kind]);
          const at = int(rng, 0, s.length - 1);
          if (names.has(s[at]!)) continue;
          // A two-word name takes the place of two words.
          const other = name.includes(' ') ? s.findIndex((w, i) => i !== at && !names.has(w)) : -1;
          if (name.includes(' ') && (s.length < 3 || other < 0)) continue;
          s[at] = name;
          names.add(name);
          if (other >= 0) s.splice(other, 1);
          break;
        }
      }
    }

    const sections = {} as Record<SectionKind, string>;
    let count = 0;
    for (const kind of SECTIONS) {
      const lines: string[] = [];
      let paragraph: string[] = [];
      for (const s of sentencesOf[kind]) {
        for (const w of s) count += w.split(' ').length;
        // Now and then a comma after a word (never inside a two-word name).
        const comma = s.length > 3 && rng() < 0.3 ? int(rng, 1, s.length - 2) : -1;
        const text = capitalize(s.map((w, i) => (i === comma && !names.has(w) ? `${w},` : w)).join(' ')) + (rng() < 0.1 ? '!' : '.');
        if (kind === 'unsaid') lines.push(text);
        else {
          paragraph.push(text);
          if (rng() < 0.35) {
            lines.push(paragraph.join(' '));
            paragraph = [];
          }
        }
      }
      if (paragraph.length) lines.push(paragraph.join(' '));
      sections[kind] = lines.join('\n');
    }
    return { index, date, sections, people: who, words: count };
  }

  return {
    options: o,
    vocabulary,
    people,
    phrases,
    absentWord,
    wordProbability: (rank) => words.p(rank),
    entry,
    *entries(from = 0, to = o.entries) {
      for (let i = from; i < to; i++) yield entry(i);
    },
  };
}
