/**
 * The Electron main process: lifecycle and wiring only (ARCHITECTURE.md, "Layers"). It starts the
 * journal worker on the journal folder (electron/core/worker: the whole journal runs in that
 * thread, never in this one), relays its handler table over IPC and its events to the window, and
 * owns what only a desktop shell can do — the window, the menu and its shortcuts, locking on
 * idle / suspend / screen lock, "remember on this device", and the system's file dialogs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, powerMonitor, safeStorage, session as electronSession } from 'electron';
import { z } from 'zod';
import { defaultVaultDir } from '../core/paths';
import { JournalClient } from '../core/worker/client';
import { todayLocal } from '../shared/dates';
import { defaultMessages, fail, isMutualError, ok } from '../shared/result';
import { DEVICE_SET_CHANNEL, DEVICE_STATUS_CHANNEL, EVENT_CHANNEL, type LockReason, type ShellEvent } from '../shared/shell';
import { vaultDirFromArgs } from './args';
import { AutoLock, autoLockMinutesFrom, unlockingChannels } from './autoLock';
import { fileDialogHandlers } from './dialogs';
import { ReminderNotifier } from './reminders';
import { registerIpc } from './ipc';
import { Keychain } from './keychain';
import { menuTemplate, shortcutFor } from './shortcuts';
import { createMainWindow, guardWebContents, handleAppProtocol, lockDownSession, registerAppScheme } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
/** Built beside this file by electron-vite (electron.vite.config.ts: the main build's second entry). */
const workerFile = path.join(here, 'journalWorker.js');
const devTools = !app.isPackaged;

// Electron derived userData from package.json's lower-case name before this file ran; use the
// folder the core's defaultVaultDir() lives in (~/.config/Mutual/journal on Linux) instead.
app.setName('Mutual');
app.setPath(
  'userData',
  process.env.MUTUAL_USER_DATA_DIR ? path.resolve(process.env.MUTUAL_USER_DATA_DIR) : path.join(app.getPath('appData'), 'Mutual'),
);

registerAppScheme();
app.enableSandbox();
// Before anything can create a webContents: every one of them gets the guards.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

function log(message: string, error?: unknown): void {
  console.error(`[mutual] ${message}`, error instanceof Error ? (error.stack ?? error.message) : (error ?? ''));
}

/**
 * In development the app loads better-sqlite3 from the Electron-ABI build that `npm start`
 * prepares in .electron-native/, leaving node_modules' Node build to `npm test`. The core reads
 * MUTUAL_SQLITE_BINDING when it opens the database.
 */
function useElectronNativeBuild(): void {
  if (process.env.MUTUAL_SQLITE_BINDING || app.isPackaged) return;
  const candidate = path.join(app.getAppPath(), '.electron-native', 'better_sqlite3.node');
  if (existsSync(candidate)) process.env.MUTUAL_SQLITE_BINDING = candidate;
}

const rememberInput = z.object({ remember: z.boolean() }).strict();

