/**
 * The sync engine: what a round of "sync through a folder" does with the journal's database and
 * the folder (ARCHITECTURE.md, "Sync through a folder"). Plain Node and synchronous per step, so a
 * step never interleaves with a save: the journal worker runs it between calls.
 *
 * A round:
 * 1. **Collect** (one transaction): every entry, person, detail, setting and unsaid item's state
 *    marked in `sync_pending` is compared with what sync holds of it; the differences become change
 *    sets (Yjs updates for documents, stamped fields for the rest), committed to `sync_outbox`
 *    with their file numbers, and the marks are cleared.
 * 2. **Write**: each change set in the outbox is sealed and published under this device's folder
 *    (never replacing a file), then leaves the outbox. A crash between publishing and leaving the
 *    outbox is seen next time: a file with that name that opens to the same change set is ours.
 * 3. **Apply**: for every other device, its change files after the last one applied here, in
 *    order, each in one transaction with the number applied. A file not there yet, or still being
 *    copied, stops that device's run until a later round (the folder is simply incomplete); a file
 *    that will never open (another journal's key, damaged, a newer format) is reported and stops
 *    it too. Every step first collects this computer's own pending edits, so an edit is in the
 *    Yjs state before anything is merged into it, and what applying writes is not mistaken for an
 *    edit made here (its marks are cleared).
 *
 * Photos travel as files of their own (photoFiles.ts), written before the change file that first
 * shows them; one that has not arrived yet is fetched by a later round, and its entries then show it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Person, SyncStatus } from '../../shared/contract';
import type { EntryDoc, UnsaidState } from '../../shared/doc';
import { personIdsOf, photoIdsOf, retargetMention, unsaidStates, walkNodes } from '../../shared/doc';
import { personKinds } from '../../shared/personKinds';
import { MutualError } from '../../shared/result';
import type { Db } from '../db/connection';
import * as entriesRepo from '../db/repos/entries';
import * as peopleRepo from '../db/repos/people';
import { getSetting, setSetting } from '../db/repos/settings';
import * as repo from '../db/repos/sync';
import { getPhoto } from '../db/repos/photos';
import { rederiveEntry, removeSyncedEntry, replaceMentionInEntry, writeSyncedEntry } from '../services/entries';
import { forgetUnused } from '../services/photos';
import { nowIso, todayLocal } from '../services/time';
import { ChangeFileError, openChangeFile, sealChangeFile } from './changeFile';
import { ChangeSetError, decodeChangeSet, encodeChangeSet, entryChangeLifeline, MAX_PHOTO_REFS, type ChangeSet, type EntryChange, type PhotoRef } from './changeSet';
import { docFromState, entryStateFromDoc, mergeUpdates, updateFromSavedDoc } from './entryCrdt';
import { compareStamps, localDelete, localEdit, mergeLifelines, mergeRecord, recordLife, type RecordKind, type SyncedRecord } from './fieldMerge';
import {
  changeFileName,
  deviceDir,
  devicesDir,
  ensureDeviceDir,
  isDeviceId,
  newDeviceId,
  parseSyncFileName,
  removeStaleTempFiles,
  scanDeviceFolder,
  snapshotFileName,
  SyncFileExistsError,
  writeChangeFileExclusive,
  type SyncFileEntry,
} from './folderNames';
import { decodeHlc, encodeHlc, hlcNow, hlcReceive } from './hlc';
import { fetchPhoto, photoPayload, photoRef, writePhotoFile } from './photoFiles';

/** The settings that belong to the journal and travel; the others (backup folder and schedule) are each computer's own. Same list as 0120's triggers. */
export const SYNCED_SETTINGS = ['autoLockMinutes', 'notifyReminders', 'keepPhotoDetails'] as const;
/** Entries per change file: a first sync of a large journal is many files of about a megabyte, each applied in one transaction. */
export const ENTRIES_PER_FILE = 250;
/** Records per change file. */
export const RECORDS_PER_FILE = 2_000;
/**
 * After this many change files of its own since its last compaction, a computer writes its whole
 * state again as a fresh run of change files and announces it (see "Compaction" below).
 */
export const COMPACT_EVERY = 500;

/** What a computer needs to take part: its database and the journal's data key (a copy the caller zeroes). */
export interface SyncContext {
  db: Db;
  dataKey: Buffer;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /** COMPACT_EVERY, for tests. */
  compactEvery?: number;
}

export interface SyncProblem {
  deviceId: string;
  number: number;
  message: string;
}

export interface RoundReport {
  /** Change files written by this computer in this round. */
  wrote: number;
  /** Other devices' change files applied. */
  applied: number;
  /** Entries, people, details or settings changed here by what was applied. */
  changed: number;
  /** Files seen but not readable yet (still being copied, or after a gap). */
  waiting: number;
  problems: SyncProblem[];
  /** True when this computer compacted its files in this round. */
  compacted: boolean;
}

const wallMs = (ctx: Pick<SyncContext, 'now'>) => (ctx.now ? ctx.now() : Date.now());

function device(db: Db): repo.SyncDeviceRow {
  const row = repo.activeSyncDevice(db);
  if (!row) throw new MutualError('BAD_INPUT', 'This journal does not sync through a folder. Set it up in Settings → Sync, or with “mutual sync setup --folder F”.');
  return row;
}

// ————————————————————————————————————————— this computer's records as fields

function localFields(db: Db, kind: RecordKind, id: string): Record<string, unknown> | null {
  if (kind === 'person') {
    const p = peopleRepo.getPerson(db, id);
    if (!p) return null;
    return { name: p.name, kind: p.kind, kindChosen: p.kindChosen, care: p.care, needs: p.needs, boundaries: p.boundaries, notes: p.notes, archived: p.archived, createdAt: p.createdAt, photoId: p.photoId };
  }
  if (kind === 'detail') {
    const d = peopleRepo.getDetailWithCreation(db, id);
    return d ? { personId: d.personId, text: d.text, notedOn: d.notedOn, remindOn: d.remindOn, createdAt: d.createdAt } : null;
  }
  if (kind === 'setting') {
    if (!(SYNCED_SETTINGS as readonly string[]).includes(id)) return null;
    const value = getSetting(db, id);
    return value === null ? null : { value };
  }
  return null;
}

