/**
 * Per-field last-writer-wins with tombstones (electron/core/sync/fieldMerge.ts). Devices edit people,
 * details and settings offline, with clocks that disagree, and hear of each other's changes late,
 * twice, or in any order; every device must end with the same records, the later write winning
 * each field, and a deletion must never swallow an edit made after it without saying so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  entryLife,
  isSyncValue,
  localDelete,
  localEdit,
  MAX_VALUE_DEPTH,
  mergeLifelines,
  mergeRecord,
  recordLife,
  recordLifeline,
  type RecordKey,
  type SyncedRecord,
  type SyncValue,
} from '../../../electron/core/sync/fieldMerge';
import { compareHlc, decodeHlc, encodeHlc, hlcNow, hlcReceive, hlcZero, type Hlc } from '../../../electron/core/sync/hlc';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 2, 1, 9, 0, 0);
/** Readable device ids (base32, 26 characters). Fixed, so which device wins a tie is the same on every run. */
const deviceNamed = (name: string) => name.padEnd(26, 'a');
const deviceIds = ['laptop', 'desktop', 'phone', 'tablet'].map(deviceNamed);

const sam: RecordKey = { kind: 'person', id: 'p-sam' };
const samDetail: RecordKey = { kind: 'detail', id: 'd-sam-1' };

const keyOf = (key: RecordKey) => `${key.kind} ${key.id}`;

/**
 * A device as sync sees it: a clock (its wall clock `skewMs` off real time), the records it holds,
 * the changes it wrote, and what it told its person ("deleted elsewhere, kept").
 */
class Device {
  clock: Hlc | null = null;
  readonly records = new Map<string, SyncedRecord>();
  readonly sent: SyncedRecord[] = [];
  readonly told: string[] = [];

  constructor(
    readonly id: string,
    readonly skewMs = 0,
  ) {}

  private tick(realMs: number): Hlc {
    this.clock = hlcNow(this.clock, realMs + this.skewMs, this.id);
    return this.clock;
  }

  get(key: RecordKey): SyncedRecord | undefined {
    return this.records.get(keyOf(key));
  }

  edit(key: RecordKey, changes: Record<string, unknown>, realMs: number) {
    const result = localEdit(this.get(key) ?? key, changes, this.tick(realMs));
    this.keep(result.record, result.change);
    return result;
  }

  delete(keys: RecordKey[], realMs: number) {
    // One deletion, one stamp: a person and their details go together.
    const at = this.tick(realMs);
    return keys.map((key) => {
      const result = localDelete(this.get(key) ?? key, at);
      this.keep(result.record, result.change);
      return result;
    });
  }

  private keep(record: SyncedRecord, change: SyncedRecord | null) {
    this.records.set(keyOf(record), record);
    if (change) this.sent.push(change);
  }

  receive(change: SyncedRecord, realMs: number) {
    for (const stamp of stampsOf(change)) this.clock = hlcReceive(this.clock ?? hlcZero(this.id), decodeHlc(stamp), realMs + this.skewMs);
    const result = mergeRecord(this.get(change) ?? null, change);
    this.records.set(keyOf(change), result.record);
    if (result.revived) this.told.push(keyOf(change));
    return result;
  }

  receiveAll(changes: readonly SyncedRecord[], realMs: number) {
    for (const change of changes) this.receive(change, realMs);
  }
}

function stampsOf(record: SyncedRecord): string[] {
  return [...Object.values(record.fields).map((field) => field.at), ...(record.deleted ? [record.deleted.at] : [])];
}

function valuesOf(record: SyncedRecord | undefined): Record<string, SyncValue> {
  return Object.fromEntries(Object.entries(record?.fields ?? {}).map(([name, field]) => [name, field.value]));
}

