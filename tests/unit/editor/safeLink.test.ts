// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Editor, JSONContent } from '@tiptap/core';
import { emptyDoc, isSafeHref } from '../../../electron/shared/doc';
import { entryIdOfHref, normalizeHref } from '../../../src/editor/extensions/safeLink';
import { caretIn, json, makeEditor, nodes, pasteHTML, press, schemaIssues, sectionText, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
  delete (globalThis as { __pwned?: boolean }).__pwned;
});

const hrefs = (e: Editor): string[] =>
  nodes(e.getJSON()).flatMap((n: JSONContent) => (n.marks ?? []).filter((m) => m.type === 'link').map((m) => String(m.attrs?.href)));

const hostile = [
  '<p>Hello <a href="javascript:globalThis.__pwned=true">click me</a></p>',
  '<p><a href="JaVaScRiPt:alert(1)">caps</a> <a href=" javascript:alert(1)">spaced</a> <a href="java&#10;script:alert(1)">split</a></p>',
  '<p><a href="data:text/html,<script>alert(1)</script>">data</a> <a href="vbscript:msgbox(1)">vb</a> <a href="file:///etc/passwd">file</a></p>',
  '<img src="x" onerror="globalThis.__pwned=true"><p onclick="globalThis.__pwned=true">kept text</p>',
  '<script>globalThis.__pwned=true</script><p>after script</p>',
  '<p><a href="https://example.com" onclick="globalThis.__pwned=true" onmouseover="x()">good link</a></p>',
  '<svg><a xlink:href="javascript:alert(1)">svg</a></svg><iframe src="javascript:alert(1)"></iframe><p>end</p>',
].join('');

