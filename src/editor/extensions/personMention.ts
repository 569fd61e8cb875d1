import type { Editor, EditorEvents, Range } from '@tiptap/core';
import { Mention, type MentionOptions } from '@tiptap/extension-mention';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionOptions } from '@tiptap/suggestion';
import { mentionListRenderer, type PersonSuggestion } from '../mentionList';

/** A person as the mention list needs them. */
export interface PersonRef {
  id: string;
  name: string;
}

/** The attributes a mention keeps in the document (electron/shared/doc.ts). */
export interface PersonMentionAttrs {
  id: string;
  label: string;
}

export interface PersonMentionOptions extends MentionOptions<PersonSuggestion, PersonMentionAttrs> {
  /**
   * Finds people whose names match what follows "@" (the query may be empty: offer recent people).
   * @default () => []
   */
  findPeople: (query: string) => PersonRef[] | Promise<PersonRef[]>;
  /**
   * Creates a person from a name nobody has yet; the list then offers "Add person “Name”". The new
   * person is mentioned once this resolves. Without it, unknown names are not offered.
   * @default null
   */
  onCreatePerson: ((name: string) => Promise<PersonRef>) | null;
  /**
   * Told when creating a person failed; the typed text stays in place so nothing is lost.
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

export const personMentionKey = new PluginKey('personMention');

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
    .run();
}

/**
 * A person mentioned inline (`mention` with attrs `{ id, label }`), built on tiptap's Mention.
 * Typing "@" opens the people list (mentionListRenderer); a name nobody has yet is offered as
 * "Add person “Name”" and created through `onCreatePerson`. The `suggestion` option still
 * overrides any part of the suggestion (items, render, char …).
 */
export const PersonMention = Mention.extend<PersonMentionOptions>({
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
    const name = this.name;

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
        // Creating takes a round trip; follow the typed "@Name" through any edits meanwhile.
        let from = range.from;
        let to = range.to;
        const typed = target.state.doc.textBetween(from, to);
        const track = ({ transaction }: EditorEvents['transaction']) => {
          from = transaction.mapping.map(from, 1);
          to = transaction.mapping.map(to, -1);
        };
        target.on('transaction', track);
        create(item.name)
          .then((person) => {
            target.off('transaction', track);
            if (target.isDestroyed) return;
            const stillThere = to > from && target.state.doc.textBetween(from, to) === typed;
            const at = stillThere ? { from, to } : { from: target.state.selection.to, to: target.state.selection.to };
            insertMention(target, at, { id: person.id, label: person.name }, name);
          })
          .catch((error: unknown) => {
            target.off('transaction', track);
            options.onCreatePersonError?.(error, item.name);
          });
      },
      ...(options.suggestion as Partial<SuggestionOptions<PersonSuggestion, PersonSuggestion>>),
    };
    return [Suggestion(suggestion)];
  },
});