function heldRecord(db: Db, kind: RecordKind, id: string): SyncedRecord | null {
  const json = repo.syncRecordJson(db, kind, id);
  return json ? (JSON.parse(json) as SyncedRecord) : null;
}

function keepRecord(db: Db, record: SyncedRecord): void {
  repo.putSyncRecordJson(db, record.kind, record.id, JSON.stringify(record));
}

/**
 * An unsaid item's state is a record of its own. Item ids are unique within an entry only (an entry
 * copied whole keeps them), so the record is named by both ids, hashed to fit a record id.
 */
function unsaidStateId(entryId: string, itemId: string): string {
  return crypto.createHash('sha256').update(`${entryId}\n${itemId}`).digest('base64url').slice(0, 32);
}

function unsaidStatesOf(doc: EntryDoc): Map<string, UnsaidState> {
  const states = new Map<string, UnsaidState>();
  walkNodes(doc.content, (node) => {
    const id = node.attrs?.id;
    const state = node.attrs?.state;
    if (node.type === 'taskItem' && typeof id === 'string' && id && typeof state === 'string' && (unsaidStates as readonly string[]).includes(state)) states.set(id, state as UnsaidState);
  });
  return states;
}

// ————————————————————————————————————————— 1. collect

/**
 * Turns everything marked here into change sets in the outbox (one transaction). Returns how many
 * change sets were added.
 */
/** Collecting reads and writes the database only: the data key is not needed. */
export function collectLocalChanges(ctx: Omit<SyncContext, 'dataKey'> & { dataKey?: Buffer }): number {
  const { db } = ctx;
  return db.transaction(() => {
    const dev = device(db);
    const marks = repo.pendingMarks(db);
    if (marks.length === 0) return 0;
    const hlc = hlcNow(decodeHlc(dev.clock), wallMs(ctx), dev.device_id);
    const at = encodeHlc(hlc);
    // A merge's tombstone comes just after the edit that says where the person went (mergedAway).
    const tomb = hlcNow(hlc, wallMs(ctx), dev.device_id);
    const entries: EntryChange[] = [];
    const records: SyncedRecord[] = [];
    const photos: PhotoRef[] = [];
    /** A photo shown here for the first time travels once, its reference in this change set. */
    const sendPhoto = (photoId: string) => {
      if (repo.sentPhoto(db, photoId)) return;
      const made = photoRef(db, photoId);
      if (!made) return;
      repo.addSentPhoto(db, { photo_id: photoId, hash: made.ref.hash, type: made.ref.type, size: made.ref.size });
      photos.push(made.ref);
    };
    /**
     * Someone merged into another person here: the tombstone says into whom (`mergedInto`, stamped
     * just before it), so a computer that wrote about them meanwhile moves that to the person kept.
     */
    const mergedAway = (held: SyncedRecord, keptId: string) => {
      const edit = localEdit(held, { mergedInto: keptId }, hlc);
      const gone = localDelete(edit.record, tomb);
      const fields = edit.change?.fields ?? {};
      if (Object.keys(fields).length === 0 && !gone.change) return;
      records.push({ kind: held.kind, id: held.id, fields, ...(gone.change?.deleted ? { deleted: gone.change.deleted } : {}) });
      keepRecord(db, gone.record);
    };
    const recordChange = (base: SyncedRecord | { kind: RecordKind; id: string }, fields: Record<string, unknown> | null) => {
      const change = fields ? localEdit(base, fields, hlc) : 'fields' in base ? localDelete(base, hlc) : null;
      if (!change?.change) return;
      records.push(change.change);
      keepRecord(db, change.record);
    };
    for (const { kind, id } of marks) {
      if (kind === 'entry') {
        const change = collectEntry(db, id, at, sendPhoto, (itemId, state) => {
          const key = unsaidStateId(id, itemId);
          const held = heldRecord(db, 'unsaidState', key);
          // An item still open needs no record until it is marked: its state travels in the document too.
          if (held || state !== 'open') recordChange(held ?? { kind: 'unsaidState', id: key }, { entry: id, item: itemId, state });
        });
        if (change) entries.push(change);
      } else if (kind === 'person' || kind === 'detail' || kind === 'setting') {
        const fields = localFields(db, kind, id);
        if (typeof fields?.photoId === 'string') sendPhoto(fields.photoId);
        const held = heldRecord(db, kind, id);
        const keptId = kind === 'person' && !fields ? peopleRepo.mergedInto(db, id) : null;
        if (held && keptId) mergedAway(held, keptId);
        else recordChange(held ?? { kind, id }, fields);
      }
    }
    repo.clearPending(db);
    const clock = encodeHlc(tomb);
    const sets = splitIntoSets(clock, entries, records, photos);
    let number = dev.next_number;
    for (const set of sets) repo.addToOutbox(db, number++, encodeChangeSet(set));
    repo.updateSyncDevice(db, { clock, next_number: number });
    return sets.length;
  })();
}

