// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MutualApi, PersonSummary } from '../../../electron/shared/contract';
import { setApiForTests } from '../../../src/lib/api';
import { journalPeople, rankPeople } from '../../../src/editor/journalPeople';

const person = (id: string, name: string, extra: Partial<PersonSummary> = {}): PersonSummary => ({
  id,
  name,
  kind: 'friend',
  kindChosen: true,
  care: '',
  needs: '',
  boundaries: '',
  notes: '',
  archived: false,
  photoId: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  lastReflectedOn: null,
  entryCount: 0,
  openUnsaid: 0,
  ...extra,
});

afterEach(() => setApiForTests(null));

describe('rankPeople', () => {
  const people = [{ name: 'Alexandra Sam' }, { name: 'Sam' }, { name: 'Rosamund' }, { name: 'Jo' }];
  it('puts names starting with the query first, then later words, then anywhere', () => {
    expect(rankPeople(people, 'sam').map((p) => p.name)).toEqual(['Sam', 'Alexandra Sam', 'Rosamund']);
    expect(rankPeople(people, '').map((p) => p.name)).toEqual(people.map((p) => p.name));
    expect(rankPeople(people, 'zz')).toEqual([]);
    expect(rankPeople(people, '', 2)).toHaveLength(2);
  });
});

describe('journalPeople', () => {
  it('lists people from the journal once, recent first, skipping archived ones', async () => {
    const list = vi.fn(async () => ({
      ok: true as const,
      value: [
        person('a', 'Ana', { lastReflectedOn: '2026-01-01' }),
        person('b', 'Ben', { lastReflectedOn: '2026-03-01', kind: 'family' }),
        person('c', 'Cleo', { archived: true }),
      ],
    }));
    setApiForTests({ 'people.list': list } as unknown as MutualApi);
    const source = journalPeople();
    expect(await source.findPeople('')).toEqual([
      { id: 'b', name: 'Ben' },
      { id: 'a', name: 'Ana' },
    ]);
    expect(await source.findPeople('an')).toEqual([{ id: 'a', name: 'Ana' }]);
    expect(list).toHaveBeenCalledTimes(1);
    expect(source.personKindOf('b')).toBe('family');
  });

  it('creates a person with people.upsert and finds them afterwards', async () => {
    const upsert = vi.fn(async (input: { name: string }) => ({ ok: true as const, value: person('n', input.name) }));
    setApiForTests({ 'people.list': async () => ({ ok: true, value: [] }), 'people.upsert': upsert } as unknown as MutualApi);
    const source = journalPeople();
    expect(await source.onCreatePerson('Zoe')).toEqual({ id: 'n', name: 'Zoe' });
    expect(upsert).toHaveBeenCalledWith({ name: 'Zoe' });
    expect(await source.findPeople('zo')).toEqual([{ id: 'n', name: 'Zoe' }]);
  });

  it('turns a refused creation into an error with the journal’s message, and retries a failed list', async () => {
    let calls = 0;
    setApiForTests({
      'people.list': async () => (++calls === 1 ? { ok: false, error: { code: 'LOCKED', message: 'The journal is locked.' } } : { ok: true, value: [person('a', 'Ana')] }),
      'people.upsert': async () => ({ ok: false, error: { code: 'BAD_INPUT', message: 'a person needs a name' } }),
    } as unknown as MutualApi);
    const source = journalPeople();
    expect(await source.findPeople('')).toEqual([]);
    expect(await source.findPeople('')).toEqual([{ id: 'a', name: 'Ana' }]);
    await expect(source.onCreatePerson(' ')).rejects.toThrow('a person needs a name');
    expect(await source.findPeople('')).toEqual([{ id: 'a', name: 'Ana' }]);
  });
});
