/**
 * Journal dates are calendar days (YYYY-MM-DD) where the person is: an evening entry belongs to
 * that evening. Pure: the core, the shell and the renderer all use these.
 */

/** Today's date where the person is, as YYYY-MM-DD. */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** This moment as an ISO 8601 timestamp in UTC (when a row was created or changed). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Whether `zone` is an IANA time zone this runtime knows ("America/Boise"; not "Etc\/GMT"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The moment as the wall clock showed it where it happened: "2004-10-12T21:38:00-06:00" — the local
 * date and time in `timeZone` (the system's zone when omitted) with that zone's offset then. An
 * entry's time of writing is stored this way, so its day is always the entry's own local day.
 */
export function localIsoWithOffset(moment: Date, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = zoneFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    zoneFormats.set(key, format);
  }
  const part: Record<string, string> = {};
  for (const p of format.formatToParts(moment)) part[p.type] = p.value;
  // "GMT-06:00", or "GMT" for UTC itself.
  const offset = /GMT([+-]\d{2}:\d{2})?/.exec(part.timeZoneName ?? '')?.[1] ?? '+00:00';
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}${offset}`;
}

/** "21:38" from a local ISO time with offset (as stored for an entry's time of writing). */
export function clockTimeOf(localIso: string): string {
  return /T(\d{2}:\d{2})/.exec(localIso)?.[1] ?? '';
}
