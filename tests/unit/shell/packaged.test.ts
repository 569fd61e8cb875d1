import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEBUG_REFUSED_MESSAGE,
  debuggingSwitches,
  devToolsAllowed,
  refuseToStart,
  scrubEnvironment,
  userDataDirFor,
} from '../../../electron/main/packaged';
import { menuTemplate } from '../../../electron/main/shortcuts';
import type { MenuItemConstructorOptions } from 'electron';

describe('debugging switches', () => {
  it.each<[string[], NodeJS.Platform, string[]]>([
    [['/opt/Mutual/mutual'], 'linux', []],
    [['/opt/Mutual/mutual', '--inspect'], 'linux', ['--inspect']],
    [['/opt/Mutual/mutual', '--inspect=9229'], 'linux', ['--inspect=9229']],
    [['/opt/Mutual/mutual', '--inspect-brk=0.0.0.0:9229'], 'linux', ['--inspect-brk=0.0.0.0:9229']],
    [['/opt/Mutual/mutual', '--inspect-port=9230'], 'linux', ['--inspect-port=9230']],
    [['/opt/Mutual/mutual', '--INSPECT'], 'linux', ['--INSPECT']],
    [['/opt/Mutual/mutual', '--remote-debugging-port=9222'], 'linux', ['--remote-debugging-port=9222']],
    [['/opt/Mutual/mutual', '--remote-debugging-pipe'], 'linux', ['--remote-debugging-pipe']],
    // Chromium reads single-dash switches too, and slash switches on Windows.
    [['/opt/Mutual/mutual', '-remote-debugging-port=9222'], 'linux', ['-remote-debugging-port=9222']],
    [['C:\\Mutual\\Mutual.exe', '/remote-debugging-port=9222'], 'win32', ['/remote-debugging-port=9222']],
    [['/opt/Mutual/mutual', '/remote-debugging-port=9222'], 'linux', []],
    [['/opt/Mutual/mutual', '--vault', '/home/me/--inspect'], 'linux', []],
    [['/opt/Mutual/mutual', '--vault=--inspect'], 'linux', []],
    [['/opt/Mutual/mutual', '--', '--inspect'], 'linux', []],
    [['/opt/Mutual/mutual', '--inspector-of-things'], 'linux', []],
    [['/opt/Mutual/mutual', '--no-sandbox'], 'linux', []],
  ])('%j on %s → %j', (argv, platform, expected) => {
    expect(debuggingSwitches(argv, platform)).toEqual(expected);
  });

  it('make an installed app refuse to start, naming them; a development run starts', () => {
    const argv = ['/opt/Mutual/mutual', '--remote-debugging-port=9222', '--inspect'];
    expect(refuseToStart({ isPackaged: false, argv, platform: 'linux' })).toEqual({ refuse: false });
    const refused = refuseToStart({ isPackaged: true, argv, platform: 'linux' });
    expect(refused).toEqual({ refuse: true, message: `${DEBUG_REFUSED_MESSAGE} (--remote-debugging-port=9222 --inspect)` });
    expect(refuseToStart({ isPackaged: true, argv: ['/opt/Mutual/mutual', '--vault', '/tmp/j'], platform: 'linux' })).toEqual({ refuse: false });
  });
});

describe('development-only environment', () => {
  const env = () => ({ MUTUAL_SQLITE_BINDING: '/tmp/evil.node', MUTUAL_USER_DATA_DIR: '/tmp/profile', MUTUAL_LAUNCH_CWD: '/tmp', HOME: '/home/me' });

  it('is removed from the environment of an installed app (the journal worker inherits it)', () => {
    const packaged = env();
    expect(scrubEnvironment(packaged, true).sort()).toEqual(['MUTUAL_LAUNCH_CWD', 'MUTUAL_SQLITE_BINDING', 'MUTUAL_USER_DATA_DIR']);
    expect(packaged).toEqual({ HOME: '/home/me' });
    const development = env();
    expect(scrubEnvironment(development, false)).toEqual([]);
    expect(development).toEqual(env());
  });

  it('chooses the profile folder only in development', () => {
    expect(userDataDirFor({ isPackaged: false, env: { MUTUAL_USER_DATA_DIR: '/tmp/profile' }, appData: '/home/me/.config' })).toBe(path.resolve('/tmp/profile'));
    expect(userDataDirFor({ isPackaged: true, env: { MUTUAL_USER_DATA_DIR: '/tmp/profile' }, appData: '/home/me/.config' })).toBe(path.join('/home/me/.config', 'Mutual'));
    expect(userDataDirFor({ isPackaged: false, env: {}, appData: '/home/me/.config' })).toBe(path.join('/home/me/.config', 'Mutual'));
  });
});

describe('DevTools', () => {
  it('have no menu item in an installed app', () => {
    const items = (isPackaged: boolean) =>
      menuTemplate({ platform: 'linux', appName: 'Mutual', devTools: devToolsAllowed(isPackaged), send: () => undefined }).flatMap((m) =>
        Array.isArray(m.submenu) ? (m.submenu as MenuItemConstructorOptions[]) : [],
      );
    expect(items(true).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(items(false).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});
