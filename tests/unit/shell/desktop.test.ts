/**
 * The desktop app's own decisions, each a pure function of what Electron would hand it: the
 * journal folder from the command line, a second launch, screen lock on Linux, the window
 * before the keychain, the page's process dying, a missing preload, the Windows app id, and
 * the remembered key's file.
 */
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { launchDirectory, secondLaunchNotice, vaultArg, vaultDirFromArgs } from '../../../electron/main/args';
import { AutoLock, type IdleState } from '../../../electron/main/autoLock';
import { APP_ID } from '../../../electron/main/identity';
import { forgetsRememberedKey, Keychain } from '../../../electron/main/keychain';
import { afterRendererGone, holdUntil, incompleteBuildMessage, MAX_RELOADS, missingBuildFiles, RELOAD_WINDOW_MS } from '../../../electron/main/lifecycle';
import { channelNames } from '../../../electron/shared/channels';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { fail, ok } from '../../../electron/shared/result';
import { sandboxProblem, type SandboxFacts } from '../../../scripts/sandbox.mjs';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the journal folder named on the command line', () => {
  it('resolves a relative --vault against where the person started Mutual, not the app’s own folder', () => {
    expect(vaultDirFromArgs(['electron', '.', '--vault', 'journals/mine'], {}, '/home/me')).toBe(path.resolve('/home/me/journals/mine'));
    expect(vaultDirFromArgs(['mutual', '--vault=../shared'], {}, '/home/me/work')).toBe(path.resolve('/home/me/shared'));
    expect(vaultDirFromArgs(['mutual', '--vault', '/abs/j'], {}, '/home/me')).toBe(path.resolve('/abs/j'));
    expect(vaultDirFromArgs(['mutual'], { MUTUAL_VAULT_DIR: 'rel' }, '/home/me')).toBe(path.resolve('/home/me/rel'));
    expect(vaultDirFromArgs(['mutual', '--', '--vault', '/x'], {}, '/home/me')).toBeNull();
  });

  it('knows where that was: npm start’s launch folder in development, an AppImage’s OWD, else the process’s own', () => {
    expect(launchDirectory({ isPackaged: false, env: { MUTUAL_LAUNCH_CWD: '/home/me/notes' }, cwd: '/work/main' })).toBe('/home/me/notes');
    expect(launchDirectory({ isPackaged: true, env: { MUTUAL_LAUNCH_CWD: '/elsewhere' }, cwd: '/home/me' })).toBe('/home/me');
    expect(launchDirectory({ isPackaged: true, env: { APPIMAGE: '/home/me/Mutual.AppImage', OWD: '/home/me/notes' }, cwd: '/tmp/.mount_Mutual' })).toBe('/home/me/notes');
    expect(launchDirectory({ isPackaged: true, env: { OWD: '/home/me/notes' }, cwd: '/home/me' })).toBe('/home/me');
  });

  it('tells the person when a second launch asked for another journal, which is not opened', () => {
    const open = '/home/me/.config/Mutual/journal';
    expect(secondLaunchNotice({ argv: ['mutual'], workingDirectory: '/home/me', openVault: open })).toBeNull();
    expect(secondLaunchNotice({ argv: ['mutual', '--vault', '.config/Mutual/journal'], workingDirectory: '/home/me', openVault: open })).toBeNull();
    const notice = secondLaunchNotice({ argv: ['mutual', '--vault', 'work-journal'], workingDirectory: '/home/me', openVault: open });
    expect(notice).toContain(open);
    expect(notice).toContain(path.resolve('/home/me/work-journal'));
    expect(notice).toMatch(/not opened.*quit Mutual/i);
    expect(vaultArg(['mutual', '--vault=x'])).toBe('x');
  });
});

describe('screen lock on Linux', () => {
  const setup = (state: IdleState, idle = 0) => {
    const lock = vi.fn();
    const asked: number[] = [];
    const autoLock = new AutoLock({
      idleSeconds: () => idle,
      idleState: (threshold) => (asked.push(threshold), state),
      isUnlocked: () => true,
      lock,
    });
    return { autoLock, lock, asked };
  };

  it('locks the journal at the first check that finds the screen locked, whatever the idle time', () => {
    const { autoLock, lock, asked } = setup('locked', 3);
    expect(autoLock.tick()).toBe(true);
    expect(lock).toHaveBeenCalledWith('lock-screen');
    expect(asked).toEqual([10 * 60]);
  });

  it('otherwise keeps to the idle minutes', () => {
    for (const state of ['active', 'idle', 'unknown'] as const) {
      const { autoLock, lock } = setup(state, 60);
      expect(autoLock.tick()).toBe(false);
      expect(lock).not.toHaveBeenCalled();
    }
  });
});

