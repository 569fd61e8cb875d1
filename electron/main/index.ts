/**
 * The Electron main process: lifecycle and wiring only (ARCHITECTURE.md, "Layers"). It starts the
 * journal worker on the journal folder (electron/core/worker: the whole journal runs in that
 * thread, never in this one), relays its handler table over IPC and its events to the window, and
 * owns what only a desktop shell can do — the window, the menu and its shortcuts, locking on
 * idle / suspend / screen lock, "remember on this device", the system's file dialogs, and saving
 * the page's last words before quitting. Each decision lives in a pure module beside this one,
 * tested in plain Node; this file hands them to Electron.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, powerMonitor, safeStorage, session as electronSession } from 'electron';
import { z } from 'zod';
import { defaultVaultDir } from '../core/paths';
import { JournalClient } from '../core/worker/client';
import { checkNativeModules, nativeProblem } from '../core/worker/nativeCheck';
import { todayLocal } from '../shared/dates';
import { defaultMessages, fail, isMutualError, ok } from '../shared/result';
import {
  DEVICE_SET_CHANNEL,
  DEVICE_STATUS_CHANNEL,
  EVENT_CHANNEL,
  FLUSH_DONE_CHANNEL,
  FLUSH_REQUEST_CHANNEL,
  type LockReason,
  type ShellEvent,
} from '../shared/shell';
import { launchDirectory, SECOND_LAUNCH_MESSAGE, secondLaunchNotice, vaultArg, vaultDirFromArgs } from './args';
import { AutoLock, autoLockMinutesFrom, unlockingChannels } from './autoLock';
import { fileDialogHandlers } from './dialogs';
import { APP_ID, APP_NAME } from './identity';
import { registerIpc } from './ipc';
import { forgetsRememberedKey, Keychain } from './keychain';
import { afterRendererGone, holdUntil, incompleteBuildMessage, missingBuildFiles } from './lifecycle';
import { devToolsAllowed, refuseToStart, scrubEnvironment, userDataDirFor } from './packaged';
import { PathGrants } from './pathGrants';
import { flushBeforeClose, FlushRequests, quitSequence } from './quit';
import { ReminderNotifier } from './reminders';
import { menuTemplate, shortcutFor } from './shortcuts';
import { createMainWindow, guardWebContents, handleAppProtocol, lockDownSession, registerAppScheme } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');
/** Built beside this file by electron-vite (electron.vite.config.ts: the main build's second entry). */
const workerFile = path.join(here, 'journalWorker.js');
const isPackaged = app.isPackaged;
const devTools = devToolsAllowed(isPackaged);
/** How long the page's first "is the journal open?" waits for a remembered key (lifecycle.ts holdUntil). */
const REMEMBERED_KEY_WAIT_MS = 3_000;

function log(message: string, error?: unknown): void {
  console.error(`[mutual] ${message}`, error instanceof Error ? (error.stack ?? error.message) : (error ?? ''));
}

/**
 * In development the app loads better-sqlite3 from the Electron-ABI build that `npm start`
 * prepares in .electron-native/, leaving node_modules' Node build to `npm test`. The core reads
 * MUTUAL_SQLITE_BINDING when it opens the database. An installed app has only its own build
 * (the variable was removed by scrubEnvironment).
 */
function useElectronNativeBuild(): void {
  if (process.env.MUTUAL_SQLITE_BINDING || isPackaged) return;
  const candidate = path.join(app.getAppPath(), '.electron-native', 'better_sqlite3.node');
  if (existsSync(candidate)) process.env.MUTUAL_SQLITE_BINDING = candidate;
}

const rememberInput = z.object({ remember: z.boolean() }).strict();

