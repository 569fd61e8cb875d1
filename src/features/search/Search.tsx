/**
 * Search: results follow the typing. The query text is the one source of truth; its parts are
 * also shown as chips (removing one edits the text), and results open the entry at the match.
 *
 * Speed: a keystroke re-renders only the box and the chips (the result list is memoized on the
 * results it shows); at most one search is in flight, and while it runs only the latest text
 * waits — typed-over queries are never sent, and any answer for a query no longer wanted is dropped.
 *
 * Snippet parts arrive as `{ text, match }` and become text nodes and <mark> elements — never HTML.
 *
 * For tests and the interface benchmark: the box is labelled "Search your journal", the list
 * "Results" (one list item per entry, each a button), and `data-results-for` on `.search-results-area`
 * holds the (trimmed) query whose results are on screen.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SearchHit, SearchInput, SearchResult, SearchSuggestion, SnippetPart } from '../../../electron/shared/contract';
import { sectionTitles } from '../../../electron/shared/doc';
import { parseQuery, removePart, type QueryPart } from '../../../electron/shared/query';
import { call } from '../../lib/api';
import { unwrap } from '../../lib/data';
import { formatLongDate, formatShortDate } from '../../lib/date';
import { listNames } from '../../lib/names';
import { useSession, type SearchHighlight, type SessionActions } from '../../lib/session';
import { shellEvents } from '../../lib/shell';
import { ErrorMessage } from '../../components/ErrorMessage';
import './search.css';

const PAGE = 50;
/** How long the typing pauses before a search that found nothing asks for a near word. */
const SUGGEST_AFTER_MS = 400;

type Sort = 'best' | 'newest';

interface Wanted {
  q: string;
  sort: Sort;
}

/** What the list shows: the results of one query (and sort), possibly several pages of them. */
interface Shown extends Wanted {
  hits: SearchHit[];
  hint: string | null;
  suggestion: SearchSuggestion | null;
  /** A full last page: there may be more. */
  more: boolean;
}

const NOTHING: Shown = { q: '', sort: 'best', hits: [], hint: null, suggestion: null, more: false };

/**
 * The last query of this unlocked session, so going back to Search after opening a result finds it
 * as it was. Keyed by the session object: locking drops it with the session, so it never outlives
 * the unlocked app.
 */
const remembered = new WeakMap<SessionActions, Wanted>();

/**
 * At most one search is in flight. A page waits for the one on its way; if by then its query has
 * been typed over (the cache cancelled it: its signal is aborted), it is never sent.
 */
let inFlight: Promise<unknown> = Promise.resolve();

async function searchOnce(input: SearchInput, signal: AbortSignal): Promise<SearchResult> {
  for (;;) {
    const waiting = inFlight;
    await waiting;
    if (signal.aborted) throw new DOMException('Typed over before it was sent', 'AbortError');
    if (inFlight === waiting) break;
  }
  const pending = call('search.query', input);
  inFlight = pending.catch(() => undefined);
  return unwrap(pending);
}

interface Page extends Wanted {
  result: SearchResult;
}