function collectEntry(db: Db, id: string, at: string, photo: (photoId: string) => void, unsaidState: (itemId: string, state: UnsaidState) => void): EntryChange | null {
  const row = entriesRepo.getEntryRow(db, id);
  const held = repo.syncEntry(db, id);
  if (!row) {
    // Deleted here. An entry that never left this computer leaves nothing behind.
    if (!held || held.deleted_at !== null) return null;
    repo.putSyncEntry(db, { ...held, deleted_at: at });
    return { id, fields: {}, deleted: { at } };
  }
  const doc = JSON.parse(row.doc) as EntryDoc;
  const change: EntryChange = { id, fields: {} };
  let state: Uint8Array;
  if (!held || held.state.length === 0) {
    state = entryStateFromDoc(doc);
    change.doc = { update: state, at };
  } else {
    const saved = updateFromSavedDoc(held.state, doc);
    state = saved.state;
    if (saved.update) change.doc = { update: saved.update, at };
  }
  // A photo shown for the first time goes with the change that shows it.
  if (change.doc) for (const photoId of photoIdsOf(doc)) photo(photoId);
  if (!held || held.date_value !== row.date || held.date_at === null) change.fields.date = { value: row.date, at };
  if (!held || held.written_value !== row.written_at || held.written_at === null) change.fields.writtenAt = { value: row.written_at, at };
  for (const [itemId, state] of unsaidStatesOf(doc)) unsaidState(itemId, state);
  if (!change.doc && !change.fields.date && !change.fields.writtenAt) return null;
  repo.putSyncEntry(db, {
    entry_id: id,
    state: Buffer.from(state),
    doc_at: change.doc ? at : (held?.doc_at ?? null),
    date_value: row.date,
    date_at: change.fields.date ? at : (held?.date_at ?? null),
    written_value: row.written_at,
    written_at: change.fields.writtenAt ? at : (held?.written_at ?? null),
    deleted_at: held?.deleted_at ?? null,
  });
  return change;
}

/**
 * An update already made for an entry (a merged save, staleSave.ts): its state kept, the update
 * itself sent as it is, in a change set of its own. Call inside the save's transaction.
 */
export function queueEntryUpdate(db: Db, entryId: string, state: Uint8Array, update: Uint8Array, now = Date.now()): void {
  const dev = device(db);
  const held = repo.syncEntry(db, entryId)!;
  const at = encodeHlc(hlcNow(decodeHlc(dev.clock), now, dev.device_id));
  repo.putSyncEntry(db, { ...held, state: Buffer.from(state), doc_at: at });
  repo.addToOutbox(db, dev.next_number, encodeChangeSet({ clock: at, entries: [{ id: entryId, doc: { update, at }, fields: {} }], records: [], photos: [] }));
  repo.updateSyncDevice(db, { clock: at, next_number: dev.next_number + 1 });
}

function splitIntoSets(clock: string, entries: EntryChange[], records: SyncedRecord[], photos: PhotoRef[] = []): ChangeSet[] {
  const sets: ChangeSet[] = [];
  // Photos' references and records first: what an entry shows or mentions is there before the entry.
  for (let i = 0; i < photos.length; i += MAX_PHOTO_REFS) sets.push({ clock, entries: [], records: [], photos: photos.slice(i, i + MAX_PHOTO_REFS) });
  for (let i = 0; i < records.length; i += RECORDS_PER_FILE) sets.push({ clock, entries: [], records: records.slice(i, i + RECORDS_PER_FILE), photos: [] });
  for (let i = 0; i < entries.length; i += ENTRIES_PER_FILE) sets.push({ clock, entries: entries.slice(i, i + ENTRIES_PER_FILE), records: [], photos: [] });
  // The usual small round (a few photos, records and entries at most): one file.
  if (sets.length > 1 && photos.length <= MAX_PHOTO_REFS && records.length <= RECORDS_PER_FILE && entries.length <= ENTRIES_PER_FILE) {
    return [{ clock, entries, records, photos }];
  }
  return sets;
}

// ————————————————————————————————————————— 2. write

/** Publishes the outbox under this device's folder. Returns how many files were written. */
export function writeOutbox(ctx: SyncContext): number {
  const { db } = ctx;
  const dev = device(db);
  const waiting = repo.outbox(db);
  if (waiting.length === 0) return 0;
  ensureDeviceDir(dev.folder, dev.device_id);
  // Photos before the change files that show them, so a reader usually finds them there.
  for (const photo of repo.photosToWrite(db)) {
    const payload = photoPayload(db, photo.photo_id);
    if (payload) writePhotoFile({ folder: dev.folder, dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: dev.device_id, photoId: photo.photo_id, payload });
    repo.markPhotoWritten(db, photo.photo_id);
  }
  let written = 0;
  for (const { number, payload } of waiting) {
    const target = path.join(deviceDir(dev.folder, dev.device_id), changeFileName(number));
    const sealed = sealChangeFile({ dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: dev.device_id, number, payload });
    try {
      writeChangeFileExclusive(target, sealed);
    } catch (error) {
      if (!(error instanceof SyncFileExistsError)) throw error;
      const existing = existingVerdict(ctx, dev, number, target, payload);
      if (existing === 'cut') {
        // Our own write, cut short by a crash where the folder's file system has no hard links (the
        // name is then written directly): only this computer writes its folder, so it is written
        // again — once it has stopped changing, in case a sync app is still filling it in.
        if (stillSettling({ path: target }, wallMs(ctx))) return written;
        fs.rmSync(target, { force: true });
        writeChangeFileExclusive(target, sealed);
      } else if (existing === 'another') {
        // This computer's journal went back in time (a backup restored): files after it under our
        // name are not in this database. Continue as a new device, and read those files as another's.
        continueAsNewDevice(db, dev, number);
        return written + writeOutbox(ctx);
      }
    }
    repo.removeFromOutbox(db, number);
    written++;
  }
  return written;
}

/**
 * What holds a name this computer is about to write: its own earlier write of this change set
 * ('ours'), one cut short ('cut': it does not open — shorter than it says, or not authenticated),
 * or a sound file with other changes ('another': written by this computer before its journal went
 * back in time).
 */
function existingVerdict(ctx: SyncContext, dev: repo.SyncDeviceRow, number: number, target: string, payload: Buffer): 'ours' | 'cut' | 'another' {
  let existing: Buffer;
  try {
    existing = openChangeFile({ dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: dev.device_id, number, bytes: fs.readFileSync(target) });
  } catch {
    return 'cut';
  }
  return existing.equals(payload) ? 'ours' : 'another';
}

function continueAsNewDevice(db: Db, dev: repo.SyncDeviceRow, firstTaken: number): void {
  const deviceId = newDeviceId();
  db.transaction(() => {
    const waiting = repo.outbox(db);
    repo.clearOutbox(db);
    waiting.forEach((change, i) => repo.addToOutbox(db, i + 1, change.payload));
    repo.setApplied(db, dev.device_id, firstTaken - 1);
    repo.updateSyncDevice(db, { device_id: deviceId, next_number: waiting.length + 1, clock: encodeHlc({ ...decodeHlc(dev.clock), deviceId }) });
    repo.addNotice(db, nowIso(), 'newDevice', 'This computer’s journal was older than the changes it had already sent (a backup was restored). It now syncs under a new name, and reads back what it had sent after that backup.');
  })();
}

