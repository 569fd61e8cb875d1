/**
 * The sync tables of schema 120 (migrations/0120-sync.ts): what this computer keeps to sync the
 * journal through a folder. The engine (electron/core/sync/engine.ts) decides; this only reads and
 * writes rows.
 */
import type { Db } from '../connection';
import { stmt } from '../statements';

export interface SyncDeviceRow {
  folder: string;
  device_id: string;
  journal_id: string;
  generation: number;
  clock: string;
  next_number: number;
  set_up_at: string;
  last_round_at: string | null;
  last_problems: string | null;
  compaction_pending: string | null;
  compacted_from: number | null;
  /** 1: sync was stopped on this computer; what it kept waits for sync to be set up again. */
  stopped: number;
}

/** This computer's sync, stopped or not. */
export function syncDevice(db: Db): SyncDeviceRow | null {
  return (stmt(db, 'SELECT * FROM sync_device WHERE id = 1').get() as SyncDeviceRow | undefined) ?? null;
}

/** This computer's sync while it runs (not stopped). */
export function activeSyncDevice(db: Db): SyncDeviceRow | null {
  const row = syncDevice(db);
  return row && row.stopped === 0 ? row : null;
}

export function insertSyncDevice(db: Db, row: Omit<SyncDeviceRow, 'last_round_at' | 'last_problems' | 'compaction_pending' | 'compacted_from' | 'stopped'>): void {
  stmt(
    db,
    `INSERT INTO sync_device (id, folder, device_id, journal_id, generation, clock, next_number, set_up_at)
     VALUES (1, @folder, @device_id, @journal_id, @generation, @clock, @next_number, @set_up_at)`,
  ).run(row);
}

export function updateSyncDevice(db: Db, patch: Partial<Omit<SyncDeviceRow, 'set_up_at'>>): void {
  const names = Object.keys(patch) as (keyof typeof patch)[];
  if (names.length === 0) return;
  // The column names come from the row type above, never from input.
  stmt(db, `UPDATE sync_device SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = 1`).run(patch);
}

/** Everything kept for syncing goes (before syncing through another folder); the journal itself is untouched. */
export function forgetSync(db: Db): void {
  db.exec(
    'DELETE FROM sync_device; DELETE FROM sync_entries; DELETE FROM sync_records; DELETE FROM sync_pending; DELETE FROM sync_outbox; DELETE FROM sync_applied; DELETE FROM sync_notices; DELETE FROM sync_photos_sent; DELETE FROM sync_photos_wanted; DELETE FROM sync_entry_bases;',
  );
}

export interface SyncEntryRow {
  entry_id: string;
  state: Buffer;
  doc_at: string | null;
  date_value: string | null;
  date_at: string | null;
  written_value: string | null;
  written_at: string | null;
  deleted_at: string | null;
}

export function syncEntry(db: Db, entryId: string): SyncEntryRow | null {
  return (stmt(db, 'SELECT * FROM sync_entries WHERE entry_id = ?').get(entryId) as SyncEntryRow | undefined) ?? null;
}

export function putSyncEntry(db: Db, row: SyncEntryRow): void {
  stmt(
    db,
    `INSERT INTO sync_entries (entry_id, state, doc_at, date_value, date_at, written_value, written_at, deleted_at)
     VALUES (@entry_id, @state, @doc_at, @date_value, @date_at, @written_value, @written_at, @deleted_at)
     ON CONFLICT (entry_id) DO UPDATE SET state = excluded.state, doc_at = excluded.doc_at, date_value = excluded.date_value,
       date_at = excluded.date_at, written_value = excluded.written_value, written_at = excluded.written_at, deleted_at = excluded.deleted_at`,
  ).run(row);
}

export function allSyncEntries(db: Db): SyncEntryRow[] {
  return stmt(db, 'SELECT * FROM sync_entries ORDER BY entry_id').all() as SyncEntryRow[];
}

export function allSyncRecordsJson(db: Db): string[] {
  return (stmt(db, 'SELECT record FROM sync_records ORDER BY kind, id').all() as { record: string }[]).map((r) => r.record);
}

export function syncRecordJson(db: Db, kind: string, id: string): string | null {
  return (stmt(db, 'SELECT record FROM sync_records WHERE kind = ? AND id = ?').get(kind, id) as { record: string } | undefined)?.record ?? null;
}

export function putSyncRecordJson(db: Db, kind: string, id: string, json: string): void {
  stmt(db, 'INSERT INTO sync_records (kind, id, record) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET record = excluded.record').run(kind, id, json);
}

export function pendingMarks(db: Db): { kind: string; id: string }[] {
  return stmt(db, 'SELECT kind, id FROM sync_pending ORDER BY kind, id').all() as { kind: string; id: string }[];
}

export function countPending(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM sync_pending').get() as { n: number }).n;
}

export function clearPending(db: Db): void {
  stmt(db, 'DELETE FROM sync_pending').run();
}

/** Everything in the journal, marked to be written: the first change files of a computer that sets up sync. */
export function markEverything(db: Db, syncedSettings: readonly string[]): void {
  db.exec(`
    INSERT OR IGNORE INTO sync_pending (kind, id) SELECT 'person', id FROM people;
    INSERT OR IGNORE INTO sync_pending (kind, id) SELECT 'detail', id FROM details;
    INSERT OR IGNORE INTO sync_pending (kind, id) SELECT 'entry', id FROM entries;
  `);
  stmt(db, "INSERT OR IGNORE INTO sync_pending (kind, id) SELECT 'setting', key FROM settings WHERE key IN (SELECT value FROM json_each(?))").run(JSON.stringify(syncedSettings));
}

