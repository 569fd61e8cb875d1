// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Editor } from '@tiptap/core';
import { emptyDoc, entryDocSchema, mentionsOf } from '../../../electron/shared/doc';
import type { PersonRef } from '../../../src/editor/extensions/personMention';
import { mentionsSettled, personSuggestions, withoutPendingMentions } from '../../../src/editor/extensions/personMention';
import { caretIn, json, makeEditor, nodes, pasteHTML, press, schemaIssues, sectionText, type } from './helpers';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const people: PersonRef[] = [
  { id: 'p-sam', name: 'Sam' },
  { id: 'p-sasha', name: 'Sasha' },
  { id: 'p-ana', name: 'Ana' },
];
const findPeople = (query: string) => people.filter((p) => p.name.toLowerCase().startsWith(query.toLowerCase()));

const listbox = () => document.querySelector('[role="listbox"]') as HTMLElement | null;
const options = () => [...document.querySelectorAll('[role="option"]')] as HTMLElement[];
const selected = () => options().find((o) => o.getAttribute('aria-selected') === 'true')?.textContent;
const mentions = (e: Editor) => nodes(e.getJSON()).filter((n) => n.type === 'mention');

function setup(extra: { onCreatePerson?: (name: string) => Promise<PersonRef>; onCreatePersonError?: (e: unknown, n: string) => void } = {}) {
  editor = makeEditor(emptyDoc(), { mention: { findPeople, onCreatePerson: extra.onCreatePerson, onCreatePersonError: extra.onCreatePersonError } });
  caretIn(editor, 'given');
  return editor;
}

