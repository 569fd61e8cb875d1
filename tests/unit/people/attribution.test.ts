/**
 * A person's rhythm, timeline and open unsaid items are true to what was written: a section with
 * words that mentions no one is about everyone the entry mentions; a section that mentions someone
 * is about them; an empty section is about no one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { createEntry } from '../../../electron/core/services/entries';
import { upsertPerson } from '../../../electron/core/services/people';
import { openUnsaidFor, rhythmFor, timelineFor } from '../../../electron/core/services/personPage';
import { search } from '../../../electron/core/services/search';
import type { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('attribution');
let vault: Vault;
let db: Db;
beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  db = vault.db;
});
afterAll(() => vault.lock());

const month = (id: string) => rhythmFor(db, id, '2026-04-30').months.find((m) => m.month === '2026-04')!;

describe('who a section is about', () => {
  it('counts a section that mentions no one for every person of the entry', () => {
    const maya = upsertPerson(db, { name: 'Maya', kind: 'friend' });
    createEntry(db, { date: '2026-04-02', doc: doc({ given: 'Drove Maya to the airport', received: 'She brought me coffee', unsaid: 'Thank her properly' }, [maya]) });
    expect(month(maya.id)).toMatchObject({ given: 1, received: 1 });
    const timeline = timelineFor(db, maya.id).items[0]!;
    expect(timeline.passages.received).toEqual(['She brought me coffee']);
    expect(openUnsaidFor(db, maya.id).map((i) => i.text)).toEqual(['Thank her properly']);
    expect(search(db, { q: 'person:Maya in:received coffee' }).hits).toHaveLength(1);
  });

  it('counts a section that mentions someone for them only, and an empty section for no one', () => {
    const sam = upsertPerson(db, { name: 'Sam', kind: 'friend' });
    const ana = upsertPerson(db, { name: 'Ana', kind: 'family' });
    createEntry(db, { date: '2026-04-10', doc: doc({ given: 'Cooked for Sam', received: 'Ana listened', unsaid: 'Ask Ana about the move\nSay thanks', note: '' }, [sam, ana]) });
    expect(month(sam.id)).toMatchObject({ given: 1, received: 0 });
    expect(month(ana.id)).toMatchObject({ given: 0, received: 1 });
    // The unsaid item naming Ana is hers; the one naming no one is about both.
    expect(openUnsaidFor(db, ana.id).map((i) => i.text).sort()).toEqual(['Ask Ana about the move', 'Say thanks']);
    expect(openUnsaidFor(db, sam.id).map((i) => i.text)).toEqual(['Say thanks']);
    // Nothing was written in the Note: it is about no one.
    expect(db.prepare(`SELECT count(*) AS n FROM mentions WHERE section = 'note' AND person_id IN (?, ?)`).get(sam.id, ana.id)).toEqual({ n: 0 });
  });
});
