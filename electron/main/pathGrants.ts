/**
 * In the desktop app the page never names a path on the computer. Export, backup, restore,
 * import, the backup folder and a person's export take only places the person picked in main's
 * own file dialog: the dialog answers the path (to show) and an opaque handle; the page sends the
 * handle; main swaps it for the path before the call reaches the journal, and refuses a raw path.
 * A handle is valid only for the window it was given to and for the use it was asked for ("where
 * to save an export" cannot become "what to restore"), and is forgotten when that window goes.
 *
 * So a page that runs code it should not (a bug in an importer's preview, a malicious paste that
 * escaped the editor) still cannot make the journal write an export over ~/.bashrc or read
 * ~/.ssh. The `mutual` command and the web host keep taking typed paths: their person is the one
 * typing them.
 *
 * Pure, no Electron: tests/unit/shell/pathGrants.test.ts.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelName } from '../shared/channels';
import { fail, ok, type Result } from '../shared/result';
import type { DialogKind } from './dialogs';
import { pathUses, type PathUse } from '../shared/shell';

export type { PathUse };

/** Which dialogs may answer for each use. */
export const dialogKindsFor: Readonly<Record<PathUse, readonly DialogKind[]>> = Object.freeze({
  export: ['save', 'folder'],
  backup: ['save'],
  'restore-file': ['file'],
  'restore-target': ['folder'],
  import: ['file', 'folder'],
  'backup-folder': ['folder'],
  'person-export': ['save'],
  'sync-folder': ['folder'],
});

/** The fields of each channel that name a place on the computer, and the use each must come from. */
export const pathFields: Readonly<Partial<Record<ChannelName, Readonly<Record<string, PathUse>>>>> = Object.freeze({
  'export.run': { out: 'export' },
  'backup.run': { out: 'backup' },
  'backup.restore': { file: 'restore-file', target: 'restore-target' },
  'import.preview': { source: 'import' },
  'import.run': { source: 'import' },
  'settings.set': { backupFolder: 'backup-folder' },
  'people.export': { out: 'person-export' },
  'sync.setup': { folder: 'sync-folder' },
  'sync.join': { folder: 'sync-folder' },
});

export const RAW_PATH_REFUSED =
  "In the app, places on this computer are chosen with Choose…, in the system's own dialog. Choose the place again, then try once more.";

const HANDLE_PREFIX = 'mutual-place:';
/** Enough for any session; the oldest are forgotten first. */
const MAX_PER_WINDOW = 64;

interface Grant {
  path: string;
  use: PathUse;
}

export class PathGrants {
  private readonly byWindow = new Map<number, Map<string, Grant>>();

  constructor(private readonly token: () => string = () => randomBytes(16).toString('hex')) {}

  /** Whether `use` is one a dialog of `kind` may answer for. */
  static allows(kind: DialogKind, use: unknown): use is PathUse {
    return typeof use === 'string' && (pathUses as readonly string[]).includes(use) && dialogKindsFor[use as PathUse].includes(kind);
  }

  /** A new handle for a path the window's dialog just returned. */
  issue(windowId: number, use: PathUse, path: string): string {
    let grants = this.byWindow.get(windowId);
    if (!grants) {
      grants = new Map();
      this.byWindow.set(windowId, grants);
    }
    const handle = `${HANDLE_PREFIX}${this.token()}`;
    grants.set(handle, { path, use });
    while (grants.size > MAX_PER_WINDOW) grants.delete(grants.keys().next().value!);
    return handle;
  }

  /** The window closed or loaded its page again: its handles mean nothing any more. */
  forget(windowId: number): void {
    this.byWindow.delete(windowId);
  }

  /**
   * The call's input with each place's handle replaced by its path, or a refusal. Channels that
   * name no place pass through untouched; a place field that is absent stays absent.
   */
  resolve(channel: string, input: unknown, windowId: number): Result<unknown> {
    const fields = pathFields[channel as ChannelName];
    if (!fields) return ok(input);
    if (!input || typeof input !== 'object' || Array.isArray(input)) return ok(input);
    const resolved: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    for (const [field, use] of Object.entries(fields)) {
      if (!Object.hasOwn(resolved, field) || resolved[field] === undefined) continue;
      const value = resolved[field];
      const grant = typeof value === 'string' ? this.byWindow.get(windowId)?.get(value) : undefined;
      if (!grant || grant.use !== use) return fail('BAD_INPUT', RAW_PATH_REFUSED);
      resolved[field] = grant.path;
    }
    return ok(resolved);
  }
}