describe('each field: the later write wins', () => {
  it('two devices rename the same person offline: the later rename wins on both, and each keeps the other’s other edits', () => {
    const laptop = new Device(deviceIds[0]!);
    const desktop = new Device(deviceIds[1]!);
    laptop.edit(sam, { name: 'Sam', kind: 'friend', care: 'Walks on Sundays' }, now);
    desktop.receiveAll(laptop.sent, now + MINUTE);
    const shared = laptop.sent.length;

    laptop.edit(sam, { name: 'Samuel' }, now + HOUR);
    desktop.edit(sam, { name: 'Sammy', notes: 'Moved to Lyon' }, now + HOUR + 5 * MINUTE);
    desktop.receiveAll(laptop.sent.slice(shared), now + 2 * HOUR);
    laptop.receiveAll(desktop.sent, now + 2 * HOUR);

    expect(valuesOf(laptop.get(sam))).toEqual({ name: 'Sammy', kind: 'friend', care: 'Walks on Sundays', notes: 'Moved to Lyon' });
    expect(laptop.get(sam)).toEqual(desktop.get(sam));
    expect([...laptop.told, ...desktop.told]).toEqual([]);
  });

  it('a save that writes every field sends only the fields it changed, so it cannot undo another device’s edit of the rest', () => {
    const laptop = new Device(deviceIds[0]!);
    const desktop = new Device(deviceIds[1]!);
    const form = { name: 'Sam', kind: 'friend', care: '', needs: '', boundaries: '', notes: '', archived: false };
    laptop.edit(sam, form, now);
    desktop.receiveAll(laptop.sent, now);

    desktop.edit(sam, { notes: 'Likes jazz' }, now + MINUTE);
    // The laptop's form saves all its fields, its stale empty notes too, a minute later.
    const save = laptop.edit(sam, { ...form, needs: 'Quiet evenings' }, now + 2 * MINUTE);
    expect(Object.keys(save.change!.fields)).toEqual(['needs']);
    expect(laptop.edit(sam, { ...form, needs: 'Quiet evenings' }, now + 3 * MINUTE).change).toBeNull();

    laptop.receiveAll(desktop.sent, now + 4 * MINUTE);
    desktop.receiveAll(laptop.sent, now + 4 * MINUTE);
    expect(valuesOf(laptop.get(sam))).toMatchObject({ needs: 'Quiet evenings', notes: 'Likes jazz' });
    expect(laptop.get(sam)).toEqual(desktop.get(sam));
  });

  it('a device whose clock runs 5 hours ahead wins a true conflict, but an edit made after seeing its change still beats it', () => {
    const laptop = new Device(deviceIds[0]!);
    const phone = new Device(deviceIds[2]!, 5 * HOUR);
    phone.edit(sam, { name: 'Sam (phone)' }, now);
    laptop.edit(sam, { name: 'Sam (laptop, an hour later)' }, now + HOUR);
    laptop.receiveAll(phone.sent, now + HOUR + MINUTE);
    phone.receiveAll(laptop.sent, now + HOUR + MINUTE);
    // The drift's documented cost (hlc.ts, "Drift"): the clock ahead wins the conflict.
    expect(valuesOf(laptop.get(sam)).name).toBe('Sam (phone)');
    expect(laptop.get(sam)).toEqual(phone.get(sam));

    // Causality holds: the laptop's clock adopted the phone's time, so its next rename wins.
    laptop.edit(sam, { name: 'Sam, finally' }, now + HOUR + 2 * MINUTE);
    phone.receiveAll(laptop.sent.slice(-1), now + HOUR + 3 * MINUTE);
    expect(valuesOf(phone.get(sam)).name).toBe('Sam, finally');
    expect(laptop.get(sam)).toEqual(phone.get(sam));
  });

  it('a device offline for months comes back: its old edits lose field by field, and win the fields nobody else touched', () => {
    const laptop = new Device(deviceIds[0]!);
    const old = new Device(deviceIds[3]!);
    laptop.edit(sam, { name: 'Sam', care: 'Calls on Fridays', needs: '' }, now);
    old.receiveAll(laptop.sent, now);
    const shared = laptop.sent.length;

    old.edit(sam, { name: 'Sam O.', needs: 'Space after work', care: 'Calls on Sundays' }, now + 7 * DAY);
    laptop.edit(sam, { name: 'Samantha', care: 'Calls on Saturdays' }, now + 60 * DAY);
    // Four months later, the old laptop is switched on again.
    old.receiveAll(laptop.sent.slice(shared), now + 120 * DAY);
    laptop.receiveAll(old.sent, now + 120 * DAY);
    expect(valuesOf(laptop.get(sam))).toEqual({ name: 'Samantha', care: 'Calls on Saturdays', needs: 'Space after work' });
    expect(laptop.get(sam)).toEqual(old.get(sam));
  });

  it('duplicates and any delivery order give the same record', () => {
    const laptop = new Device(deviceIds[0]!);
    const desktop = new Device(deviceIds[1]!);
    const setting: RecordKey = { kind: 'setting', id: 'autoLockMinutes' };
    laptop.edit(setting, { value: 5 }, now);
    desktop.edit(setting, { value: 15 }, now + MINUTE);
    laptop.edit(setting, { value: 30 }, now + 2 * MINUTE);
    const all = [...laptop.sent, ...desktop.sent];
    const inOrder = all.reduce<SyncedRecord | null>((record, change) => mergeRecord(record, change).record, null);
    const backwardsTwice = [...all, ...all].reverse().reduce<SyncedRecord | null>((record, change) => mergeRecord(record, change).record, null);
    expect(valuesOf(inOrder!)).toEqual({ value: 30 });
    expect(backwardsTwice).toEqual(inOrder);
  });

  it('one stamp reissued with two values (a journal restored from a backup) resolves the same way everywhere', () => {
    const stamp = encodeHlc({ wallMs: now, counter: 0, deviceId: deviceIds[0]! });
    const one: SyncedRecord = { ...sam, fields: { name: { value: 'Sam', at: stamp } } };
    const other: SyncedRecord = { ...sam, fields: { name: { value: 'Samuel', at: stamp } } };
    expect(mergeRecord(one, other).record).toEqual(mergeRecord(other, one).record);
    expect(valuesOf(mergeRecord(one, other).record).name).toBe('Samuel');
  });

  it('values are JSON: arrays and objects are one whole, -0 is read as 0', () => {
    const first = localEdit(sam, { tags: ['a', 'b'], place: { city: 'Lyon' }, score: -0 }, { wallMs: now, counter: 0, deviceId: deviceIds[0]! });
    expect(valuesOf(first.record)).toEqual({ tags: ['a', 'b'], place: { city: 'Lyon' }, score: 0 });
    expect(Object.is(valuesOf(first.record).score, 0)).toBe(true);
    const other = localEdit(first.record, { tags: ['c'] }, { wallMs: now + 1, counter: 0, deviceId: deviceIds[1]! });
    expect(valuesOf(mergeRecord(first.record, other.change!).record).tags).toEqual(['c']);
    // An equal object written with its keys in another order is no change.
    expect(localEdit(first.record, { place: { city: 'Lyon' } }, { wallMs: now + 2, counter: 0, deviceId: deviceIds[0]! }).change).toBeNull();
  });
});

