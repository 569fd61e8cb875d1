// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Editor } from '@tiptap/core';
import { docFromPlainText, emptyDoc, entryDocSchema, type SectionKind } from '../../../electron/shared/doc';
import { editorExtensions, entryEditorOptions, unrepresentable } from '../../../src/editor/createExtensions';
import { caretIn, json, makeEditor, nodes, pasteHTML, press, schemaIssues, sectionKinds, sectionText, selectAll, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
  document.head.replaceChildren();
});

describe('editorExtensions', () => {
  it('builds exactly the node and mark types the entry schema accepts', () => {
    editor = makeEditor(emptyDoc());
    expect(Object.keys(editor.schema.nodes).sort()).toEqual(
      ['doc', 'section', 'paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'blockquote', 'taskList', 'taskItem', 'horizontalRule', 'text', 'mention', 'tag', 'hardBreak', 'image'].sort(),
    );
    expect(Object.keys(editor.schema.marks).sort()).toEqual(['bold', 'italic', 'strike', 'code', 'link'].sort());
  });

  it('holds a photo of the journal exactly as saved, and only those', () => {
    const doc = docFromPlainText({ given: 'Words before', note: 'after' });
    const photo = { type: 'image', attrs: { photoId: '0b0e2f59-6a27-4d8c-9d7d-1a2b3c4d5e6f', alt: 'The sea at dawn' } };
    doc.content[0].content.push(photo);
    expect(unrepresentable(doc)).toBeNull();
    editor = makeEditor(doc);
    expect(json(editor)).toEqual(doc);
    const img = editor.view.dom.querySelector('figure[data-type="image"] img') as HTMLImageElement;
    expect(img.alt).toBe('The sea at dawn');
    expect(img.getAttribute('src')).toMatch(/photos\/0b0e2f59-6a27-4d8c-9d7d-1a2b3c4d5e6f\/medium/);
    // Copied HTML carries the id, never the page's address of the picture.
    expect(editor.getHTML()).not.toContain('src=');
    caretIn(editor, 'note');
    pasteHTML(editor, '<p>x</p><img src="https://example.com/a.png"><figure data-type="image" data-photo-id="not-an-id"></figure>');
    expect(nodes(json(editor)).filter((n) => n.type === 'image')).toHaveLength(1);
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('says when a document holds something the editor cannot, instead of opening it empty', () => {
    const doc = docFromPlainText({ given: 'Words' });
    doc.content[0].content.push({ type: 'video', attrs: {} });
    expect(unrepresentable(doc)).toMatch(/video/);
    expect(unrepresentable(emptyDoc())).toBeNull();
  });

  it('injects no stylesheet (the CSP allows only the app’s own CSS)', () => {
    expect(entryEditorOptions.injectCSS).toBe(false);
    editor = makeEditor(emptyDoc());
    expect(document.querySelectorAll('style').length).toBe(0);
    expect(editor.view.dom.querySelectorAll('[style]').length).toBe(0);
  });

  it('returns fresh extension instances each call', () => {
    expect(editorExtensions()).not.toBe(editorExtensions());
    expect(editorExtensions().map((e) => e.name)).toEqual(editorExtensions().map((e) => e.name));
  });

  it.each([
    ['**kind** ', 'bold'],
    ['*soft* ', 'italic'],
    ['~~gone~~ ', 'strike'],
    ['`code` ', 'code'],
  ])('turns the markdown shortcut %j into %s', (typed, mark) => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'note');
    type(editor, typed);
    const marked = nodes(json(editor)).filter((n) => n.marks?.some((m) => m.type === mark));
    expect(marked).toHaveLength(1);
  });

  it.each([
    ['- ', 'bulletList'],
    ['1. ', 'orderedList'],
    ['> ', 'blockquote'],
    ['### ', 'heading'],
  ])('turns the line start %j into a %s', (typed, node) => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    type(editor, `${typed}text`);
    expect(json(editor).content[0].content.map((n) => n.type)).toContain(node);
    expect(sectionText(editor, 'given')).toBe('text');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('does not make top-level headings (section titles are those)', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    type(editor, '# not a heading');
    expect(json(editor).content[0].content.map((n) => n.type)).toEqual(['paragraph']);
  });

  it('keeps every document valid whatever a person does', () => {
    const sections = fc.constantFrom<SectionKind>(...sectionKinds);
    const action = fc.oneof(
      fc.record({ kind: fc.constant('type' as const), section: sections, text: fc.string({ maxLength: 12 }) }),
      fc.record({ kind: fc.constant('shortcut' as const), section: sections, text: fc.constantFrom('- ', '1. ', '> ', '[ ] ', '[x] ', '**b** ', '@', '---', '### ', '#trip ', '#', ' #1 ') }),
      fc.record({ kind: fc.constant('key' as const), key: fc.constantFrom('Enter', 'Backspace', 'Delete', 'Tab', 'ArrowUp', 'ArrowDown'), shift: fc.boolean() }),
      fc.record({ kind: fc.constant('selectAllDelete' as const) }),
      fc.record({
        kind: fc.constant('paste' as const),
        section: sections,
        html: fc.constantFrom(
          '<ul data-type="taskList"><li data-type="taskItem"><div><p>t</p></div></li></ul>',
          '<section data-section="unsaid"><p>x</p></section><section data-section="note"><p>y</p></section>',
          '<a href="javascript:alert(1)">bad</a><a href="https://ok.example">ok</a>',
          '<h1>Big</h1><pre><code>code</code></pre><u>under</u><table><tr><td>cell</td></tr></table>',
          '<span data-type="mention" data-id="">ghost</span><img src=x onerror=alert(1)>',
          '<p><span data-type="tag" data-label="#  two\nlines ">#x</span><span data-type="tag" data-label="">#</span></p>',
        ),
      }),
      fc.record({ kind: fc.constant('command' as const), name: fc.constantFrom('toggleBold', 'toggleBulletList', 'toggleBlockquote', 'toggleTaskList', 'setHorizontalRule', 'undo', 'redo') }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const e = makeEditor(docFromPlainText({ given: 'one', unsaid: 'two' }));
        try {
          for (const a of actions) {
            if (a.kind === 'type' || a.kind === 'shortcut') {
              caretIn(e, a.section);
              type(e, a.text);
            } else if (a.kind === 'key') press(e, a.key, { shiftKey: a.shift });
            else if (a.kind === 'selectAllDelete') {
              selectAll(e);
              press(e, 'Backspace');
            } else if (a.kind === 'paste') {
              caretIn(e, a.section);
              pasteHTML(e, a.html);
            } else {
              (e.commands as unknown as Record<string, () => boolean>)[a.name]!();
            }
            const result = entryDocSchema.safeParse(e.getJSON());
            if (!result.success) throw new Error(`${JSON.stringify(a)} → ${result.error.issues.map((i) => i.message).join('; ')}`);
          }
        } finally {
          e.destroy();
        }
      }),
      { numRuns: 50 },
    );
  });
});