async function start(): Promise<void> {
  // Before the journal worker starts: it reads the binding from the environment it inherits.
  useElectronNativeBuild();
  await app.whenReady();

  const userDataDir = app.getPath('userData');
  const vaultDir = vaultDirFromArgs(process.argv, process.env) ?? defaultVaultDir();

  let journal: JournalClient;
  try {
    journal = await JournalClient.start({ vaultDir, workerFile, log: (message, detail) => log(message, detail) });
  } catch (error) {
    log('could not start the journal', error);
    dialog.showErrorBox('Mutual cannot open your journal', isMutualError(error) ? error.message : defaultMessages.INTERNAL);
    app.exit(1);
    return;
  }
  const handlers = journal.handlers;

  let win: BrowserWindow | null = null;
  let appContentsId: number | null = null;
  const send = (event: ShellEvent) => {
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  };
  // The journal's own notices (locked and why, job progress) go to the page as they happen.
  journal.onEvent((event) => send({ name: 'journal', detail: event }));

  const lockNow = (reason: LockReason) => {
    if (!journal.isUnlocked()) return;
    journal.lock(reason).catch((error: unknown) => log('locking failed', error));
  };

  const autoLock = new AutoLock({
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    isUnlocked: () => journal.isUnlocked(),
    lock: lockNow,
  });
  const reminders = new ReminderNotifier({
    isUnlocked: () => journal.isUnlocked(),
    settings: () => handlers['settings.get']({}),
    due: () => handlers['review.reminders']({ days: 0 }),
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
    },
    today: () => todayLocal(),
  });
  const followSettings = async () => {
    const minutes = autoLockMinutesFrom('settings.get', await handlers['settings.get']({}));
    if (minutes !== null) autoLock.setMinutes(minutes);
    void reminders.check();
  };

  const keychain = new Keychain({
    userDataDir,
    vaultDir,
    crypto: safeStorage,
    facts: async () => ({
      platform: process.platform,
      encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
      backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    }),
  });

  const deviceHandlers = {
    [DEVICE_STATUS_CHANNEL]: async () => ok(await keychain.status()),
    [DEVICE_SET_CHANNEL]: async (input: unknown) => {
      const parsed = rememberInput.safeParse(input);
      if (!parsed.success) return fail('BAD_INPUT');
      if (!parsed.data.remember) {
        keychain.forget();
        return ok(await keychain.status());
      }
      if (!journal.isUnlocked()) return fail('VAULT_LOCKED');
      const availability = await keychain.availability();
      if (!availability.available) return fail('BAD_INPUT', availability.reason);
      await keychain.remember(await journal.copyDataKey());
      return ok(await keychain.status());
    },
  };

  // Modal to the app's window when there is one.
  const fileHandlers = fileDialogHandlers({
    showOpenDialog: (options) => (win && !win.isDestroyed() ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)),
    showSaveDialog: (options) => (win && !win.isDestroyed() ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
  });

  lockDownSession(electronSession.defaultSession, { devTools });
  handleAppProtocol(rendererRoot);

  const ipc = registerIpc(
    ipcMain,
    handlers,
    {
      isAppWindow: (contents) => appContentsId !== null && contents.id === appContentsId,
      onResult: (channel, result) => {
        const minutes = autoLockMinutesFrom(channel, result);
        if (minutes !== null) autoLock.setMinutes(minutes);
        if (result.ok && (unlockingChannels as readonly string[]).includes(channel)) void followSettings();
      },
      log,
    },
    { ...deviceHandlers, ...fileHandlers },
  );

  // Remembered on this device: open before the page first asks for the journal's state.
  if (!journal.isUnlocked() && keychain.isRemembered()) {
    const key = await keychain.recall();
    if (key) {
      try {
        await journal.unlockWithDataKey(key);
      } catch (error) {
        log('the remembered key did not open the journal; asking for the passphrase instead', isMutualError(error) ? error.code : error);
      } finally {
        key.fill(0);
      }
    }
  }
  if (journal.isUnlocked()) await followSettings();

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ platform: process.platform, appName: app.name, devTools, send: (command) => send({ name: 'menu', detail: command }) }),
    ),
  );

  const openWindow = () => {
    const created = createMainWindow({ preload: preloadPath, devTools, userDataDir });
    win = created;
    appContentsId = created.webContents.id;
    created.webContents.on('before-input-event', (event, input) => {
      const command = shortcutFor(input, process.platform);
      if (!command) return;
      event.preventDefault();
      if (!input.isAutoRepeat) send({ name: 'menu', detail: command });
    });
    created.on('closed', () => {
      if (win === created) win = null;
    });
  };
  openWindow();

  powerMonitor.on('suspend', () => lockNow('suspend'));
  powerMonitor.on('lock-screen', () => lockNow('lock-screen'));
  autoLock.start();
  reminders.start();

  app.on('second-instance', () => {
    if (!win) return openWindow();
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (!win) openWindow();
  });
  // Closing the window ends the app on every platform: the journal should not stay open unseen.
  app.on('window-all-closed', () => app.quit());

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    autoLock.stop();
    reminders.stop();
    // A save sent while the window was closing is answered before the journal is closed.
    void ipc
      .settled(2000)
      .then(() => journal.close())
      .catch((error: unknown) => log('closing the journal failed', error))
      .finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Mutual is already running; it brings its window forward ('second-instance').
  app.quit();
} else {
  start().catch((error: unknown) => {
    log('Mutual could not start', error);
    dialog.showErrorBox('Mutual could not start', defaultMessages.INTERNAL);
    app.exit(1);
  });
}
