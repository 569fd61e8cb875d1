/**
 * The `mutual` command in-process: argument handling, where secrets and the journal folder come
 * from, the hidden prompt, and how failures become exit codes. mutual.test.ts runs the real
 * process end to end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../electron/cli/errors';
import { describeFailure } from '../../../electron/cli/failure';
import { run } from '../../../electron/cli/run';
import { MutualError } from '../../../electron/shared/result';
import type { FakeIo, FakeIoOptions } from './support';
import { fakeIo as makeFakeIo } from './support';

let tmp: string;

/** A fake terminal (or pipe) whose HOME is this file's temporary folder; see support.ts. */
function fakeIo(options: Omit<FakeIoOptions, 'home'> = {}): FakeIo {
  return makeFakeIo({ home: tmp, ...options });
}

function expectUsage(io: FakeIo, code: number, fragment: string | RegExp): void {
  expect(code).toBe(2);
  expect(io.stdout.text).toBe('');
  const lines = io.stderr.text.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mutual: /);
  expect(lines[0]).toMatch(fragment);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-run-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('help', () => {
  it('lists every command and the variables it reads', async () => {
    const io = fakeIo();
    expect(await run(['--help'], io)).toBe(0);
    for (const command of ['init', 'add', 'list', 'show', 'search', 'check', 'passwd', 'recover', 'export', 'backup', 'restore', 'import']) expect(io.stdout.text).toContain(`mutual ${command}`);
    for (const variable of ['MUTUAL_PASSPHRASE', 'MUTUAL_NEW_PASSPHRASE', 'MUTUAL_RECOVERY_CODE', 'MUTUAL_VAULT']) expect(io.stdout.text).toContain(variable);
    expect(io.stderr.text).toBe('');
  });

  it('explains one command, with --help or through help', async () => {
    const a = fakeIo();
    expect(await run(['search', '--help'], a)).toBe(0);
    expect(a.stdout.text).toContain('--in given|received|unsaid|note');
    expect(a.stdout.text).not.toContain('mutual passwd');
    const b = fakeIo();
    expect(await run(['help', 'search'], b)).toBe(0);
    expect(b.stdout.text).toBe(a.stdout.text);
  });

  it('prints the version', async () => {
    const io = fakeIo();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.stdout.text).toMatch(/^mutual \d+\.\d+\.\d+\n$/);
  });
});

describe('usage errors exit 2 with one line and touch nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /Which command/],
    ['an unknown command', ['frobnicate'], /no command “frobnicate”/],
    ['help for an unknown command', ['help', 'frobnicate'], /no command “frobnicate”/],
    ['an unknown option', ['list', '--frob'], /no option --frob/],
    ['a missing option value', ['add', '--given'], /--given needs a value/],
    ['a value that looks like an option', ['add', '--given', '-x'], /--given=VALUE/],
    ['a flag given a value', ['list', '--json=yes'], /--json does not take a value/],
    ['show without an id', ['show'], /needs the id of an entry/],
    ['an extra argument', ['check', 'now'], /does not take “now”/],
    ['add with no text', ['add', '--person', 'Ana'], /Nothing to add/],
    ['an impossible date', ['add', '--date', '2025-02-30', '--note', 'x'], /--date 2025-02-30: that is not a real date/],
    ['a date in another format', ['add', '--date', '14/03/2025', '--note', 'x'], /a date looks like/],
    ['an empty person name', ['add', '--person', ' ', '--note', 'x'], /--person/],
    ['an unknown section', ['search', '--in', 'elsewhere', 'x'], /choose one of given, received, unsaid, note/],
    ['search with nothing to look for', ['search'], /needs something to search for/],
    ['an empty --vault', ['list', '--vault', ''], /--vault needs a folder/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const vault = path.join(tmp, 'untouched');
      const io = fakeIo({ env: { MUTUAL_VAULT: vault, MUTUAL_PASSPHRASE: 'does not matter here' } });
      expectUsage(io, await run(argv, io), message);
      expect(fs.existsSync(vault)).toBe(false);
    });
  }

  it('a search query starting with a dash is explained', async () => {
    const io = fakeIo();
    expectUsage(io, await run(['search', '-coffee'], io), /put the query after --/);
  });
});

