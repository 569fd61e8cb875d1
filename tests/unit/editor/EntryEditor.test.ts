// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, createElement, createRef } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { docFromPlainText, emptyDoc, entryDocSchema, sectionTitles, type EntryDoc } from '../../../electron/shared/doc';
import { promptsFor } from '../../../electron/shared/prompts';
import { EntryEditor, type EntryEditorHandle, type EntryEditorProps } from '../../../src/editor/EntryEditor';
import { installLayoutStubs, sectionKinds, type } from './helpers';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let host: HTMLElement;

beforeAll(() => installLayoutStubs());
afterEach(async () => {
  await act(async () => root?.unmount());
  root = undefined;
  document.body.replaceChildren();
});

async function render(props: Partial<EntryEditorProps> = {}) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  const ref = createRef<EntryEditorHandle>();
  const onChange = vi.fn<(read: () => EntryDoc) => void>();
  await act(async () => {
    root!.render(createElement(EntryEditor, { doc: emptyDoc(), onChange, findPeople: () => [], ref, ...props }));
  });
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
  return { ref, onChange };
}

const region = (name: string) => host.querySelector(`[role="region"][aria-label="${name}"]`) as HTMLElement;
const promptOf = (name: string) => region(name).querySelector('.entry-section__prompt')?.textContent ?? '';
const button = (name: string) => [...host.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === name) as HTMLButtonElement;

