/**
 * How fast the `mutual` command answers, as a person runs it: a new process each time, the built
 * command (bin/mutual.js → out/node), wall time from spawn to exit, the median of `runs` runs, with
 * Node's own start (`node -e 0`) measured in the same run for the ratios the goals are set in:
 *   cli_help_ms    mutual --help                  goal ≤ 3 × node_start_ms
 *   cli_add_ms     mutual add --note …  (Argon2id included)   goal ≤ 450 ms and ≤ 6 × node_start_ms
 *   cli_search_ms  mutual search WORD   (Argon2id included)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface CliFigures {
  node_start_ms: number;
  cli_help_ms: number;
  cli_add_ms: number;
  cli_search_ms: number;
}

const bin = path.resolve(import.meta.dirname, '../../bin/mutual.js');

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function wall(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  return ms;
}

export function measureCli(options: { vaultDir: string; passphrase: string; word: string; runs?: number }): CliFigures {
  const runs = Math.max(5, options.runs ?? 7);
  const env = { ...process.env, MUTUAL_PASSPHRASE: options.passphrase, MUTUAL_VAULT: options.vaultDir };
  const series = (args: string[]) => median(Array.from({ length: runs }, () => wall(args, env)));
  // Interleaved warm-up: the first start of anything reads files from disk.
  wall(['-e', '0'], env);
  wall([bin, '--help'], env);
  return {
    node_start_ms: series(['-e', '0']),
    cli_help_ms: series([bin, '--help']),
    cli_add_ms: series([bin, 'add', '--note', `A quick line from the benchmark about ${options.word}`]),
    cli_search_ms: series([bin, 'search', options.word]),
  };
}
