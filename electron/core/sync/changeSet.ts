/**
 * The payload a change file carries (changeFile.ts seals it): one device's batch of changes.
 *
 * - entries: per entry, a Yjs update of its document (entryCrdt.ts) with the stamp of the last save
 *   it holds, its date and time of writing as last-writer-wins fields, and its tombstone;
 * - records: people, details, settings and unsaid items' states, as fieldMerge.ts records (only the
 *   fields that changed);
 * - photos: references by content hash — id, SHA-256 of the bytes, type and size. The photo bytes
 *   themselves travel separately and are out of this module's scope; a reference lets a device ask
 *   for bytes it lacks, fetch each photo once however many references name it, and check what
 *   arrives;
 * - clock: the writing device's HLC high-water mark when it wrote the batch, not earlier than any
 *   stamp in it. A reader advances its own clock past it (`hlcReceive`), so its next edits beat
 *   everything it has just read.
 *
 * ## The encoding
 *
 * UTF-8 JSON, `{ "formatVersion": 1, "clock", "entries", "records", "photos" }`, with bytes (the
 * Yjs updates) as standard base64 with padding. JSON because everything but the updates is text and
 * small values, and JSON's rules are exact and known everywhere; base64 costs a third more bytes for
 * the updates, which are small (a word typed: about 30 bytes) — there is no compression here either
 * way, since a sealed file is ciphertext. Lone UTF-16 surrogates are written as \u escapes
 * (JSON.stringify), so any string survives the trip. Nothing is written that the reader would refuse:
 * `encodeChangeSet` checks with the reader's own rules.
 *
 * ## Reading hostile bytes
 *
 * A change file opens only with the journal's key, so its author is one of the person's own devices;
 * a buggy one, an older or newer version, or one someone else controls must still never crash the
 * reader or slip something odd into the journal. `decodeChangeSet` either returns a ChangeSet that
 * satisfies every rule below or throws a ChangeSetError — never anything else:
 *
 * - at most MAX_CHANGE_SET_BYTES (a change file's largest payload), valid UTF-8, one JSON value;
 * - `formatVersion` read first: a newer one is refused as `newerFormat` before anything else is
 *   judged, since a newer format may lay out the rest differently;
 * - nesting at most MAX_DOCUMENT_DEPTH, and no key `__proto__`, `constructor` or `prototype`
 *   anywhere (nothing here is ever merged into an object by assignment, but whoever applies a value
 *   later might);
 * - list lengths within their limits (checked before any element is read), exactly the keys the
 *   format has, ids of 1–64 characters, stamps that are encoded HLCs no later than `clock`, field
 *   names and values as fieldMerge.ts allows, base64 in its one canonical spelling, no entry, record
 *   or photo twice.
 *
 * Within one `formatVersion` nothing is added: a new key or kind is a new version, which older
 * readers refuse with a reason rather than misread.
 */
import { z } from 'zod';
import { localDateTime } from '../../shared/exportFormat';
import { MAX_CHANGE_PAYLOAD_BYTES } from './changeFile';
import {
  compareStamps,
  FORBIDDEN_KEYS,
  isFieldName,
  isStamp,
  isSyncValue,
  MAX_FIELDS_PER_RECORD,
  MAX_VALUE_DEPTH,
  recordKinds,
  type Lifeline,
  type SyncedRecord,
  type SyncValue,
} from './fieldMerge';

export const CHANGE_SET_FORMAT_VERSION = 1;
/** What one change file can carry. A larger batch is split over several files. */
export const MAX_CHANGE_SET_BYTES = MAX_CHANGE_PAYLOAD_BYTES;
export const MAX_ENTRY_CHANGES = 10_000;
export const MAX_RECORD_CHANGES = 100_000;
export const MAX_PHOTO_REFS = 10_000;
/** One entry's Yjs update: a 5,000-word entry's whole state is about 40 KB. */
export const MAX_ENTRY_UPDATE_BYTES = 16 * 1024 * 1024;
/** Larger than any photo Mutual keeps (at most 50 MB arrive, services/photos.ts; a re-encoded copy may differ a little). */
export const MAX_PHOTO_BYTES = 64 * 1024 * 1024;
/** The format's own nesting (root, list, item, fields, field) and a value's, with one to spare. */
export const MAX_DOCUMENT_DEPTH = 6 + MAX_VALUE_DEPTH;

