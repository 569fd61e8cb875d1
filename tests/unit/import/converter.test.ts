/** The Markdown ↔ document converter's own promises, and the link allow-list it shares with the editor. */
import { describe, expect, it } from 'vitest';
import { markdownToBlocks } from '../../../electron/core/markdown/fromMarkdown';
import { blocksToMarkdown } from '../../../electron/core/markdown/toMarkdown';
import { isSafeHref } from '../../../electron/shared/doc';
import { nodesOf } from './helpers';

describe('isSafeHref', () => {
  it('allows web, e-mail and links to another entry (mutual:entry/<id>) only', () => {
    for (const href of ['https://example.org', 'http://x.org/a', 'mailto:a@b.co', 'mutual:entry/3f2a9c1e-0b7d-4d7e-9a51-2c3d4e5f6a7b', 'mutual:entry/abc_DEF-1']) expect(isSafeHref(href), href).toBe(true);
    for (const href of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'mutual:entry/', 'mutual:entry/a b', 'mutual:entry/../x', 'mutual:person/p1', 'mutual:tag/x', 'MUTUAL:settings', `mutual:entry/${'a'.repeat(65)}`, 'dayone2://view?entryId=X']) expect(isSafeHref(href), href).toBe(false);
  });
});

describe('reading Markdown', () => {
  it('undoes CommonMark escapes, the Apple apps’ included', () => {
    expect(nodesOf(markdownToBlocks('It was cold\\! Back at 9\\-ish \\(maybe 10\\)\\. \\#no \\*stars\\*'), 'text').map((t) => t.text).join('')).toBe('It was cold! Back at 9-ish (maybe 10). #no *stars*');
  });

  it('never turns raw HTML into markup: it stays its own text', () => {
    const blocks = markdownToBlocks('<script>alert(1)</script>\n\nA <b>bold</b> <img src=x onerror=alert(1)> word');
    expect(JSON.stringify(blocks)).not.toContain('"marks"');
    expect(nodesOf(blocks, 'text').map((t) => t.text).join('')).toBe('<script>alert(1)</script>A <b>bold</b> <img src=x onerror=alert(1)> word');
  });

  it('code blocks arrive as one paragraph of inline code per line', () => {
    const blocks = markdownToBlocks('```sh\necho one\n\necho two\n```');
    expect(blocks).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'echo one', marks: [{ type: 'code' }] }] },
      { type: 'paragraph' },
      { type: 'paragraph', content: [{ type: 'text', text: 'echo two', marks: [{ type: 'code' }] }] },
    ]);
  });

  it('keeps a link only for an allowed address, else its words and the address', () => {
    const blocks = markdownToBlocks('[ok](https://a.org) [no](javascript:alert(1)) <https://b.org>');
    const links = nodesOf(blocks, 'text').flatMap((t) => t.marks?.filter((m) => m.type === 'link').map((m) => `${t.text}→${String(m.attrs?.href)}`) ?? []);
    expect(links).toEqual(['ok→https://a.org', 'https://b.org→https://b.org']);
    expect(nodesOf(blocks, 'text').map((t) => t.text).join('')).toContain('no (javascript:alert(1))');
  });

  it('nested lists, numbered lists with their start, quotes, rules and headings at the editor’s levels', () => {
    const blocks = markdownToBlocks('# One\n\n### Three\n\n3. a\n   - b\n\n> q\n\n---');
    expect(blocks.map((b) => `${b.type}${b.attrs?.level ?? b.attrs?.start ?? ''}`)).toEqual(['heading3', 'heading4', 'orderedList3', 'blockquote', 'horizontalRule']);
    expect(nodesOf(blocks, 'bulletList')).toHaveLength(1);
  });
});

describe('writing Markdown', () => {
  it('escapes what would read back as a tag or a mention, and writes tags and mentions so they do', () => {
    const md = blocksToMarkdown(
      [{ type: 'paragraph', content: [{ type: 'text', text: 'I am #blessed, @Sam says ' }, { type: 'tag', attrs: { label: 'Travel' } }, { type: 'text', text: ' ' }, { type: 'tag', attrs: { label: 'two words' } }, { type: 'text', text: ' ' }, { type: 'mention', attrs: { id: 'p1', label: 'Sam' } }] }],
      { people: [{ id: 'p1', name: 'Sam' }] },
    );
    expect(md).toBe('I am \\#blessed, &#x40;Sam says #Travel [\\#two words](mutual:tag/two%20words) @Sam');
    const tagLine = blocksToMarkdown([{ type: 'paragraph', content: [{ type: 'tag', attrs: { label: 'café' } }, { type: 'text', text: ' ' }, { type: 'tag', attrs: { label: '绿岛' } }, { type: 'tag', attrs: { label: 'glued' } }] }]);
    expect(tagLine).toBe('#café #绿岛[\\#glued](mutual:tag/glued)');
  });

  it('a person’s page (no list of the entry’s people) writes every mention as @Name', () => {
    expect(blocksToMarkdown([{ type: 'paragraph', content: [{ type: 'text', text: 'Drove ' }, { type: 'mention', attrs: { id: 'p1', label: 'Sam' } }, { type: 'text', text: ' home' }] }])).toBe('Drove @Sam home');
  });
});

describe('photos in a Mutual Markdown export', () => {
  it('are written as an image of the journal’s photo and read back as that photo', () => {
    const photo = { type: 'image', attrs: { photoId: '3f2a9c1e-0b7d-4d7e-9a51-2c3d4e5f6a7b', alt: 'The lake at dawn' } };
    const md = blocksToMarkdown([photo]);
    expect(md).toBe('![The lake at dawn](mutual:photo/3f2a9c1e-0b7d-4d7e-9a51-2c3d4e5f6a7b)');
    expect(markdownToBlocks(md, { photo: (photoId, alt) => ({ type: 'image', attrs: { photoId, alt } }) })).toEqual([photo]);
    // Anywhere else (another journal's Markdown) it is an image: a placeholder with its description.
    expect(nodesOf(markdownToBlocks(md), 'text').map((t) => t.text)).toEqual(['Image not included: The lake at dawn']);
  });
});