describe('the window before the keychain', () => {
  const table = () => Object.fromEntries(channelNames.map((c) => [c, vi.fn(async () => ok({ channel: c }))])) as unknown as HandlerTable;

  it('holds the page’s first “is it open?” until the remembered key was tried…', async () => {
    let tried!: () => void;
    const held = holdUntil(table(), ['vault.status'], new Promise<void>((resolve) => (tried = resolve)), 60_000);
    let answered = false;
    const status = held['vault.status']({}).then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    // Other channels are not held.
    await expect(held['settings.get']({})).resolves.toEqual(ok({ channel: 'settings.get' }));
    tried();
    await status;
    expect(answered).toBe(true);
  });

  it('…but no longer than the deadline: a keyring waiting for its own password holds nothing', async () => {
    vi.useFakeTimers();
    try {
      const held = holdUntil(table(), ['vault.status'], new Promise<void>(() => undefined), 3_000);
      let answered = false;
      void held['vault.status']({}).then(() => (answered = true));
      await vi.advanceTimersByTimeAsync(2_999);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(answered).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed attempt releases it too', async () => {
    const held = holdUntil(table(), ['vault.status'], Promise.reject(new Error('keyring locked')), 60_000);
    await expect(held['vault.status']({})).resolves.toEqual(ok({ channel: 'vault.status' }));
  });
});

describe('when the page’s process is gone', () => {
  const now = 1_000_000;

  it('reloads the window instead of leaving it blank', () => {
    for (const reason of ['crashed', 'killed', 'oom', 'abnormal-exit', 'memory-eviction']) {
      expect(afterRendererGone(reason, { quitting: false, recentReloads: [], now })).toEqual({ action: 'reload' });
    }
  });

  it('explains instead when reloading keeps failing or cannot help', () => {
    const recent = Array.from({ length: MAX_RELOADS }, (_, i) => now - 1_000 * (i + 1));
    const again = afterRendererGone('crashed', { quitting: false, recentReloads: recent, now });
    expect(again.action).toBe('explain');
    expect(again.action === 'explain' && again.message).toMatch(/journal is safe/i);
    // Old reloads do not count.
    expect(afterRendererGone('crashed', { quitting: false, recentReloads: recent.map((t) => t - RELOAD_WINDOW_MS), now })).toEqual({ action: 'reload' });
    for (const reason of ['integrity-failure', 'launch-failed']) {
      const decision = afterRendererGone(reason, { quitting: false, recentReloads: [], now });
      expect(decision.action === 'explain' && decision.message).toMatch(/reinstall/i);
    }
  });

  it('does nothing while quitting or after a clean exit', () => {
    expect(afterRendererGone('crashed', { quitting: true, recentReloads: [], now })).toEqual({ action: 'ignore' });
    expect(afterRendererGone('clean-exit', { quitting: false, recentReloads: [], now })).toEqual({ action: 'ignore' });
  });
});

describe('a missing preload', () => {
  it('is named, with what to do, before any window opens', () => {
    const files = { preload: '/app/out/preload/index.cjs', 'journal worker': '/app/out/main/journalWorker.js', page: '/app/out/renderer/index.html' };
    const missing = missingBuildFiles(files, (file) => !file.endsWith('index.cjs'));
    expect(missing).toEqual(['preload (/app/out/preload/index.cjs)']);
    expect(incompleteBuildMessage(missing, true)).toMatch(/preload.*Reinstall Mutual/);
    expect(incompleteBuildMessage(missing, false)).toMatch(/npm start/);
    expect(missingBuildFiles(files, () => true)).toEqual([]);
  });
});

describe('Windows notifications', () => {
  it('use the app id the installer gives the shortcut', () => {
    const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(/^appId: (.+)$/m.exec(yml)?.[1]).toBe(APP_ID);
    expect(readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8')).toMatch(/if \(process\.platform === 'win32'\) app\.setAppUserModelId\(APP_ID\)/);
  });
});

describe('the remembered key', () => {
  let dir: string;
  const facts = { platform: 'linux' as const, encryptionAvailable: true, backend: 'gnome_libsecret' as const };
  const crypto = {
    encryptStringAsync: async (text: string) => Buffer.from(`wrapped:${text}`),
    decryptStringAsync: async (data: Buffer) => ({ result: data.toString().slice(8), shouldReEncrypt: false }),
  };
  const make = () => new Keychain({ userDataDir: dir, vaultDir: '/home/me/journal', facts: async () => facts, crypto });
  const file = () => path.join(dir, 'remembered-key.json');

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mutual-remember-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written as a new file renamed into place: the old one is never rewritten in place, and nothing is left behind', async () => {
    const keychain = make();
    await keychain.remember(Buffer.alloc(32, 1));
    const before = readFileSync(file(), 'utf8');
    // A second name for the old file shows whether it was overwritten or replaced.
    linkSync(file(), path.join(dir, 'old-copy'));
    await keychain.remember(Buffer.alloc(32, 2));
    expect(readFileSync(path.join(dir, 'old-copy'), 'utf8')).toBe(before);
    expect(readFileSync(file(), 'utf8')).not.toBe(before);
    expect((await keychain.recall())?.equals(Buffer.alloc(32, 2))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['old-copy', 'remembered-key.json']);
  });

  it('replaces a link planted at its name instead of writing through it', async () => {
    const target = path.join(dir, 'elsewhere.txt');
    writeFileSync(target, 'not yours');
    symlinkSync(target, file());
    await make().remember(Buffer.alloc(32, 3));
    expect(readFileSync(target, 'utf8')).toBe('not yours');
    expect(make().isRemembered()).toBe(true);
  });

  it('is forgotten once the passphrase changes or is reset with the recovery code, not otherwise', () => {
    expect(forgetsRememberedKey('vault.changePassphrase', ok({ state: 'unlocked' }))).toBe(true);
    expect(forgetsRememberedKey('vault.recover', ok({ state: 'unlocked' }))).toBe(true);
    expect(forgetsRememberedKey('vault.changePassphrase', fail('WRONG_PASSPHRASE'))).toBe(false);
    expect(forgetsRememberedKey('vault.unlock', ok({ state: 'unlocked' }))).toBe(false);
    expect(forgetsRememberedKey('settings.set', ok({}))).toBe(false);
    expect(readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8')).toContain('if (forgetsRememberedKey(channel, result)) keychain.forget();');
  });
});

describe('npm start on Ubuntu 23.10 and later', () => {
  const facts = (over: Partial<SandboxFacts>): SandboxFacts => ({
    platform: 'linux',
    restrictUserns: '1',
    sandboxPath: '/home/me/mutual/node_modules/electron/dist/chrome-sandbox',
    sandbox: { uid: 1000, mode: 0o100755 },
    ...over,
  });

  it('prints the exact fix when AppArmor restricts user namespaces and chrome-sandbox is not setuid root', () => {
    const problem = sandboxProblem(facts({}));
    expect(problem).toContain('kernel.apparmor_restrict_unprivileged_userns = 1');
    expect(problem).toContain('sudo chown root:root "/home/me/mutual/node_modules/electron/dist/chrome-sandbox" && sudo chmod 4755 "/home/me/mutual/node_modules/electron/dist/chrome-sandbox"');
    expect(problem).not.toMatch(/no-sandbox/);
    // Owned by root but not setuid, or setuid but not root's: still not usable.
    expect(sandboxProblem(facts({ sandbox: { uid: 0, mode: 0o100755 } }))).not.toBeNull();
    expect(sandboxProblem(facts({ sandbox: { uid: 1000, mode: 0o104755 } }))).not.toBeNull();
  });

  it('says nothing where the sandbox can start', () => {
    expect(sandboxProblem(facts({ sandbox: { uid: 0, mode: 0o104755 } }))).toBeNull();
    expect(sandboxProblem(facts({ restrictUserns: '0' }))).toBeNull();
    expect(sandboxProblem(facts({ restrictUserns: null }))).toBeNull();
    expect(sandboxProblem(facts({ sandbox: null }))).toBeNull();
    expect(sandboxProblem(facts({ platform: 'darwin' }))).toBeNull();
  });
});