describe('where the journal is', () => {
  it('--vault wins over MUTUAL_VAULT, and a relative folder is taken from the working folder', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: path.join(tmp, 'from-env'), MUTUAL_PASSPHRASE: 'x' }, cwd: path.join(tmp, 'here') });
    expect(await run(['list', '--vault', 'mine'], io)).toBe(1);
    expect(io.stderr.text).toContain(`No journal was found in ${path.join(tmp, 'here', 'mine')}.`);
    expect(io.stderr.text).toContain('mutual init');
  });

  it('MUTUAL_VAULT is used without --vault', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: path.join(tmp, 'from-env'), MUTUAL_PASSPHRASE: 'x' } });
    expect(await run(['list'], io)).toBe(1);
    expect(io.stderr.text).toContain(`No journal was found in ${path.join(tmp, 'from-env')}.`);
  });

  it('otherwise it is the desktop app’s folder', async () => {
    const io = fakeIo({ env: { MUTUAL_PASSPHRASE: 'x' } });
    expect(await run(['check'], io)).toBe(1);
    if (process.platform === 'linux') expect(io.stderr.text).toContain(path.join(tmp, 'config', 'Mutual', 'journal'));
  });

  it('no passphrase is asked for when there is no journal to open', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: path.join(tmp, 'nothing') }, answers: ['never typed'] });
    expect(await run(['list'], io)).toBe(1);
    expect(io.stderr.text).not.toContain('Passphrase:');
  });

  it('a journal file without its key file is reported as damaged (exit 4)', async () => {
    const dir = path.join(tmp, 'keyless');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'journal.db'), 'not really');
    const io = fakeIo({ env: { MUTUAL_VAULT: dir, MUTUAL_PASSPHRASE: 'x' } });
    expect(await run(['check'], io)).toBe(4);
    expect(io.stderr.text).toMatch(/^mutual: The key file \(journal.key\) is missing/);
  });
});

describe('secrets without a terminal', () => {
  it('a missing MUTUAL_PASSPHRASE is a usage error that names the variable', async () => {
    const vault = path.join(tmp, 'not-created');
    const io = fakeIo({ env: { MUTUAL_VAULT: vault } });
    expectUsage(io, await run(['init'], io), /set MUTUAL_PASSPHRASE/);
    expect(fs.existsSync(vault)).toBe(false);
  });

  it('a new passphrase shorter than the minimum is refused before anything is created', async () => {
    const vault = path.join(tmp, 'short');
    const io = fakeIo({ env: { MUTUAL_VAULT: vault, MUTUAL_PASSPHRASE: 'too short' } });
    expect(await run(['init'], io)).toBe(1);
    expect(io.stderr.text).toBe('mutual: A passphrase needs at least 10 characters. Set MUTUAL_PASSPHRASE to a longer one; nothing was changed.\n');
    expect(fs.existsSync(vault)).toBe(false);
  });
});