async function start(launchCwd: string): Promise<void> {
  // Before the journal worker starts: it reads the binding from the environment it inherits.
  useElectronNativeBuild();
  await app.whenReady();

  const missing = missingBuildFiles({ preload: preloadPath, 'journal worker': workerFile, page: path.join(rendererRoot, 'index.html') });
  if (missing.length > 0) {
    const message = incompleteBuildMessage(missing, isPackaged);
    log(message);
    dialog.showErrorBox('Mutual cannot start', message);
    app.exit(1);
    return;
  }

  // Before the journal starts: a database module built for another runtime must be named as such.
  const binding = process.env.MUTUAL_SQLITE_BINDING || undefined;
  const native = await checkNativeModules({ binding });
  if (!native.ok) {
    const problem = nativeProblem(native, { isPackaged, binding });
    log(`${problem.message}${problem.command ? ` ${problem.command}` : ''}`);
    dialog.showErrorBox(problem.title, problem.command ? `${problem.message}\n\n    ${problem.command}` : problem.message);
    app.exit(1);
    return;
  }

  const userDataDir = app.getPath('userData');
  const vaultDir = vaultDirFromArgs(process.argv, process.env, launchCwd) ?? defaultVaultDir();

  let journal: JournalClient;
  try {
    journal = await JournalClient.start({ vaultDir, workerFile, log: (message, detail) => log(message, detail) });
  } catch (error) {
    log('could not start the journal', error);
    dialog.showErrorBox('Mutual cannot open your journal', isMutualError(error) ? error.message : defaultMessages.INTERNAL);
    app.exit(1);
    return;
  }

  let win: BrowserWindow | null = null;
  let appContentsId: number | null = null;
  let closing = false;
  // Read through a function where TypeScript would otherwise assume the window it saw at the start.
  const currentWindow = (): BrowserWindow | null => win;
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
    idleState: (threshold) => powerMonitor.getSystemIdleState(threshold),
    isUnlocked: () => journal.isUnlocked(),
    lock: lockNow,
  });
  const reminders = new ReminderNotifier({
    isUnlocked: () => journal.isUnlocked(),
    settings: () => journal.handlers['settings.get']({}),
    due: () => journal.handlers['review.reminders']({ days: 0 }),
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
    },
    today: () => todayLocal(),
  });
  const followSettings = async () => {
    const minutes = autoLockMinutesFrom('settings.get', await journal.handlers['settings.get']({}));
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

  // Remembered on this device: tried while the window opens, never before it — the OS keyring
  // may first ask the person to unlock it, and that must not keep the app from appearing.
  let answeredBeforeKey = false;
  const rememberedUnlock = (async () => {
    if (journal.isUnlocked() || !keychain.isRemembered()) return;
    const key = await keychain.recall();
    if (!key) return;
    try {
      await journal.unlockWithDataKey(key);
    } catch (error) {
      log('the remembered key did not open the journal; asking for the passphrase instead', isMutualError(error) ? error.code : error);
    } finally {
      key.fill(0);
    }
    if (journal.isUnlocked()) {
      await followSettings();
      // The page was already told "locked" (the keyring took its time): show it the open journal.
      const current = currentWindow();
      if (answeredBeforeKey && current && !current.isDestroyed()) current.webContents.reload();
    }
  })().catch((error: unknown) => log('trying the remembered key failed', error));
  setTimeout(() => (answeredBeforeKey = true), REMEMBERED_KEY_WAIT_MS).unref();
  const handlers = holdUntil(journal.handlers, ['vault.status'], rememberedUnlock, REMEMBERED_KEY_WAIT_MS);

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

  // Places on the computer reach the journal only as handles from these dialogs (pathGrants.ts).
  const grants = new PathGrants();
  const fileHandlers = fileDialogHandlers(
    {
      // Modal to the app's window when there is one.
      showOpenDialog: (options) => (win && !win.isDestroyed() ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)),
      showSaveDialog: (options) => (win && !win.isDestroyed() ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
    },
    grants,
  );

  const flushes = new FlushRequests();
  const askWindowToFlush = (deadlineMs?: number) =>
    flushes.request((id) => {
      if (!win || win.isDestroyed() || win.webContents.isCrashed()) return false;
      win.webContents.send(FLUSH_REQUEST_CHANNEL, { id });
      return true;
    }, deadlineMs);

  lockDownSession(electronSession.defaultSession, { devTools });
  handleAppProtocol(rendererRoot, (photoId, variant) => journal.openPhoto(photoId, variant));

  const ipc = registerIpc(
    ipcMain,
    handlers,
    {
      isAppWindow: (contents) => appContentsId !== null && contents.id === appContentsId,
      resolveInput: (channel, input, senderId) => grants.resolve(channel, input, senderId),
      onResult: (channel, result) => {
        const minutes = autoLockMinutesFrom(channel, result);
        if (minutes !== null) autoLock.setMinutes(minutes);
        if (result.ok && (unlockingChannels as readonly string[]).includes(channel)) void followSettings();
        if (forgetsRememberedKey(channel, result)) keychain.forget();
      },
      log,
    },
    { ...deviceHandlers, ...fileHandlers, [FLUSH_DONE_CHANNEL]: (input: unknown) => flushes.answer(input) },
  );

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ platform: process.platform, appName: app.name, devTools, send: (command) => send({ name: 'menu', detail: command }) }),
    ),
  );

  const windowIcon = path.join(app.getAppPath(), 'resources', 'icon.png');
  const openWindow = () => {
    const created = createMainWindow({ preload: preloadPath, devTools, userDataDir, ...(process.platform === 'linux' && existsSync(windowIcon) ? { icon: windowIcon } : {}) });
    const contents = created.webContents;
    const contentsId = contents.id;
    win = created;
    appContentsId = contentsId;
    contents.on('before-input-event', (event, input) => {
      const command = shortcutFor(input, process.platform);
      if (!command) return;
      event.preventDefault();
      if (!input.isAutoRepeat) send({ name: 'menu', detail: command });
    });
    // A page loaded again never saw the handles the old one was given.
    contents.on('did-navigate', () => grants.forget(contentsId));
    contents.on('destroyed', () => grants.forget(contentsId));
    contents.on('preload-error', (_event, file, error) => log(`the preload (${file}) failed; the page cannot reach the journal`, error));
    const reloads: number[] = [];
    contents.on('render-process-gone', (_event, details) => {
      log(`the window's page stopped (${details.reason}, exit code ${details.exitCode})`);
      const decision = afterRendererGone(details.reason, { quitting: closing, recentReloads: reloads, now: Date.now() });
      if (decision.action === 'reload') {
        reloads.push(Date.now());
        contents.reload();
      } else if (decision.action === 'explain') {
        void dialog
          .showMessageBox(created, { type: 'error', title: APP_NAME, message: decision.message, buttons: ['Quit Mutual', 'Try again'], defaultId: 0, cancelId: 0 })
          .then(({ response }) => (response === 1 && !created.isDestroyed() ? contents.reload() : app.quit()));
      }
    });
    // Closing the window: the page saves what it holds first (quit.ts).
    created.on('close', flushBeforeClose({ quitting: () => closing, flush: () => askWindowToFlush(), close: () => created.close() }));
    created.on('closed', () => {
      if (win === created) win = null;
    });
  };
  openWindow();

  powerMonitor.on('suspend', () => lockNow('suspend'));
  powerMonitor.on('lock-screen', () => lockNow('lock-screen'));
  autoLock.start();
  reminders.start();

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const notice = secondLaunchNotice({ argv, workingDirectory, openVault: vaultDir });
    if (!win) openWindow();
    else {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    if (notice && win) void dialog.showMessageBox(win, { type: 'info', title: APP_NAME, message: notice, buttons: ['OK'] });
  });
  app.on('activate', () => {
    if (!win) openWindow();
  });
  // Closing the window ends the app on every platform: the journal should not stay open unseen.
  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void quitSequence({
      stopTimers: () => {
        autoLock.stop();
        reminders.stop();
      },
      flushWindow: (deadlineMs) => askWindowToFlush(deadlineMs),
      // A save sent while the window was closing is answered before the journal is closed.
      settled: (deadlineMs) => ipc.settled(deadlineMs),
      closeJournal: () => journal.close(),
      log,
    }).finally(() => app.quit());
  });
}