describe('local edits refuse what cannot sync', () => {
  const hlc: Hlc = { wallMs: now, counter: 0, deviceId: deviceIds[0]! };

  it('a stamp not later than what the device has seen of the record (its clock skipped hlcReceive)', () => {
    const { record } = localEdit(sam, { name: 'Sam' }, { ...hlc, wallMs: now + 10 });
    expect(() => localEdit(record, { name: 'Samuel' }, hlc)).toThrow(RangeError);
    expect(() => localEdit(record, { name: 'Samuel' }, { ...hlc, wallMs: now + 10 })).toThrow(/later than everything/);
    expect(() => localDelete(record, hlc)).toThrow(RangeError);
  });

  it('field names outside camelCase, or that every object already has', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'Name', '1st', '', 'a-b', 'x'.repeat(65)]) {
      expect(() => localEdit(sam, JSON.parse(`{${JSON.stringify(name)}: 1}`) as Record<string, unknown>, hlc), name).toThrow(RangeError);
    }
  });

  it('values that are not JSON, nest too deep, or carry a prototype key', () => {
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is being refused
    const holey = [1, , 3];
    let deep: unknown = 'bottom';
    for (let i = 0; i < MAX_VALUE_DEPTH + 1; i++) deep = [deep];
    const refused: unknown[] = [undefined, Number.NaN, Infinity, new Date(now), () => 1, Symbol('x'), 10n, new Map(), holey, deep, JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: 1 }, 'x'.repeat(300_000)];
    for (const value of refused) expect(() => localEdit(sam, { notes: value }, hlc)).toThrow(RangeError);
    expect(isSyncValue(-0)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('merging two different records', () => {
    const a = localEdit(sam, { name: 'Sam' }, hlc).record;
    expect(() => mergeRecord(a, { ...a, id: 'p-other' })).toThrow(RangeError);
    expect(() => mergeRecord(a, { ...a, kind: 'detail' })).toThrow(RangeError);
  });
});