describe('on a terminal', () => {
  const PASSPHRASE = 'typed at a hidden prompt';
  let vault: string;

  beforeAll(() => {
    vault = path.join(tmp, 'prompted');
  });

  it('init asks twice without echo and prints the recovery code', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault }, answers: ['short', PASSPHRASE, 'a different one', PASSPHRASE, PASSPHRASE] });
    expect(await run(['init'], io)).toBe(0);
    expect(io.stderr.text).toContain('New passphrase: ');
    expect(io.stderr.text).toContain('A passphrase needs at least 10 characters.');
    expect(io.stderr.text).toContain('The two did not match.');
    expect(io.stderr.text + io.stdout.text).not.toContain(PASSPHRASE);
    expect(io.stdout.text).toMatch(/Recovery code: [0-9A-Z]{4}(-[0-9A-Z]{4}){7}\n/);
  });

  it('init refuses a folder that already holds a journal, before asking anything', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault }, answers: [PASSPHRASE, PASSPHRASE] });
    expect(await run(['init'], io)).toBe(1);
    expect(io.stderr.text).toBe(`mutual: A journal already exists in ${vault}; Mutual will not overwrite it.\n`);
  });

  it('the passphrase is asked for and the commands work', async () => {
    const added = fakeIo({ env: { MUTUAL_VAULT: vault }, answers: [PASSPHRASE] });
    expect(await run(['add', '--date', '2025-05-01', '--person', 'Sam', '--given', 'Cooked dinner for Sam', '--note', 'A long day\nbut a good one'], added)).toBe(0);
    expect(added.stderr.text).toBe('Passphrase: \nAdded Sam to your people.\n');
    const id = added.stdout.text.trim();

    const shown = fakeIo({ env: { MUTUAL_VAULT: vault }, answers: [PASSPHRASE] });
    expect(await run(['show', id], shown)).toBe(0);
    expect(shown.stdout.text).toBe(`2025-05-01  Sam\nid ${id}\n\nGiven\n  Cooked dinner for Sam\n\nNote\n  A long day\n  but a good one\n`);
  });

  it('search shows matches in bold only when stdout is a colour terminal', async () => {
    const env = { MUTUAL_VAULT: vault, MUTUAL_PASSPHRASE: PASSPHRASE };
    const tty = fakeIo({ env, stdoutTTY: true });
    expect(await run(['search', 'dinner'], tty)).toBe(0);
    expect(tty.stdout.text).toContain('\u001b[1mdinner\u001b[22m');
    expect(tty.stdout.text).toContain('Sam  Given');

    const piped = fakeIo({ env });
    expect(await run(['search', 'dinner'], piped)).toBe(0);
    expect(piped.stdout.text).not.toContain('\u001b');
    expect(piped.stdout.text).toContain('Cooked dinner for Sam');

    const noColor = fakeIo({ env: { ...env, NO_COLOR: '1' }, stdoutTTY: true });
    expect(await run(['search', 'dinner'], noColor)).toBe(0);
    expect(noColor.stdout.text).not.toContain('\u001b');
  });

  it('--person naming no one is an error, not an empty list', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault, MUTUAL_PASSPHRASE: PASSPHRASE } });
    expect(await run(['list', '--person', 'Nobody'], io)).toBe(1);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toMatch(/^mutual: No one called “Nobody” is among your people\./);
  });

  it('show with an unknown id exits 1', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault, MUTUAL_PASSPHRASE: PASSPHRASE } });
    expect(await run(['show', 'no-such-id'], io)).toBe(1);
    expect(io.stderr.text).toBe('mutual: No entry has the id no-such-id.\n');
  });

  it('passwd without a terminal needs MUTUAL_NEW_PASSPHRASE and says so before unlocking', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault, MUTUAL_PASSPHRASE: 'wrong, but never tried' } });
    expectUsage(io, await run(['passwd'], io), /set MUTUAL_NEW_PASSPHRASE/);
  });

  it('recover refuses something that cannot be a recovery code before asking for a passphrase', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault }, answers: ['not a code'] });
    expect(await run(['recover'], io)).toBe(3);
    expect(io.stderr.text).toContain('Recovery code: ');
    expect(io.stderr.text).not.toContain('New passphrase');
    expect(io.stderr.text).toMatch(/mutual: That recovery code does not open this journal/);
  });

  it('stopping at the prompt (Ctrl-D) changes nothing and exits 1', async () => {
    const io = fakeIo({ env: { MUTUAL_VAULT: vault }, answers: [] });
    const done = run(['check'], io);
    setImmediate(() => io.stdin.end());
    expect(await done).toBe(1);
    expect(io.stderr.text).toMatch(/mutual: No answer was typed/);
  });
});

describe('exit codes', () => {
  it('maps error codes to the documented exit codes', () => {
    expect(exitCodeFor('WRONG_PASSPHRASE')).toBe(3);
    expect(exitCodeFor('WRONG_RECOVERY_CODE')).toBe(3);
    expect(exitCodeFor('VAULT_DAMAGED')).toBe(4);
    expect(exitCodeFor('VAULT_IN_USE')).toBe(1);
    expect(exitCodeFor('VAULT_FROM_NEWER_VERSION')).toBe(1);
  });

  it('turns SQLite and unexpected errors into one line without internals', () => {
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    expect(describeFailure(corrupt).exitCode).toBe(4);
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(describeFailure(busy)).toMatchObject({ exitCode: 1, message: expect.stringMatching(/open in another/) });
    const unexpected = describeFailure(new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere (file.ts:1:1)"));
    expect(unexpected.exitCode).toBe(1);
    expect(unexpected.message).not.toMatch(/undefined|file\.ts|\n/);
    expect(describeFailure(new MutualError('BAD_INPUT', 'two\nlines')).message).toBe('two lines');
  });
});
