// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText } from '../../../electron/shared/doc';
import { caretIn, makeEditor, schemaIssues, sectionText, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const region = (name: string) => editor!.view.dom.querySelector(`section[role="region"][aria-label="${name}"]`) as HTMLElement;

describe('SectionPrompt', () => {
  it('shows each section’s title and prompt inside its region, outside the editable text', () => {
    editor = makeEditor(docFromPlainText({ given: 'Soup' }), { prompts: { prompts: { given: 'What did you give?', note: 'Anything else?' } } });
    const given = region('Given');
    expect(given.querySelector('h2')?.textContent).toBe('Given');
    expect(given.querySelector('.entry-section__prompt')?.textContent).toBe('What did you give?');
    expect((given.querySelector('.entry-section__header') as HTMLElement).contentEditable).toBe('false');
    expect(region('Received').querySelector('h2')?.textContent).toBe('Received');
    expect(region('Received').querySelector('.entry-section__prompt')).toBeNull();
    expect(sectionText(editor, 'given')).toBe('Soup');
    expect(JSON.stringify(editor.getJSON())).not.toContain('What did you give?');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('names the button after its section and reports which section asked', () => {
    const onAnotherPrompt = vi.fn();
    editor = makeEditor(undefined, { prompts: { onAnotherPrompt, prompts: { unsaid: 'What is waiting to be said?' } } });
    const button = region('Unsaid').querySelector('button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).toBe('Another prompt for Unsaid');
    expect(button.textContent).toBe('Another prompt');
    expect(button.type).toBe('button');
    button.click();
    expect(onAnotherPrompt).toHaveBeenCalledWith('unsaid');
  });

  it('changes a prompt without touching the document or the undo history', () => {
    const onUpdate = vi.fn();
    editor = makeEditor(undefined, { prompts: { onAnotherPrompt: () => {}, prompts: { given: 'First?' } } });
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
  });

  it('keeps the same header element while the person types', () => {
    editor = makeEditor(undefined, { prompts: { prompts: { given: 'What did you give?' } } });
    const before = region('Given').querySelector('.entry-section__header');
    caretIn(editor, 'given');
    type(editor, 'abc');
    expect(region('Given').querySelector('.entry-section__header')).toBe(before);
  });
});
