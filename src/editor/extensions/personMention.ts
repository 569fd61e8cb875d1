import type { Editor, Range } from '@tiptap/core';
import { Mention, type MentionOptions } from '@tiptap/extension-mention';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Suggestion, type SuggestionOptions } from '@tiptap/suggestion';
import type { DocNode, EntryDoc } from '../../../electron/shared/doc';
import { mentionListRenderer, type PersonSuggestion } from '../mentionList';
import { keepsChipSpace, rememberChipSpace } from './chipSpace';

/** A person as the mention list needs them. */
export interface PersonRef {
  id: string;
  name: string;
}

/**
 * The attributes a mention keeps in the document (electron/shared/doc.ts). `pending` is set only
 * on a mention of a person still being created (its `id` is null until then); it is `undefined`
 * otherwise, which JSON leaves out, so saved documents never carry it.
 */
export interface PersonMentionAttrs {
  id: string | null;
  label: string;
  pending?: string;
}

export interface PersonMentionOptions extends MentionOptions<PersonSuggestion, PersonMentionAttrs> {
  /**
   * Finds people whose names match what follows "@" (the query may be empty: offer recent people).
   * @default () => []
   */
  findPeople: (query: string) => PersonRef[] | Promise<PersonRef[]>;
  /**
   * Creates a person from a name nobody has yet; the list then offers "Add person “Name”". The
   * mention is in the text at once, as a placeholder, and gets the person's id when this resolves.
   * Without it, unknown names are not offered.
   * @default null
   */
  onCreatePerson: ((name: string) => Promise<PersonRef>) | null;
  /**
   * Told when creating a person failed; the placeholder turns back into the typed "@Name", so
   * nothing is lost.
   * @default null
   */
  onCreatePersonError: ((error: unknown, name: string) => void) | null;
  /**
   * Most rows in the list, the "add" row included.
   * @default 8
   */
  maxItems: number;
  /**
   * Longest name that may be created from the editor.
   * @default 80
   */
  maxNameLength: number;
}

/** People being created for placeholder mentions, by placeholder token. */
export interface PersonMentionStorage {
  /** Creations still running; `mentionsSettled` waits for them. */
  running: Map<string, Promise<void>>;
  /** Finished creations: the person a placeholder stands for. */
  created: Map<string, PersonRef>;
}

declare module '@tiptap/core' {
  interface Storage {
    mention: PersonMentionStorage;
  }
}

export const personMentionKey = new PluginKey('personMention');
export const pendingMentionKey = new PluginKey('pendingMention');

let tokenCount = 0;

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/** The rows for a query: matching people, then "Add person" when the name is new. */
export async function personSuggestions(
  query: string,
  options: Pick<PersonMentionOptions, 'findPeople' | 'onCreatePerson' | 'maxItems' | 'maxNameLength'>,
): Promise<PersonSuggestion[]> {
  const people = await options.findPeople(query);
  const name = query.trim();
  const rows: PersonSuggestion[] = people.slice(0, options.maxItems).map((p) => ({ kind: 'person', id: p.id, label: p.name }));
  const known = people.some((p) => sameName(p.name, name));
  if (options.onCreatePerson && name && !known && name.length <= options.maxNameLength) {
    if (rows.length >= options.maxItems) rows.length = Math.max(0, options.maxItems - 1);
    rows.push({ kind: 'create', name });
  }
  return rows;
}

function insertMention(editor: Editor, range: Range, attrs: PersonMentionAttrs, name: string): void {
  // A following space is reused rather than doubled.
  const nodeAfter = editor.state.doc.resolve(range.to).nodeAfter;
  const to = nodeAfter?.text?.startsWith(' ') ? range.to + 1 : range.to;
  editor
    .chain()
    .focus()
    .insertContentAt({ from: range.from, to }, [
      { type: name, attrs },
      { type: 'text', text: ' ' },
    ])
    .command(({ tr }) => {
      rememberChipSpace(tr);
      return true;
    })
    .run();
}

/**
 * Gives every placeholder mention whose person now exists its id, and turns every placeholder
 * nobody is creating any more (creation failed, or it came back by undo, redo or paste after its
 * creation was forgotten) back into the typed "@Name". Attribute steps move no position, so the
 * caret and everything typed meanwhile stay exactly where they are.
 */
