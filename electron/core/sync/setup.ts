/**
 * Turning sync on and off, joining a journal from a sync folder, and keeping the folder's key file
 * and this computer's in step (ARCHITECTURE.md, "Sync through a folder").
 */
import fs from 'node:fs';
import path from 'node:path';
import { MutualError } from '../../shared/result';
import type { Db } from '../db/connection';
import * as repo from '../db/repos/sync';
import { translateFsError } from '../fsutil';
import { isInsideJournal, journalFolderOf } from '../outputs';
import { nowIso } from '../services/time';
import { readKeyFile, writeKeyFile } from '../vault/keyFile';
import type { Vault } from '../vault/vault';
import { Vault as VaultClass } from '../vault/vault';
import { SYNCED_SETTINGS, syncRound, type ApplyOptions, type RoundReport } from './engine';
import { createFolderKey, followFolderKey, joinWithPassphrase, joinWithRecoveryCode, nextGeneration, readFolderKey, writeFolderKey, type FolderKeyRead, type Joined } from './folderKey';
import { newDeviceId } from './folderNames';
import { encodeHlc, hlcZero } from './hlc';

function folderProblem(read: Extract<FolderKeyRead, { ok: false }>, joining: boolean): MutualError {
  if (read.problem === 'missing' && joining)
    return new MutualError(
      'NOT_FOUND',
      'This folder holds no Mutual journal yet. Set up sync on the computer that has the journal first (Settings → Sync), let your sync app copy the folder here, then join.',
    );
  if (read.problem === 'incomplete') return new MutualError('BAD_INPUT', `${read.message} Wait for your sync app to finish, then try again.`);
  return new MutualError(read.problem === 'damaged' ? 'VAULT_DAMAGED' : 'BAD_INPUT', read.message);
}

function checkFolder(folder: string, vaultDir: string, db: Db | null): string {
  const resolved = path.resolve(folder);
  if (isInsideJournal(resolved, [vaultDir, db ? journalFolderOf(db) : null]) || isInsideJournal(vaultDir, [resolved]))
    throw new MutualError('BAD_INPUT', 'The sync folder cannot be inside the journal’s own folder, or hold it. Choose a folder of its own that your sync app keeps in step (for example ~/Sync/Mutual).');
  try {
    fs.mkdirSync(resolved, { recursive: true });
  } catch (error) {
    throw translateFsError(error);
  }
  return resolved;
}

/**
 * Sync on for an open journal: the folder's key file is written (or, when the folder already holds
 * this journal — sync set up again after it was stopped — used), this computer gets its own name in
 * the folder, and everything in the journal is marked to be written by the first round.
 */
export async function setUpSync(vault: Vault, folder: string, options: ApplyOptions = {}): Promise<RoundReport> {
  const { db } = vault;
  if (repo.activeSyncDevice(db)) throw new MutualError('BAD_INPUT', 'This journal already syncs through a folder. Stop syncing first to choose another one.');
  const target = checkFolder(folder, vault.dir, db);
  const dataKey = vault.copyDataKey();
  try {
    const present = readFolderKey(target);
    const stopped = repo.syncDevice(db);
    if (present.ok) {
      const own = followFolderKey({ generation: present.folderKey.generation, journalId: present.folderKey.journalId, dataKey }, present.folderKey);
      if (own.action !== 'none')
        throw new MutualError('BAD_INPUT', 'This folder already holds another journal’s sync files, so Mutual changed nothing. Choose an empty folder, or join that journal on a new journal folder instead.');
      if (stopped && stopped.journal_id === present.folderKey.journalId) {
        // Syncing again where this computer synced before: it carries on from what it kept, and
        // sends what changed meanwhile (the marks were written all along). Starting afresh would
        // send every entry again as new Yjs history, which would double their words elsewhere.
        repo.updateSyncDevice(db, { folder: target, stopped: 0, generation: present.folderKey.generation });
        return await syncRound({ db, dataKey }, options);
      }
      // This journal's folder, but nothing kept here of syncing through it (a copy of the journal
      // folder, or a backup from before sync): its entries would go out as new history and double
      // every entry's words on the other computers.
      throw new MutualError(
        'BAD_INPUT',
        'This folder already holds this journal, synced from another computer, and this copy of the journal has not synced through it. To bring this computer in, join the journal from the folder into a new journal folder (“Join a journal in a sync folder”); this journal folder stays as it is.',
      );
    }
    if (present.problem !== 'missing') throw folderProblem(present, false);
    if (fs.readdirSync(target).some((name) => !name.startsWith('.')))
      throw new MutualError('BAD_INPUT', 'This folder is not empty. Choose an empty folder for the sync files (your sync app will copy it to your other computers), so nothing else gets mixed in.');
    const fk = createFolderKey(readKeyFile(vault.dir), dataKey);
    writeFolderKey(target, fk);
    return await startSync(db, dataKey, target, fk.journalId, fk.generation, options);
  } finally {
    dataKey.fill(0);
  }
}

