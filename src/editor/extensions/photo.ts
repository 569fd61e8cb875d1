import { Node, mergeAttributes } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { NodeSelection, Plugin, PluginKey, type EditorState, type Selection } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Photo as StoredPhoto } from '../../../electron/shared/contract';
import { MAX_ALT_LENGTH } from '../../../electron/shared/doc';
import type { Result } from '../../../electron/shared/result';
import { knownPhoto, photoInfo, photoUrl, rememberPhoto, uploadPhoto, type PhotoVariant } from '../../lib/photos';

/** A photo's id as the journal keeps it (electron/core/services/photos.ts). */
const PHOTO_ID = /^[0-9a-f-]{36}$/;

/** Sends one file to the journal; src/lib/photos.ts `uploadPhoto` is the real one. */
export type PhotoUploader = (file: Blob, onProgress: (sent: number, total: number) => void, signal: AbortSignal) => Promise<Result<StoredPhoto>>;

export interface PhotoOptions {
  /**
   * Which stored size the entry shows.
   * @default 'medium'
   */
  variant: PhotoVariant;
  /**
   * HTML attributes of the figure around each photo.
   * @default { class: 'entry-photo' }
   */
  HTMLAttributes: Record<string, string>;
  /**
   * Sends a pasted, dropped or picked file to the journal (`addPhotos`). Tests pass their own.
   * @default uploadPhoto from src/lib/photos.ts
   */
  upload: PhotoUploader;
  /**
   * Files dropped on the text become photos where they fall. Off leaves drops to ProseMirror,
   * which drops files on the floor.
   * @default true
   */
  dropFiles: boolean;
}

/** One file on its way into the entry. */
export interface PhotoUpload {
  id: number;
  /** The file's name, when it had one ("image.png" for a pasted picture). */
  name: string;
  /** Bytes sent so far, of `total`. */
  sent: number;
  total: number;
  /** Waiting behind another upload, or being sent (and then stored by the journal). */
  state: 'waiting' | 'sending';
}

/** A file the journal would not keep, and its own words why. */
export interface PhotoRefusal {
  id: number;
  name: string;
  message: string;
}

/** What the screen around the editor shows about photos on their way (EntryEditor's PhotoUploads). */
export interface PhotoUploadsState {
  uploads: readonly PhotoUpload[];
  refusals: readonly PhotoRefusal[];
  /** The last thing to tell a screen reader ("Photo added."); empty when nothing yet. */
  news: string;
}

export interface PhotoStorage {
  /** Replaced (never changed in place) whenever something changes, for useSyncExternalStore. */
  state: PhotoUploadsState;
  /** Hears every change of `state`; answers the function that stops listening. */
  subscribe: (listener: () => void) => () => void;
  /** Forgets a refusal once the person has read it. */
  dismiss: (id: number) => void;
  /** Says something about photos that did not come in (shown with the refusals), e.g. pictures a paste only pointed to. */
  tell: (message: string) => void;
  /** Settles once every upload started so far has ended, however it ended. */
  settled: () => Promise<void>;
  /** The machinery behind the fields above (not for screens). */
  internal: PhotoQueue;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    photo: {
      /**
       * Puts a photo that is already in the journal into the entry, between the blocks of the section
       * holding `position` (default: the caret): below the block the caret is in and any photos under
       * it, or above it when that block is empty or the caret is at its start. The caret stays where it was. False for a
       * photo id the journal could not have made.
       * @example editor.commands.insertPhoto({ photoId: photo.id, alt: 'The sea at dawn' })
       */
      insertPhoto: (attrs: { photoId: string; alt?: string | null }, position?: number) => ReturnType;
      /**
       * Sets the description of the photo at `position` (where its node starts), or of the selected
       * photo. Read by screen readers and found by search; an empty one is removed.
       * @example editor.commands.setPhotoAlt('Maya on the pier')
       */
      setPhotoAlt: (alt: string, position?: number) => ReturnType;
      /**
       * Sends files to the journal one after another, each shown as a placeholder with its progress
       * where it will go (as insertPhoto places it). A stored photo replaces its placeholder; a
       * refused file leaves nothing behind and its reason in `editor.storage.image.state.refusals`.
       * The editor stays usable meanwhile: the placeholders follow the text as it changes.
       * @example editor.commands.addPhotos([...input.files])
       */
      addPhotos: (files: readonly Blob[], position?: number) => ReturnType;
    };
  }
  interface Storage {
    image: PhotoStorage;
  }
}

