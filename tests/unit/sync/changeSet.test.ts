/**
 * The change set (electron/core/sync/changeSet.ts): the batch of changes a change file carries.
 * Whatever one device writes, every other device reads back exactly; whatever bytes a buggy, older,
 * newer or hostile writer put there, the reader either returns a batch that keeps every rule or
 * refuses it with a ChangeSetError and a reason — never another exception, never a polluted object.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_SET_FORMAT_VERSION,
  ChangeSetError,
  decodeChangeSet,
  encodeChangeSet,
  entryChangeLifeline,
  MAX_CHANGE_SET_BYTES,
  MAX_DOCUMENT_DEPTH,
  MAX_RECORD_CHANGES,
  type ChangeSet,
  type ChangeSetFailure,
  type EntryChange,
  photoTypes,
  type PhotoRef,
} from '../../../electron/core/sync/changeSet';
import { entryLife, isFieldName, isSyncValue, localDelete, localEdit, MAX_VALUE_DEPTH, recordKinds, type SyncedRecord, type SyncValue } from '../../../electron/core/sync/fieldMerge';
import { encodeHlc } from '../../../electron/core/sync/hlc';

const MINUTE = 60_000;
const now = Date.UTC(2026, 2, 1, 9, 0, 0);
const laptop = 'laptop'.padEnd(26, 'a');
const desktop = 'desktop'.padEnd(26, 'a');
const at = (minutes: number, deviceId = laptop) => encodeHlc({ wallMs: now + minutes * MINUTE, counter: 0, deviceId });
const clock = at(60);

function reasonOf(run: () => unknown): ChangeSetFailure | 'read' {
  try {
    run();
    return 'read';
  } catch (error) {
    if (error instanceof ChangeSetError) return error.reason;
    throw error;
  }
}

const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const decodeText = (text: string) => decodeChangeSet(bytesOf(text));
const wireOf = (set: ChangeSet) => JSON.parse(Buffer.from(encodeChangeSet(set)).toString('utf8')) as Record<string, unknown> & { records: Record<string, unknown>[]; entries: Record<string, unknown>[]; photos: Record<string, unknown>[] };
const decodeWire = (wire: unknown) => decodeText(JSON.stringify(wire));

/** A real batch: a person renamed, a detail deleted, a setting, an unsaid item said, an entry edited, one deleted, a photo. */
function everydaySet(): ChangeSet {
  const person = localEdit({ kind: 'person', id: 'p-sam' }, { name: 'Sam', kind: 'friend', archived: false }, { wallMs: now, counter: 0, deviceId: laptop }).change!;
  const detail = localDelete({ kind: 'detail', id: 'd-1' }, { wallMs: now + MINUTE, counter: 0, deviceId: laptop }).change!;
  const setting = localEdit({ kind: 'setting', id: 'autoLockMinutes' }, { value: 15 }, { wallMs: now + 2 * MINUTE, counter: 0, deviceId: laptop }).change!;
  const unsaid = localEdit({ kind: 'unsaidState', id: 'u-1' }, { state: 'said' }, { wallMs: now + 3 * MINUTE, counter: 0, deviceId: laptop }).change!;
  return {
    clock,
    entries: [
      { id: 'e-1', doc: { update: new Uint8Array([1, 2, 0, 255, 128]), at: at(4) }, fields: { date: { value: '2026-02-28', at: at(4) }, writtenAt: { value: '2026-02-28T21:38:00-06:00', at: at(4) } } },
      { id: 'e-2', fields: {}, deleted: { at: at(5) } },
    ],
    records: [person, detail, setting, unsaid],
    photos: [{ id: 'ph-1', hash: 'ab'.repeat(32), type: 'image/jpeg', size: 2_400_000 }],
  };
}

// Arbitrary batches, for the round trip.
const arbStamp = fc
  .record({ wallMs: fc.integer({ min: now - 400 * 24 * 60 * MINUTE, max: now }), counter: fc.integer({ min: 0, max: 2 ** 32 - 1 }), deviceId: fc.constantFrom(laptop, desktop) })
  .map(encodeHlc);
