/**
 * Merging people, details, settings and unsaid items' states between devices: one last-writer-wins
 * register per field, stamped with the hybrid logical clock (hlc.ts), and a tombstone for deletion.
 * Entry documents merge through Yjs instead (entryCrdt.ts); whether an entry is deleted follows the
 * same tombstone rule (`entryLife`). Pure: no electron, no database, no files.
 *
 * ## A synced record
 *
 * `{ kind, id, fields: { name: { value, at } … }, deleted?: { at } }`, for example a person
 * `{ kind: 'person', id, fields: { name: …, care: … } }`, a detail (`text`, `notedOn`, `remindOn`,
 * `personId`), a setting (`{ kind: 'setting', id: 'autoLockMinutes', fields: { value: … } }`) or an
 * unsaid item's state (`{ kind: 'unsaidState', id: itemId, fields: { state: … } }`). What each field
 * means and which values it may hold is the business of whoever applies the record to the journal;
 * here a value is any JSON (`SyncValue`) and an array or object is one opaque whole: two devices that
 * change one field never have their values combined.
 *
 * ## The merge
 *
 * Per field, the value with the higher stamp (`at`, an encoded HLC) wins. Two devices never issue
 * the same stamp (the device id is part of it), and the same stamp with the same value is the same
 * write seen twice. The same stamp with two different values can only come from one device that
 * reissued a stamp (a journal restored from a backup); the value whose canonical JSON sorts higher
 * wins, so even then every device picks the same one. The tombstone is the highest deletion stamp
 * seen. A field is never removed: setting it to null is a value like any other.
 *
 * This is a state-based CRDT: each field and the tombstone are registers under a total order and
 * merging takes the maximum of each, so `mergeRecord` is commutative, associative and idempotent,
 * and devices that have seen the same writes, in any order and any number of times, hold the same
 * record (tests/unit/sync/fieldMerge.test.ts checks this over random edits from skewed clocks).
 *
 * ## Deleted, or kept: the tombstone rule
 *
 * A record is deleted when its tombstone is later than every field's stamp. An edit stamped later
 * than the tombstone — made on a device that had not yet heard of the deletion — keeps it: the
 * record comes back whole, with the edit, and `mergeRecord` says `revived: true` so the app can tell
 * the person ("This person was deleted on another computer and edited here; they were kept").
 * Losing words a person wrote after a deletion they never saw is worse than a record coming back
 * that someone can delete again. A stamp equal to the tombstone (one device, one moment) keeps the
 * record too, for the same reason.
 *
 * Hence a deletion does not erase a record's fields from the synced state: a revival must bring back
 * the fields the reviving edit did not touch (it sends only what it changed). Removing them for good
 * once every device has seen the tombstone is compaction's business, not this module's.
 *
 * - Entries: their document merges in Yjs, which knows nothing of deletion; `entryLife(deletedAt,
 *   lastEditAt)` applies the same rule to the entry's tombstone and the stamp of its last save or
 *   date change.
 * - A record that owns others (a person owns their details) counts its dependents' edits as its own
 *   (`recordLifeline(person, details)`): a detail edited after its person was deleted brings the
 *   person back, rather than leaving a detail nobody can see. A dependent's deletion is not an edit
 *   of its owner. The deleting device stamps the person and each of their details with one deletion
 *   stamp, so the edited detail itself reports `revived: true` when it merges.
 *
 * ## Writing
 *
 * `localEdit` turns what a save changed into the change to send: only the fields whose value really
 * differs, each stamped with the save's HLC. Forms save every field at once; stamping the unchanged
 * ones too would make them beat another device's concurrent edits of those fields. The stamp must be
 * later than everything the device has seen of the record (the device's clock advances with
 * `hlcReceive` for everything it reads), or the device's own edit would lose to what it replaces.
 */
import { compareHlc, decodeHlc, encodeHlc, type Hlc } from './hlc';

export const recordKinds = ['person', 'detail', 'setting', 'unsaidState'] as const;
export type RecordKind = (typeof recordKinds)[number];

/** JSON. Arrays and objects are opaque wholes: one field, one value, last writer wins. */
export type SyncValue = string | number | boolean | null | SyncValue[] | { [key: string]: SyncValue };

