/**
 * The sealed change file: what one device writes to the sync folder for others to read.
 *
 *   offset  size  field
 *        0    10  magic "MUTUALSYNC"
 *       10     1  format version (1)
 *       11     4  declared total length of the file in bytes, unsigned big-endian
 *       15    12  random GCM IV
 *       27     4  header check: the first 4 bytes of SHA-256 over bytes 0–26
 *       31     n  payload, AES-256-GCM ciphertext
 *     31+n    16  GCM tag
 *
 * The associated data binds the magic, the version, the declared length, the journal id, the
 * device id and the file number, so a file renamed to another number, moved to another device's
 * folder or into another journal's folder refuses to open, as does one with any byte changed.
 *
 * Sync tools copy files in pieces and a reader may meet one half-copied. The declared length tells
 * "still arriving" (shorter than declared: read it again later, never an error) from everything
 * else. The header check exists only so that a damaged length cannot pass for "still arriving"
 * forever: it is not a security measure (GCM is), it tells damage from a copy in progress.
 */
import crypto from 'node:crypto';
import { isDeviceId, isFileNumber } from './folderNames';

export const CHANGE_FILE_MAGIC = Buffer.from('MUTUALSYNC', 'ascii');
export const CHANGE_FILE_VERSION = 1;
/** The data key's size: 256 bits, as in the vault (vault/keyFile.ts). */
const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
/** The full 128-bit tag; GCM would accept a shorter one, which is easier to forge. */
const TAG_BYTES = 16;
const HEADER_CHECK_BYTES = 4;
const VERSION_OFFSET = CHANGE_FILE_MAGIC.length;
const LENGTH_OFFSET = VERSION_OFFSET + 1;
const IV_OFFSET = LENGTH_OFFSET + 4;
const CHECK_OFFSET = IV_OFFSET + IV_BYTES;
export const CHANGE_FILE_HEADER_BYTES = CHECK_OFFSET + HEADER_CHECK_BYTES;
/** Bytes a sealed file adds to its payload. */
export const CHANGE_FILE_OVERHEAD = CHANGE_FILE_HEADER_BYTES + TAG_BYTES;
/**
 * The largest payload one file carries: 64 MiB. Big enough for any batch of changes with photos
 * (a photo is at most 50 MB, see ARCHITECTURE.md, "Photos"); small enough that reading one file
 * whole, as openChangeFile does, never strains memory. Larger batches go in several files.
 */
export const MAX_CHANGE_PAYLOAD_BYTES = 64 * 1024 * 1024;
/** A journal id is bound into every file; any printable id fits (a UUID is 36 bytes). */
const MAX_JOURNAL_ID_BYTES = 255;

/**
 * The key that seals change files, derived from the data key with HKDF-SHA256 — never the data
 * key itself. SQLCipher already uses the data key, as a raw key, for the database's AES-256-CBC
 * pages and their HMACs; using one key in two unrelated schemes is how one scheme's weakness or
 * misuse leaks into the other (key separation). A subkey with its own label keeps the two
 * independent, and the version in the label gives a future format its own key.
 */
const SYNC_KEY_INFO = 'mutual sync change-file key v1';

function syncKey(dataKey: Buffer): Buffer {
  // No salt: the data key is already uniformly random, which is all HKDF's extract step needs (RFC 5869, 3.1).
  if (dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`The data key must be ${DATA_KEY_BYTES} bytes; got ${dataKey.length}`);
  return Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), SYNC_KEY_INFO, 32));
}

export type ChangeFileFailure = 'incomplete' | 'notAChangeFile' | 'otherKey' | 'damaged' | 'newerFormat';

const failureMessages: Record<ChangeFileFailure, string> = {
  incomplete: 'This change file is still arriving: it is shorter than it says it is. Mutual will read it again once the sync app has finished copying it.',
  notAChangeFile: 'This file is not a Mutual change file, so Mutual did not read it. If you put it in the sync folder, move it somewhere else.',
  otherKey:
    'This change file does not open with this journal’s key where it lies: it was written for another journal, or it was changed, renamed or moved after it was written. Mutual did not apply it and left it as it is; check that this sync folder belongs to this journal.',
  damaged: 'This change file is damaged, so Mutual did not apply it and left it as it is. The device that wrote it still has its changes; if the sync app copies a sound version again, Mutual will read that.',
  newerFormat: 'This change file was written by a newer version of Mutual. Update Mutual on this device to read it; nothing was changed.',
};

/**
 * Why a change file did not open. `incomplete` is not a failure to show anyone: the file is being
 * copied and is read again later (`retryLater`). The others are final for the bytes that were read.
 */
export class ChangeFileError extends Error {
  readonly reason: ChangeFileFailure;
  constructor(reason: ChangeFileFailure, options?: { cause?: unknown }) {
    super(failureMessages[reason], options);
    this.name = 'ChangeFileError';
    this.reason = reason;
  }

  get retryLater(): boolean {
    return this.reason === 'incomplete';
  }
}

export interface ChangeFileAddress {
  /** The 32-byte data key of the journal (the sealing key is derived from it). */
  dataKey: Buffer;
  journalId: string;
  deviceId: string;
  number: number;
}

