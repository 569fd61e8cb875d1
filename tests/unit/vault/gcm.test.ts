/**
 * The key file's wraps are AES-256-GCM with a 12-byte IV and the full 16-byte tag. GCM verifies a
 * tag cut short against the same prefix of the real one, so a key file whose tags were truncated
 * would still "open" unless the length is enforced — and a 4-byte tag can be forged by trying.
 * A wrap with a wrong-length IV or tag is refused as damaged, by every way in, and never opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../electron/core/vault/keyCrypto';
import type { KeyFile } from '../../../electron/core/vault/keyFile';
import { keyFilePath } from '../../../electron/core/vault/keyFile';
import { readBackupHeader, restoreBackup, writeBackup } from '../../../electron/core/vault/backup';
import { Vault } from '../../../electron/core/vault/vault';
import { createVault, expectCode, fileHash, PASSPHRASE, tempRoot } from './helpers';

const tmp = tempRoot('gcm');

const cut = (b64: string, bytes: number) => Buffer.from(b64, 'base64').subarray(0, bytes).toString('base64');
const grow = (b64: string, bytes: number) => Buffer.concat([Buffer.from(b64, 'base64'), Buffer.alloc(bytes)]).toString('base64');

type Wrap = 'passphrase' | 'recovery';
const changes: [string, (kf: KeyFile, wrap: Wrap) => void][] = [
  ['tag cut to 12 bytes (a prefix of the real tag)', (kf, w) => void (kf.current[w].tag = cut(kf.current[w].tag, 12))],
  ['tag cut to 4 bytes', (kf, w) => void (kf.current[w].tag = cut(kf.current[w].tag, 4))],
  ['tag grown to 17 bytes', (kf, w) => void (kf.current[w].tag = grow(kf.current[w].tag, 1))],
  ['IV cut to 8 bytes', (kf, w) => void (kf.current[w].iv = cut(kf.current[w].iv, 8))],
  ['IV grown to 16 bytes', (kf, w) => void (kf.current[w].iv = grow(kf.current[w].iv, 4))],
  ['tag in a non-canonical spelling', (kf, w) => void (kf.current[w].tag = kf.current[w].tag.replace(/==$/, ''))],
];

describe('AES-GCM wraps in the key file', () => {
  it('a sealed key does not open with its tag cut short, even though the cut tag is a prefix of the real one', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = seal(key, Buffer.alloc(32, 9), 'aad');
    expect(open(key, sealed, 'aad')).toEqual(Buffer.alloc(32, 9));
    for (const bytes of [15, 12, 8, 4]) expect(open(key, { ...sealed, tag: cut(sealed.tag, bytes) }, 'aad'), `${bytes}-byte tag`).toBeNull();
    expect(open(key, { ...sealed, iv: cut(sealed.iv, 8) }, 'aad')).toBeNull();
  });

  it.each(changes)('%s: refused as damaged by unlock and recover, and the key file is left as it is', async (_name, change) => {
    const dir = tmp.sub();
    const { vault, recoveryCode } = await createVault(dir);
    vault.lock();
    const original = JSON.parse(fs.readFileSync(keyFilePath(dir), 'utf8')) as KeyFile;
    for (const wrap of ['passphrase', 'recovery'] as const) {
      const kf = structuredClone(original);
      change(kf, wrap);
      fs.writeFileSync(keyFilePath(dir), JSON.stringify(kf));
      const before = fileHash(keyFilePath(dir));
      await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'VAULT_DAMAGED');
      await expectCode(() => Vault.recover(dir, recoveryCode, 'a new long passphrase'), 'VAULT_DAMAGED');
      expect(fileHash(keyFilePath(dir))).toBe(before);
    }
    fs.writeFileSync(keyFilePath(dir), JSON.stringify(original));
    (await Vault.unlock(dir, PASSPHRASE)).lock();
  });

  it('a backup whose key file has a cut tag is refused before anything is restored', async () => {
    const dir = tmp.sub();
    const { vault } = await createVault(dir);
    const file = path.join(tmp.root, `cut-${path.basename(dir)}.mutualbackup`);
    writeBackup(vault.db, dir, file);
    vault.lock();
    const bytes = fs.readFileSync(file);
    const headerEnd = bytes.indexOf('\n', bytes.indexOf('\n') + 1);
    const header = JSON.parse(bytes.subarray(bytes.indexOf('\n') + 1, headerEnd).toString('utf8')) as { keyFile: string };
    const kf = JSON.parse(header.keyFile) as KeyFile;
    kf.current.passphrase.tag = cut(kf.current.passphrase.tag, 12);
    const damaged = Buffer.concat([bytes.subarray(0, bytes.indexOf('\n') + 1), Buffer.from(JSON.stringify({ ...header, keyFile: JSON.stringify(kf) }), 'utf8'), bytes.subarray(headerEnd)]);
    fs.writeFileSync(file, damaged);
    await expectCode(() => readBackupHeader(file), 'BAD_INPUT');
    const target = path.join(tmp.root, `restored-${path.basename(dir)}`);
    await expectCode(() => restoreBackup(file, target), 'BAD_INPUT');
    expect(fs.existsSync(target)).toBe(false);
  });
});