export function Snippet(props: { parts: SnippetPart[] }) {
  return (
    <span className="snippet">
      {props.parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

/** A chip's words: what it shows, and what it is called when read aloud. */
function chipLabel(part: QueryPart): { text: string; spoken: string } {
  switch (part.kind) {
    case 'person':
      return { text: `Person: ${part.value}`, spoken: `person ${part.value}` };
    case 'tag':
      return { text: `#${part.value}`, spoken: `tag ${part.value}` };
    case 'in':
      return { text: `In ${sectionTitles[part.value]}`, spoken: `in ${sectionTitles[part.value]}` };
    case 'after':
      return { text: `From ${formatShortDate(part.value)}`, spoken: `from ${formatLongDate(part.value)}` };
    case 'before':
      return { text: `Until ${formatShortDate(part.value)}`, spoken: `until ${formatLongDate(part.value)}` };
    case 'term': {
      const { text, phrase, prefix, negated } = part.term;
      const shown = `${phrase ? `“${text}”` : text}${prefix ? '…' : ''}`;
      const spoken = `${prefix ? 'words starting with ' : phrase ? 'the phrase ' : ''}${text}`;
      return negated ? { text: `Without ${shown}`, spoken: `without ${spoken}` } : { text: shown, spoken };
    }
  }
}

function countText(shown: Shown): string {
  const n = shown.hits.length;
  if (n === 0) return `Nothing found for “${shown.q}”.`;
  if (shown.more) return `Showing the first ${n} entries found.`;
  return n === 1 ? '1 entry found.' : `${n} entries found.`;
}

/** Focus moves through the results with the arrow keys, Home and End; Escape goes back to the box. */
function moveFocus(list: HTMLElement, from: HTMLElement, key: string, input: HTMLInputElement | null): boolean {
  const buttons = [...list.querySelectorAll<HTMLButtonElement>('button.search-hit')];
  const at = buttons.indexOf(from as HTMLButtonElement);
  if (at < 0) return false;
  let target: HTMLElement | null | undefined;
  if (key === 'ArrowDown') target = buttons[Math.min(at + 1, buttons.length - 1)];
  else if (key === 'ArrowUp') target = at === 0 ? input : buttons[at - 1];
  else if (key === 'Home') target = buttons[0];
  else if (key === 'End') target = buttons[buttons.length - 1];
  else if (key === 'Escape') target = input;
  else return false;
  target?.focus();
  return true;
}

const Results = memo(function Results(props: { shown: Shown; onOpen: (hit: SearchHit) => void; inputRef: React.RefObject<HTMLInputElement | null> }) {
  const { shown, onOpen, inputRef } = props;
  const listRef = useRef<HTMLUListElement>(null);
  if (shown.hits.length === 0) return null;
  return (
    <ul
      className="search-results"
      aria-label="Results"
      ref={listRef}
      onKeyDown={(e) => {
        if (listRef.current && moveFocus(listRef.current, e.target as HTMLElement, e.key, inputRef.current)) e.preventDefault();
      }}
    >
      {shown.hits.map((hit) => (
        <li key={hit.entryId}>
          <button type="button" className="search-hit" data-entry-id={hit.entryId} onClick={() => onOpen(hit)}>
            <span className="search-hit-meta">
              <span className="search-hit-date">{formatLongDate(hit.date)}</span>
              {hit.section && <span className="search-hit-section">{sectionTitles[hit.section]}</span>}
              {hit.people.length > 0 && <span className="search-hit-people">With {listNames(hit.people)}</span>}
            </span>
            <Snippet parts={hit.snippet} />
          </button>
        </li>
      ))}
    </ul>
  );
});

export function Search(props: { q?: string }) {
  const session = useSession();
  const { openEntry } = session;
  const [initial] = useState<Wanted>(() => (props.q !== undefined ? { q: props.q, sort: remembered.get(session)?.sort ?? 'best' } : (remembered.get(session) ?? { q: '', sort: 'best' })));
  const [q, setQ] = useState(initial.q);
  const [sort, setSort] = useState<Sort>(initial.sort);
  const inputRef = useRef<HTMLInputElement>(null);
  const parsed = useMemo(() => parseQuery(q), [q]);
  const current = q.trim();

  useEffect(() => {
    remembered.set(session, { q, sort });
  }, [session, q, sort]);

  const results = useInfiniteQuery({
    queryKey: ['search.query', { q: current, sort }] as const,
    queryFn: async ({ pageParam, signal }): Promise<Page> => ({
      q: current,
      sort,
      result: await searchOnce({ q: current, sort, limit: PAGE, offset: pageParam, suggest: false }, signal),
    }),
    initialPageParam: 0,
    getNextPageParam: (last: Page, _all: Page[], offset: number) => (last.result.hits.length === PAGE ? offset + PAGE : undefined),
    enabled: current !== '',
    // While the next query runs, the last results stay (they are marked as being for it).
    placeholderData: keepPreviousData,
  });

  // "Did you mean …?" once the typing has paused on a search that found nothing: asked apart, so
  // that no keystroke waits while the index's words are looked through.
  const [settled, setSettled] = useState(current);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(current), SUGGEST_AFTER_MS);
    return () => clearTimeout(timer);
  }, [current]);
  const foundNothing = results.data?.pages[0]?.q === current && results.data.pages[0].result.hits.length === 0;
  const suggestion = useQuery({
    queryKey: ['search.query', { q: current, suggest: true }] as const,
    queryFn: async ({ signal }) => (await searchOnce({ q: current, limit: 1, suggest: true }, signal)).suggestion ?? null,
    enabled: current !== '' && settled === current && foundNothing,
  });

  const shown = useMemo<Shown>(() => {
    const pages = results.data?.pages;
    const first = pages?.[0];
    if (!current || !first) return { ...NOTHING, sort };
    const seen = new Set<string>();
    const hits: SearchHit[] = [];
    for (const page of pages) {
      for (const hit of page.result.hits) {
        if (seen.has(hit.entryId)) continue;
        seen.add(hit.entryId);
        hits.push(hit);
      }
    }
    const near = hits.length === 0 && first.q === current ? (suggestion.data ?? first.result.suggestion ?? null) : null;
    return { q: first.q, sort: first.sort, hits, hint: first.result.hint, suggestion: near, more: results.hasNextPage };
  }, [results.data, results.hasNextPage, current, sort, suggestion.data]);

  // Opening Search: the box takes focus (text selected, so typing starts a new search).
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  // Ctrl/Cmd+K focuses the box, also when Search is already open (the layout handles opening it);
  // in Electron the menu's accelerator takes the key first and sends its "search" command instead.
  useEffect(() => {
    const focusBox = () => {
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== 'k') return;
      e.preventDefault();
      focusBox();
    };
    window.addEventListener('keydown', onKey, true);
    const offMenu = shellEvents()?.on('menu', (command) => {
      if (command === 'search') focusBox();
    });
    return () => {
      window.removeEventListener('keydown', onKey, true);
      offMenu?.();
    };
  }, []);

  // Read at click time, so the list's props (and its memo) do not change with every result.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const onOpen = useCallback(
    (hit: SearchHit) => {
      // The words to mark are those of the query these results belong to (not newer typing).
      const terms = parseQuery(shownRef.current.q)
        .terms.filter((t) => !t.negated)
        .map((t) => ({ text: t.text, prefix: t.prefix }));
      const highlight: SearchHighlight = { terms, section: hit.section };
      openEntry(hit.entryId, highlight);
    },
    [openEntry],
  );

  const focusEnd = () => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    // After React writes the new value, put the caret at the end.
    requestAnimationFrame(() => input.setSelectionRange(input.value.length, input.value.length));
  };

  const removeChip = (part: QueryPart) => {
    setQ(removePart(q, part));
    focusEnd();
  };

  const useSuggestion = (suggestion: SearchSuggestion) => {
    setQ(suggestion.q);
    focusEnd();
  };

  // A failure belongs to the query typed now; results of an earlier query are not left under it.
  const failed = current !== '' && results.isError;
  const visible = failed ? { ...NOTHING, sort } : shown;
  return (
    <section className="view search" aria-labelledby="search-title">
      <div className="view-header">
        <h1 id="search-title" className="view-title">
          Search
        </h1>
      </div>
      <form className="search-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor="search-q">Search your journal</label>
          <input
            id="search-q"
            ref={inputRef}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              const first = document.querySelector<HTMLButtonElement>('.search-results button.search-hit');
              if (e.key === 'ArrowDown' && first) {
                e.preventDefault();
                first.focus();
              } else if (e.key === 'Enter' && failed) {
                e.preventDefault();
                void results.refetch();
              } else if (e.key === 'Enter' && first && shown.q === current && shown.hits[0]) {
                e.preventDefault();
                onOpen(shown.hits[0]);
              }
            }}
            aria-describedby="search-about"
            aria-keyshortcuts="Control+K Meta+K"
            autoComplete="off"
            spellCheck={false}
          />
          <span id="search-about" className="visually-hidden">
            Results appear as you type. Press the down arrow to move into them.
          </span>
        </div>
        <fieldset className="search-sort">
          <legend>Sort by</legend>
          {(
            [
              ['best', 'Best match'],
              ['newest', 'Newest first'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="search-sort-option">
              <input type="radio" name="search-sort" value={value} checked={sort === value} onChange={() => setSort(value)} />
              {label}
            </label>
          ))}
        </fieldset>
      </form>
      {parsed.parts.length > 0 && (
        <ul className="search-chips" aria-label="Your search">
          {parsed.parts.map((part) => {
            const label = chipLabel(part);
            return (
              <li key={`${part.kind}:${part.spans[0]![0]}`} className={`search-chip search-chip--${part.kind === 'term' && part.term.negated ? 'without' : part.kind}`}>
                <span className="search-chip-text">{label.text}</span>
                <button type="button" className="search-chip-remove" aria-label={`Remove ${label.spoken}`} onClick={() => removeChip(part)}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {failed && <ErrorMessage error={results.error} onRetry={() => void results.refetch()} retrying={results.isFetching} />}
      <div className="search-results-area" data-results-for={visible.q} data-results-sort={visible.sort}>
        <p role="status" className="search-status">
          {visible.q ? countText(visible) : ''}
          {visible.q && visible.hint ? <span className="search-hint"> {visible.hint}</span> : null}
        </p>
        {visible.q && visible.hits.length === 0 && visible.suggestion && <DidYouMean suggestion={visible.suggestion} onUse={useSuggestion} />}
        <Results shown={visible} onOpen={onOpen} inputRef={inputRef} />
        {visible.more && (
          <button type="button" className="search-more" onClick={() => void results.fetchNextPage()} disabled={results.isFetchingNextPage}>
            {results.isFetchingNextPage ? 'Loading more…' : 'Show more'}
          </button>
        )}
      </div>
      {!current && <SearchTips />}
    </section>
  );
}

/** "Did you mean peonies?": a button that runs the corrected query. */
function DidYouMean(props: { suggestion: SearchSuggestion; onUse: (s: SearchSuggestion) => void }) {
  const words = props.suggestion.words.join(' ');
  return (
    <p className="search-suggestion">
      Did you mean{' '}
      <button type="button" className="link search-suggestion-button" aria-label={`Search for ${words}`} onClick={() => props.onUse(props.suggestion)}>
        {words}
      </button>
      ?
    </p>
  );
}

function SearchTips() {
  const tips: [string, string][] = [
    ['peonies tea', 'entries with both words (accents and capitals do not matter)'],
    ['"long walk"', 'these words together, in this order'],
    ['walk*', 'words starting with walk (at least two letters before the star)'],
    ['-work', 'leave out entries with this word'],
    ['person:Sam', 'entries about Sam (person:"Ana Lucía" for a name with a space)'],
    ['in:given', 'only in Given; also in:received, in:unsaid, in:note'],
    ['after:2026-01-01 before:2026-01-31', 'between these dates, both included'],
  ];
  return (
    <section className="search-tips" aria-labelledby="search-tips-title">
      <h2 id="search-tips-title">Ways to search</h2>
      <dl>
        {tips.map(([example, meaning]) => (
          <div key={example}>
            <dt>
              <code>{example}</code>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
