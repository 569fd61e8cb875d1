/**
 * jrnl writes each entry's date with its config's `timeformat`, a Python strftime pattern
 * ("%Y-%m-%d %H:%M" unless changed). This reads dates back with such a pattern: the directives
 * jrnl configurations use (%Y %y %m %d %e %H %I %M %S %f %p %b %B %a %A %j %z %Z %%, and glibc's
 * %-d style), English month and day names as Python's C locale writes them.
 */

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC, when the pattern carried an offset (%z). */
  offset: number | null;
}

/** Formats jrnl itself writes by default or that its users commonly set, most common first. */
export const COMMON_TIME_FORMATS = [
  '%Y-%m-%d %H:%M',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d %I:%M %p',
  '%Y-%m-%d %I:%M:%S %p',
  '%d.%m.%Y %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%Y %I:%M %p',
  '%d/%m/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %H:%M',
  '%d-%m-%Y %H:%M',
  '%Y/%m/%d %H:%M',
  '%d %b %Y %H:%M',
  '%d %B %Y %H:%M',
  '%b %d %Y %H:%M',
  '%B %d, %Y %I:%M %p',
  '%a %d %b %Y %H:%M',
  '%A, %d %B %Y %H:%M',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%d',
] as const;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

type Field = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction' | 'ampm' | 'monthName' | 'dayName' | 'yearDay' | 'offset' | 'zoneName';

const directives: Record<string, { pattern: string; field: Field }> = {
  Y: { pattern: '(\\d{4})', field: 'year' },
  y: { pattern: '(\\d{2})', field: 'year2' },
  m: { pattern: '(\\d{1,2})', field: 'month' },
  d: { pattern: '(\\d{1,2})', field: 'day' },
  e: { pattern: ' ?(\\d{1,2})', field: 'day' },
  H: { pattern: '(\\d{1,2})', field: 'hour' },
  I: { pattern: '(\\d{1,2})', field: 'hour12' },
  M: { pattern: '(\\d{1,2})', field: 'minute' },
  S: { pattern: '(\\d{1,2})', field: 'second' },
  f: { pattern: '(\\d{1,6})', field: 'fraction' },
  p: { pattern: '([AaPp]\\.?[Mm]\\.?)', field: 'ampm' },
  b: { pattern: '([A-Za-z]{3})\\.?', field: 'monthName' },
  h: { pattern: '([A-Za-z]{3})\\.?', field: 'monthName' },
  B: { pattern: '([A-Za-z]{3,9})', field: 'monthName' },
  a: { pattern: '([A-Za-z]{3})\\.?', field: 'dayName' },
  A: { pattern: '([A-Za-z]{6,9})', field: 'dayName' },
  j: { pattern: '(\\d{1,3})', field: 'yearDay' },
  z: { pattern: '([+-]\\d{2}:?\\d{2}|Z)', field: 'offset' },
  Z: { pattern: '([A-Za-z]{1,5}|UTC)', field: 'zoneName' },
};

export interface TimeFormat {
  format: string;
  parse(text: string): LocalDateTime | null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a strftime pattern; throws with what is wrong when the pattern is not one. */
export function compileTimeFormat(format: string): TimeFormat {
  let source = '';
  const fields: Field[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      source += /\s/.test(ch) ? '\\s+' : escapeRegExp(ch);
      continue;
    }
    let code = format[++i];
    if (code === '-' || code === '#') code = format[++i];
    if (code === undefined) throw new Error(`the time format “${format}” ends with a lone %`);
    if (code === '%') {
      source += '%';
      continue;
    }
    const directive = directives[code];
    if (!directive) throw new Error(`the time format “${format}” uses %${code}, which Mutual cannot read; use %Y %m %d %H %I %M %S %p %b %B %a %A %y %j %z`);
    source += directive.pattern;
    fields.push(directive.field);
  }
  if (!fields.some((f) => f === 'year' || f === 'year2')) throw new Error(`the time format “${format}” has no year (%Y or %y)`);
  const regex = new RegExp(`^\\s*${source}\\s*$`);
  return {
    format,
    parse(text: string) {
      const match = regex.exec(text);
      if (!match) return null;
      const v: Partial<Record<Field, string>> = {};
      fields.forEach((f, k) => (v[f] = match[k + 1]));
      return toDateTime(v);
    },
  };
}

function toDateTime(v: Partial<Record<Field, string>>): LocalDateTime | null {
  const year = v.year ? Number(v.year) : v.year2 ? 2000 + Number(v.year2) - (Number(v.year2) >= 69 ? 100 : 0) : NaN;
  let month = v.month ? Number(v.month) : 1;
  let day = v.day ? Number(v.day) : 1;
  if (v.monthName) {
    const name = v.monthName.toLowerCase();
    const index = MONTHS.findIndex((m) => (name.length === 3 ? m.startsWith(name) : m === name));
    if (index < 0) return null;
    month = index + 1;
  }
  if (v.dayName) {
    const name = v.dayName.toLowerCase();
    if (!DAYS.some((d) => (name.length === 3 ? d.startsWith(name) : d === name))) return null;
  }
  if (v.yearDay) {
    const date = new Date(Date.UTC(year, 0, Number(v.yearDay)));
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  let hour = v.hour ? Number(v.hour) : 0;
  if (v.hour12 !== undefined) {
    const h = Number(v.hour12);
    if (h < 1 || h > 12) return null;
    const pm = (v.ampm ?? '').toLowerCase().startsWith('p');
    hour = (h % 12) + (pm ? 12 : 0);
  }
  const minute = v.minute ? Number(v.minute) : 0;
  const second = v.second ? Number(v.second) : 0;
  let offset: number | null = null;
  if (v.offset) {
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(v.offset);
    offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  }
  if (!Number.isFinite(year) || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute, second: Math.min(second, 59), offset };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function dayOf(t: LocalDateTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/**
 * The time of writing as entries keep it, with an offset: the one written, else the offset this
 * computer's time zone had at that moment (jrnl keeps local times without a zone, in the zone of
 * the computer that wrote them).
 */
export function writtenAtOf(t: LocalDateTime): string {
  const clock = `${dayOf(t)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
  let offset = t.offset;
  if (offset === null) offset = -new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${clock}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The moment, for createdAt. */
export function momentOf(t: LocalDateTime): Date {
  if (t.offset !== null) return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - t.offset * 60_000);
  return new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}
