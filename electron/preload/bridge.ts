/**
 * What the shell adds beside `window.mutual` (whose keys are exactly the contract's channels):
 *
 *  - `window.mutualEvents.on(name, listener)` — one-way notices from the main process:
 *      'menu'   with 'new-entry' | 'search' | 'lock'  (the menu or Ctrl/Cmd+N, K, L)
 *      'locked' with 'idle' | 'suspend' | 'lock-screen' (the shell locked the journal itself)
 *    Returns a function that removes the listener.
 *  - `window.mutualDevice` — "Remember on this device" (safeStorage lives only in the main
 *    process, so these are not contract channels; the web host simply has no such object).
 *
 * Only plain constants and types: imported by the preload and by the main process.
 */
import type { Result } from '../shared/result';

export const EVENT_CHANNEL = 'mutual:event';
export const DEVICE_STATUS_CHANNEL = 'mutual:device.rememberStatus';
export const DEVICE_SET_CHANNEL = 'mutual:device.setRemember';

export const menuCommands = ['new-entry', 'search', 'lock'] as const;
export type MenuCommand = (typeof menuCommands)[number];

export const lockReasons = ['idle', 'suspend', 'lock-screen'] as const;
export type LockReason = (typeof lockReasons)[number];

export type ShellEvent = { name: 'menu'; detail: MenuCommand } | { name: 'locked'; detail: LockReason };
export type ShellEventName = ShellEvent['name'];
export type ShellEventDetail<N extends ShellEventName> = Extract<ShellEvent, { name: N }>['detail'];

export interface MutualEvents {
  on<N extends ShellEventName>(name: N, listener: (detail: ShellEventDetail<N>) => void): () => void;
}

export interface RememberStatus {
  /** Whether this device can keep the key safely (a system keychain is available). */
  available: boolean;
  /** When not available: why, in plain words. */
  reason: string | null;
  /** Whether the key for this journal is remembered now. */
  remembered: boolean;
}

export interface MutualDevice {
  rememberStatus(): Promise<Result<RememberStatus>>;
  /** Turning it on needs the journal unlocked; turning it off forgets the key at once. */
  setRemember(input: { remember: boolean }): Promise<Result<RememberStatus>>;
}

export function isShellEvent(value: unknown): value is ShellEvent {
  if (!value || typeof value !== 'object') return false;
  const { name, detail } = value as { name?: unknown; detail?: unknown };
  if (name === 'menu') return (menuCommands as readonly unknown[]).includes(detail);
  if (name === 'locked') return (lockReasons as readonly unknown[]).includes(detail);
  return false;
}
