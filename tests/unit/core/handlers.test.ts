/**
 * The handler table is what the renderer (through IPC or the web host) can reach. Whatever it is
 * sent, every channel answers with the Result shape — never a throw, never an unexpected failure,
 * never a stack or SQL in the message — and input that fails validation changes nothing in the
 * journal. While locked, every channel that needs the journal answers VAULT_LOCKED.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerTable as Handlers } from '../../../electron/shared/handlerTable';
import { createHandlers } from '../../../electron/core/handlers';
import { Session } from '../../../electron/core/session/session';
import { createEntry, listEntries } from '../../../electron/core/services/entries';
import { addDetail, listPeople, upsertPerson } from '../../../electron/core/services/people';
import type { ChannelName } from '../../../electron/shared/channels';
import { channelNames } from '../../../electron/shared/channels';
import { contract } from '../../../electron/shared/contract';
import { emptyDoc, sectionKinds } from '../../../electron/shared/doc';
import type { Result } from '../../../electron/shared/result';
import { errorCodes } from '../../../electron/shared/result';
import { createVault, doc, fileHash, PASSPHRASE, snapshotFolder, tempRoot } from '../vault/helpers';

const tmp = tempRoot('handlers');
const RUNS_PER_CHANNEL = 40;

let dir = '';
let sandbox = '';
let session: Session;
let handlers: Handlers;
let dataKey: Buffer;
const unexpected: string[] = [];
const known = { entryId: '', personId: '', otherPersonId: '', itemId: '' };

const tick = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  dir = tmp.sub();
  sandbox = path.join(tmp.root, 'sandbox');
  fs.mkdirSync(sandbox);
  const { vault } = await createVault(dir);
  const sam = upsertPerson(vault.db, { name: 'Sam', kind: 'friend' });
  const ana = upsertPerson(vault.db, { name: 'Ana', kind: 'family' });
  addDetail(vault.db, { personId: sam.id, text: 'Loves peonies', notedOn: '2026-03-01', remindOn: '2026-03-10' });
  const entry = createEntry(vault.db, { date: '2026-03-02', doc: doc({ given: 'Drove Sam to the station', unsaid: 'Thank you Sam' }, [sam]) });
  createEntry(vault.db, { date: '2026-03-05', doc: doc({ received: 'Ana listened' }, [ana]) });
  const unsaid = entry.doc.content[2].content[0]?.content?.[0];
  Object.assign(known, { entryId: entry.id, personId: sam.id, otherPersonId: ana.id, itemId: String(unsaid?.attrs?.id ?? '') });
  dataKey = vault.copyDataKey();
  session = new Session(dir);
  session.adopt(vault);
  handlers = createHandlers(session, (channel, error) => unexpected.push(`${channel}: ${String(error)}`));
  await settle();
});
afterAll(() => {
  session.close();
  dataKey.fill(0);
});

/** Unlocked again if a call locked it, with no job or scheduled task still writing. */
async function settle(): Promise<void> {
  if (!session.isUnlocked()) session.unlockWithDataKey(dataKey);
  await tick();
  for (let i = 0; session.jobs.running && i < 2000; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  // Saves are indexed in the background a moment later; that write is not the refused call's.
  await session.indexing.idle();
  await tick();
}

/** What a person would see changed: entries, people, and every byte of the journal once the WAL is folded in. */
function journalState(): unknown {
  const db = session.current.db;
  db.pragma('wal_checkpoint(TRUNCATE)');
  return {
    entries: listEntries(db, { limit: 1 }).total,
    people: listPeople(db, { includeArchived: true }).length,
    db: fileHash(path.join(dir, 'journal.db')),
    key: fileHash(path.join(dir, 'journal.key')),
  };
}

/**
 * Every string the contract could take as a path (absolute, or a Windows form that is relative
 * here) is moved inside the sandbox, so no call can write anywhere else on this machine.
 */
const looksLikePath = (s: string) => s.startsWith('/') || /^[A-Za-z]:/.test(s) || s.startsWith('\\\\');
function sandboxed(value: unknown): unknown {
  if (typeof value === 'string') return looksLikePath(value) ? path.join(sandbox, value.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'x') : value;
  if (Array.isArray(value)) return value.map(sandboxed);
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    // fast-check builds records without a prototype; anything else (a Date, a boxed string) is not JSON input.
    if (proto === null || proto === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sandboxed(v)]));
  }
  return value;
}