// ————————————————————————————————————————— 3. apply

/** The ids of the other devices that have a folder. */
export function otherDevices(folder: string, ownId: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(devicesDir(folder));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  return names.filter((name) => isDeviceId(name) && name !== ownId).sort();
}

export interface ApplyOptions {
  /** Called after each file applied, with the entries applied so far. */
  progress?(done: { files: number; entries: number }): void;
  /** Between files: let other work run (the worker's calls). Its own edits are collected first. */
  between?(): Promise<void> | void;
}

/** Applies every other device's new change files. */
export async function applyOthers(ctx: SyncContext, report: RoundReport, options: ApplyOptions = {}): Promise<void> {
  const { db } = ctx;
  const dev = device(db);
  let entriesApplied = 0;
  for (const other of otherDevices(dev.folder, dev.device_id)) {
    const applied = repo.appliedNumbers(db).get(other) ?? 0;
    const scan = scanDeviceFolder(dev.folder, other);
    const changes = new Map(scan.files.filter((f) => f.kind === 'change').map((f) => [f.number, f]));
    const marks = readCompactionMarks(ctx, dev.journal_id, other, scan.files);
    let next = applied + 1;
    // That device's newest run holds everything its files before it held: read it instead when
    // those files are gone (compacted away, or not copied yet) or outnumber the run.
    const newest = marks.at(-1);
    let jumpedTo = 0;
    if (newest && newest.first > next && (!changes.has(next) || newest.first - next > newest.last - newest.first + 1)) next = jumpedTo = newest.first;
    let stuck = false;
    for (;;) {
      // A run that starts right after the files applied here repeats that device's own changes,
      // which this computer has, and others', which come from their own files: passed over, not
      // read again (at 10,000 entries, reading one took as long as a join).
      const run = next > 1 && next !== jumpedTo ? marks.find((mark) => mark.first === next) : undefined;
      if (run) {
        db.transaction(() => repo.setApplied(db, other, run.last))();
        next = run.last + 1;
        continue;
      }
      const file = changes.get(next);
      if (!file) break;
      let set: ChangeSet;
      try {
        const payload = openChangeFile({ dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: other, number: next, bytes: fs.readFileSync(file.path) });
        set = decodeChangeSet(payload);
      } catch (error) {
        if (error instanceof ChangeFileError && (error.retryLater || (error.reason === 'otherKey' && stillSettling(file, wallMs(ctx))))) break;
        if (error instanceof ChangeFileError || error instanceof ChangeSetError) {
          report.problems.push({ deviceId: other, number: next, message: error.message });
          stuck = true;
          break;
        }
        const code = (error as NodeJS.ErrnoException).code;
        // Gone or locked meanwhile (a sync app replacing it): read it next time.
        if (code === 'ENOENT' || code === 'EBUSY' || code === 'EACCES' || code === 'EPERM') break;
        throw error;
      }
      collectLocalChanges(ctx);
      const number = next;
      report.changed += db.transaction(() => {
        const changed = applyChangeSet(ctx, set, other);
        repo.setApplied(db, other, number);
        return changed;
      })();
      report.applied++;
      entriesApplied += set.entries.length;
      const ended = marks.find((mark) => mark.last === number);
      if (ended) coverFrom(db, ended, dev.device_id);
      options.progress?.({ files: report.applied, entries: entriesApplied });
      next++;
      if (options.between) await options.between();
    }
    // Files behind one that will not open are not on their way: the problem says why.
    if (!stuck) report.waiting += [...changes.keys()].filter((n) => n >= next).length;
  }
}

/**
 * A file that does not authenticate but changed in the last SETTLING_MS may still be being filled
 * in by a sync app that sets a file's length before writing its bytes: read it again later, and
 * report it only once it has stayed as it is. A file sealed with another journal's key is then
 * reported on the first round after that.
 */
export const SETTLING_MS = 2 * 60_000;

function stillSettling(file: Pick<SyncFileEntry, 'path'>, now: number): boolean {
  try {
    return now - fs.statSync(file.path).mtimeMs < SETTLING_MS;
  } catch {
    return true;
  }
}

/**
 * One change set applied inside the caller's transaction. Returns how many things changed here.
 * Order: records that live first (people before the entries that mention them), then entries,
 * then deletions of people (after entries have moved their mentions elsewhere), then the marks
 * this wrote are cleared.
 */
