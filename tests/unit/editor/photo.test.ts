// @vitest-environment jsdom
/**
 * The photo node: photos go between the blocks of a section (never into an unsaid item), keep a
 * description the person can edit (read by screen readers, part of the entry's text), serialise to
 * the document's `image` node, and arrive through uploads that leave the editor usable and insert
 * nothing when the journal refuses the file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NodeSelection } from '@tiptap/pm/state';
import type { Editor, JSONContent } from '@tiptap/core';
import type { MutualApi, Photo } from '../../../electron/shared/contract';
import { docFromPlainText, emptyDoc, plainText, sectionOf, unsaidItemsOf } from '../../../electron/shared/doc';
import type { Result } from '../../../electron/shared/result';
import type { PhotoUploader } from '../../../src/editor/extensions/photo';
import { setApiForTests } from '../../../src/lib/api';
import { caretIn, json, makeEditor, nodes, pasteHTML, press, schemaIssues, type } from './helpers';

const SEA = '0b0e2f59-6a27-4d8c-9d7d-1a2b3c4d5e6f';
const PIER = '6f1e2d3c-4b5a-4968-8776-655443322110';

let editor: Editor | undefined;
afterEach(() => {
  editor?.destroy();
  editor = undefined;
  document.body.replaceChildren();
});

const photos = (e: Editor) => nodes(json(e)).filter((n) => n.type === 'image');
const sectionTypes = (e: Editor, index: number) => (json(e).content[index]!.content as JSONContent[]).map((n) => n.type);
const figure = (e: Editor, index = 0) => e.view.dom.querySelectorAll<HTMLElement>('figure[data-type="image"]')[index]!;
const button = (root: Element, name: RegExp) => [...root.querySelectorAll('button')].find((b) => name.test(b.getAttribute('aria-label') ?? b.textContent ?? '')) as HTMLButtonElement;

function stored(id: string): Photo {
  return { id, type: 'image/png', size: 10, width: 4, height: 3, takenAt: null } as unknown as Photo;
}

/** An upload the test finishes by hand, recording what it was given. */
function manualUploads() {
  const calls: { file: Blob; progress: (sent: number, total: number) => void; signal: AbortSignal; finish: (r: Result<Photo>) => void }[] = [];
  const upload: PhotoUploader = (file, progress, signal) => new Promise((finish) => calls.push({ file, progress, signal, finish }));
  return { upload, calls };
}

