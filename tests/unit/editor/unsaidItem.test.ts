// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText, emptyDoc, unsaidItemsOf, type EntryDoc } from '../../../electron/shared/doc';
import { caretIn, json, makeEditor, nodes, pasteHTML, press, schemaIssues, sectionText, selectAll, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const items = (e: Editor) => nodes(json(e).content[2]).filter((n) => n.type === 'taskItem');
const buttons = (e: Editor) => [...e.view.dom.querySelectorAll('li[data-type="taskItem"] button')].filter((b) => !(b as HTMLButtonElement).hidden) as HTMLButtonElement[];

describe('UnsaidItem', () => {
  it('starts each new item on Enter, open and with its own id', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'unsaid');
    type(editor, 'Thank Ana');
    press(editor, 'Enter');
    type(editor, 'Call Mum');
    const list = items(editor);
    expect(list).toHaveLength(2);
    expect(list.map((i) => i.attrs?.state)).toEqual(['open', 'open']);
    const ids = list.map((i) => i.attrs?.id);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsaidItemsOf(json(editor)).map((i) => i.text)).toEqual(['Thank Ana', 'Call Mum']);
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('moves an item through said, let go and open with setUnsaidState', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Thank Ana' }));
    const id = String(items(editor)[0]?.attrs?.id);
    expect(editor.commands.setUnsaidState(id, 'said')).toBe(true);
    expect(items(editor)[0]?.attrs?.state).toBe('said');
    expect(editor.commands.setUnsaidState(id, 'letGo')).toBe(true);
    expect(items(editor)[0]?.attrs?.state).toBe('letGo');
    expect(editor.commands.setUnsaidState(id, 'open')).toBe(true);
    expect(items(editor)[0]?.attrs?.state).toBe('open');
    expect(editor.commands.setUnsaidState('no-such-item', 'said')).toBe(false);
  });

  it('offers buttons named after the item that a click moves along', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Thank Ana' }));
    expect(buttons(editor).map((b) => b.getAttribute('aria-label'))).toEqual(['Mark said: Thank Ana', 'Mark let go: Thank Ana']);
    buttons(editor)[0]!.click();
    expect(items(editor)[0]?.attrs?.state).toBe('said');
    const li = editor.view.dom.querySelector('li[data-type="taskItem"]') as HTMLElement;
    expect(li.dataset.state).toBe('said');
    expect(buttons(editor).map((b) => b.getAttribute('aria-label'))).toEqual(['Reopen (Said): Thank Ana']);
    buttons(editor)[0]!.click();
    buttons(editor)[1]!.click();
    expect(items(editor)[0]?.attrs?.state).toBe('letGo');
    expect(buttons(editor).map((b) => b.getAttribute('aria-label'))).toEqual(['Reopen (Let go): Thank Ana']);
  });

  it('names the buttons with the people and tags the item mentions', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Cooked dinner for Jo' }, [{ id: 'p-jo', name: 'Jo' }]));
    caretIn(editor, 'unsaid');
    type(editor, ' ');
    editor.commands.insertTag('thanks');
    expect(buttons(editor).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Mark said: Cooked dinner for Jo #thanks',
      'Mark let go: Cooked dinner for Jo #thanks',
    ]);
  });

  it('gives an item with nothing written no controls, so there is nothing to mark and nothing to announce', () => {
    editor = makeEditor(emptyDoc());
    const li = editor.view.dom.querySelector('li[data-type="taskItem"]') as HTMLElement;
    expect(li.hasAttribute('data-empty')).toBe(true);
    expect(buttons(editor)).toEqual([]);
    expect(editor.view.dom.innerHTML).not.toMatch(/empty item/);
    caretIn(editor, 'unsaid');
    type(editor, 'Call Mum');
    expect(li.hasAttribute('data-empty')).toBe(false);
    expect(buttons(editor).map((b) => b.getAttribute('aria-label'))).toEqual(['Mark said: Call Mum', 'Mark let go: Call Mum']);
    press(editor, 'Enter');
    const empty = editor.view.dom.querySelectorAll('li[data-type="taskItem"]')[1] as HTMLElement;
    expect(empty.hasAttribute('data-empty')).toBe(true);
    expect([...empty.querySelectorAll('button')].filter((b) => !b.hidden)).toEqual([]);
  });

  it('keeps the controls out of the text and out of the saved document', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Thank Ana' }));
    expect(sectionText(editor, 'unsaid')).toBe('Thank Ana');
    expect(JSON.stringify(editor.getJSON())).not.toMatch(/Mark said|Reopen/);
    const controls = editor.view.dom.querySelector('.unsaid-item__controls') as HTMLElement;
    expect(controls.contentEditable).toBe('false');
  });

  it('turns "[ ] " into an item in Unsaid only', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'First' }));
    caretIn(editor, 'unsaid');
    // Leave the list: Enter on an empty item lifts it out into a paragraph.
    press(editor, 'Enter');
    press(editor, 'Enter');
    type(editor, '[ ] Second');
    expect(items(editor).map((i) => i.attrs?.state)).toEqual(['open', 'open']);
    expect(unsaidItemsOf(json(editor)).map((i) => i.text)).toEqual(['First', 'Second']);

    caretIn(editor, 'given');
    type(editor, '[ ] not a task');
    expect(nodes(json(editor).content[0]).some((n) => n.type === 'taskItem')).toBe(false);
    expect(sectionText(editor, 'given')).toBe('[ ] not a task');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('turns "[x] " into an item already said', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'First' }));
    caretIn(editor, 'unsaid');
    press(editor, 'Enter');
    press(editor, 'Enter');
    type(editor, '[x] Done');
    expect(unsaidItemsOf(json(editor)).map((i) => [i.text, i.state])).toEqual([
      ['First', 'open'],
      ['Done', 'said'],
    ]);
  });

  it('turns a task list pasted outside Unsaid into a bulleted list with the same text', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'note');
    pasteHTML(editor, '<ul data-type="taskList"><li data-type="taskItem" data-state="said"><div><p>from elsewhere</p></div></li></ul>');
    const note = json(editor).content[3];
    expect(nodes(note).some((n) => n.type === 'taskItem' || n.type === 'taskList')).toBe(false);
    expect(nodes(note).some((n) => n.type === 'bulletList')).toBe(true);
    expect(sectionText(editor, 'note')).toContain('from elsewhere');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('refuses to toggle a task list outside Unsaid', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'given');
    expect(editor.commands.toggleTaskList()).toBe(false);
    caretIn(editor, 'unsaid');
    expect(editor.can().toggleTaskList()).toBe(true);
  });

  it('gives pasted copies of an item their own id, and keeps the state of tiptap checkboxes', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Thank Ana' }));
    const id = String(items(editor)[0]?.attrs?.id);
    caretIn(editor, 'unsaid');
    pasteHTML(editor, `<ul data-type="taskList"><li data-type="taskItem" data-id="${id}"><div><p>copy</p></div></li><li data-type="taskItem" data-checked="true"><div><p>checked</p></div></li></ul>`);
    const list = items(editor);
    expect(new Set(list.map((i) => i.attrs?.id)).size).toBe(list.length);
    expect(list[0]?.attrs?.id).toBe(id);
    expect(unsaidItemsOf(json(editor)).find((i) => i.text === 'checked')?.state).toBe('said');
  });

  it('gives an emptied Unsaid section a fresh item to type into', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Thank Ana\nCall Mum' }));
    selectAll(editor);
    press(editor, 'Backspace');
    const unsaid = json(editor).content[2];
    expect(unsaid.content.map((n) => n.type)).toEqual(['taskList']);
    caretIn(editor, 'unsaid');
    type(editor, 'New thing');
    expect(unsaidItemsOf(json(editor)).map((i) => i.text)).toEqual(['New thing']);
  });

  it('repairs a loaded document: missing and duplicate ids, unknown states', () => {
    const doc = docFromPlainText({ unsaid: 'a\nb\nc' }) as EntryDoc;
    const list = doc.content[2].content[0]!.content!;
    list[0]!.attrs = { state: 'open' };
    list[1]!.attrs = { id: 'same', state: 'said' };
    list[2]!.attrs = { id: 'same', state: 'whatever' };
    editor = makeEditor(doc);
    const loaded = items(editor);
    expect(new Set(loaded.map((i) => i.attrs?.id)).size).toBe(3);
    expect(loaded[1]?.attrs).toEqual({ id: 'same', state: 'said' });
    expect(loaded[2]?.attrs?.state).toBe('open');
    expect(schemaIssues(editor)).toEqual([]);
  });
});
