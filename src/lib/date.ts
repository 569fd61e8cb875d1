/** Dates in the journal are calendar days (YYYY-MM-DD) in the person's own time zone. */
import { clockTimeOf, todayLocal } from '../../electron/shared/dates';

/** Today where the person is (the same rule the journal uses). */
export const todayIso = todayLocal;

const long = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const short = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function asUtc(iso: string): Date | null {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Friday, 28 November 2025" */
export function formatLongDate(iso: string): string {
  const d = asUtc(iso);
  return d ? long.format(d) : iso;
}

/** "Fri, 28 Nov 2025" */
export function formatShortDate(iso: string): string {
  const d = asUtc(iso);
  return d ? short.format(d) : iso;
}

export function isIsoDate(value: string): boolean {
  const d = asUtc(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && d !== null && d.toISOString().slice(0, 10) === value;
}

/** "21:38" from a time of writing with its offset; empty when unknown. */
export function clockTime(writtenAt: string | null | undefined): string {
  return writtenAt ? clockTimeOf(writtenAt) : '';
}