export interface StampedValue {
  value: SyncValue;
  /** The HLC (`encodeHlc`) of the save that wrote the value. */
  at: string;
}

export interface RecordKey {
  kind: RecordKind;
  id: string;
}

export interface SyncedRecord extends RecordKey {
  fields: Record<string, StampedValue>;
  /** The latest deletion seen (its HLC). Absent: never deleted. */
  deleted?: { at: string };
}

/**
 * alive: never deleted. deleted: the tombstone is later than every edit. revived: deleted, and
 * edited later by a device that had not seen the deletion; kept.
 */
export type Life = 'alive' | 'deleted' | 'revived';

/** What decides whether a record (or an entry) is deleted: its tombstone and its latest edit. */
export interface Lifeline {
  deletedAt: string | null;
  lastEditAt: string | null;
}

export interface RecordMerge {
  record: SyncedRecord;
  life: Life;
  /**
   * True when this merge brought a deletion and a later edit together for the first time on this
   * side: one version was deleted, or did not know the deletion, and the result is kept. Seeing the
   * same changes again says false. Tell the person.
   */
  revived: boolean;
}

/** Fields per record: a person has eleven. Bounds what a hostile change can make a merge iterate. */
export const MAX_FIELDS_PER_RECORD = 64;
/** Nesting of arrays and objects inside one value. Real values are flat. */
export const MAX_VALUE_DEPTH = 16;
/** A value's length as canonical JSON: a person's longest field is 20,000 characters. */
export const MAX_VALUE_JSON_LENGTH = 256 * 1024;

/** Keys that change an object's prototype or reach its constructor when assigned; refused anywhere. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const fieldNamePattern = /^[a-z][A-Za-z0-9]{0,63}$/;
/** toString, valueOf, hasOwnProperty…: a field so named would read as the prototype's member where it is missing. */
const prototypeMembers = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A field name: camelCase like the contract's (name, kindChosen, remindOn), never a member of every object. */
export function isFieldName(name: unknown): name is string {
  return typeof name === 'string' && fieldNamePattern.test(name) && !prototypeMembers.has(name) && !FORBIDDEN_KEYS.has(name);
}

/** An encoded HLC (`encodeHlc`), exactly. */
export function isStamp(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  try {
    decodeHlc(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The canonical JSON of a value (object keys sorted, no spaces), or null when it is not a SyncValue:
 * not JSON (undefined, NaN, a Date, a class instance), -0 (JSON writes it as 0, so it would not
 * survive a trip), a forbidden key, nested deeper than MAX_VALUE_DEPTH. Recursion stops at that
 * depth, so hostile nesting cannot exhaust the stack.
 */
export function canonicalJson(value: unknown): string | null {
  return canonicalAt(value, 0, false);
}

/** `minusZeroAsZero`: for values a save hands over, where -0 is arithmetic's accident, not a value. */
function canonicalAt(value: unknown, depth: number, minusZeroAsZero: boolean): string | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) && (minusZeroAsZero || !Object.is(value, -0)) ? JSON.stringify(value) : null;
    case 'object':
      break;
    default:
      return null;
  }
  if (depth >= MAX_VALUE_DEPTH) return null;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      // A sparse array's hole is undefined, which JSON cannot hold.
      if (!Object.hasOwn(value, i)) return null;
      const part = canonicalAt(value[i], depth + 1, minusZeroAsZero);
      if (part === null) return null;
      parts.push(part);
    }
    return `[${parts.join(',')}]`;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return null;
  if (Object.getOwnPropertySymbols(value).length > 0) return null;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) return null;
    const part = canonicalAt((value as Record<string, unknown>)[key], depth + 1, minusZeroAsZero);
    if (part === null) return null;
    parts.push(`${JSON.stringify(key)}:${part}`);
  }
  return `{${parts.join(',')}}`;
}

/** A value a field may hold (see `canonicalJson`), no longer than MAX_VALUE_JSON_LENGTH as JSON. */
export function isSyncValue(value: unknown): value is SyncValue {
  const json = canonicalJson(value);
  return json !== null && json.length <= MAX_VALUE_JSON_LENGTH;
}

/** compareHlc on encoded stamps. Throws RangeError for a string that is not one (a caller's bug). */
export function compareStamps(a: string, b: string): -1 | 0 | 1 {
  return a === b ? 0 : compareHlc(decodeHlc(a), decodeHlc(b));
}

