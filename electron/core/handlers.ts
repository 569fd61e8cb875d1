/**
 * The handler table: every channel of the contract mapped to a service call. The journal worker
 * serves it (electron/core/worker), and through it the Electron main process and the web host;
 * the `mutual` command and the tests call it in-process. All get the same guarantees from here:
 * input validated with zod (BAD_INPUT otherwise), writes held while an import runs and followed by
 * background indexing, failures returned as the Result shape with a message a person can act on —
 * never a throw, never a stack or SQL.
 */
import type { ChannelName } from '../shared/channels';
import { channelNames } from '../shared/channels';
import type { OutputOf, ParsedInputOf } from '../shared/contract';
import { contract } from '../shared/contract';
import type { HandlerTable } from '../shared/handlerTable';
import type { Result } from '../shared/result';
import { fail, MutualError, ok } from '../shared/result';
import { translateDbError } from './db/connection';
import { translateFsError } from './fsutil';
import { backupNow } from './services/backups';
import * as entries from './services/entries';
import { exportJson, exportMarkdown } from './services/export';
import * as people from './services/people';
import * as personPage from './services/personPage';
import * as review from './services/review';
import { search } from './services/search';
import * as photos from './services/photos';
import * as tags from './services/tags';
import { getSettings, updateSettings } from './services/settings';
import { isSyncing, syncStatus } from './sync/engine';
import { mergeStaleSave } from './sync/staleSave';
import { joinJournal, publishKeyChange, setUpSync, stopSync } from './sync/setup';
import type { Session } from './session/session';
import { readBackupHeader, replaceWithBackup, restoreBackup } from './vault/backup';
import { Vault } from './vault/vault';

/**
 * The channels that change the journal. Each waits while an import holds its transaction open
 * (so nothing a person saves meanwhile can be rolled back with a cancelled import) and, once
 * done, tells the background indexer. Declared here once, applied where the table is built, so a
 * new write channel cannot forget either. Jobs that write (import, backup) gate themselves.
 */
export const writeChannels = new Set<ChannelName>([
  'entries.create',
  'entries.save',
  'entries.delete',
  'entries.setUnsaidState',
  'people.upsert',
  'people.addDetail',
  'people.updateDetail',
  'people.deleteDetail',
  'people.merge',
  'settings.set',
  'sync.setup',
  'sync.now',
  'sync.stop',
  'tags.rename',
  'photos.uploadChunk',
  'photos.uploadFinish',
  'photos.uploadCancel',
  'people.setPhoto',
]);

/**
 * The importers and their parsers (YAML, zip, streaming JSON) are loaded on the first import, not
 * with the table: every `mutual` command builds this table, and most never import anything.
 */
const importService = () => import('./services/import');

type Implementation = { [C in ChannelName]: (input: ParsedInputOf<C>, session: Session) => OutputOf<C> | Promise<OutputOf<C>> };

