/**
 * The `mutual` command: argv in, exit code out. Everything it touches comes through `io`, so the
 * whole command can run in-process in tests; main.ts binds it to the real process.
 *
 * Exit codes: 0 ok, 1 any other failure, 2 usage, 3 wrong passphrase or recovery code,
 * 4 damaged journal, 130 stopped with Ctrl-C. Failures are one line on stderr, never a stack trace.
 *
 * Each command's module is imported only when that command runs: this file and what it imports
 * stay free of the journal code (SQLite, Argon2, zod, the importers), so `mutual --help` and a
 * mistyped command answer at once. The build (scripts/build-node.mjs) turns each import() into a
 * chunk of its own; tests/unit/cli/startup.test.ts checks that --help loads none of it.
 */
import fs from 'node:fs';
import type { Failure } from './errors';
import { describeOwnFailure, EXIT, UsageError } from './errors';
import type { Io } from './io';

type Command = (args: string[], io: Io) => Promise<number>;

/** `details` is shown only in the command's own help (mutual import --help). */
const commands: Record<string, { load: () => Promise<Command>; usage: string; about: string; details?: string }> = {
  init: { load: () => import('./commands/init').then((m) => m.init), usage: 'mutual init    [--vault DIR]', about: 'create a journal; prints the recovery code once' },
  add: {
    load: () => import('./commands/add').then((m) => m.add),
    usage: 'mutual add     [--vault DIR] [--date YYYY-MM-DD] [--person NAME]... --stdin | --edit | [--given T] [--received T] [--unsaid T] [--note T]',
    about: 'add an entry and print its id; a --person not yet known is added to your people',
    details: `--stdin reads the entry from standard input (mutual add --stdin < entry.txt) and --edit opens
your editor ($VISUAL or $EDITOR) on a blank entry: both keep what you write out of the process list
and your shell's history, which --given, --received, --unsaid and --note cannot, so prefer them.
The text holds the four parts under headings — lines ## Given, ## Received, ## Unsaid and ## Note;
text before the first heading is the Note. With --stdin the passphrase comes from MUTUAL_PASSPHRASE.
With --edit the text sits in a private temporary file only while the editor is open.`,
  },
  list: { load: () => import('./commands/list').then((m) => m.list), usage: 'mutual list    [--vault DIR] [--person NAME] [--json]', about: 'list entries, newest first' },
  show: { load: () => import('./commands/show').then((m) => m.show), usage: 'mutual show    [--vault DIR] [--json] ID', about: 'show one entry' },
  search: {
    load: () => import('./commands/search').then((m) => m.search),
    usage: 'mutual search  [--vault DIR] [--person NAME] [--in given|received|unsaid|note]... [--json] QUERY',
    about: 'search everything written (QUERY may use "a phrase", -word, prefix*, person:, in:, before:, after:)',
  },
  check: { load: () => import('./commands/check').then((m) => m.check), usage: 'mutual check   [--vault DIR]', about: 'exit 0 only if the passphrase opens the journal and it passes every integrity check' },
  passwd: { load: () => import('./commands/passwd').then((m) => m.passwd), usage: 'mutual passwd  [--vault DIR]', about: 'change the passphrase (the new one from MUTUAL_NEW_PASSPHRASE or a prompt)' },
  recover: {
    load: () => import('./commands/recover').then((m) => m.recover),
    usage: 'mutual recover [--vault DIR]',
    about: 'set a new passphrase with the recovery code (MUTUAL_RECOVERY_CODE and MUTUAL_NEW_PASSPHRASE, or prompts)',
  },
  export: {
    load: () => import('./commands/export').then((m) => m.exportCommand),
    usage: 'mutual export  [--vault DIR] --format markdown|json --out PATH [--person NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
    about: 'write the journal, or one person’s entries, or a range of dates, to a folder of Markdown files or to one JSON file; exports are NOT encrypted',
    details: `--format markdown writes a new folder: entries/ with one file per entry (front matter with the
date, people and ids; one heading per section; unsaid items as - [ ] / - [x]) and people/ with
one file per person. --format json writes one file in Mutual's documented, versioned format,
which “mutual import --from json” reads back. --from and --to include the days they name. PATH
must not exist yet (an empty folder is fine); nothing is ever half written. Ctrl-C stops it and
leaves nothing behind.`,
  },
  backup: {
    load: () => import('./commands/backup').then((m) => m.backup),
    usage: 'mutual backup  [--vault DIR] [--out FILE]',
    about: 'write an encrypted backup: one file that opens only with this journal’s passphrase or recovery code',
    details: `--out FILE must be a new file; --out FOLDER puts a new backup named by the time inside it. Without
--out the backup goes to the backup folder set in the app (by default “backups” beside the journal
folder), where only the newest ones are kept, as the app's “Backup now” does. The journal opens in
one place at a time: close or lock the app first (the app also backs up on its own schedule).`,
  },
  restore: {
    load: () => import('./commands/restore').then((m) => m.restore),
    usage: 'mutual restore [--vault DIR] FILE',
    about: 'restore a backup into a new, empty journal folder; it never overwrites a journal',
    details: `The restored journal opens with the passphrase or recovery code of the journal the backup was
made from, as they were when the backup was made. No passphrase is needed to restore. To replace
the journal you use, open the app's Settings → Restore, which keeps the replaced one aside.`,
  },
  import: {
    load: () => import('./commands/import').then((m) => m.importEntries),
    usage: 'mutual import  [--vault DIR] --from dayone|jrnl|markdown|json [--people ask|create|ignore] [--time-format F] [--skip-duplicates] [--keep-undated] PATH',
    about: 'bring in entries from Day One, jrnl, Markdown files or a Mutual export: all or nothing',
    details: `PATH is, for dayone: Day One's JSON export (the .json file, the folder holding it, or the .zip);
for jrnl: its journal file, a folder journal (YYYY/MM/DD.txt), or the file of
“jrnl --export json”; for markdown: a folder of .md files (dated by front matter “date:” or a
file name starting YYYY-MM-DD; Obsidian vaults work; a Mutual Markdown export comes back as it
was) or one file; for json: a file written by “mutual export --format json”.

Before anything is written it says what it found: the entries and their dates, tags, photos,
entries without a usable time zone (dated in UTC), entries that look already imported (the same
date and words), and whatever is changed or left out, with where. Text from other journals
lands in each entry's Note section, its tags at the end (#Travel #绿岛).

Names that look like people — @Name or @"Two Words" in the text, [[Wiki links]], front-matter
people, jrnl's @tags — are found first, then:
  --people ask     (the default on a terminal) asks about each name: match it to the person of
                   that name already in your journal, create a new person, or skip it; then
                   which tags, if any, are people.
  --people ignore  (the default without a terminal) links names of people already in your
                   journal and leaves the others as they were written.
  --people create  links names of people already in your journal and adds the others as new
                   people.
Tags stay tags unless you name them as people when asked.
A Mutual JSON export brings its own people, so --people does not apply to it.

  --time-format F    jrnl: the format its config's timeformat gives, when the journal uses an
                     unusual one (as in "%d.%m.%Y %H:%M"); common formats are found on their own
  --keep-undated     jrnl: import although some lines that start like an entry cannot be dated
                     (they are listed first; they stay text of the entry above them). On a
                     terminal you are asked instead.
  --skip-duplicates  leave out entries that look already imported

The import is one transaction: if anything in PATH is malformed (the message names the file and
the entry or line), or you press Ctrl-C, nothing is imported and the journal is exactly as it was.
On a terminal a progress bar shows the count; the last line says what was imported.`,
  },
  sync: {
    load: () => import('./commands/sync').then((m) => m.sync),
    usage: 'mutual sync    [setup --folder F | join --folder F | status [--json] | stop] [--vault DIR]',
    about: 'keep this journal in step with your other computers through a folder your own sync app copies (Syncthing, Dropbox, iCloud Drive, a USB stick…)',
    details: `Mutual never talks to a server: your sync app copies the folder, and everything Mutual writes
there is encrypted with your journal's key.

  mutual sync setup --folder F  turns sync on for this journal. F must be empty or new; Mutual
                                writes the journal's key file and all of its entries there.
  mutual sync join --folder F   on another computer, once your sync app has copied F there:
                                builds a complete journal from F in --vault DIR, which must not
                                hold a journal yet. It opens with the journal's passphrase
                                (MUTUAL_PASSPHRASE or a prompt) or, when MUTUAL_RECOVERY_CODE is
                                set, its recovery code. A join that is stopped part-way leaves a
                                journal that is simply behind: “mutual sync” carries on.
  mutual sync                   one round: writes this computer's changes to F and applies the
                                other computers'. Files your sync app is still copying are left
                                for a later round and the command still succeeds; files that
                                cannot be read (another journal's, damaged) are warned about.
  mutual sync status [--json]   the folder, this computer's id, the last sync, changes waiting
                                to be sent, the other computers, problems and notices.
  mutual sync stop              stops syncing on this computer; the folder and your other
                                computers are left as they are.

F is taken from the working folder when it is relative. The journal opens in one place at a time:
close or lock the app first (while it has the journal open, the app syncs on its own).`,
  },
};

