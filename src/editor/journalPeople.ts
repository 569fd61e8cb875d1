import type { PersonKind, PersonSummary } from '../../electron/shared/contract';
import { call } from '../lib/api';
import type { PersonRef } from './extensions/personMention';

export interface PeopleSource {
  findPeople: (query: string) => Promise<PersonRef[]>;
  onCreatePerson: (name: string) => Promise<PersonRef>;
  personKindOf: (personId: string) => PersonKind | undefined;
  /** Loads the people list now (otherwise the first "@" does). */
  preload: () => Promise<void>;
}

/** Orders names for a query: whole name starts with it, then a later word does, then contains it. */
export function rankPeople<P extends { name: string }>(people: readonly P[], query: string, limit = 8): P[] {
  const q = query.trim().toLocaleLowerCase();
  const score = (name: string): number => {
    const n = name.toLocaleLowerCase();
    if (!q) return 0;
    if (n.startsWith(q)) return 0;
    if (n.split(/\s+/).some((word) => word.startsWith(q))) return 1;
    return n.includes(q) ? 2 : -1;
  };
  return people
    .map((p, index) => ({ p, index, s: score(p.name) }))
    .filter((x) => x.s >= 0)
    .sort((a, b) => a.s - b.s || a.index - b.index)
    .slice(0, limit)
    .map((x) => x.p);
}

/**
 * People for @mentions, straight from the journal (`people.list`, `people.upsert`). The list is
 * loaded once per editor and kept in memory: typing after "@" filters it locally, without a round
 * trip per keystroke. Recently reflected-on people come first for a bare "@".
 */
export function journalPeople(): PeopleSource {
  let people: PersonSummary[] | null = null;
  let loading: Promise<void> | null = null;

  const load = (): Promise<void> => {
    loading ??= call('people.list', {}).then((result) => {
      if (result.ok) {
        people = [...result.value]
          .filter((p) => !p.archived)
          .sort((a, b) => (b.lastReflectedOn ?? '').localeCompare(a.lastReflectedOn ?? '') || a.name.localeCompare(b.name));
      } else {
        people = people ?? [];
        loading = null;
      }
    });
    return loading;
  };

  return {
    preload: load,
    findPeople: async (query) => {
      await load();
      return rankPeople(people ?? [], query).map((p) => ({ id: p.id, name: p.name }));
    },
    onCreatePerson: async (name) => {
      // Loaded first, so that the list arriving later cannot drop the person added now.
      await load();
      const result = await call('people.upsert', { name });
      if (!result.ok) throw new Error(result.error.message);
      const person = result.value;
      people = [{ ...person, lastReflectedOn: null, entryCount: 0, openUnsaid: 0 }, ...(people ?? [])];
      return { id: person.id, name: person.name };
    },
    personKindOf: (personId) => people?.find((p) => p.id === personId)?.kind,
  };
}
