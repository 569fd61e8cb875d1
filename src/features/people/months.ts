/** Month labels for the people list's sparkline and the rhythm chart (dates are YYYY-MM-DD / YYYY-MM). */

const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });

const asDate = (month: string) => new Date(`${month.slice(0, 7)}-01T00:00:00Z`);

/** "Mar" */
export function shortMonth(month: string): string {
  return monthShort.format(asDate(month));
}

/** "March 2026" */
export function longMonth(month: string): string {
  return monthLong.format(asDate(month));
}

/** The twelve months ending with today's, oldest first, as YYYY-MM (the same window as people.list's sparkline). */
export function lastTwelveMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  return out;
}

export function entriesPhrase(n: number): string {
  return n === 1 ? '1 entry' : `${n} entries`;
}
