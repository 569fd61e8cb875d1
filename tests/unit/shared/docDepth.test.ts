/** The entry document schema caps nesting (MAX_DOC_DEPTH) before its recursive checks run. */
import { describe, expect, it } from 'vitest';
import type { DocNode } from '../../../electron/shared/doc';
import { emptyDoc, entryDocSchema, MAX_DOC_DEPTH, nestsDeeperThan } from '../../../electron/shared/doc';

function nestedLists(levels: number): DocNode {
  let node: DocNode = { type: 'paragraph', content: [{ type: 'text', text: 'x' }] };
  for (let i = 0; i < levels; i++) node = { type: 'bulletList', content: [{ type: 'listItem', content: [node] }] };
  return node;
}

describe('document depth', () => {
  it('is measured without recursion, so 100,000 levels are measured at all', () => {
    const deep = nestedLists(50_000);
    expect(nestsDeeperThan(deep, MAX_DOC_DEPTH)).toBe(true);
    expect(nestsDeeperThan(nestedLists(3), 7)).toBe(false);
    expect(nestsDeeperThan(nestedLists(3), 6)).toBe(true);
    expect(nestsDeeperThan(null, 0)).toBe(false);
  });

  it('a document with lists 40 deep parses; one with lists 60 deep is refused with a plain message', () => {
    const doc = emptyDoc();
    doc.content[0].content = [nestedLists(40)];
    expect(entryDocSchema.safeParse(doc).success).toBe(true);
    doc.content[0].content = [nestedLists(60)];
    const result = entryDocSchema.safeParse(doc);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/nests more than 100 levels deep/);
  });

  it('20,000 levels deep: refused, never a stack overflow', () => {
    const doc = emptyDoc();
    doc.content[0].content = [nestedLists(10_000)];
    expect(() => entryDocSchema.safeParse(doc)).not.toThrow();
    expect(entryDocSchema.safeParse(doc).success).toBe(false);
  });
});
