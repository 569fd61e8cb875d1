import { InputRule, mergeAttributes, wrappingInputRule } from '@tiptap/core';
import { TaskItem, type TaskItemOptions } from '@tiptap/extension-list';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { newItemId, unsaidStates, type UnsaidState } from '../../../electron/shared/doc';
import { findSection, sectionAt, sectionPositions } from './section';
import { UnsaidList } from './unsaidList';
import { normalizeOnMount } from './normalizeOnMount';

/**
 * Words of the item controls. Accessible names add the item's text, names and tags included:
 * "Mark said: Cooked dinner for Jo". An item with no text yet has no controls at all.
 */
export interface UnsaidItemLabels {
  /** @default 'Said' */
  said: string;
  /** @default 'Let go' */
  letGo: string;
  /** @default 'Mark said' */
  markSaid: string;
  /** @default 'Mark let go' */
  markLetGo: string;
  /** @default 'Reopen' */
  reopen: string;
}

export interface UnsaidItemOptions extends TaskItemOptions {
  /**
   * Words of the controls beside each item.
   * @default { said: 'Said', letGo: 'Let go', markSaid: 'Mark said', markLetGo: 'Mark let go', reopen: 'Reopen' }
   */
  labels: UnsaidItemLabels;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    unsaidItem: {
      /**
       * Marks the unsaid item with this id as open, said or let go.
       * @example editor.commands.setUnsaidState(item.id, 'said')
       */
      setUnsaidState: (id: string, state: UnsaidState) => ReturnType;
    };
  }
}

export const unsaidItemKey = new PluginKey('unsaidItem');

/** `[ ] ` or `[x] ` at the start of a line in Unsaid starts an item (x: already said). */
export const unsaidInputRegex = /^\s*(\[([( |x])?\])\s$/;

export function isUnsaidState(value: unknown): value is UnsaidState {
  return typeof value === 'string' && (unsaidStates as readonly string[]).includes(value);
}

function isItemId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}

