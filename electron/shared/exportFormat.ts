/**
 * Mutual's own JSON export, version 1 — the documented, versioned format that `mutual export
 * --format json` and Settings → Export write, and that import reads back without loss.
 *
 * {
 *   "format": "mutual-export", "version": 1,
 *   "notice": "Exports are not encrypted: …",   // optional; for whoever opens the file, never read back
 *   "exportedAt": ISO time,
 *   "people":  [{ id, name, kind, kindChosen, care, needs, boundaries, notes, archived, createdAt, updatedAt,
 *                 details: [{ id, text, notedOn, remindOn }] }],
 *   "photos":  [{ id, file, type, width, height, takenAt }]   // optional: the photos the entries and people
 *                 // show, `file` relative to the JSON file's folder (written into "<name>-photos/" beside it)
 *   "entries": [{ id, date, writtenAt, createdAt, updatedAt, doc }]
 *                 // writtenAt: local time of writing with its offset ("2004-10-12T21:38:00-06:00") or
 *                 // null when unknown (absent in exports made before it existed); doc: the entry
 *                 // document (doc.ts)
 * }
 * Mentions inside `doc` refer to people by `id`, photos (image nodes) by the `id` of "photos", and so
 * does a person's optional `photoId`. Readers must refuse a version they do not know.
 */
import { z } from 'zod';
import { personKinds } from './contract';
import { entryDocSchema } from './doc';

export const EXPORT_FORMAT_VERSION = 1;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const exportedDetailSchema = z.object({
  id: z.string().min(1).max(64),
  text: z.string().max(2000),
  notedOn: isoDate,
  remindOn: isoDate.nullable(),
});

export const exportedPersonSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  kind: z.enum(personKinds),
  /** Absent in exports made before it existed: those kinds count as chosen. */
  kindChosen: z.boolean().default(true),
  care: z.string().max(20_000),
  needs: z.string().max(20_000),
  boundaries: z.string().max(20_000),
  notes: z.string().max(20_000),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  details: z.array(exportedDetailSchema),
  /** The person's photo (an id of the export's "photos"); absent in exports made before photos. */
  photoId: z.string().min(1).max(64).nullable().optional(),
});

export const exportedPhotoSchema = z.object({
  id: z.string().min(1).max(64),
  /** Relative to the folder of the JSON file, with / between folders. */
  file: z.string().min(1).max(1000),
  type: z.string().max(100),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  takenAt: z.string().nullable(),
});

/** A local ISO 8601 date and time with its UTC offset, as entries keep their time of writing. */
export const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/, 'a time of writing looks like 2004-10-12T21:38:00-06:00');

export const exportedEntrySchema = z.object({
  id: z.string().min(1).max(64),
  date: isoDate,
  writtenAt: localDateTime.nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  doc: entryDocSchema,
});

export const mutualExportHeaderSchema = z.object({
  format: z.literal('mutual-export'),
  version: z.number().int(),
  exportedAt: z.string(),
});

export type ExportedPerson = z.infer<typeof exportedPersonSchema>;
export type ExportedEntry = z.infer<typeof exportedEntrySchema>;
export type ExportedPhoto = z.infer<typeof exportedPhotoSchema>;
export interface MutualExport {
  format: 'mutual-export';
  version: typeof EXPORT_FORMAT_VERSION;
  /** The not-encrypted warning (electron/shared/exportWarning.ts); absent in early exports, ignored on import. */
  notice?: string;
  exportedAt: string;
  people: ExportedPerson[];
  /** Absent when no entry or person has a photo, and in exports made before photos. */
  photos?: ExportedPhoto[];
  entries: ExportedEntry[];
}