const implementation: Implementation = {
  'vault.status': (_input, s) => ({ state: s.state() }),
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
    // The other computers follow through the sync folder's key file.
    publishKeyChange(s.current);
    return { state: 'unlocked' };
  },
  'vault.recover': async ({ recoveryCode, newPassphrase }, s) => {
    // Checked before the open journal is closed: a wrong code must not lock it (or stop its jobs).
    Vault.checkRecoveryCode(s.vaultDir, recoveryCode);
    s.lock();
    s.adopt(await Vault.recover(s.vaultDir, recoveryCode, newPassphrase));
    publishKeyChange(s.current);
    return { state: 'unlocked' };
  },
  // The contract has already checked the document (parseInput): the services do not check it again.
  'entries.create': (input, s) => entries.createCheckedEntry(s.current.db, input),
  'entries.save': ({ base, ...input }, s) => {
    const db = s.current.db;
    // Without sync there is nothing to merge, and the save is its own transaction.
    if (base === undefined || !isSyncing(db)) return entries.saveCheckedEntry(db, input);
    return db.transaction(() => {
      const merged = mergeStaleSave(db, { entryId: input.id, base, doc: input.doc });
      // A merged document was made from Yjs states here: it is checked like any other input.
      const saved = merged ? entries.saveEntry(db, { ...input, doc: merged.doc }) : entries.saveCheckedEntry(db, input);
      return merged ? { ...saved, sentBase: merged.sentBase } : saved;
    })();
  },
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
  'people.updateDetail': (input, s) => people.updateDetail(s.current.db, input),
  'people.deleteDetail': ({ id }, s) => {
    people.deleteDetail(s.current.db, id);
    return { deleted: true as const };
  },
  'people.merge': ({ keepId, mergeId }, s) => people.mergePeople(s.current.db, keepId, mergeId),
  'people.timeline': ({ personId, ...page }, s) => personPage.timelineFor(s.current.db, personId, page),
  'people.openUnsaid': ({ personId, ...page }, s) => personPage.openUnsaidFor(s.current.db, personId, page),
  'people.rhythm': ({ personId, today }, s) => personPage.rhythmFor(s.current.db, personId, today),
  'people.export': ({ personId, out }, s) => ({ ...personPage.exportPersonMarkdown(s.current.db, personId, out), file: out }),
  'entries.setUnsaidState': (input, s) => entries.setUnsaidState(s.current.db, input),
  'review.calendar': ({ year }, s) => review.calendar(s.current.db, year),
  'review.onThisDay': (input, s) => personPage.onThisDay(s.current.db, input),
  'review.week': ({ today }, s) => review.weekLookBack(s.current.db, today),
  'review.day': ({ date }, s) => review.entriesOfDay(s.current.db, date),
  'review.reminders': ({ today, days }, s) => review.dueReminders(s.current.db, today, days),
  'photos.uploadBegin': ({ size }, s) => {
    // Nothing is stored yet, but an upload begun on a locked journal could never finish.
    void s.current;
    return photos.beginUpload(size);
  },
  'photos.uploadChunk': (input, s) => photos.addUploadChunk(s.current.db, input),
  'photos.uploadFinish': ({ uploadId }, s) => photos.finishUpload(s.current.db, uploadId),
  'photos.uploadCancel': ({ uploadId }, s) => {
    photos.cancelUpload(s.current.db, uploadId);
    return { cancelled: true as const };
  },
  'photos.get': ({ id }, s) => photos.getPhotoInfo(s.current.db, id),
  'people.setPhoto': ({ personId, photoId }, s) => people.setPersonPhoto(s.current.db, personId, photoId),
  'tags.list': (_input, s) => tags.listTags(s.current.db),
  'tags.rename': (input, s) => tags.renameTag(s.current.db, input),
  'search.query': (input, s) => search(s.current.db, input),
  'settings.get': (_input, s) => getSettings(s.current.db, s.vaultDir),
  'settings.set': (input, s) => updateSettings(s.current.db, s.vaultDir, input),
  'export.run': ({ format, out, ...filters }, s) => {
    const db = s.current.db;
    return s.jobs.start('export', (job) => (format === 'json' ? exportJson : exportMarkdown)(db, out, filters, { onProgress: job.progress, isCancelled: job.isCancelled }));
  },
  'backup.run': ({ out }, s) => {
    const db = s.current.db;
    return s.jobs.start('backup', async (job) => {
      await s.writesAllowed();
      // Cancelling while the backup waited for an import: nothing has been written yet.
      if (job.isCancelled()) throw new MutualError('BAD_INPUT', 'The backup was cancelled; nothing was written.');
      job.progress(0, 1);
      const result = backupNow(db, s.vaultDir, out);
      job.progress(1, 1);
      return result;
    });
  },
  'backup.restore': (input, s) => {
    if (input.mode === 'new-folder') {
      restoreBackup(input.file, input.target);
      return { restoredTo: input.target, keptAt: null };
    }
    // Replacing closes the journal first; the person then unlocks the restored one. A file that is
    // not a backup is refused before that, so a mistake leaves the journal open and unchanged.
    readBackupHeader(input.file);
    s.lock('restore');
    const { keptAt } = replaceWithBackup(input.file, s.vaultDir);
    return { restoredTo: s.vaultDir, keptAt };
  },
  'import.preview': ({ format, source, timeFormat }, s) => {
    const db = s.current.db;
    return s.jobs.start('import-preview', async (job) => (await importService()).previewImport(db, format, source, { onProgress: job.progress, isCancelled: job.isCancelled }, { timeFormat }));
  },
  'import.run': ({ format, source, people: decisions, timeFormat, skipDuplicates, keepUndated }, s) => {
    const db = s.current.db;
    return s.jobs.start('import', (job) =>
      s.runImport(async () =>
        (await importService()).runImport(db, format, source, decisions ?? {}, { onProgress: job.progress, isCancelled: job.isCancelled }, { timeFormat, skipDuplicates, keepUndated }),
      ),
    );
  },
  'sync.status': (_input, s) => syncStatus(s.current.db),
  'sync.setup': async ({ folder }, s) => {
    await setUpSync(s.current, folder);
    s.sync.start();
    return syncStatus(s.current.db);
  },
  'sync.now': async (_input, s) => {
    if (!isSyncing(s.current.db)) throw new MutualError('BAD_INPUT', 'This journal does not sync through a folder. Set it up first.');
    await s.sync.run();
    return syncStatus(s.current.db);
  },
  'sync.stop': (_input, s) => {
    stopSync(s.current.db);
    s.sync.start();
    return syncStatus(s.current.db);
  },
  'sync.join': ({ folder, ...secret }, s) => {
    if (s.exists()) throw new MutualError('VAULT_EXISTS', 'A journal already exists in this folder, so Mutual did not join another one here. Choose a new, empty journal folder to join the synced journal.');
    return s.jobs.start('sync-join', async (control) => {
      const vault = await joinJournal(s.vaultDir, folder, secret, {
        progress: ({ entries }) => control.progress(entries, null),
        between: () => new Promise((resolve) => setImmediate(resolve)),
      });
      s.adopt(vault);
      return { entries: entries.listEntries(vault.db, { limit: 1 }).total };
    });
  },
  'jobs.status': ({ jobId }, s) => s.jobs.status(jobId),
  'jobs.cancel': ({ jobId }, s) => s.jobs.cancel(jobId),
};