/** Refuses to send an input holding any path-like string outside the sandbox. */
function assertSandboxed(value: unknown): void {
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && looksLikePath(v) && !v.startsWith(sandbox + path.sep) ? '\u0000UNSANDBOXED' : v));
  if (json?.includes('\\u0000UNSANDBOXED')) throw new Error(`input escapes the sandbox: ${JSON.stringify(value)}`);
}

function keysOf(schema: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape as object);
  if (schema instanceof z.ZodDiscriminatedUnion) return [...new Set((schema.options as unknown[]).flatMap(keysOf))];
  return [];
}

/** Arbitrary entry documents: sometimes well-formed, often not, with hostile text and attributes. */
function docArb(): fc.Arbitrary<unknown> {
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\u0002forged\u0003', '<script>alert(1)</script>', '🌷'));
  const inline = fc.oneof(
    text.map((t) => ({ type: 'text', text: t })),
    fc.record({ type: fc.constant('text'), text, marks: fc.array(fc.record({ type: fc.constantFrom('bold', 'link', 'nope'), attrs: fc.record({ href: fc.constantFrom('https://x.test', 'javascript:alert(1)', 'mailto:a@b.c') }) }), { maxLength: 2 }) }),
    fc.constantFrom(known.personId, known.otherPersonId, 'no-such-person', '').map((id) => ({ type: 'mention', attrs: { id, label: 'Someone' } })),
    fc.constant({ type: 'hardBreak' }),
  );
  const block = fc.oneof(
    fc.array(inline, { maxLength: 3 }).map((content) => ({ type: 'paragraph', content })),
    fc.record({ type: fc.constantFrom('taskList', 'section', 'table'), content: fc.array(fc.record({ type: fc.constant('taskItem'), attrs: fc.record({ state: fc.constantFrom('open', 'said', 'letGo', 'maybe'), id: fc.string() }), content: fc.array(inline.map((n) => ({ type: 'paragraph', content: [n] })), { maxLength: 2 }) }), { maxLength: 2 }) }),
  );
  const section = (kind: string) => fc.record({ type: fc.constant('section'), attrs: fc.record({ kind: fc.constantFrom(kind, 'given', 'other') }), content: fc.array(block, { maxLength: 3 }) });
  return fc.oneof(
    fc.tuple(...sectionKinds.map(section)).map((content) => ({ type: 'doc', content })),
    fc.constant(emptyDoc()),
    fc.anything(),
  );
}

