/**
 * vault.recover checks the recovery code before it closes an open journal: a wrong code while
 * unlocked answers WRONG_RECOVERY_CODE and leaves the journal open, its key file unchanged and
 * no "locked" event sent. The right code still sets the new passphrase.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/handlers';
import { Session } from '../../../electron/core/session/session';
import { Vault } from '../../../electron/core/vault/vault';
import type { JournalEvent } from '../../../electron/shared/events';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { createVault, expectCode, fileHash, PASSPHRASE, tempRoot } from '../vault/helpers';

const tmp = tempRoot('recover');
let dir = '';
let recoveryCode = '';
let session: Session;
let handlers: HandlerTable;
let events: JournalEvent[] = [];

beforeEach(async () => {
  dir = tmp.sub();
  const created = await createVault(dir);
  recoveryCode = created.recoveryCode;
  session = new Session(dir);
  session.adopt(created.vault);
  session.onEvent((event) => events.push(event));
  events = [];
  handlers = createHandlers(session);
});
afterEach(() => session.close());

/** A well-formed code that is not this journal's: the real one with its first character changed. */
function otherCode(): string {
  return (recoveryCode[0] === 'A' ? 'B' : 'A') + recoveryCode.slice(1);
}

describe('vault.recover while the journal is open', () => {
  it.each([
    ['a well-formed code of another journal', otherCode],
    ['something that is not a recovery code', () => 'not a code at all'],
  ])('%s: WRONG_RECOVERY_CODE, and the journal stays open and unchanged', async (_name, code) => {
    const key = fileHash(path.join(dir, 'journal.key'));
    const result = await handlers['vault.recover']({ recoveryCode: code(), newPassphrase: 'a brand new passphrase' });
    expect(result).toMatchObject({ ok: false, error: { code: 'WRONG_RECOVERY_CODE' } });
    expect(session.isUnlocked()).toBe(true);
    expect(await handlers['vault.status']({})).toEqual({ ok: true, value: { state: 'unlocked' } });
    expect(await handlers['entries.list']({})).toMatchObject({ ok: true });
    expect(events.filter((e) => e.name === 'status')).toEqual([]);
    expect(fileHash(path.join(dir, 'journal.key'))).toBe(key);
  });

  it('the right code sets the new passphrase and leaves the journal unlocked', async () => {
    expect(await handlers['vault.recover']({ recoveryCode: recoveryCode.toLowerCase(), newPassphrase: 'a brand new passphrase' })).toEqual({ ok: true, value: { state: 'unlocked' } });
    expect(session.isUnlocked()).toBe(true);
    session.lock();
    await expectCode(() => Vault.unlock(dir, PASSPHRASE), 'WRONG_PASSPHRASE');
    (await Vault.unlock(dir, 'a brand new passphrase')).lock();
  });
});
