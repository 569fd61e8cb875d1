/**
 * What an import preview says before anything is written (the `import.preview` job's result),
 * shown by the app (src/features/settings/ImportFlow.tsx) and the `mutual import` command alike.
 */
import type { PersonRef } from './contract';

export interface ImportCandidate {
  /** The name as found (without @, # or brackets). Decisions are keyed by it. */
  name: string;
  /** How many entries name it. */
  count: number;
  /** A person already in the journal with this name, if any. */
  match: PersonRef | null;
  /**
   * How the name was found: as a name (@Sam, [[Sam]], front matter `people`, jrnl's @tags) —
   * offered as a person first — or only as a tag (#travel, Day One's tags), which stays a tag
   * unless the person maps it to someone.
   */
  as: 'name' | 'tag';
}

export interface ImportFinding {
  key: string;
  /** One sentence: what happens. */
  what: string;
  /** Whether something is left out (rather than only changed or guessed). */
  dropped: boolean;
  count: number;
  /** A few of the places ("Journal.json, entry 12"). */
  where: string[];
  /** A few examples (front matter keys, time formats). */
  detail?: string[];
}

export interface UndatedLine {
  where: string;
  line: number;
  text: string;
}

export interface ExportPerson {
  id: string;
  name: string;
  /** Already in the journal (the same record). */
  present: boolean;
}

export interface ImportPreview {
  /** Entries that will be written. */
  entries: number;
  candidates: ImportCandidate[];
  firstDate: string | null;
  lastDate: string | null;
  /** Tags the entries will carry, most used first. */
  tags: { name: string; count: number }[];
  /** Photos (and other media) the entries refer to: present in the export, or missing from it. */
  photos: { found: number; missing: number };
  /** Entries dated in UTC because their time zone was missing or unknown. */
  zoneFallbacks: { count: number; where: string[] };
  /** Entries with the same date and words as one already in the journal. */
  duplicates: { count: number; where: string[] };
  /** jrnl lines that look like an entry's start but whose date cannot be read. */
  undated: { count: number; lines: UndatedLine[] };
  /** The time format jrnl dates were read with, when it matters. */
  timeFormat: string | null;
  /** People a Mutual export brings (its JSON, or the people/ folder of its Markdown). */
  people: ExportPerson[];
  /** Everything else that will be changed or left out, and why. */
  findings: ImportFinding[];
}

/** What the person decided in the preview, sent with `import.run`. */
export interface ImportChoices {
  /** jrnl: a time format (strftime, as in jrnl's config) to read dates with first. */
  timeFormat?: string;
  /** Leave out entries that look already imported. */
  skipDuplicates?: boolean;
  /** jrnl: import although some lines cannot be dated (they stay text of the entry above). */
  keepUndated?: boolean;
}

export interface ImportSummary {
  entries: number;
  peopleCreated: number;
  /** Present only when something was left out. */
  skipped?: { duplicates: number; empty: number };
  /** Photos the import brought (present only when there were some; each file counted once). */
  photos?: number;
  /** What the import itself found (a photo it could not read), present only when there is something. */
  findings?: ImportFinding[];
}

/**
 * The preview's line about photos, the same in the app and the `mutual` command ('' when there are
 * none). Photos found that cannot be read are listed apart, with the other findings.
 */
export function photosLine(photos: { found: number; missing: number }): string {
  const n = (value: number) => value.toLocaleString('en');
  const found = photos.found > 0 ? `${n(photos.found)} in the export, brought in with ${photos.found === 1 ? 'its entry' : 'their entries'}` : '';
  const missing = photos.missing > 0 ? `${n(photos.missing)} missing from ${found ? 'it' : 'the export'}, marked in ${photos.missing === 1 ? 'its entry' : 'their entries'} instead` : '';
  return found || missing ? `Photos: ${[found, missing].filter(Boolean).join('; ')}.` : '';
}
