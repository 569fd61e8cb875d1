import { mergeAttributes } from '@tiptap/core';
import { Link, type LinkOptions } from '@tiptap/extension-link';
import type { MarkType } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { isSafeHref } from '../../../electron/shared/doc';
import { normalizeOnMount } from './normalizeOnMount';

export const safeLinkKey = new PluginKey('safeLink');
export const entryLinkKey = new PluginKey('entryLink');

export interface SafeLinkOptions extends LinkOptions {
  /**
   * Opens another entry of the journal inside the app, for a link to it (`mutual:entry/<id>`, as an
   * imported Day One link becomes). Without it such links do nothing when clicked; they never
   * reach the browser either way.
   * @default null
   */
  openEntry: ((entryId: string) => void) | null;
}

/** The entry a link points to (`mutual:entry/<id>`), or null for any other href. */
export function entryIdOfHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  return /^mutual:entry\/([A-Za-z0-9_-]{1,64})$/.exec(href.trim())?.[1] ?? null;
}

/**
 * Turns what a person typed or pasted as a link target into a safe href, or null.
 *
 * Keeps http, https and mailto (isSafeHref in electron/shared/doc.ts); adds `https://` to a bare
 * host ("example.com/page") and `mailto:` to a bare address; refuses every other scheme
 * (javascript:, data:, file:, vbscript: …).
 */
export function normalizeHref(input: string): string | null {
  const value = input.trim();
  if (!value || value.length > 2048) return null;
  if (isSafeHref(value)) return value;
  // Any other scheme is refused; "host:8080" is a port, not a scheme.
  if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(value)) return null;
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(value)) {
    const mail = `mailto:${value}`;
    return isSafeHref(mail) ? mail : null;
  }
  const candidate = value.startsWith('//') ? `https:${value}` : `https://${value}`;
  if (!isSafeHref(candidate)) return null;
  try {
    const host = new URL(candidate).hostname;
    return host.includes('.') || host === 'localhost' ? candidate : null;
  } catch {
    return null;
  }
}

/**
 * Removes, or repairs, every link whose href is not safe. A last line of defence behind the parse
 * rule and the commands, so that whatever route content takes into the editor (paste, drop,
 * setContent, a future extension) the document never holds a link that would fail entryDocSchema.
 */
export function sanitizeLinks(state: EditorState, type: MarkType): Transaction | null {
  const tr = state.tr;
  state.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type !== type) continue;
      const href = typeof mark.attrs.href === 'string' ? mark.attrs.href : '';
      if (isSafeHref(href)) continue;
      tr.removeMark(pos, pos + node.nodeSize, mark);
      const repaired = normalizeHref(href);
      if (repaired) tr.addMark(pos, pos + node.nodeSize, type.create({ ...mark.attrs, href: repaired }));
    }
    return false;
  });
  return tr.docChanged ? tr : null;
}

/**
 * Links that can only point to what isSafeHref allows: http, https, mailto, and another entry of
 * the journal (`mutual:entry/<id>`). Typed and pasted addresses become links (autolink), clicking a
 * web link in the editor does not open it (openOnClick: false: the shell opens links only through
 * its own allowlist), and hostile HTML — `javascript:` links, `<script>`, `onerror=` — leaves no
 * unsafe link behind.
 *
 * A link to an entry opens that entry in the app (`openEntry`) on a click, or with Alt+Enter when
 * the caret is in it; the browser never sees it (no target, the click's default prevented).
 */
export const SafeLink = Link.extend<SafeLinkOptions>({
  addOptions(): SafeLinkOptions {
    const parent = this.parent?.();
    return {
      ...(parent as LinkOptions),
      openEntry: null,
      autolink: true,
      openOnClick: false,
      enableClickSelection: false,
      linkOnPaste: true,
      markdownLinks: false,
      protocols: [],
      defaultProtocol: 'https',
      HTMLAttributes: { target: '_blank', rel: 'noopener noreferrer nofollow', class: null },
      // Autolink and paste rules pass the text as found ("example.com"); normalizeHref decides.
      isAllowedUri: (url) => normalizeHref(url) !== null,
    };
  },

  parseHTML() {
    return [
      {
        tag: 'a[href]',
        getAttrs: (element: HTMLElement) => {
          const href = element.getAttribute('href');
          return href && isSafeHref(href) ? null : false;
        },
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    const href = typeof HTMLAttributes.href === 'string' && isSafeHref(HTMLAttributes.href) ? HTMLAttributes.href : null;
    if (entryIdOfHref(href)) {
      // Not a web page: no new window, and said so to people who hover or use a screen reader.
      return ['a', mergeAttributes({ ...HTMLAttributes, href, target: null, rel: null }, { class: 'entry-link', title: 'Opens this entry (Alt+Enter)' }), 0];
    }
    return ['a', mergeAttributes(this.options.HTMLAttributes, { ...HTMLAttributes, href }), 0];
  },

  addKeyboardShortcuts() {
    return {
      ...this.parent?.(),
      'Alt-Enter': ({ editor }) => {
        const open = this.options.openEntry;
        const id = entryIdOfHref(editor.getAttributes(this.name).href);
        if (!id || !open) return false;
        open(id);
        return true;
      },
    };
  },

  addCommands() {
    return {
      ...this.parent?.(),
      setLink:
        (attributes) =>
        ({ chain }) => {
          const href = normalizeHref(attributes.href ?? '');
          if (!href) return false;
          return chain().setMark(this.name, { ...attributes, href }).setMeta('preventAutolink', true).run();
        },
      toggleLink:
        (attributes) =>
        ({ chain }) => {
          if (!attributes) return chain().toggleMark(this.name, {}, { extendEmptyMarkRange: true }).setMeta('preventAutolink', true).run();
          const href = normalizeHref(attributes.href ?? '');
          if (!href) return false;
          return chain().toggleMark(this.name, { ...attributes, href }, { extendEmptyMarkRange: true }).setMeta('preventAutolink', true).run();
        },
    };
  },

  addProseMirrorPlugins() {
    const type = this.type;
    const options = this.options;
    const entryLinkAt = (view: EditorView, event: MouseEvent): string | null => {
      const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
      return target && view.dom.contains(target) ? entryIdOfHref(target.getAttribute('href')) : null;
    };
    return [
      ...(this.parent?.() ?? []),
      new Plugin({
        key: safeLinkKey,
        appendTransaction: (transactions, _old, state) => (transactions.some((tr) => tr.docChanged) ? sanitizeLinks(state, type) : null),
      }),
      new Plugin({
        key: entryLinkKey,
        props: {
          handleDOMEvents: {
            click: (view, event) => {
              const id = entryLinkAt(view, event);
              if (!id) return false;
              event.preventDefault();
              // Shift extends a selection and a modifier means something else to the person.
              if (event.button !== 0 || event.shiftKey || event.altKey || !options.openEntry) return true;
              options.openEntry(id);
              return true;
            },
            // A middle click or a context-menu "open" would hand the href to the browser.
            auxclick: (view, event) => {
              if (!entryLinkAt(view, event)) return false;
              event.preventDefault();
              return true;
            },
          },
        },
      }),
    ];
  },

  onBeforeCreate() {
    const type = this.type;
    normalizeOnMount(this.editor, (state) => sanitizeLinks(state, type));
  },
});