/** An item's words as a person reads them: mentioned people by name, tags as "#tag". */
export function itemText(item: PMNode): string {
  return item
    .textBetween(0, item.content.size, ' ', (leaf) => {
      if (leaf.type.name === 'mention') return String(leaf.attrs.label ?? '');
      if (leaf.type.name === 'tag') return `#${String(leaf.attrs.label ?? '')}`;
      return leaf.type.name === 'hardBreak' ? ' ' : '';
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Keeps the Unsaid invariants after every change:
 * - a task list outside Unsaid (pasted, dropped) becomes a bulleted list with the same text;
 * - an emptied Unsaid section holds one empty item again, ready to type into;
 * - every item has its own id (new, split, duplicated by paste) and a known state.
 */
export function normalizeUnsaid(state: EditorState, itemName = 'taskItem', listName = 'taskList'): Transaction | null {
  const { schema } = state;
  const itemType = schema.nodes[itemName];
  const listType = schema.nodes[listName];
  const paragraph = schema.nodes.paragraph;
  if (!itemType || !listType || !paragraph) return null;
  const tr = state.tr;

  const stray: { from: number; node: PMNode }[] = [];
  for (const { kind, pos, node } of sectionPositions(tr.doc)) {
    if (kind === 'unsaid') continue;
    node.descendants((child, offset) => {
      if (child.type === listType) {
        stray.push({ from: pos + 1 + offset, node: child });
        return false;
      }
      return !child.isTextblock;
    });
  }
  const bulletList = schema.nodes.bulletList;
  const listItem = schema.nodes.listItem;
  for (const { from, node } of stray.reverse()) {
    const items: PMNode[] = [];
    node.forEach((item) => items.push(item));
    const replacement =
      bulletList && listItem
        ? bulletList.create(null, items.map((item) => listItem.create(null, item.content)))
        : items.flatMap((item) => {
            const blocks: PMNode[] = [];
            item.content.forEach((block) => blocks.push(block));
            return blocks;
          });
    tr.replaceWith(from, from + node.nodeSize, replacement);
  }

  const unsaid = findSection(tr.doc, 'unsaid');
  const only = unsaid?.node.childCount === 1 ? unsaid.node.firstChild : null;
  if (unsaid && only && only.type === paragraph && only.content.size === 0) {
    const from = unsaid.pos + 1;
    const to = from + only.nodeSize;
    const caretInside = tr.selection.from >= from && tr.selection.to <= to;
    tr.replaceWith(from, to, listType.create(null, itemType.create({ id: newItemId(), state: 'open' }, paragraph.create())));
    // list, item, paragraph: the caret goes inside the new item's paragraph.
    if (caretInside) tr.setSelection(TextSelection.create(tr.doc, from + 3));
  }

  const seen = new Set<string>();
  tr.doc.descendants((node, pos) => {
    if (node.type !== itemType) return !node.isTextblock;
    let { id, state: itemState } = node.attrs as { id: unknown; state: unknown };
    const fresh = !isItemId(id) || seen.has(id);
    if (fresh) id = newItemId();
    const badState = !isUnsaidState(itemState);
    if (badState) itemState = 'open';
    if (fresh || badState) tr.setNodeMarkup(pos, undefined, { ...node.attrs, id, state: itemState });
    seen.add(id as string);
    return false;
  });

  return tr.docChanged ? tr : null;
}

/**
 * A thing to say, in the Unsaid section (`taskItem` with attrs `{ id, state }`). It is open until
 * it is marked said or let go; the buttons beside it, and `setUnsaidState`, move it along. Enter
 * starts the next item, `[ ] ` at the start of a line in Unsaid starts a list, and an item never
 * lives outside Unsaid.
 */
export const UnsaidItem = TaskItem.extend<UnsaidItemOptions>({
  addOptions() {
    return {
      nested: false,
      HTMLAttributes: {},
      taskListTypeName: 'taskList',
      a11y: undefined,
      labels: { said: 'Said', letGo: 'Let go', markSaid: 'Mark said', markLetGo: 'Mark let go', reopen: 'Reopen' },
    };
  },

  addExtensions() {
    return [UnsaidList];
  },

  addAttributes() {
    return {
      id: {
        // Assigned by normalizeUnsaid: a schema default would be shared by every new item.
        default: null,
        keepOnSplit: false,
        parseHTML: (element) => element.getAttribute('data-id'),
        renderHTML: (attributes) => (isItemId(attributes.id) ? { 'data-id': attributes.id } : {}),
      },
      state: {
        default: 'open',
        keepOnSplit: false,
        parseHTML: (element) => {
          const state = element.getAttribute('data-state');
          if (isUnsaidState(state)) return state;
          const checked = element.getAttribute('data-checked');
          return checked === '' || checked === 'true' ? 'said' : 'open';
        },
        renderHTML: (attributes) => ({ 'data-state': isUnsaidState(attributes.state) ? attributes.state : 'open' }),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: `li[data-type="${this.name}"]`,
        priority: 51,
        contentElement: (element: HTMLElement) => element.querySelector(':scope > div') ?? element,
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ['li', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, { 'data-type': this.name }), ['div', 0]];
  },

  addCommands() {
    return {
      setUnsaidState:
        (id, state) =>
        ({ tr, dispatch }) => {
          if (!isUnsaidState(state)) return false;
          let found = -1;
          tr.doc.descendants((node, pos) => {
            if (found >= 0) return false;
            if (node.type.name === this.name && node.attrs.id === id) {
              found = pos;
              return false;
            }
            return !node.isTextblock;
          });
          if (found < 0) return false;
          if (dispatch) tr.setNodeAttribute(found, 'state', state);
          return true;
        },
    };
  },

  addInputRules() {
    const wrap = wrappingInputRule({
      find: unsaidInputRegex,
      type: this.type,
      getAttributes: (match) => ({ state: match[match.length - 1] === 'x' ? 'said' : 'open' }),
    });
    return [
      new InputRule({
        find: unsaidInputRegex,
        handler: (props) => (sectionAt(props.state.doc.resolve(props.range.from)) === 'unsaid' ? wrap.handler(props) : null),
      }),
    ];
  },

  addNodeView() {
    const labels = this.options.labels;
    return ({ node, editor, HTMLAttributes }) => {
      const item = document.createElement('li');
      const controls = document.createElement('span');
      const status = document.createElement('span');
      const said = document.createElement('button');
      const letGo = document.createElement('button');
      const reopen = document.createElement('button');
      const content = document.createElement('div');

      for (const [key, value] of Object.entries(mergeAttributes(this.options.HTMLAttributes, HTMLAttributes))) {
        if (value !== null && value !== undefined) item.setAttribute(key, String(value));
      }
      item.classList.add('unsaid-item');
      controls.className = 'unsaid-item__controls';
      controls.contentEditable = 'false';
      status.className = 'unsaid-item__status';
      content.className = 'unsaid-item__text';
      said.textContent = labels.said;
      letGo.textContent = labels.letGo;
      reopen.textContent = labels.reopen;

      let current = node;
      const move = (next: UnsaidState) => {
        const id = current.attrs.id;
        // Read-only entries hide the buttons in CSS; this guards a click that still arrives.
        if (editor.isEditable && isItemId(id)) editor.commands.setUnsaidState(id, next);
      };
      for (const [button, next, name] of [
        [said, 'said', 'said'],
        [letGo, 'letGo', 'let-go'],
        [reopen, 'open', 'reopen'],
      ] as const) {
        button.type = 'button';
        button.className = `unsaid-item__button unsaid-item__button--${name}`;
        // Keep the caret in the text while the mouse presses a control.
        button.addEventListener('mousedown', (event) => event.preventDefault());
        button.addEventListener('click', () => move(next));
      }
      controls.append(status, said, letGo, reopen);
      // Text first: it is what a screen reader should meet before the buttons about it.
      item.append(content, controls);

      const render = (value: PMNode) => {
        current = value;
        const state: UnsaidState = isUnsaidState(value.attrs.state) ? value.attrs.state : 'open';
        const text = itemText(value);
        item.dataset.type = this.name;
        item.dataset.state = state;
        if (isItemId(value.attrs.id)) item.dataset.id = value.attrs.id;
        // Nothing written yet: nothing to mark said or let go, and nothing for a screen reader to name.
        item.toggleAttribute('data-empty', !text);
        status.textContent = state === 'said' ? labels.said : state === 'letGo' ? labels.letGo : '';
        status.hidden = state === 'open';
        said.hidden = !text || state !== 'open';
        letGo.hidden = !text || state !== 'open';
        reopen.hidden = !text || state === 'open';
        said.setAttribute('aria-label', `${labels.markSaid}: ${text}`);
        letGo.setAttribute('aria-label', `${labels.markLetGo}: ${text}`);
        reopen.setAttribute('aria-label', `${labels.reopen} (${state === 'said' ? labels.said : labels.letGo}): ${text}`);
      };
      render(node);

      return {
        dom: item,
        contentDOM: content,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          render(updated);
          return true;
        },
        stopEvent: (event) => event.target instanceof Node && controls.contains(event.target),
        ignoreMutation: (mutation) => mutation.type !== 'selection' && controls.contains(mutation.target),
      };
    };
  },

  addProseMirrorPlugins() {
    const itemName = this.name;
    const listName = this.options.taskListTypeName;
    return [
      new Plugin({
        key: unsaidItemKey,
        appendTransaction: (transactions, _old, state) =>
          transactions.some((tr) => tr.docChanged) ? normalizeUnsaid(state, itemName, listName) : null,
      }),
    ];
  },

  onBeforeCreate() {
    const { name } = this;
    const listName = this.options.taskListTypeName;
    normalizeOnMount(this.editor, (state) => normalizeUnsaid(state, name, listName));
  },
});
