/**
 * What the last preview read, kept for the import that follows it, so that a large export is
 * parsed once, not twice, and the import writes exactly what the preview showed. Used only while
 * the source is unchanged (its files' sizes and times) and read with the same time format; let go
 * after the import, after a failure, a few minutes after the preview, and when the journal is
 * locked (Session.lock calls forgetPreparedImport: what an export said stays with the journal).
 *
 * A module of its own, holding no parser, so that the session can let it go without loading the
 * importers.
 */
import type { ReadContext } from './common';

export interface Prepared {
  key: string;
  ctx: ReadContext;
  /** The entries as JSON lines, deflated a batch at a time: a 50,000-entry export takes some 40 MB kept this way. */
  batches: Buffer[];
  expires: NodeJS.Timeout;
}

let prepared: Prepared | null = null;
const PREPARED_MS = 10 * 60_000;

/** Keeps what a preview read (replacing anything kept before). */
export function keepPrepared(key: string, ctx: ReadContext, batches: Buffer[]): void {
  forgetPreparedImport();
  prepared = { key, ctx, batches, expires: setTimeout(forgetPreparedImport, PREPARED_MS).unref() };
}

/** Takes what was kept, if anything: it is then no longer kept. */
export function takePrepared(): Prepared | null {
  const kept = prepared;
  forgetPreparedImport();
  return kept;
}

/** Lets go of what the last preview kept, if anything. */
export function forgetPreparedImport(): void {
  if (prepared) clearTimeout(prepared.expires);
  prepared = null;
}

/** Whether a preview's reading is kept (tests). */
export function hasPreparedImport(): boolean {
  return prepared !== null;
}
