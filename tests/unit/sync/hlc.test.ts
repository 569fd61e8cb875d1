/**
 * The hybrid logical clock (electron/core/sync/hlc.ts). Per-field last-writer-wins is only as good
 * as its timestamps: a device must never stamp an edit lower than one it already made or saw,
 * whatever its wall clock does, every device must order timestamps alike, and the text form kept
 * in SQLite must sort exactly as the timestamps do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newDeviceId } from '../../../electron/core/sync/folderNames';
import {
  compareHlc,
  decodeHlc,
  encodeHlc,
  hlcAheadOfWallMs,
  hlcNow,
  hlcReceive,
  hlcZero,
  MAX_HLC_COUNTER,
  MAX_HLC_WALL_MS,
  type Hlc,
} from '../../../electron/core/sync/hlc';

const here = newDeviceId();
const there = newDeviceId();
const HOUR = 3_600_000;
const now = Date.UTC(2026, 2, 1, 9, 0, 0);

const arbDeviceId = fc.stringMatching(/^[a-z2-7]{26}$/);
/** Mostly a few nearby values, so ties in wall time and counter are common; sometimes anything. */
const arbWall = fc.oneof(fc.integer({ min: now - 3, max: now + 3 }), fc.integer({ min: 0, max: MAX_HLC_WALL_MS }));
const arbCounter = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: MAX_HLC_COUNTER }));
const arbHlc: fc.Arbitrary<Hlc> = fc.record({ wallMs: arbWall, counter: arbCounter, deviceId: fc.oneof(fc.constantFrom(here, there), arbDeviceId) });
/** Wall clock readings as a device may really see them: steady, stuck, jumping back or forward, before 1970, absurd. */
const arbReading = fc.oneof(
  fc.integer({ min: now - 5, max: now + 5 }),
  fc.integer({ min: now - 48 * HOUR, max: now + 48 * HOUR }),
  fc.constantFrom(0, -1, -HOUR, MAX_HLC_WALL_MS, MAX_HLC_WALL_MS + 10, 1e300, -1e300),
  fc.double({ min: now - 10, max: now + 10, noNaN: true }),
);