export function applyChangeSet(ctx: SyncContext, set: ChangeSet, sender: string): number {
  const { db } = ctx;
  const dev = device(db);
  const clock = hlcReceive(decodeHlc(dev.clock), decodeHlc(set.clock), wallMs(ctx));
  let changed = 0;
  for (const ref of set.photos) {
    const stored = fetchPhoto(db, { folder: dev.folder, dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: sender, photoId: ref.id, hash: ref.hash });
    if (!stored) repo.wantPhoto(db, ref.id, sender, ref.hash);
  }
  const peopleGone: string[] = [];
  /** What applying changed here that must travel on (a merge followed here): marked again at the end. */
  const onward: { kind: string; id: string }[] = [];
  /** Unsaid items' states as merged, by entry id, then item id. */
  const states = new Map<string, Map<string, UnsaidState>>();
  const order: Record<RecordKind, number> = { person: 0, detail: 1, setting: 2, unsaidState: 3 };
  // Every record merged first, then applied: whether someone merged away stays depends on the
  // others' records too (two people merged into each other at once).
  const mergedRecords = [...set.records]
    .sort((a, b) => order[a.kind] - order[b.kind])
    .map((incoming) => {
      const merged = mergeRecord(heldRecord(db, incoming.kind, incoming.id), incoming);
      keepRecord(db, merged.record);
      return merged;
    });
  for (const merged of mergedRecords) {
    if (merged.revived) repo.addNotice(db, nowIso(), 'revived', revivedMessage(merged.record.kind));
    const values = fieldValues(merged.record);
    if (merged.record.kind === 'person') {
      // Two people merged both ways at once on two computers: the one every computer picks stays.
      const stays = merged.life !== 'deleted' || resolvePerson(db, merged.record.id) === merged.record.id;
      if (!stays) peopleGone.push(merged.record.id);
      else changed += applyPerson(db, merged.record.id, values) ? 1 : 0;
    } else if (merged.record.kind === 'detail') {
      changed += applyDetail(db, merged.record.id, merged.life === 'deleted' ? null : values, onward) ? 1 : 0;
    } else if (merged.record.kind === 'setting') {
      if (merged.life !== 'deleted' && (SYNCED_SETTINGS as readonly string[]).includes(merged.record.id) && typeof values.value === 'string' && getSetting(db, merged.record.id) !== values.value) {
        setSetting(db, merged.record.id, values.value);
        changed++;
      }
    } else if (typeof values.entry === 'string' && typeof values.item === 'string' && typeof values.state === 'string' && (unsaidStates as readonly string[]).includes(values.state)) {
      if (!states.has(values.entry)) states.set(values.entry, new Map());
      states.get(values.entry)!.set(values.item, values.state as UnsaidState);
    }
  }
  const written = new Set<string>();
  for (const change of set.entries) {
    if (applyEntry(db, change, states.get(change.id) ?? new Map(), onward)) {
      written.add(change.id);
      changed++;
    }
  }
  // An unsaid item marked elsewhere whose entry did not change in this set.
  for (const [entryId, itemStates] of states) {
    const row = written.has(entryId) ? null : entriesRepo.getEntryRow(db, entryId);
    if (!row) continue;
    const doc = JSON.parse(row.doc) as EntryDoc;
    if (withUnsaidStates(doc, itemStates) && writeSyncedEntry(db, { id: row.id, date: row.date, writtenAt: row.written_at, doc })) changed++;
  }
  for (const personId of peopleGone) if (peopleRepo.getPerson(db, personId)) changed += followMerge(db, personId, onward) ? 1 : 0;
  repo.clearPending(db);
  for (const { kind, id } of onward) repo.mark(db, kind, id);
  repo.updateSyncDevice(db, { clock: encodeHlc(clock) });
  return changed;
}

function revivedMessage(kind: RecordKind): string {
  if (kind === 'person') return 'Someone deleted from your people on one computer was edited on another, so they were kept.';
  if (kind === 'detail') return 'A detail about someone deleted on one computer was edited on another, so it was kept.';
  return 'Something deleted on one computer was changed on another, so it was kept.';
}

function fieldValues(record: SyncedRecord): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(record.fields)) values[name] = record.fields[name]!.value;
  return values;
}

const text = (value: unknown, fallback: string, max = 20_000) => (typeof value === 'string' ? value.slice(0, max) : fallback);
const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** A person as merged, written here. Fields another computer never sent keep what is here (or the defaults). */
function applyPerson(db: Db, id: string, values: Record<string, unknown>): boolean {
  const existing = peopleRepo.getPerson(db, id);
  const now = nowIso();
  const base: Person = existing ?? { id, name: 'Someone', photoId: null, kind: 'other', kindChosen: false, care: '', needs: '', boundaries: '', notes: '', archived: false, createdAt: now, updatedAt: now };
  const name = text(values.name, base.name, 200).trim() || base.name;
  const person: Person = {
    ...base,
    name,
    kind: typeof values.kind === 'string' && (personKinds as readonly string[]).includes(values.kind) ? (values.kind as Person['kind']) : base.kind,
    kindChosen: flag(values.kindChosen, base.kindChosen),
    care: text(values.care, base.care),
    needs: text(values.needs, base.needs),
    boundaries: text(values.boundaries, base.boundaries),
    notes: text(values.notes, base.notes),
    archived: flag(values.archived, base.archived),
    createdAt: text(values.createdAt, base.createdAt, 40),
    updatedAt: now,
  };
  // A photo not here yet is set when it arrives (photoArrived).
  const photoId = values.photoId === null ? null : typeof values.photoId === 'string' && getPhoto(db, values.photoId) ? values.photoId : base.photoId;
  if (!existing) {
    peopleRepo.insertPerson(db, person);
    if (photoId) peopleRepo.setPersonPhotoId(db, id, photoId);
    return true;
  }
  const photoChanged = photoId !== existing.photoId;
  if (photoChanged) {
    peopleRepo.setPersonPhotoId(db, id, photoId);
    if (existing.photoId) forgetUnused(db, [existing.photoId]);
  }
  const same = (['name', 'kind', 'kindChosen', 'care', 'needs', 'boundaries', 'notes', 'archived'] as const).every((k) => person[k] === existing[k]);
  if (same) return photoChanged;
  peopleRepo.updatePerson(db, person);
  if (person.name !== existing.name) for (const seq of peopleRepo.entrySeqsMentioning(db, id)) rederiveEntry(db, seq);
  return true;
}

/**
 * Where a person now is, from the records: themselves while alive (or not known yet); for someone
 * merged away, the person their merges lead to; null for someone deleted and merged nowhere. Two
 * people merged into each other at once (on two computers) lead round in a circle: the one with the
 * smallest id stays, on every computer alike.
 */
function resolvePerson(db: Db, personId: string): string | null {
  const path: string[] = [];
  let id = personId;
  for (;;) {
    const record = heldRecord(db, 'person', id);
    if (!record || recordLife(record) !== 'deleted') return id;
    const next = record.fields.mergedInto?.value;
    if (typeof next !== 'string') return null;
    path.push(id);
    const loop = path.indexOf(next);
    if (loop >= 0) return path.slice(loop).sort()[0]!;
    if (path.length > 64) return null;
    id = next;
  }
}

/**
 * Someone merged away on another computer, still here: their details and mentions move to the
 * person kept (and travel on, so the other computers make the same move), then they go. Someone
 * deleted and merged nowhere goes once no entry here mentions them.
 */