export const photoUploadsKey = new PluginKey<DecorationSet>('photoUploads');

type PlaceholderMeta = { add: { id: number; pos: number; dom: HTMLElement }[] } | { remove: number };

function photoIdOf(value: unknown): string | null {
  return typeof value === 'string' && PHOTO_ID.test(value) ? value : null;
}

/** A description as kept: one trimmed line, at most MAX_ALT_LENGTH characters; null when empty. */
export function cleanAlt(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const line = value.replace(/\s+/g, ' ').trim();
  return line ? [...line].slice(0, MAX_ALT_LENGTH).join('').slice(0, MAX_ALT_LENGTH) : null;
}

/** Where the caret is, for placing a photo: after a selected block (a photo), else where the selection starts. */
function caretOf(selection: Selection): number {
  return selection instanceof NodeSelection ? selection.to : selection.from;
}

/**
 * The place between two blocks of a section where a photo goes for a caret at `pos`: below the
 * section's block that holds the caret (and below photos already there), or above it when that
 * block is empty (so the empty line stays under the photo to write on) or the caret is at its very
 * start. Photos stay directly in a
 * section: never inside a list item (in Unsaid that would make a photo an unsaid item).
 */
export function photoSpotNear(doc: PMNode, pos: number): number | null {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  if ($pos.depth === 0) {
    // Between sections: the end of the section before, or the start of the first one.
    const index = Math.min($pos.index(0), doc.childCount - 1);
    if (index < 0) return null;
    let start = 0;
    for (let i = 0; i < index; i++) start += doc.child(i).nodeSize;
    const section = doc.child(index);
    return $pos.index(0) > index || $pos.pos > start ? start + section.nodeSize - 1 : start + 1;
  }
  for (let depth = $pos.depth; depth >= 1; depth--) {
    if ($pos.node(depth).type.name !== 'section') continue;
    if (depth === $pos.depth) return $pos.pos;
    const block = $pos.node(depth + 1);
    const atStart = block.isTextblock && $pos.depth === depth + 1 && $pos.parentOffset === 0;
    const empty = block.isTextblock && block.content.size === 0;
    if (empty || atStart) return $pos.before(depth + 1);
    // Below the photos already under the block, so photos added one after another stay in order.
    const section = $pos.node(depth);
    let index = $pos.index(depth) + 1;
    let after = $pos.after(depth + 1);
    while (index < section.childCount && section.child(index).type.name === 'image') after += section.child(index++).nodeSize;
    return after;
  }
  return null;
}

function photoAt(state: EditorState, position: number | undefined, typeName: string): { pos: number; node: PMNode } | null {
  if (position === undefined) {
    const { selection } = state;
    return selection instanceof NodeSelection && selection.node.type.name === typeName ? { pos: selection.from, node: selection.node } : null;
  }
  if (position < 0 || position >= state.doc.content.size) return null;
  const node = state.doc.nodeAt(position);
  return node?.type.name === typeName ? { pos: position, node } : null;
}

/** The placeholder drawn where a photo is going, until it arrives (a widget: never in the document). */
function placeholder(name: string): { dom: HTMLElement; show: (sent: number, total: number, waiting: boolean) => void } {
  const dom = document.createElement('div');
  dom.className = 'entry-photo-pending';
  dom.contentEditable = 'false';
  // The screen around the editor announces uploads in words (a live region); this is for the eyes.
  dom.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'entry-photo-pending__label';
  const bar = document.createElement('progress');
  bar.className = 'entry-photo-pending__bar';
  bar.max = 1;
  dom.append(label, bar);
  const show = (sent: number, total: number, waiting: boolean) => {
    const percent = total > 0 ? Math.round((sent / total) * 100) : 0;
    label.textContent = waiting ? `Waiting to add ${name}…` : sent < total ? `Adding ${name}… ${percent}%` : `Keeping ${name} in your journal…`;
    // Indeterminate while the journal reads and stores it: its size says nothing about how long that takes.
    if (waiting || sent >= total) bar.removeAttribute('value');
    else bar.value = total > 0 ? sent / total : 0;
  };
  show(0, 0, true);
  return { dom, show };
}

