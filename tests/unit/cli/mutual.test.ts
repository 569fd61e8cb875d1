/**
 * The real `mutual` command, run as a child process the way a person (or a script) runs it:
 * environment variables for secrets, stdin not a terminal, exit codes and stderr as the contract.
 * One journal is carried through the whole story, so the tests run in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from './support';
import { expectOneLineError, mutual as runMutual } from './support';

const FIRST = 'first passphrase, long enough';
const SECOND = 'second passphrase, also long';
const THIRD = 'third passphrase after recovery';

let tmp: string;
let vault: string;

/** The real command, with MUTUAL_VAULT pointing at this story's journal unless `env` says otherwise. */
function mutual(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return runMutual(tmp, args, { MUTUAL_VAULT: vault, ...env });
}

let recoveryCode = '';
let coffeeId = '';
let letterId = '';

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-cli-'));
  vault = path.join(tmp, 'journal');
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mutual, end to end', () => {
  it('init creates the journal and prints the recovery code once, with why it matters', async () => {
    const out = await mutual(['init'], { MUTUAL_PASSPHRASE: FIRST });
    expect(out.code).toBe(0);
    const match = /Recovery code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/.exec(out.stdout);
    expect(match).not.toBeNull();
    recoveryCode = match![1]!;
    expect(out.stdout).toMatch(/only way back/);
    expect(fs.existsSync(path.join(vault, 'journal.key'))).toBe(true);
    expect(fs.existsSync(path.join(vault, 'journal.db'))).toBe(true);
  });

  it('add prints the new id and adds a --person not yet known', async () => {
    const first = await mutual(
      ['add', '--date', '2025-03-14', '--person', 'Ana', '--person', 'Élodie', '--given', 'Made Ana coffee before her exam', '--unsaid', 'Thank you for the walk'],
      { MUTUAL_PASSPHRASE: FIRST },
    );
    expect(first.code).toBe(0);
    coffeeId = first.stdout.trim();
    expect(coffeeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.stderr).toContain('Added Ana to your people.');
    expect(first.stderr).toContain('Added Élodie to your people.');

    // With --vault this time, and with the person named in another case.
    const second = await mutual(['add', '--vault', vault, '--date', '2025-04-02', '--person', 'ana', '--received', 'Ana wrote me a kind letter 🌷'], { MUTUAL_PASSPHRASE: FIRST });
    expect(second.code).toBe(0);
    letterId = second.stdout.trim();
    expect(letterId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.stderr).toBe('');
  });

  it('list --json gives every entry as plain text, newest first, and filters by person', async () => {
    const all = await mutual(['list', '--json'], { MUTUAL_PASSPHRASE: FIRST });
    expect(all.code).toBe(0);
    const entries = JSON.parse(all.stdout) as Record<string, unknown>[];
    expect(entries.map((e) => e.id)).toEqual([letterId, coffeeId]);
    expect(entries[1]).toEqual({
      id: coffeeId,
      date: '2025-03-14',
      people: ['Ana', 'Élodie'],
      given: 'Made Ana coffee before her exam',
      received: '',
      unsaid: 'Thank you for the walk',
      note: 'Élodie',
    });
    expect(entries[0]).toMatchObject({ people: ['Ana'], received: 'Ana wrote me a kind letter 🌷' });

    const elodie = await mutual(['list', '--json', '--person', 'élodie'], { MUTUAL_PASSPHRASE: FIRST });
    expect((JSON.parse(elodie.stdout) as { id: string }[]).map((e) => e.id)).toEqual([coffeeId]);
  });

  it('show --json gives one entry', async () => {
    const out = await mutual(['show', '--json', letterId], { MUTUAL_PASSPHRASE: FIRST });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ id: letterId, date: '2025-04-02', people: ['Ana'], given: '', received: 'Ana wrote me a kind letter 🌷', unsaid: '', note: '' });
  });

  it('search --json honours --in and --person and returns plain-string snippets', async () => {
    const out = await mutual(['search', '--json', '--in', 'received', '--person', 'Ana', 'kind'], { MUTUAL_PASSPHRASE: FIRST });
    expect(out.code).toBe(0);
    const hits = JSON.parse(out.stdout) as unknown[];
    expect(hits).toEqual([{ id: letterId, date: '2025-04-02', people: ['Ana'], section: 'received', snippet: 'Ana wrote me a kind letter 🌷' }]);

    // "coffee" is only in Given, so restricting to Received finds nothing.
    const none = await mutual(['search', '--json', '--in', 'received', 'coffee'], { MUTUAL_PASSPHRASE: FIRST });
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);

    const unknown = await mutual(['search', '--person', 'Nobody', 'coffee'], { MUTUAL_PASSPHRASE: FIRST });
    expect(unknown.code).toBe(1);
    expectOneLineError(unknown);
    expect(unknown.stderr).toContain('Nobody');
  });

  it('check exits 0 when the passphrase opens the journal and it is sound', async () => {
    const out = await mutual(['check'], { MUTUAL_PASSPHRASE: FIRST });
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
  });

  it('a wrong passphrase exits 3 with one line on stderr and prints nothing', async () => {
    const out = await mutual(['list', '--json'], { MUTUAL_PASSPHRASE: 'not the passphrase at all' });
    expect(out.code).toBe(3);
    expect(out.stdout).toBe('');
    expectOneLineError(out);
    expect(out.stderr).toMatch(/passphrase/i);
  });

  it('a usage error exits 2 with one line on stderr', async () => {
    const out = await mutual(['list', '--frobnicate'], { MUTUAL_PASSPHRASE: FIRST });
    expect(out.code).toBe(2);
    expectOneLineError(out);
    expect(out.stderr).toContain('--frobnicate');
  });

  it('passwd: afterwards the old passphrase fails and the new one works', async () => {
    const changed = await mutual(['passwd'], { MUTUAL_PASSPHRASE: FIRST, MUTUAL_NEW_PASSPHRASE: SECOND });
    expect(changed.code).toBe(0);
    const old = await mutual(['check'], { MUTUAL_PASSPHRASE: FIRST });
    expect(old.code).toBe(3);
    const next = await mutual(['list', '--json'], { MUTUAL_PASSPHRASE: SECOND });
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toHaveLength(2);
  });

  it('recover with the code from init sets a new passphrase; a wrong code exits 3', async () => {
    const wrongCode = recoveryCode.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const wrong = await mutual(['recover'], { MUTUAL_RECOVERY_CODE: wrongCode, MUTUAL_NEW_PASSPHRASE: THIRD });
    expect(wrong.code).toBe(3);
    expectOneLineError(wrong);

    // Typed the forgiving way: lower case, spaces instead of dashes.
    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ');
    const recovered = await mutual(['recover'], { MUTUAL_RECOVERY_CODE: typed, MUTUAL_NEW_PASSPHRASE: THIRD });
    expect(recovered.code).toBe(0);
    const out = await mutual(['show', coffeeId], { MUTUAL_PASSPHRASE: THIRD });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Made Ana coffee before her exam');
  });

  it('a damaged journal makes check exit 4 and is left exactly as it was', async () => {
    const damaged = path.join(tmp, 'damaged');
    fs.cpSync(vault, damaged, { recursive: true });
    const db = path.join(damaged, 'journal.db');
    const bytes = fs.readFileSync(db);
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 32; i++) bytes[i] = bytes[i]! ^ 0xff;
    fs.writeFileSync(db, bytes);

    const out = await mutual(['check', '--vault', damaged], { MUTUAL_PASSPHRASE: THIRD });
    expect(out.code).toBe(4);
    expectOneLineError(out);
    expect(out.stderr).toMatch(/damaged|integrity/i);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
  });
});
