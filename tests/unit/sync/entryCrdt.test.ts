/**
 * The entry CRDT (electron/core/sync/entryCrdt.ts): documents survive a trip through a Yjs state,
 * devices that edit the same entry offline converge and keep each other's words, and a save is a
 * small update.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { getSchema } from '@tiptap/core';
import type { Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docOfSections } from '../../../electron/core/markdown/entryFileRead';
import { markdownToBlocks } from '../../../electron/core/markdown/fromMarkdown';
import {
  canonicalEntryDoc,
  diagnostics,
  docFromState,
  ENTRY_FRAGMENT,
  entrySchema,
  entryStateFromDoc,
  mergeUpdates,
  updateFromSavedDoc,
} from '../../../electron/core/sync/entryCrdt';
import type { DocNode, EntryDoc, SectionKind } from '../../../electron/shared/doc';
import { emptyDoc, entryDocSchema, mentionsOf, photoIdsOf, plainText, sectionKinds, tagsOf, unsaidItemsOf } from '../../../electron/shared/doc';
import { editorExtensions } from '../../../src/editor/createExtensions';
import { doc as plainDoc, prng, repoRoot } from '../vault/helpers';
import { entryDocArbitrary } from '../entryDocArbitrary';

type Mark = NonNullable<DocNode['marks']>[number];

const PHOTO = '0b9f3c1e-8a44-4c2b-9d51-3f6a2e7c1d90';
const PEOPLE = [
  { id: 'p-ana', name: 'Ana Lucía' },
  { id: 'p-li', name: '李雷' },
  { id: 'p-sam', name: 'Sam' },
];

const p = (text?: string, marks?: Mark[]): DocNode => (text ? { type: 'paragraph', content: [{ type: 'text', text, ...(marks ? { marks } : {}) }] } : { type: 'paragraph' });
const item = (id: string, text: string, state = 'open'): DocNode => ({ type: 'taskItem', attrs: { id, state }, content: [p(text)] });
const entry = (sections: Partial<Record<SectionKind, DocNode[]>>): EntryDoc => docOfSections({ given: [], received: [], unsaid: [], note: [], ...sections });

/** A device with its own copy of an entry's state: it saves edits and receives other devices' updates. */
class Device {
  sent: Uint8Array[] = [];
  constructor(public state: Uint8Array) {}
  get doc(): EntryDoc {
    return docFromState(this.state);
  }
  save(change: (doc: EntryDoc) => void): Uint8Array | null {
    const next = structuredClone(this.doc);
    change(next);
    const { state, update } = updateFromSavedDoc(this.state, next);
    this.state = state;
    if (update) this.sent.push(update);
    return update;
  }
  receive(updates: readonly Uint8Array[]): void {
    this.state = mergeUpdates(this.state, updates);
  }
}

function section(doc: EntryDoc, kind: SectionKind): DocNode[] {
  return doc.content[sectionKinds.indexOf(kind)]!.content;
}

function setText(node: DocNode, text: string): void {
  if (text) node.content = [{ type: 'text', text }];
  else delete node.content;
}

function textOf(node: DocNode | undefined): string {
  return plainText(node ? [node] : []);
}

function allText(doc: EntryDoc): string {
  return doc.content.map((s) => plainText(s.content)).join('\n');
}

/** Both devices end with the other's updates, in both orders and with duplicates, and agree. */
function exchange(base: Uint8Array, a: Device, b: Device): EntryDoc {
  const aSent = [...a.sent];
  const bSent = [...b.sent];
  a.receive([...bSent, ...bSent.slice().reverse()]);
  b.receive([...aSent.slice().reverse(), ...aSent]);
  const third = mergeUpdates(base, [...bSent, ...aSent, ...bSent]);
  const fourth = mergeUpdates(new Uint8Array(), [...aSent.slice().reverse(), base, ...bSent]);
  expect(a.doc).toEqual(b.doc);
  expect(docFromState(third)).toEqual(a.doc);
  expect(docFromState(fourth)).toEqual(a.doc);
  expect(entryDocSchema.safeParse(a.doc).success).toBe(true);
  return a.doc;
}

/** What the journal derives from a document, which a round trip must not change. */
function derived(doc: EntryDoc) {
  return {
    texts: doc.content.map((s) => plainText(s.content)),
    mentions: mentionsOf(doc),
    unsaid: unsaidItemsOf(doc),
    photos: photoIdsOf(doc),
    tags: tagsOf(doc),
  };
}

let fallbacksBefore = 0;
beforeEach(() => {
  fallbacksBefore = diagnostics.fallbacks;
});
afterEach(() => {
  // The diff reproduced every saved document by itself.
  expect(diagnostics.fallbacks).toBe(fallbacksBefore);
});