describe('PersonMention', () => {
  it('opens a listbox of matching people when @ is typed, first option selected', async () => {
    setup();
    type(editor!, 'Lunch with @Sa');
    await vi.waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Sam', 'Sasha']));
    expect(listbox()?.getAttribute('aria-label')).toBe('People');
    expect(selected()).toBe('Sam');
    expect(editor!.view.dom.getAttribute('aria-activedescendant')).toBe(options()[0]?.id);
    expect(editor!.view.dom.getAttribute('aria-controls')).toBe(listbox()?.id);
  });

  it('moves with ArrowDown/ArrowUp and inserts the chosen person with Enter', async () => {
    setup();
    type(editor!, 'Lunch with @Sa');
    await vi.waitFor(() => expect(options()).toHaveLength(2));
    expect(press(editor!, 'ArrowDown')).toBe(true);
    expect(selected()).toBe('Sasha');
    press(editor!, 'ArrowDown');
    expect(selected()).toBe('Sam');
    press(editor!, 'ArrowUp');
    expect(selected()).toBe('Sasha');
    expect(press(editor!, 'Enter')).toBe(true);
    expect(mentions(editor!).map((m) => m.attrs)).toEqual([{ id: 'p-sasha', label: 'Sasha' }]);
    expect(sectionText(editor!, 'given')).toBe('Lunch with @Sasha ');
    await vi.waitFor(() => expect(listbox()).toBeNull());
    expect(editor!.view.dom.hasAttribute('aria-activedescendant')).toBe(false);
    expect(mentionsOf(json(editor!))).toEqual([{ personId: 'p-sasha', section: 'given' }]);
    expect(schemaIssues(editor!)).toEqual([]);
  });

  it('inserts a person chosen with the mouse', async () => {
    setup();
    type(editor!, '@An');
    await vi.waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Ana']));
    options()[0]!.click();
    expect(mentions(editor!).map((m) => m.attrs)).toEqual([{ id: 'p-ana', label: 'Ana' }]);
  });

  it('closes on Escape and leaves the typed text alone', async () => {
    setup();
    type(editor!, '@Sa');
    await vi.waitFor(() => expect(listbox()).not.toBeNull());
    expect(press(editor!, 'Escape')).toBe(true);
    await vi.waitFor(() => expect(listbox()).toBeNull());
    expect(sectionText(editor!, 'given')).toBe('@Sa');
    expect(mentions(editor!)).toEqual([]);
    // Enter now belongs to the text again.
    press(editor!, 'Enter');
    expect(mentions(editor!)).toEqual([]);
  });

  it('offers "Add person “Name”" for a new name and mentions the created person', async () => {
    const onCreatePerson = vi.fn(async (name: string) => ({ id: 'p-new', name }));
    setup({ onCreatePerson });
    type(editor!, 'Met @Zoe');
    await vi.waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Add person “Zoe”']));
    press(editor!, 'Enter');
    await vi.waitFor(() => expect(mentions(editor!).map((m) => m.attrs)).toEqual([{ id: 'p-new', label: 'Zoe' }]));
    expect(onCreatePerson).toHaveBeenCalledWith('Zoe');
    expect(sectionText(editor!, 'given')).toBe('Met @Zoe ');
  });

  it('does not offer to add a name that is already known, whatever its case', async () => {
    setup({ onCreatePerson: async (name) => ({ id: 'x', name }) });
    type(editor!, '@sam');
    await vi.waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Sam']));
  });

  it('keeps the typed name when creating a person fails, and says so', async () => {
    const onCreatePersonError = vi.fn();
    setup({ onCreatePerson: () => Promise.reject(new Error('vault locked')), onCreatePersonError });
    type(editor!, 'Met @Zoe');
    await vi.waitFor(() => expect(options()).toHaveLength(1));
    press(editor!, 'Enter');
    await vi.waitFor(() => expect(onCreatePersonError).toHaveBeenCalledWith(expect.any(Error), 'Zoe'));
    await vi.waitFor(() => expect(mentions(editor!)).toEqual([]));
    expect(sectionText(editor!, 'given')).toBe('Met @Zoe ');
    expect(schemaIssues(editor!)).toEqual([]);
  });

  it('puts a placeholder at once, keeps what is typed meanwhile after it, and fills in the id', async () => {
    let resolve: (p: PersonRef) => void = () => {};
    setup({ onCreatePerson: () => new Promise((r) => (resolve = r)) });
    type(editor!, '@Maya');
    await vi.waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Add person “Maya”']));
    press(editor!, 'Enter');
    // The space the person types next lands on the one the mention brought.
    type(editor!, ' after her long shift.');
    expect(mentions(editor!).map((m) => m.attrs?.id)).toEqual([null]);
    expect(sectionText(editor!, 'given')).toBe('@Maya after her long shift.');
    expect(mentionsSettled(editor!)).not.toBeNull();
    const settled = mentionsSettled(editor!);
    resolve({ id: 'p-maya', name: 'Maya' });
    await settled;
    expect(mentions(editor!).map((m) => m.attrs)).toEqual([{ id: 'p-maya', label: 'Maya' }]);
    expect(sectionText(editor!, 'given')).toBe('@Maya after her long shift.');
    expect(JSON.stringify(editor!.getJSON())).not.toContain('pending');
    expect(mentionsSettled(editor!)).toBeNull();
    expect(schemaIssues(editor!)).toEqual([]);
    // Typing on after the id arrived goes on where the caret was.
    type(editor!, ' Then tea.');
    expect(sectionText(editor!, 'given')).toBe('@Maya after her long shift. Then tea.');
  });

  it('keeps a space typed later, and a second space, as typed', async () => {
    setup();
    type(editor!, '@Sa');
    await vi.waitFor(() => expect(options()).toHaveLength(2));
    press(editor!, 'Enter');
    type(editor!, 'x  y');
    expect(sectionText(editor!, 'given')).toBe('@Sam x  y');
  });

  it('brings an undone and redone placeholder back with its person', async () => {
    let resolve: (p: PersonRef) => void = () => {};
    setup({ onCreatePerson: () => new Promise((r) => (resolve = r)) });
    type(editor!, 'Met @Zoe');
    await vi.waitFor(() => expect(options()).toHaveLength(1));
    press(editor!, 'Enter');
    const settled = mentionsSettled(editor!);
    resolve({ id: 'p-zoe', name: 'Zoe' });
    await settled;
    editor!.commands.undo();
    editor!.commands.redo();
    expect(mentions(editor!).map((m) => m.attrs)).toEqual([{ id: 'p-zoe', label: 'Zoe' }]);
    expect(schemaIssues(editor!)).toEqual([]);
  });

  it('turns a mention without a person id into its typed name in a document to save', () => {
    const doc = emptyDoc();
    doc.content[0].content = [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Met ' },
          { type: 'mention', attrs: { id: null, label: 'Zoe', pending: 'pending-1' } },
          { type: 'text', text: ' today, and ' },
          { type: 'mention', attrs: { id: 'p-ana', label: 'Ana' } },
        ],
      },
    ];
    const fixed = withoutPendingMentions(doc);
    expect(fixed.content[0].content[0]?.content).toEqual([
      { type: 'text', text: 'Met @Zoe today, and ' },
      { type: 'mention', attrs: { id: 'p-ana', label: 'Ana' } },
    ]);
    expect(entryDocSchema.safeParse(fixed).success).toBe(true);
    const clean = emptyDoc();
    expect(withoutPendingMentions(clean)).toBe(clean);
    // Created meanwhile (the editor gone before it could fill the id in): a real mention.
    const created = new Map([['pending-1', { id: 'p-zoe', name: 'Zoë' }]]);
    expect(withoutPendingMentions(doc, created).content[0].content[0]?.content?.[1]).toEqual({ type: 'mention', attrs: { id: 'p-zoe', label: 'Zoë' } });
  });

  it('mentions the new person where the name was typed even if the text moved meanwhile', async () => {
    let resolve: (p: PersonRef) => void = () => {};
    setup({ onCreatePerson: () => new Promise((r) => (resolve = r)) });
    type(editor!, 'Met @Zoe');
    await vi.waitFor(() => expect(options()).toHaveLength(1));
    press(editor!, 'Enter');
    caretIn(editor!, 'given', 'start');
    type(editor!, 'Today: ');
    resolve({ id: 'p-zoe', name: 'Zoe' });
    await vi.waitFor(() => expect(mentions(editor!)).toHaveLength(1));
    expect(sectionText(editor!, 'given')).toBe('Today: Met @Zoe ');
  });

  it('keeps only id and label in the document, and drops pasted mentions without a person', () => {
    setup();
    pasteHTML(editor!, '<p><span data-type="mention" data-id="p-ana" data-label="Ana">Ana</span> and <span data-type="mention">@nobody</span></p>');
    expect(mentions(editor!).map((m) => m.attrs)).toEqual([{ id: 'p-ana', label: 'Ana' }]);
    expect(sectionText(editor!, 'given')).toContain('@nobody');
    expect(schemaIssues(editor!)).toEqual([]);
  });

  it('renders a mention as the person’s name', () => {
    setup();
    editor!.commands.insertContent({ type: 'mention', attrs: { id: 'p-ana', label: 'Ana' } });
    const chip = editor!.view.dom.querySelector('span[data-type="mention"]');
    expect(chip?.textContent).toBe('Ana');
    expect(chip?.getAttribute('data-id')).toBe('p-ana');
    expect(chip?.classList.contains('mention')).toBe(true);
  });
});

describe('personSuggestions', () => {
  const base = { findPeople, maxItems: 3, maxNameLength: 10, onCreatePerson: async (name: string) => ({ id: name, name }) };

  it('lists known people and the add row for a new name, within maxItems', async () => {
    expect(await personSuggestions('', base)).toEqual(people.map((p) => ({ kind: 'person', id: p.id, label: p.name })));
    expect(await personSuggestions('S', base)).toEqual([
      { kind: 'person', id: 'p-sam', label: 'Sam' },
      { kind: 'person', id: 'p-sasha', label: 'Sasha' },
      { kind: 'create', name: 'S' },
    ]);
    const many = { ...base, findPeople: () => people, maxItems: 2 };
    expect((await personSuggestions('Zed', many)).map((r) => r.kind)).toEqual(['person', 'create']);
  });

  it('offers no add row without onCreatePerson or for overly long names', async () => {
    expect(await personSuggestions('Zoe', { ...base, onCreatePerson: null })).toEqual([]);
    expect(await personSuggestions('Bartholomew-the-third', base)).toEqual([]);
  });
});
