/**
 * 0080 records whether a person's kind was chosen. In the previous version's fixture Sam (a friend)
 * and Ana Lucía (family) were chosen; a person of kind "other" is asked again; people added from now
 * on by a mention get the add form's default kind, not yet chosen.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/core/db/migrate';
import { migrations } from '../../../electron/core/db/migrations';
import { migration0080 } from '../../../electron/core/db/migrations/0080-person-kind-chosen';
import { findOrCreatePerson, findPerson, upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import { DEFAULT_PERSON_KIND } from '../../../electron/shared/personKinds';
import { FIXTURE_PASSPHRASE } from '../../fixtures/vaultFixtureContent';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('0080-person-kind-chosen', () => {
  it('keeps chosen kinds, asks again for "other", and gives new people the default kind', async () => {
    const previous = migrations[migrations.indexOf(migration0080) - 1]!.version;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-0080-'));
    temps.push(root);
    const dir = path.join(root, 'journal');
    fs.cpSync(path.join(import.meta.dirname, '..', '..', 'fixtures', 'vaults', `v${String(previous).padStart(4, '0')}`), dir, { recursive: true });
    const vault = await Vault.unlock(dir, FIXTURE_PASSPHRASE);
    try {
      const db = vault.db;
      expect(schemaVersion(db)).toBeGreaterThanOrEqual(80);
      expect(findPerson(db, 'Sam')).toMatchObject({ kind: 'friend', kindChosen: true });
      expect(findPerson(db, 'Ana Lucía')).toMatchObject({ kind: 'family', kindChosen: true });
      const mentioned = findOrCreatePerson(db, 'Maya').person;
      expect(mentioned).toMatchObject({ kind: DEFAULT_PERSON_KIND, kindChosen: false });
      expect(findPerson(db, 'Maya')).toMatchObject({ kindChosen: false });
      // Renaming keeps it unchosen; choosing a kind records the choice.
      expect(upsertPerson(db, { id: mentioned.id, name: 'Maya R.' }).kindChosen).toBe(false);
      expect(upsertPerson(db, { id: mentioned.id, name: 'Maya R.', kind: 'romantic' })).toMatchObject({ kind: 'romantic', kindChosen: true });
    } finally {
      vault.lock();
    }
  });
});
