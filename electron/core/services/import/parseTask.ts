/**
 * Reading one item of an import — a Day One entry, a Markdown file — into an entry: the part of an
 * import that parses text (Markdown, Day One's rich text, YAML front matter) and so takes most of
 * its time. It runs in a parse worker (parseWorker.ts, parsePool.ts) or, where there is none, on
 * the importing thread, by the same function.
 *
 * Reading an item is a function of the item alone. Whatever the reader would tell the import
 * besides the entry — findings, the media an entry shows, links to other Day One entries, a
 * Mutual export's person files — is recorded as a list of steps, and the thread that owns the
 * import's ReadContext replays them in entry order (replayParsed), so the findings, their sample
 * places and the ids given to linked entries are exactly what reading in order on one thread gives.
 * A link to another entry is written with a placeholder id, replaced by the entry's real id there.
 */
import crypto from 'node:crypto';
import type { DocNode } from '../../../shared/doc';
import type { ErrorCode } from '../../../shared/result';
import { MutualError } from '../../../shared/result';
import type { EntryContext, ForeignEntry, MediaKind, ReadContext } from './common';
import type { MediaFiles } from './dayone';
import { dayOneEntry } from './dayone';
import type { FindingKey } from './findings';
import { markdownFileEntry } from './markdownFolder';

/** One item to read, as the reader of the source found it (structured-cloneable). */
export type ParseTask = { kind: 'dayone'; value: unknown; where: string } | { kind: 'markdown'; file: string; where: string; fileName: string };

/** An item and what only the importing thread knows about it: where the export's media files are. */
export interface SourceItem {
  task: ParseTask;
  media?: MediaFiles;
}

/** What reading told the import, in order. */
export type ReadStep =
  | ['add', FindingKey, string, number, string | null]
  | ['media', MediaKind, string | null, string | null]
  | ['link', string, string]
  | ['person', string, string, string, string | null];

export type ParseOutcome = { entry: ForeignEntry | null; steps: ReadStep[] } | { error: { code: ErrorCode | null; message: string } };

/** Records what reading one item tells the import (EntryContext), for replayParsed. */
class Recorder implements EntryContext {
  readonly steps: ReadStep[] = [];
  private readonly links = new Map<string, string>();
  readonly findings = {
    add: (key: FindingKey, where: string, count = 1, detail?: string) => {
      if (count > 0) this.steps.push(['add', key, where, count, detail ?? null]);
    },
  };

  constructor(private readonly nonce: string) {}

  media(kind: MediaKind, md5: string | undefined, type: string | undefined): void {
    this.steps.push(['media', kind, md5 ?? null, type ?? null]);
  }

  entryIdFor(sourceId: string): string {
    const key = sourceId.toUpperCase();
    let placeholder = this.links.get(key);
    if (!placeholder) {
      placeholder = `${this.nonce}${this.links.size}`;
      this.links.set(key, placeholder);
      this.steps.push(['link', placeholder, sourceId]);
    }
    return placeholder;
  }

  person(id: string, name: string, kind: string, photo?: string): void {
    this.steps.push(['person', id, name, kind, photo ?? null]);
  }
}

/**
 * A prefix for placeholder ids no entry's text can know in advance: random for each batch, of
 * letters only (an entry link's id allows letters, digits, - and _), the placeholder's number after it.
 */
function newNonce(): string {
  return `mutualLink${crypto.randomBytes(12).toString('base64').replace(/[^A-Za-z]/g, '')}x`;
}

/** Reads one item. Never throws: a problem becomes the outcome, reported in its place. */
export function parseTask(task: ParseTask, nonce = newNonce()): ParseOutcome {
  const recorder = new Recorder(nonce);
  try {
    const entry = task.kind === 'dayone' ? dayOneEntry(task.value, task.where, recorder) : markdownFileEntry(task.file, task.where, task.fileName, recorder);
    return { entry, steps: recorder.steps };
  } catch (error) {
    if (error instanceof MutualError) return { error: { code: error.code, message: error.message } };
    return { error: { code: null, message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
}

/** Reads a batch of items (what a parse worker does with each message). */
export function parseBatch(tasks: readonly ParseTask[]): ParseOutcome[] {
  const nonce = newNonce();
  return tasks.map((task) => parseTask(task, nonce));
}

function replaceLinks(nodes: DocNode[] | undefined, ids: Map<string, string>): void {
  for (const node of nodes ?? []) {
    for (const mark of node.marks ?? []) {
      const href = mark.type === 'link' ? mark.attrs?.href : undefined;
      if (typeof href === 'string' && href.startsWith('mutual:entry/')) {
        const id = ids.get(href.slice('mutual:entry/'.length));
        if (id) mark.attrs = { ...mark.attrs, href: `mutual:entry/${id}` };
      }
    }
    replaceLinks(node.content, ids);
  }
}

/**
 * What reading an item told, applied to the import's context in entry order; resolves to its
 * entry (null when there is none) or throws its problem, as reading it here would have.
 */
export function replayParsed(outcome: ParseOutcome, ctx: ReadContext, media: MediaFiles | undefined): ForeignEntry | null {
  if ('error' in outcome) {
    if (outcome.error.code) throw new MutualError(outcome.error.code, outcome.error.message);
    throw new Error(outcome.error.message);
  }
  let links: Map<string, string> | null = null;
  for (const step of outcome.steps) {
    switch (step[0]) {
      case 'add':
        ctx.findings.add(step[1], step[2], step[3], step[4] ?? undefined);
        break;
      case 'media': {
        const [, kind, md5, type] = step;
        if (md5 && media?.has(kind, md5, type ?? undefined)) ctx.findings.photos.found++;
        else ctx.findings.photos.missing++;
        break;
      }
      case 'link':
        (links ??= new Map()).set(step[1], ctx.entryIdFor(step[2]));
        break;
      case 'person':
        ctx.exportPeople.set(step[1], { name: step[2], kind: step[3], ...(step[4] ? { photo: step[4] } : {}) });
        break;
    }
  }
  const entry = outcome.entry;
  if (entry && links) {
    if (entry.own) for (const blocks of Object.values(entry.own.sections)) replaceLinks(blocks, links);
    else replaceLinks(entry.blocks, links);
  }
  return entry;
}