describe('EntryEditor', () => {
  it('shows the four regions, each titled and under a prompt for its section', async () => {
    await render({ promptSeed: '2026-11-28' });
    for (const kind of sectionKinds) {
      const name = sectionTitles[kind];
      expect(region(name), name).toBeTruthy();
      expect(region(name).querySelector('h2')?.textContent).toBe(name);
      expect(promptsFor(kind).map((p) => p.text)).toContain(promptOf(name));
      expect(button(`Another prompt for ${name}`)).toBeTruthy();
    }
  });

  it('gives another prompt for one section only when asked', async () => {
    await render({ promptSeed: 3 });
    const before = sectionKinds.map((k) => promptOf(sectionTitles[k]));
    await act(async () => button('Another prompt for Received').click());
    const after = sectionKinds.map((k) => promptOf(sectionTitles[k]));
    expect(after[1]).not.toBe(before[1]);
    expect([after[0], after[2], after[3]]).toEqual([before[0], before[2], before[3]]);
  });

  it('picks prompts for the relationship of the person the entry is about', async () => {
    const doc = docFromPlainText({ note: 'Dinner with Sam' }, [{ id: 'p-sam', name: 'Sam' }]);
    await render({ doc, personKindOf: (id) => (id === 'p-sam' ? 'romantic' : undefined) });
    const romantic = promptsFor('given', 'romantic').filter((p) => p.kinds !== 'any').map((p) => p.text);
    expect(romantic).toContain(promptOf('Given'));
  });

  it('keeps the prompts it shows with the entry, so the saved document carries them', async () => {
    const { ref } = await render({ promptSeed: 'seed' });
    const doc = ref.current!.getDoc();
    doc.content.forEach((section) => {
      expect((section.attrs as Record<string, unknown>).prompt).toBe(promptOf(sectionTitles[section.attrs.kind]));
    });
    expect(entryDocSchema.safeParse(doc).success).toBe(true);
  });

  it('shows a reopened entry with the prompts it was written with, and none where none were kept', async () => {
    const doc = docFromPlainText({ given: 'Soup for Ana', received: 'A hug' });
    (doc.content[0].attrs as Record<string, unknown>).prompt = 'An old question?';
    await render({ doc, newEntry: false, promptSeed: 'other seed' });
    expect(promptOf('Given')).toBe('An old question?');
    // Words without a kept prompt (an imported entry), and empty parts of a reopened entry: none.
    expect(promptOf('Received')).toBe('');
    expect(promptOf('Unsaid')).toBe('');
    expect(promptOf('Note')).toBe('');
    expect(button('Another prompt for Received')).toBeUndefined();
    expect(host.querySelector('.entry-editor--new')).toBeNull();
  });

  it('gives a new entry fresh prompts only where nothing is written yet', async () => {
    await render({ doc: docFromPlainText({ given: 'Already written' }), promptSeed: 1 });
    expect(promptOf('Given')).toBe('');
    expect(promptsFor('received').map((p) => p.text)).toContain(promptOf('Received'));
    expect(host.querySelector('.entry-editor--new')).not.toBeNull();
  });

  it('keeps another prompt, once asked for, with the entry', async () => {
    const { ref } = await render({ promptSeed: 3 });
    await act(async () => button('Another prompt for Note').click());
    expect((ref.current!.getDoc().content[3].attrs as Record<string, unknown>).prompt).toBe(promptOf('Note'));
  });

  it('reports every change as a valid entry document and gives it through the handle', async () => {
    const { ref, onChange } = await render({ doc: docFromPlainText({ note: 'Hello' }) });
    const editor = ref.current!.editor;
    await act(async () => {
      ref.current!.focus('given');
      type(editor, 'Soup for Ana');
    });
    expect(onChange).toHaveBeenCalled();
    const last = onChange.mock.calls.at(-1)![0]();
    expect(entryDocSchema.safeParse(last).success).toBe(true);
    expect(JSON.stringify(last)).toContain('Soup for Ana');
    expect(ref.current!.getDoc()).toEqual(last);
  });

  it('names its text area and keeps style attributes out of the page (CSP)', async () => {
    await render({ label: 'Entry for today' });
    const textbox = host.querySelector('[role="textbox"]') as HTMLElement;
    expect(textbox.getAttribute('aria-label')).toBe('Entry for today');
    expect(textbox.getAttribute('contenteditable')).toBe('true');
    expect(host.querySelectorAll('[style]')).toHaveLength(0);
    expect(document.querySelectorAll('style')).toHaveLength(0);
  });

  it('offers Bold, Italic, Bulleted list, Quote, Link and Add photo in a toolbar', async () => {
    const { ref } = await render({ doc: docFromPlainText({ given: 'word' }) });
    const toolbar = host.querySelector('[role="toolbar"]') as HTMLElement;
    expect(toolbar.getAttribute('aria-label')).toBe('Formatting');
    const names = [...toolbar.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual(['Bold', 'Italic', 'Bulleted list', 'Quote', 'Link', 'Add photo']);
    // One tab stop for the whole toolbar.
    expect([...toolbar.querySelectorAll('button')].map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);

    const editor = ref.current!.editor;
    await act(async () => {
      editor.commands.selectAll();
      button('Bold').click();
    });
    expect(JSON.stringify(ref.current!.getDoc())).toContain('"bold"');
    expect(button('Bold').getAttribute('aria-pressed')).toBe('true');
    await act(async () => {
      editor.commands.focusSection('given');
      button('Quote').click();
    });
    expect(JSON.stringify(ref.current!.getDoc())).toContain('blockquote');
  });

  it('moves between toolbar buttons with the arrow keys', async () => {
    await render();
    const toolbar = host.querySelector('[role="toolbar"]') as HTMLElement;
    button('Bold').focus();
    await act(async () => {
      toolbar.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    });
    expect(document.activeElement).toBe(button('Italic'));
    await act(async () => {
      toolbar.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect(document.activeElement).toBe(button('Add photo'));
    expect(button('Add photo').tabIndex).toBe(0);
  });

  it('Add photo opens a file chooser for pictures, and the chosen ones start on their way into the entry', async () => {
    const { ref } = await render({ doc: docFromPlainText({ given: 'word' }) });
    const picker = host.querySelector('input[type="file"]') as HTMLInputElement;
    // Pictures, and iPhone photos (HEIC/HEIF) a browser may not count as pictures: kept as they came where they cannot be shown.
    expect(picker.accept).toBe('image/*,.heic,.heif');
    expect(picker.multiple).toBe(true);
    expect(picker.hidden).toBe(true);
    let chooserOpened = 0;
    picker.addEventListener('click', (event) => {
      event.preventDefault();
      chooserOpened++;
    });
    await act(async () => button('Add photo').click());
    expect(chooserOpened).toBe(1);
    const editor = ref.current!.editor;
    const file = new File([new Uint8Array(4)], 'sea.png', { type: 'image/png' });
    await act(async () => {
      Object.defineProperty(picker, 'files', { configurable: true, value: [file] });
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // On its way, or already answered (no journal behind this test): either way it was taken.
    const { uploads, refusals } = editor.storage.image.state;
    expect(uploads.length + refusals.length).toBe(1);
    expect(picker.value).toBe('');
  });

  it('adds only safe links from the Link form, and says why otherwise', async () => {
    const { ref } = await render({ doc: docFromPlainText({ given: 'our garden' }) });
    const editor = ref.current!.editor;
    await act(async () => {
      editor.commands.focusSection('given', 'end');
      editor.commands.setTextSelection({ from: editor.state.selection.from - 6, to: editor.state.selection.from });
      button('Link').click();
    });
    const input = host.querySelector('.entry-toolbar__link input') as HTMLInputElement;
    const label = host.querySelector(`label[for="${input.id}"]`);
    expect(label?.textContent).toBe('Link address');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    await act(async () => {
      setValue.call(input, 'javascript:alert(1)');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      (host.querySelector('form') as HTMLFormElement).requestSubmit();
    });
    expect(host.querySelector('[role="alert"]')?.textContent).toMatch(/http/);
    expect(JSON.stringify(ref.current!.getDoc())).not.toContain('"link"');
    await act(async () => {
      setValue.call(input, 'example.com/garden');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      (host.querySelector('form') as HTMLFormElement).requestSubmit();
    });
    expect(host.querySelector('form')).toBeNull();
    expect(JSON.stringify(ref.current!.getDoc())).toContain('https://example.com/garden');
  });

  it('shows an entry it cannot hold as plain text and never reports a change, so nothing is lost', async () => {
    const doc = docFromPlainText({ given: 'Words kept safe', note: 'And these' });
    doc.content[0].content.push({ type: 'video', attrs: { src: 'x' } });
    const { ref, onChange } = await render({ doc });
    expect(host.querySelector('[contenteditable]')).toBeNull();
    expect(host.querySelector('[role="note"]')?.textContent).toMatch(/cannot edit/);
    expect(region('Given').textContent).toContain('Words kept safe');
    expect(region('Note').textContent).toContain('And these');
    expect(ref.current).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('reports blur so the screen can flush its save', async () => {
    const onBlur = vi.fn();
    const { ref } = await render({ onBlur });
    await act(async () => {
      ref.current!.editor.view.dom.dispatchEvent(new FocusEvent('blur'));
    });
    expect(onBlur).toHaveBeenCalled();
  });
});