function followMerge(db: Db, personId: string, onward: { kind: string; id: string }[]): boolean {
  const target = resolvePerson(db, personId);
  if (target === null || target === personId) {
    if (peopleRepo.entrySeqsMentioning(db, personId).length > 0) return false;
    peopleRepo.deletePerson(db, personId);
    return true;
  }
  const kept = ensureResolved(db, target);
  for (const detail of peopleRepo.listDetails(db, personId)) onward.push({ kind: 'detail', id: detail.id });
  peopleRepo.moveDetails(db, personId, target);
  for (const seq of peopleRepo.entrySeqsMentioning(db, personId)) {
    replaceMentionInEntry(db, seq, personId, kept);
    onward.push({ kind: 'entry', id: entriesRepo.getEntryRowBySeq(db, seq)!.id });
  }
  peopleRepo.deletePerson(db, personId);
  return true;
}

/** The person someone was merged into, here: from their record when they have not been written here yet. */
function ensureResolved(db: Db, id: string): { id: string; name: string } {
  const here = peopleRepo.getPerson(db, id);
  if (here) return { id, name: here.name };
  const record = heldRecord(db, 'person', id);
  applyPerson(db, id, record ? fieldValues(record) : {});
  return { id, name: peopleRepo.getPerson(db, id)!.name };
}

function ensurePerson(db: Db, id: string, label: string): void {
  if (peopleRepo.getPerson(db, id)) return;
  // Mentioned before their own record arrived (it is in another computer's files): a stand-in
  // under the name the mention shows, given its real fields when they come.
  const now = nowIso();
  peopleRepo.insertPerson(db, { id, name: label.trim().slice(0, 200) || 'Someone', kind: 'other', kindChosen: false, care: '', needs: '', boundaries: '', notes: '', archived: false, createdAt: now, updatedAt: now });
}

function applyDetail(db: Db, id: string, values: Record<string, unknown> | null, onward: { kind: string; id: string }[]): boolean {
  const existing = peopleRepo.getDetail(db, id);
  if (!values) return existing ? peopleRepo.deleteDetail(db, id) : false;
  const named = typeof values.personId === 'string' ? values.personId : existing?.personId;
  if (!named) return false;
  // Noted about someone merged away meanwhile: it goes to the person kept, and that move travels on.
  const resolved = resolvePerson(db, named);
  const personId = resolved ?? named;
  if (personId !== named) {
    ensureResolved(db, personId);
    onward.push({ kind: 'detail', id });
  } else ensurePerson(db, personId, '');
  const detail = {
    id,
    personId,
    text: text(values.text, existing?.text ?? ''),
    notedOn: isDay(values.notedOn) ? values.notedOn : (existing?.notedOn ?? todayLocal()),
    remindOn: values.remindOn === null ? null : isDay(values.remindOn) ? values.remindOn : (existing?.remindOn ?? null),
  };
  if (!existing) {
    peopleRepo.insertDetail(db, detail, text(values.createdAt, nowIso(), 40));
    return true;
  }
  if (existing.personId === detail.personId && existing.text === detail.text && existing.notedOn === detail.notedOn && existing.remindOn === detail.remindOn) return false;
  if (existing.personId !== detail.personId) peopleRepo.moveDetail(db, id, detail.personId);
  peopleRepo.updateDetail(db, detail);
  return true;
}

/** Sets unsaid items' states in a document; true when one changed. */
function withUnsaidStates(doc: EntryDoc, states: ReadonlyMap<string, UnsaidState>): boolean {
  let changed = false;
  walkNodes(doc.content, (node) => {
    const id = node.attrs?.id;
    if (node.type !== 'taskItem' || typeof id !== 'string' || !states.has(id)) return;
    const state = states.get(id)!;
    if (node.attrs!.state !== state) {
      node.attrs = { ...node.attrs, state };
      changed = true;
    }
  });
  return changed;
}

function laterOf(a: string | null, b: string | undefined): string | null {
  if (b === undefined) return a;
  return a === null || compareStamps(b, a) > 0 ? b : a;
}

/** True when the entry here changed (written, removed, or kept over a deletion). */
function applyEntry(db: Db, change: EntryChange, states: ReadonlyMap<string, UnsaidState>, onward: { kind: string; id: string }[]): boolean {
  const held = repo.syncEntry(db, change.id);
  const before = { deletedAt: held?.deleted_at ?? null, lastEditAt: [held?.doc_at, held?.date_at, held?.written_at].reduce<string | null>((a, b) => laterOf(a, b ?? undefined), null) };
  const { life, revived } = mergeLifelines(before, entryChangeLifeline(change));
  const state = change.doc ? (held && held.state.length ? mergeUpdates(held.state, [change.doc.update]) : change.doc.update) : (held?.state ?? new Uint8Array());
  const date = change.fields.date && (!held?.date_at || compareStamps(change.fields.date.at, held.date_at) > 0) ? change.fields.date : null;
  const written = change.fields.writtenAt && (!held?.written_at || compareStamps(change.fields.writtenAt.at, held.written_at) > 0) ? change.fields.writtenAt : null;
  const row: repo.SyncEntryRow = {
    entry_id: change.id,
    state: Buffer.from(state),
    doc_at: laterOf(held?.doc_at ?? null, change.doc?.at),
    date_value: date ? date.value : (held?.date_value ?? null),
    date_at: date ? date.at : (held?.date_at ?? null),
    written_value: written ? written.value : (held?.written_value ?? null),
    written_at: written ? written.at : (held?.written_at ?? null),
    deleted_at: laterOf(held?.deleted_at ?? null, change.deleted?.at),
  };
  repo.putSyncEntry(db, row);
  if (life === 'deleted') return removeSyncedEntry(db, change.id);
  // Its date has not arrived yet (only a later edit from a third computer has): written when it does.
  const local = entriesRepo.getEntryRow(db, change.id);
  // The version shown here until now, as its state: an editor may have it open (staleSave.ts).
  // Its own edits were collected before this file, so the state held is that version's.
  if (local && held && held.state.length > 0 && change.doc) repo.rememberBase(db, change.id, local.updated_at, held.state);
  const day = row.date_value ?? local?.date ?? null;
  if (day === null || state.length === 0) return false;
  const doc = docFromState(state);
  // Unsaid items' states are the later mark's (their records), whatever the document's Yjs attribute
  // holds: Yjs settles a conflicting attribute by client id, not by which mark came later.
  const marked = new Map(states);
  for (const itemId of unsaidStatesOf(doc).keys()) {
    if (marked.has(itemId)) continue;
    const value = heldRecord(db, 'unsaidState', unsaidStateId(change.id, itemId))?.fields.state?.value;
    if (typeof value === 'string' && (unsaidStates as readonly string[]).includes(value)) marked.set(itemId, value as UnsaidState);
  }
  withUnsaidStates(doc, marked);
  for (const personId of personIdsOf(doc)) {
    const resolved = resolvePerson(db, personId);
    if (resolved !== null && resolved !== personId) {
      // Mentions someone merged away meanwhile: the person kept, and that change travels on.
      const kept = ensureResolved(db, resolved);
      walkNodes(doc.content, (node) => retargetMention(node, personId, kept));
      onward.push({ kind: 'entry', id: change.id });
    } else ensurePerson(db, personId, mentionLabel(doc, personId));
  }
  const wrote = writeSyncedEntry(db, { id: change.id, date: day, writtenAt: row.written_at !== null ? row.written_value : (local?.written_at ?? null), doc });
  if (revived) repo.addNotice(db, nowIso(), 'revived', `An entry of ${day} was deleted on one computer and edited on another, so it was kept, with the edit.`);
  return wrote || revived;
}