export function addToOutbox(db: Db, number: number, payload: Uint8Array): void {
  stmt(db, 'INSERT INTO sync_outbox (number, payload) VALUES (?, ?)').run(number, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
}

export function outbox(db: Db): { number: number; payload: Buffer }[] {
  return stmt(db, 'SELECT number, payload FROM sync_outbox ORDER BY number').all() as { number: number; payload: Buffer }[];
}

export function countOutbox(db: Db): number {
  return (stmt(db, 'SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n;
}

export function removeFromOutbox(db: Db, number: number): void {
  stmt(db, 'DELETE FROM sync_outbox WHERE number = ?').run(number);
}

export function clearOutbox(db: Db): void {
  stmt(db, 'DELETE FROM sync_outbox').run();
}

export function appliedNumbers(db: Db): Map<string, number> {
  const rows = stmt(db, 'SELECT device_id, number FROM sync_applied').all() as { device_id: string; number: number }[];
  return new Map(rows.map((r) => [r.device_id, r.number]));
}

export function setApplied(db: Db, deviceId: string, number: number): void {
  stmt(db, 'INSERT INTO sync_applied (device_id, number) VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET number = excluded.number').run(deviceId, number);
}

/** How many notices are kept: the newest. */
export const KEPT_NOTICES = 50;

export function addNotice(db: Db, at: string, kind: string, message: string): void {
  stmt(db, 'INSERT INTO sync_notices (at, kind, message) VALUES (?, ?, ?)').run(at, kind, message);
  stmt(db, 'DELETE FROM sync_notices WHERE seq <= (SELECT max(seq) FROM sync_notices) - ?').run(KEPT_NOTICES);
}

export function notices(db: Db, limit: number): { at: string; kind: string; message: string }[] {
  return stmt(db, 'SELECT at, kind, message FROM sync_notices ORDER BY seq DESC LIMIT ?').all(limit) as { at: string; kind: string; message: string }[];
}

export interface SentPhotoRow {
  photo_id: string;
  hash: string;
  type: string;
  size: number;
  written: number;
}

export function sentPhoto(db: Db, photoId: string): SentPhotoRow | null {
  return (stmt(db, 'SELECT * FROM sync_photos_sent WHERE photo_id = ?').get(photoId) as SentPhotoRow | undefined) ?? null;
}

export function addSentPhoto(db: Db, row: Omit<SentPhotoRow, 'written'>): void {
  stmt(db, 'INSERT OR IGNORE INTO sync_photos_sent (photo_id, hash, type, size, written) VALUES (@photo_id, @hash, @type, @size, 0)').run(row);
}

export function photosToWrite(db: Db): SentPhotoRow[] {
  return stmt(db, 'SELECT * FROM sync_photos_sent WHERE written = 0 ORDER BY photo_id').all() as SentPhotoRow[];
}

export function photosWritten(db: Db): SentPhotoRow[] {
  return stmt(db, 'SELECT * FROM sync_photos_sent WHERE written = 1 ORDER BY photo_id').all() as SentPhotoRow[];
}

export function markPhotoWritten(db: Db, photoId: string): void {
  stmt(db, 'UPDATE sync_photos_sent SET written = 1 WHERE photo_id = ?').run(photoId);
}

export function wantPhoto(db: Db, photoId: string, deviceId: string, hash: string): void {
  stmt(db, 'INSERT INTO sync_photos_wanted (photo_id, device_id, hash) VALUES (?, ?, ?) ON CONFLICT (photo_id) DO NOTHING').run(photoId, deviceId, hash);
}

export function wantedPhotos(db: Db): { photo_id: string; device_id: string; hash: string }[] {
  return stmt(db, 'SELECT photo_id, device_id, hash FROM sync_photos_wanted ORDER BY photo_id').all() as { photo_id: string; device_id: string; hash: string }[];
}

export function gotPhoto(db: Db, photoId: string): void {
  stmt(db, 'DELETE FROM sync_photos_wanted WHERE photo_id = ?').run(photoId);
}

/** The people whose synced record gives them this photo. */
export function peopleWithPhotoInRecords(db: Db, photoId: string): string[] {
  const rows = stmt(db, "SELECT id FROM sync_records WHERE kind = 'person' AND json_extract(record, '$.fields.photoId.value') = ?").all(photoId) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Entries whose document shows this photo (rare: run when a photo arrives after its entry). */
export function entrySeqsShowingPhoto(db: Db, photoId: string): number[] {
  return (stmt(db, "SELECT seq FROM entries WHERE instr(doc, ?) > 0").all(`"${photoId}"`) as { seq: number }[]).map((r) => r.seq);
}

/** Versions of one entry an editor may still have open, newest kept. */
export const KEPT_BASES_PER_ENTRY = 4;

export function rememberBase(db: Db, entryId: string, token: string, state: Uint8Array): void {
  stmt(db, 'INSERT INTO sync_entry_bases (entry_id, token, state) VALUES (?, ?, ?) ON CONFLICT (entry_id, token) DO UPDATE SET state = excluded.state').run(
    entryId,
    token,
    Buffer.from(state.buffer, state.byteOffset, state.byteLength),
  );
  stmt(db, 'DELETE FROM sync_entry_bases WHERE entry_id = ? AND seq NOT IN (SELECT seq FROM sync_entry_bases WHERE entry_id = ? ORDER BY seq DESC LIMIT ?)').run(entryId, entryId, KEPT_BASES_PER_ENTRY);
}

export function baseState(db: Db, entryId: string, token: string): Buffer | null {
  return (stmt(db, 'SELECT state FROM sync_entry_bases WHERE entry_id = ? AND token = ?').get(entryId, token) as { state: Buffer } | undefined)?.state ?? null;
}

export function mark(db: Db, kind: string, id: string): void {
  stmt(db, 'INSERT OR IGNORE INTO sync_pending (kind, id) VALUES (?, ?)').run(kind, id);
}
