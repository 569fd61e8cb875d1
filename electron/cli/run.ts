/**
 * The `mutual` command: argv in, exit code out. Everything it touches comes through `io`, so the
 * whole command can run in-process in tests; main.ts binds it to the real process.
 *
 * Exit codes: 0 ok, 1 any other failure, 2 usage, 3 wrong passphrase or recovery code,
 * 4 damaged journal. Failures are one line on stderr, never a stack trace.
 */
import fs from 'node:fs';
import { add } from './commands/add';
import { check } from './commands/check';
import { init } from './commands/init';
import { list } from './commands/list';
import { passwd } from './commands/passwd';
import { recover } from './commands/recover';
import { search } from './commands/search';
import { show } from './commands/show';
import { describeFailure, EXIT, UsageError } from './errors';
import type { Io } from './io';

type Command = (args: string[], io: Io) => Promise<number>;

const commands: Record<string, { run: Command; usage: string; about: string }> = {
  init: { run: init, usage: 'mutual init    [--vault DIR]', about: 'create a journal; prints the recovery code once' },
  add: {
    run: add,
    usage: 'mutual add     [--vault DIR] [--date YYYY-MM-DD] [--person NAME]... [--given T] [--received T] [--unsaid T] [--note T]',
    about: 'add an entry and print its id; a --person not yet known is added to your people',
  },
  list: { run: list, usage: 'mutual list    [--vault DIR] [--person NAME] [--json]', about: 'list entries, newest first' },
  show: { run: show, usage: 'mutual show    [--vault DIR] [--json] ID', about: 'show one entry' },
  search: {
    run: search,
    usage: 'mutual search  [--vault DIR] [--person NAME] [--in given|received|unsaid|note]... [--json] QUERY',
    about: 'search everything written (QUERY may use "a phrase", -word, prefix*, person:, in:, before:, after:)',
  },
  check: { run: check, usage: 'mutual check   [--vault DIR]', about: 'exit 0 only if the passphrase opens the journal and it passes every integrity check' },
  passwd: { run: passwd, usage: 'mutual passwd  [--vault DIR]', about: 'change the passphrase (the new one from MUTUAL_NEW_PASSPHRASE or a prompt)' },
  recover: {
    run: recover,
    usage: 'mutual recover [--vault DIR]',
    about: 'set a new passphrase with the recovery code (MUTUAL_RECOVERY_CODE and MUTUAL_NEW_PASSPHRASE, or prompts)',
  },
};

const ENVIRONMENT = `Environment:
  MUTUAL_PASSPHRASE      the passphrase (otherwise asked on the terminal, without echo)
  MUTUAL_NEW_PASSPHRASE  the new passphrase for passwd and recover
  MUTUAL_RECOVERY_CODE   the recovery code for recover
  MUTUAL_VAULT           the journal folder when --vault is not given
                         (default: the folder the desktop app uses)

Exit codes: 0 ok, 1 other error, 2 usage, 3 wrong passphrase or recovery code, 4 damaged journal.`;

export function helpText(command?: string): string {
  const one = command ? commands[command] : undefined;
  if (one) return `Usage: ${one.usage}\n\n  ${one.about}\n\n${ENVIRONMENT}\n`;
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.about}`);
  return `Mutual, a private journal for the give and take in your relationships.\n\nUsage:\n${lines.join('\n')}\n\n${ENVIRONMENT}\n`;
}

function version(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** --help anywhere before a `--` asks for help instead of running the command. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) throw new UsageError('Which command? Run “mutual --help” to see them all.');
    if (name === '--help' || name === '-h' || name === 'help') {
      const topic = rest[0];
      if (topic !== undefined && !commands[topic]) throw new UsageError(`There is no command “${topic}”. Run “mutual --help” to see them all.`);
      io.stdout.write(helpText(topic));
      return EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`mutual ${version()}\n`);
      return EXIT.ok;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) throw new UsageError(`There is no command “${name}”. Run “mutual --help” to see them all.`);
    if (wantsHelp(rest)) {
      io.stdout.write(helpText(name));
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    const { exitCode, message } = describeFailure(error);
    io.stderr.write(`mutual: ${message}\n`);
    return exitCode;
  }
}