function laterStamp(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareStamps(a, b) >= 0 ? a : b;
}

/** The winner of one field: later stamp; for one stamp reissued with two values, the higher canonical JSON. */
function laterValue(a: StampedValue, b: StampedValue): StampedValue {
  const byStamp = compareStamps(a.at, b.at);
  if (byStamp !== 0) return byStamp > 0 ? a : b;
  return (canonicalJson(a.value) ?? '') >= (canonicalJson(b.value) ?? '') ? a : b;
}

/**
 * Deleted when the tombstone is later than the last edit; revived when it is not but there is a
 * tombstone (an edit made after a deletion elsewhere kept it). For an entry, `lastEditAt` is the
 * stamp of its latest save, date or time change: its Yjs document has no stamp of its own.
 */
export function entryLife(deletedAt: string | null, lastEditAt: string | null): Life {
  if (deletedAt === null) return 'alive';
  if (lastEditAt === null) return 'deleted';
  return compareStamps(deletedAt, lastEditAt) > 0 ? 'deleted' : 'revived';
}

/** The latest stamp among a record's fields (its last edit), or null for a record never written. */
export function lastEditAt(record: SyncedRecord): string | null {
  let latest: string | null = null;
  for (const name of Object.keys(record.fields)) latest = laterStamp(latest, record.fields[name]!.at);
  return latest;
}

/**
 * A record's tombstone and last edit, counting the field edits of records it owns (a person's
 * details) as its own; see "Deleted, or kept" above.
 */
export function recordLifeline(record: SyncedRecord, dependents: readonly SyncedRecord[] = []): Lifeline {
  let latest = lastEditAt(record);
  for (const dependent of dependents) latest = laterStamp(latest, lastEditAt(dependent));
  return { deletedAt: record.deleted?.at ?? null, lastEditAt: latest };
}

export function recordLife(record: SyncedRecord, dependents: readonly SyncedRecord[] = []): Life {
  const { deletedAt, lastEditAt: latest } = recordLifeline(record, dependents);
  return entryLife(deletedAt, latest);
}

/** Whether a version already knew this deletion and was kept over it: seeing it again is no news. */
function keptOver(lifeline: Lifeline, deletedAt: string): boolean {
  return lifeline.deletedAt === deletedAt && entryLife(lifeline.deletedAt, lifeline.lastEditAt) === 'revived';
}

/**
 * Two versions' lifelines merged (latest tombstone, latest edit), with what the merge means; the
 * rule `mergeRecord` applies, for entries and for owners whose dependents changed. `revived` as in
 * `RecordMerge`.
 */
export function mergeLifelines(a: Lifeline, b: Lifeline): { lifeline: Lifeline; life: Life; revived: boolean } {
  const lifeline: Lifeline = { deletedAt: laterStamp(a.deletedAt, b.deletedAt), lastEditAt: laterStamp(a.lastEditAt, b.lastEditAt) };
  const life = entryLife(lifeline.deletedAt, lifeline.lastEditAt);
  const revived = life === 'revived' && !keptOver(a, lifeline.deletedAt!) && !keptOver(b, lifeline.deletedAt!);
  return { lifeline, life, revived };
}

/**
 * Two versions of one record merged; neither is changed (values are shared: treat them as
 * immutable). `a` null: this device has never seen the record. Field names come out sorted, so
 * every device holds the same record in the same form.
 */
export function mergeRecord(a: SyncedRecord | null, b: SyncedRecord): RecordMerge {
  if (a && (a.kind !== b.kind || a.id !== b.id)) throw new RangeError(`Only versions of one record merge; got ${a.kind} ${a.id} and ${b.kind} ${b.id}`);
  const names = new Set([...(a ? Object.keys(a.fields) : []), ...Object.keys(b.fields)]);
  const fields: Record<string, StampedValue> = {};
  for (const name of [...names].sort()) {
    const ours = a && Object.hasOwn(a.fields, name) ? a.fields[name]! : null;
    const theirs = Object.hasOwn(b.fields, name) ? b.fields[name]! : null;
    fields[name] = ours && theirs ? laterValue(ours, theirs) : (ours ?? theirs)!;
  }
  const record: SyncedRecord = { kind: b.kind, id: b.id, fields };
  const deletedAt = laterStamp(a?.deleted?.at ?? null, b.deleted?.at ?? null);
  if (deletedAt !== null) record.deleted = { at: deletedAt };
  const { life, revived } = mergeLifelines(a ? recordLifeline(a) : { deletedAt: null, lastEditAt: null }, recordLifeline(b));
  return { record, life, revived };
}