function mentionLabel(doc: EntryDoc, personId: string): string {
  let label = '';
  walkNodes(doc.content, (node) => {
    if (!label && node.type === 'mention' && node.attrs?.id === personId && typeof node.attrs.label === 'string') label = node.attrs.label;
  });
  return label;
}

/** Photos named by changes applied earlier whose files have arrived since: stored, and shown by their entries and people. */
export function fetchWantedPhotos(ctx: SyncContext): number {
  const { db } = ctx;
  const dev = device(db);
  const wanted = repo.wantedPhotos(db);
  if (wanted.length === 0) return 0;
  // Edits made here meanwhile are collected first: the marks this writes are then cleared.
  collectLocalChanges(ctx);
  let arrived = 0;
  for (const photo of wanted) {
    db.transaction(() => {
      if (!fetchPhoto(db, { folder: dev.folder, dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: photo.device_id, photoId: photo.photo_id, hash: photo.hash })) return;
      repo.gotPhoto(db, photo.photo_id);
      for (const seq of repo.entrySeqsShowingPhoto(db, photo.photo_id)) rederiveEntry(db, seq);
      for (const personId of repo.peopleWithPhotoInRecords(db, photo.photo_id)) if (peopleRepo.getPerson(db, personId)) peopleRepo.setPersonPhotoId(db, personId, photo.photo_id);
      repo.clearPending(db);
      arrived++;
    })();
  }
  return arrived;
}

// ————————————————————————————————————————— compaction

/**
 * ## Compaction
 *
 * Change files pile up: a day of writing is dozens. Now and then (COMPACT_EVERY of its own files)
 * a computer writes everything it holds — every entry's Yjs state with its stamps and tombstone,
 * every record — as a fresh run of ordinary change files, then a small mark (`<last>.msnap`,
 * sealed like a change file) naming the run's first and last numbers and, for every other device,
 * the number of its last file already in the run (`covers`). The mark is written only once the
 * whole run is in the folder. The computer then removes its own files from before its previous
 * run: two runs stay, so a computer a little behind rarely needs a whole run.
 *
 * A reader that finds a gap before a device's newest run (files compacted away, or not copied
 * yet) reads the run instead: it holds everything the files before it held. After the run's last
 * file, the other devices' files it covers count as applied, so a computer joining reads one run
 * per device rather than years of keystrokes. Reading a run is a merge like any other: states and
 * records merge idempotently, so a run read by a computer that had most of it changes nothing.
 */
interface CompactionMark {
  formatVersion: 1;
  first: number;
  last: number;
  covers: Record<string, number>;
}

function isCompactionMark(value: unknown, number: number): value is CompactionMark {
  if (!value || typeof value !== 'object') return false;
  const mark = value as Partial<CompactionMark>;
  return (
    mark.formatVersion === 1 &&
    Number.isSafeInteger(mark.first) &&
    mark.last === number &&
    mark.first! >= 1 &&
    mark.first! <= number &&
    !!mark.covers &&
    typeof mark.covers === 'object' &&
    Object.entries(mark.covers).every(([id, n]) => isDeviceId(id) && Number.isSafeInteger(n) && n >= 0)
  );
}

/** A device's readable compaction marks, oldest first. One still being copied or unreadable is passed over. */
function readCompactionMarks(ctx: SyncContext, journalId: string, deviceId: string, files: SyncFileEntry[]): CompactionMark[] {
  const marks: CompactionMark[] = [];
  for (const file of files) {
    if (file.kind !== 'snapshot') continue;
    try {
      const payload = openChangeFile({ dataKey: ctx.dataKey, journalId, deviceId, number: file.number, bytes: fs.readFileSync(file.path) });
      const mark: unknown = JSON.parse(payload.toString('utf8'));
      if (isCompactionMark(mark, file.number)) marks.push(mark);
    } catch {
      // Only compaction's shortcut is lost: that device's change files are read one by one.
    }
  }
  return marks;
}

function coverFrom(db: Db, mark: CompactionMark, ownId: string): void {
  const applied = repo.appliedNumbers(db);
  for (const [id, number] of Object.entries(mark.covers)) if (id !== ownId && number > (applied.get(id) ?? 0)) repo.setApplied(db, id, number);
}