/** What a failure looks like from outside: a code and a message, nothing else. */
export function toErrorResult(error: unknown): { ok: false; error: { code: MutualError['code']; message: string } } {
  const translated = translateFsError(translateDbError(error));
  if (translated instanceof MutualError) return fail(translated.code, translated.message);
  return fail('INTERNAL');
}


/** Optional hook for logging unexpected failures in the host process (never sent to the renderer). */
export type UnexpectedErrorLogger = (channel: ChannelName, error: unknown) => void;

/**
 * The input checked against the channel's schema. Validation itself is inside a try: a schema
 * walks nested input recursively, and input it cannot walk is the sender's problem (BAD_INPUT),
 * never an unexpected failure or a thrown stack overflow.
 */
function parseInput(name: ChannelName, input: unknown): { ok: true; data: unknown } | ReturnType<typeof fail> {
  let parsed: ReturnType<(typeof contract)[ChannelName]['input']['safeParse']>;
  try {
    parsed = contract[name].input.safeParse(input ?? {});
  } catch {
    return fail('BAD_INPUT', 'Mutual could not read that input: it is nested too deeply or is too large. Nothing was changed.');
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    return fail('BAD_INPUT', `Mutual could not use that input${where}: ${issue?.message ?? 'it has the wrong shape'}.`);
  }
  return { ok: true, data: parsed.data };
}

export function createHandlers(session: Session, logUnexpected?: UnexpectedErrorLogger): HandlerTable {
  const table = {} as Record<ChannelName, (input: unknown) => Promise<Result<unknown>>>;
  for (const name of channelNames) {
    table[name] = async (input: unknown) => {
      const writes = writeChannels.has(name);
      let accepted = false;
      try {
        const parsed = parseInput(name, input);
        if (!parsed.ok) return parsed;
        accepted = true;
        if (writes) await session.writesAllowed();
        const run = implementation[name] as (input: unknown, session: Session) => unknown;
        return ok(await run(parsed.data, session));
      } catch (error) {
        const result = toErrorResult(error);
        if (result.error.code === 'INTERNAL') logUnexpected?.(name, error);
        return result;
      } finally {
        if (writes && accepted) session.wrote();
      }
    };
  }
  return table as HandlerTable;
}