/** Values that fit a field of this name, so that many generated inputs pass validation and reach the services. */
function fittingValue(key: string): fc.Arbitrary<unknown> {
  const ids = fc.oneof(fc.constantFrom(known.entryId, known.personId, known.otherPersonId, known.itemId), fc.string({ minLength: 1, maxLength: 64 }));
  const date = fc.oneof(fc.constantFrom('2026-03-02', '2026-03-10', '2024-02-29', '1999-12-31'), fc.date({ min: new Date(1900, 0, 1), max: new Date(2999, 0, 1), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
  const text = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('Sam', 'Ana', ' spaced ', '\u0002x\u0003'));
  const file = fc.constantFrom('/abs/out.md', '/abs/out.json', 'C:\\Users\\x\\out.md', '/abs/dir/', '/abs/missing.mutual-backup');
  const table: Record<string, fc.Arbitrary<unknown>> = {
    id: ids, personId: ids, keepId: ids, mergeId: ids, entryId: ids, itemId: ids, jobId: ids,
    date, from: date, to: date, today: date, notedOn: date, remindOn: fc.oneof(date, fc.constant(null)),
    doc: docArb(),
    q: fc.oneof(text, fc.constantFrom('peonies', 'person:Sam tea', '"quoted', 'NEAR(', 'in:given -tea')),
    sections: fc.subarray([...sectionKinds]),
    sort: fc.constantFrom('best', 'newest'),
    limit: fc.integer({ min: 1, max: 500 }), offset: fc.integer({ min: 0, max: 50 }),
    year: fc.integer({ min: 1900, max: 3000 }), days: fc.integer({ min: 0, max: 60 }),
    autoLockMinutes: fc.integer({ min: 1, max: 240 }), backupKeep: fc.integer({ min: 1, max: 365 }),
    backupEvery: fc.constantFrom('daily', 'weekly', 'off'),
    includeArchived: fc.boolean(), archived: fc.boolean(), notifyReminders: fc.boolean(),
    name: text, text, care: text, needs: text, boundaries: text, notes: text,
    kind: fc.constantFrom('romantic', 'friend', 'family', 'professional', 'other'),
    state: fc.constantFrom('open', 'said', 'letGo'),
    format: fc.constantFrom('markdown', 'json', 'dayone', 'jrnl'),
    out: file, source: file, file, target: fc.constantFrom('/abs/restored', '/abs/restored-2'), backupFolder: fc.constantFrom('/abs/backups'),
    mode: fc.constantFrom('new-folder', 'replace'), confirm: fc.constantFrom('replace', 'yes'),
    passphrase: fc.string({ minLength: 1, maxLength: 40 }), current: fc.string({ minLength: 1, maxLength: 40 }),
    next: fc.string({ minLength: 10, maxLength: 40 }), newPassphrase: fc.string({ minLength: 10, maxLength: 40 }),
    recoveryCode: fc.constantFrom('ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789', 'not a code'),
    people: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.constantFrom('create', 'ignore'), fc.record({ personId: ids }))),
  };
  return table[key] ?? fc.anything();
}

function inputArb(name: ChannelName): fc.Arbitrary<unknown> {
  const wild = fc.oneof(fc.anything(), fc.constant(null), fc.integer({ min: -5, max: 3000 }), fc.double(), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', 'x'.repeat(65)));
  const keys = keysOf(contract[name].input);
  // Mostly fitting values (so the services run), sometimes wild ones (so validation is exercised field by field).
  const nearValid = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof({ weight: 6, arbitrary: fittingValue(k) }, { weight: 1, arbitrary: wild })])), { requiredKeys: [] })
    : fc.constant({});
  return fc.oneof({ weight: 6, arbitrary: nearValid }, fc.anything(), fc.jsonValue(), fc.constantFrom(undefined, null, [], '', 0, 'x'));
}

function expectWellFormedResult(channel: ChannelName, result: Result<unknown>): void {
  expect(typeof result).toBe('object');
  if (result.ok) {
    expect('value' in result).toBe(true);
    return;
  }
  expect(errorCodes).toContain(result.error.code);
  expect(result.error.code, `${channel} failed unexpectedly: ${unexpected.at(-1) ?? result.error.message}`).not.toBe('INTERNAL');
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeGreaterThan(0);
  // Stacks and SQL stay in the host process.
  expect(result.error.message).not.toMatch(/\n\s+at |SQLITE_|\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET)\b|node_modules|\.ts:\d+/);
  expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
}

describe('every channel of the handler table', () => {
  it.each(channelNames.map((name) => [name]))('%s answers any input with a Result, and refused input changes nothing', async (name) => {
    const unexpectedBefore = unexpected.length;
    await fc.assert(
      fc.asyncProperty(inputArb(name), async (raw) => {
        const input = sandboxed(raw);
        assertSandboxed(input);
        await settle();
        const before = journalState();
        const result = await handlers[name](input);
        expectWellFormedResult(name, result);
        if (!result.ok && result.error.code === 'BAD_INPUT') {
          await settle();
          expect(journalState(), `${name} changed the journal on refused input ${JSON.stringify(input)?.slice(0, 200)}`).toEqual(before);
        }
      }),
      { numRuns: RUNS_PER_CHANNEL },
    );
    expect(unexpected.slice(unexpectedBefore)).toEqual([]);
  });
});

