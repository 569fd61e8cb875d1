/**
 * The command's own failures and exit codes. Nothing here loads the journal code (SQLite, Argon2,
 * zod), so `mutual --help` and usage errors answer without it; failures from the journal are
 * described by failure.ts, loaded only when one happens.
 */
import type { ErrorCode } from '../shared/result';

/** The command line itself was wrong (unknown option, missing argument, missing variable): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The person pressed Ctrl-C and the command stopped before changing anything: exit 130, as shells do. */
export class Interrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

export const EXIT = { ok: 0, other: 1, usage: 2, wrongSecret: 3, damaged: 4, interrupted: 130 } as const;

export function exitCodeFor(code: ErrorCode): number {
  if (code === 'WRONG_PASSPHRASE' || code === 'WRONG_RECOVERY_CODE') return EXIT.wrongSecret;
  if (code === 'VAULT_DAMAGED') return EXIT.damaged;
  return EXIT.other;
}

export interface Failure {
  exitCode: number;
  message: string;
}

/** A usage error or Ctrl-C as an exit code and one line; null for any other failure (see failure.ts). */
export function describeOwnFailure(error: unknown): Failure | null {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, message: oneLine(error.message) };
  if (error instanceof Interrupted) return { exitCode: EXIT.interrupted, message: oneLine(error.message) };
  return null;
}

/**
 * One line for stderr. Messages can quote what an imported file holds (a date that is not one), so
 * control characters go too: an escape sequence in a file must not reach the terminal.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
}
