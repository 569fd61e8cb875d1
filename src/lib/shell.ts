/**
 * What the Electron shell adds beside window.mutual (see electron/preload/bridge.ts; src/ may not
 * import from the preload, so the shapes are restated here). All are absent in a plain browser.
 */
import type { Result } from '../../electron/shared/result';

export type MenuCommand = 'new-entry' | 'search' | 'lock';
export type LockReason = 'idle' | 'suspend' | 'lock-screen';

interface MutualEvents {
  on(name: 'menu', listener: (detail: MenuCommand) => void): () => void;
  on(name: 'locked', listener: (detail: LockReason) => void): () => void;
}

export interface RememberStatus {
  available: boolean;
  reason: string | null;
  remembered: boolean;
}

export interface MutualDevice {
  rememberStatus(): Promise<Result<RememberStatus>>;
  setRemember(input: { remember: boolean }): Promise<Result<RememberStatus>>;
}

export type FileFilter = 'backup' | 'json' | 'dayone' | 'any';

export interface ChooseRequest {
  title: string;
  defaultPath?: string;
  filter?: FileFilter;
}

/** The system's file dialogs: the chosen absolute path, or null when the dialog was closed. */
export interface MutualFiles {
  chooseFolder(input: ChooseRequest): Promise<Result<{ path: string | null }>>;
  chooseFile(input: ChooseRequest): Promise<Result<{ path: string | null }>>;
  chooseSavePath(input: ChooseRequest): Promise<Result<{ path: string | null }>>;
}

interface ShellWindow {
  mutualEvents?: MutualEvents;
  mutualDevice?: MutualDevice;
  mutualFiles?: MutualFiles;
}

export function shellEvents(): MutualEvents | null {
  const events = (window as unknown as ShellWindow).mutualEvents;
  return events && typeof events.on === 'function' ? events : null;
}

export function shellDevice(): MutualDevice | null {
  const device = (window as unknown as ShellWindow).mutualDevice;
  return device && typeof device.rememberStatus === 'function' ? device : null;
}

export function shellFiles(): MutualFiles | null {
  const files = (window as unknown as ShellWindow).mutualFiles;
  return files && typeof files.chooseFolder === 'function' && typeof files.chooseFile === 'function' && typeof files.chooseSavePath === 'function' ? files : null;
}
