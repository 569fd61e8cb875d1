/**
 * The short introduction after the recovery code, and its sample entry. First run says the
 * introduction is due; the first new entry shows it once, in place of the empty entry; the sample
 * is written to the journal only when the person asks to look at it, and is remembered for this
 * run of the page so that its page can offer to delete it.
 */
import { emptyDoc, newItemId, sectionOf, type DocNode, type EntryDoc, type SectionKind } from '../../../electron/shared/doc';
import { promptById } from '../../../electron/shared/prompts';

let due = false;
let sampleId: string | null = null;

/** First run is done: the next new entry opens with the introduction. */
export function markIntroductionDue(): void {
  due = true;
}

/** Whether the introduction is still to be shown (it is shown once). */
export function introductionDue(): boolean {
  return due;
}

/** The introduction has been shown: never again in this run. */
export function introductionShown(): void {
  due = false;
}

export function rememberSampleEntry(id: string | null): void {
  sampleId = id;
}

export function isSampleEntry(id: string | null): boolean {
  return id !== null && id === sampleId;
}

const paragraph = (...content: DocNode[]): DocNode => ({ type: 'paragraph', content });
const text = (value: string): DocNode => ({ type: 'text', text: value });

/**
 * The sample: one ordinary evening, in each part, with the prompt it answers kept as a written
 * entry keeps it. It names no one (a mention would add a person to the journal) and carries the
 * tag #sample so it is easy to find again.
 */
export function sampleEntryDoc(): EntryDoc {
  const doc = emptyDoc();
  const prompt = (section: SectionKind, id: string) => {
    const found = promptById(id);
    if (found) (sectionOf(doc, section).attrs as Record<string, unknown>).prompt = found.text;
  };
  doc.content[0].content = [paragraph(text('Called my brother after his first day at the new job, just to ask how it went.'))];
  doc.content[1].content = [paragraph(text('A neighbour took in my parcels while I was away and left a kind note with them.'))];
  doc.content[2].content = [
    { type: 'taskList', content: [{ type: 'taskItem', attrs: { id: newItemId(), state: 'open' }, content: [paragraph(text('Tell my brother I am proud of him.'))] }] },
  ];
  doc.content[3].content = [paragraph(text('Some weeks I give more, some weeks I receive more. '), { type: 'tag', attrs: { label: 'sample' } })];
  prompt('given', 'given-check-in');
  prompt('received', 'received-small-care');
  prompt('unsaid', 'unsaid-wish-said');
  prompt('note', 'note-rhythm-today');
  return doc;
}
