import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { vaultDirFromArgs } from '../../../electron/main/args';
import { AutoLock, autoLockMinutesFrom, DEFAULT_AUTO_LOCK_MINUTES } from '../../../electron/main/autoLock';
import { menuTemplate, shortcutFor, type KeyInput } from '../../../electron/main/shortcuts';
import { parseWindowState, restorableBounds } from '../../../electron/main/windowState';
import { fail, ok } from '../../../electron/shared/result';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it.each<[KeyInput, NodeJS.Platform, string | null]>([
    [key('n', { control: true }), 'linux', 'new-entry'],
    [key('N', { control: true }), 'win32', 'new-entry'],
    [key('k', { control: true }), 'linux', 'search'],
    [key('l', { control: true }), 'win32', 'lock'],
    [key('n', { meta: true }), 'darwin', 'new-entry'],
    [key('k', { meta: true }), 'darwin', 'search'],
    [key('l', { meta: true }), 'darwin', 'lock'],
    [key('n', { control: true }), 'darwin', null],
    [key('n', { meta: true }), 'linux', null],
    [key('n'), 'linux', null],
    [key('n', { control: true, shift: true }), 'linux', null],
    [key('l', { control: true, alt: true }), 'linux', null],
    [key('b', { control: true }), 'linux', null],
    [key('n', { control: true, type: 'keyUp' }), 'linux', null],
  ])('%j on %s → %s', (input, platform, expected) => {
    expect(shortcutFor(input, platform)).toBe(expected);
  });

  it('shows the shortcuts in the menu, which sends the same commands', () => {
    const send = vi.fn();
    const template = menuTemplate({ platform: 'linux', appName: 'Mutual', devTools: false, send });
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? (m.submenu as MenuItemConstructorOptions[]) : []));
    const byAccelerator = new Map(items.filter((i) => i.accelerator).map((i) => [i.accelerator, i]));
    for (const [accelerator, command] of [
      ['CmdOrCtrl+N', 'new-entry'],
      ['CmdOrCtrl+K', 'search'],
      ['CmdOrCtrl+L', 'lock'],
    ] as const) {
      const item = byAccelerator.get(accelerator)!;
      expect(item.registerAccelerator).toBe(false);
      (item.click as () => void)();
      expect(send).toHaveBeenLastCalledWith(command);
    }
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});

describe('AutoLock', () => {
  const setup = (idle: number, unlocked = true) => {
    const lock = vi.fn();
    const state = { idle, unlocked };
    const autoLock = new AutoLock({ idleSeconds: () => state.idle, isUnlocked: () => state.unlocked, lock });
    return { autoLock, lock, state };
  };

  it('locks after the default 10 idle minutes, not before', () => {
    const { autoLock, lock, state } = setup(DEFAULT_AUTO_LOCK_MINUTES * 60 - 1);
    expect(autoLock.tick()).toBe(false);
    state.idle = DEFAULT_AUTO_LOCK_MINUTES * 60;
    expect(autoLock.tick()).toBe(true);
    expect(lock).toHaveBeenCalledWith('idle');
  });

  it('follows the setting and ignores nonsense values', () => {
    const { autoLock, lock } = setup(3 * 60);
    autoLock.setMinutes(3);
    expect(autoLock.tick()).toBe(true);
    for (const bad of [0, -1, 1.5, 241, '5', null, Number.NaN]) autoLock.setMinutes(bad);
    expect(autoLock.autoLockMinutes).toBe(3);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('does nothing while already locked', () => {
    const { autoLock, lock } = setup(10_000, false);
    expect(autoLock.tick()).toBe(false);
    expect(lock).not.toHaveBeenCalled();
  });

  it('reads the minutes from settings answers only', () => {
    expect(autoLockMinutesFrom('settings.get', ok({ autoLockMinutes: 5 }))).toBe(5);
    expect(autoLockMinutesFrom('settings.set', ok({ autoLockMinutes: 30 }))).toBe(30);
    expect(autoLockMinutesFrom('settings.set', fail('VAULT_LOCKED'))).toBeNull();
    expect(autoLockMinutesFrom('entries.get', ok({ autoLockMinutes: 1 }))).toBeNull();
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('restores a saved place that is still on a screen', () => {
    const saved = parseWindowState({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
    expect(restorableBounds(saved, screen)).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
  });

  it('forgets a place on a screen that is gone', () => {
    const saved = parseWindowState({ x: 2500, y: 100, width: 1000, height: 700 });
    expect(restorableBounds(saved, screen)).toBeNull();
  });

  it('ignores a damaged state file', () => {
    for (const bad of [null, 'x', {}, { x: 0, y: 0, width: 'big', height: 700 }, { x: 0, y: 0, width: 10, height: 10 }]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });
});

describe('vault folder from the command line', () => {
  it('takes --vault DIR, --vault=DIR, then MUTUAL_VAULT_DIR', () => {
    expect(vaultDirFromArgs(['electron', '.', '--vault', '/tmp/j'], {})).toBe(path.resolve('/tmp/j'));
    expect(vaultDirFromArgs(['mutual', '--vault=/tmp/k'], {})).toBe(path.resolve('/tmp/k'));
    expect(vaultDirFromArgs(['mutual'], { MUTUAL_VAULT_DIR: '/tmp/e' })).toBe(path.resolve('/tmp/e'));
    expect(vaultDirFromArgs(['mutual', '--vault', '--other'], {})).toBeNull();
    expect(vaultDirFromArgs(['mutual'], {})).toBeNull();
  });
});
