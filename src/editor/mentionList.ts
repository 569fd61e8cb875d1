import type { SuggestionKeyDownProps, SuggestionOptions, SuggestionProps } from '@tiptap/suggestion';

/** One row of the @-suggestion list: a known person, or the offer to add a new one. */
export type PersonSuggestion = { kind: 'person'; id: string; label: string } | { kind: 'create'; name: string };

export interface MentionListOptions {
  /** Accessible name of the list. @default 'People' */
  label?: string;
  /** Visible text of the "add" row. @default (name) => `Add person “${name}”` */
  createLabel?: (name: string) => string;
  /** Shown while people are being looked up, when no rows are known yet. @default 'Looking…' */
  loadingText?: string;
  /** Shown when nothing matches and nobody can be added. @default 'No one by that name yet' */
  emptyText?: string;
}

/** What a suggestion list needs to know about its rows. */
export interface SuggestionListOptions<T> {
  /** Accessible name of the list. */
  label: string;
  /** The visible (and accessible) text of a row. */
  textOf: (item: T) => string;
  /** A word for the row's kind, added as the class `mention-list__option--<kind>`. */
  kindOf: (item: T) => string;
  /** Shown while rows are being looked up, when none are known yet. */
  loadingText: string;
  /** Shown when nothing matches a typed query. */
  emptyText: string;
}

let listCount = 0;

export function suggestionText(item: PersonSuggestion, createLabel: (name: string) => string): string {
  return item.kind === 'person' ? item.label : createLabel(item.name);
}

/** The @-suggestion popup for people (see suggestionListRenderer). */
export function mentionListRenderer(options: MentionListOptions = {}): NonNullable<SuggestionOptions<PersonSuggestion>['render']> {
  const createLabel = options.createLabel ?? ((name: string) => `Add person “${name}”`);
  return suggestionListRenderer<PersonSuggestion>({
    label: options.label ?? 'People',
    textOf: (item) => suggestionText(item, createLabel),
    kindOf: (item) => item.kind,
    loadingText: options.loadingText ?? 'Looking…',
    emptyText: options.emptyText ?? 'No one by that name yet',
  });
}

/**
 * A suggestion popup (people after "@", tags after "#"), framework-free: a `role="listbox"` of `role="option"` rows that follows
 * the caret. Focus stays in the editor (the combobox pattern): the editor gets
 * `aria-controls`/`aria-activedescendant`, ArrowUp/ArrowDown move the active row, Enter or Tab
 * choose it, Escape closes the list (handled by the suggestion plugin). A mouse click chooses too.
 *
 * Positioning goes through the suggestion plugin's `mount`, which sets `left`/`top` through the
 * CSSOM (allowed by the CSP, unlike `style` attributes); everything else is classes in editor.css.
 */
export function suggestionListRenderer<T>(options: SuggestionListOptions<T>): NonNullable<SuggestionOptions<T>['render']> {
  const { label, textOf, kindOf, loadingText, emptyText } = options;

  return () => {
    const id = `mention-list-${++listCount}`;
    let root: HTMLDivElement | null = null;
    let list: HTMLUListElement | null = null;
    let message: HTMLParagraphElement | null = null;
    let unmount: (() => void) | null = null;
    let props: SuggestionProps<T> | null = null;
    let active = 0;

    const optionId = (index: number) => `${id}-option-${index}`;

    const setEditorAria = (open: boolean) => {
      const dom = props?.editor.view.dom;
      if (!dom) return;
      if (open && props && props.items.length > 0) {
        dom.setAttribute('aria-autocomplete', 'list');
        dom.setAttribute('aria-controls', id);
        dom.setAttribute('aria-activedescendant', optionId(active));
      } else {
        dom.removeAttribute('aria-autocomplete');
        dom.removeAttribute('aria-controls');
        dom.removeAttribute('aria-activedescendant');
      }
    };

    const choose = (index: number) => {
      const item = props?.items[index];
      if (props && item) props.command(item);
    };

    const render = () => {
      if (!root || !list || !message || !props) return;
      const items = props.items;
      if (active >= items.length) active = Math.max(0, items.length - 1);
      list.replaceChildren(
        ...items.map((item, index) => {
          const option = document.createElement('li');
          option.id = optionId(index);
          option.setAttribute('role', 'option');
          option.setAttribute('aria-selected', String(index === active));
          option.className = `mention-list__option mention-list__option--${kindOf(item)}`;
          option.textContent = textOf(item);
          // mousedown would move focus out of the editor and close the list before the click.
          option.addEventListener('mousedown', (event) => event.preventDefault());
          option.addEventListener('click', () => choose(index));
          return option;
        }),
      );
      list.hidden = items.length === 0;
      const note = items.length === 0 ? (props.loading ? loadingText : props.query ? emptyText : '') : '';
      message.textContent = note;
      message.hidden = note === '';
      root.hidden = items.length === 0 && note === '';
      setEditorAria(true);
    };

    const move = (delta: number) => {
      const count = props?.items.length ?? 0;
      if (count === 0) return false;
      active = (active + delta + count) % count;
      render();
      list?.querySelector(`#${optionId(active)}`)?.scrollIntoView?.({ block: 'nearest' });
      return true;
    };

    return {
      onStart: (start) => {
        props = start;
        active = 0;
        root = document.createElement('div');
        root.className = 'mention-list';
        list = document.createElement('ul');
        list.id = id;
        list.className = 'mention-list__options';
        list.setAttribute('role', 'listbox');
        list.setAttribute('aria-label', label);
        message = document.createElement('p');
        message.className = 'mention-list__message';
        message.setAttribute('role', 'status');
        root.append(list, message);
        render();
        unmount = start.mount(root);
      },
      onUpdate: (update) => {
        const queryChanged = props?.query !== update.query;
        props = update;
        if (queryChanged) active = 0;
        render();
      },
      onKeyDown: ({ event }: SuggestionKeyDownProps) => {
        if (event.key === 'ArrowDown') return move(1);
        if (event.key === 'ArrowUp') return move(-1);
        if (event.key === 'Enter' || event.key === 'Tab') {
          if (!props || props.items.length === 0) return false;
          choose(active);
          return true;
        }
        return false;
      },
      onExit: () => {
        setEditorAria(false);
        unmount?.();
        unmount = null;
        root?.remove();
        root = list = message = null;
        props = null;
      },
    };
  };
}