/** `revived` is always false here: what a person does on this device is no news to them. */
export interface LocalChange extends RecordMerge {
  /** What to send to the other devices; null when nothing changed. */
  change: SyncedRecord | null;
}

function assertLaterThanEverything(base: SyncedRecord | RecordKey, stamp: string): void {
  if (!('fields' in base)) return;
  const latest = laterStamp(lastEditAt(base), base.deleted?.at ?? null);
  if (latest !== null && compareStamps(stamp, latest) <= 0) {
    throw new RangeError(`A local change to ${base.kind} ${base.id} must be stamped later than everything this device has seen of it (${latest}); got ${stamp}. Advance the clock with hlcReceive for what the device reads.`);
  }
}

function unchangedBase(base: SyncedRecord | RecordKey): SyncedRecord {
  return 'fields' in base ? base : { kind: base.kind, id: base.id, fields: {} };
}

/**
 * A save on this device: `base` is the record as this device holds it (or only its kind and id when
 * it is new), `changes` the fields the save wrote. Returns the change to send — only the fields
 * whose value differs (all of them when the record was deleted here: saving it restores it),
 * stamped `hlc` — and the record to keep. Throws RangeError for a field name or
 * value this module refuses, or a stamp not later than the record (see "Writing").
 */
export function localEdit(base: SyncedRecord | RecordKey, changes: Readonly<Record<string, unknown>>, hlc: Hlc): LocalChange {
  const at = encodeHlc(hlc);
  assertLaterThanEverything(base, at);
  const current = unchangedBase(base);
  // Saving a record this device holds as deleted brings it back: every field given is written, equal or not.
  const deletedHere = recordLife(current) === 'deleted';
  const fields: Record<string, StampedValue> = {};
  for (const name of Object.keys(changes).sort()) {
    if (!isFieldName(name)) throw new RangeError(`Not a synced field name: ${JSON.stringify(String(name).slice(0, 80))}`);
    const json = canonicalAt(changes[name], 0, true);
    if (json === null || json.length > MAX_VALUE_JSON_LENGTH) throw new RangeError(`The value of ${current.kind}.${name} is not JSON this module can sync (at most ${MAX_VALUE_DEPTH} levels, ${MAX_VALUE_JSON_LENGTH} characters)`);
    const held = Object.hasOwn(current.fields, name) ? current.fields[name]! : null;
    if (held && !deletedHere && canonicalJson(held.value) === json) continue;
    fields[name] = { value: JSON.parse(json) as SyncValue, at };
  }
  if (Object.keys(fields).length === 0) return { change: null, record: current, life: recordLife(current), revived: false };
  const fieldCount = new Set([...Object.keys(current.fields), ...Object.keys(fields)]).size;
  if (fieldCount > MAX_FIELDS_PER_RECORD) throw new RangeError(`A synced record holds at most ${MAX_FIELDS_PER_RECORD} fields; ${current.kind} ${current.id} would hold ${fieldCount}`);
  const change: SyncedRecord = { kind: current.kind, id: current.id, fields };
  const { record, life } = mergeRecord(current, change);
  return { change, record, life, revived: false };
}

/**
 * A deletion on this device: a tombstone stamped `hlc`, later than every field, so the record is
 * deleted everywhere unless some device edits it later. Null change when it is already deleted here.
 */
export function localDelete(base: SyncedRecord | RecordKey, hlc: Hlc): LocalChange {
  const at = encodeHlc(hlc);
  assertLaterThanEverything(base, at);
  const current = unchangedBase(base);
  if (recordLife(current) === 'deleted') return { change: null, record: current, life: 'deleted', revived: false };
  const change: SyncedRecord = { kind: current.kind, id: current.id, fields: {}, deleted: { at } };
  const { record, life } = mergeRecord(current, change);
  return { change, record, life, revived: false };
}