// ——————————————————————————————————————————————————— documents the journal makes

const md = (text: string, tasks = false) =>
  markdownToBlocks(
    text,
    {
      tasks,
      person: (id, label) => ({ type: 'mention', attrs: { id: id ?? PEOPLE.find((x) => x.name === label)?.id ?? 'p-unknown', label } }),
      photo: (photoId, alt) => ({ type: 'image', attrs: { photoId, alt } }),
    },
    { mentionNames: PEOPLE.map((x) => x.name) },
  );

function markdownDoc(): EntryDoc {
  const doc = docOfSections({
    given: md(
      [
        '### Morning 早上好',
        '',
        '**Bold** and *italic* and ~~struck~~ and `code`, a [link](https://example.org/a_b) and [another entry](mutual:entry/3f2a-9c). #travel #绿岛',
        '',
        'Coffee with @Sam and @"Ana Lucía" ☕️🌊 — 李雷 said 你好',
        'on a second line',
        '',
        '- one',
        '  - two **nested**',
        '    1. three',
        '    2. four',
        '',
        '5. five',
        '6. six',
        '',
        '> quoted 🧡',
        '',
        '---',
        '',
        `![The lake at dawn](mutual:photo/${PHOTO})`,
        '',
        '#### Small heading',
      ].join('\n'),
    ),
    received: md('Flowers from @Sam 💐'),
    unsaid: md('- [ ] Thank @Sam for the flowers\n- [x] Said sorry to 李雷\n- [x] Let it go 🍃', true),
    note: md('```\ncode block\n\nline two\n```'),
  });
  const items = section(doc, 'unsaid')[0]!.content!;
  items[2]!.attrs = { ...items[2]!.attrs, state: 'letGo' };
  return doc;
}

/** A document shaped exactly as the editor's getJSON() gives it: every attribute, defaults included. */
function editorShapedDoc(): EntryDoc {
  const link = (href: string): Mark => ({ type: 'link', attrs: { href, target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } });
  return {
    type: 'doc',
    content: [
      {
        type: 'section',
        attrs: { kind: 'given' },
        content: [
          { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'A day 🌅' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'mention', attrs: { id: 'p-ana', label: 'Ana Lucía' }, marks: [{ type: 'bold' }] },
              { type: 'text', text: ' brought ', marks: [{ type: 'italic' }] },
              { type: 'text', text: 'tea', marks: [link('https://example.org'), { type: 'bold' }] },
              { type: 'hardBreak' },
              { type: 'tag', attrs: { label: 'example tag' } },
              { type: 'text', text: ' 绿岛' },
            ],
          },
          { type: 'orderedList', attrs: { start: 3, type: null }, content: [{ type: 'listItem', content: [p('three'), { type: 'bulletList', content: [{ type: 'listItem', content: [p('deeper')] }] }] }] },
          { type: 'image', attrs: { photoId: PHOTO, alt: null } },
          { type: 'image', attrs: { photoId: PHOTO, alt: 'The lake' } },
        ],
      },
      { type: 'section', attrs: { kind: 'received' }, content: [{ type: 'blockquote', content: [p('kind words', [{ type: 'code' }])] }, { type: 'horizontalRule' }] },
      { type: 'section', attrs: { kind: 'unsaid' }, content: [{ type: 'taskList', content: [item('a1', 'Say thanks', 'said'), item('a2', 'Let go', 'letGo'), item('a3', 'Still open')] }] },
      { type: 'section', attrs: { kind: 'note' }, content: [{ type: 'paragraph' }] },
    ],
  } as EntryDoc;
}

const fixtureDoc = () =>
  docOfSections({
    given: md(fs.readFileSync(path.join(repoRoot, 'tests/fixtures/import/markdown/2024-05-01 Morning.md'), 'utf8').replace(/^---[\s\S]*?---\n/, '')),
    received: [],
    unsaid: [],
    note: [],
  });

const roundTrip = (doc: EntryDoc) => docFromState(entryStateFromDoc(doc));

// ——————————————————————————————————————————————————— the schema

describe('entrySchema', () => {
  it('is the editor schema: the same nodes, content, attributes, defaults and marks, in the same order', () => {
    const attrs = (spec: Record<string, { default?: unknown }> | undefined) => Object.entries(spec ?? {}).map(([k, a]) => [k, 'default' in a, a.default]);
    const describe = (schema: Schema) => ({
      nodes: Object.entries(schema.nodes).map(([name, t]) => [name, t.spec.content ?? null, t.spec.group ?? null, t.isInline, t.isAtom, attrs(t.spec.attrs)]),
      marks: Object.entries(schema.marks).map(([name, t]) => [name, t.spec.excludes ?? null, attrs(t.spec.attrs)]),
    });
    expect(describe(entrySchema())).toEqual(describe(getSchema(editorExtensions())));
  });
});

