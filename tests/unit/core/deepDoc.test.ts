/**
 * An entry document nested thousands of levels deep (a hostile page, a damaged import) is refused
 * as BAD_INPUT with a plain message, through the handler table the app and the web host use —
 * never a stack overflow, never INTERNAL — and nothing is saved. A document as deep as the cap
 * allows is saved as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/handlers';
import { Session } from '../../../electron/core/session/session';
import { createEntry } from '../../../electron/core/services/entries';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { emptyDoc, MAX_DOC_DEPTH } from '../../../electron/shared/doc';
import type { HandlerTable } from '../../../electron/shared/handlerTable';
import { createVault, tempRoot } from '../vault/helpers';

const tmp = tempRoot('deep-doc');
let session: Session;
let handlers: HandlerTable;
let entryId = '';
const unexpected: unknown[] = [];

beforeAll(async () => {
  const dir = tmp.sub();
  const { vault } = await createVault(dir);
  entryId = createEntry(vault.db, { date: '2026-03-02' }).id;
  session = new Session(dir);
  session.adopt(vault);
  handlers = createHandlers(session, (_channel, error) => unexpected.push(error));
});
afterAll(() => session.close());

/** A document whose Note section holds blockquotes nested so that its deepest node is at `depth` (the doc at 0). */
function docNested(depth: number): EntryDoc {
  let node: DocNode = { type: 'paragraph', content: [{ type: 'text', text: 'at the bottom' }] };
  // doc (0) → section (1) → blockquotes (2 … depth - 2) → paragraph (depth - 1) → text (depth)
  for (let level = depth - 2; level >= 2; level--) node = { type: 'blockquote', content: [node] };
  const doc = emptyDoc();
  doc.content[3].content = [node];
  return doc;
}

function entryCount(): number {
  return (session.current.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
}

describe('a deeply nested entry document', () => {
  it('10,000 levels: entries.create and entries.save answer BAD_INPUT with a plain message, and nothing is saved', async () => {
    const deep = docNested(10_000);
    const before = entryCount();
    const created = await handlers['entries.create']({ date: '2026-03-03', doc: deep });
    const saved = await handlers['entries.save']({ id: entryId, doc: deep });
    for (const result of [created, saved]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/nests more than 100 levels deep/) } });
      if (!result.ok) expect(result.error.message).not.toMatch(/stack|RangeError|\n\s+at /i);
    }
    expect(unexpected).toEqual([]);
    expect(entryCount()).toBe(before);
    const entry = await handlers['entries.get']({ id: entryId });
    expect(entry.ok && JSON.stringify(entry.value.doc)).not.toContain('at the bottom');
  });

  it(`as deep as the cap (${MAX_DOC_DEPTH}) is saved; one level more is refused`, async () => {
    expect(await handlers['entries.save']({ id: entryId, doc: docNested(MAX_DOC_DEPTH) })).toMatchObject({ ok: true });
    expect(await handlers['entries.save']({ id: entryId, doc: docNested(MAX_DOC_DEPTH + 1) })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('input that makes validation itself throw is BAD_INPUT, not a throw or INTERNAL', async () => {
    const hostile = { date: '2026-03-03', doc: emptyDoc() };
    Object.defineProperty(hostile, 'date', { enumerable: true, get: () => { throw new RangeError('Maximum call stack size exceeded'); } });
    const result = await handlers['entries.create'](hostile);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(unexpected).toEqual([]);
  });
});
