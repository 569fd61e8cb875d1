/**
 * The data key never becomes a JS string: strings are immutable, so a key turned into one (for
 * SQLCipher's `x'…'` literal, say) stays in memory until some garbage collection, and locking
 * cannot wipe it. The literal is built byte by byte in a Buffer instead, and no Buffer holding the
 * key — raw or as hex — has toString called on it while a journal is created, unlocked (by
 * passphrase, recovery code or remembered key) or re-keyed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rawKeyLiteral } from '../../../electron/core/db/connection';
import { Vault } from '../../../electron/core/vault/vault';
import { createVault, PASSPHRASE, tempRoot } from './helpers';

const tmp = tempRoot('key-literal');

afterEach(() => vi.restoreAllMocks());

describe('the raw key literal', () => {
  it("is x'<hex>' for a known key, byte for byte as before, and with the salt appended for a rekey", () => {
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 250) & 0xff));
    const hex = 'fa1f44698eb3d8fd22476c91b6db00254a6f94b9de03284d7297bce1062b5075';
    expect(rawKeyLiteral(key)).toEqual(Buffer.from(`x'${hex}'`, 'ascii'));
    expect(rawKeyLiteral(key, '00112233445566778899AABBCCDDEEFF')).toEqual(Buffer.from(`x'${hex}00112233445566778899AABBCCDDEEFF'`, 'ascii'));
    expect(rawKeyLiteral(Buffer.alloc(32, 0xff))).toEqual(Buffer.from(`x'${'f'.repeat(64)}'`, 'ascii'));
  });
});

/** Runs `work` while recording every Buffer that has toString called on it. */
async function toStringTargets(work: () => Promise<unknown> | unknown): Promise<Buffer[]> {
  const spy = vi.spyOn(Buffer.prototype, 'toString');
  try {
    await work();
    // Copied before restoring, which also forgets the calls.
    return spy.mock.contexts.map((b) => Buffer.from(b as Buffer));
  } finally {
    spy.mockRestore();
  }
}

function expectNeverStringified(targets: Buffer[], key: Buffer): void {
  const hexLower = Buffer.from(key.toString('hex'), 'ascii');
  const hexUpper = Buffer.from(key.toString('hex').toUpperCase(), 'ascii');
  const leaks = targets.filter((b) => b.includes(key) || b.includes(hexLower) || b.includes(hexUpper));
  expect(leaks.length, 'a Buffer holding the data key was turned into a string').toBe(0);
}

describe('opening a journal', () => {
  it('never calls toString on the data key, in any form', async () => {
    const dir = tmp.sub();
    let recoveryCode = '';
    let vault: Vault | undefined;
    // Creating: the key is made and the database keyed under the spy.
    const created = await toStringTargets(async () => {
      ({ vault, recoveryCode } = await createVault(dir));
    });
    const key = vault!.copyDataKey();
    expectNeverStringified(created, key);
    // The detector itself: what the literal builder used to do is caught.
    expect(() => expectNeverStringified([Buffer.from(key.toString('hex'), 'ascii')], key)).toThrow(/turned into a string/);
    expect((await toStringTargets(() => key.toString('hex'))).some((b) => b.equals(key))).toBe(true);
    vault!.lock();

    expectNeverStringified(await toStringTargets(async () => (await Vault.unlock(dir, PASSPHRASE)).lock()), key);
    expectNeverStringified(await toStringTargets(() => Vault.unlockWithDataKey(dir, key).lock()), key);
    expectNeverStringified(await toStringTargets(async () => (await Vault.recover(dir, recoveryCode, 'another long passphrase')).lock()), key);

    const reopened = Vault.unlockWithDataKey(dir, key);
    let newKey: Buffer = Buffer.alloc(0);
    const rotated = await toStringTargets(async () => {
      await reopened.rotateDataKey('another long passphrase');
      newKey = reopened.copyDataKey();
    });
    reopened.lock();
    expectNeverStringified(rotated, key);
    expectNeverStringified(rotated, newKey);
  });
});

describe('locking', () => {
  it('zeroes the data key the journal held, in place, and forgets it', async () => {
    const dir = tmp.sub();
    const { vault: created } = await createVault(dir);
    created.lock();
    const vault = await Vault.unlock(dir, PASSPHRASE);
    // The one Buffer the open journal keeps its key in (private: read here only to watch it).
    const held = (vault as unknown as { dataKey: Buffer | null }).dataKey!;
    expect(held.length).toBe(32);
    expect(held.some((byte) => byte !== 0)).toBe(true);
    vault.lock();
    expect([...held].every((byte) => byte === 0)).toBe(true);
    expect((vault as unknown as { dataKey: Buffer | null }).dataKey).toBeNull();
    expect(() => vault.db).toThrow(/locked/i);
  });
});
