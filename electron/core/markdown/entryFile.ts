/**
 * One entry of a Mutual Markdown export, written: YAML front matter (id, date, time of writing,
 * the people it mentions and their ids, the states of its unsaid items, times), the date as the
 * `#` heading, each section under its `##` title, its blocks by toMarkdown.ts. entryFileRead.ts
 * reads it back as the same document (tests/unit/import/roundTrip.test.ts). Apart from the
 * reader so that exporting never loads the YAML parser or the Markdown parser.
 */
import type { DocNode, EntryDoc, UnsaidState } from '../../shared/doc';
import { sectionKinds, sectionTitles } from '../../shared/doc';
import { blocksToMarkdown } from './toMarkdown';

const stateWords: Record<UnsaidState, string> = { open: 'open', said: 'said', letGo: 'let go' };
const quote = (value: string) => JSON.stringify(value);

export interface EntryFileInput {
  id: string;
  date: string;
  writtenAt: string | null;
  createdAt: string;
  updatedAt: string;
  doc: EntryDoc;
}

function unsaidStatesOf(doc: EntryDoc): UnsaidState[] {
  const out: UnsaidState[] = [];
  const walk = (nodes: DocNode[] | undefined) => {
    for (const node of nodes ?? []) {
      // Only items with words are written (and so read back), in document order, nested ones after their parent.
      if (node.type === 'taskItem' && blocksToMarkdown(node.content)) out.push((node.attrs?.state as UnsaidState | undefined) ?? 'open');
      walk(node.content);
    }
  };
  walk(doc.content[sectionKinds.indexOf('unsaid')]!.content);
  return out;
}

/**
 * The Markdown file of one entry; `people` are those it mentions, with their names now;
 * `photoUrl` where its photos are (toMarkdown.ts).
 */
export function entryToMarkdownFile(entry: EntryFileInput, people: readonly { id: string; name: string }[], photoUrl?: (photoId: string) => string | null): string {
  const names = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: string, label: string) => names.get(id) ?? label;
  const states = unsaidStatesOf(entry.doc);
  const lines = [
    '---',
    `id: ${quote(entry.id)}`,
    `date: ${entry.date}`,
    ...(entry.writtenAt ? [`written: ${quote(entry.writtenAt)}`] : []),
    `people: [${people.map((p) => quote(p.name)).join(', ')}]`,
    `person_ids: [${people.map((p) => quote(p.id)).join(', ')}]`,
    ...(states.length ? [`unsaid: [${states.map((s) => stateWords[s]).join(', ')}]`] : []),
    `created: ${quote(entry.createdAt)}`,
    `updated: ${quote(entry.updatedAt)}`,
    '---',
    '',
    `# ${entry.date}`,
  ];
  sectionKinds.forEach((kind, i) => {
    const body = blocksToMarkdown(entry.doc.content[i]!.content, { nameOf, headingShift: 2, people, ...(photoUrl ? { photoUrl } : {}) });
    lines.push('', `## ${sectionTitles[kind]}`);
    if (body) lines.push('', body);
  });
  return `${lines.join('\n')}\n`;
}