function main(): void {
  // Before anything else: an installed app never runs with a debugger attached.
  const refusal = refuseToStart({ isPackaged, argv: process.argv });
  if (refusal.refuse) {
    console.error(`[mutual] ${refusal.message}`);
    dialog.showErrorBox('Mutual closed', refusal.message);
    app.exit(1);
    return;
  }
  // Where the person started Mutual, read before the development-only variables are removed.
  const launchCwd = launchDirectory({ isPackaged, env: process.env, cwd: process.cwd() });
  const ignored = scrubEnvironment(process.env, isPackaged);
  if (ignored.length > 0) log(`ignored in an installed app: ${ignored.join(', ')}`);

  // Electron derived userData from package.json's lower-case name before this file ran; use the
  // folder the core's defaultVaultDir() lives in (~/.config/Mutual/journal on Linux) instead.
  app.setName(APP_NAME);
  app.setPath('userData', userDataDirFor({ isPackaged, env: process.env, appData: app.getPath('appData') }));
  // Windows shows notifications only for an app with this id, the one its installer's shortcut carries.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  registerAppScheme();
  app.enableSandbox();
  // Before anything can create a webContents: every one of them gets the guards.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

  if (!app.requestSingleInstanceLock()) {
    // Another Mutual is already running; it brings its window forward ('second-instance') and
    // tells the person there if this launch asked for another journal.
    if (vaultArg(process.argv) !== null) console.error(`[mutual] ${SECOND_LAUNCH_MESSAGE}`);
    app.quit();
    return;
  }
  start(launchCwd).catch((error: unknown) => {
    log('Mutual could not start', error);
    dialog.showErrorBox('Mutual could not start', defaultMessages.INTERNAL);
    app.exit(1);
  });
}

main();
