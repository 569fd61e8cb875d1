/**
 * Every tag of the journal in one place, from the Journal view: each with how many entries carry
 * it; choosing one searches for it (`tag:name`), and each can be renamed right here. Renaming into
 * a name another tag already has joins the two, and the panel says so before it happens.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { TagSummary } from '../../../electron/shared/contract';
import { useJournalMutation, useJournalQuery } from '../../lib/data';
import { useSession } from '../../lib/session';
import { tagLabel, tagQuery } from '../../lib/tags';
import { ErrorMessage } from '../../components/ErrorMessage';

const sameTag = (a: string, b: string) => a.trim().replace(/^#+/, '').toLocaleLowerCase() === b.trim().replace(/^#+/, '').toLocaleLowerCase();

function entriesText(n: number): string {
  return n === 1 ? '1 entry' : `${n.toLocaleString()} entries`;
}

export function TagsPanel() {
  const id = useId();
  const tags = useJournalQuery('tags.list', {});
  const [renaming, setRenaming] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const list = tags.data ?? [];
  return (
    <section className="tags-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Tags</h2>
      <ErrorMessage error={tags.error} onRetry={() => void tags.refetch()} retrying={tags.isFetching} />
      <p role="status" className="quiet tags-notice">
        {notice}
      </p>
      {tags.isPending && <p className="quiet">Loading…</p>}
      {tags.data && list.length === 0 && <p className="quiet">No tags yet. Type # and a word in an entry (#travel) to tag it.</p>}
      {list.length > 0 && (
        <ul className="tags-list" aria-label="Tags, by name">
          {list.map((tag) =>
            renaming === tag.name ? (
              <li key={tag.name} className="tags-row">
                <RenameTag
                  tag={tag}
                  all={list}
                  onDone={(message) => {
                    setRenaming(null);
                    if (message) setNotice(message);
                  }}
                />
              </li>
            ) : (
              <TagRow key={tag.name} tag={tag} onRename={() => setRenaming(tag.name)} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

function TagRow(props: { tag: TagSummary; onRename: () => void }) {
  const { navigate } = useSession();
  const { tag } = props;
  const nameId = useId();
  return (
    <li className="tags-row">
      <button
        type="button"
        id={nameId}
        className="link tags-name"
        aria-label={`${tagLabel(tag.name)}, find its entries`}
        onClick={() => navigate({ name: 'search', q: tagQuery(tag.name) })}
      >
        {tagLabel(tag.name)}
      </button>
      <span className="quiet tags-count">{entriesText(tag.entries)}</span>
      <button type="button" className="quiet-button" aria-describedby={nameId} onClick={props.onRename}>
        Rename
      </button>
    </li>
  );
}

function RenameTag(props: { tag: TagSummary; all: TagSummary[]; onDone: (message: string | null) => void }) {
  const id = useId();
  const [to, setTo] = useState(props.tag.name);
  const [problem, setProblem] = useState<string | null>(null);
  const rename = useJournalMutation('tags.rename');
  const inputRef = useRef<HTMLInputElement>(null);
  const clean = to.trim().replace(/^#+/, '');
  const joins = props.all.find((t) => t.name !== props.tag.name && sameTag(t.name, clean));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!clean) return setProblem('Give the tag a name.');
    if (clean === props.tag.name) return props.onDone(null);
    rename.mutate(
      { from: props.tag.name, to: clean },
      {
        onSuccess: (r) =>
          props.onDone(
            joins
              ? `${tagLabel(props.tag.name)} joined ${tagLabel(joins.name)}: ${entriesText(r.renamed)} changed.`
              : `${tagLabel(props.tag.name)} is now ${tagLabel(clean)}: ${entriesText(r.renamed)} changed.`,
          ),
      },
    );
  };

  return (
    <form className="tags-rename" onSubmit={submit} aria-label={`Rename ${tagLabel(props.tag.name)}`}>
      <div className="field grow">
        <label htmlFor={`${id}-to`}>New name for {tagLabel(props.tag.name)}</label>
        <input
          ref={inputRef}
          id={`${id}-to`}
          type="text"
          value={to}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          // The form replaces the row the person chose Rename on: the keyboard lands in it.
          autoFocus
          aria-describedby={joins ? `${id}-joins` : undefined}
          onChange={(e) => {
            setTo(e.target.value);
            setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              props.onDone(null);
            }
          }}
        />
      </div>
      {joins && (
        <p id={`${id}-joins`} className="quiet tags-joins">
          {tagLabel(joins.name)} already exists: renaming joins the two, and every entry with {tagLabel(props.tag.name)} will carry {tagLabel(joins.name)}.
        </p>
      )}
      <ErrorMessage error={problem ?? rename.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={rename.isPending}>
          {joins ? 'Join them' : 'Rename'}
        </button>
        <button type="button" onClick={() => props.onDone(null)} disabled={rename.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
