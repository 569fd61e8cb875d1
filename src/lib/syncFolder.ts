/**
 * Sync through a folder (ARCHITECTURE.md, "Sync through a folder"), as the page sees it: the use a
 * sync folder is chosen for in the app's own folder dialog (src/features/settings/PathField.tsx;
 * electron/main/pathGrants.ts lets sync.setup and sync.join take only a folder chosen so).
 */
import type { PathUse } from '../../electron/shared/shell';

export const SYNC_FOLDER_USE: PathUse = 'sync-folder';

/** The sync apps a person may already use, named where sync is explained. */
export const SYNC_APPS = 'Syncthing, Dropbox, iCloud Drive, OneDrive, Nextcloud or a USB stick';