export interface EntryFields {
  /** The day the entry is about, YYYY-MM-DD. */
  date?: { value: string; at: string };
  /** Local time of writing with its offset ("2004-10-12T21:38:00-06:00"), or null when unknown. */
  writtenAt?: { value: string | null; at: string };
}

export interface EntryChange {
  id: string;
  /** A Yjs update of the entry's document and the stamp of the latest save it holds. */
  doc?: { update: Uint8Array; at: string };
  fields: EntryFields;
  deleted?: { at: string };
}

export interface PhotoRef {
  id: string;
  /** SHA-256 of the bytes that travel for this photo, lower-case hex. */
  hash: string;
  /** Its media type, one of `photoTypes`. */
  type: (typeof photoTypes)[number];
  /** Their length in bytes. */
  size: number;
}

export interface ChangeSet {
  /** The writer's HLC (encoded) when it wrote the batch: not earlier than any stamp in it. */
  clock: string;
  entries: EntryChange[];
  records: SyncedRecord[];
  photos: PhotoRef[];
}

export type ChangeSetFailure = 'tooLarge' | 'malformed' | 'newerFormat';

const failureMessages: Record<ChangeSetFailure, string> = {
  tooLarge: 'This batch of changes is larger than one change file may carry, so Mutual did not read it. The device that wrote it still has its changes.',
  malformed: 'This change file opened but its contents are not changes Mutual can apply, so nothing in it was applied. The device that wrote it still has its changes; updating Mutual there and here may help.',
  newerFormat: 'These changes were written by a newer version of Mutual. Update Mutual on this device to apply them; nothing was changed.',
};

/** Why a payload was refused. `detail` says where, for the log; the message is for the person. */
export class ChangeSetError extends Error {
  readonly reason: ChangeSetFailure;
  readonly detail: string;
  constructor(reason: ChangeSetFailure, detail: string, options?: { cause?: unknown }) {
    super(failureMessages[reason], options);
    this.name = 'ChangeSetError';
    this.reason = reason;
    this.detail = detail.slice(0, 300);
  }
}

const id = z.string().min(1).max(64);
const stamp = z.string().refine(isStamp, 'not an encoded HLC');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date like 2026-11-28')
  .refine((text) => {
    const day = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
  }, 'not a real date');
const tombstone = z.strictObject({ at: stamp });

/** The largest base64 text of MAX_ENTRY_UPDATE_BYTES bytes. */
const MAX_UPDATE_BASE64_LENGTH = Math.ceil(MAX_ENTRY_UPDATE_BYTES / 3) * 4;
/** A character class and no groups: linear, whatever the length. Placement of "=" is left to the canonical check. */
const base64Characters = /^[A-Za-z0-9+/]*={0,2}$/;
const updateBytes = z
  .string()
  .max(MAX_UPDATE_BASE64_LENGTH)
  .transform((text, context) => {
    // Node's decoder skips what it does not understand; re-encoding and comparing leaves one spelling per byte string.
    const bytes = text.length % 4 === 0 && base64Characters.test(text) ? Buffer.from(text, 'base64') : null;
    if (bytes === null || bytes.toString('base64') !== text) {
      context.addIssue({ code: 'custom', message: 'not canonical base64' });
      return z.NEVER;
    }
    return new Uint8Array(bytes);
  });

const syncValue = z.custom<SyncValue>(isSyncValue, 'not a value fieldMerge.ts can sync');
const stampedValue = z.strictObject({ value: syncValue, at: stamp });
const fieldName = z.string().refine(isFieldName, 'not a synced field name');
const fields = z
  .custom<Record<string, unknown>>((raw) => isPlainObject(raw) && Object.keys(raw).length <= MAX_FIELDS_PER_RECORD, `not an object of at most ${MAX_FIELDS_PER_RECORD} fields`)
  .pipe(z.record(fieldName, stampedValue));

