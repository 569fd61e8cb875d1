/**
 * The journal's keyboard paths (Ctrl/Cmd+N new entry, Ctrl/Cmd+K search, Ctrl/Cmd+L lock) and
 * the application menu that shows them. Pure: index.ts feeds in Electron's input events and
 * builds the menu from this template.
 *
 * The keys are caught once, in `before-input-event`, and swallowed there; the menu only
 * *displays* them (registerAccelerator: false). That way one key press is one command, whether
 * focus is in the editor, a field or nowhere, and the page never also sees it.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/shell';

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const KEYS: Record<string, MenuCommand> = { n: 'new-entry', k: 'search', l: 'lock' };

/** The command a key press means, or null. Cmd on macOS, Ctrl elsewhere; no Alt or Shift. */
export function shortcutFor(input: KeyInput, platform: NodeJS.Platform): MenuCommand | null {
  if (input.type !== 'keyDown' || input.alt || input.shift) return null;
  const mod = platform === 'darwin' ? input.meta && !input.control : input.control && !input.meta;
  if (!mod) return null;
  return KEYS[input.key.toLowerCase()] ?? null;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  devTools: boolean;
  send(command: MenuCommand): void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const command = (label: string, accelerator: string, cmd: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: false,
    click: () => options.send(cmd),
  });
  const journal: MenuItemConstructorOptions = {
    label: isMac ? 'Journal' : '&Journal',
    submenu: [
      command('New Entry', 'CmdOrCtrl+N', 'new-entry'),
      command('Search', 'CmdOrCtrl+K', 'search'),
      { type: 'separator' },
      command('Lock', 'CmdOrCtrl+L', 'lock'),
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: isMac ? 'View' : '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  return [
    ...(isMac
      ? [
          {
            label: options.appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    journal,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
