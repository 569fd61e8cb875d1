/**
 * The one contract between the renderer and the journal. Every channel declares a zod schema for
 * its input and the type of its output; electron/core/handlers.ts implements exactly this table, the
 * Electron main process and the web host serve it, and the preload exposes it as window.mutual.
 */
import { z } from 'zod';
import type { ChannelName } from './channels';
import type { EntryDoc, SectionKind, UnsaidState } from './doc';
import { entryDocSchema, sectionKinds, unsaidStates } from './doc';
import { personKinds, type PersonKind } from './personKinds';
import type { Result } from './result';

export { personKindLabels, personKinds, type PersonKind } from './personKinds';

/** Passphrases shorter than this are refused everywhere (the UI also shows strength). */
export const MIN_PASSPHRASE_LENGTH = 10;
export const MAX_PASSPHRASE_LENGTH = 1024;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date looks like 2026-11-28').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'that is not a real date');
const id = z.string().min(1).max(64);
const passphrase = z.string().min(1).max(MAX_PASSPHRASE_LENGTH);
const newPassphrase = z
  .string()
  .min(MIN_PASSPHRASE_LENGTH, `a passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`)
  .max(MAX_PASSPHRASE_LENGTH);
const longText = z.string().max(20_000);
const empty = z.object({}).strict();
/** Paths chosen by the person (a dialog in the app, a field in the web host): absolute, no NUL. */
const onWindows = (globalThis as { process?: { platform?: string } }).process?.platform === 'win32';
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\u0000') && (onWindows ? /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') : p.startsWith('/')), 'use a full path, like /home/you/Documents/export');

export interface PersonRef {
  id: string;
  name: string;
}

