import { Node, mergeAttributes } from '@tiptap/core';
import { photoUrl, type PhotoVariant } from '../../lib/photos';

/** A photo's id as the journal keeps it (electron/core/services/photos.ts). */
const PHOTO_ID = /^[0-9a-f-]{36}$/;

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
}

function photoIdOf(value: unknown): string | null {
  return typeof value === 'string' && PHOTO_ID.test(value) ? value : null;
}

/**
 * A photo of the journal in an entry (`image` with attrs `{ photoId, alt }`, electron/shared/doc.ts;
 * ARCHITECTURE.md, "Photos"). The editor shows it and keeps it exactly as it is: without this node
 * an entry holding a photo would open empty, and its next save would lose the photo and every word.
 *
 * Only photos already in the journal are accepted: an image pasted from elsewhere has no photo id
 * and is dropped. The page's address of the picture (with the web host's token) is set only on the
 * screen, never in copied HTML, which carries the id and the description alone.
 */
export const Photo = Node.create<PhotoOptions>({
  name: 'image',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { variant: 'medium', HTMLAttributes: { class: 'entry-photo' } };
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
        parseHTML: (element) => element.getAttribute('data-alt'),
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

  addNodeView() {
    const variant = this.options.variant;
    const attributes = this.options.HTMLAttributes;
    return ({ node }) => {
      const figure = document.createElement('figure');
      for (const [key, value] of Object.entries(attributes)) figure.setAttribute(key, value);
      figure.dataset.type = this.name;
      figure.contentEditable = 'false';
      const img = document.createElement('img');
      img.loading = 'lazy';
      figure.append(img);
      const render = (value: typeof node) => {
        const id = photoIdOf(value.attrs.photoId);
        const alt = typeof value.attrs.alt === 'string' ? value.attrs.alt : '';
        if (id) {
          figure.dataset.photoId = id;
          if (img.dataset.photoId !== id) {
            img.dataset.photoId = id;
            img.src = photoUrl(id, variant);
          }
        }
        // No description: the photo is decoration to a screen reader, not a nameless image.
        img.alt = alt;
      };
      render(node);
      return {
        dom: figure,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          render(updated);
          return true;
        },
      };
    };
  },
});
