/**
 * The sealed change file (electron/core/sync/changeFile.ts). A sync tool may hand a reader half a
 * file, a damaged file, a file renamed or moved by someone, or a file from another journal; each
 * must end in the one outcome that lets Mutual do the right thing: read it again later
 * ('incomplete'), ignore it ('notAChangeFile'), refuse and report it ('otherKey', 'damaged'), or
 * ask for an update ('newerFormat'). Nothing but the exact bytes sealed, at the exact place they
 * were sealed for, ever opens.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_FILE_HEADER_BYTES,
  CHANGE_FILE_MAGIC,
  CHANGE_FILE_OVERHEAD,
  CHANGE_FILE_VERSION,
  ChangeFileError,
  MAX_CHANGE_PAYLOAD_BYTES,
  openChangeFile,
  sealChangeFile,
  type ChangeFileFailure,
} from '../../../electron/core/sync/changeFile';
import { MAX_FILE_NUMBER, newDeviceId } from '../../../electron/core/sync/folderNames';

const dataKey = Buffer.alloc(32, 7);
const journalId = 'c1a4a8e2-5b7e-4c55-9d0e-2f8c3a1b6d90';
const deviceId = newDeviceId();
const address = { dataKey, journalId, deviceId, number: 42 };

function reasonOf(run: () => unknown): ChangeFileFailure | 'opened' {
  try {
    run();
    return 'opened';
  } catch (error) {
    if (error instanceof ChangeFileError) return error.reason;
    throw error;
  }
}

/** The header check as the format defines it: the first 4 bytes of SHA-256 over the 27 bytes before it. */
function withFixedHeaderCheck(bytes: Buffer): Buffer {
  const fixed = Buffer.from(bytes);
  crypto.createHash('sha256').update(fixed.subarray(0, 27)).digest().subarray(0, 4).copy(fixed, 27);
  return fixed;
}

const arbDeviceId = fc.stringMatching(/^[a-z2-7]{26}$/);
const arbJournalId = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => Buffer.byteLength(s, 'utf8') <= 255);
const arbNumber = fc.integer({ min: 1, max: MAX_FILE_NUMBER });
const arbPayload = fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a));

describe('sealing and opening', () => {
  it('opens to the payload that was sealed, for any payload, journal, device and number', () => {
    fc.assert(
      fc.property(arbPayload, arbJournalId, arbDeviceId, arbNumber, fc.uint8Array({ minLength: 32, maxLength: 32 }), (payload, journal, device, number, key) => {
        const where = { dataKey: Buffer.from(key), journalId: journal, deviceId: device, number };
        const sealed = sealChangeFile({ ...where, payload });
        expect(sealed.length).toBe(payload.length + CHANGE_FILE_OVERHEAD);
        expect(openChangeFile({ ...where, bytes: sealed })).toEqual(payload);
      }),
      { numRuns: 300 },
    );
  });

  it('lays the header out as documented: magic, version, declared length of the whole file, then the IV', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.from('hello') });
    expect(sealed.subarray(0, 10)).toEqual(CHANGE_FILE_MAGIC);
    expect(CHANGE_FILE_MAGIC.toString('ascii')).toBe('MUTUALSYNC');
    expect(sealed[10]).toBe(CHANGE_FILE_VERSION);
    expect(sealed.readUInt32BE(11)).toBe(sealed.length);
    expect(CHANGE_FILE_HEADER_BYTES).toBe(31);
    expect(CHANGE_FILE_OVERHEAD).toBe(31 + 16);
    // Nothing of the payload is readable in the file.
    expect(sealed.includes(Buffer.from('hello'))).toBe(false);
  });

  it('allows an empty payload', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.alloc(0) });
    expect(sealed.length).toBe(CHANGE_FILE_OVERHEAD);
    expect(openChangeFile({ ...address, bytes: sealed })).toEqual(Buffer.alloc(0));
  });

  it('draws a fresh IV for every file, so the same payload never seals to the same bytes', () => {
    const a = sealChangeFile({ ...address, payload: Buffer.from('same') });
    const b = sealChangeFile({ ...address, payload: Buffer.from('same') });
    expect(a.subarray(15, 27).equals(b.subarray(15, 27))).toBe(false);
    expect(a.equals(b)).toBe(false);
  });

  it('carries payloads up to 64 MiB and refuses a larger one before sealing anything', () => {
    expect(MAX_CHANGE_PAYLOAD_BYTES).toBe(64 * 1024 * 1024);
    const largest = Buffer.alloc(MAX_CHANGE_PAYLOAD_BYTES, 3);
    const sealed = sealChangeFile({ ...address, payload: largest });
    expect(openChangeFile({ ...address, bytes: sealed }).equals(largest)).toBe(true);
    expect(() => sealChangeFile({ ...address, payload: Buffer.alloc(MAX_CHANGE_PAYLOAD_BYTES + 1) })).toThrow(/at most 67108864 bytes/);
  });

  it('seals with a key derived from the data key (HKDF-SHA256, "mutual sync change-file key v1"), never the data key itself', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.from('separate keys') });
    const tryKey = (key: Buffer) => {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(15, 27), { authTagLength: 16 });
      const journal = Buffer.from(journalId, 'utf8');
      const number = Buffer.alloc(8);
      number.writeBigUInt64BE(42n);
      const lengths = Buffer.alloc(3);
      lengths.writeUInt16BE(journal.length, 0);
      lengths.writeUInt8(deviceId.length, 2);
      decipher.setAAD(Buffer.concat([sealed.subarray(0, 15), lengths.subarray(0, 2), journal, lengths.subarray(2), Buffer.from(deviceId, 'ascii'), number]));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(31, sealed.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    };
    expect(tryKey(dataKey)).toBeNull();
    expect(tryKey(Buffer.from(crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), 'mutual sync change-file key v1', 32)))).toBe('separate keys');
  });

  it('refuses inputs that break its contract as programming errors, not as file outcomes', () => {
    const payload = Buffer.from('x');
    expect(() => sealChangeFile({ ...address, dataKey: Buffer.alloc(16), payload })).toThrow(RangeError);
    expect(() => sealChangeFile({ ...address, deviceId: '../elsewhere', payload })).toThrow(RangeError);
    expect(() => sealChangeFile({ ...address, number: 0, payload })).toThrow(RangeError);
    expect(() => sealChangeFile({ ...address, number: 1.5, payload })).toThrow(RangeError);
    expect(() => sealChangeFile({ ...address, number: MAX_FILE_NUMBER + 1, payload })).toThrow(RangeError);
    expect(() => sealChangeFile({ ...address, journalId: '', payload })).toThrow(RangeError);
    expect(() => sealChangeFile({ ...address, journalId: 'j'.repeat(256), payload })).toThrow(RangeError);
    const sealed = sealChangeFile({ ...address, payload });
    expect(() => openChangeFile({ ...address, deviceId: 'NOT-A-DEVICE', bytes: sealed })).toThrow(RangeError);
  });
});

