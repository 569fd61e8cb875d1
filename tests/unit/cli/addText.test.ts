/**
 * `mutual add --stdin` and `--edit`: an entry written without its words ever being arguments (no
 * journal text in `ps` or the shell's history). The text holds the four parts under ## headings;
 * the editor's file is private while it is open and gone (overwritten first) afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sectionsFromText } from '../../../electron/cli/entryText';
import { run } from '../../../electron/cli/run';
import { listEntryTexts } from '../../../electron/core/services/entries';
import { Vault } from '../../../electron/core/vault/vault';
import type { FakeIo, FakeIoOptions } from './support';
import { createJournal, fakeIo as makeFakeIo } from './support';

const PASS = 'entries from a pipe or an editor';
let tmp: string;
let n = 0;

function fakeIo(options: Omit<FakeIoOptions, 'home'> = {}): FakeIo {
  return makeFakeIo({ home: tmp, ...options, env: { MUTUAL_PASSPHRASE: PASS, ...options.env } });
}

async function journal(): Promise<string> {
  const dir = path.join(tmp, `journal-${n++}`);
  await createJournal(dir, PASS);
  return dir;
}

async function texts(dir: string) {
  const vault = await Vault.unlock(dir, PASS);
  try {
    return listEntryTexts(vault.db);
  } finally {
    vault.lock();
  }
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-add-text-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the text of an entry', () => {
  it('is read part by part under its headings; text before them is the Note, comments are left out', () => {
    expect(sectionsFromText('A quiet evening.\n\n## Given\nSoup for Ana 🍲\n\n### received:\nA letter\r\n## UNSAID\nThank you\n<!-- not this -->\n')).toEqual({
      note: 'A quiet evening.',
      given: 'Soup for Ana 🍲',
      received: 'A letter',
      unsaid: 'Thank you',
    });
    expect(sectionsFromText('## Note\n\n## Given\n   \n')).toEqual({});
    // A heading that is not a part is text.
    expect(sectionsFromText('## Gifts\nflowers')).toEqual({ note: '## Gifts\nflowers' });
  });
});

describe('mutual add --stdin', () => {
  it('adds the entry from standard input, with its people', async () => {
    const dir = await journal();
    const io = fakeIo();
    io.stdin.end('## Given\nMade Ana coffee before her exam\n## Unsaid\n我想谢谢她\n');
    expect(await run(['add', '--stdin', '--person', 'Ana', '--date', '2026-03-14', '--vault', dir], io)).toBe(0);
    expect(io.stdout.text).toMatch(/^[0-9a-f-]{36}\n$/);
    const [entry] = await texts(dir);
    expect(entry).toMatchObject({ date: '2026-03-14', given: 'Made Ana coffee before her exam', unsaid: '我想谢谢她', received: '', note: '' });
  });

  it('refuses an empty input, a terminal, and text given both ways, adding nothing', async () => {
    const dir = await journal();
    const empty = fakeIo();
    empty.stdin.end('<!-- nothing -->\n## Given\n\n');
    expect(await run(['add', '--stdin', '--vault', dir], empty)).toBe(2);
    expect(empty.stderr.text).toMatch(/standard input held no text/);
    const terminal = fakeIo({ answers: [] });
    expect(await run(['add', '--stdin', '--vault', dir], terminal)).toBe(2);
    expect(terminal.stderr.text).toMatch(/--edit/);
    const both = fakeIo();
    both.stdin.end('x');
    expect(await run(['add', '--stdin', '--note', 'y', '--vault', dir], both)).toBe(2);
    expect(both.stderr.text).toMatch(/not both/);
    expect(await texts(dir)).toEqual([]);
  });
});

describe('mutual add --edit', () => {
  /** An "editor" that checks the file's privacy, writes the entry into it, and says where it was. */
  function editor(body: string): { command: string; seen: string } {
    const seen = path.join(tmp, `seen-${n++}.txt`);
    const script = path.join(tmp, `editor-${n++}.sh`);
    const bodyFile = path.join(tmp, `body-${n++}.txt`);
    fs.writeFileSync(bodyFile, body);
    fs.writeFileSync(
      script,
      `#!/bin/sh\nset -e\nprintf '%s %s %s\\n' "$1" "$(stat -c %a "$1")" "$(stat -c %a "$(dirname "$1")")" > ${JSON.stringify(seen)}\ncat ${JSON.stringify(bodyFile)} >> "$1"\n`,
      { mode: 0o700 },
    );
    return { command: script, seen };
  }

  it('opens $EDITOR on a private file, adds what was written, and removes the file', async () => {
    const dir = await journal();
    const { command, seen } = editor('## Received\nA long walk with Sam\n');
    const io = fakeIo({ env: { EDITOR: command } });
    expect(await run(['add', '--edit', '--vault', dir], io)).toBe(0);
    const [file, fileMode, dirMode] = fs.readFileSync(seen, 'utf8').trim().split(' ');
    expect([fileMode, dirMode]).toEqual(['600', '700']);
    expect(fs.existsSync(file!)).toBe(false);
    expect(fs.existsSync(path.dirname(file!))).toBe(false);
    const [entry] = await texts(dir);
    // The template's headings and explanation are not part of the entry.
    expect(entry).toMatchObject({ received: 'A long walk with Sam', given: '', unsaid: '', note: '' });
  });

  it('adds nothing when the editor is closed with nothing written, or fails', async () => {
    const dir = await journal();
    const nothing = fakeIo({ env: { EDITOR: 'true' } });
    expect(await run(['add', '--edit', '--vault', dir], nothing)).toBe(1);
    expect(nothing.stderr.text).toBe('Nothing added: the entry was empty.\n');
    const failing = fakeIo({ env: { EDITOR: 'false' } });
    expect(await run(['add', '--edit', '--vault', dir], failing)).toBe(2);
    expect(failing.stderr.text).toMatch(/stopped with an error/);
    expect(await texts(dir)).toEqual([]);
  });
});