function photoPos(e: Editor): number {
  let at = -1;
  e.state.doc.descendants((node, pos) => {
    if (node.type.name === 'image' && at < 0) at = pos;
    return at < 0;
  });
  return at;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('insertPhoto', () => {
  it('puts the photo below the paragraph holding the caret, keeps the caret there, and serialises to the image node', () => {
    editor = makeEditor(docFromPlainText({ given: 'Walked on the beach\nThen home' }));
    editor.commands.setTextSelection(4);
    expect(editor.commands.insertPhoto({ photoId: SEA, alt: '  The sea   at dawn ' })).toBe(true);
    expect(sectionTypes(editor, 0)).toEqual(['paragraph', 'image', 'paragraph']);
    expect(photos(editor)).toEqual([{ type: 'image', attrs: { photoId: SEA, alt: 'The sea at dawn' } }]);
    expect(editor.state.selection.from).toBe(4);
    expect(schemaIssues(editor)).toEqual([]);
    const img = figure(editor).querySelector('img')!;
    expect(img.alt).toBe('The sea at dawn');
    expect(img.getAttribute('src')).toMatch(new RegExp(`/photos/${SEA}/medium`));
    expect(img.loading).toBe('lazy');
    // A second one, the caret still in the words: below the first, so photos keep the order they came in.
    editor.commands.insertPhoto({ photoId: PIER });
    expect(photos(editor).map((p) => p.attrs?.photoId)).toEqual([SEA, PIER]);
    expect(sectionTypes(editor, 0)).toEqual(['paragraph', 'image', 'image', 'paragraph']);
  });

  it('goes above an empty line, so the line stays under the photo to write on', () => {
    editor = makeEditor(emptyDoc());
    caretIn(editor, 'note');
    editor.commands.insertPhoto({ photoId: SEA });
    expect(sectionTypes(editor, 3)).toEqual(['image', 'paragraph']);
    type(editor, 'after');
    expect(plainText(sectionOf(json(editor), 'note').content)).toContain('after');
  });

  it('stays out of unsaid items: in Unsaid it goes below the list', () => {
    editor = makeEditor(docFromPlainText({ unsaid: 'Thank Ana\nCall Mum' }));
    caretIn(editor, 'unsaid');
    editor.commands.insertPhoto({ photoId: SEA, alt: 'Ana at the door' });
    expect(sectionTypes(editor, 2)).toEqual(['taskList', 'image']);
    expect(unsaidItemsOf(json(editor)).map((i) => i.text)).toEqual(['Thank Ana', 'Call Mum']);
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('refuses anything but an id the journal could have made', () => {
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    for (const photoId of ['', 'blob:app://mutual/1', 'data:image/png;base64,AAAA', '../x']) {
      expect(editor.commands.insertPhoto({ photoId })).toBe(false);
    }
    expect(photos(editor)).toEqual([]);
  });

  it('copies as the id and description only, and pastes back as the same photo', () => {
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    editor.commands.insertPhoto({ photoId: SEA, alt: 'The sea' });
    const html = editor.getHTML();
    expect(html).toContain(`data-photo-id="${SEA}"`);
    expect(html).not.toMatch(/src=|data:image|blob:/);
    caretIn(editor, 'note');
    pasteHTML(editor, `<figure data-type="image" data-photo-id="${SEA}" data-alt="The sea"></figure><img src="data:image/png;base64,AAAA">`);
    expect(photos(editor)).toEqual([
      { type: 'image', attrs: { photoId: SEA, alt: 'The sea' } },
      { type: 'image', attrs: { photoId: SEA, alt: 'The sea' } },
    ]);
  });
});

describe('the description', () => {
  it('is set on the selected photo or at a position, read by screen readers and part of the text', () => {
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    editor.commands.insertPhoto({ photoId: SEA });
    const pos = photoPos(editor);
    expect(editor.state.doc.nodeAt(pos)?.type.name).toBe('image');
    expect(editor.commands.setPhotoAlt('nothing selected')).toBe(false);
    editor.commands.setNodeSelection(pos);
    expect(editor.commands.setPhotoAlt('Maya on the pier')).toBe(true);
    expect(photos(editor)[0]!.attrs).toEqual({ photoId: SEA, alt: 'Maya on the pier' });
    expect(figure(editor).querySelector('img')!.alt).toBe('Maya on the pier');
    expect(plainText(sectionOf(json(editor), 'given').content)).toContain('Maya on the pier');
    expect(editor.getText()).toContain('Maya on the pier');
    expect(editor.commands.setPhotoAlt('   ', pos)).toBe(true);
    expect(photos(editor)[0]!.attrs).toEqual({ photoId: SEA, alt: null });
    expect(figure(editor).querySelector('img')!.alt).toBe('');
    expect(editor.commands.setPhotoAlt('x', 1)).toBe(false);
  });

  it('is edited in a field on the photo: Enter keeps it, Escape leaves it as it was', () => {
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    editor.commands.insertPhoto({ photoId: SEA });
    const add = button(figure(editor), /^Add a description of this photo$/);
    expect(add.textContent).toBe('Add a description');
    expect(button(figure(editor), /^Remove photo$/)).toBeDefined();
    add.click();
    const input = figure(editor).querySelector('input')!;
    const form = input.closest('[role="group"]') as HTMLElement;
    expect(form.hidden).toBe(false);
    expect(form.getAttribute('aria-label')).toBe('Description of the photo');
    expect(input.closest('label')?.textContent).toMatch(/screen readers/);
    expect(document.activeElement).toBe(input);
    input.value = 'The sea at dawn';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(photos(editor)[0]!.attrs?.alt).toBe('The sea at dawn');
    expect(figure(editor).querySelector<HTMLElement>('[role="group"]')!.hidden).toBe(true);
    expect(editor.state.selection).toBeInstanceOf(NodeSelection);
    const edit = button(figure(editor), /^Edit description: The sea at dawn$/);
    expect(button(figure(editor), /^Remove photo: The sea at dawn$/)).toBeDefined();
    edit.click();
    expect(figure(editor).querySelector('input')!.value).toBe('The sea at dawn');
    figure(editor).querySelector('input')!.value = 'Something else';
    figure(editor).querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(photos(editor)[0]!.attrs?.alt).toBe('The sea at dawn');
  });

  it('opens with Enter when the photo is selected from the keyboard, adding no line', () => {
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    editor.commands.insertPhoto({ photoId: SEA });
    const before = JSON.stringify(json(editor));
    editor.commands.setNodeSelection(photoPos(editor));
    expect(press(editor, 'Enter')).toBe(true);
    expect(JSON.stringify(json(editor))).toBe(before);
    expect(figure(editor).querySelector<HTMLElement>('[role="group"]')!.hidden).toBe(false);
  });

  it('Remove photo takes the photo out of the entry', () => {
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    editor.commands.insertPhoto({ photoId: SEA, alt: 'The sea' });
    button(figure(editor), /^Remove photo: The sea$/).click();
    expect(photos(editor)).toEqual([]);
    expect(sectionTypes(editor, 0)).toEqual(['paragraph']);
  });
});

describe('addPhotos', () => {
  it('shows where each photo is going and how far it came, keeps the editor usable, then puts the photos there in order', async () => {
    const { upload, calls } = manualUploads();
    editor = makeEditor(docFromPlainText({ given: 'Walked on the beach' }), { photo: { upload } });
    caretIn(editor, 'given');
    const storage = editor.storage.image;
    const first = new File([new Uint8Array(2_000)], 'sea.png', { type: 'image/png' });
    const second = new File([new Uint8Array(10)], 'pier.jpg', { type: 'image/jpeg' });
    expect(editor.commands.addPhotos([first, second])).toBe(true);
    await tick();
    const pending = () => [...editor!.view.dom.querySelectorAll<HTMLElement>('.entry-photo-pending')];
    expect(pending()).toHaveLength(2);
    expect(pending()[0]!.getAttribute('aria-hidden')).toBe('true');
    expect(storage.state.uploads.map((u) => [u.name, u.state])).toEqual([
      ['sea.png', 'sending'],
      ['pier.jpg', 'waiting'],
    ]);
    // One at a time.
    expect(calls).toHaveLength(1);
    calls[0]!.progress(1_000, 2_000);
    expect(pending()[0]!.textContent).toMatch(/Adding “sea\.png”… 50%/);
    expect(pending()[0]!.querySelector('progress')!.value).toBe(0.5);
    expect(storage.state.uploads[0]!.sent).toBe(1_000);

    // Writing goes on meanwhile; nothing of the placeholders is in the document.
    type(editor, ' at dawn');
    expect(photos(editor)).toEqual([]);
    expect(schemaIssues(editor)).toEqual([]);

    calls[0]!.finish({ ok: true, value: stored(SEA) });
    await tick();
    expect(storage.state.news).toBe('Photo added. One more on the way.');
    expect(calls).toHaveLength(2);
    calls[1]!.finish({ ok: true, value: stored(PIER) });
    await storage.settled();
    expect(pending()).toHaveLength(0);
    expect(storage.state.uploads).toEqual([]);
    expect(storage.state.news).toBe('Photo added.');
    expect(sectionTypes(editor, 0)).toEqual(['paragraph', 'image', 'image']);
    expect(photos(editor).map((p) => p.attrs?.photoId)).toEqual([SEA, PIER]);
    expect(plainText(sectionOf(json(editor), 'given').content)).toContain('Walked on the beach at dawn');
    // The caret stayed in the words being written.
    expect(editor.state.selection.$from.parent.textContent).toBe('Walked on the beach at dawn');
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('inserts nothing for a file the journal refuses, and keeps its reason until dismissed', async () => {
    const message = 'Drawings and documents (SVG, PDF) can run code of their own, so Mutual does not keep them. Save it as a PNG or JPEG and add that. Nothing was added.';
    const upload: PhotoUploader = async () => ({ ok: false, error: { code: 'BAD_INPUT', message } });
    editor = makeEditor(docFromPlainText({ given: 'Words' }), { photo: { upload } });
    caretIn(editor, 'given');
    const before = JSON.stringify(json(editor));
    editor.commands.addPhotos([new File(['<svg/>'], 'drawing.svg', { type: 'image/svg+xml' })]);
    const storage = editor.storage.image;
    await storage.settled();
    expect(JSON.stringify(json(editor))).toBe(before);
    expect(editor.view.dom.querySelector('.entry-photo-pending')).toBeNull();
    expect(storage.state.refusals).toEqual([{ id: expect.any(Number), name: 'drawing.svg', message }]);
    storage.dismiss(storage.state.refusals[0]!.id);
    expect(storage.state.refusals).toEqual([]);
  });

  it('stops sending when the editor closes', async () => {
    const { upload, calls } = manualUploads();
    editor = makeEditor(docFromPlainText({ given: 'Words' }), { photo: { upload } });
    caretIn(editor, 'given');
    editor.commands.addPhotos([new Blob([new Uint8Array(5)], { type: 'image/png' })]);
    await tick();
    expect(calls[0]!.signal.aborted).toBe(false);
    editor.destroy();
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.finish({ ok: true, value: stored(SEA) });
    editor = undefined;
  });

  it('takes files dropped on the text', async () => {
    const { upload, calls } = manualUploads();
    editor = makeEditor(docFromPlainText({ note: 'Words' }), { photo: { upload } });
    caretIn(editor, 'note');
    const inNote = editor.state.selection.from;
    // The caret is elsewhere: the photo goes where it was dropped.
    caretIn(editor, 'given');
    const view = editor.view;
    // jsdom has no layout: the point of the drop is in Note's words, as a browser would say.
    view.posAtCoords = () => ({ pos: inNote, inside: -1 });
    const file = new File([new Uint8Array(3)], 'drop.png', { type: 'image/png' });
    const event = Object.assign(new Event('drop', { cancelable: true }), { dataTransfer: { files: [file] }, clientX: 0, clientY: 0 }) as unknown as DragEvent;
    const handled = view.someProp('handleDrop', (f) => f(view, event, view.state.doc.slice(0, 0), false));
    expect(handled).toBe(true);
    expect(event.defaultPrevented).toBe(true);
    await tick();
    expect(calls[0]!.file).toBe(file);
    calls[0]!.finish({ ok: true, value: stored(SEA) });
    await editor.storage.image.settled();
    expect(sectionTypes(editor, 3)).toEqual(['paragraph', 'image']);
    expect(sectionTypes(editor, 0)).toEqual(['paragraph']);
  });
});

describe('a photo kept as it came (a HEIC this computer cannot show)', () => {
  const HEIC = '3c4d5e6f-7a8b-4c9d-8e0f-112233445566';
  const LATER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f00112233';
  const SHOWN = '7b6a5948-3726-4150-8f9e-8d7c6b5a4938';
  const kept = (id: string): Photo => ({ id, type: 'image/heic', size: 40_000, width: null, height: null, takenAt: null, shown: false });
  afterEach(() => setApiForTests(null));

  it('arrives as a calm note instead of a picture, never asked of the server, its description editable and read aloud', async () => {
    const upload: PhotoUploader = async () => ({ ok: true, value: kept(HEIC) });
    editor = makeEditor(docFromPlainText({ given: 'At the harbour' }), { photo: { upload } });
    caretIn(editor, 'given');
    editor.commands.addPhotos([new File([new Uint8Array(20)], 'IMG_0001.HEIC', { type: 'image/heic' })]);
    await editor.storage.image.settled();
    expect(photos(editor)).toEqual([{ type: 'image', attrs: { photoId: HEIC, alt: null } }]);
    const fig = figure(editor);
    expect(fig.classList.contains('entry-photo--kept')).toBe(true);
    const img = fig.querySelector('img')!;
    expect(img.hidden).toBe(true);
    expect(img.hasAttribute('src')).toBe(false);
    const note = fig.querySelector<HTMLElement>('.entry-photo__kept')!;
    expect(note.hidden).toBe(false);
    expect(note.textContent).toBe('HEIC photo kept in your journal — this computer cannot show it. It is kept as it came and leaves with your exports.');
    // The description, edited as for any photo, is read from the caption (there is no picture's alt).
    button(fig, /Add a description/).click();
    const input = fig.querySelector<HTMLInputElement>('.entry-photo__form input')!;
    input.value = 'The boats at dawn';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(photos(editor)[0]!.attrs?.alt).toBe('The boats at dawn');
    const caption = figure(editor).querySelector('.entry-photo__caption')!;
    expect(caption.textContent).toBe('The boats at dawn');
    expect(caption.hasAttribute('aria-hidden')).toBe(false);
    expect(schemaIssues(editor)).toEqual([]);
  });

  it('reopened, a picture that would not load is asked about and becomes the note; a shown photo stays a picture', async () => {
    const asked: string[] = [];
    setApiForTests({
      'photos.get': async ({ id }: { id: string }) => {
        asked.push(id);
        return { ok: true, value: id === LATER ? kept(LATER) : { ...stored(id), shown: true } };
      },
    } as unknown as MutualApi);
    editor = makeEditor(docFromPlainText({ given: 'Words' }));
    caretIn(editor, 'given');
    editor.commands.insertPhoto({ photoId: LATER, alt: 'Harbour' });
    editor.commands.insertPhoto({ photoId: SHOWN });
    const [heicImg, shownImg] = [figure(editor, 0), figure(editor, 1)].map((f) => f.querySelector('img')!) as [HTMLImageElement, HTMLImageElement];
    // Not known yet: the picture is asked for, as any photo's.
    expect(heicImg.getAttribute('src')).toMatch(new RegExp(`/photos/${LATER}/medium`));
    heicImg.dispatchEvent(new Event('error'));
    shownImg.dispatchEvent(new Event('error'));
    await tick();
    await tick();
    expect(asked.sort()).toEqual([LATER, SHOWN].sort());
    expect(figure(editor, 0).classList.contains('entry-photo--kept')).toBe(true);
    expect(heicImg.hasAttribute('src')).toBe(false);
    expect(figure(editor, 0).querySelector('.entry-photo__caption')!.textContent).toBe('Harbour');
    expect(figure(editor, 1).classList.contains('entry-photo--kept')).toBe(false);
    expect(shownImg.hidden).toBe(false);
  });
});
