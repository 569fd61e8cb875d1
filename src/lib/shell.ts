/**
 * What the Electron shell adds beside window.mutual (its shapes: electron/shared/shell.ts). All
 * are absent in a plain browser, so each accessor answers null there.
 */
import type { MutualDevice, MutualEvents, MutualFiles } from '../../electron/shared/shell';

export type { FileFilter, MutualDevice, MutualFiles, RememberStatus } from '../../electron/shared/shell';

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