export function settlePendingMentions(state: EditorState, storage: PersonMentionStorage, typeName = 'mention'): Transaction | null {
  const tr = state.tr;
  const replace: { pos: number; node: PMNode }[] = [];
  state.doc.descendants((node, pos) => {
    if (node.type.name !== typeName) return true;
    const token = node.attrs.pending as string | undefined;
    if (!token && typeof node.attrs.id === 'string' && node.attrs.id) return false;
    const person = token ? storage.created.get(token) : undefined;
    if (person) {
      tr.setNodeAttribute(pos, 'id', person.id).setNodeAttribute(pos, 'label', person.name).setNodeAttribute(pos, 'pending', undefined);
    } else if (!token || !storage.running.has(token)) {
      replace.push({ pos, node });
    }
    return false;
  });
  for (const { pos, node } of replace.reverse()) {
    const label = String(node.attrs.label ?? '');
    if (label) tr.replaceWith(pos, pos + node.nodeSize, state.schema.text(`@${label}`, node.marks));
    else tr.delete(pos, pos + node.nodeSize);
  }
  return tr.docChanged ? tr.setMeta('addToHistory', false).setMeta(pendingMentionKey, true).setMeta(keepsChipSpace, true) : null;
}

/**
 * Resolves once every person being created for a mention exists (or failed), and the mentions
 * carry their ids; null when nothing is being created. A save waits for it, so that no document
 * with a mention lacking a person id is ever sent.
 */
export function mentionsSettled(editor: Editor): Promise<void> | null {
  return creationsSettled(editor.storage.mention);
}

/** As mentionsSettled, from the extension's storage, which outlives its editor. */
export function creationsSettled(storage: PersonMentionStorage | undefined): Promise<void> | null {
  const running = storage?.running;
  if (!running || running.size === 0) return null;
  return Promise.allSettled([...running.values()]).then(() => undefined);
}

/**
 * A copy of `doc` with no mention lacking a person id: a placeholder whose person has been created
 * meanwhile (`created`, the extension storage's map, which outlives the editor — a screen left
 * while a person was being created) mentions them; any other reads as the typed "@Name". The last
 * guard before a save.
 */
export function withoutPendingMentions(doc: EntryDoc, created?: ReadonlyMap<string, PersonRef>): EntryDoc {
  const fix = (nodes: DocNode[] | undefined): DocNode[] | undefined => {
    if (!nodes) return nodes;
    let changed = false;
    const out = nodes.map((node) => {
      if (node.type === 'mention') {
        const { id, label, pending, ...rest } = node.attrs ?? {};
        if (typeof id === 'string' && id) return pending === undefined ? node : { ...node, attrs: { ...rest, id, label } };
        changed = true;
        const person = typeof pending === 'string' ? created?.get(pending) : undefined;
        if (person) return { ...node, attrs: { ...rest, id: person.id, label: person.name } };
        return { type: 'text', text: `@${String(label ?? '')}`, ...(node.marks ? { marks: node.marks } : {}) };
      }
      const content = fix(node.content);
      if (content === node.content) return node;
      changed = true;
      return { ...node, content };
    });
    if (!changed) return nodes;
    // Neighbouring text nodes with the same marks are one node to the schema.
    const merged: DocNode[] = [];
    for (const node of out) {
      const last = merged[merged.length - 1];
      if (last?.type === 'text' && node.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) {
        merged[merged.length - 1] = { ...last, text: `${last.text ?? ''}${node.text ?? ''}` };
      } else if (node.type !== 'text' || node.text) {
        merged.push(node);
      }
    }
    return merged;
  };
  const content = fix(doc.content);
  return content === doc.content ? doc : ({ ...doc, content } as EntryDoc);
}

/**
 * A person mentioned inline (`mention` with attrs `{ id, label }`), built on tiptap's Mention.
 * Typing "@" opens the people list (mentionListRenderer); a name nobody has yet is offered as
 * "Add person “Name”". Choosing it puts a placeholder mention where the name was typed at once,
 * so whatever the person types on lands after it, in order; the placeholder gets the new person's
 * id when `onCreatePerson` resolves (see `mentionsSettled` for saving meanwhile). The
 * `suggestion` option still overrides any part of the suggestion (items, render, char …).
 */
