import type { TagSummary } from '../../electron/shared/contract';
import { tagKey } from '../../electron/shared/doc';
import { call } from '../lib/api';
import { rankPeople } from './journalPeople';

export interface TagSource {
  findTags: (query: string) => Promise<string[]>;
  /** A tag just written that the journal does not list yet: offered from now on. */
  addTag: (name: string) => void;
}

/**
 * Tags for "#", straight from the journal (`tags.list`), loaded once per editor and filtered in
 * memory, so typing after "#" costs no round trip per key. A bare "#" offers the most used first.
 */
export function journalTags(): TagSource {
  let tags: TagSummary[] | null = null;
  let loading: Promise<void> | null = null;

  const load = (): Promise<void> => {
    loading ??= call('tags.list', {}).then((result) => {
      if (result.ok) {
        const added = tags ?? [];
        tags = [...result.value].sort((a, b) => b.entries - a.entries || a.name.localeCompare(b.name));
        for (const tag of added) if (!tags.some((t) => tagKey(t.name) === tagKey(tag.name))) tags.unshift(tag);
      } else {
        tags = tags ?? [];
        loading = null;
      }
    });
    return loading;
  };

  return {
    findTags: async (query) => {
      await load();
      return rankPeople(tags ?? [], query).map((t) => t.name);
    },
    addTag: (name) => {
      if (tags?.some((t) => tagKey(t.name) === tagKey(name))) return;
      tags = [{ name, entries: 0 }, ...(tags ?? [])];
    },
  };
}
