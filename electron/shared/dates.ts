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
