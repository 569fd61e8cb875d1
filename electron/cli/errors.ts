import { toErrorResult } from '../core/api';
import type { ErrorCode } from '../shared/result';

/** The command line itself was wrong (unknown option, missing argument, missing variable): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, other: 1, usage: 2, wrongSecret: 3, damaged: 4 } as const;

export function exitCodeFor(code: ErrorCode): number {
  if (code === 'WRONG_PASSPHRASE' || code === 'WRONG_RECOVERY_CODE') return EXIT.wrongSecret;
  if (code === 'VAULT_DAMAGED') return EXIT.damaged;
  return EXIT.other;
}

/** Any failure as an exit code and one line for stderr: never a stack, never SQL. */
export function describeFailure(error: unknown): { exitCode: number; message: string } {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, message: oneLine(error.message) };
  const { code, message } = toErrorResult(error).error;
  return { exitCode: exitCodeFor(code), message: oneLine(message) };
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
