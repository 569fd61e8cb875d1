/**
 * The sync folder's layout and names (electron/core/sync/folderNames.ts). Sync tools put their own
 * names beside ours — conflicted copies, "(1)" duplicates, temporary and partial files,
 * placeholders — spelled here exactly as each tool writes them. Only the canonical names are ever
 * read; every other name is skipped with a reason. Publishing a file never replaces one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  changeFileName,
  classifyForeignName,
  DEVICE_ID_LENGTH,
  deviceDir,
  devicesDir,
  ensureDeviceDir,
  folderKeyFilePath,
  isDeviceId,
  MAX_FILE_NUMBER,
  newDeviceId,
  parseSyncFileName,
  removeStaleTempFiles,
  scanDeviceFolder,
  snapshotFileName,
  SyncFileExistsError,
  writeChangeFileExclusive,
  type IgnoredReason,
} from '../../../electron/core/sync/folderNames';
import { MutualError } from '../../../electron/shared/result';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-sync-names-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshFolder = () => path.join(root, `folder-${folders++}`);

afterEach(() => {
  vi.restoreAllMocks();
});

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('layout', () => {
  it('puts each device in its own folder under devices/, and the key file at the root', () => {
    const id = newDeviceId();
    expect(devicesDir('/sync')).toBe(path.join('/sync', 'devices'));
    expect(deviceDir('/sync', id)).toBe(path.join('/sync', 'devices', id));
    expect(folderKeyFilePath('/sync')).toBe(path.join('/sync', 'journal.key'));
  });

  it('refuses a device id that could name another place', () => {
    for (const bad of ['..', '../x', 'a/b', '', 'A'.repeat(26), `${newDeviceId()}x`]) expect(() => deviceDir('/sync', bad), bad).toThrow(RangeError);
  });
});

describe('device ids', () => {
  it('are random, 26 characters of lower-case base32, so they differ by more than case on any disk', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newDeviceId();
      expect(id).toMatch(/^[a-z2-7]{26}$/);
      expect(isDeviceId(id)).toBe(true);
      ids.add(id);
    }
    expect(ids.size).toBe(2000);
    expect(DEVICE_ID_LENGTH).toBe(26);
    // Every character of the alphabet turns up: the ids use all 5 bits of each character.
    expect(new Set([...ids].join('')).size).toBe(32);
  });

  it('isDeviceId refuses anything else', () => {
    const id = newDeviceId();
    for (const bad of [id.toUpperCase(), id.slice(1), `${id}a`, id.replace(/.$/, '0'), id.replace(/.$/, '-'), '', 42, null, undefined]) expect(isDeviceId(bad)).toBe(false);
  });
});

describe('canonical names', () => {
  it('are twelve zero-padded digits and an extension', () => {
    expect(changeFileName(1)).toBe('000000000001.mchange');
    expect(snapshotFileName(40)).toBe('000000000040.msnap');
    expect(changeFileName(MAX_FILE_NUMBER)).toBe('999999999999.mchange');
    for (const bad of [0, -1, 1.5, MAX_FILE_NUMBER + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => changeFileName(bad), String(bad)).toThrow(RangeError);
      expect(() => snapshotFileName(bad), String(bad)).toThrow(RangeError);
    }
  });

  it('sort as text in the order of their numbers', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: MAX_FILE_NUMBER }), { minLength: 2, maxLength: 30 }), (numbers) => {
        const byText = numbers.map(changeFileName).sort();
        const byNumber = [...numbers].sort((a, b) => a - b).map(changeFileName);
        expect(byText).toEqual(byNumber);
      }),
    );
  });

  it('parse back to their kind and number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FILE_NUMBER }), (number) => {
        expect(parseSyncFileName(changeFileName(number))).toEqual({ kind: 'change', number });
        expect(parseSyncFileName(snapshotFileName(number))).toEqual({ kind: 'snapshot', number });
      }),
    );
  });

  it('parse only when exact', () => {
    const nearMisses = [
      '1.mchange',
      '00000000001.mchange',
      '0000000000001.mchange',
      '000000000000.mchange',
      '000000000001.MCHANGE',
      '000000000001.mchange ',
      ' 000000000001.mchange',
      '000000000001.mchange.tmp',
      '000000000001.mchange/',
      '00000000000١.mchange', // an Arabic-Indic digit one
      '000000000001.msnapshot',
      '000000000001',
      '+00000000001.mchange',
      '-00000000001.mchange',
      '0000000001e3.mchange',
      '000000000001.mchange\n',
    ];
    for (const name of nearMisses) expect(parseSyncFileName(name), JSON.stringify(name)).toBeNull();
  });
});

describe('names sync tools put beside ours', () => {
  const n = '000000000001';
  const cases: [IgnoredReason, string[]][] = [
    [
      'dropboxConflictedCopy',
      [
        `${n} (Sam's conflicted copy 2024-03-01).mchange`,
        `${n} (MacBook-Pro's conflicted copy 2019-11-05).mchange`,
        `${n} (Sam Jones's conflicted copy 2024-03-01) (1).mchange`,
        `${n} (Case Conflict).mchange`,
        `${n} (Unicode Encoding Conflict).mchange`,
        `${n} (Selective Sync Conflict).mchange`,
      ],
    ],
    [
      'nextcloudConflictedCopy',
      [
        `${n} (conflicted copy 2024-03-01 093612).mchange`,
        `${n} (conflicted copy Sam Jones 2024-03-01 093612).mchange`,
        `${n} (conflicted copy sam_example.org 2024-03-01 093612).msnap`,
        `${n}_conflict-20240301-093612.mchange`,
      ],
    ],
    ['syncthingConflict', [`${n}.sync-conflict-20240301-093612-ABCDEF7.mchange`, `${n}.sync-conflict-20191231-235959-Z7QX2LM.msnap`]],
    ['syncthingTemp', [`.syncthing.${n}.mchange.tmp`, `~syncthing~${n}.mchange.tmp`, `.syncthing.${n}.msnap.tmp`]],
    ['onedriveDuplicate', [`${n}-DESKTOP-4F2K9QJ.mchange`, `${n}-Sams-MacBook-Air.mchange`, `${n}-laptop-safeBackup-0001.mchange`]],
    ['numberedDuplicate', [`${n} (1).mchange`, `${n} (2).msnap`, `${n} (12).mchange`]],
    ['icloudPlaceholder', [`.${n}.mchange.icloud`, `.${n}.msnap.icloud`]],
    [
      'partialFile',
      [
        `${n}.mchange~`,
        `${n}.mchange.tmp`,
        `${n}.mchange.TMP`,
        `${n}.mchange~RF1a1c3c.TMP`,
        `${n}.mchange.part`,
        `${n}.mchange.partial`,
        `${n}.mchange.crdownload`,
        `.${n}.mchange.~1a2b3c4d`,
        `~$${n}.mchange`,
        `.~lock.${n}.mchange#`,
      ],
    ],
    ['mutualTemp', [`~${n}.mchange.0123456789abcdef.tmp`, `~${n}.msnap.fedcba9876543210.tmp`]],
    ['systemFile', ['.DS_Store', 'desktop.ini', 'Desktop.ini', 'Thumbs.db', `._${n}.mchange`, '.dropbox', 'Icon\r']],
    ['unknown', ['notes.txt', '1.mchange', `${n}.MCHANGE`, '000000000000.mchange', `0${n}.mchange`, 'journal.db', '']],
  ];

  for (const [reason, names] of cases) {
    it(`are recognised: ${reason}`, () => {
      for (const name of names) {
        expect(parseSyncFileName(name), JSON.stringify(name)).toBeNull();
        expect(classifyForeignName(name), JSON.stringify(name)).toBe(reason);
      }
    });
  }

  it('never include a canonical name, and every other string gets a reason without throwing', () => {
    expect(classifyForeignName(changeFileName(7))).toBeNull();
    expect(classifyForeignName(snapshotFileName(7))).toBeNull();
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: MAX_FILE_NUMBER }).map(changeFileName)), (name) => {
        const reason = classifyForeignName(name);
        expect(reason === null).toBe(parseSyncFileName(name) !== null);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('scanDeviceFolder', () => {
  it('treats a folder that does not exist yet as empty, and says so', () => {
    const scan = scanDeviceFolder(freshFolder(), newDeviceId());
    expect(scan).toEqual({ files: [], ignored: [], unreadable: [], missing: true });
  });

  it('lists the canonical files by number with their sizes, and reports every other name with its reason', () => {
    const folder = freshFolder();
    const id = newDeviceId();
    const dir = ensureDeviceDir(folder, id);
    const write = (name: string, bytes = 3) => fs.writeFileSync(path.join(dir, name), Buffer.alloc(bytes));
    write(changeFileName(10), 10);
    write(changeFileName(2), 2);
    write(snapshotFileName(2), 20);
    write(changeFileName(1), 1);
    write(`${changeFileName(3).replace('.mchange', '')} (Sam's conflicted copy 2024-03-01).mchange`);
    write(`${changeFileName(3).replace('.mchange', '')}.sync-conflict-20240301-093612-ABCDEF7.mchange`);
    write(`.syncthing.${changeFileName(4)}.tmp`);
    write('.DS_Store');
    fs.mkdirSync(path.join(dir, changeFileName(5)));
    fs.symlinkSync(path.join(dir, changeFileName(1)), path.join(dir, changeFileName(6)));

    const scan = scanDeviceFolder(folder, id);
    expect(scan.missing).toBe(false);
    expect(scan.files.map((f) => [f.kind, f.number, f.size])).toEqual([
      ['change', 1, 1],
      ['change', 2, 2],
      ['snapshot', 2, 20],
      ['change', 10, 10],
    ]);
    expect(scan.files[0]).toMatchObject({ name: '000000000001.mchange', path: path.join(dir, '000000000001.mchange') });
    expect(scan.ignored).toEqual([
      { name: '.DS_Store', reason: 'systemFile' },
      { name: '.syncthing.000000000004.mchange.tmp', reason: 'syncthingTemp' },
      { name: "000000000003 (Sam's conflicted copy 2024-03-01).mchange", reason: 'dropboxConflictedCopy' },
      { name: '000000000003.sync-conflict-20240301-093612-ABCDEF7.mchange', reason: 'syncthingConflict' },
      { name: '000000000005.mchange', reason: 'notAFile' },
      { name: '000000000006.mchange', reason: 'notAFile' },
    ]);
    expect(scan.unreadable).toEqual([]);
  });

  it('reports a file it may not examine and still lists the rest', () => {
    const folder = freshFolder();
    const id = newDeviceId();
    const dir = ensureDeviceDir(folder, id);
    for (const number of [1, 2, 3]) fs.writeFileSync(path.join(dir, changeFileName(number)), 'x');
    const realLstat = fs.lstatSync;
    vi.spyOn(fs, 'lstatSync').mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => {
      if (String(file).endsWith(changeFileName(2))) throw errno('EACCES');
      return realLstat(file, options);
    }) as typeof fs.lstatSync);
    const scan = scanDeviceFolder(folder, id);
    expect(scan.files.map((f) => f.number)).toEqual([1, 3]);
    expect(scan.unreadable).toEqual([{ name: changeFileName(2), code: 'EACCES' }]);
  });

  it('names a folder it may not read as a problem with its permissions', () => {
    const folder = freshFolder();
    const id = newDeviceId();
    ensureDeviceDir(folder, id);
    vi.spyOn(fs, 'readdirSync').mockImplementation(() => {
      throw errno('EACCES');
    });
    let caught: unknown;
    try {
      scanDeviceFolder(folder, id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MutualError);
    expect((caught as MutualError).code).toBe('INTERNAL');
    expect((caught as MutualError).message).toMatch(/not allowed to read the sync folder/);
  });
});

describe('writeChangeFileExclusive', () => {
  function deviceFolder(): string {
    return ensureDeviceDir(freshFolder(), newDeviceId());
  }

  it('publishes the bytes under the canonical name and leaves nothing else behind', () => {
    const dir = deviceFolder();
    const target = path.join(dir, changeFileName(1));
    writeChangeFileExclusive(target, Buffer.from('sealed bytes'));
    expect(fs.readFileSync(target, 'utf8')).toBe('sealed bytes');
    expect(fs.readdirSync(dir)).toEqual([changeFileName(1)]);
    if (process.platform !== 'win32') expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });

  it('never replaces an existing file: EEXIST, and the file keeps its bytes', () => {
    const dir = deviceFolder();
    const target = path.join(dir, changeFileName(1));
    writeChangeFileExclusive(target, Buffer.from('first'));
    let caught: unknown;
    try {
      writeChangeFileExclusive(target, Buffer.from('second'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SyncFileExistsError);
    expect((caught as SyncFileExistsError).code).toBe('EEXIST');
    expect((caught as SyncFileExistsError).message).toMatch(/never replaces/);
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual([changeFileName(1)]);
  });

  it('loses a race cleanly: when the name is taken between writing and publishing, the other file stays', () => {
    const dir = deviceFolder();
    const target = path.join(dir, changeFileName(2));
    const realLink = fs.linkSync;
    vi.spyOn(fs, 'linkSync').mockImplementation((existing, link) => {
      fs.writeFileSync(target, 'the other writer');
      realLink(existing, link);
    });
    expect(() => writeChangeFileExclusive(target, Buffer.from('mine'))).toThrow(SyncFileExistsError);
    expect(fs.readFileSync(target, 'utf8')).toBe('the other writer');
    expect(fs.readdirSync(dir)).toEqual([changeFileName(2)]);
  });

  it('writes first under a temporary name that every reader ignores', () => {
    const dir = deviceFolder();
    const realLink = fs.linkSync;
    let tempName = '';
    vi.spyOn(fs, 'linkSync').mockImplementation((existing, link) => {
      tempName = path.basename(String(existing));
      expect(fs.readFileSync(existing, 'utf8')).toBe('bytes');
      realLink(existing, link);
    });
    writeChangeFileExclusive(path.join(dir, changeFileName(3)), Buffer.from('bytes'));
    expect(tempName).toMatch(/^~000000000003\.mchange\.[0-9a-f]{16}\.tmp$/);
    expect(classifyForeignName(tempName)).toBe('mutualTemp');
    expect(parseSyncFileName(tempName)).toBeNull();
  });

  it('writes the file exclusively where the file system has no hard links, still refusing an existing name', () => {
    const dir = deviceFolder();
    vi.spyOn(fs, 'linkSync').mockImplementation(() => {
      throw errno('ENOTSUP');
    });
    const target = path.join(dir, changeFileName(4));
    writeChangeFileExclusive(target, Buffer.from('no links here'));
    expect(fs.readFileSync(target, 'utf8')).toBe('no links here');
    expect(fs.readdirSync(dir)).toEqual([changeFileName(4)]);
    expect(() => writeChangeFileExclusive(target, Buffer.from('again'))).toThrow(SyncFileExistsError);
    expect(fs.readFileSync(target, 'utf8')).toBe('no links here');
    expect(fs.readdirSync(dir)).toEqual([changeFileName(4)]);
  });

  it('reports a full disk as DISK_FULL and leaves no partial file, under either name', () => {
    const dir = deviceFolder();
    vi.spyOn(fs, 'writeFileSync').mockImplementation(() => {
      throw errno('ENOSPC');
    });
    let caught: unknown;
    try {
      writeChangeFileExclusive(path.join(dir, changeFileName(5)), Buffer.from('too much'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MutualError);
    expect((caught as MutualError).code).toBe('DISK_FULL');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('publishes only canonical names', () => {
    const dir = deviceFolder();
    expect(() => writeChangeFileExclusive(path.join(dir, 'notes.txt'), Buffer.from('x'))).toThrow(RangeError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes only the temporary files a crash left in this device folder', () => {
    const folder = freshFolder();
    const id = newDeviceId();
    const dir = ensureDeviceDir(folder, id);
    const keep = [changeFileName(1), '.DS_Store', `.syncthing.${changeFileName(2)}.tmp`];
    const stale = [`~${changeFileName(2)}.0123456789abcdef.tmp`, `~${snapshotFileName(2)}.fedcba9876543210.tmp`];
    for (const name of [...keep, ...stale]) fs.writeFileSync(path.join(dir, name), 'x');
    expect(removeStaleTempFiles(folder, id)).toEqual([...stale].sort());
    expect(fs.readdirSync(dir).sort()).toEqual([...keep].sort());
    expect(removeStaleTempFiles(freshFolder(), id)).toEqual([]);
  });
});
