/**
 * The system's own dialogs for Settings → Your data: choose a folder, a file, or where to save.
 * The page asks through window.mutualFiles (registered beside the contract channels, behind the
 * same sender check); main checks the request, opens the dialog on the app's window and answers
 * only the one absolute path the person chose, or null when they closed it — with a handle for
 * that path, valid for that window and the use the page named (pathGrants.ts), which is what the
 * journal accepts in the app. The page cannot name extensions or dialog properties — only a
 * title, a starting path, one of a few filters and the use.
 *
 * Electron is imported only as types: the dialog functions are handed in (see index.ts), so this
 * file loads in plain Node and its rules are tested there.
 */
import path from 'node:path';
import type { FileFilter as ElectronFileFilter, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { z } from 'zod';
import { fail, ok, type Result } from '../shared/result';
import {
  FILES_CHOOSE_FILE_CHANNEL,
  FILES_CHOOSE_FOLDER_CHANNEL,
  FILES_CHOOSE_SAVE_PATH_CHANNEL,
  fileFilters,
  pathUses,
  type ChosenPath,
  type FileFilter,
} from '../shared/shell';
import { PathGrants } from './pathGrants';

const ALL_FILES: ElectronFileFilter = { name: 'All files', extensions: ['*'] };

/** The extension lists live here, not in the page. */
export const filterLists: Record<FileFilter, ElectronFileFilter[]> = {
  backup: [{ name: 'Mutual backups', extensions: ['mutualbackup'] }, ALL_FILES],
  json: [{ name: 'JSON files', extensions: ['json'] }, ALL_FILES],
  dayone: [{ name: 'Day One exports', extensions: ['zip', 'json'] }, ALL_FILES],
  any: [ALL_FILES],
};

const request = z
  .object({
    title: z.string().trim().min(1).max(200),
    defaultPath: z
      .string()
      .max(4096)
      .refine((p) => !p.includes('\u0000') && path.isAbsolute(p))
      .optional(),
    filter: z.enum(fileFilters).optional(),
    use: z.enum(pathUses).optional(),
  })
  .strict();

export type DialogKind = 'folder' | 'file' | 'save';

export function openOptions(kind: 'folder' | 'file', input: z.infer<typeof request>): OpenDialogOptions {
  return {
    title: input.title,
    ...(input.defaultPath ? { defaultPath: input.defaultPath } : {}),
    // One path only; a folder dialog may make a new folder (an export or a restore goes into one).
    properties: kind === 'folder' ? ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'] : ['openFile', 'dontAddToRecent'],
    ...(kind === 'file' ? { filters: filterLists[input.filter ?? 'any'] } : {}),
  };
}

export function saveOptions(input: z.infer<typeof request>): SaveDialogOptions {
  return {
    title: input.title,
    ...(input.defaultPath ? { defaultPath: input.defaultPath } : {}),
    // Mutual refuses to overwrite an existing export or backup; the dialog need not ask.
    properties: ['createDirectory', 'dontAddToRecent'],
    ...(input.filter && input.filter !== 'any' ? { filters: filterLists[input.filter] } : {}),
  };
}

/** Only an absolute path without NUL counts as an answer; anything else is "nothing chosen". */
function chosenPath(p: unknown): string | null {
  return typeof p === 'string' && p.length > 0 && !p.includes('\u0000') && path.isAbsolute(p) ? p : null;
}

export interface DialogOpeners {
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

export const DIALOG_OPEN_MESSAGE = 'A file dialog is already open. Finish with it first.';
export const DIALOG_BAD_REQUEST = 'Mutual could not open that dialog.';

/** Which window asked (registerIpc passes it to its extra handlers). */
export interface CallContext {
  senderId: number;
}

type DialogHandler = (input: unknown, context?: CallContext) => Promise<Result<ChosenPath>>;

/**
 * The three handlers for registerIpc's extra channels. One dialog at a time. With `grants`, an
 * answer to a request that names its use carries a handle for that window and use.
 */
export function fileDialogHandlers(openers: DialogOpeners, grants?: PathGrants): Record<string, DialogHandler> {
  let open = false;
  const run = async (kind: DialogKind, input: unknown, context: CallContext | undefined): Promise<Result<ChosenPath>> => {
    const parsed = request.safeParse(input);
    if (!parsed.success) return fail('BAD_INPUT', DIALOG_BAD_REQUEST);
    const use = parsed.data.use;
    if (use !== undefined && !PathGrants.allows(kind, use)) return fail('BAD_INPUT', DIALOG_BAD_REQUEST);
    if (open) return fail('BAD_INPUT', DIALOG_OPEN_MESSAGE);
    open = true;
    let picked: string | null;
    try {
      if (kind === 'save') {
        const answer = await openers.showSaveDialog(saveOptions(parsed.data));
        picked = answer.canceled ? null : chosenPath(answer.filePath);
      } else {
        const answer = await openers.showOpenDialog(openOptions(kind, parsed.data));
        picked = answer.canceled ? null : chosenPath(answer.filePaths[0]);
      }
    } finally {
      open = false;
    }
    const handle = picked && use && grants && context ? grants.issue(context.senderId, use, picked) : null;
    return ok({ path: picked, handle });
  };
  return {
    [FILES_CHOOSE_FOLDER_CHANNEL]: (input, context) => run('folder', input, context),
    [FILES_CHOOSE_FILE_CHANNEL]: (input, context) => run('file', input, context),
    [FILES_CHOOSE_SAVE_PATH_CHANNEL]: (input, context) => run('save', input, context),
  };
}
