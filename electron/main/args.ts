/**
 * Which journal folder the app opens: `--vault DIR` (or `--vault=DIR`) on the command line, then
 * MUTUAL_VAULT_DIR, otherwise the core's default folder. The same flag as `npm run dev:web`.
 *
 * A relative folder means relative to where the person was when they started Mutual — not to
 * wherever the app's own process happens to run: `npm start` runs Electron from the project
 * folder, and an AppImage from its mount point. launchDirectory says where that was.
 */
import path from 'node:path';

/** The `--vault` value as given (not resolved), or null. */
export function vaultArg(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--vault' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) return argv[i + 1]!;
    if (arg.startsWith('--vault=') && arg.length > '--vault='.length) return arg.slice('--vault='.length);
  }
  return null;
}

export function vaultDirFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string | null {
  const given = vaultArg(argv) ?? (env.MUTUAL_VAULT_DIR || null);
  return given === null ? null : path.resolve(cwd, given);
}

/**
 * Where the person started Mutual: `npm start` passes npm's INIT_CWD on as MUTUAL_LAUNCH_CWD
 * (development only: an installed app ignores it, packaged.ts); an AppImage's runtime keeps it
 * in OWD; otherwise it is this process's own working directory.
 */
export function launchDirectory(options: { isPackaged: boolean; env: NodeJS.ProcessEnv; cwd: string }): string {
  if (!options.isPackaged && options.env.MUTUAL_LAUNCH_CWD) return options.env.MUTUAL_LAUNCH_CWD;
  if (options.env.APPIMAGE && options.env.OWD) return options.env.OWD;
  return options.cwd;
}

/**
 * What to tell the person when Mutual was started again while already open: one app opens one
 * journal (the single-instance lock), so another `--vault` is not opened; say so instead of
 * silently bringing the old window forward. Null when there is nothing to say.
 */
export function secondLaunchNotice(options: { argv: readonly string[]; workingDirectory: string; openVault: string }): string | null {
  const given = vaultArg(options.argv);
  if (given === null) return null;
  const asked = path.resolve(options.workingDirectory, given);
  if (path.resolve(options.openVault) === asked) return null;
  return `Mutual is already open on the journal in ${options.openVault}, and opens one journal at a time, so ${asked} was not opened. To open it, quit Mutual, then start it again with --vault ${asked}.`;
}

/** What the second launch itself prints before it hands over and quits. */
export const SECOND_LAUNCH_MESSAGE = 'Mutual is already running; its window was brought forward. A --vault given here is ignored: quit Mutual first to open another journal.';
