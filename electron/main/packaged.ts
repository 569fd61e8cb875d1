/**
 * What changes when Mutual runs as an installed app (app.isPackaged) rather than from a checkout.
 * A development run may be debugged, pointed at another database build or another profile; an
 * installed one must not be, because each of those is a way for another program on the computer
 * to read the journal while it is unlocked. The fuses (scripts/fuses.mjs) switch off Node's own
 * doors (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect); the rest is decided here.
 *
 * Pure functions with `isPackaged` passed in, so each rule is tested in plain Node.
 */
import path from 'node:path';

/**
 * Switches that open a debugger on the running app: Node's inspector (--inspect, --inspect-brk,
 * --inspect-port…, which the EnableNodeCliInspectArguments fuse also disables) and Chromium's
 * remote debugging, which no fuse covers.
 */
const DEBUG_SWITCH = /^(inspect(-.*)?|debug(-brk)?|remote-debugging-(port|pipe|address|targets)|remote-allow-origins)$/;

/**
 * The debugging switches among the arguments, as given. Chromium reads `--name`, `-name` and, on
 * Windows, `/name` alike, and stops at `--`; so does this.
 */
export function debuggingSwitches(argv: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  const found: string[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    const prefix = /^(--|-|\/)/.exec(arg)?.[0];
    if (!prefix || (prefix === '/' && platform !== 'win32')) continue;
    const name = arg.slice(prefix.length).split('=', 1)[0]!.toLowerCase();
    if (DEBUG_SWITCH.test(name)) found.push(arg);
  }
  return found;
}

export const DEBUG_REFUSED_MESSAGE =
  'Mutual was started with debugging switches, which would let another program read your journal while it is open, so it closed. Start Mutual without them.';

/** Whether to exit at once: an installed app never runs with a debugger attached. */
export function refuseToStart(options: {
  isPackaged: boolean;
  argv: readonly string[];
  platform?: NodeJS.Platform;
}): { refuse: false } | { refuse: true; message: string } {
  if (!options.isPackaged) return { refuse: false };
  const found = debuggingSwitches(options.argv, options.platform);
  return found.length === 0 ? { refuse: false } : { refuse: true, message: `${DEBUG_REFUSED_MESSAGE} (${found.join(' ')})` };
}

/** Environment variables only a development run may use: the installed app ignores them. */
export const DEVELOPMENT_ONLY_ENV = ['MUTUAL_SQLITE_BINDING', 'MUTUAL_USER_DATA_DIR', 'MUTUAL_LAUNCH_CWD'] as const;

/**
 * Removes the development-only variables from `env` when packaged (in place: the journal worker
 * inherits this process's environment, and the core reads MUTUAL_SQLITE_BINDING there). Returns
 * the names it removed, for the log.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv, isPackaged: boolean): string[] {
  if (!isPackaged) return [];
  const removed: string[] = [];
  for (const name of DEVELOPMENT_ONLY_ENV) {
    if (name in env) {
      delete env[name];
      removed.push(name);
    }
  }
  return removed;
}

/** Electron's profile folder: MUTUAL_USER_DATA_DIR only in development (tests use a fresh one). */
export function userDataDirFor(options: { isPackaged: boolean; env: NodeJS.ProcessEnv; appData: string }): string {
  const override = options.env.MUTUAL_USER_DATA_DIR;
  if (!options.isPackaged && override) return path.resolve(override);
  return path.join(options.appData, 'Mutual');
}

/** DevTools (the window's and the menu item) exist only in development. */
export function devToolsAllowed(isPackaged: boolean): boolean {
  return !isPackaged;
}
