/**
 * "On this day": entries written on this date in earlier years, and on this day of the month in
 * the last year. Quietly absent when there are none — an empty box would only say "nothing".
 */
import { useState } from 'react';
import { useJournalQuery } from '../../lib/data';
import { formatLongDate } from '../../lib/date';
import { listNames } from '../../lib/names';
import { useSession } from '../../lib/session';

const SHOWN_FIRST = 3;

export function OnThisDay(props: { today: string }) {
  const { today } = props;
  const { openEntry } = useSession();
  // A failure here is not worth an alarm on the journal's front page; the list still works.
  const { data: items = [] } = useJournalQuery('review.onThisDay', { today });
  const [all, setAll] = useState(false);

  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, SHOWN_FIRST);
  return (
    <section className="on-this-day" aria-labelledby="on-this-day-title">
      <h2 id="on-this-day-title">On this day</h2>
      <ul className="on-this-day-list">
        {shown.map((item) => (
          <li key={item.entryId}>
            <button type="button" className="entry-link on-this-day-item" onClick={() => openEntry(item.entryId)}>
              <span className="journal-date">
                {item.when} <span className="on-this-day-date">· {formatLongDate(item.date)}</span>
              </span>
              {item.people.length > 0 && <span className="journal-people">With {listNames(item.people)}</span>}
              <span className="journal-excerpt">{item.excerpt || 'No words yet.'}</span>
            </button>
          </li>
        ))}
      </ul>
      {items.length > SHOWN_FIRST && (
        <button type="button" className="link" aria-expanded={all} onClick={() => setAll((a) => !a)}>
          {all ? 'Show fewer' : `Show all ${items.length}`}
        </button>
      )}
    </section>
  );
}
