/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks and Consistent
 * Snapshots in Globally Distributed Databases", 2014): the timestamp each field's last writer is
 * stamped with, so that devices editing the same entry agree on which write wins.
 *
 * A timestamp is (wall ms, counter, device id). The wall part follows the device's clock when it
 * can, so "last" means roughly what a person expects; the counter orders events the wall clock
 * cannot tell apart, or that happen while the clock is behind; the device id breaks the remaining
 * ties the same way on every device. Guarantees:
 *
 * - Every timestamp a device issues is greater than every one it issued or received before,
 *   whatever the wall clock does (jumps back after a time sync, a dead clock battery): a later
 *   edit on one device always beats its own earlier edits and every edit it has already seen.
 * - All devices order all timestamps the same way (`compareHlc`), and the text form sorts the same
 *   (`encodeHlc`), so SQLite can compare timestamps as TEXT.
 *
 * Drift. The paper bounds how far a clock may run ahead of real time and refuses remote
 * timestamps beyond the bound. Mutual accepts them: the clock adopts a remote time hours (or years)
 * ahead and counts on from there. A change file carries a person's writing; refusing it would
 * either drop that writing or stop sync until a clock is fixed, and neither is acceptable for a
 * journal. The cost is milder: until real time catches up, this device's new edits are stamped
 * with the borrowed time, so they still beat everything they follow (causality holds), and in a
 * true conflict between two devices the one whose clock ran ahead wins more often than it should.
 * `hlcAheadOfWallMs` measures the lead so the app can tell the person which clock to fix.
 */
import { isDeviceId } from './folderNames';

export interface Hlc {
  /** Milliseconds since 1970 (UTC), from the wall clock or adopted from another device. */
  wallMs: number;
  /** Orders events within one wallMs. */
  counter: number;
  /** The device that issued the timestamp (folderNames.ts, `newDeviceId`). */
  deviceId: string;
}

/** 12 hex digits: until the year 10889. */
export const MAX_HLC_WALL_MS = 2 ** 48 - 1;
/** 8 hex digits. */
export const MAX_HLC_COUNTER = 2 ** 32 - 1;
const WALL_DIGITS = 12;
const COUNTER_DIGITS = 8;
const encodedPattern = /^([0-9a-f]{12})-([0-9a-f]{8})-([a-z2-7]{26})$/;

export function isHlc(value: unknown): value is Hlc {
  if (typeof value !== 'object' || value === null) return false;
  const { wallMs, counter, deviceId } = value as Partial<Hlc>;
  return (
    Number.isSafeInteger(wallMs) &&
    (wallMs as number) >= 0 &&
    (wallMs as number) <= MAX_HLC_WALL_MS &&
    Number.isSafeInteger(counter) &&
    (counter as number) >= 0 &&
    (counter as number) <= MAX_HLC_COUNTER &&
    isDeviceId(deviceId)
  );
}

function assertHlc(value: Hlc, what: string): void {
  if (!isHlc(value)) throw new RangeError(`${what} is not a Mutual clock timestamp: ${JSON.stringify(value)}`);
}

/**
 * The wall clock is only a hint: a reading before 1970 counts as 1970 and one beyond the encodable
 * range as its end, so no clock reading can break the guarantees. Not-a-number is a caller's bug.
 */
function wallReading(wallMs: number): number {
  if (!Number.isFinite(wallMs)) throw new RangeError(`The wall clock reading must be a finite number of milliseconds; got ${String(wallMs)}`);
  return Math.min(Math.max(Math.floor(wallMs), 0), MAX_HLC_WALL_MS);
}

/**
 * (wallMs, counter) with the counter's overflow carried into the wall part: the clock steps one
 * millisecond ahead rather than fail, because a save must never fail for clock bookkeeping. Only
 * a clock already at the year 10889 cannot step; that is refused.
 */