const arbText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Lone surrogates and control characters, which only JSON's escapes carry.
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((codes) => String.fromCharCode(...codes)),
);
const arbValue: fc.Arbitrary<SyncValue> = fc.oneof(arbText, fc.jsonValue({ maxDepth: 4 }).filter(isSyncValue) as fc.Arbitrary<SyncValue>, fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)));
const arbId = fc.string({ minLength: 1, maxLength: 64 });
const arbFields = fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,12}$/).filter(isFieldName), fc.record({ value: arbValue, at: arbStamp }), { maxKeys: 8, noNullPrototype: true });
const arbTombstone = fc.option(fc.record({ at: arbStamp }), { nil: undefined });
const arbRecord: fc.Arbitrary<SyncedRecord> = fc
  .record({ kind: fc.constantFrom(...recordKinds), id: arbId, fields: arbFields, deleted: arbTombstone })
  .map(({ deleted, ...record }) => (deleted ? { ...record, deleted } : record));
const arbDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const arbEntry: fc.Arbitrary<EntryChange> = fc
  .record({
    id: arbId,
    doc: fc.option(fc.record({ update: fc.uint8Array({ maxLength: 400 }), at: arbStamp }), { nil: undefined }),
    date: fc.option(fc.record({ value: arbDate, at: arbStamp }), { nil: undefined }),
    writtenAt: fc.option(fc.record({ value: fc.constantFrom('2004-10-12T21:38:00-06:00', '2026-03-01T09:00Z', '2026-03-01T09:00:00.123+01:00', null), at: arbStamp }), { nil: undefined }),
    deleted: arbTombstone,
  })
  .map(({ id, doc, date, writtenAt, deleted }) => ({ id, ...(doc ? { doc } : {}), fields: { ...(date ? { date } : {}), ...(writtenAt ? { writtenAt } : {}) }, ...(deleted ? { deleted } : {}) }));
const arbPhoto: fc.Arbitrary<PhotoRef> = fc.record({
  id: arbId,
  hash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
  type: fc.constantFrom(...photoTypes),
  size: fc.integer({ min: 1, max: 64 * 1024 * 1024 }),
});
const arbSet: fc.Arbitrary<ChangeSet> = fc.record({
  clock: fc.constant(encodeHlc({ wallMs: now, counter: 2 ** 32 - 1, deviceId: 'z'.repeat(26) })),
  entries: fc.uniqueArray(arbEntry, { maxLength: 5, selector: (e) => e.id }),
  records: fc.uniqueArray(arbRecord, { maxLength: 8, selector: (r) => `${r.kind} ${r.id}` }),
  photos: fc.uniqueArray(arbPhoto, { maxLength: 4, selector: (p) => p.id }),
});

