// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText, emptyDoc, type EntryDoc, type SectionKind } from '../../../electron/shared/doc';
import { promptsOf } from '../../../src/editor/extensions/sectionPrompt';
import { caretIn, json, makeEditor, schemaIssues, sectionText, type } from './helpers';

/** A document whose sections keep these prompts, as a saved entry does. */
function withPrompts(doc: EntryDoc, prompts: Partial<Record<SectionKind, string>>): EntryDoc {
  for (const section of doc.content) {
    const text = prompts[section.attrs.kind];
    if (text) (section.attrs as Record<string, unknown>).prompt = text;
  }
  return doc;
}

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const region = (name: string) => editor!.view.dom.querySelector(`section[role="region"][aria-label="${name}"]`) as HTMLElement;

describe('SectionPrompt', () => {
  it('shows each section’s title and the prompt kept with the entry, outside the editable text', () => {
    editor = makeEditor(withPrompts(docFromPlainText({ given: 'Soup' }), { given: 'What did you give?', note: 'Anything else?' }));
    const given = region('Given');
    expect(given.querySelector('h2')?.textContent).toBe('Given');
    expect(given.querySelector('.entry-section__prompt')?.textContent).toBe('What did you give?');
    expect((given.querySelector('.entry-section__header') as HTMLElement).contentEditable).toBe('false');
    expect(region('Received').querySelector('h2')?.textContent).toBe('Received');
    expect(region('Received').querySelector('.entry-section__prompt')).toBeNull();
    expect(sectionText(editor, 'given')).toBe('Soup');
    // Kept as the section's attribute, never as text of the entry.
    expect(json(editor).content[0].attrs).toEqual({ kind: 'given', prompt: 'What did you give?' });
    expect(JSON.parse(JSON.stringify(json(editor).content[1].attrs))).toEqual({ kind: 'received' });
    expect(promptsOf(editor.state.doc)).toEqual({ given: 'What did you give?', note: 'Anything else?' });
    expect(promptsOf(json(editor))).toEqual({ given: 'What did you give?', note: 'Anything else?' });
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('names the button after its section and reports which section asked', () => {
    const onAnotherPrompt = vi.fn();
    editor = makeEditor(withPrompts(emptyDoc(), { unsaid: 'What is waiting to be said?' }), { prompts: { onAnotherPrompt } });
    const button = region('Unsaid').querySelector('button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Another prompt for Unsaid');
    expect(button.textContent).toBe('Another prompt');
    expect(button.type).toBe('button');
    button.click();
    expect(onAnotherPrompt).toHaveBeenCalledWith('unsaid');
  });

  it('changes a prompt without reporting an edit or touching the undo history, and keeps it with the entry', () => {
    const onUpdate = vi.fn();
    editor = makeEditor(withPrompts(emptyDoc(), { given: 'First?' }), { prompts: { onAnotherPrompt: () => {} } });
    editor.on('update', onUpdate);
    caretIn(editor, 'given');
    type(editor, 'kept');
    onUpdate.mockClear();
    editor.commands.setSectionPrompt('given', 'Second?');
    expect(region('Given').querySelector('.entry-section__prompt')?.textContent).toBe('Second?');
    editor.commands.setSectionPrompts({ note: 'Third?', received: 'Fourth?' });
    expect(region('Note').querySelector('.entry-section__prompt')?.textContent).toBe('Third?');
    expect(region('Given').querySelector('.entry-section__prompt')?.textContent).toBe('Second?');
    expect(onUpdate).not.toHaveBeenCalled();
    editor.commands.undo();
    expect(sectionText(editor, 'given')).toBe('');
    expect(region('Given').querySelector('.entry-section__prompt')?.textContent).toBe('Second?');
    expect(promptsOf(json(editor))).toEqual({ given: 'Second?', received: 'Fourth?', note: 'Third?' });
    editor.commands.setSectionPrompt('note', '');
    expect(region('Note').querySelector('.entry-section__prompt')).toBeNull();
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('puts the caret in the section when its title or prompt is clicked', () => {
    editor = makeEditor(withPrompts(docFromPlainText({ given: 'Soup', unsaid: 'Call Mum' }), { unsaid: 'What is waiting?' }));
    caretIn(editor, 'given');
    region('Unsaid').querySelector('.entry-section__prompt')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, button: 0 }));
    expect(editor.state.selection.$from.node(1).attrs.kind).toBe('unsaid');
    region('Note').querySelector('h2')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, button: 0 }));
    expect(editor.state.selection.$from.node(1).attrs.kind).toBe('note');
  });

  it('puts the caret in the section when its empty space is clicked', () => {
    editor = makeEditor(docFromPlainText({ given: 'Soup', note: 'Later' }));
    caretIn(editor, 'given');
    region('Note').dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, button: 0, clientY: 500 }));
    expect(editor.state.selection.$from.node(1).attrs.kind).toBe('note');
    // Below its last line: at the end of its text.
    expect(editor.state.selection.from).toBe(editor.state.doc.content.size - 2);
  });

  it('keeps the same header element while the person types', () => {
    editor = makeEditor(withPrompts(emptyDoc(), { given: 'What did you give?' }));
    const before = region('Given').querySelector('.entry-section__header');
    caretIn(editor, 'given');
    type(editor, 'abc');
    expect(region('Given').querySelector('.entry-section__header')).toBe(before);
  });
});
