/**
 * The commands reach the journal only through the handler table (electron/cli/journal.ts). Where
 * the table has no call that answers exactly what a command prints, the command rebuilds it from
 * what the table gives; these tests hold it to what the journal itself stores and finds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../electron/cli/run';
import { createEntry, entryTexts, listEntryTexts } from '../../../electron/core/services/entries';
import { findPerson, listPeople, mergePeople, upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import { docFromPlainText } from '../../../electron/shared/doc';
import type { FakeIo } from './support';
import { createJournal, fakeIo as makeFakeIo } from './support';

const PASS = 'one way in, the handler table';

let tmp: string;
let dir: string;
let firstId = '';

function fakeIo(): FakeIo {
  return makeFakeIo({ home: tmp, env: { MUTUAL_PASSPHRASE: PASS, MUTUAL_VAULT: dir } });
}

async function mutual(args: string[]): Promise<FakeIo> {
  const io = fakeIo();
  const code = await run(args, io);
  expect(code, io.stderr.text).toBe(0);
  return io;
}

async function withDb<T>(use: (db: Vault['db']) => T): Promise<T> {
  const vault = await Vault.unlock(dir, PASS);
  try {
    return use(vault.db);
  } finally {
    vault.lock();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-seam-'));
  dir = path.join(tmp, 'journal');
  await createJournal(dir, PASS, (db) => {
    const ana = upsertPerson(db, { name: 'Ana' });
    const bo = upsertPerson(db, { name: 'Bo' });
    const cy = upsertPerson(db, { name: 'Cy' });
    // An archived Élodie first, then one not archived: a name finds the one not archived.
    upsertPerson(db, { name: 'Élodie', archived: true });
    upsertPerson(db, { name: 'Élodie' });
    // A snippet marker typed into an entry never reaches what is stored or printed.
    firstId = createEntry(db, { date: '2026-01-01', doc: docFromPlainText({ given: 'Tea for Ana\nand Bo too', unsaid: 'Sorry Ana\nthanks Bo', note: 'x\u0002y' }, [ana, bo]) }).id;
    createEntry(db, { date: '2026-01-02', doc: docFromPlainText({ received: 'Cy called' }, [cy]) });
    // Renamed and merged after writing: entries show people by their current name.
    upsertPerson(db, { id: ana.id, name: 'Ana María' });
    mergePeople(db, bo.id, cy.id);
  });
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('through the handler table, the commands print what the journal stores', () => {
  it('list --json (entries.list, then entries.get for the whole texts)', async () => {
    const io = await mutual(['list', '--json']);
    expect(JSON.parse(io.stdout.text)).toEqual(await withDb((db) => listEntryTexts(db)));
    const bo = await mutual(['list', '--json', '--person', 'bo']);
    expect(JSON.parse(bo.stdout.text)).toEqual(await withDb((db) => listEntryTexts(db, { personId: findPerson(db, 'Bo')!.id })));
  });

  it('show --json', async () => {
    const io = await mutual(['show', '--json', firstId]);
    expect(JSON.parse(io.stdout.text)).toEqual(await withDb((db) => entryTexts(db, firstId)));
  });

  it('--person finds people as the journal does: any case, not archived first', async () => {
    const expected = await withDb((db) => findPerson(db, 'élodie')!);
    expect(expected.archived).toBe(false);
    const io = await mutual(['add', '--person', 'ÉLODIE', '--note', 'a walk']);
    expect(io.stderr.text).toBe('');
    const id = io.stdout.text.trim();
    const people = await withDb((db) => listEntryTexts(db).find((e) => e.id === id)!.people);
    expect(people).toEqual(['Élodie']);
    const mentioned = await withDb((db) => listPeople(db, { includeArchived: true }).filter((p) => p.entryCount > 0 && p.name === 'Élodie'));
    expect(mentioned.map((p) => p.id)).toEqual([expected.id]);
  });

  it('add refuses an entry the table would refuse before adding anyone to your people', async () => {
    const io = fakeIo();
    expect(await run(['add', '--person', 'Dee', '--note', 'x'.repeat(200_001)], io)).toBe(1);
    expect(io.stderr.text).toMatch(/^mutual: This entry could not be saved: /);
    expect(await withDb((db) => findPerson(db, 'Dee'))).toBeNull();
  });
});
