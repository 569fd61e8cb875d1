/** The journal's own messages, placed beside the field they are about when they name one. */

/**
 * The journal names the refused input in brackets ("Mutual could not use that input (out): use a
 * full path, like …"); such a message belongs beside that field.
 */
export function fieldProblem(error: { code: string; message: string } | null | undefined, key: string): string | null {
  if (!error || error.code !== 'BAD_INPUT') return null;
  return error.message.includes(`(${key})`) ? error.message : null;
}

export function otherProblem(error: { code: string; message: string } | null | undefined): string {
  const message = error?.message?.trim() || 'Something went wrong inside Mutual.';
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
