/**
 * Which journal folder the app opens: `--vault DIR` (or `--vault=DIR`) on the command line, then
 * MUTUAL_VAULT_DIR, otherwise the core's default folder. The same flag as `npm run dev:web`.
 */
import path from 'node:path';

export function vaultDirFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--vault' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) return path.resolve(argv[i + 1]!);
    if (arg.startsWith('--vault=') && arg.length > '--vault='.length) return path.resolve(arg.slice('--vault='.length));
  }
  return env.MUTUAL_VAULT_DIR ? path.resolve(env.MUTUAL_VAULT_DIR) : null;
}
