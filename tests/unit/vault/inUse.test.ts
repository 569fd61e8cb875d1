/**
 * One journal, one process: while another process has the vault open, unlocking here is refused
 * with VAULT_IN_USE (and changes nothing); once that process is gone, normally or killed, the
 * journal opens again.
 */
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/handlers';
import { Session } from '../../../electron/core/session/session';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { Vault } from '../../../electron/core/vault/vault';
import type { Child } from './helpers';
import { createVault, doc, expectCode, PASSPHRASE, runFixture, snapshotFolder, tempRoot } from './helpers';

const tmp = tempRoot('inuse');

async function lockedVault(): Promise<{ dir: string; recoveryCode: string }> {
  const dir = tmp.sub();
  const { vault, recoveryCode } = await createVault(dir);
  createEntry(vault.db, { doc: doc({ given: 'held by another process' }) });
  vault.lock();
  return { dir, recoveryCode };
}

function hold(dir: string): Child {
  return runFixture('holdVault.ts', [dir], { MUTUAL_TEST_PASSPHRASE: PASSPHRASE });
}

describe('a vault open in another process', () => {
  it('is refused with VAULT_IN_USE, untouched, and opens again after the other process closes it', async () => {
    const { dir, recoveryCode } = await lockedVault();
    const child = hold(dir);
    await child.waitFor((l) => l === 'ready');
    const before = snapshotFolder(dir);

    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'VAULT_IN_USE');
    // The recovery path must not replace the passphrase when it cannot open the journal.
    await expectCode(() => Vault.recover(dir, recoveryCode, 'replacement passphrase'), 'VAULT_IN_USE');
    const handlers = createHandlers(new Session(dir));
    expect(await handlers['vault.unlock']({ passphrase: PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'VAULT_IN_USE' } });
    expect(snapshotFolder(dir)).toEqual(before);

    child.proc.stdin.end();
    await child.waitFor((l) => l === 'locked');
    expect(await child.exited).toEqual({ code: 0, signal: null });

    const vault = await Vault.unlock(dir, PASSPHRASE);
    expect(listEntryTexts(vault.db).map((e) => e.given)).toEqual(['held by another process']);
    expect(vault.checkIntegrity()).toEqual([]);
    vault.lock();
    await expectCode(() => Vault.unlock(dir, 'replacement passphrase'), 'WRONG_PASSPHRASE');
  });

  it('opens again once the other process is killed without closing it', async () => {
    const { dir } = await lockedVault();
    const child = hold(dir);
    await child.waitFor((l) => l === 'ready');
    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'VAULT_IN_USE');
    child.proc.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const vault = await Vault.unlock(dir, PASSPHRASE);
    expect(listEntryTexts(vault.db).map((e) => e.given)).toEqual(['held by another process']);
    expect(vault.checkIntegrity()).toEqual([]);
    vault.lock();
  });
});