/** Writes this computer's whole state as a new run when it is due (or finishes announcing one). True when a run was announced. */
export function compactIfDue(ctx: SyncContext): boolean {
  const { db } = ctx;
  const dev = device(db);
  if (!dev.compaction_pending) {
    if (dev.next_number - (dev.compacted_from ?? 1) < (ctx.compactEvery ?? COMPACT_EVERY)) return false;
    collectLocalChanges(ctx);
    db.transaction(() => {
      const current = device(db);
      const at = encodeHlc(hlcNow(decodeHlc(current.clock), wallMs(ctx), current.device_id));
      const entries = repo.allSyncEntries(db).map((row) => wholeEntry(row));
      const records = repo.allSyncRecordsJson(db).map((json) => JSON.parse(json) as SyncedRecord);
      const photos = repo.photosWritten(db).map((p): PhotoRef => ({ id: p.photo_id, hash: p.hash, type: p.type as PhotoRef['type'], size: p.size }));
      const sets = splitIntoSets(at, entries, records, photos);
      if (sets.length === 0) sets.push({ clock: at, entries: [], records: [], photos: [] });
      let number = current.next_number;
      const first = number;
      for (const set of sets) repo.addToOutbox(db, number++, encodeChangeSet(set));
      const mark: CompactionMark = { formatVersion: 1, first, last: number - 1, covers: Object.fromEntries(repo.appliedNumbers(db)) };
      repo.updateSyncDevice(db, { clock: at, next_number: number, compaction_pending: JSON.stringify(mark) });
    })();
  }
  writeOutbox(ctx);
  return announceCompaction(ctx);
}

function wholeEntry(row: repo.SyncEntryRow): EntryChange {
  const change: EntryChange = { id: row.entry_id, fields: {} };
  if (row.state.length > 0 && row.doc_at !== null) change.doc = { update: new Uint8Array(row.state), at: row.doc_at };
  if (row.date_at !== null && row.date_value !== null) change.fields.date = { value: row.date_value, at: row.date_at };
  if (row.written_at !== null) change.fields.writtenAt = { value: row.written_value, at: row.written_at };
  if (row.deleted_at !== null) change.deleted = { at: row.deleted_at };
  return change;
}

function announceCompaction(ctx: SyncContext): boolean {
  const { db } = ctx;
  const dev = device(db);
  if (!dev.compaction_pending || repo.countOutbox(db) > 0) return false;
  const mark = JSON.parse(dev.compaction_pending) as CompactionMark;
  const payload = Buffer.from(JSON.stringify(mark), 'utf8');
  const target = path.join(deviceDir(dev.folder, dev.device_id), snapshotFileName(mark.last));
  try {
    writeChangeFileExclusive(target, sealChangeFile({ dataKey: ctx.dataKey, journalId: dev.journal_id, deviceId: dev.device_id, number: mark.last, payload }));
  } catch (error) {
    if (!(error instanceof SyncFileExistsError) || existingVerdict(ctx, dev, mark.last, target, payload) !== 'ours') throw error;
  }
  repo.updateSyncDevice(db, { compaction_pending: null, compacted_from: mark.first });
  if (dev.compacted_from !== null) removeOwnFilesBefore(dev.folder, dev.device_id, dev.compacted_from);
  return true;
}

/** This computer's own files numbered before `first` (a run two compactions old covers them). Best effort. */
function removeOwnFilesBefore(folder: string, deviceId: string, first: number): void {
  const dir = deviceDir(folder, deviceId);
  try {
    for (const name of fs.readdirSync(dir)) {
      const parsed = parseSyncFileName(name);
      if (parsed && parsed.number < first) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Tidying only: files left behind are read by nobody who has a newer run, and removed next time.
  }
}

// ————————————————————————————————————————— a whole round

/** Collect, write, apply: one round of sync. */
export async function syncRound(ctx: SyncContext, options: ApplyOptions = {}): Promise<RoundReport> {
  const report: RoundReport = { wrote: 0, applied: 0, changed: 0, waiting: 0, problems: [], compacted: false };
  const dev = device(ctx.db);
  if (!fs.existsSync(dev.folder))
    throw new MutualError('NOT_FOUND', `The sync folder ${dev.folder} is not there. Connect the drive or start the sync app that keeps it, or choose the folder again in Settings → Sync. Your changes wait here meanwhile.`);
  removeStaleTempFiles(dev.folder, dev.device_id);
  collectLocalChanges(ctx);
  report.wrote += writeOutbox(ctx);
  await applyOthers(ctx, report, options);
  report.changed += fetchWantedPhotos(ctx);
  // What applying collected of this computer's own edits between files.
  report.wrote += writeOutbox(ctx);
  report.compacted = compactIfDue(ctx);
  repo.updateSyncDevice(ctx.db, { last_round_at: nowIso(), last_problems: JSON.stringify(report.problems) });
  return report;
}

// ————————————————————————————————————————— status

/** Whether this journal syncs now (without reading the folder, as the status does). */
export function isSyncing(db: Db): boolean {
  return repo.activeSyncDevice(db) !== null;
}

export function syncStatus(db: Db): SyncStatus {
  const dev = repo.activeSyncDevice(db);
  if (!dev) return { enabled: false };
  const applied = repo.appliedNumbers(db);
  let others: string[] = [];
  try {
    others = otherDevices(dev.folder, dev.device_id);
  } catch {
    // A folder that cannot be listed is reported by the next round.
  }
  const problems = dev.last_problems ? (JSON.parse(dev.last_problems) as SyncProblem[]) : [];
  return {
    enabled: true,
    folder: dev.folder,
    deviceId: dev.device_id,
    journalId: dev.journal_id,
    lastSyncAt: dev.last_round_at,
    toSend: repo.countPending(db) + repo.countOutbox(db),
    sent: dev.next_number - 1 - repo.countOutbox(db),
    devices: [...new Set([...others, ...applied.keys()])].sort().map((id) => ({ deviceId: id, applied: applied.get(id) ?? 0 })),
    problems: problems.map((p) => ({ deviceId: p.deviceId, number: p.number, message: p.message })),
    notices: repo.notices(db, 10),
  };
}