export const PersonMention = Mention.extend<PersonMentionOptions, PersonMentionStorage>({
  addOptions() {
    const parent = this.parent?.() as MentionOptions<PersonSuggestion, PersonMentionAttrs>;
    return {
      ...parent,
      HTMLAttributes: { class: 'mention' },
      renderText: ({ node }) => String(node.attrs.label ?? ''),
      renderHTML: ({ options, node }) => ['span', options.HTMLAttributes, String(node.attrs.label ?? '')],
      deleteTriggerWithBackspace: false,
      suggestions: [],
      suggestion: {},
      findPeople: () => [],
      onCreatePerson: null,
      onCreatePersonError: null,
      maxItems: 8,
      maxNameLength: 80,
    };
  },

  addStorage() {
    return { running: new Map(), created: new Map() };
  },

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-id'),
        renderHTML: (attributes) => (attributes.id ? { 'data-id': attributes.id } : {}),
      },
      label: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-label') ?? element.textContent?.replace(/^@/, '') ?? '',
        renderHTML: (attributes) => (attributes.label ? { 'data-label': attributes.label } : {}),
      },
      pending: {
        // undefined, not null: JSON drops it, so only placeholders ever carry the key.
        default: undefined,
        // Never parsed: a copied placeholder pastes as plain text (parseHTML wants a person id).
        parseHTML: () => undefined,
        renderHTML: (attributes) => (attributes.pending ? { 'data-pending': '', 'aria-busy': 'true' } : {}),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: `span[data-type="${this.name}"]`,
        // A mention without a usable person id (pasted from elsewhere) stays plain text.
        getAttrs: (element: HTMLElement) => {
          const id = element.getAttribute('data-id');
          return id && id.length <= 64 ? null : false;
        },
      },
    ];
  },

  addKeyboardShortcuts() {
    // Mention's own Backspace turns a mention back into its trigger character, an attribute this
    // node does not keep; a person chip is deleted as one piece instead.
    return {};
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    const options = this.options;
    const storage = this.storage;
    const name = this.name;

    const settleNow = () => {
      if (editor.isDestroyed) return;
      const tr = settlePendingMentions(editor.state, storage, name);
      if (tr) editor.view.dispatch(tr);
    };

    const suggestion: SuggestionOptions<PersonSuggestion, PersonSuggestion> = {
      editor,
      char: '@',
      pluginKey: personMentionKey,
      items: ({ query }) => personSuggestions(query, options),
      render: mentionListRenderer(),
      allow: ({ state, range }) => {
        const type = state.schema.nodes[name];
        return !!type && !!state.doc.resolve(range.from).parent.type.contentMatch.matchType(type);
      },
      command: ({ editor: target, range, props: item }) => {
        if (item.kind === 'person') {
          insertMention(target, range, { id: item.id, label: item.label }, name);
          return;
        }
        const create = options.onCreatePerson;
        if (!create) return;
        const token = `pending-${++tokenCount}`;
        const running = create(item.name).then(
          (person) => {
            storage.created.set(token, person);
          },
          (error: unknown) => {
            options.onCreatePersonError?.(error, item.name);
          },
        );
        const settled = running.finally(() => {
          storage.running.delete(token);
          settleNow();
        });
        storage.running.set(token, settled);
        insertMention(target, range, { id: null, label: item.name, pending: token }, name);
      },
      ...(options.suggestion as Partial<SuggestionOptions<PersonSuggestion, PersonSuggestion>>),
    };

    return [
      Suggestion(suggestion),
      new Plugin({
        key: pendingMentionKey,
        // Undo, redo and paste can bring a placeholder back after its person was created.
        appendTransaction: (transactions, _old, state) =>
          transactions.some((tr) => tr.docChanged && !tr.getMeta(pendingMentionKey)) ? settlePendingMentions(state, storage, name) : null,
      }),
    ];
  },
});