/** This computer's first round in a folder: a new device name, and everything in the journal marked to be written. */
async function startSync(db: Db, dataKey: Buffer, folder: string, journalId: string, generation: number, options: ApplyOptions): Promise<RoundReport> {
  const deviceId = newDeviceId();
  db.transaction(() => {
    repo.forgetSync(db);
    repo.insertSyncDevice(db, { folder, device_id: deviceId, journal_id: journalId, generation, clock: encodeHlc(hlcZero(deviceId)), next_number: 1, set_up_at: nowIso() });
    repo.markEverything(db, SYNCED_SETTINGS);
  })();
  return syncRound({ db, dataKey }, options);
}

/**
 * Sync off on this computer. The folder and the other computers are left as they are; what this
 * computer kept for syncing stays, so syncing again in the same folder carries on from it.
 */
export function stopSync(db: Db): void {
  if (repo.syncDevice(db)) repo.updateSyncDevice(db, { stopped: 1 });
}

export type JoinSecret = { passphrase: string } | { recoveryCode: string };

/**
 * A new journal in `vaultDir`, built from the sync folder: its key comes from the folder's key file
 * (opened with the passphrase or the recovery code), then every change file is applied. The key
 * file is written before the changes are applied, so a join stopped half-way is a journal that is
 * simply behind: the next sync carries on where it stopped.
 */
export async function joinJournal(vaultDir: string, folder: string, secret: JoinSecret, options: ApplyOptions = {}): Promise<Vault> {
  const resolved = path.resolve(folder);
  if (!fs.existsSync(resolved)) throw new MutualError('NOT_FOUND', `There is no folder ${resolved}. Choose the folder your sync app keeps in step with your other computer.`);
  checkFolder(resolved, vaultDir, null);
  const read = readFolderKey(resolved);
  if (!read.ok) throw folderProblem(read, true);
  const joined: Joined = 'passphrase' in secret ? await joinWithPassphrase(read.folderKey, secret.passphrase) : joinWithRecoveryCode(read.folderKey, secret.recoveryCode);
  const dataKey = Buffer.from(joined.dataKey);
  joined.dataKey.fill(0);
  const deviceId = newDeviceId();
  const vault = VaultClass.createJoined(vaultDir, joined.vaultKeyFile, dataKey, (db) => {
    repo.insertSyncDevice(db, { folder: resolved, device_id: deviceId, journal_id: joined.journalId, generation: joined.generation, clock: encodeHlc(hlcZero(deviceId)), next_number: 1, set_up_at: nowIso() });
  });
  const key = vault.copyDataKey();
  try {
    await syncRound({ db: vault.db, dataKey: key }, options);
    return vault;
  } catch (error) {
    vault.lock();
    throw error;
  } finally {
    key.fill(0);
  }
}

/**
 * Follows a passphrase change made on another computer (the folder's key file has a newer
 * generation): this computer's key file is replaced, so the new passphrase opens it. A key
 * renewed elsewhere is not followed yet: it is reported, and sync waits.
 */
export function followKeyChanges(vault: Vault): string | null {
  const dev = repo.activeSyncDevice(vault.db);
  if (!dev) return null;
  const read = readFolderKey(dev.folder);
  if (!read.ok) return read.problem === 'missing' || read.retryLater ? null : read.message;
  const dataKey = vault.copyDataKey();
  try {
    const outcome = followFolderKey({ generation: dev.generation, journalId: dev.journal_id, dataKey }, read.folderKey);
    if (outcome.action === 'none') return null;
    if (outcome.action === 'refuse' || outcome.action === 'askPassphrase') return outcome.message;
    if (outcome.newDataKey) {
      outcome.newDataKey.fill(0);
      return 'The journal’s key was renewed on another computer. This computer cannot follow a renewed key yet: stop syncing here, then join the journal again from the sync folder.';
    }
    writeKeyFile(vault.dir, outcome.vaultKeyFile);
    repo.updateSyncDevice(vault.db, { generation: outcome.generation });
    return null;
  } finally {
    dataKey.fill(0);
  }
}

/** After this computer's passphrase changed: the folder's key file gets the new wraps, one generation on. */
export function publishKeyChange(vault: Vault): void {
  const dev = repo.activeSyncDevice(vault.db);
  if (!dev) return;
  const read = readFolderKey(dev.folder);
  if (!read.ok) return;
  const dataKey = vault.copyDataKey();
  try {
    const fk = nextGeneration(read.folderKey, readKeyFile(vault.dir), dataKey);
    writeFolderKey(dev.folder, fk);
    repo.updateSyncDevice(vault.db, { generation: fk.generation });
  } finally {
    dataKey.fill(0);
  }
}
