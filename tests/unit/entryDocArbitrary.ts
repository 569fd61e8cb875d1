/**
 * A fast-check arbitrary for whole entry documents: the four sections holding paragraphs, headings,
 * rules, quotes and nested lists, with unsaid items in Unsaid. The inline content is the caller's
 * (what trips up Markdown differs from what trips up a merge). Shared by the Markdown round trip
 * (tests/unit/import/roundTrip.test.ts) and the sync merge (tests/unit/sync/entryCrdt.test.ts).
 */
import fc from 'fast-check';
import { docOfSections } from '../../electron/core/markdown/entryFileRead';
import type { DocNode, EntryDoc } from '../../electron/shared/doc';

export interface EntryDocArbitraryOptions {
  /** Inline content of a paragraph or heading; an empty array becomes an empty paragraph. */
  inline: fc.Arbitrary<DocNode[]>;
  /** Photos to place among the blocks (none when absent). */
  images?: fc.Arbitrary<DocNode>;
}

export function entryDocArbitrary({ inline, images }: EntryDocArbitraryOptions): fc.Arbitrary<EntryDoc> {
  const paragraph = inline.map((content): DocNode => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' }));
  const { block } = fc.letrec<{ block: DocNode; item: DocNode }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: paragraph },
      { weight: 1, arbitrary: fc.record({ level: fc.constantFrom(3, 4), content: inline }).map(({ level, content }): DocNode => ({ type: 'heading', attrs: { level }, content })) },
      { weight: 1, arbitrary: fc.constant<DocNode>({ type: 'horizontalRule' }) },
      ...(images ? [{ weight: 1, arbitrary: images }] : []),
      { weight: 1, arbitrary: fc.array(tie('block'), { minLength: 1, maxLength: 3 }).map((content): DocNode => ({ type: 'blockquote', content })) },
      { weight: 1, arbitrary: fc.array(tie('item'), { minLength: 1, maxLength: 3 }).map((content): DocNode => ({ type: 'bulletList', content })) },
      {
        weight: 1,
        arbitrary: fc.record({ start: fc.constantFrom(1, 2, 7), content: fc.array(tie('item'), { minLength: 1, maxLength: 3 }) }).map(({ start, content }): DocNode => ({ type: 'orderedList', attrs: { start }, content })),
      },
    ),
    item: fc.tuple(paragraph, fc.array(tie('block'), { maxLength: 2 })).map(([first, rest]): DocNode => ({ type: 'listItem', content: [first, ...rest] })),
  }));
  const taskList = fc
    .array(fc.record({ state: fc.constantFrom('open', 'said', 'letGo'), content: paragraph }), { minLength: 1, maxLength: 4 })
    .map((items): DocNode => ({ type: 'taskList', content: items.map((i, n) => ({ type: 'taskItem', attrs: { id: `item-${n}`, state: i.state }, content: [i.content] })) }));
  return fc
    .record({ given: fc.array(block, { maxLength: 3 }), received: fc.array(block, { maxLength: 3 }), unsaid: fc.option(taskList), note: fc.array(block, { maxLength: 3 }) })
    .map((s) => docOfSections({ given: s.given, received: s.received, unsaid: s.unsaid ? [s.unsaid] : [], note: s.note }));
}