describe('deletion: tombstones, and edits made after them', () => {
  it('a deletion later than every edit wins, and older edits arriving late do not bring the record back', () => {
    const laptop = new Device(deviceIds[0]!);
    const desktop = new Device(deviceIds[1]!);
    laptop.edit(sam, { name: 'Sam' }, now);
    desktop.receiveAll(laptop.sent, now);
    desktop.edit(sam, { notes: 'Written before the deletion' }, now + MINUTE);
    laptop.delete([sam], now + 2 * MINUTE);
    laptop.receiveAll(desktop.sent, now + 3 * MINUTE);
    desktop.receiveAll(laptop.sent, now + 3 * MINUTE);
    expect(recordLife(laptop.get(sam)!)).toBe('deleted');
    expect(laptop.get(sam)).toEqual(desktop.get(sam));
    expect([...laptop.told, ...desktop.told]).toEqual([]);
  });

  it('one device edits a detail while the other deletes the person: detail and person are kept, and both devices say so once', () => {
    const laptop = new Device(deviceIds[0]!);
    const desktop = new Device(deviceIds[1]!);
    laptop.edit(sam, { name: 'Sam', care: 'Calls on Fridays' }, now);
    laptop.edit(samDetail, { personId: sam.id, text: 'Allergic to cats', notedOn: '2026-02-01' }, now);
    desktop.receiveAll(laptop.sent, now);
    const shared = laptop.sent.length;

    laptop.delete([sam, samDetail], now + HOUR);
    desktop.edit(samDetail, { text: 'Allergic to cats and dogs' }, now + 2 * HOUR);
    desktop.receiveAll(laptop.sent.slice(shared), now + 3 * HOUR);
    laptop.receiveAll(desktop.sent, now + 3 * HOUR);

    for (const device of [laptop, desktop]) {
      expect(recordLife(device.get(samDetail)!)).toBe('revived');
      expect(valuesOf(device.get(samDetail))).toEqual({ personId: sam.id, text: 'Allergic to cats and dogs', notedOn: '2026-02-01' });
      // The person's own fields are older than the deletion; their detail's edit is not, and keeps them.
      expect(recordLife(device.get(sam)!)).toBe('deleted');
      expect(recordLife(device.get(sam)!, [device.get(samDetail)!])).toBe('revived');
      expect(valuesOf(device.get(sam))).toEqual({ name: 'Sam', care: 'Calls on Fridays' });
      expect(device.told).toEqual([keyOf(samDetail)]);
    }
    expect(laptop.get(sam)).toEqual(desktop.get(sam));
    expect(laptop.get(samDetail)).toEqual(desktop.get(samDetail));

    // Hearing the same changes again is no news.
    laptop.receiveAll([...desktop.sent, ...laptop.sent], now + 4 * HOUR);
    desktop.receiveAll([...desktop.sent, ...laptop.sent], now + 4 * HOUR);
    expect([...laptop.told, ...desktop.told]).toEqual([keyOf(samDetail), keyOf(samDetail)]);
  });

  it('an owner whose detail was only deleted stays deleted: a dependent’s deletion is not an edit', () => {
    const laptop = new Device(deviceIds[0]!);
    laptop.edit(sam, { name: 'Sam' }, now);
    laptop.edit(samDetail, { text: 'Allergic to cats' }, now);
    const [person] = laptop.delete([sam], now + HOUR);
    const detail = laptop.delete([samDetail], now + 2 * HOUR)[0]!;
    expect(recordLife(person!.record, [detail.record])).toBe('deleted');
    // Through mergeLifelines, the way an app checks an owner when one of its dependents changed.
    const ownerBefore = recordLifeline(person!.record, []);
    const editedDetail: SyncedRecord = { ...samDetail, fields: { text: { value: 'x', at: encodeHlc({ wallMs: now + 3 * HOUR, counter: 0, deviceId: deviceIds[1]! }) } } };
    expect(mergeLifelines(ownerBefore, recordLifeline({ ...sam, fields: {} }, [detail.record])).revived).toBe(false);
    expect(mergeLifelines(ownerBefore, recordLifeline({ ...sam, fields: {} }, [editedDetail]))).toMatchObject({ life: 'revived', revived: true });
  });

  it('after a revival, deleting again deletes everywhere', () => {
    const laptop = new Device(deviceIds[0]!);
    const desktop = new Device(deviceIds[1]!);
    laptop.edit(sam, { name: 'Sam' }, now);
    desktop.receiveAll(laptop.sent, now);
    laptop.delete([sam], now + MINUTE);
    desktop.edit(sam, { notes: 'Kept' }, now + 2 * MINUTE);
    laptop.receiveAll(desktop.sent, now + 3 * MINUTE);
    desktop.receiveAll(laptop.sent, now + 3 * MINUTE);
    expect(recordLife(desktop.get(sam)!)).toBe('revived');
    expect(desktop.delete([sam], now + 4 * MINUTE)[0]!.life).toBe('deleted');
    laptop.receiveAll(desktop.sent, now + 5 * MINUTE);
    expect(recordLife(laptop.get(sam)!)).toBe('deleted');
    expect(laptop.get(sam)).toEqual(desktop.get(sam));
    // Deleting what is already deleted sends nothing; saving it again, even unchanged, restores it.
    expect(laptop.delete([sam], now + 6 * MINUTE)[0]!.change).toBeNull();
    const restored = laptop.edit(sam, valuesOf(laptop.get(sam)), now + 7 * MINUTE);
    expect(Object.keys(restored.change!.fields)).toEqual(['name', 'notes']);
    expect(restored).toMatchObject({ life: 'revived', revived: false });
  });

  it('entries: the same rule on the tombstone and the stamp of the last save (entryLife)', () => {
    const stamp = (minutes: number, device = 0) => encodeHlc({ wallMs: now + minutes * MINUTE, counter: 0, deviceId: deviceIds[device]! });
    expect(entryLife(null, stamp(1))).toBe('alive');
    expect(entryLife(null, null)).toBe('alive');
    expect(entryLife(stamp(2), stamp(1))).toBe('deleted');
    expect(entryLife(stamp(2), null)).toBe('deleted');
    expect(entryLife(stamp(1), stamp(2, 1))).toBe('revived');
    // One device, one moment: the deletion does not win a tie against words.
    expect(entryLife(stamp(1), stamp(1))).toBe('revived');

    // Deleted on the laptop at minute 5, edited on the desktop at minute 7 without having seen it.
    const onLaptop = { deletedAt: stamp(5), lastEditAt: stamp(3) };
    const onDesktop = { deletedAt: null, lastEditAt: stamp(7, 1) };
    expect(mergeLifelines(onLaptop, onDesktop)).toEqual({ lifeline: { deletedAt: stamp(5), lastEditAt: stamp(7, 1) }, life: 'revived', revived: true });
    expect(mergeLifelines(onDesktop, onLaptop).revived).toBe(true);
    const merged = mergeLifelines(onLaptop, onDesktop).lifeline;
    expect(mergeLifelines(merged, onLaptop).revived).toBe(false);
    expect(mergeLifelines(merged, merged).revived).toBe(false);
  });
});

