import type { Migration } from './types';

/**
 * Schema version 80: whether a person's kind of relationship was chosen by the person writing.
 * People added by @mentioning a new name or by an import get a default kind (the one the People
 * add form offers first) and the person page asks what they are; people already here whose kind
 * is "other" were almost all added that way, so they are asked too.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'person-kind-chosen',
  up(db) {
    db.exec(`
      ALTER TABLE people ADD COLUMN kind_chosen INTEGER NOT NULL DEFAULT 1 CHECK (kind_chosen IN (0, 1));
      UPDATE people SET kind_chosen = 0 WHERE kind = 'other';
    `);
  },
};
