/**
 * The one error vocabulary of Mutual. Every failure that reaches a person (through IPC, the web
 * host or the `mutual` command) carries one of these codes and a message that says what happened
 * and what they can do. Stacks and SQL never leave the process that produced them.
 */
export const errorCodes = [
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_CODE',
  'VAULT_DAMAGED',
  'VAULT_FROM_NEWER_VERSION',
  'VAULT_LOCKED',
  'VAULT_IN_USE',
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'BAD_INPUT',
  'NOT_FOUND',
  'DISK_FULL',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Default wording for each code; call sites may give a more specific message. */
export const defaultMessages: Record<ErrorCode, string> = {
  WRONG_PASSPHRASE: 'That passphrase does not open this journal. Check it and try again, or use your recovery code.',
  WRONG_RECOVERY_CODE: 'That recovery code does not open this journal. Check each group of characters and try again.',
  VAULT_DAMAGED: 'This journal file looks damaged, so Mutual will not change it. Keep the folder as it is and restore from a backup if you have one.',
  VAULT_FROM_NEWER_VERSION: 'This journal was written by a newer version of Mutual. Update Mutual to open it; nothing was changed.',
  VAULT_LOCKED: 'The journal is locked. Unlock it with your passphrase first.',
  VAULT_IN_USE: 'This journal is open in another Mutual window or command. Close it there and try again.',
  VAULT_NOT_FOUND: 'No journal was found in this folder. Create one first, or choose the folder where your journal lives.',
  VAULT_EXISTS: 'A journal already exists in this folder; Mutual will not overwrite it.',
  BAD_INPUT: 'Mutual could not use that input. Check it and try again.',
  NOT_FOUND: 'That item no longer exists. It may have been deleted.',
  DISK_FULL: 'The disk is full, so nothing new could be written. Free some space and try again; nothing already saved was lost.',
  INTERNAL: 'Something went wrong inside Mutual. Your journal was not changed by this failure; try again.',
};

/** A failure with a code a person can act on. Thrown inside core, turned into a Result at the edge. */
export class MutualError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? defaultMessages[code], options);
    this.name = 'MutualError';
    this.code = code;
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message?: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message: message ?? defaultMessages[code] } };
}

export function isMutualError(e: unknown): e is MutualError {
  return e instanceof MutualError;
}