// Stamps from four devices close together in time, so equal wall times, counters and even equal
// stamps with different values (a reissued stamp) are common.
const arbStamp = fc
  .record({ wallMs: fc.integer({ min: now, max: now + 3 }), counter: fc.integer({ min: 0, max: 2 }), deviceId: fc.constantFrom(...deviceIds) })
  .map(encodeHlc);
const arbValue: fc.Arbitrary<SyncValue> = fc.oneof(
  fc.constantFrom<SyncValue>('Sam', 'Sammy', '', null, true, false, 0, 1.5, [1, 2], { a: 1 }, { a: [1, { b: null }] }),
  fc.jsonValue({ maxDepth: 3 }).filter(isSyncValue) as fc.Arbitrary<SyncValue>,
);
const arbVersion: fc.Arbitrary<SyncedRecord> = fc
  .record({
    fields: fc.dictionary(fc.constantFrom('name', 'care', 'notes', 'archived'), fc.record({ value: arbValue, at: arbStamp }), { maxKeys: 4, noNullPrototype: true }),
    deleted: fc.option(fc.record({ at: arbStamp }), { nil: undefined }),
  })
  .map(({ fields, deleted }) => ({ ...sam, fields, ...(deleted ? { deleted } : {}) }));

describe('a CRDT', () => {
  const merge = (a: SyncedRecord, b: SyncedRecord) => mergeRecord(a, b).record;

  it('merge is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(arbVersion, arbVersion, arbVersion, (a, b, c) => {
        expect(merge(a, b)).toEqual(merge(b, a));
        expect(mergeRecord(a, b).life).toBe(mergeRecord(b, a).life);
        expect(mergeRecord(a, b).revived).toBe(mergeRecord(b, a).revived);
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)));
        expect(merge(a, a)).toEqual(a);
        expect(merge(merge(a, b), b)).toEqual(merge(a, b));
        expect(mergeRecord(merge(a, b), merge(a, b)).revived).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('each field holds the value with the highest stamp, and the record is deleted exactly when its tombstone beats every field', () => {
    fc.assert(
      fc.property(fc.array(arbVersion, { minLength: 1, maxLength: 6 }), (versions) => {
        const merged = versions.reduce(merge);
        for (const name of ['name', 'care', 'notes', 'archived']) {
          const writes = versions.flatMap((v) => (Object.hasOwn(v.fields, name) ? [v.fields[name]!] : []));
          const highest = writes.reduce<(typeof writes)[number] | null>((best, w) => {
            if (!best) return w;
            const order = compareHlc(decodeHlc(w.at), decodeHlc(best.at));
            return order > 0 || (order === 0 && canonicalJson(w.value)! > canonicalJson(best.value)!) ? w : best;
          }, null);
          expect(merged.fields[name]).toEqual(highest ?? undefined);
        }
        const stamps = Object.values(merged.fields).map((f) => f.at);
        const deleted = merged.deleted !== undefined && stamps.every((at) => merged.deleted!.at > at);
        expect(recordLife(merged) === 'deleted').toBe(deleted);
      }),
      { numRuns: 300 },
    );
  });

  it('2–4 devices with skewed clocks, editing and deleting offline, hearing changes late, twice and in any order, all end with the same records', () => {
    const keys: RecordKey[] = [sam, samDetail, { kind: 'setting', id: 'backupEvery' }];
    const fieldNames = ['name', 'text', 'value'];
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const count = g(fc.integer, { min: 2, max: 4 });
        // The first device's clock runs up to 5 hours ahead; the others a few minutes either way.
        const devices = deviceIds.slice(0, count).map((id, i) => new Device(id, i === 0 ? g(fc.integer, { min: 0, max: 5 * HOUR }) : g(fc.integer, { min: -5 * MINUTE, max: 5 * MINUTE })));
        const sent: SyncedRecord[] = [];
        let time = now;
        const steps = g(fc.integer, { min: 1, max: 30 });
        for (let step = 0; step < steps; step++) {
          time += g(fc.integer, { min: 0, max: 2 * HOUR });
          const device = devices[g(fc.integer, { min: 0, max: count - 1 })]!;
          const key = keys[g(fc.integer, { min: 0, max: keys.length - 1 })]!;
          const action = g(fc.constantFrom, 'edit', 'edit', 'delete', 'hear');
          if (action === 'edit') {
            const changes = Object.fromEntries(g(fc.subarray, fieldNames, { minLength: 1 }).map((name) => [name, g(() => arbValue)]));
            const { change } = device.edit(key, changes, time);
            if (change) sent.push(change);
          } else if (action === 'delete') {
            const { change } = device.delete([key], time)[0]!;
            if (change) sent.push(change);
          } else if (sent.length > 0) {
            device.receive(sent[g(fc.integer, { min: 0, max: sent.length - 1 })]!, time);
          }
        }
        // Everyone hears everything at last, each in its own order, some changes twice.
        time += DAY;
        for (const device of devices) {
          device.receiveAll(g(fc.shuffledSubarray, sent, { minLength: sent.length, maxLength: sent.length }), time);
          device.receiveAll(g(fc.subarray, sent), time);
        }
        const everything = new Map<string, SyncedRecord>();
        for (const change of sent) everything.set(keyOf(change), mergeRecord(everything.get(keyOf(change)) ?? null, change).record);
        for (const record of everything.values()) outcomes.add(recordLife(record));
        if (devices.some((device) => device.told.length > 0)) outcomes.add('told');
        for (const device of devices) {
          for (const key of keys) expect(device.get(key)).toEqual(everything.get(keyOf(key)));
          // Once everything is known, hearing it all again is no news.
          const toldBefore = device.told.length;
          device.receiveAll(sent, time);
          expect(device.told.length).toBe(toldBefore);
        }
      }),
      { numRuns: 150 },
    );
    // The runs met every outcome, a revival that was told included.
    expect([...outcomes].sort()).toEqual(['alive', 'deleted', 'revived', 'told']);
  });
});
