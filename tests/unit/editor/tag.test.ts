// @vitest-environment jsdom
/**
 * Tags in the editor: "#" opens the journal's tags in the same list as @mentions, with "New tag
 * “…”" for a name it does not have; "#word " makes a tag too; a tag is a chip in the text, "#name"
 * as plain text, and `{ type: 'tag', attrs: { label } }` in the saved document.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Editor } from '@tiptap/core';
import { docFromPlainText, emptyDoc, plainText, tagsOf } from '../../../electron/shared/doc';
import { tagInputRegex, tagSuggestions } from '../../../src/editor/extensions/tag';
import { caretIn, json, makeEditor, nodes, pasteHTML, press, schemaIssues, sectionText, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const journal = ['travel', 'family', 'Tea time', '绿岛'];
const findTags = (query: string) => journal.filter((t) => t.toLowerCase().startsWith(query.toLowerCase()));

const listbox = () => document.querySelector('[role="listbox"]') as HTMLElement | null;
const options = () => [...document.querySelectorAll('[role="option"]')].map((o) => o.textContent);
const tags = (e: Editor) => nodes(e.getJSON()).filter((n) => n.type === 'tag');

function setup(extra: { onNewTag?: (name: string) => void; tagOnSpace?: boolean } = {}) {
  editor = makeEditor(emptyDoc(), { tag: { findTags, ...extra } });
  caretIn(editor, 'note');
  return editor;
}

describe('Tag', () => {
  it('opens a listbox named Tags with the journal’s matching tags and the offer of a new one', async () => {
    setup();
    type(editor!, 'Trip #tr');
    await vi.waitFor(() => expect(options()).toEqual(['#travel', 'New tag “tr”']));
    expect(listbox()?.getAttribute('aria-label')).toBe('Tags');
    expect(editor!.view.dom.getAttribute('aria-controls')).toBe(listbox()?.id);
    expect(editor!.view.dom.getAttribute('aria-activedescendant')).toBe(document.querySelector('[role="option"]')?.id);
  });

  it('inserts the chosen tag with Enter as a chip, "#name" in the text, and a space the next space lands on', async () => {
    setup();
    type(editor!, 'Trip #tr');
    await vi.waitFor(() => expect(options()).toHaveLength(2));
    expect(press(editor!, 'Enter')).toBe(true);
    expect(tags(editor!).map((t) => t.attrs)).toEqual([{ label: 'travel' }]);
    type(editor!, ' to the sea');
    expect(sectionText(editor!, 'note')).toBe('Trip  to the sea');
    expect(plainText(json(editor!).content[3].content)).toBe('Trip #travel to the sea');
    const chip = editor!.view.dom.querySelector('span[data-type="tag"]') as HTMLElement;
    expect(chip.textContent).toBe('#travel');
    expect(chip.classList.contains('tag')).toBe(true);
    expect(chip.dataset.label).toBe('travel');
    expect(editor!.getText()).toContain('#travel');
    await vi.waitFor(() => expect(listbox()).toBeNull());
    expect(tagsOf(json(editor!))).toEqual(['travel']);
    expect(schemaIssues(editor!)).toEqual([]);
  });

  it('creates a new tag from the list, with the mouse, and says so', async () => {
    const onNewTag = vi.fn();
    setup({ onNewTag });
    type(editor!, '#sunrise');
    await vi.waitFor(() => expect(options()).toEqual(['New tag “sunrise”']));
    (document.querySelector('[role="option"]') as HTMLElement).click();
    expect(tags(editor!).map((t) => t.attrs)).toEqual([{ label: 'sunrise' }]);
    expect(onNewTag).toHaveBeenCalledWith('sunrise');
  });

  it('offers no new tag for a name the journal has, whatever its case', async () => {
    setup();
    type(editor!, '#TRAVEL');
    await vi.waitFor(() => expect(options()).toEqual(['#travel']));
  });

  it('makes a tag of "#word" and a space, but not of "#1" or "C#"', async () => {
    const onNewTag = vi.fn();
    setup({ onNewTag });
    type(editor!, 'Walked #绿岛 at dawn #1 in C# ok #new-moon ');
    expect(tags(editor!).map((t) => t.attrs?.label)).toEqual(['绿岛', 'new-moon']);
    expect(plainText(json(editor!).content[3].content)).toBe('Walked #绿岛 at dawn #1 in C# ok #new-moon');
    await vi.waitFor(() => expect(onNewTag).toHaveBeenCalledWith('new-moon'));
    expect(onNewTag).not.toHaveBeenCalledWith('绿岛');
    expect(schemaIssues(editor!)).toEqual([]);
  });

  it('leaves "#word " as text when tagOnSpace is off', () => {
    setup({ tagOnSpace: false });
    type(editor!, '#plain ');
    expect(tags(editor!)).toEqual([]);
  });

  it('closes on Escape and leaves the typed text alone', async () => {
    setup();
    type(editor!, '#fam');
    await vi.waitFor(() => expect(listbox()).not.toBeNull());
    expect(press(editor!, 'Escape')).toBe(true);
    await vi.waitFor(() => expect(listbox()).toBeNull());
    expect(sectionText(editor!, 'note')).toBe('#fam');
  });

  it('inserts a tag by command, cleaned as the journal keeps it, and refuses an empty one', () => {
    setup();
    expect(editor!.commands.insertTag('##  Tea   time ')).toBe(true);
    expect(editor!.commands.insertTag('#  ')).toBe(false);
    expect(tags(editor!).map((t) => t.attrs)).toEqual([{ label: 'Tea time' }]);
  });

  it('works in every section, and reads pasted chips back, dropping ones without a name', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Ask about' }), { tag: { findTags } });
    caretIn(editor, 'unsaid');
    type(editor, ' #exam ');
    caretIn(editor, 'given');
    pasteHTML(editor, '<p><span data-type="tag" data-label="family">#family</span> and <span data-type="tag" data-label="">#</span></p>');
    expect(tagsOf(json(editor))).toEqual(['family', 'exam']);
    expect(schemaIssues(editor)).toEqual([]);
  });
});

describe('tagSuggestions', () => {
  it('lists matching tags, then a new one, within maxItems', async () => {
    expect(await tagSuggestions('', { findTags, maxItems: 8 })).toEqual(journal.map((name) => ({ kind: 'tag', name })));
    expect(await tagSuggestions('t', { findTags, maxItems: 2 })).toEqual([
      { kind: 'tag', name: 'travel' },
      { kind: 'create', name: 't' },
    ]);
    expect(await tagSuggestions('#tea time', { findTags, maxItems: 8 })).toEqual([{ kind: 'tag', name: 'Tea time' }]);
  });

  it('matches the words the input rule turns into tags', () => {
    expect(tagInputRegex.exec('so #trip ')?.[1]).toBe('trip');
    expect(tagInputRegex.exec('#台北 ')?.[1]).toBe('台北');
    expect(tagInputRegex.exec('#12 ')).toBeNull();
    expect(tagInputRegex.exec('C#x ')).toBeNull();
  });
});