function checkAddress({ journalId, deviceId, number }: ChangeFileAddress): Buffer {
  const journal = Buffer.from(journalId, 'utf8');
  if (journal.length === 0 || journal.length > MAX_JOURNAL_ID_BYTES) throw new RangeError(`A journal id is 1 to ${MAX_JOURNAL_ID_BYTES} bytes; got ${journal.length}`);
  if (!isDeviceId(deviceId)) throw new RangeError(`Not a Mutual device id: ${JSON.stringify(deviceId)}`);
  if (!isFileNumber(number)) throw new RangeError(`Not a sync file number: ${String(number)}`);
  return journal;
}

/**
 * The associated data: the header's first 15 bytes (magic, version, declared length), then the
 * journal id (length-prefixed, so no two ids run together), the device id and the number.
 */
function associatedData(header: Buffer, journal: Buffer, deviceId: string, number: number): Buffer {
  const device = Buffer.from(deviceId, 'ascii');
  const fixed = Buffer.alloc(2 + 1 + 8);
  fixed.writeUInt16BE(journal.length, 0);
  fixed.writeUInt8(device.length, 2);
  fixed.writeBigUInt64BE(BigInt(number), 3);
  return Buffer.concat([header.subarray(0, IV_OFFSET), fixed.subarray(0, 2), journal, fixed.subarray(2, 3), device, fixed.subarray(3)]);
}

function headerCheck(header: Buffer): Buffer {
  return crypto.createHash('sha256').update(header.subarray(0, CHECK_OFFSET)).digest().subarray(0, HEADER_CHECK_BYTES);
}

export function sealChangeFile(input: ChangeFileAddress & { payload: Buffer }): Buffer {
  const journal = checkAddress(input);
  const { payload } = input;
  if (payload.length > MAX_CHANGE_PAYLOAD_BYTES) throw new RangeError(`A change file carries at most ${MAX_CHANGE_PAYLOAD_BYTES} bytes; got ${payload.length}. Split the changes over several files.`);
  const header = Buffer.alloc(CHANGE_FILE_HEADER_BYTES);
  CHANGE_FILE_MAGIC.copy(header, 0);
  header.writeUInt8(CHANGE_FILE_VERSION, VERSION_OFFSET);
  header.writeUInt32BE(CHANGE_FILE_OVERHEAD + payload.length, LENGTH_OFFSET);
  // Random 96-bit IVs: a key may seal 2^32 files before a repeat becomes a concern (NIST SP 800-38D);
  // a journal writes a tiny fraction of that.
  crypto.randomBytes(IV_BYTES).copy(header, IV_OFFSET);
  headerCheck(header).copy(header, CHECK_OFFSET);
  const key = syncKey(input.dataKey);
  try {
    const cipher = crypto.createCipheriv('aes-256-gcm', key, header.subarray(IV_OFFSET, CHECK_OFFSET), { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(header, journal, input.deviceId, input.number));
    return Buffer.concat([header, cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  } finally {
    key.fill(0);
  }
}

/**
 * The payload of a change file read whole from disk, for the journal, device and number its name
 * and place say. Throws ChangeFileError; see `ChangeFileFailure` for what each reason means.
 */
export function openChangeFile(input: ChangeFileAddress & { bytes: Buffer }): Buffer {
  const journal = checkAddress(input);
  const { bytes } = input;
  checkHeader(bytes);
  const declared = bytes.readUInt32BE(LENGTH_OFFSET);
  if (bytes.length < declared) throw new ChangeFileError('incomplete');
  // Longer than declared: two writes run together, or a tool appended to it. Either way not what was sealed.
  if (bytes.length > declared) throw new ChangeFileError('damaged');
  const key = syncKey(input.dataKey);
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(IV_OFFSET, CHECK_OFFSET), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(bytes, journal, input.deviceId, input.number));
    decipher.setAuthTag(bytes.subarray(declared - TAG_BYTES, declared));
    return Buffer.concat([decipher.update(bytes.subarray(CHANGE_FILE_HEADER_BYTES, declared - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new ChangeFileError('otherKey', { cause: error });
  } finally {
    key.fill(0);
  }
}

/**
 * Checks everything before the ciphertext, in the order the bytes arrive, so a file cut anywhere
 * is "incomplete" as long as what is there is right so far. The version is judged before anything
 * after it: a newer format may lay out the rest differently.
 */
function checkHeader(bytes: Buffer): void {
  const magicPart = bytes.subarray(0, CHANGE_FILE_MAGIC.length);
  if (!magicPart.equals(CHANGE_FILE_MAGIC.subarray(0, magicPart.length))) throw new ChangeFileError('notAChangeFile');
  if (bytes.length <= VERSION_OFFSET) throw new ChangeFileError('incomplete');
  const version = bytes.readUInt8(VERSION_OFFSET);
  if (version > CHANGE_FILE_VERSION) throw new ChangeFileError('newerFormat');
  if (version !== CHANGE_FILE_VERSION) throw new ChangeFileError('damaged');
  if (bytes.length < CHANGE_FILE_HEADER_BYTES) throw new ChangeFileError('incomplete');
  if (!headerCheck(bytes).equals(bytes.subarray(CHECK_OFFSET, CHANGE_FILE_HEADER_BYTES))) throw new ChangeFileError('damaged');
  const declared = bytes.readUInt32BE(LENGTH_OFFSET);
  if (declared < CHANGE_FILE_OVERHEAD || declared > CHANGE_FILE_OVERHEAD + MAX_CHANGE_PAYLOAD_BYTES) throw new ChangeFileError('damaged');
}