/** A valid input for each channel, so that only the lock decides the answer. */
function validInputFor(name: ChannelName): unknown {
  const table: Partial<Record<ChannelName, unknown>> = {
    'vault.changePassphrase': { current: PASSPHRASE, next: 'another long passphrase' },
    'entries.create': { date: '2026-03-09', doc: emptyDoc() },
    'entries.save': { id: known.entryId, doc: emptyDoc() },
    'entries.get': { id: known.entryId },
    'entries.delete': { id: known.entryId },
    'entries.setUnsaidState': { itemId: known.itemId, state: 'said' },
    'people.get': { id: known.personId },
    'people.upsert': { name: 'New person' },
    'people.addDetail': { personId: known.personId, text: 'Likes tea' },
    'people.merge': { keepId: known.personId, mergeId: known.otherPersonId },
    'people.export': { personId: known.personId, out: path.join(sandbox, 'sam.md') },
    'review.calendar': { year: 2026 },
    'search.query': { q: 'peonies' },
    'settings.set': { autoLockMinutes: 5 },
    'export.run': { format: 'json', out: path.join(sandbox, 'export.json') },
    'import.preview': { format: 'markdown', source: path.join(sandbox, 'to-import') },
    'import.run': { format: 'markdown', source: path.join(sandbox, 'to-import') },
    'photos.uploadBegin': { size: 1024 },
    'photos.uploadChunk': { uploadId: 'upload-1', index: 0, data: 'AAAA' },
    'photos.uploadFinish': { uploadId: 'upload-1' },
    'photos.uploadCancel': { uploadId: 'upload-1' },
    'photos.get': { id: '3f2b9c1e-8d4a-4b7e-9f10-2a6c5d8e7b01' },
    'people.setPhoto': { personId: known.personId, photoId: null },
    'tags.rename': { from: 'travel', to: 'journeys' },
  };
  if (name in table) return table[name];
  // Channels whose input is only ids or optional fields: the first sample the contract accepts.
  const candidates = fc.sample(inputArb(name), { numRuns: 3000, seed: 1 }).map(sandboxed);
  const found = candidates.find((c) => contract[name].input.safeParse(c).success);
  if (found === undefined) throw new Error(`add a valid example input for ${name} to validInputFor`);
  return found;
}

const worksWhileLocked = new Set<ChannelName>(['vault.status', 'vault.create', 'vault.unlock', 'vault.lock', 'vault.recover', 'jobs.status', 'jobs.cancel', 'backup.restore', 'sync.join']);

describe('while the journal is locked', () => {
  it('every channel that needs the journal answers VAULT_LOCKED and nothing on disk changes', async () => {
    await settle();
    session.lock();
    const before = snapshotFolder(dir);
    const answers: Record<string, unknown> = {};
    for (const name of channelNames.filter((n) => !worksWhileLocked.has(n))) {
      const input = validInputFor(name);
      assertSandboxed(input);
      expect(contract[name].input.safeParse(input).success, `${name}: example input is not valid`).toBe(true);
      const result = await handlers[name](input);
      answers[name] = result.ok ? 'ok' : result.error.code;
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((n) => [n, 'VAULT_LOCKED'])));
    expect(await handlers['vault.status']({})).toEqual({ ok: true, value: { state: 'locked' } });
    expect(await handlers['vault.unlock']({ passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(session.isUnlocked()).toBe(false);
    expect(snapshotFolder(dir)).toEqual(before);

    expect(await handlers['vault.unlock']({ passphrase: PASSPHRASE })).toEqual({ ok: true, value: { state: 'unlocked' } });
    expect(await handlers['entries.list']({})).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
  });
});