function stamp(wallMs: number, counter: number, deviceId: string): Hlc {
  if (counter <= MAX_HLC_COUNTER) return { wallMs, counter, deviceId };
  if (wallMs >= MAX_HLC_WALL_MS) throw new RangeError('The sync clock has reached the largest time it can hold, so no later change can be ordered; a device clock is set far in the future.');
  return { wallMs: wallMs + 1, counter: 0, deviceId };
}

/** The clock of a device that has seen nothing yet: smaller than every timestamp it will issue. */
export function hlcZero(deviceId: string): Hlc {
  if (!isDeviceId(deviceId)) throw new RangeError(`Not a Mutual device id: ${JSON.stringify(deviceId)}`);
  return { wallMs: 0, counter: 0, deviceId };
}

/**
 * The timestamp of a local event (a save): greater than `previous` (this device's last issued or
 * received timestamp, or null for its first), following `wallMs` when it is ahead.
 */
export function hlcNow(previous: Hlc | null, wallMs: number, deviceId: string): Hlc {
  const base = previous ?? hlcZero(deviceId);
  assertHlc(base, 'The previous timestamp');
  if (!isDeviceId(deviceId)) throw new RangeError(`Not a Mutual device id: ${JSON.stringify(deviceId)}`);
  const wall = wallReading(wallMs);
  if (wall > base.wallMs) return { wallMs: wall, counter: 0, deviceId };
  return stamp(base.wallMs, base.counter + 1, deviceId);
}

/**
 * This device's clock after reading a remote timestamp: greater than both `local` and `remote`,
 * issued by `local`'s device. A remote clock ahead of ours is adopted, however far (see "Drift").
 */
export function hlcReceive(local: Hlc, remote: Hlc, wallMs: number): Hlc {
  assertHlc(local, 'The local timestamp');
  assertHlc(remote, 'The remote timestamp');
  const wall = wallReading(wallMs);
  const top = Math.max(local.wallMs, remote.wallMs, wall);
  let counter: number;
  if (top === local.wallMs && top === remote.wallMs) counter = Math.max(local.counter, remote.counter) + 1;
  else if (top === local.wallMs) counter = local.counter + 1;
  else if (top === remote.wallMs) counter = remote.counter + 1;
  else counter = 0;
  return stamp(top, counter, local.deviceId);
}

/** Total order: wall time, then counter, then device id (by character code, as SQLite's BINARY). */
export function compareHlc(a: Hlc, b: Hlc): -1 | 0 | 1 {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1;
  return 0;
}

/**
 * A fixed-width text form, e.g. "0193b2c4d5e6-00000002-<device id>": lower-case hex, zero-padded,
 * so comparing two encodings as text (JavaScript's `<`, SQLite's TEXT) agrees with `compareHlc`.
 */
export function encodeHlc(hlc: Hlc): string {
  assertHlc(hlc, 'The timestamp');
  return `${hlc.wallMs.toString(16).padStart(WALL_DIGITS, '0')}-${hlc.counter.toString(16).padStart(COUNTER_DIGITS, '0')}-${hlc.deviceId}`;
}

/** The timestamp an `encodeHlc` string holds; throws RangeError for anything else, even a near miss (upper case, other widths). */
export function decodeHlc(text: string): Hlc {
  const match = typeof text === 'string' ? encodedPattern.exec(text) : null;
  if (!match) throw new RangeError(`Not an encoded Mutual clock timestamp: ${JSON.stringify(typeof text === 'string' ? text.slice(0, 80) : text)}`);
  return { wallMs: parseInt(match[1]!, 16), counter: parseInt(match[2]!, 16), deviceId: match[3]! };
}

/** How far `hlc` runs ahead of the wall clock, in ms (0 when it does not): the lead a remote clock lent us. */
export function hlcAheadOfWallMs(hlc: Hlc, wallMs: number): number {
  return Math.max(0, hlc.wallMs - wallReading(wallMs));
}