export interface Person extends PersonRef {
  /** Their photo (a Photo id), or null. */
  photoId: string | null;
  kind: PersonKind;
  /** Whether the person chose the kind (false: the default given when added by a mention or an import). */
  kindChosen: boolean;
  care: string;
  needs: string;
  boundaries: string;
  notes: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PersonSummary extends Person {
  lastReflectedOn: string | null;
  entryCount: number;
  openUnsaid: number;
  /**
   * How many entries mention them in each of the last twelve months, oldest first (the people
   * list's sparkline). people.list always fills it; a summary made in the renderer for someone
   * just added may leave it out.
   */
  monthly?: number[];
}

export interface Detail {
  id: string;
  personId: string;
  text: string;
  notedOn: string;
  remindOn: string | null;
}

export interface PersonPage {
  person: Person;
  details: Detail[];
}

export interface Entry {
  id: string;
  date: string;
  /** When it was written, local time with its offset ("2004-10-12T21:38:00-06:00"); null when unknown. */
  writtenAt: string | null;
  doc: EntryDoc;
  people: PersonRef[];
  createdAt: string;
  updatedAt: string;
}

export interface EntrySummary {
  id: string;
  date: string;
  /** As Entry.writtenAt. */
  writtenAt: string | null;
  people: PersonRef[];
  /** The entry's tags (#travel), by name. */
  tags: string[];
  /** What the entry is called in lists: its first line with words (doc.ts titleOf); empty when it has none. */
  title: string;
  /** The entry's first photo (a Photo id) for a thumbnail, or null. */
  photoId: string | null;
  /** The first words of the entry, section by section, as plain text. */
  excerpt: string;
  updatedAt: string;
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  entryId: string;
  date: string;
  /** As Entry.writtenAt. */
  writtenAt: string | null;
  people: PersonRef[];
  /** The section the snippet comes from; null when only a person's name matched. */
  section: SectionKind | null;
  snippet: SnippetPart[];
}

export interface SearchSuggestion {
  /** The whole query with the correction made, to search again with. */
  q: string;
  /** The corrected words or name, to say "Did you mean peonies?". */
  words: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** A friendly note when the query could not be used as typed (never an FTS error). */
  hint: string | null;
  /** When nothing was found: a near name among the person's people, or near words the journal holds. */
  suggestion?: SearchSuggestion | null;
}

export interface TimelineEntry {
  entryId: string;
  date: string;
  people: PersonRef[];
  /** The entry's first photo (a Photo id) for a thumbnail, or null. */
  photoId: string | null;
  /** The passages (paragraphs, list items) of each section that mention the person. */
  passages: Record<SectionKind, string[]>;
}

export interface OpenUnsaidItem {
  entryId: string;
  date: string;
  itemId: string;
  text: string;
}

export interface OnThisDayItem {
  entryId: string;
  date: string;
  /** "A year ago", "3 months ago". */
  when: string;
  people: PersonRef[];
  excerpt: string;
}

export interface PersonRhythm {
  /** The last twelve months, oldest first: how many entries mention them in Given and in Received. */
  months: { month: string; given: number; received: number }[];
  lean: 'givingOften' | 'receivingOften' | null;
  leanWeeks: number;
  /** A gentle question to reflect on when it has leaned one way for eight weeks or more. */
  question: string | null;
}

/** A photo in the journal (its bytes are served to the page by the shell, never through the contract). */
export interface Photo {
  id: string;
  /** The stored photo's media type (image/jpeg, image/png, image/webp, image/gif, image/avif; image/heic or image/heif when not shown). */
  type: string;
  /** Bytes of the stored photo. */
  size: number;
  /** Null when not shown. */
  width: number | null;
  height: number | null;
  /** When the camera says it was taken (its local date and time, no zone), if it says. */
  takenAt: string | null;
  /**
   * Whether the page can show it. False: a HEIC this computer cannot decode, kept as an attachment
   * exactly as it came (no thumbnails, never served to the page; it leaves with exports).
   */
  shown: boolean;
}

export interface TagSummary {
  name: string;
  /** How many entries carry it. */
  entries: number;
}

export interface DueReminder {
  detailId: string;
  personId: string;
  name: string;
  text: string;
  notedOn: string;
  remindOn: string;
}

/** A passage of the week that mentions a person: the paragraph, list item or unsaid item, as text. */
export interface WeekPassage {
  entryId: string;
  date: string;
  section: SectionKind;
  text: string;
  /** For an unsaid item: its id and whether it is still open, said or let go; otherwise null. */
  itemId: string | null;
  state: UnsaidState | null;
}

export interface WeekPerson {
  personId: string;
  name: string;
  /** How many entries of the week mention them in each part; the look back shows the passages instead, never these as a tally. */
  given: number;
  received: number;
  unsaid: number;
  note: number;
  entryIds: string[];
  /** Newest entry first, parts in the entry's order. */
  passages: WeekPassage[];
}

export interface WeekLookBack {
  from: string;
  to: string;
  entries: number;
  people: WeekPerson[];
  /** The open unsaid items of the week's entries, with the people each one mentions. */
  openUnsaid: (OpenUnsaidItem & { people: PersonRef[] })[];
  reminders: DueReminder[];
}

export interface VaultStatus {
  state: 'new' | 'locked' | 'unlocked';
}

export interface Settings {
  autoLockMinutes: number;
  /** Automatic encrypted backups: how often, how many to keep, and where (absolute folder). */
  backupEvery: 'daily' | 'weekly' | 'off';
  backupKeep: number;
  backupFolder: string;
  lastBackupAt: string | null;
  /** Desktop notifications for details' remind-on dates, only while unlocked. Off unless chosen. */
  notifyReminders: boolean;
  /** Keep where and with what camera a photo was taken (EXIF and the like) inside the stored photo. Off unless chosen. */
  keepPhotoDetails: boolean;
  /** Where this journal lives (absolute), so Restore can name what a replace would move aside. */
  journalFolder: string;
}

/** Sync through a folder on this computer (electron/core/sync): off, or where and how it stands. */
export type SyncStatus =
  | { enabled: false }
  | {
      enabled: true;
      /** The sync folder (absolute). */
      folder: string;
      /** This computer's name in the folder (its folder under devices/). */
      deviceId: string;
      journalId: string;
      /** When the last round finished (ISO), or null before the first. */
      lastSyncAt: string | null;
      /** Changes made here that are not in the folder yet (marked, or waiting to be written). */
      toSend: number;
      /** Change files this computer has written. */
      sent: number;
      /** The other computers seen, and how many of each one's change files are applied here. */
      devices: { deviceId: string; applied: number }[];
      /** Files the last round could not read and will not read as they are (another journal's, damaged, newer). */
      problems: { deviceId: string; number: number; message: string }[];
      /** What the person should hear about, newest first. */
      notices: { at: string; kind: string; message: string }[];
    };

export const importFormats = ['dayone', 'jrnl', 'markdown', 'json'] as const;
/** jrnl's `timeformat` (a strftime pattern), for journals written with an unusual one. */
const importTimeFormat = z.string().trim().min(2).max(100).optional();
export type ImportFormatName = (typeof importFormats)[number];

export interface JobStatus {
  id: string;
  kind: 'export' | 'backup' | 'import-preview' | 'import' | 'sync-join';
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  /** Null while the total is not known yet (an import counts as it reads). */
  total: number | null;
  /** The summary when done: counts, paths, or the import preview. */
  result: unknown;
  error: { code: string; message: string } | null;
}

export interface ImportCandidate {
  name: string;
  count: number;
  match: PersonRef | null;
}

export type { UnsaidState };

const channel = <I extends z.ZodType>(input: I) => ({
  returns: <O>() => ({ input, output: undefined as unknown as O }),
});

export const personInput = z.object({
  id: id.optional(),
  name: z.string().trim().min(1, 'a person needs a name').max(200),
  kind: z.enum(personKinds).optional(),
  care: longText.optional(),
  needs: longText.optional(),
  boundaries: longText.optional(),
  notes: longText.optional(),
  archived: z.boolean().optional(),
});

export const searchInput = z.object({
  q: z.string().max(1000),
  personId: id.optional(),
  sections: z.array(z.enum(sectionKinds)).max(4).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sort: z.enum(['best', 'newest']).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
  /**
   * Whether a search that finds nothing looks for a near word or name ("Did you mean …?"; default
   * yes). Search as you type asks only once the typing pauses: looking through the index's words
   * took up to 150 ms at 100,000 entries, on half-typed words that find nothing anyway.
   */
  suggest: z.boolean().optional(),
});
export type SearchInput = z.infer<typeof searchInput>;

export const contract = {
  'vault.status': channel(empty).returns<VaultStatus>(),
  'vault.create': channel(z.object({ passphrase: newPassphrase })).returns<{ recoveryCode: string }>(),
  'vault.unlock': channel(z.object({ passphrase })).returns<VaultStatus>(),
  'vault.lock': channel(empty).returns<VaultStatus>(),
  'vault.changePassphrase': channel(z.object({ current: passphrase, next: newPassphrase })).returns<VaultStatus>(),
  'vault.recover': channel(z.object({ recoveryCode: z.string().min(1).max(200), newPassphrase })).returns<VaultStatus>(),
  'entries.create': channel(z.object({ date: isoDate.optional(), doc: entryDocSchema.optional() })).returns<Entry>(),
  /**
   * `base`: the version the editor's document started from (the `updatedAt` it last loaded or
   * saved, or a save's `sentBase`). When the entry changed since (sync applied another computer's
   * edit), the editor's own change is merged into it rather than undoing it; the entry saved is
   * then not the document sent, and `sentBase` names the version the editor's document is.
   */
  'entries.save': channel(z.object({ id, date: isoDate.optional(), doc: entryDocSchema, base: z.string().min(1).max(100).optional() })).returns<Entry & { sentBase?: string }>(),
  'entries.get': channel(z.object({ id })).returns<Entry>(),
  'entries.list': channel(
    z.object({
      personId: id.optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
  ).returns<{ items: EntrySummary[]; total: number }>(),
  'entries.delete': channel(z.object({ id })).returns<{ deleted: true }>(),
  'people.list': channel(z.object({ includeArchived: z.boolean().optional(), today: isoDate.optional() })).returns<PersonSummary[]>(),
  'people.get': channel(z.object({ id })).returns<PersonPage>(),
  'people.upsert': channel(personInput).returns<Person>(),
  'people.addDetail': channel(
    z.object({ personId: id, text: z.string().trim().min(1).max(2000), notedOn: isoDate.optional(), remindOn: isoDate.nullable().optional() }),
  ).returns<Detail>(),
  'people.updateDetail': channel(
    z.object({ id, text: z.string().trim().min(1).max(2000), notedOn: isoDate.optional(), remindOn: isoDate.nullable().optional() }),
  ).returns<Detail>(),
  'people.deleteDetail': channel(z.object({ id })).returns<{ deleted: true }>(),
  'people.merge': channel(z.object({ keepId: id, mergeId: id })).returns<Person>(),
  'people.setPhoto': channel(z.object({ personId: id, photoId: id.nullable() })).returns<Person>(),
  'people.timeline': channel(z.object({ personId: id, limit: z.number().int().min(1).max(500).optional(), offset: z.number().int().min(0).optional() })).returns<{ items: TimelineEntry[]; total: number }>(),
  /** limit and offset count entries, newest first: each entry's open items come together, in their order. */
  'people.openUnsaid': channel(
    z.object({ personId: id, limit: z.number().int().min(1).max(10_000).optional(), offset: z.number().int().min(0).optional() }),
  ).returns<OpenUnsaidItem[]>(),
  'people.rhythm': channel(z.object({ personId: id, today: isoDate.optional() })).returns<PersonRhythm>(),
  'people.export': channel(z.object({ personId: id, out: absolutePath })).returns<{ entries: number; file: string }>(),
  'entries.setUnsaidState': channel(z.object({ itemId: id, state: z.enum(unsaidStates), entryId: id.optional() })).returns<Entry>(),
  'review.calendar': channel(z.object({ year: z.number().int().min(1900).max(3000) })).returns<{ date: string; count: number }[]>(),
  'review.onThisDay': channel(z.object({ today: isoDate.optional(), personId: id.optional() })).returns<OnThisDayItem[]>(),
  'review.week': channel(z.object({ today: isoDate.optional() })).returns<WeekLookBack>(),
  'review.day': channel(z.object({ date: isoDate })).returns<EntrySummary[]>(),
  'review.reminders': channel(z.object({ today: isoDate.optional(), days: z.number().int().min(0).max(60).optional() })).returns<DueReminder[]>(),
  'photos.uploadBegin': channel(z.object({ size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })).returns<{ uploadId: string }>(),
  // A piece of at most 1 MiB, base64 (so every transport carries it as JSON).
  'photos.uploadChunk': channel(z.object({ uploadId: id, index: z.number().int().min(0).max(1_000_000), data: z.string().min(1).max(1_400_000) })).returns<{ received: number }>(),
  'photos.uploadFinish': channel(z.object({ uploadId: id })).returns<Photo>(),
  'photos.uploadCancel': channel(z.object({ uploadId: id })).returns<{ cancelled: true }>(),
  'photos.get': channel(z.object({ id })).returns<Photo>(),
  'tags.list': channel(empty).returns<TagSummary[]>(),
  'tags.rename': channel(z.object({ from: z.string().min(1).max(200), to: z.string().min(1).max(200) })).returns<{ renamed: number }>(),
  'search.query': channel(searchInput).returns<SearchResult>(),
  'settings.get': channel(empty).returns<Settings>(),
  'settings.set': channel(
    z.object({
      autoLockMinutes: z.number().int().min(1).max(240).optional(),
      backupEvery: z.enum(['daily', 'weekly', 'off']).optional(),
      backupKeep: z.number().int().min(1).max(365).optional(),
      backupFolder: absolutePath.optional(),
      notifyReminders: z.boolean().optional(),
      keepPhotoDetails: z.boolean().optional(),
    }),
  ).returns<Settings>(),
  'export.run': channel(
    z.object({ format: z.enum(['markdown', 'json']), out: absolutePath, personId: id.optional(), from: isoDate.optional(), to: isoDate.optional() }),
  ).returns<{ jobId: string }>(),
  'backup.run': channel(z.object({ out: absolutePath.optional() })).returns<{ jobId: string }>(),
  'backup.restore': channel(
    z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('new-folder'), file: absolutePath, target: absolutePath }),
      // Replacing needs the exact words the person confirmed, so no call can replace by accident.
      z.object({ mode: z.literal('replace'), file: absolutePath, confirm: z.literal('Replace my journal') }),
    ]),
  ).returns<{ restoredTo: string; keptAt: string | null }>(),
  'import.preview': channel(z.object({ format: z.enum(importFormats), source: absolutePath, timeFormat: importTimeFormat })).returns<{ jobId: string }>(),
  'import.run': channel(
    z.object({
      format: z.enum(importFormats),
      source: absolutePath,
      people: z.record(z.string().max(200), z.union([z.literal('create'), z.literal('ignore'), z.object({ personId: id })])).optional(),
      timeFormat: importTimeFormat,
      /** Leave out entries with the same date and words as one already in the journal. */
      skipDuplicates: z.boolean().optional(),
      /** jrnl: import although some lines cannot be dated (they stay text of the entry above). */
      keepUndated: z.boolean().optional(),
    }),
  ).returns<{ jobId: string }>(),
  'sync.status': channel(empty).returns<SyncStatus>(),
  'sync.setup': channel(z.object({ folder: absolutePath })).returns<SyncStatus>(),
  'sync.now': channel(empty).returns<SyncStatus>(),
  'sync.stop': channel(empty).returns<SyncStatus>(),
  /** Builds this computer's journal from a sync folder (a job: it may take a minute); the journal is unlocked when it is done. */
  'sync.join': channel(
    z.union([z.object({ folder: absolutePath, passphrase }), z.object({ folder: absolutePath, recoveryCode: z.string().min(1).max(200) })]),
  ).returns<{ jobId: string }>(),
  'jobs.status': channel(z.object({ jobId: id })).returns<JobStatus>(),
  'jobs.cancel': channel(z.object({ jobId: id })).returns<JobStatus>(),
} satisfies Record<ChannelName, { input: z.ZodType; output: unknown }>;

type Contract = typeof contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = Contract[C]['output'];

/** window.mutual: one async function per channel, each returning the Result shape. */
export type MutualApi = { [C in ChannelName]: (input: InputOf<C>) => Promise<Result<OutputOf<C>>> };

// The contract must cover exactly the channel list (the reverse of the `satisfies` above).
type Missing = Exclude<keyof Contract, ChannelName>;
const _exact: Missing extends never ? true : never = true;
void _exact;