// ——————————————————————————————————————————————————— round trips

describe('doc → state → doc', () => {
  it('is the identity for documents shaped as the editor saves them', () => {
    const doc = editorShapedDoc();
    expect(canonicalEntryDoc(doc)).toEqual(doc);
    expect(roundTrip(doc)).toEqual(doc);
  });

  it('keeps plain-text entries (the vault tests’ builder): CJK, emoji, mentions, unsaid items', () => {
    const doc = plainDoc(
      { given: 'Ana Lucía made coffee ☕ 绿岛 🌊\nSecond line with 李雷', received: 'Sam: 👍🏽 thanks', unsaid: 'Thank Ana Lucía\nCall 李雷 🙏', note: 'Nothing more' },
      PEOPLE,
    );
    expect(roundTrip(doc)).toEqual(doc);
    expect(derived(roundTrip(doc))).toEqual(derived(doc));
  });

  it('keeps Markdown imports: marks, links, nested lists, headings, quotes, code, photos, tags, mentions, item states', () => {
    for (const doc of [markdownDoc(), fixtureDoc(), emptyDoc()]) {
      const back = roundTrip(doc);
      expect(back).toEqual(canonicalEntryDoc(doc));
      expect(derived(back)).toEqual(derived(doc));
      expect(entryDocSchema.safeParse(back).success).toBe(true);
    }
    const back = roundTrip(markdownDoc());
    expect(unsaidItemsOf(back).map((i) => i.state)).toEqual(['open', 'said', 'letGo']);
    expect(section(back, 'given').find((n) => n.type === 'image')?.attrs).toEqual({ photoId: PHOTO, alt: 'The lake at dawn' });
    expect(mentionsOf(back)).toEqual(mentionsOf(markdownDoc()));
  });

  it('keeps the deepest nesting entryDocSchema allows', () => {
    let block: DocNode = p('deepest words');
    for (let depth = 98; depth >= 2; depth--) block = { type: 'blockquote', content: [block] };
    const doc = entry({ given: [block] });
    expect(entryDocSchema.safeParse(doc).success).toBe(true);
    expect(roundTrip(doc)).toEqual(doc);
  });

  it('adds only the schema’s defaults to an importer’s attributes', () => {
    const doc = entry({ given: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://a.org' } }] }] }] });
    const mark = section(roundTrip(doc), 'given')[0]!.content![0]!.marks![0]!;
    expect(mark).toEqual({ type: 'link', attrs: { href: 'https://a.org', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } });
  });

  it('is what the binding itself reads from the state (a live editor bound to the fragment sees the same)', () => {
    for (const doc of [markdownDoc(), fixtureDoc(), plainDoc({ given: 'a b', unsaid: 'c' })]) {
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, entryStateFromDoc(doc));
      expect(yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(ENTRY_FRAGMENT), entrySchema()).toJSON()).toEqual(canonicalEntryDoc(doc));
    }
  });

  it('holds for any document the Markdown round-trip arbitraries make (property)', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const canonical = canonicalEntryDoc(doc);
        expect(canonicalEntryDoc(canonical)).toEqual(canonical);
        expect(roundTrip(doc)).toEqual(canonical);
        expect(derived(canonical)).toEqual(derived(doc));
        expect(entryDocSchema.safeParse(canonical).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a save of any document onto the state of any other is reproduced exactly by the diff (property)', () => {
    fc.assert(
      fc.property(docArb, docArb, (before, after) => {
        const state = entryStateFromDoc(before);
        const { state: next, update } = updateFromSavedDoc(state, after);
        expect(docFromState(next)).toEqual(canonicalEntryDoc(after));
        expect(docFromState(mergeUpdates(state, update ? [update] : []))).toEqual(canonicalEntryDoc(after));
        expect(updateFromSavedDoc(next, after).update).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same bytes for the same document, so two devices that start the same entry share it', () => {
    const doc = markdownDoc();
    const one = entryStateFromDoc(doc);
    expect(entryStateFromDoc(structuredClone(doc))).toEqual(one);
    expect(docFromState(mergeUpdates(one, [entryStateFromDoc(doc)]))).toEqual(canonicalEntryDoc(doc));
  });
});

// ——————————————————————————————————————————————————— two devices offline

describe('two devices editing offline', () => {
  const base = () =>
    entryStateFromDoc(
      entry({
        given: [p('I walked to the park with Sam'), p('The second paragraph stays'), p('A third one')],
        received: [p('A kind word')],
        unsaid: [{ type: 'taskList', content: [item('i1', 'Thank Sam'), item('i2', 'Call Ana')] }],
        note: [p('Note')],
      }),
    );

  it('both keep their words typed into the same paragraph', () => {
    const start = base();
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => setText(section(d, 'given')[0]!, 'I slowly walked to the park with Sam'));
    b.save((d) => setText(section(d, 'given')[0]!, 'I walked to the big park with Sam today'));
    expect(textOf(section(exchange(start, a, b), 'given')[0])).toBe('I slowly walked to the big park with Sam today');
  });

  it('both keep their edits in different sections and paragraphs', () => {
    const start = base();
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => setText(section(d, 'given')[2]!, 'A third one, longer'));
    a.save((d) => section(d, 'received').push(p('A new paragraph from A')));
    b.save((d) => setText(section(d, 'note')[0]!, 'Note from B'));
    b.save((d) => section(d, 'given').splice(1, 0, p('Inserted by B')));
    const merged = exchange(start, a, b);
    expect(section(merged, 'given').map(textOf)).toEqual(['I walked to the park with Sam', 'Inserted by B', 'The second paragraph stays', 'A third one, longer']);
    expect(section(merged, 'received').map(textOf)).toEqual(['A kind word', 'A new paragraph from A']);
    expect(section(merged, 'note').map(textOf)).toEqual(['Note from B']);
  });

  it('a paragraph one deletes is gone even if the other typed into it (deletion wins); the rest of their words stay', () => {
    const start = base();
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => section(d, 'given').splice(1, 1));
    b.save((d) => setText(section(d, 'given')[1]!, 'The second paragraph stays, B says'));
    b.save((d) => setText(section(d, 'given')[2]!, 'A third one with B’s words'));
    const merged = exchange(start, a, b);
    expect(section(merged, 'given').map(textOf)).toEqual(['I walked to the park with Sam', 'A third one with B’s words']);
  });

  it('deleting a paragraph and editing the next in one save deletes the right one', () => {
    const start = base();
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => {
      section(d, 'given').splice(1, 1);
      setText(section(d, 'given')[1]!, 'A third one, edited by A');
    });
    b.save((d) => setText(section(d, 'given')[2]!, 'A third one plus B'));
    const merged = exchange(start, a, b);
    // Both typed at the end of the same paragraph: the two insertions are ordered the same way everywhere.
    expect(section(merged, 'given').map(textOf)).toEqual(['I walked to the park with Sam', expect.stringMatching(/^A third one(, edited by A plus B| plus B, edited by A)$/)]);
  });

  it('both toggling the same unsaid item agree on one state; toggling different items keeps both', () => {
    const start = base();
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => (section(d, 'unsaid')[0]!.content![0]!.attrs!.state = 'said'));
    b.save((d) => (section(d, 'unsaid')[0]!.content![0]!.attrs!.state = 'letGo'));
    b.save((d) => (section(d, 'unsaid')[0]!.content![1]!.attrs!.state = 'said'));
    const merged = exchange(start, a, b);
    const items = unsaidItemsOf(merged);
    expect(items.map((i) => i.id)).toEqual(['i1', 'i2']);
    expect(['said', 'letGo']).toContain(items[0]!.state);
    expect(items[1]!.state).toBe('said');
  });

  it('text typed into the same empty paragraph on both devices is kept once, also after both save again', () => {
    const start = entryStateFromDoc(emptyDoc());
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => setText(section(d, 'given')[0]!, 'alpha beta'));
    b.save((d) => setText(section(d, 'given')[0]!, 'gamma'));
    const first = exchange(start, a, b);
    const given = textOf(section(first, 'given')[0]);
    expect(given === 'alpha betagamma' || given === 'gammaalpha beta').toBe(true);
    // Each saves again (the editor saves the merged text with its next change): nothing doubles.
    a.sent = [];
    b.sent = [];
    const afterMerge = a.state;
    a.save((d) => setText(section(d, 'note')[0]!, 'from A'));
    b.save((d) => setText(section(d, 'given')[0]!, `${textOf(section(d, 'given')[0])} delta`));
    const second = exchange(afterMerge, a, b);
    expect(textOf(section(second, 'given')[0])).toBe(`${given} delta`);
    expect(textOf(section(second, 'note')[0])).toBe('from A');
  });

  it('mentions, tags and marks typed on both sides merge', () => {
    const start = base();
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => {
      section(d, 'given')[0]!.content = [
        { type: 'text', text: 'I walked to the park with ' },
        { type: 'mention', attrs: { id: 'p-sam', label: 'Sam' } },
      ];
    });
    b.save((d) => {
      section(d, 'given')[0]!.content = [
        { type: 'text', text: 'I ' },
        { type: 'text', text: 'walked', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' to the park with Sam ' },
        { type: 'tag', attrs: { label: 'walks' } },
      ];
    });
    const merged = exchange(start, a, b);
    // A's mention replaced the typed name; B's bold, space and tag stay. The two chips, inserted at
    // the same place, are in the same order on every device.
    const content = section(merged, 'given')[0]!.content!;
    expect(content.slice(0, 3)).toEqual([
      { type: 'text', text: 'I ' },
      { type: 'text', text: 'walked', marks: [{ type: 'bold' }] },
      { type: 'text', text: ' to the park with  ' },
    ]);
    expect(content.slice(3).map((n) => n.type).sort()).toEqual(['mention', 'tag']);
    expect(content.find((n) => n.type === 'mention')?.attrs).toEqual({ id: 'p-sam', label: 'Sam' });
  });

  it('a section emptied by two deletions, or a list item that lost its first paragraph, still reads as a valid entry', () => {
    const start = entryStateFromDoc(entry({ received: [p('one'), p('two')], note: [{ type: 'bulletList', content: [{ type: 'listItem', content: [p('first'), p('second')] }] }] }));
    const a = new Device(start);
    const b = new Device(start);
    a.save((d) => section(d, 'received').splice(0, 1));
    a.save((d) => (section(d, 'note')[0]!.content![0]!.content = [p('second')]));
    b.save((d) => section(d, 'received').splice(1, 1));
    b.save((d) => section(d, 'note')[0]!.content![0]!.content!.splice(1, 0, { type: 'bulletList', content: [{ type: 'listItem', content: [p('inner')] }] }));
    const merged = exchange(start, a, b);
    expect(section(merged, 'received')).toEqual([{ type: 'paragraph' }]);
    expect(section(merged, 'note')[0]!.content![0]!.content!.map((n) => n.type)).toEqual(['paragraph', 'bulletList', 'paragraph']);
    // The repaired document saves back without trouble.
    expect(new Device(a.state).save(() => undefined)).not.toBeNull();
  });

  it('two devices that created states for different versions of an entry keep both, in four sections', () => {
    const one = entryStateFromDoc(entry({ given: [p('from one')], unsaid: [{ type: 'taskList', content: [item('x1', 'one’s item')] }] }));
    const two = entryStateFromDoc(entry({ given: [p('from two')] }));
    const merged = docFromState(mergeUpdates(one, [two]));
    expect(merged.content.map((s) => s.attrs.kind)).toEqual([...sectionKinds]);
    expect(section(merged, 'given').map(textOf).sort()).toEqual(['from one', 'from two']);
    expect(docFromState(mergeUpdates(two, [one]))).toEqual(merged);
    // Saving the grouped document edits the sections in place: no content is lost or doubled.
    const device = new Device(mergeUpdates(one, [two]));
    device.save((d) => section(d, 'given').push(p('later')));
    expect(section(device.doc, 'given').map(textOf).sort()).toEqual(['from one', 'from two', 'later']);
  });
});

