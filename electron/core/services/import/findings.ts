/**
 * What readers notice while they read — what will be changed, dropped or guessed — so that the
 * preview can say all of it before anything is written. Each finding counts and keeps a few
 * places ("Journal.json, entry 12") to show.
 */
import type { ImportFinding, UndatedLine } from '../../../shared/importPreview';

const SAMPLES = 5;

export type FindingKey =
  | 'emptySkipped'
  | 'zoneFallback'
  | 'richTextInvalid'
  | 'unsafeLinks'
  | 'images'
  | 'imagesOutside'
  | 'remoteImages'
  | 'photosUnreadable'
  | 'heicKept'
  | 'tables'
  | 'footnotes'
  | 'codeBlocks'
  | 'highlights'
  | 'dayOneDetails'
  | 'media'
  | 'danglingEntryLinks'
  | 'frontMatterDateDisagrees'
  | 'frontMatterFields'
  | 'personFile'
  | 'notJrnlDay'
  | 'otherTimeFormat'
  | 'leadingText'
  | 'noDateFallback';

/** What each finding says, and whether it is something left out (dropped) or only changed. */
export const findingText: Record<FindingKey, { what: string; dropped: boolean }> = {
  emptySkipped: { what: 'Empty entries (no text, photo or tag) are skipped', dropped: true },
  zoneFallback: { what: 'Entries without a usable time zone are dated in UTC', dropped: false },
  richTextInvalid: { what: 'Day One rich text that could not be read: the plain text was used instead', dropped: false },
  unsafeLinks: { what: 'Links Mutual will not open (not http, https or mailto) are kept as text, their address in brackets', dropped: false },
  images: { what: 'Photos and images whose file is not in what you import are marked in the text where they were', dropped: true },
  imagesOutside: { what: 'Images whose file is outside the folder you import are not read: each is marked in the text where it was', dropped: true },
  remoteImages: { what: 'Images on the web are not downloaded: each is marked in the text where it was', dropped: true },
  photosUnreadable: { what: 'Photos that could not be read (damaged, not a photo, a drawing, or too large) are marked in the text where they were', dropped: true },
  heicKept: {
    what: 'HEIC photos this computer cannot show are kept exactly as they came (location and camera details included): their entry shows a note in place of the picture, and they leave with your exports',
    dropped: false,
  },
  tables: { what: 'Tables become one line per row, cells separated by |', dropped: false },
  footnotes: { what: 'Footnotes are kept as text ([^1])', dropped: false },
  codeBlocks: { what: 'Code blocks become lines of code text (their language is not kept)', dropped: false },
  highlights: { what: 'Highlight colours are not kept (the words are)', dropped: true },
  dayOneDetails: { what: 'Location, weather and other Day One details are not imported', dropped: true },
  media: { what: 'Videos, audio recordings and PDFs are not imported: each is marked in the text where it was', dropped: true },
  danglingEntryLinks: { what: 'Links to Day One entries that are not in this export are kept as text', dropped: false },
  frontMatterDateDisagrees: { what: 'The front matter date differs from the date in the file name; the front matter date is used', dropped: false },
  frontMatterFields: { what: 'Front matter fields other than date, tags, people and title are not imported', dropped: true },
  personFile: { what: 'Person files of a Mutual export are read as people, not entries', dropped: false },
  notJrnlDay: { what: 'Files that are not jrnl day files (YYYY/MM/DD.txt) are passed over', dropped: true },
  otherTimeFormat: { what: 'Entries whose date is written in another format than the rest of the journal', dropped: false },
  leadingText: { what: 'Text before the first dated line is added to the first entry', dropped: false },
  noDateFallback: { what: 'Files without a date in their front matter are dated by their name', dropped: false },
};

export class Findings {
  private readonly items = new Map<FindingKey, { count: number; where: string[]; detail: Set<string> }>();
  readonly undated: UndatedLine[] = [];
  undatedCount = 0;
  readonly photos = { found: 0, missing: 0 };
  /** The time format jrnl entries were read with, when one was chosen. */
  timeFormat: string | null = null;

  add(key: FindingKey, where: string, count = 1, detail?: string): void {
    if (count <= 0) return;
    let item = this.items.get(key);
    if (!item) this.items.set(key, (item = { count: 0, where: [], detail: new Set() }));
    item.count += count;
    if (item.where.length < SAMPLES && !item.where.includes(where)) item.where.push(where);
    if (detail && item.detail.size < SAMPLES) item.detail.add(detail);
  }

  count(key: FindingKey): number {
    return this.items.get(key)?.count ?? 0;
  }

  addUndated(line: UndatedLine): void {
    this.undatedCount++;
    if (this.undated.length < 50) this.undated.push(line);
  }

  list(): ImportFinding[] {
    return [...this.items.entries()].map(([key, item]) => ({
      key,
      what: findingText[key].what,
      dropped: findingText[key].dropped,
      count: item.count,
      where: item.where,
      ...(item.detail.size ? { detail: [...item.detail] } : {}),
    }));
  }
}