describe('a file still being copied', () => {
  it('is "incomplete" when cut at any length, whatever the payload', () => {
    fc.assert(
      fc.property(arbPayload, fc.nat(), (payload, cutSeed) => {
        const sealed = sealChangeFile({ ...address, payload });
        const cut = cutSeed % sealed.length;
        expect(reasonOf(() => openChangeFile({ ...address, bytes: sealed.subarray(0, cut) }))).toBe('incomplete');
      }),
      { numRuns: 500 },
    );
  });

  it('is "incomplete" at every single cut of one file, including an empty file (a placeholder a sync tool created first)', () => {
    const sealed = sealChangeFile({ ...address, payload: crypto.randomBytes(100) });
    for (let cut = 0; cut < sealed.length; cut++) expect(reasonOf(() => openChangeFile({ ...address, bytes: sealed.subarray(0, cut) })), `cut at ${cut}`).toBe('incomplete');
  });

  it('asks to be read again later, with a message that is not an alarm', () => {
    const error = new ChangeFileError('incomplete');
    expect(error.retryLater).toBe(true);
    expect(error.message).toMatch(/still arriving/);
    expect(error.message).toMatch(/read it again/);
  });
});

describe('a file that is not what was sealed there', () => {
  it('fails to open with any byte changed, and never as "incomplete"', () => {
    fc.assert(
      fc.property(arbPayload, fc.nat(), fc.integer({ min: 1, max: 255 }), (payload, at, mask) => {
        const sealed = sealChangeFile({ ...address, payload });
        const changed = Buffer.from(sealed);
        const index = at % changed.length;
        changed[index] = changed[index]! ^ mask;
        const reason = reasonOf(() => openChangeFile({ ...address, bytes: changed }));
        expect(reason).not.toBe('opened');
        expect(reason).not.toBe('incomplete');
      }),
      { numRuns: 1000 },
    );
  });

  it('names the outcome by where the change is, at every byte of one file', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.from('a change of mind') });
    for (let index = 0; index < sealed.length; index++) {
      const changed = Buffer.from(sealed);
      changed[index] = changed[index]! ^ 0x02;
      const reason = reasonOf(() => openChangeFile({ ...address, bytes: changed }));
      if (index < 10) expect(reason, `byte ${index}`).toBe('notAChangeFile');
      else if (index === 10) expect(reason).toBe('newerFormat');
      else if (index < CHANGE_FILE_HEADER_BYTES) expect(reason, `byte ${index}`).toBe('damaged');
      else expect(reason, `byte ${index}`).toBe('otherKey');
    }
  });

  it('does not open under another number or device, in another journal or with another key', () => {
    fc.assert(
      fc.property(arbPayload, arbNumber, arbDeviceId, arbDeviceId, (payload, number, device, otherDevice) => {
        fc.pre(device !== otherDevice);
        const where = { dataKey, journalId, deviceId: device, number };
        const sealed = sealChangeFile({ ...where, payload });
        const elsewhere = [
          { ...where, number: number === MAX_FILE_NUMBER ? number - 1 : number + 1 },
          { ...where, deviceId: otherDevice },
          { ...where, journalId: `${journalId}-copy` },
          { ...where, dataKey: Buffer.alloc(32, 8) },
        ];
        for (const place of elsewhere) expect(reasonOf(() => openChangeFile({ ...place, bytes: sealed }))).toBe('otherKey');
      }),
      { numRuns: 200 },
    );
  });

  it('binds the journal id with its length and the number as a number, so no two addresses run together into the same bytes', () => {
    const sealed = sealChangeFile({ ...address, journalId: 'j1', number: 1, payload: Buffer.from('x') });
    expect(reasonOf(() => openChangeFile({ ...address, journalId: 'j', number: 11, bytes: sealed }))).toBe('otherKey');
    expect(reasonOf(() => openChangeFile({ ...address, journalId: 'j1', number: 10, bytes: sealed }))).toBe('otherKey');
  });

  it('is "damaged" when longer than it declares (two writes run together, or something appended)', () => {
    const a = sealChangeFile({ ...address, payload: Buffer.from('first') });
    const b = sealChangeFile({ ...address, payload: Buffer.from('second') });
    expect(reasonOf(() => openChangeFile({ ...address, bytes: Buffer.concat([a, b]) }))).toBe('damaged');
    expect(reasonOf(() => openChangeFile({ ...address, bytes: Buffer.concat([a, Buffer.from([0])]) }))).toBe('damaged');
  });

  it('is "damaged" when the header is sound but declares a length no change file can have', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.from('x') });
    for (const declared of [0, CHANGE_FILE_OVERHEAD - 1, CHANGE_FILE_OVERHEAD + MAX_CHANGE_PAYLOAD_BYTES + 1, 0xffffffff]) {
      const changed = Buffer.from(sealed);
      changed.writeUInt32BE(declared, 11);
      expect(reasonOf(() => openChangeFile({ ...address, bytes: withFixedHeaderCheck(changed) })), `declared ${declared}`).toBe('damaged');
    }
  });

  it('is "damaged" when the version byte is 0, a version that never existed', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.from('x') });
    const changed = Buffer.from(sealed);
    changed[10] = 0;
    expect(reasonOf(() => openChangeFile({ ...address, bytes: changed }))).toBe('damaged');
  });

  it('is "notAChangeFile" for other files, whatever their length', () => {
    const others = [Buffer.from('{"entries":[]}'), Buffer.from('MUTUALSYNX'), Buffer.from('mutualsync\u0001'), crypto.randomBytes(5000), Buffer.from([0])];
    for (const bytes of others) expect(reasonOf(() => openChangeFile({ ...address, bytes }))).toBe('notAChangeFile');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (raw) => {
        const bytes = Buffer.from(raw);
        fc.pre(!bytes.subarray(0, 10).equals(CHANGE_FILE_MAGIC.subarray(0, Math.min(10, bytes.length))));
        expect(reasonOf(() => openChangeFile({ ...address, bytes }))).toBe('notAChangeFile');
      }),
      { numRuns: 300 },
    );
  });

  it('is "newerFormat" when written by a newer Mutual, judged from the version alone (even half-copied)', () => {
    const sealed = sealChangeFile({ ...address, payload: Buffer.from('from the future') });
    for (const version of [2, 9, 255]) {
      const newer = Buffer.from(sealed);
      newer[10] = version;
      expect(reasonOf(() => openChangeFile({ ...address, bytes: newer }))).toBe('newerFormat');
      expect(reasonOf(() => openChangeFile({ ...address, bytes: newer.subarray(0, 11) }))).toBe('newerFormat');
    }
  });
});

describe('what a person is told', () => {
  it('gives every outcome its own message saying what happened and what to do, and only "incomplete" is retried', () => {
    const reasons: ChangeFileFailure[] = ['incomplete', 'notAChangeFile', 'otherKey', 'damaged', 'newerFormat'];
    const messages = new Set<string>();
    for (const reason of reasons) {
      const error = new ChangeFileError(reason);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ChangeFileError');
      expect(error.reason).toBe(reason);
      expect(error.retryLater).toBe(reason === 'incomplete');
      expect(error.message.length).toBeGreaterThan(40);
      messages.add(error.message);
    }
    expect(messages.size).toBe(reasons.length);
    expect(new ChangeFileError('newerFormat').message).toMatch(/Update Mutual/);
    expect(new ChangeFileError('otherKey').message).toMatch(/another journal/);
  });
});
