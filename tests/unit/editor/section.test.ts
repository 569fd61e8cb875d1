// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText, emptyDoc, sectionTitles } from '../../../electron/shared/doc';
import { findSection, focusSection, sectionAt } from '../../../src/editor/extensions/section';
import { caretIn, makeEditor, pasteHTML, press, schemaIssues, sectionKinds, sectionKindsOf, sectionText, selectAll, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const sample = () => docFromPlainText({ given: 'Cooked dinner', received: 'A long hug', unsaid: 'Say thanks', note: 'Tired but warm' });

describe('Section', () => {
  it('renders each section as a region named after it, in order', () => {
    editor = makeEditor(sample());
    const regions = [...editor.view.dom.querySelectorAll('section[role="region"]')];
    expect(regions.map((r) => r.getAttribute('aria-label'))).toEqual(['Given', 'Received', 'Unsaid', 'Note']);
    expect(regions.map((r) => r.getAttribute('data-section'))).toEqual([...sectionKinds]);
    expect(regions[0]?.textContent).toContain('Cooked dinner');
  });

  it('keeps four sections in order when everything is selected and deleted', () => {
    editor = makeEditor(sample());
    selectAll(editor);
    press(editor, 'Backspace');
    expect(sectionKindsOf(editor)).toEqual([...sectionKinds]);
    expect(sectionKinds.map((k) => sectionText(editor!, k))).toEqual(['', '', '', '']);
    expect(schemaIssues(editor)).toEqual([]);
    type(editor, 'Still here');
    expect(editor.getText()).toContain('Still here');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('does not join sections when Backspace is pressed at the start of one', () => {
    editor = makeEditor(sample());
    caretIn(editor, 'received', 'start');
    press(editor, 'Backspace');
    press(editor, 'Backspace');
    expect(sectionText(editor, 'given')).toBe('Cooked dinner');
    expect(sectionText(editor, 'received')).toBe('A long hug');
    expect(sectionKindsOf(editor)).toEqual([...sectionKinds]);
  });

  it('does not join sections when Delete is pressed at the end of one', () => {
    editor = makeEditor(sample());
    caretIn(editor, 'given', 'end');
    press(editor, 'Delete');
    expect(sectionText(editor, 'given')).toBe('Cooked dinner');
    expect(sectionText(editor, 'received')).toBe('A long hug');
  });

  it('selects the current section first with Mod-a, then the whole entry', () => {
    editor = makeEditor(sample());
    caretIn(editor, 'received');
    expect(press(editor, 'a', { ctrlKey: true })).toBe(true);
    const { from, to } = editor.state.selection;
    expect(editor.state.doc.textBetween(from, to, '\n')).toBe('A long hug');
    press(editor, 'Backspace');
    expect(sectionText(editor, 'received')).toBe('');
    expect(sectionText(editor, 'given')).toBe('Cooked dinner');
    caretIn(editor, 'given');
    press(editor, 'a', { ctrlKey: true });
    expect(press(editor, 'a', { ctrlKey: true })).toBe(true);
    expect(editor.state.selection.from).toBeLessThan(5);
    expect(editor.state.selection.to).toBeGreaterThan(editor.state.doc.content.size - 5);
  });

  it('restores the kinds if a transaction swaps them', () => {
    editor = makeEditor(sample());
    const given = findSection(editor.state.doc, 'given')!;
    editor.view.dispatch(editor.state.tr.setNodeAttribute(given.pos, 'kind', 'note'));
    expect(sectionKindsOf(editor)).toEqual([...sectionKinds]);
  });

  it('pastes content copied across sections into the current section, without new sections', () => {
    editor = makeEditor(sample());
    caretIn(editor, 'note');
    pasteHTML(editor, '<section data-section="given"><p>one</p></section><section data-section="received"><p>two</p></section>');
    expect(sectionKindsOf(editor)).toEqual([...sectionKinds]);
    expect(sectionText(editor, 'note')).toContain('one');
    expect(sectionText(editor, 'note')).toContain('two');
    expect(sectionText(editor, 'given')).toBe('Cooked dinner');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('moves the caret into a section with focusSection', () => {
    editor = makeEditor(sample());
    for (const kind of sectionKinds) {
      expect(focusSection(editor, kind, 'start')).toBe(true);
      expect(sectionAt(editor.state.selection.$from)).toBe(kind);
      type(editor, '>');
      expect(sectionText(editor, kind).startsWith('>')).toBe(true);
    }
    expect(editor.commands.focusSection('note', 'end')).toBe(true);
    type(editor, '!');
    expect(sectionText(editor, 'note').endsWith('!')).toBe(true);
  });

  it('parses its HTML back into the right kinds', () => {
    editor = makeEditor(emptyDoc());
    const html = editor.getHTML();
    for (const kind of sectionKinds) expect(html).toContain(`aria-label="${sectionTitles[kind]}"`);
    const again = makeEditor(html);
    expect(sectionKindsOf(again)).toEqual([...sectionKinds]);
    again.destroy();
  });
});