/**
 * Uploads of one editor, one at a time (each file is read a piece at a time; two at once would only
 * share the same journal worker), with what the screen shows about them.
 */
export class PhotoQueue {
  state: PhotoUploadsState = { uploads: [], refusals: [], news: '' };
  private readonly listeners = new Set<() => void>();
  private readonly views = new Map<number, ReturnType<typeof placeholder>>();
  private readonly aborter = new AbortController();
  private tail: Promise<void> = Promise.resolve();
  private nextId = 1;

  constructor(
    private readonly upload: () => PhotoUploader,
    private readonly arrived: (id: number, photo: StoredPhoto) => void,
    private readonly gone: (id: number) => void,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  settled = (): Promise<void> => this.tail;

  dismiss = (id: number): void => {
    this.set({ refusals: this.state.refusals.filter((r) => r.id !== id) });
  };

  tell = (message: string): void => {
    this.set({ refusals: [...this.state.refusals, { id: this.nextId++, name: '', message }] });
  };

  private set(patch: Partial<PhotoUploadsState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private patchUpload(id: number, patch: Partial<PhotoUpload>): void {
    this.set({ uploads: this.state.uploads.map((u) => (u.id === id ? { ...u, ...patch } : u)) });
  }

  /** Queues a file; answers its placeholder to draw until it arrives. */
  enqueue(file: Blob): { id: number; dom: HTMLElement } {
    const id = this.nextId++;
    const name = file instanceof File && file.name ? file.name : 'the photo';
    const view = placeholder(name === 'the photo' ? name : `“${name}”`);
    this.views.set(id, view);
    this.set({ uploads: [...this.state.uploads, { id, name, sent: 0, total: file.size, state: 'waiting' }] });
    this.tail = this.tail.then(() => this.send(id, file));
    return { id, dom: view.dom };
  }

  private async send(id: number, file: Blob): Promise<void> {
    if (this.aborter.signal.aborted) return;
    this.patchUpload(id, { state: 'sending' });
    this.views.get(id)?.show(0, file.size, false);
    let result: Result<StoredPhoto>;
    try {
      result = await this.upload()(
        file,
        (sent, total) => {
          this.views.get(id)?.show(sent, total, false);
          this.patchUpload(id, { sent, total });
        },
        this.aborter.signal,
      );
    } catch {
      result = { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong while adding the photo. Nothing was added; try again.' } };
    }
    if (this.aborter.signal.aborted) return;
    const upload = this.state.uploads.find((u) => u.id === id);
    this.views.delete(id);
    const uploads = this.state.uploads.filter((u) => u.id !== id);
    if (result.ok) {
      this.arrived(id, result.value);
      this.set({ uploads, news: uploads.length ? `Photo added. ${uploads.length === 1 ? 'One more' : `${uploads.length} more`} on the way.` : 'Photo added.' });
    } else {
      this.gone(id);
      const refusal = { id, name: upload?.name ?? 'the photo', message: result.error.message };
      this.set({ uploads, refusals: [...this.state.refusals, refusal], news: '' });
    }
  }

  /** The editor closed: what is still on its way could never be shown, so it is stopped. */
  stop(): void {
    this.aborter.abort();
    this.listeners.clear();
  }
}

/**
 * A photo of the journal in an entry (`image` with attrs `{ photoId, alt }`, electron/shared/doc.ts;
 * ARCHITECTURE.md, "Photos"). The editor shows it and keeps it exactly as it is: without this node
 * an entry holding a photo would open empty, and its next save would lose the photo and every word.
 *
 * New photos come through `addPhotos` (the composer routes pasted images to it, the toolbar's
 * "Add photo" picks files, and files dropped on the text land here): each file is sent to the
 * journal first and only a stored photo's id enters the document — never a data: or blob: address.
 * Each photo has its own controls: "Add a description" / "Edit description" (a one-line field;
 * Enter keeps it, Escape leaves it) and "Remove photo"; with a photo selected (arrow keys), Enter
 * opens its description too.
 *
 * A photo the journal keeps as an attachment (a HEIC this computer cannot decode; `shown: false`)
 * is drawn as a note saying so instead of a picture — never asked of the server, which would not
 * serve it — with its description and the same controls; a screen reader hears the note and the
 * description. The page learns it from the upload's answer or, for a photo whose picture would not
 * load, from photos.get.
 *
 * Only photos already in the journal are accepted when parsing HTML: an image pasted from elsewhere
 * has no photo id and is dropped. The page's address of the picture (with the web host's token) is
 * set only on the screen, never in copied HTML, which carries the id and the description alone.
 */
export const Photo = Node.create<PhotoOptions, PhotoStorage>({
  name: 'image',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return {
      variant: 'medium',
      HTMLAttributes: { class: 'entry-photo' },
      upload: uploadPhoto,
      dropFiles: true,
    };
  },

  addStorage() {
    // Filled in onBeforeCreate, which knows the editor to place arrivals in.
    return {
      state: { uploads: [], refusals: [], news: '' },
      subscribe: () => () => undefined,
      dismiss: () => undefined,
      tell: () => undefined,
      settled: () => Promise.resolve(),
      internal: null as unknown as PhotoQueue,
    };
  },

  onBeforeCreate() {
    const editor = this.editor;
    const storage = this.storage;
    const placeholderAt = (id: number): number | null => {
      const set = photoUploadsKey.getState(editor.state);
      return set?.find(undefined, undefined, (spec: { photoUpload?: number }) => spec.photoUpload === id)[0]?.from ?? null;
    };
    const queue = new PhotoQueue(
      () => this.options.upload,
      (id, photo) => {
        // Whether it can be shown, known before its node view draws it (a HEIC kept as it came is not).
        rememberPhoto(photo);
        if (editor.isDestroyed) return;
        // Where its placeholder went as the text changed; where the caret is if that text was deleted.
        const at = placeholderAt(id) ?? caretOf(editor.state.selection);
        editor
          .chain()
          .command(({ tr }) => {
            tr.setMeta(photoUploadsKey, { remove: id } satisfies PlaceholderMeta);
            return true;
          })
          .insertPhoto({ photoId: photo.id }, at)
          .run();
      },
      (id) => {
        if (editor.isDestroyed) return;
        editor.view.dispatch(editor.state.tr.setMeta(photoUploadsKey, { remove: id } satisfies PlaceholderMeta));
      },
    );
    queue.subscribe(() => {
      storage.state = queue.state;
    });
    storage.internal = queue;
    storage.subscribe = (listener) => queue.subscribe(listener);
    storage.dismiss = queue.dismiss;
    storage.tell = queue.tell;
    storage.settled = queue.settled;
  },

  onDestroy() {
    this.storage.internal?.stop();
  },

  addAttributes() {
    return {
      photoId: {
        default: null,
        parseHTML: (element) => photoIdOf(element.getAttribute('data-photo-id')),
        renderHTML: (attributes) => ({ 'data-photo-id': photoIdOf(attributes.photoId) ?? '' }),
      },
      alt: {
        default: null,
        parseHTML: (element) => cleanAlt(element.getAttribute('data-alt')),
        renderHTML: (attributes) => (typeof attributes.alt === 'string' ? { 'data-alt': attributes.alt } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-type="image"]', getAttrs: (element: HTMLElement) => (photoIdOf(element.getAttribute('data-photo-id')) ? null : false) }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['figure', mergeAttributes({ 'data-type': this.name }, this.options.HTMLAttributes, HTMLAttributes)];
  },

  renderText({ node }) {
    return typeof node.attrs.alt === 'string' ? node.attrs.alt : '';
  },

  addCommands() {
    return {
      insertPhoto:
        (attrs, position) =>
        ({ tr, dispatch }) => {
          const photoId = photoIdOf(attrs.photoId);
          if (!photoId) return false;
          const at = photoSpotNear(tr.doc, position ?? caretOf(tr.selection));
          if (at === null) return false;
          const $at = tr.doc.resolve(at);
          if (!$at.parent.canReplaceWith($at.index(), $at.index(), this.type)) return false;
          if (dispatch) tr.insert(at, this.type.create({ photoId, alt: cleanAlt(attrs.alt) }));
          return true;
        },
      setPhotoAlt:
        (alt, position) =>
        ({ tr, state, dispatch }) => {
          const found = photoAt(state, position, this.name);
          if (!found) return false;
          if (dispatch) tr.setNodeAttribute(found.pos, 'alt', cleanAlt(alt));
          return true;
        },
      addPhotos:
        (files, position) =>
        ({ tr, dispatch }) => {
          if (files.length === 0 || !this.storage.internal) return false;
          const at = photoSpotNear(tr.doc, position ?? caretOf(tr.selection));
          if (at === null) return false;
          if (dispatch) {
            const add = files.map((file) => ({ ...this.storage.internal.enqueue(file), pos: at }));
            tr.setMeta(photoUploadsKey, { add } satisfies PlaceholderMeta);
          }
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      // A selected photo: Enter opens its description (the node view listens for this event).
      Enter: ({ editor }) => {
        const { selection } = editor.state;
        if (!(selection instanceof NodeSelection) || selection.node.type.name !== this.name || !editor.isEditable) return false;
        const dom = editor.view.nodeDOM(selection.from);
        if (!(dom instanceof HTMLElement)) return false;
        dom.dispatchEvent(new CustomEvent('photo-describe'));
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    const editor = this.editor;
    return [
      new Plugin<DecorationSet>({
        key: photoUploadsKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => {
            let next = set.map(tr.mapping, tr.doc);
            const meta = tr.getMeta(photoUploadsKey) as PlaceholderMeta | undefined;
            if (meta && 'add' in meta) {
              // side 1: a photo arriving at the same spot goes before the placeholders still waiting there.
              next = next.add(tr.doc, meta.add.map(({ id, pos, dom }) => Decoration.widget(pos, dom, { side: 1, photoUpload: id, ignoreSelection: true })));
            } else if (meta && 'remove' in meta) {
              next = next.remove(next.find(undefined, undefined, (spec: { photoUpload?: number }) => spec.photoUpload === meta.remove));
            }
            return next;
          },
        },
        props: {
          decorations: (state) => photoUploadsKey.getState(state),
          handleDrop: (view, event, _slice, moved) => {
            const files = [...(event.dataTransfer?.files ?? [])];
            if (!options.dropFiles || moved || files.length === 0 || !view.editable) return false;
            event.preventDefault();
            const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
            return editor.commands.addPhotos(files, pos);
          },
        },
      }),
    ];
  },

  addNodeView() {
    const variant = this.options.variant;
    const attributes = this.options.HTMLAttributes;
    return ({ node, editor, getPos }) => {
      const figure = document.createElement('figure');
      for (const [key, value] of Object.entries(attributes)) figure.setAttribute(key, value);
      figure.dataset.type = this.name;
      figure.contentEditable = 'false';
      const img = document.createElement('img');
      img.loading = 'lazy';
      img.decoding = 'async';
      // A photo kept as it came, which this computer cannot show: a note in place of the picture.
      const kept = document.createElement('div');
      kept.className = 'entry-photo__kept';
      kept.hidden = true;

      // What the person sees of the description and the two controls.
      const bar = document.createElement('div');
      bar.className = 'entry-photo__bar';
      const caption = document.createElement('p');
      caption.className = 'entry-photo__caption';
      // The picture's alt already says it to a screen reader; read once, not twice.
      caption.setAttribute('aria-hidden', 'true');
      const describe = document.createElement('button');
      describe.type = 'button';
      describe.className = 'entry-photo__button entry-photo__describe';
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'entry-photo__button entry-photo__remove';
      remove.textContent = 'Remove photo';
      bar.append(caption, describe, remove);

      // The description field, shown on demand.
      const form = document.createElement('div');
      form.className = 'entry-photo__form';
      form.setAttribute('role', 'group');
      form.setAttribute('aria-label', 'Description of the photo');
      form.hidden = true;
      const label = document.createElement('label');
      const labelText = document.createElement('span');
      labelText.className = 'entry-photo__label';
      labelText.textContent = 'Describe the photo (read aloud by screen readers and found by search)';
      const input = document.createElement('input');
      input.type = 'text';
      input.maxLength = MAX_ALT_LENGTH;
      input.autocomplete = 'off';
      label.append(labelText, input);
      const save = document.createElement('button');
      save.type = 'button';
      save.className = 'entry-photo__button';
      save.textContent = 'Save description';
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'entry-photo__button';
      cancel.textContent = 'Cancel';
      form.append(label, save, cancel);

      figure.append(img, kept, bar, form);

      let current = node;
      const altOf = (value: PMNode) => (typeof value.attrs.alt === 'string' ? value.attrs.alt : '');
      const position = () => (typeof getPos === 'function' ? getPos() : undefined);

      const showKept = (photo: StoredPhoto | null) => {
        const asKept = photo?.shown === false;
        figure.classList.toggle('entry-photo--kept', asKept);
        kept.hidden = !asKept;
        img.hidden = asKept;
        // Shown as a note, the description is read from the caption (no picture's alt to say it).
        if (asKept) caption.removeAttribute('aria-hidden');
        else caption.setAttribute('aria-hidden', 'true');
        if (asKept) {
          const kind = photo.type === 'image/heif' ? 'HEIF' : 'HEIC';
          kept.textContent = `${kind} photo kept in your journal — this computer cannot show it. It is kept as it came and leaves with your exports.`;
          img.removeAttribute('src');
        }
        return asKept;
      };
      // The picture would not load: perhaps a photo kept as it came (its variants are never served).
      img.addEventListener('error', () => {
        const id = img.dataset.photoId;
        if (!id) return;
        void photoInfo(id).then((photo) => {
          if (img.dataset.photoId === id) showKept(photo);
        });
      });

      const render = (value: PMNode) => {
        current = value;
        const id = photoIdOf(value.attrs.photoId);
        const alt = altOf(value);
        if (id) {
          figure.dataset.photoId = id;
          if (img.dataset.photoId !== id) {
            img.dataset.photoId = id;
            if (!showKept(knownPhoto(id))) img.src = photoUrl(id, variant);
          }
        }
        // No description: the photo is decoration to a screen reader, not a nameless image.
        img.alt = alt;
        caption.textContent = alt || 'No description yet.';
        caption.classList.toggle('entry-photo__caption--empty', !alt);
        describe.textContent = alt ? 'Edit description' : 'Add a description';
        // Several photos in one entry: each control says which photo it is about, once it can. The
        // names start with the words shown, so speaking what is on screen finds them.
        describe.setAttribute('aria-label', alt ? `Edit description: ${alt}` : 'Add a description of this photo');
        remove.setAttribute('aria-label', alt ? `Remove photo: ${alt}` : 'Remove photo');
      };

      const open = () => {
        if (!editor.isEditable) return;
        input.value = altOf(current);
        form.hidden = false;
        bar.hidden = true;
        input.focus();
        input.select();
      };
      const close = (keep: boolean) => {
        const pos = position();
        if (keep && pos !== undefined) editor.commands.setPhotoAlt(input.value, pos);
        form.hidden = true;
        bar.hidden = false;
        // Back to the text with this photo selected, so Enter opens it again and the arrows go on.
        const after = position();
        if (after !== undefined) editor.chain().setNodeSelection(after).focus().run();
        else editor.commands.focus();
      };

      // Keep ProseMirror's selection where it is while the mouse presses a control.
      for (const button of [describe, remove, save, cancel]) button.addEventListener('mousedown', (event) => event.preventDefault());
      describe.addEventListener('click', open);
      figure.addEventListener('photo-describe', open);
      remove.addEventListener('click', () => {
        const pos = position();
        if (pos === undefined || !editor.isEditable) return;
        editor.chain().focus().deleteRange({ from: pos, to: pos + current.nodeSize }).run();
      });
      save.addEventListener('click', () => close(true));
      cancel.addEventListener('click', () => close(false));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          close(true);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          // The composer clears search marks on Escape; this Escape was the field's.
          event.stopPropagation();
          close(false);
        }
      });

      render(node);
      const inControls = (target: EventTarget | null) => target instanceof globalThis.Node && (bar.contains(target) || form.contains(target));
      return {
        dom: figure,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          render(updated);
          return true;
        },
        // The field and buttons handle their own keys and clicks; a click on the picture selects it.
        stopEvent: (event) => inControls(event.target),
        ignoreMutation: (mutation) => mutation.type !== 'selection' || inControls(mutation.target),
      };
    };
  },
});