describe('writing and reading back', () => {
  it('reads back exactly the batch that was written, for any batch', () => {
    fc.assert(
      fc.property(arbSet, (set) => {
        const bytes = encodeChangeSet(set);
        const read = decodeChangeSet(bytes);
        expect(read).toEqual(set);
        for (const [i, entry] of read.entries.entries()) if (entry.doc) expect(Buffer.from(entry.doc.update).equals(Buffer.from(set.entries[i]!.doc!.update))).toBe(true);
        // The same batch is the same bytes, so a written file can be compared with a rewritten one.
        expect(Buffer.from(encodeChangeSet(read)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('carries an everyday batch as versioned JSON with bytes in base64', () => {
    const set = everydaySet();
    const wire = wireOf(set);
    expect(wire.formatVersion).toBe(CHANGE_SET_FORMAT_VERSION);
    expect((wire.entries[0]!.doc as { update: string }).update).toBe(Buffer.from([1, 2, 0, 255, 128]).toString('base64'));
    const read = decodeChangeSet(encodeChangeSet(set));
    expect(read).toEqual(set);
    expect(read.entries[0]!.doc!.update).toBeInstanceOf(Uint8Array);
    expect(read.records.map((r) => r.kind)).toEqual(['person', 'detail', 'setting', 'unsaidState']);
  });

  it('tells an entry’s tombstone and last edit, for the tombstone rule', () => {
    const [edited, deleted] = everydaySet().entries;
    expect(entryChangeLifeline(edited!)).toEqual({ deletedAt: null, lastEditAt: at(4) });
    expect(entryChangeLifeline(deleted!)).toEqual({ deletedAt: at(5), lastEditAt: null });
    const both: EntryChange = { id: 'e-3', doc: { update: new Uint8Array([1]), at: at(9, desktop) }, fields: { date: { value: '2026-03-01', at: at(2) } }, deleted: { at: at(8) } };
    const { deletedAt, lastEditAt } = entryChangeLifeline(both);
    expect(lastEditAt).toBe(at(9, desktop));
    expect(entryLife(deletedAt, lastEditAt)).toBe('revived');
  });

  it('refuses to write what a reader would refuse, and says when a batch must be split', () => {
    const set = everydaySet();
    expect(() => encodeChangeSet({ ...set, clock: at(1) })).toThrow(/later than the writer's clock/);
    expect(() => encodeChangeSet({ ...set, photos: [...set.photos, ...set.photos] })).toThrow(RangeError);
    expect(() => encodeChangeSet({ ...set, records: [{ kind: 'person', id: 'p', fields: { name: { value: undefined as unknown as SyncValue, at: at(1) } } }] })).toThrow(RangeError);
    const many = Array.from({ length: MAX_RECORD_CHANGES + 1 }, (_, i): SyncedRecord => ({ kind: 'setting', id: `s${i}`, fields: {} }));
    expect(reasonOf(() => encodeChangeSet({ ...set, records: many }))).toBe('tooLarge');
  });
});

describe('reading a newer or unknown format', () => {
  it('refuses a newer formatVersion with a reason, before judging anything else', () => {
    for (const wire of [{ formatVersion: 2 }, { formatVersion: 99, clock: 7, entries: 'anything', records: null }]) {
      let failure: unknown;
      try {
        decodeWire(wire);
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(ChangeSetError);
      expect((failure as ChangeSetError).reason).toBe('newerFormat');
      expect((failure as ChangeSetError).message).toMatch(/newer version of Mutual/);
    }
  });

  it('treats a missing, older or odd formatVersion as not a change set', () => {
    const wire = wireOf(everydaySet());
    for (const formatVersion of [undefined, 0, -1, 1.5, '1', null, [1], 2 ** 60]) {
      expect(reasonOf(() => decodeWire({ ...wire, formatVersion })), String(formatVersion)).toBe(formatVersion === 2 ** 60 ? 'newerFormat' : 'malformed');
    }
  });
});

describe('reading hostile bytes', () => {
  const good = () => wireOf(everydaySet());

  it('refuses more bytes than a change file carries, without reading them', () => {
    expect(reasonOf(() => decodeChangeSet(new Uint8Array(MAX_CHANGE_SET_BYTES + 1)))).toBe('tooLarge');
  });

  it('refuses what is not UTF-8 JSON of an object', () => {
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
      new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
      bytesOf('\ufeff' + JSON.stringify(good())),
      bytesOf(JSON.stringify(good()).slice(0, -1)),
      bytesOf(`${JSON.stringify(good())} {}`),
      bytesOf('[]'),
      bytesOf('null'),
      bytesOf('"formatVersion"'),
      bytesOf('{"formatVersion":1,'),
    ];
    for (const bytes of cases) expect(reasonOf(() => decodeChangeSet(bytes))).toBe('malformed');
    expect(reasonOf(() => decodeChangeSet('{}' as unknown as Uint8Array))).toBe('malformed');
  });

  it('refuses wrong types, unknown keys and broken values, naming where', () => {
    const cases: [string, (wire: ReturnType<typeof good>) => void][] = [
      ['clock not a stamp', (w) => (w.clock = 'yesterday')],
      ['clock upper case', (w) => (w.clock = clock.toUpperCase())],
      ['entries not a list', (w) => (w.entries = {} as never)],
      ['unknown top-level key', (w) => (w.extra = true)],
      ['unknown record key', (w) => (w.records[0]!.owner = 'x')],
      ['unknown record kind', (w) => (w.records[0]!.kind = 'photo')],
      ['empty id', (w) => (w.records[0]!.id = '')],
      ['long id', (w) => (w.entries[0]!.id = 'x'.repeat(65))],
      ['field without a stamp', (w) => (w.records[0]!.fields = { name: { value: 'Sam' } })],
      ['field with extra keys', (w) => (w.records[0]!.fields = { name: { value: 'Sam', at: at(1), by: 'me' } })],
      ['field value not JSON', (w) => (w.records[0]!.fields = { name: { at: at(1) } })],
      ['bad field name', (w) => (w.records[0]!.fields = { 'Full Name': { value: 'Sam', at: at(1) } })],
      ['field name of every object', (w) => (w.records[0]!.fields = { toString: { value: 'Sam', at: at(1) } })],
      ['too many fields', (w) => (w.records[0]!.fields = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, { value: i, at: at(1) }])))],
      ['value too long', (w) => (w.records[0]!.fields = { notes: { value: 'x'.repeat(300_000), at: at(1) } })],
      ['fields a list', (w) => (w.records[0]!.fields = [] as never)],
      ['tombstone without a stamp', (w) => (w.records[0]!.deleted = {})],
      ['impossible date', (w) => ((w.entries[0]!.fields as Record<string, unknown>).date = { value: '2026-02-30', at: at(1) })],
      ['not a date', (w) => ((w.entries[0]!.fields as Record<string, unknown>).date = { value: '2026-13-45', at: at(1) })],
      ['time of writing without an offset', (w) => ((w.entries[0]!.fields as Record<string, unknown>).writtenAt = { value: '2004-10-12T21:38:00', at: at(1) })],
      ['unknown entry field', (w) => ((w.entries[0]!.fields as Record<string, unknown>).mood = { value: 'calm', at: at(1) })],
      ['update not base64', (w) => (w.entries[0]!.doc = { update: 'not base64!', at: at(1) })],
      ['update without padding', (w) => (w.entries[0]!.doc = { update: 'AQI', at: at(1) })],
      ['update with stray bits', (w) => (w.entries[0]!.doc = { update: 'AQJ=', at: at(1) })],
      ['update with a line break', (w) => (w.entries[0]!.doc = { update: 'AQID\nBA==', at: at(1) })],
      ['update as a list of numbers', (w) => (w.entries[0]!.doc = { update: [1, 2, 3], at: at(1) })],
      ['photo hash upper case', (w) => (w.photos[0]!.hash = 'AB'.repeat(32))],
      ['photo hash short', (w) => (w.photos[0]!.hash = 'ab')],
      ['photo not an image', (w) => (w.photos[0]!.type = 'text/html')],
      ['photo that can run code', (w) => (w.photos[0]!.type = 'image/svg+xml')],
      ['photo of no bytes', (w) => (w.photos[0]!.size = 0)],
      ['photo of half a byte', (w) => (w.photos[0]!.size = 1.5)],
      ['photo size as text', (w) => (w.photos[0]!.size = '12' as never)],
      ['a stamp after the clock', (w) => (w.records[0]!.deleted = { at: at(61) })],
      ['an entry twice', (w) => w.entries.push({ ...w.entries[0]! })],
      ['a record twice', (w) => w.records.push({ ...w.records[0]! })],
    ];
    for (const [name, spoil] of cases) {
      const wire = good();
      spoil(wire);
      let failure: unknown;
      try {
        decodeWire(wire);
      } catch (error) {
        failure = error;
      }
      expect(failure, name).toBeInstanceOf(ChangeSetError);
      expect((failure as ChangeSetError).reason, name).toBe('malformed');
      expect((failure as ChangeSetError).detail, name).toMatch(/^\$|^(entries|records|photos)\[|^not/);
    }
    // -0 and numbers beyond a double only as JSON text can write them.
    const text = JSON.stringify(good());
    expect(reasonOf(() => decodeText(text.replace('"value":15', '"value":-0')))).toBe('malformed');
    expect(reasonOf(() => decodeText(text.replace('"value":15', '"value":1e400')))).toBe('malformed');
    expect(reasonOf(() => decodeText(text))).toBe('read');
  });

  it('refuses huge lists before reading their items', () => {
    const text = JSON.stringify({ ...good(), records: [] }).replace('"records":[]', `"records":[${'0,'.repeat(MAX_RECORD_CHANGES)}0]`);
    const started = performance.now();
    expect(reasonOf(() => decodeText(text))).toBe('tooLarge');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reasonOf(() => decodeText(JSON.stringify({ ...good(), records: [] }).replace('"records":[]', `"records":[${'0,'.repeat(500)}0]`)))).toBe('malformed');
  });

  it('refuses deep nesting without running out of stack', () => {
    const depth = 100_000;
    const deepValue = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const text = JSON.stringify(good()).replace('"value":15', `"value":${deepValue}`);
    expect(reasonOf(() => decodeText(text))).toBe('malformed');
    const deepObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    expect(reasonOf(() => decodeText(JSON.stringify(good()).replace('"photos":[', `"deep":${deepObject},"photos":[`)))).toBe('malformed');
    // A value just within the limit is read; one level more is not.
    const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    expect(reasonOf(() => decodeText(JSON.stringify(good()).replace('"value":15', `"value":${nested(MAX_VALUE_DEPTH)}`)))).toBe('read');
    expect(reasonOf(() => decodeText(JSON.stringify(good()).replace('"value":15', `"value":${nested(MAX_VALUE_DEPTH + 1)}`)))).toBe('malformed');
    expect(MAX_DOCUMENT_DEPTH).toBeGreaterThan(MAX_VALUE_DEPTH);
  });

  it('refuses prototype keys anywhere, and pollutes nothing', () => {
    const text = JSON.stringify(good());
    const hostile = [
      text.replace('{"formatVersion"', '{"__proto__":{"polluted":true},"formatVersion"'),
      text.replace('"fields":{"archived"', '"fields":{"__proto__":{"value":1,"at":"x"},"archived"'),
      text.replace('"value":15', '"value":{"__proto__":{"polluted":true}}'),
      text.replace('"value":15', '"value":[{"constructor":{"prototype":{"polluted":true}}}]'),
      text.replace('"value":15', '"value":{"prototype":1}'),
      text.replace('"fields":{"archived"', '"fields":{"constructor":{"value":1,"at":"x"},"archived"'),
      text.replace('"id":"ph-1"', '"id":"ph-1","__proto__":null'),
    ];
    for (const bytes of hostile) {
      expect(bytes).not.toBe(text);
      let failure: unknown;
      try {
        decodeText(bytes);
      } catch (error) {
        failure = error;
      }
      expect((failure as ChangeSetError).reason).toBe('malformed');
      expect((failure as ChangeSetError).detail).toMatch(/is refused/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('throws nothing but ChangeSetError for any bytes, any JSON, any damage to a real batch', () => {
    const encoded = Buffer.from(encodeChangeSet(everydaySet()));
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('[', '{', '"__proto__":', ',', '-0', '1e999', 'null', '"x"', '\\u0000', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[') }),
    );
    const damaged = fc.array(damage, { minLength: 1, maxLength: 4 }).map((steps) => {
      let bytes = Buffer.from(encoded);
      for (const step of steps) {
        const i = step.at % (bytes.length + 1);
        if (step.kind === 'flip' && i < bytes.length) bytes[i] = step.byte;
        if (step.kind === 'cut') bytes = bytes.subarray(0, i);
        if (step.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(step.text), bytes.subarray(i)]);
      }
      return new Uint8Array(bytes);
    });
    const anyJson = fc.anything({ maxDepth: 4, withNullPrototype: true }).map((v) => bytesOf(JSON.stringify(v) ?? 'undefined'));
    const anyBytes = fc.uint8Array({ maxLength: 300 });
    const shaped = fc
      .record({ formatVersion: fc.constantFrom(1, 2, '1'), clock: fc.oneof(fc.constant(clock), fc.string()), entries: fc.anything({ maxDepth: 3 }), records: fc.anything({ maxDepth: 3 }), photos: fc.anything({ maxDepth: 2 }) })
      .map((v) => bytesOf(JSON.stringify(v)));
    fc.assert(
      fc.property(fc.oneof(damaged, anyJson, anyBytes, shaped), (bytes) => {
        try {
          const set = decodeChangeSet(bytes);
          // Whatever was read keeps the rules: it writes back and reads back the same.
          expect(decodeChangeSet(encodeChangeSet(set))).toEqual(set);
        } catch (error) {
          expect(error).toBeInstanceOf(ChangeSetError);
        }
      }),
      { numRuns: 600 },
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
