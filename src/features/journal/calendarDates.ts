/**
 * Calendar arithmetic on journal dates (YYYY-MM-DD calendar days). Everything is done in UTC so
 * that a day is a day: no time zone or daylight-saving change can move an entry to its neighbour.
 * Pure (no DOM), so it is tested in Node.
 */

export function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  const d = utc(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day in another month, kept within that month (31 January + 1 month → 28 or 29 February). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return isoOf(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The same day in another year (29 February → 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  return addMonths(iso, years * 12);
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(iso: string): number {
  return utc(iso).getUTCDay();
}

/**
 * The first day of the week where the person lives (1 = Monday … 7 = Sunday, as Intl gives it);
 * Monday when the browser cannot say.
 */
export function firstDayOfWeek(locale: string | undefined): number {
  try {
    const loc = new Intl.Locale(locale ?? 'en-GB') as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay;
  } catch {
    // An odd locale string: fall through to Monday.
  }
  return 1;
}

/** Where a date sits in its week (0 = the first day of the week). */
export function columnOf(iso: string, firstDay: number): number {
  return (weekdayOf(iso) - (firstDay % 7) + 7) % 7;
}

/** The weeks of a month as rows of seven cells; days outside the month are null. */
export function monthWeeks(year: number, month: number, firstDay: number): (string | null)[][] {
  const weeks: (string | null)[][] = [];
  let week: (string | null)[] = new Array<string | null>(columnOf(isoOf(year, month, 1), firstDay)).fill(null);
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    week.push(isoOf(year, month, day));
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...new Array<string | null>(7 - week.length).fill(null)]);
  return weeks;
}

/** The first and last day of the week holding this date. */
export function weekBounds(iso: string, firstDay: number): { start: string; end: string } {
  const start = addDays(iso, -columnOf(iso, firstDay));
  return { start, end: addDays(start, 6) };
}

/** The seven weekdays in column order, as [short, long] names. */
export function weekdayNames(firstDay: number, locale?: string): { short: string; long: string }[] {
  const short = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const d = new Date(Date.UTC(2023, 0, 1 + ((firstDay % 7) + i) % 7));
    return { short: short.format(d), long: long.format(d) };
  });
}

export function monthName(month: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, month - 1, 1)));
}
