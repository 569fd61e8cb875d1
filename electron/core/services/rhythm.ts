/**
 * The rhythm of giving and receiving with one person: how often they appear in Given and in
 * Received, month by month — a picture to reflect on, never a score. When it has leaned one way
 * for eight weeks or more, the person's page asks a gentle question instead of stating a verdict.
 */
import type { RhythmLean } from '../../shared/prompts';

export interface RhythmMonth {
  month: string; // YYYY-MM
  given: number;
  received: number;
}

export interface Rhythm {
  months: RhythmMonth[];
  /** Set when the last eight weeks or more leaned one way; null otherwise. */
  lean: Extract<RhythmLean, 'givingOften' | 'receivingOften'> | null;
  leanWeeks: number;
}

export const LEAN_MIN_WEEKS = 8;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The twelve months ending with today's, oldest first, as YYYY-MM. */
export function lastMonths(today: string, count = 12): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

export function rhythmStart(today: string, count = 12): string {
  return `${lastMonths(today, count)[0]}-01`;
}

export function monthlyRhythm(counts: { month: string; section: string; n: number }[], today: string, count = 12): RhythmMonth[] {
  const months = lastMonths(today, count).map((month) => ({ month, given: 0, received: 0 }));
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const c of counts) {
    const m = byMonth.get(c.month);
    if (m && (c.section === 'given' || c.section === 'received')) m[c.section] += c.n;
  }
  return months;
}

/**
 * How many whole weeks, counted back from today, the rhythm has leaned the same way. A week
 * leans when it has mentions and all of them are on one side; a quiet week does not break the
 * run (a quiet week is not a change of rhythm), a week leaning the other way or mixed does.
 * At least three mentions in the run are needed before anything is said.
 */
export function weeklyLean(dates: { date: string; section: string }[], today: string): { lean: Rhythm['lean']; weeks: number } {
  const weeks: { given: number; received: number }[] = [];
  const weekOf = (date: string) => Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / (7 * 86_400_000));
  for (const d of dates) {
    const w = weekOf(d.date);
    if (w < 0) continue;
    while (weeks.length <= w) weeks.push({ given: 0, received: 0 });
    if (d.section === 'given') weeks[w]!.given++;
    else if (d.section === 'received') weeks[w]!.received++;
  }
  // Only a rhythm that is still going counts: the newest mention must be within four weeks.
  if (weeks.slice(0, 4).every((wk) => wk.given === 0 && wk.received === 0)) return { lean: null, weeks: 0 };
  let side: 'given' | 'received' | null = null;
  let runWeeks = 0;
  let mentions = 0;
  for (let w = 0; w < weeks.length; w++) {
    const { given, received } = weeks[w]!;
    if (given === 0 && received === 0) {
      if (side) runWeeks = w + 1;
      continue;
    }
    const thisSide = received === 0 ? 'given' : given === 0 ? 'received' : null;
    if (!thisSide || (side && thisSide !== side)) break;
    side = thisSide;
    runWeeks = w + 1;
    mentions += given + received;
  }
  // A run of quiet weeks at the far end only counts up to the last week with a mention.
  const lastActive = weeks.reduce((last, wk, i) => (i < runWeeks && (wk.given || wk.received) ? i + 1 : last), 0);
  const weeksLeaning = Math.min(runWeeks, lastActive);
  if (!side || mentions < 3 || weeksLeaning < LEAN_MIN_WEEKS) return { lean: null, weeks: weeksLeaning };
  return { lean: side === 'given' ? 'givingOften' : 'receivingOften', weeks: weeksLeaning };
}

export function leanWindowStart(today: string): string {
  return addDays(today, -7 * 52);
}