// ——————————————————————————————————————————————————— random schedules

interface Op {
  device: number;
  kind: 'insert' | 'insert' | 'deleteWord' | 'addParagraph' | 'deleteParagraph' | 'sync';
  a: number;
  b: number;
}

const opArb = (devices: number): fc.Arbitrary<Op> =>
  fc.record({
    device: fc.nat(devices - 1),
    kind: fc.constantFrom('insert', 'insert', 'insert', 'deleteWord', 'addParagraph', 'deleteParagraph', 'sync', 'sync'),
    a: fc.nat(1_000_000),
    b: fc.nat(1_000_000),
  }) as fc.Arbitrary<Op>;

/** Words are `w<n>z` so a word is found by substring even if a concurrent deletion took the space beside it. */
const WORD = /w\d+z/g;
const MARK = /¶\d+¶/g;

function paragraphsOf(doc: EntryDoc): DocNode[] {
  const out: DocNode[] = [];
  const walk = (nodes: DocNode[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type === 'paragraph') out.push(node);
      else walk(node.content);
    }
  };
  for (const s of doc.content) walk(s.content);
  return out;
}

describe('random offline schedules (property)', () => {
  it('2–3 devices typing and deleting words and paragraphs, updates delivered in any order with duplicates, converge and lose no word', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((n) => fc.tuple(fc.constant(n), fc.array(opArb(n), { minLength: 1, maxLength: 30 }), fc.nat())),
        ([n, ops, seed]) => {
          const start = entryStateFromDoc(entry({ given: [p('¶0¶ w0z'), p()], received: [p()], unsaid: [{ type: 'taskList', content: [item('i1', '')] }], note: [p('¶1¶')] }));
          const devices = Array.from({ length: n }, () => new Device(start));
          const log: Uint8Array[] = [];
          const random = prng(seed);
          let next = 1;
          let nextMark = 2;
          const inserted = new Map<string, string | null>([['w0z', '¶0¶']]);
          const deletedWords = new Set<string>();
          const deletedParagraphs = new Set<string>();

          for (const op of ops) {
            const device = devices[op.device]!;
            const doc = device.doc;
            const paragraphs = paragraphsOf(doc);
            if (op.kind === 'sync') {
              const chosen = log.filter(() => random() < 0.7);
              const shuffled = [...chosen, ...chosen.filter(() => random() < 0.3)].sort(() => random() - 0.5);
              device.receive(shuffled);
              continue;
            }
            let update: Uint8Array | null;
            if (op.kind === 'insert') {
              const index = op.a % paragraphs.length;
              const word = `w${next++}z`;
              update = device.save((d) => {
                const para = paragraphsOf(d)[index]!;
                const words = textOf(para).split(' ').filter(Boolean);
                const marked = words[0]?.match(MARK) ? 1 : 0;
                const at = marked + (op.b % (words.length - marked + 1));
                inserted.set(word, marked ? words[0]! : null);
                words.splice(at, 0, word);
                setText(para, words.join(' '));
              });
            } else if (op.kind === 'deleteWord') {
              const candidates = paragraphs.flatMap((para, i) => (textOf(para).match(WORD) ?? []).map((w) => [i, w] as const));
              if (!candidates.length) continue;
              const [index, word] = candidates[op.a % candidates.length]!;
              deletedWords.add(word);
              update = device.save((d) => {
                const para = paragraphsOf(d)[index]!;
                // A word may be glued to another (text typed into the same empty paragraph on two devices).
                setText(para, textOf(para).split(' ').map((w) => w.replace(word, '')).filter(Boolean).join(' '));
              });
            } else if (op.kind === 'addParagraph') {
              const kind = (['given', 'received', 'note'] as const)[op.a % 3]!;
              const mark = `¶${nextMark++}¶`;
              update = device.save((d) => {
                const blocks = section(d, kind);
                blocks.splice(op.b % (blocks.length + 1), 0, p(mark));
              });
            } else {
              const kind = (['given', 'received', 'note'] as const)[op.a % 3]!;
              const blocks = section(doc, kind);
              const marked = blocks.flatMap((block, i) => (textOf(block).match(MARK) && blocks.length > 1 ? [i] : []));
              if (!marked.length) continue;
              const index = marked[op.b % marked.length]!;
              const mark = textOf(blocks[index]).match(MARK)![0];
              deletedParagraphs.add(mark);
              for (const word of textOf(blocks[index]).match(WORD) ?? []) deletedWords.add(word);
              update = device.save((d) => section(d, kind).splice(index, 1));
            }
            if (update) log.push(update);
          }

          // Everything reaches everyone, in some order, some of it twice.
          for (const device of devices) device.receive([...log, ...log.filter(() => random() < 0.3)].sort(() => random() - 0.5));
          const docs = devices.map((d) => d.doc);
          for (const doc of docs) expect(doc).toEqual(docs[0]);
          expect(docFromState(mergeUpdates(new Uint8Array(), [...log].reverse().concat(start)))).toEqual(docs[0]);
          const merged = docs[0]!;
          expect(entryDocSchema.safeParse(merged).success).toBe(true);

          const text = allText(merged);
          const words = text.match(WORD) ?? [];
          expect(new Set(words).size).toBe(words.length);
          for (const [word, mark] of inserted) {
            const lost = deletedWords.has(word) || (mark !== null && deletedParagraphs.has(mark));
            if (!lost) expect(words, `${word} (in ${mark ?? 'an unmarked paragraph'})`).toContain(word);
          }
          for (const word of deletedWords) expect(words).not.toContain(word);
          const marks = text.match(MARK) ?? [];
          expect(new Set(marks).size).toBe(marks.length);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('arbitrary concurrent rewrites (property)', () => {
  it('two devices saving any documents from the same start converge on a valid entry that saves back unchanged', () => {
    fc.assert(
      fc.property(docArb, fc.array(docArb, { minLength: 1, maxLength: 2 }), fc.array(docArb, { minLength: 1, maxLength: 2 }), (base, aDocs, bDocs) => {
        const start = entryStateFromDoc(base);
        const a = new Device(start);
        const b = new Device(start);
        for (const doc of aDocs) a.save((d) => Object.assign(d, structuredClone(doc)));
        for (const doc of bDocs) b.save((d) => Object.assign(d, structuredClone(doc)));
        const merged = exchange(start, a, b);
        const { state, update } = updateFromSavedDoc(a.state, merged);
        expect(docFromState(state)).toEqual(merged);
        if (update) b.receive([update]);
        expect(b.doc).toEqual(merged);
      }),
      { numRuns: 60 },
    );
  });
});

// ——————————————————————————————————————————————————— sizes and hygiene

describe('updates', () => {
  const WORDS = ['the', 'morning', 'light', 'was', 'kind', 'and', 'we', 'walked', '绿岛', 'slowly', 'home', '🌊', 'together', 'after', 'tea'];
  const longDoc = () =>
    entry({
      given: Array.from({ length: 100 }, (_, i) => p(Array.from({ length: 50 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]).join(' '))),
    });

  it('typing one word into a 5,000-word entry is an update of a few dozen bytes', () => {
    const doc = longDoc();
    expect(plainText(section(doc, 'given')).split(/\s+/).length).toBe(5_000);
    const state = entryStateFromDoc(doc);
    const next = structuredClone(doc);
    const para = section(next, 'given')[50]!;
    const words = textOf(para).split(' ');
    words.splice(25, 0, 'quietly');
    setText(para, words.join(' '));
    const { update, state: after } = updateFromSavedDoc(state, next);
    expect(state.byteLength).toBeGreaterThan(30_000);
    expect(update!.byteLength).toBeLessThan(1024);
    expect(update!.byteLength).toBeLessThan(100);
    expect(docFromState(after)).toEqual(canonicalEntryDoc(next));
    expect(docFromState(mergeUpdates(state, [update!]))).toEqual(docFromState(after));
  });

  it('saving what the state already holds changes nothing', () => {
    const doc = markdownDoc();
    const state = entryStateFromDoc(doc);
    const result = updateFromSavedDoc(state, structuredClone(doc));
    expect(result.update).toBeNull();
    expect(result.state).toBe(state);
  });

  it('a deleted word is not kept in the state', () => {
    const state = entryStateFromDoc(entry({ given: [p('keep this secretword please')] }));
    const { state: after } = updateFromSavedDoc(state, entry({ given: [p('keep this please')] }));
    expect(Buffer.from(state).includes('secretword')).toBe(true);
    expect(Buffer.from(after).includes('secretword')).toBe(false);
  });

  it('uses a client id the state does not know, or the one given', () => {
    const state = entryStateFromDoc(emptyDoc());
    const known = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state));
    const { update } = updateFromSavedDoc(state, entry({ given: [p('x')] }));
    const clients = Y.decodeUpdate(update!).structs.map((s) => s.id.client);
    expect(clients.every((c) => !known.has(c))).toBe(true);
    const given = updateFromSavedDoc(state, entry({ given: [p('y')] }), { clientID: 4242 });
    expect(Y.decodeUpdate(given.update!).structs.map((s) => s.id.client)).toEqual(expect.arrayContaining([4242]));
  });

  it('keeps updates whose predecessors have not arrived yet, and applies them when they do', () => {
    const start = entryStateFromDoc(emptyDoc());
    const a = new Device(start);
    const first = a.save((d) => setText(section(d, 'given')[0]!, 'one'))!;
    const second = a.save((d) => setText(section(d, 'given')[0]!, 'one two'))!;
    const early = mergeUpdates(start, [second]);
    expect(textOf(section(docFromState(early), 'given')[0])).toBe('');
    expect(textOf(section(docFromState(mergeUpdates(early, [first])), 'given')[0])).toBe('one two');
  });
});

describe('hostile or damaged states', () => {
  it('read as a valid entry that keeps the words', () => {
    const ydoc = new Y.Doc();
    const fragment = ydoc.getXmlFragment(ENTRY_FRAGMENT);
    const el = (name: string, attrs: Record<string, unknown>, children: (Y.XmlElement | Y.XmlText)[] = []) => {
      const e = new Y.XmlElement(name);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as never);
      e.insert(0, children);
      return e;
    };
    const text = (value: string, attributes?: Record<string, unknown>) => {
      const t = new Y.XmlText();
      t.insert(0, value, attributes);
      return t;
    };
    let deep = el('paragraph', {}, [text('deep words')]);
    for (let i = 0; i < 300; i++) deep = el('blockquote', {}, [deep]);
    fragment.insert(0, [
      el('paragraph', {}, [text('loose before any section')]),
      el('section', { kind: 'note' }, [el('paragraph', {}, [text('a note first')])]),
      el('section', { kind: 'given' }, [
        el('paragraph', {}, [text('evil', { link: { href: 'javascript:alert(1)' } }), text(' both', { bold: {}, code: {} })]),
        el('marquee', {}, [text('marquee words')]),
        el('image', { alt: 'no id' }),
        el('paragraph', {}, [el('mention', { label: 'Nobody' }), el('tag', { label: '#  Two  words ' })]),
        el('heading', { level: 'x' }, [text('heading')]),
        el('bulletList', {}),
        el('bulletList', {}, [el('listItem', {}, [el('bulletList', {}, [el('listItem', {}, [el('paragraph', {}, [text('inner')])])])])]),
      ]),
      el('section', { kind: 'given' }, [el('taskList', {}, [el('taskItem', { id: 'z', state: 'maybe' }, [el('paragraph', {}, [text('task outside unsaid')])])])]),
      el('section', { kind: 'bogus' }, [el('paragraph', {}, [text('bogus section')])]),
      el('section', { kind: 'unsaid' }, [el('taskList', {}, [el('taskItem', { id: 'u', state: 'maybe' }, [el('heading', { level: 3 }, [text('item heading')])])])]),
      el('section', { kind: 'received' }, [deep]),
    ]);
    const state = Y.encodeStateAsUpdate(ydoc);
    const doc = docFromState(state);
    expect(entryDocSchema.safeParse(doc).success).toBe(true);
    expect(doc.content.map((s) => s.attrs.kind)).toEqual([...sectionKinds]);
    const text_ = allText(doc);
    for (const words of ['loose before any section', 'a note first', 'evil both', 'marquee words', '@Nobody', '#Two words', 'heading', 'inner', 'task outside unsaid', 'bogus section', 'item heading', 'deep words']) {
      expect(text_).toContain(words);
    }
    expect(unsaidItemsOf(doc)).toEqual([{ id: 'u', position: 0, text: 'item heading', state: 'open', personIds: [] }]);
    // Saving it back writes the repairs into the state; reading again gives the same document.
    const { state: saved } = updateFromSavedDoc(state, doc);
    expect(docFromState(saved)).toEqual(doc);
    expect(updateFromSavedDoc(saved, doc).update).toBeNull();
  });
});

// ——————————————————————————————————————————————————— arbitraries (after tests/unit/import/roundTrip.test.ts)

const TAGS = ['Travel', '绿岛', 'example tag', 'C++', '🌊 sea'];
const HREFS = ['https://example.org/a_b(c)', 'mailto:a@b.co', 'mutual:entry/3f2a-9c'];
const UNITS = ['a', 'b', 'Z', ' ', '  ', '1', '*', '_', '`', '[', '#', '@', '\\', '<', '&', '绿', '岛', '🌊', '👍🏽', 'í', '\t'];
const textArb = fc.string({ unit: fc.constantFrom(...UNITS), minLength: 1, maxLength: 8 });
const marksArb: fc.Arbitrary<Mark[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Mark[]>([]) },
  { weight: 1, arbitrary: fc.constant<Mark[]>([{ type: 'code' }]) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.subarray<Mark>([{ type: 'bold' }, { type: 'italic' }, { type: 'strike' }]), fc.option(fc.constantFrom(...HREFS).map((href): Mark => ({ type: 'link', attrs: { href } }))))
      .map(([m, l]) => (l ? [...m, l] : m)),
  },
);
const inlineArb: fc.Arbitrary<DocNode[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ text: textArb, marks: marksArb }).map(({ text, marks }): DocNode => ({ type: 'text', text, ...(marks.length ? { marks } : {}) })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PEOPLE), marksArb).map(([x, marks]): DocNode => ({ type: 'mention', attrs: { id: x.id, label: x.name }, ...(marks.length ? { marks } : {}) })) },
    { weight: 1, arbitrary: fc.constantFrom(...TAGS).map((label): DocNode => ({ type: 'tag', attrs: { label } })) },
    { weight: 1, arbitrary: fc.constant<DocNode>({ type: 'hardBreak' }) },
  ),
  { minLength: 0, maxLength: 6 },
);
const docArb: fc.Arbitrary<EntryDoc> = entryDocArbitrary({ inline: inlineArb, images: fc.constantFrom(null, 'The lake', '湖 🌊').map((alt): DocNode => ({ type: 'image', attrs: { photoId: PHOTO, alt } })) });
