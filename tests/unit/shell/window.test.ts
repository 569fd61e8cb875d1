/**
 * window.ts spells the web preferences out (so electronegativity, in npm run lint, can read
 * them); this checks they are exactly security.ts's hardened set. Electron's BrowserWindow is
 * replaced only to see the options it is given — the real window is the Electron end-to-end spec's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const constructed: Record<string, unknown>[] = [];

vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: Record<string, unknown>) {
      constructed.push(options);
    }
    maximize() {}
    on() {}
    once() {}
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  },
  nativeTheme: { shouldUseDarkColors: false },
  protocol: {},
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: {},
}));

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mutual-window-'));
afterAll(() => rmSync(userDataDir, { recursive: true, force: true }));

describe('the main window', () => {
  it('gets exactly the hardened web preferences, plus its preload and the DevTools switch', async () => {
    const { createMainWindow } = await import('../../../electron/main/window');
    const { windowWebPreferences } = await import('../../../electron/main/security');
    for (const devTools of [false, true]) {
      constructed.length = 0;
      createMainWindow({ preload: '/app/out/preload/index.cjs', devTools, userDataDir });
      expect(constructed).toHaveLength(1);
      expect(constructed[0]!.webPreferences).toStrictEqual({ ...windowWebPreferences('/app/out/preload/index.cjs', devTools) });
      expect(constructed[0]!.show).toBe(false);
    }
  });
});