describe('SafeLink', () => {
  it('keeps no unsafe link and runs nothing when hostile HTML is set as content', () => {
    editor = makeEditor(emptyDoc());
    editor.commands.setContent(`<section data-section="given">${hostile}</section>`);
    expect(hrefs(editor)).toEqual(['https://example.com']);
    expect(JSON.stringify(editor.getJSON())).not.toMatch(/javascript|onerror|onclick|script>|data:text/i);
    expect(editor.getHTML()).not.toMatch(/javascript:|onerror|onclick|<script|<img|<iframe/i);
    expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('keeps no unsafe link when hostile HTML is inserted or pasted', async () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    editor.commands.insertContent(hostile);
    caretIn(editor, 'note');
    pasteHTML(editor, hostile);
    for (const href of hrefs(editor)) expect(isSafeHref(href), href).toBe(true);
    expect(hrefs(editor)).toEqual(['https://example.com', 'https://example.com']);
    expect(sectionText(editor, 'given')).toContain('click me');
    expect(sectionText(editor, 'note')).toContain('kept text');
    expect(sectionText(editor, 'note')).not.toContain('__pwned');
    expect(editor.view.dom.innerHTML).not.toMatch(/javascript:|onerror|onclick|<script|<img|<iframe/i);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('refuses unsafe targets in setLink and toggleLink, and completes bare addresses', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    type(editor, 'a place');
    const { from } = editor.state.selection;
    editor.commands.setTextSelection({ from: from - 7, to: from });
    expect(editor.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(editor.commands.toggleLink({ href: 'data:text/html,hi' })).toBe(false);
    expect(hrefs(editor)).toEqual([]);
    expect(editor.commands.setLink({ href: 'example.com/garden' })).toBe(true);
    expect(hrefs(editor)).toEqual(['https://example.com/garden']);
    expect(editor.commands.setLink({ href: 'sam@example.com' })).toBe(true);
    expect(hrefs(editor)).toEqual(['mailto:sam@example.com']);
  });

  it('removes or repairs unsafe links that arrive by any other route', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    type(editor, 'one two');
    const linkType = editor.schema.marks.link!;
    const { from } = editor.state.selection;
    editor.view.dispatch(
      editor.state.tr
        .addMark(from - 7, from - 4, linkType.create({ href: 'javascript:alert(1)' }))
        .addMark(from - 3, from, linkType.create({ href: 'www.example.com' })),
    );
    expect(hrefs(editor)).toEqual(['https://www.example.com']);
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('links typed addresses as the person types (autolink), safely', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    type(editor, 'see https://example.org/x and www.example.net and javascript:alert(1) and sam@example.com ');
    expect(hrefs(editor)).toEqual(['https://example.org/x', 'https://www.example.net', 'mailto:sam@example.com']);
    expect(sectionText(editor, 'given')).toContain('javascript:alert(1)');
  });

  it('does not open links on click inside the editor', () => {
    editor = makeEditor(emptyDoc());
    expect(editor.extensionManager.extensions.find((e) => e.name === 'link')?.options.openOnClick).toBe(false);
  });

  it('cleans links of a loaded document', () => {
    const doc = emptyDoc();
    doc.content[0].content = [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }];
    editor = makeEditor(doc);
    expect(hrefs(editor)).toEqual([]);
    expect(sectionText(editor, 'given')).toBe('x');
    expect(json(editor).content[0].content[0]?.content?.[0]?.marks ?? []).toEqual([]);
  });
});

describe('links to entries (mutual:entry/<id>)', () => {
  const entryDoc = () => {
    const doc = emptyDoc();
    doc.content[3].content = [
      { type: 'paragraph', content: [{ type: 'text', text: 'See ', marks: [] }, { type: 'text', text: 'that evening', marks: [{ type: 'link', attrs: { href: 'mutual:entry/e-42' } }] }] },
    ];
    return doc;
  };
  const click = (target: Element, init: MouseEventInit = {}) => {
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
    target.dispatchEvent(event);
    return event;
  };

  it('keeps an imported link to an entry, as a link without a new window', () => {
    expect(isSafeHref('mutual:entry/e-42')).toBe(true);
    editor = makeEditor(entryDoc());
    expect(hrefs(editor)).toEqual(['mutual:entry/e-42']);
    const a = editor.view.dom.querySelector('a') as HTMLAnchorElement;
    expect(a.getAttribute('href')).toBe('mutual:entry/e-42');
    expect(a.hasAttribute('target')).toBe(false);
    expect(a.title).toMatch(/Opens this entry/);
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('opens the entry in the app on a click, never in the browser', () => {
    const opened: string[] = [];
    editor = makeEditor(entryDoc(), { link: { openEntry: (id) => opened.push(id) } });
    const a = editor.view.dom.querySelector('a') as HTMLAnchorElement;
    const event = click(a.firstChild?.parentElement ?? a);
    expect(opened).toEqual(['e-42']);
    expect(event.defaultPrevented).toBe(true);
    // Shift extends the selection instead; a middle click would give the href to the browser.
    expect(click(a, { shiftKey: true }).defaultPrevented).toBe(true);
    const aux = new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 });
    a.dispatchEvent(aux);
    expect(aux.defaultPrevented).toBe(true);
    expect(opened).toEqual(['e-42']);
  });

  it('opens the entry with Alt+Enter when the caret is in the link', () => {
    const opened: string[] = [];
    editor = makeEditor(entryDoc(), { link: { openEntry: (id) => opened.push(id) } });
    caretIn(editor, 'note');
    editor.commands.setTextSelection(editor.state.selection.from - 3);
    expect(press(editor, 'Enter', { altKey: true })).toBe(true);
    expect(opened).toEqual(['e-42']);
    caretIn(editor, 'given');
    expect(press(editor, 'Enter', { altKey: true })).toBe(false);
  });

  it('leaves web links to the shell, and reads only well-formed entry ids', () => {
    expect(entryIdOfHref('mutual:entry/e-42')).toBe('e-42');
    expect(entryIdOfHref('https://example.com')).toBeNull();
    expect(entryIdOfHref('mutual:entry/../x')).toBeNull();
    expect(entryIdOfHref('mutual:entry/')).toBeNull();
    expect(entryIdOfHref(null)).toBeNull();
  });
});

describe('normalizeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com'],
    ['  http://example.com/a?b=c  ', 'http://example.com/a?b=c'],
    ['mailto:sam@example.com', 'mailto:sam@example.com'],
    ['example.com', 'https://example.com'],
    ['example.com:8080/path', 'https://example.com:8080/path'],
    ['//example.com/x', 'https://example.com/x'],
    ['sam@example.com', 'mailto:sam@example.com'],
    ['localhost:3000', 'https://localhost:3000'],
  ])('keeps %s as %s', (input, expected) => {
    expect(normalizeHref(input)).toBe(expected);
  });

  it.each(['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'ftp://example.com', 'tel:123', 'hello world', 'nodot', '', 'https://', 'mailto:"x"@y'])(
    'refuses %j',
    (input) => {
      expect(normalizeHref(input)).toBeNull();
    },
  );
});