describe('local events (hlcNow)', () => {
  it('follow the wall clock when it moves ahead, with the counter back at 0', () => {
    const first = hlcNow(null, now, here);
    expect(first).toEqual({ wallMs: now, counter: 0, deviceId: here });
    expect(hlcNow(first, now + 5, here)).toEqual({ wallMs: now + 5, counter: 0, deviceId: here });
  });

  it('count on when the wall clock stands still or goes back (a time sync, a dead clock battery)', () => {
    const first = hlcNow(null, now, here);
    const same = hlcNow(first, now, here);
    const back = hlcNow(same, now - HOUR, here);
    const epoch = hlcNow(back, 0, here);
    expect([same, back, epoch].map((h) => [h.wallMs, h.counter])).toEqual([
      [now, 1],
      [now, 2],
      [now, 3],
    ]);
  });

  it('are strictly increasing under any sequence of wall clock readings', () => {
    fc.assert(
      fc.property(fc.array(arbReading, { minLength: 1, maxLength: 60 }), (readings) => {
        let clock: Hlc | null = null;
        let highestWall = 0;
        for (const reading of readings) {
          const next = hlcNow(clock, reading, here);
          if (clock) expect(compareHlc(next, clock)).toBe(1);
          highestWall = Math.max(highestWall, Math.min(Math.max(Math.floor(reading), 0), MAX_HLC_WALL_MS));
          expect(next.wallMs).toBeGreaterThanOrEqual(Math.min(highestWall, MAX_HLC_WALL_MS));
          clock = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('step one millisecond ahead when the counter would overflow, rather than fail a save', () => {
    const full: Hlc = { wallMs: now, counter: MAX_HLC_COUNTER, deviceId: here };
    expect(hlcNow(full, now - 1, here)).toEqual({ wallMs: now + 1, counter: 0, deviceId: here });
    expect(() => hlcNow({ wallMs: MAX_HLC_WALL_MS, counter: MAX_HLC_COUNTER, deviceId: here }, now, here)).toThrow(/largest time/);
  });

  it('start above the zero clock', () => {
    expect(compareHlc(hlcNow(null, 0, here), hlcZero(here))).toBe(1);
    expect(compareHlc(hlcNow(hlcZero(here), 0, here), hlcZero(here))).toBe(1);
  });
});

describe('merging a remote timestamp (hlcReceive)', () => {
  it('is greater than both inputs, stays with this device, and is at least the wall clock', () => {
    fc.assert(
      fc.property(arbHlc, arbHlc, arbReading, (local, remote, reading) => {
        fc.pre(!(Math.max(local.wallMs, remote.wallMs) === MAX_HLC_WALL_MS && Math.max(local.counter, remote.counter) === MAX_HLC_COUNTER));
        const merged = hlcReceive(local, remote, reading);
        expect(compareHlc(merged, local)).toBe(1);
        expect(compareHlc(merged, remote)).toBe(1);
        // Greater in time and counter alone, not only by a device id tie-break.
        expect(merged.wallMs > remote.wallMs || (merged.wallMs === remote.wallMs && merged.counter > remote.counter)).toBe(true);
        expect(merged.deviceId).toBe(local.deviceId);
        expect(merged.wallMs).toBeGreaterThanOrEqual(Math.min(Math.max(Math.floor(reading), 0), MAX_HLC_WALL_MS));
      }),
      { numRuns: 2000 },
    );
  });

  it('follows the paper case by case', () => {
    const local: Hlc = { wallMs: now, counter: 4, deviceId: here };
    expect(hlcReceive(local, { wallMs: now, counter: 9, deviceId: there }, now - 1)).toEqual({ wallMs: now, counter: 10, deviceId: here });
    expect(hlcReceive(local, { wallMs: now - 1, counter: 9, deviceId: there }, now - 1)).toEqual({ wallMs: now, counter: 5, deviceId: here });
    expect(hlcReceive(local, { wallMs: now + 1, counter: 9, deviceId: there }, now - 1)).toEqual({ wallMs: now + 1, counter: 10, deviceId: here });
    expect(hlcReceive(local, { wallMs: now + 1, counter: 9, deviceId: there }, now + 2)).toEqual({ wallMs: now + 2, counter: 0, deviceId: here });
    const full: Hlc = { wallMs: now, counter: MAX_HLC_COUNTER, deviceId: there };
    expect(hlcReceive(local, full, now)).toEqual({ wallMs: now + 1, counter: 0, deviceId: here });
  });

  it('keeps every device strictly increasing through any mix of local edits and merges', () => {
    const arbEvent = fc.oneof(fc.record({ kind: fc.constant('local' as const), reading: arbReading }), fc.record({ kind: fc.constant('remote' as const), reading: arbReading, remote: arbHlc }));
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 50 }), (events) => {
        let clock = hlcZero(here);
        for (const event of events) {
          if (event.kind === 'remote' && event.remote.wallMs === MAX_HLC_WALL_MS) continue;
          const next = event.kind === 'local' ? hlcNow(clock, event.reading, here) : hlcReceive(clock, event.remote, event.reading);
          expect(compareHlc(next, clock)).toBe(1);
          if (event.kind === 'remote') expect(compareHlc(next, event.remote)).toBe(1);
          clock = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('adopts a remote clock hours ahead, orders later edits after it, and says by how much it leads', () => {
    const local = hlcNow(null, now, here);
    const ahead: Hlc = { wallMs: now + 5 * HOUR, counter: 0, deviceId: there };
    const merged = hlcReceive(local, ahead, now + 1);
    expect(merged).toEqual({ wallMs: now + 5 * HOUR, counter: 1, deviceId: here });
    const edit = hlcNow(merged, now + 2, here);
    expect(compareHlc(edit, ahead)).toBe(1);
    expect(edit).toEqual({ wallMs: now + 5 * HOUR, counter: 2, deviceId: here });
    expect(hlcAheadOfWallMs(edit, now + 2)).toBe(5 * HOUR - 2);
    // Once real time catches up, the clock follows the wall again.
    const later = hlcNow(edit, now + 6 * HOUR, here);
    expect(later).toEqual({ wallMs: now + 6 * HOUR, counter: 0, deviceId: here });
    expect(hlcAheadOfWallMs(later, now + 6 * HOUR)).toBe(0);
  });
});

describe('order (compareHlc)', () => {
  it('orders by wall time, then counter, then device id', () => {
    const [low, high] = [here, there].sort();
    const a: Hlc = { wallMs: now, counter: 5, deviceId: high! };
    expect(compareHlc(a, { wallMs: now + 1, counter: 0, deviceId: low! })).toBe(-1);
    expect(compareHlc(a, { wallMs: now, counter: 6, deviceId: low! })).toBe(-1);
    expect(compareHlc(a, { wallMs: now, counter: 5, deviceId: low! })).toBe(1);
    expect(compareHlc(a, { ...a })).toBe(0);
  });

  it('is a total order: antisymmetric, and 0 only for equal timestamps', () => {
    fc.assert(
      fc.property(arbHlc, arbHlc, (a, b) => {
        expect(compareHlc(a, b)).toBe(-compareHlc(b, a) || 0);
        expect(compareHlc(a, b) === 0).toBe(a.wallMs === b.wallMs && a.counter === b.counter && a.deviceId === b.deviceId);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('text form (encodeHlc / decodeHlc)', () => {
  it('is fixed-width lower-case hex and the device id', () => {
    const text = encodeHlc({ wallMs: 0x193b2c4d5e6, counter: 2, deviceId: here });
    expect(text).toBe(`0193b2c4d5e6-00000002-${here}`);
    expect(text).toHaveLength(48);
    expect(encodeHlc(hlcZero(here))).toBe(`000000000000-00000000-${here}`);
    expect(encodeHlc({ wallMs: MAX_HLC_WALL_MS, counter: MAX_HLC_COUNTER, deviceId: here })).toBe(`ffffffffffff-ffffffff-${here}`);
  });

  it('sorts as text exactly as compareHlc orders', () => {
    fc.assert(
      fc.property(arbHlc, arbHlc, (a, b) => {
        const [ea, eb] = [encodeHlc(a), encodeHlc(b)];
        const textOrder = ea < eb ? -1 : ea > eb ? 1 : 0;
        expect(textOrder).toBe(compareHlc(a, b));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.array(arbHlc, { maxLength: 40 }), (clocks) => {
        const byCompare = [...clocks].sort(compareHlc).map(encodeHlc);
        const byText = clocks.map(encodeHlc).sort();
        expect(byText).toEqual(byCompare);
      }),
    );
  });

  it('decodes to the timestamp it encodes', () => {
    fc.assert(
      fc.property(arbHlc, (clock) => {
        expect(decodeHlc(encodeHlc(clock))).toEqual(clock);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses anything that is not exactly an encoding', () => {
    const good = encodeHlc({ wallMs: now, counter: 7, deviceId: here });
    const bad = [
      '',
      good.toUpperCase(),
      good.slice(1),
      `0${good}`,
      `${good} `,
      ` ${good}`,
      `${good}\n`,
      good.replace(/-/g, '_'),
      good.replace(here, here.toUpperCase()),
      good.replace(here, here.slice(1)),
      good.replace(/^0/, 'g'),
      good.replace(/^0/, '-'),
      `0193b2c4d5e6-0000002-${here}`,
      `0193b2c4d5e6-000000002-${here}`,
      `193b2c4d5e6-000000002-${here}`,
      '0193b2c4d5e6-00000002-',
      JSON.stringify({ wallMs: now, counter: 7, deviceId: here }),
    ];
    for (const text of bad) expect(() => decodeHlc(text), JSON.stringify(text)).toThrow(RangeError);
    expect(() => decodeHlc(42 as unknown as string)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        let decoded: Hlc | null = null;
        try {
          decoded = decodeHlc(text);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
        if (decoded) expect(encodeHlc(decoded)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('inputs that break the contract', () => {
  it('are refused as programming errors', () => {
    const ok = hlcNow(null, now, here);
    expect(() => hlcNow(null, Number.NaN, here)).toThrow(RangeError);
    expect(() => hlcNow(null, Number.POSITIVE_INFINITY, here)).toThrow(RangeError);
    expect(() => hlcNow(null, now, 'not-a-device')).toThrow(RangeError);
    expect(() => hlcNow({ ...ok, counter: -1 }, now, here)).toThrow(RangeError);
    expect(() => hlcNow({ ...ok, wallMs: 1.5 }, now, here)).toThrow(RangeError);
    expect(() => hlcReceive(ok, { ...ok, counter: MAX_HLC_COUNTER + 1 }, now)).toThrow(RangeError);
    expect(() => hlcReceive(ok, { ...ok, wallMs: MAX_HLC_WALL_MS + 1 }, now)).toThrow(RangeError);
    expect(() => hlcReceive(ok, { ...ok, deviceId: '../x' }, now)).toThrow(RangeError);
    expect(() => encodeHlc({ ...ok, counter: Number.NaN })).toThrow(RangeError);
    expect(() => hlcZero('')).toThrow(RangeError);
  });
});
