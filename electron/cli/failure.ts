/**
 * Any failure as an exit code and one line for stderr: never a stack, never SQL. Errors from the
 * journal are worded exactly as the handler table words them for the app (toErrorResult).
 * Loaded by run.ts only when a command fails, since it brings the journal code with it.
 */
import { toErrorResult } from '../core/handlers';
import type { Failure } from './errors';
import { describeOwnFailure, exitCodeFor, oneLine } from './errors';

export function describeFailure(error: unknown): Failure {
  const own = describeOwnFailure(error);
  if (own) return own;
  const { code, message } = toErrorResult(error).error;
  return { exitCode: exitCodeFor(code), message: oneLine(message) };
}
