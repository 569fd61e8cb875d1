import type { Migration } from './types';

/**
 * Schema version 20: what the people list and a person's page need, readable per person.
 *
 * - Each mention carries its entry's date, indexed by person and date: "last reflected on", the
 *   twelve-month sparkline, the timeline's order, the rhythm and "on this day with them" then read
 *   one person's index instead of joining every mention to its entry (at 100,000 entries that join
 *   made opening People take seconds). The date is written with each mention (repos/entries.ts
 *   replaceDerived) and follows the entry when its date changes (a trigger, so no writer can
 *   leave a mention with an old date).
 * - How many entries mention each person is kept in person_entry_counts, counted up when a
 *   person's first mention in an entry is written and down when their last one there goes (also
 *   when an entry or a person is deleted: cascades fire triggers), so the people list reads one
 *   row per person instead of counting every mention in the journal.
 * - Each link between an unsaid item and a person knows whether the item is still open, with a
 *   partial index of the open ones per person, so counting a person's open items reads only those
 *   index entries. Triggers keep it true whoever writes the items: set when the link is written
 *   (the item is written first), changed when the item's state changes.
 */
export const MIGRATION_0020_SQL = `
  ALTER TABLE mentions ADD COLUMN date TEXT NOT NULL DEFAULT '';
  UPDATE mentions SET date = (SELECT e.date FROM entries e WHERE e.seq = mentions.entry_seq);
  CREATE INDEX mentions_by_person_date ON mentions (person_id, date);
  CREATE TRIGGER mentions_follow_entry_date AFTER UPDATE OF date ON entries
    WHEN NEW.date IS NOT OLD.date
    BEGIN
      UPDATE mentions SET date = NEW.date WHERE entry_seq = NEW.seq;
    END;

  CREATE TABLE person_entry_counts (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    entries INTEGER NOT NULL CHECK (entries >= 0)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO person_entry_counts (person_id, entries)
    SELECT person_id, count(DISTINCT entry_seq) FROM mentions WHERE person_id IN (SELECT id FROM people) GROUP BY person_id;
  CREATE TRIGGER mentions_count_entry AFTER INSERT ON mentions
    WHEN NOT EXISTS (SELECT 1 FROM mentions WHERE person_id = NEW.person_id AND entry_seq = NEW.entry_seq AND section <> NEW.section)
    BEGIN
      INSERT INTO person_entry_counts (person_id, entries) VALUES (NEW.person_id, 1)
        ON CONFLICT (person_id) DO UPDATE SET entries = entries + 1;
    END;
  CREATE TRIGGER mentions_uncount_entry AFTER DELETE ON mentions
    WHEN NOT EXISTS (SELECT 1 FROM mentions WHERE person_id = OLD.person_id AND entry_seq = OLD.entry_seq)
    BEGIN
      UPDATE person_entry_counts SET entries = entries - 1 WHERE person_id = OLD.person_id;
    END;

  ALTER TABLE unsaid_item_people ADD COLUMN open INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1));
  UPDATE unsaid_item_people SET open = coalesce(
    (SELECT u.state = 'open' FROM unsaid_items u WHERE u.entry_seq = unsaid_item_people.entry_seq AND u.item_id = unsaid_item_people.item_id), 0);
  CREATE INDEX unsaid_item_people_open ON unsaid_item_people (person_id) WHERE open = 1;
  CREATE TRIGGER unsaid_item_people_open_when_linked AFTER INSERT ON unsaid_item_people
    BEGIN
      UPDATE unsaid_item_people SET open = coalesce(
        (SELECT u.state = 'open' FROM unsaid_items u WHERE u.entry_seq = NEW.entry_seq AND u.item_id = NEW.item_id), 0)
      WHERE person_id = NEW.person_id AND entry_seq = NEW.entry_seq AND item_id = NEW.item_id;
    END;
  CREATE TRIGGER unsaid_item_people_follow_state AFTER UPDATE OF state ON unsaid_items
    WHEN NEW.state IS NOT OLD.state
    BEGIN
      UPDATE unsaid_item_people SET open = (NEW.state = 'open') WHERE entry_seq = NEW.entry_seq AND item_id = NEW.item_id;
    END;
`;

export const migration0020: Migration = {
  version: 20,
  name: 'mention-dates',
  up(db) {
    db.exec(MIGRATION_0020_SQL);
  },
};
