import { describe, expect, it } from 'vitest';
import { docFromPlainText, emptyDoc, entryDocSchema, isSafeHref, mentionsOf, plainText, sectionOf, unsaidItemsOf, withItemIds } from '../../../electron/shared/doc';

const sam = { id: 'p-sam', name: 'Sam' };

describe('entry document', () => {
  it('an empty document has the four sections in order and validates', () => {
    const doc = emptyDoc();
    expect(doc.content.map((s) => s.attrs.kind)).toEqual(['given', 'received', 'unsaid', 'note']);
    expect(entryDocSchema.safeParse(doc).success).toBe(true);
  });

  it('refuses sections out of order, unsafe links and unsaid items outside Unsaid', () => {
    const swapped = emptyDoc();
    [swapped.content[0], swapped.content[1]] = [swapped.content[1], swapped.content[0]];
    expect(entryDocSchema.safeParse(swapped).success).toBe(false);

    const link = emptyDoc();
    link.content[0].content = [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }];
    expect(entryDocSchema.safeParse(link).success).toBe(false);

    const task = emptyDoc();
    task.content[3].content = [{ type: 'taskList', content: [{ type: 'taskItem', attrs: { state: 'open' }, content: [{ type: 'paragraph' }] }] }];
    expect(entryDocSchema.safeParse(task).success).toBe(false);
  });

  it('allows only http, https and mailto links', () => {
    expect(['https://example.org', 'http://a.b/c', 'mailto:sam@example.org'].every(isSafeHref)).toBe(true);
    expect(['javascript:alert(1)', 'JAVASCRIPT:x', 'file:///etc/passwd', 'data:text/html,<b>', 'vbscript:x', ' javascript:x', 'mailto:<x>'].some(isSafeHref)).toBe(false);
  });

  it('builds mentions and unsaid items from plain text', () => {
    const doc = docFromPlainText({ given: 'Drove Sam home', unsaid: 'Thank Sam for the soup\nCall mum' }, [sam]);
    expect(mentionsOf(doc)).toEqual([
      { personId: 'p-sam', section: 'given' },
      { personId: 'p-sam', section: 'unsaid' },
    ]);
    const items = unsaidItemsOf(doc);
    expect(items.map((i) => [i.text, i.state, i.personIds])).toEqual([
      ['Thank Sam for the soup', 'open', ['p-sam']],
      ['Call mum', 'open', []],
    ]);
    expect(new Set(items.map((i) => i.id)).size).toBe(2);
    expect(plainText(sectionOf(doc, 'given').content, () => 'Samuel')).toBe('Drove Samuel home');
  });

  it('mentions a person named nowhere in the text at the start of the Note', () => {
    const doc = docFromPlainText({ note: 'A quiet day' }, [sam]);
    expect(plainText(sectionOf(doc, 'note').content)).toBe('Sam\nA quiet day');
  });

  it('gives unsaid items stable, unique ids', () => {
    const doc = docFromPlainText({ unsaid: 'one\ntwo' });
    const items = sectionOf(doc, 'unsaid').content[0]!.content!;
    items[1]!.attrs = { ...items[1]!.attrs, id: items[0]!.attrs!.id };
    const before = structuredClone(doc);
    const fixed = withItemIds(doc);
    const ids = unsaidItemsOf(fixed).map((i) => i.id);
    expect(ids[0]).toBe(items[0]!.attrs!.id);
    expect(new Set(ids).size).toBe(2);
    // The document given is left as it was: the copy's Unsaid section is its own.
    expect(doc).toEqual(before);
    expect(unsaidItemsOf(doc).map((i) => i.id)).toEqual([items[0]!.attrs!.id, items[0]!.attrs!.id]);
  });
});

describe('titleOf', () => {
  it('is the first line with words, never a bare link, cut at a word', async () => {
    const { titleOf, TITLE_LENGTH } = await import('../../../electron/shared/doc');
    expect(titleOf('Dinner at Maya’s\nWe talked late')).toBe('Dinner at Maya’s');
    expect(titleOf('\n—\nhttps://example.com/photo\nA walk by the sea')).toBe('A walk by the sea');
    expect(titleOf('')).toBe('');
    const long = titleOf('word '.repeat(40));
    expect([...long].length).toBeLessThanOrEqual(TITLE_LENGTH + 1);
    expect(long.endsWith('word…')).toBe(true);
    expect(titleOf('台北回家吃饭'.repeat(20)).endsWith('…')).toBe(true);
  });
});
