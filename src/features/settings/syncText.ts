/**
 * The words of Settings → Sync (SyncSettings.tsx), apart so they can be tested: when this computer
 * last synced ("Synced 2 minutes ago"), what is waiting to be sent or still arriving, and the other
 * computers by a short form of their names in the folder.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });

/**
 * "Synced just now", "Synced 2 minutes ago", "Synced 3 hours ago", "Synced yesterday", then the
 * date. A clock set a little behind another's (a time slightly in the future) reads as "just now".
 */
export function describeLastSync(lastSyncAt: string | null, now: number = Date.now(), formatDay: (at: Date) => string = (at) => dayFormat.format(at)): string {
  if (!lastSyncAt) return 'Not synced yet.';
  const at = new Date(lastSyncAt);
  if (Number.isNaN(at.getTime())) return 'Not synced yet.';
  const ago = now - at.getTime();
  if (ago < 45_000) return 'Synced just now.';
  if (ago < 90_000) return 'Synced a minute ago.';
  if (ago < 45 * MINUTE) return `Synced ${Math.round(ago / MINUTE)} minutes ago.`;
  if (ago < 90 * MINUTE) return 'Synced an hour ago.';
  if (ago < 22 * HOUR) return `Synced ${Math.round(ago / HOUR)} hours ago.`;
  if (ago < 2 * DAY) return 'Synced yesterday.';
  return `Last synced on ${formatDay(at)}.`;
}

/** How long until "Synced …" should be said again: often while the minutes count, rarely after. */
export function refreshDelay(lastSyncAt: string | null, now: number = Date.now()): number | null {
  if (!lastSyncAt) return null;
  const ago = now - new Date(lastSyncAt).getTime();
  if (Number.isNaN(ago)) return null;
  return ago < 45 * MINUTE ? 15_000 : 5 * MINUTE;
}

/** The first characters of a device's name in the folder: enough to tell computers apart. */
export function shortDeviceId(deviceId: string): string {
  return deviceId.slice(0, 6);
}

/** What waits on this computer for the folder. */
export function describeToSend(toSend: number): string {
  if (toSend <= 0) return 'Everything written here is in the sync folder.';
  return toSend === 1 ? '1 change is waiting to be sent.' : `${toSend.toLocaleString()} changes are waiting to be sent.`;
}

/** "12 files applied here" for one other computer. */
export function describeApplied(applied: number): string {
  return applied === 1 ? '1 file applied here' : `${applied.toLocaleString()} files applied here`;
}

/** Files of the other computers that the sync app is still copying (read once complete). */
export function describeArriving(waiting: number): string {
  if (waiting <= 0) return '';
  return `${waiting === 1 ? '1 file' : `${waiting.toLocaleString()} files`} from your other computers ${waiting === 1 ? 'is' : 'are'} still arriving; Mutual reads ${waiting === 1 ? 'it' : 'them'} once complete.`;
}