const recordSchema = z.strictObject({ kind: z.enum(recordKinds), id, fields, deleted: tombstone.optional() });
const entrySchema = z.strictObject({
  id,
  doc: z.strictObject({ update: updateBytes, at: stamp }).optional(),
  fields: z.strictObject({
    date: z.strictObject({ value: isoDate, at: stamp }).optional(),
    writtenAt: z.strictObject({ value: localDateTime.max(64).nullable(), at: stamp }).optional(),
  }),
  deleted: tombstone.optional(),
});
/**
 * The types Mutual keeps (services/photos.ts): what it re-encodes, and HEIC/HEIF kept as they came.
 * SVG and PDF are never photos there (they can run code), so no reference may name them either.
 */
export const photoTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/heic', 'image/heif', 'image/tiff'] as const;

const photoSchema = z.strictObject({
  id,
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 in lower-case hex'),
  type: z.enum(photoTypes),
  size: z.number().int().min(1).max(MAX_PHOTO_BYTES),
});
const wireSchema = z.strictObject({
  formatVersion: z.literal(CHANGE_SET_FORMAT_VERSION),
  clock: stamp,
  entries: z.array(entrySchema),
  records: z.array(recordSchema),
  photos: z.array(photoSchema),
});

const listLimits = { entries: MAX_ENTRY_CHANGES, records: MAX_RECORD_CHANGES, photos: MAX_PHOTO_REFS } as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Nesting and forbidden keys, over the whole document before any schema reads it: the path to the
 * first problem and what it is, or null. Recursion stops at MAX_DOCUMENT_DEPTH, so however deep the
 * input, the stack is not at risk; the path is built only on the way out of a problem.
 */
function shapeProblem(value: unknown, depth: number): { path: PropertyKey[]; problem: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_DOCUMENT_DEPTH) return { path: [], problem: `nested deeper than ${MAX_DOCUMENT_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = shapeProblem(value[i], depth + 1);
      if (found) return { path: [i, ...found.path], problem: found.problem };
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return { path: [], problem: `the key ${JSON.stringify(key)} is refused` };
    const found = shapeProblem((value as Record<string, unknown>)[key], depth + 1);
    if (found) return { path: [key, ...found.path], problem: found.problem };
  }
  return null;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`), '$');
}

/** Duplicates, and stamps later than the writer's clock (a reader's clock would then stay behind what it read). */
function consistencyProblem(set: ChangeSet): string | null {
  const stamps: [string, string][] = [];
  const seen = new Set<string>();
  for (const [i, entry] of set.entries.entries()) {
    if (seen.has(`entry ${entry.id}`)) return `entries[${i}]: entry ${entry.id} appears twice`;
    seen.add(`entry ${entry.id}`);
    if (entry.doc) stamps.push([`entries[${i}].doc.at`, entry.doc.at]);
    if (entry.fields.date) stamps.push([`entries[${i}].fields.date.at`, entry.fields.date.at]);
    if (entry.fields.writtenAt) stamps.push([`entries[${i}].fields.writtenAt.at`, entry.fields.writtenAt.at]);
    if (entry.deleted) stamps.push([`entries[${i}].deleted.at`, entry.deleted.at]);
  }
  for (const [i, record] of set.records.entries()) {
    const key = `${record.kind} ${record.id}`;
    if (seen.has(key)) return `records[${i}]: ${key} appears twice`;
    seen.add(key);
    for (const name of Object.keys(record.fields)) stamps.push([`records[${i}].fields.${name}.at`, record.fields[name]!.at]);
    if (record.deleted) stamps.push([`records[${i}].deleted.at`, record.deleted.at]);
  }
  for (const [i, photo] of set.photos.entries()) {
    if (seen.has(`photo ${photo.id}`)) return `photos[${i}]: photo ${photo.id} appears twice`;
    seen.add(`photo ${photo.id}`);
  }
  for (const [where, at] of stamps) if (compareStamps(at, set.clock) > 0) return `${where}: stamped ${at}, later than the writer's clock ${set.clock}`;
  return null;
}