const ENVIRONMENT = `Environment:
  MUTUAL_PASSPHRASE      the passphrase (otherwise asked on the terminal, without echo)
  MUTUAL_NEW_PASSPHRASE  the new passphrase for passwd and recover
  MUTUAL_RECOVERY_CODE   the recovery code for recover, and for sync join (used instead of
                         the passphrase when set)
  MUTUAL_VAULT           the journal folder when --vault is not given
                         (default: the folder the desktop app uses)

Exit codes: 0 ok, 1 other error, 2 usage, 3 wrong passphrase or recovery code, 4 damaged journal,
130 stopped with Ctrl-C (nothing changed).`;

export function helpText(command?: string): string {
  const one = command ? commands[command] : undefined;
  if (one) return `Usage: ${one.usage}\n\n  ${one.about}\n\n${one.details ? `${one.details}\n\n` : ''}${ENVIRONMENT}\n`;
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.about}`);
  return `Mutual, a private journal for the give and take in your relationships.\n\nUsage:\n${lines.join('\n')}\n\n${ENVIRONMENT}\n`;
}

function version(): string {
  try {
    // electron/cli/run.ts and its build, out/node/cli.js, are both two folders below package.json.
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
    const runCommand = await command.load();
    return await runCommand(rest, io);
  } catch (error) {
    const { exitCode, message } = await describe(error);
    io.stderr.write(`mutual: ${message}\n`);
    return exitCode;
  }
}

async function describe(error: unknown): Promise<Failure> {
  const own = describeOwnFailure(error);
  if (own) return own;
  try {
    return (await import('./failure')).describeFailure(error);
  } catch {
    return { exitCode: EXIT.other, message: 'Something went wrong inside Mutual. Your journal was not changed by this failure; try again.' };
  }
}
