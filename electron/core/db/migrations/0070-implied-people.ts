import type { Migration } from './types';

/**
 * Schema version 70: a person's rhythm is true to what was written.
 *
 * Until now only a section that @mentioned someone counted for them, so "She brought me coffee"
 * under Received, in an entry about Maya, counted for nobody, and Maya's rhythm showed her
 * receiving far more than giving — the opposite of the writer's experience. Now a section with
 * words that mentions no one is about every person the entry mentions elsewhere
 * (electron/shared/doc.ts, sectionPeopleOf), and an unsaid item that names no one is about every
 * person of its entry. `mentions.direct` tells the two kinds of row apart (1: @mentioned in the
 * section). Existing entries are derived again here by the same rule.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'implied-people',
  up(db) {
    db.exec(`
      ALTER TABLE mentions ADD COLUMN direct INTEGER NOT NULL DEFAULT 1 CHECK (direct IN (0, 1));

      INSERT OR IGNORE INTO mentions (person_id, entry_seq, section, date, direct)
        SELECT p.person_id, e.seq, s.kind, e.date, 0
        FROM entries e
        JOIN (SELECT DISTINCT entry_seq, person_id FROM mentions) p ON p.entry_seq = e.seq
        JOIN (SELECT 'given' AS kind UNION ALL SELECT 'received' UNION ALL SELECT 'unsaid' UNION ALL SELECT 'note') s
        WHERE trim(CASE s.kind WHEN 'given' THEN e.given WHEN 'received' THEN e.received WHEN 'unsaid' THEN e.unsaid ELSE e.note END) <> ''
          AND NOT EXISTS (SELECT 1 FROM mentions d WHERE d.entry_seq = e.seq AND d.section = s.kind AND d.direct = 1);

      INSERT OR IGNORE INTO unsaid_item_people (person_id, entry_seq, item_id)
        SELECT p.person_id, u.entry_seq, u.item_id
        FROM unsaid_items u
        JOIN (SELECT DISTINCT entry_seq, person_id FROM mentions WHERE direct = 1) p ON p.entry_seq = u.entry_seq
        WHERE NOT EXISTS (SELECT 1 FROM unsaid_item_people x WHERE x.entry_seq = u.entry_seq AND x.item_id = u.item_id);
    `);
  },
};
