/**
 * The handler table: every channel of the contract mapped to a service call. The Electron main
 * process registers it on ipcMain, the web host serves it over loopback, and both get the same
 * guarantees from here: input validated with zod (BAD_INPUT otherwise), failures returned as the
 * Result shape with a message a person can act on, never a throw, never a stack or SQL.
 */
import type { ChannelName } from '../shared/channels';
import { channelNames } from '../shared/channels';
import type { OutputOf, ParsedInputOf } from '../shared/contract';
import { contract } from '../shared/contract';
import type { Result } from '../shared/result';
import { fail, MutualError, ok } from '../shared/result';
import { translateFsError } from './fsutil';
import * as entries from './services/entries';
import * as people from './services/people';
import { search } from './services/search';
import { getSettings, updateSettings } from './services/settings';
import { translateDbError } from './vault/database';
import { Vault } from './vault/vault';

export { defaultVaultDir } from './paths';

/** One journal folder and, while unlocked, its open vault. */
export class Session {
  private vault: Vault | null = null;
  private readonly lockListeners = new Set<() => void>();

  constructor(readonly vaultDir: string) {}

  isUnlocked(): boolean {
    return this.vault?.isUnlocked ?? false;
  }

  exists(): boolean {
    return Vault.exists(this.vaultDir);
  }

  /** The open vault, or VAULT_LOCKED. */
  get current(): Vault {
    if (!this.vault?.isUnlocked) throw new MutualError('VAULT_LOCKED');
    return this.vault;
  }

  adopt(vault: Vault): void {
    this.vault?.lock();
    this.vault = vault;
  }

  /** Locks (closes the database, zeroes the key) and tells listeners such as the window. */
  lock(): void {
    const wasOpen = this.isUnlocked();
    this.vault?.lock();
    this.vault = null;
    if (wasOpen) for (const listener of this.lockListeners) listener();
  }

  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  close(): void {
    this.lock();
  }

  copyDataKey(): Buffer {
    return this.current.copyDataKey();
  }

  unlockWithDataKey(key: Buffer): void {
    this.adopt(Vault.unlockWithDataKey(this.vaultDir, key));
  }
}

export function openSession(vaultDir: string): Session {
  return new Session(vaultDir);
}

type Implementation = { [C in ChannelName]: (input: ParsedInputOf<C>, session: Session) => OutputOf<C> | Promise<OutputOf<C>> };

const implementation: Implementation = {
  'vault.status': (_input, s) => ({ state: s.isUnlocked() ? 'unlocked' : s.exists() ? 'locked' : 'new' }),
  'vault.create': async ({ passphrase }, s) => {
    if (s.exists()) throw new MutualError('VAULT_EXISTS');
    const { vault, recoveryCode } = await Vault.create(s.vaultDir, passphrase);
    s.adopt(vault);
    return { recoveryCode };
  },
  'vault.unlock': async ({ passphrase }, s) => {
    if (!s.isUnlocked()) s.adopt(await Vault.unlock(s.vaultDir, passphrase));
    return { state: 'unlocked' };
  },
  'vault.lock': (_input, s) => {
    s.lock();
    return { state: s.exists() ? 'locked' : 'new' };
  },
  'vault.changePassphrase': async ({ current, next }, s) => {
    await s.current.changePassphrase(current, next);
    return { state: 'unlocked' };
  },
  'vault.recover': async ({ recoveryCode, newPassphrase }, s) => {
    s.lock();
    s.adopt(await Vault.recover(s.vaultDir, recoveryCode, newPassphrase));
    return { state: 'unlocked' };
  },
  'entries.create': (input, s) => entries.createEntry(s.current.db, input),
  'entries.save': (input, s) => entries.saveEntry(s.current.db, input),
  'entries.get': ({ id }, s) => entries.getEntry(s.current.db, id),
  'entries.list': (input, s) => entries.listEntries(s.current.db, input),
  'entries.delete': ({ id }, s) => {
    entries.deleteEntry(s.current.db, id);
    return { deleted: true as const };
  },
  'people.list': (input, s) => people.listPeople(s.current.db, input),
  'people.get': ({ id }, s) => people.getPersonPage(s.current.db, id),
  'people.upsert': (input, s) => people.upsertPerson(s.current.db, input),
  'people.addDetail': (input, s) => people.addDetail(s.current.db, input),
  'search.query': (input, s) => search(s.current.db, input),
  'settings.get': (_input, s) => getSettings(s.current.db),
  'settings.set': (input, s) => updateSettings(s.current.db, input),
};

/** What a failure looks like from outside: a code and a message, nothing else. */
export function toErrorResult(error: unknown): { ok: false; error: { code: MutualError['code']; message: string } } {
  const translated = translateFsError(translateDbError(error));
  if (translated instanceof MutualError) return fail(translated.code, translated.message);
  return fail('INTERNAL');
}

export type Handlers = { [C in ChannelName]: (input: unknown) => Promise<Result<OutputOf<C>>> };

/** Optional hook for logging unexpected failures in the host process (never sent to the renderer). */
export type UnexpectedErrorLogger = (channel: ChannelName, error: unknown) => void;

export function createHandlers(session: Session, logUnexpected?: UnexpectedErrorLogger): Handlers {
  const table = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
  for (const name of channelNames) {
    table[name] = async (input: unknown) => {
      const parsed = contract[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
        return fail('BAD_INPUT', `Mutual could not use that input${where}: ${issue?.message ?? 'it has the wrong shape'}.`);
      }
      try {
        const run = implementation[name] as (input: unknown, session: Session) => unknown;
        return ok(await run(parsed.data, session));
      } catch (error) {
        const result = toErrorResult(error);
        if (result.error.code === 'INTERNAL') logUnexpected?.(name, error);
        return result;
      }
    };
  }
  return table as Handlers;
}