/** The reader's rules, applied to a parsed document (or, when writing, to what is about to be written). */
function readWire(raw: unknown): ChangeSet {
  if (!isPlainObject(raw)) throw new ChangeSetError('malformed', '$: not a JSON object');
  const version = raw.formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > CHANGE_SET_FORMAT_VERSION) {
    throw new ChangeSetError('newerFormat', `formatVersion ${version}; this version of Mutual reads ${CHANGE_SET_FORMAT_VERSION}`);
  }
  if (version !== CHANGE_SET_FORMAT_VERSION) throw new ChangeSetError('malformed', `$.formatVersion: ${String(JSON.stringify(version)).slice(0, 40)} is not a format version`);
  for (const [list, limit] of Object.entries(listLimits)) {
    const items = raw[list];
    if (Array.isArray(items) && items.length > limit) throw new ChangeSetError('tooLarge', `$.${list}: ${items.length} items; at most ${limit} in one change file`);
  }
  const shape = shapeProblem(raw, 0);
  if (shape) throw new ChangeSetError('malformed', `${issuePath(shape.path)}: ${shape.problem}`);
  const parsed = wireSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChangeSetError('malformed', `${issuePath(issue.path)}: ${issue.message}`);
  }
  const { clock, entries, records, photos } = parsed.data;
  const set: ChangeSet = { clock, entries, records, photos };
  const problem = consistencyProblem(set);
  if (problem) throw new ChangeSetError('malformed', problem);
  return set;
}

function toWire(set: ChangeSet): unknown {
  return {
    formatVersion: CHANGE_SET_FORMAT_VERSION,
    clock: set.clock,
    entries: set.entries.map((entry) => ({
      id: entry.id,
      ...(entry.doc ? { doc: { update: Buffer.from(entry.doc.update.buffer, entry.doc.update.byteOffset, entry.doc.update.byteLength).toString('base64'), at: entry.doc.at } } : {}),
      fields: entry.fields,
      ...(entry.deleted ? { deleted: entry.deleted } : {}),
    })),
    records: set.records.map((record) => ({ kind: record.kind, id: record.id, fields: record.fields, ...(record.deleted ? { deleted: record.deleted } : {}) })),
    photos: set.photos,
  };
}

/**
 * The bytes of a batch, ready to seal. Throws ChangeSetError('tooLarge') when it exceeds what one
 * file carries (split the batch), and RangeError when it breaks a rule the reader would refuse it
 * for (a bug in the writer: better found here than on every other device).
 */
export function encodeChangeSet(set: ChangeSet): Uint8Array {
  let wire: unknown;
  try {
    wire = toWire(set);
    readWire(wire);
  } catch (error) {
    if (error instanceof ChangeSetError && error.reason === 'tooLarge') throw error;
    const detail = error instanceof ChangeSetError ? error.detail : String(error);
    throw new RangeError(`This batch of changes breaks the change-file format, so it was not written: ${detail}`, { cause: error });
  }
  const bytes = Buffer.from(JSON.stringify(wire), 'utf8');
  if (bytes.length > MAX_CHANGE_SET_BYTES) throw new ChangeSetError('tooLarge', `${bytes.length} bytes; at most ${MAX_CHANGE_SET_BYTES} in one change file`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The batch in an opened change file's payload. Throws ChangeSetError, and nothing else, for anything it refuses. */
export function decodeChangeSet(bytes: Uint8Array): ChangeSet {
  try {
    if (!(bytes instanceof Uint8Array)) throw new ChangeSetError('malformed', 'not bytes');
    if (bytes.byteLength > MAX_CHANGE_SET_BYTES) throw new ChangeSetError('tooLarge', `${bytes.byteLength} bytes; at most ${MAX_CHANGE_SET_BYTES} in one change file`);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch (error) {
      throw new ChangeSetError('malformed', 'not UTF-8 text', { cause: error });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ChangeSetError('malformed', `not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return readWire(raw);
  } catch (error) {
    if (error instanceof ChangeSetError) throw error;
    // Nothing above is meant to throw anything else; if something does (memory, a bug), it is still only "not readable".
    throw new ChangeSetError('malformed', `unexpected: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** An entry change's tombstone and latest edit (save, date or time of writing), for `entryLife` and `mergeLifelines`. */
export function entryChangeLifeline(change: EntryChange): Lifeline {
  const edits = [change.doc?.at, change.fields.date?.at, change.fields.writtenAt?.at].filter((at): at is string => at !== undefined);
  const lastEditAt = edits.reduce<string | null>((latest, at) => (latest === null || compareStamps(at, latest) > 0 ? at : latest), null);
  return { deletedAt: change.deleted?.at ?? null, lastEditAt };
}
