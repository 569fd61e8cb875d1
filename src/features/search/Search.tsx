/**
 * Search: any text finds entries; matches are shown in context. Snippet parts arrive as
 * `{ text, match }` and become text nodes and <mark> elements — never HTML.
 */
import { useEffect, useRef, useState } from 'react';
import { sectionKinds, sectionTitles, type SectionKind } from '../../../electron/shared/doc';
import type { SearchResult, SnippetPart } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { formatLongDate } from '../../lib/date';
import { listNames } from '../../lib/names';
import { useSession } from '../../lib/session';

const DEBOUNCE_MS = 120;

export function Snippet(props: { parts: SnippetPart[] }) {
  return (
    <span className="snippet">
      {props.parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

export function Search() {
  const { openEntry } = useSession();
  const [q, setQ] = useState('');
  const [section, setSection] = useState<SectionKind | ''>('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const latest = useRef(0);

  useEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResult(null);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      const r = await call('search.query', { q: query, sections: section ? [section] : undefined, limit: 50 });
      if (ticket !== latest.current) return;
      if (r.ok) {
        setResult(r.value);
        setError(null);
      } else setError(r.error.message);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, section]);

  const count = result?.hits.length ?? 0;
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
          <input id="search-q" ref={inputRef} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="search-section">Part</label>
          <select id="search-section" value={section} onChange={(e) => setSection(e.target.value as SectionKind | '')}>
            <option value="">All parts</option>
            {sectionKinds.map((k) => (
              <option key={k} value={k}>
                {sectionTitles[k]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="quiet">
        {result ? (count === 0 ? `Nothing found for “${q.trim()}”.` : count === 1 ? '1 entry found' : `${count} entries found`) : ''}
        {result?.hint ? ` ${result.hint}` : ''}
      </p>
      {result && count > 0 && (
        <ul className="search-results" aria-label="Results">
          {result.hits.map((hit, i) => (
            <li key={`${hit.entryId}-${i}`}>
              <button type="button" className="entry-link" onClick={() => openEntry(hit.entryId)}>
                <span className="journal-date">
                  {formatLongDate(hit.date)}
                  {hit.section ? ` · ${sectionTitles[hit.section]}` : ''}
                </span>
                {hit.people.length > 0 && <span className="journal-people">With {listNames(hit.people)}</span>}
                <Snippet parts={hit.snippet} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
