export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's date where the person is, as YYYY-MM-DD (an evening entry belongs to that evening). */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
