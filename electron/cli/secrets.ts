/**
 * Passphrases and recovery codes come from an environment variable or, on a terminal, a hidden
 * prompt. Without a terminal there is no one to ask, so a missing variable is a usage error that
 * names the variable to set.
 */
import { contract, MAX_PASSPHRASE_LENGTH } from '../shared/contract';
import { MutualError } from '../shared/result';
import { UsageError } from './errors';
import type { Io } from './io';
import { readHidden } from './io';

export const ENV = {
  passphrase: 'MUTUAL_PASSPHRASE',
  newPassphrase: 'MUTUAL_NEW_PASSPHRASE',
  recoveryCode: 'MUTUAL_RECOVERY_CODE',
  vault: 'MUTUAL_VAULT',
} as const;

type SecretVariable = (typeof ENV)[Exclude<keyof typeof ENV, 'vault'>];

const ATTEMPTS = 3;

function fromEnv(io: Io, variable: SecretVariable): string | null {
  const value = io.env[variable];
  // An empty variable is treated as unset: `MUTUAL_PASSPHRASE= mutual list` should ask, not fail.
  return value ? value : null;
}

function needTerminal(io: Io, variable: SecretVariable, what: string): void {
  if (!io.stdin.isTTY) throw new UsageError(`${what} is needed: set ${variable}, or run mutual in a terminal to be asked for it.`);
}

/** An existing secret (the current passphrase, a recovery code). */
export async function askSecret(io: Io, variable: SecretVariable, what: string, question: string): Promise<string> {
  const value = fromEnv(io, variable);
  if (value !== null) return value;
  needTerminal(io, variable, what);
  const answer = await readHidden(io, question);
  if (!answer) throw new MutualError('BAD_INPUT', `No ${what.toLowerCase()} was typed, so nothing was changed.`);
  return answer;
}

export function askPassphrase(io: Io, question = 'Passphrase: '): Promise<string> {
  return askSecret(io, ENV.passphrase, 'Your passphrase', question);
}

/** Why this new passphrase cannot be used, or null (the contract's own rule, as the app applies it). */
export function newPassphraseProblem(passphrase: string): string | null {
  const parsed = contract['vault.create'].input.safeParse({ passphrase });
  if (parsed.success) return null;
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) return `A passphrase can be at most ${MAX_PASSPHRASE_LENGTH} characters.`;
  const message = parsed.error.issues[0]?.message ?? 'that passphrase cannot be used';
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

/**
 * A passphrase being set (init, passwd, recover): from the variable, checked once; on a terminal,
 * typed twice, with a few tries to get it right.
 */
export async function askNewPassphrase(io: Io, variable: SecretVariable): Promise<string> {
  const value = fromEnv(io, variable);
  if (value !== null) {
    const problem = newPassphraseProblem(value);
    if (problem) throw new MutualError('BAD_INPUT', `${problem} Set ${variable} to a longer one; nothing was changed.`);
    return value;
  }
  needTerminal(io, variable, 'A new passphrase');
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const first = await readHidden(io, 'New passphrase: ');
    const problem = newPassphraseProblem(first);
    if (problem) {
      io.stderr.write(`${problem}\n`);
      continue;
    }
    const second = await readHidden(io, 'Type it again: ');
    if (first === second) return first;
    io.stderr.write('The two did not match.\n');
  }
  throw new MutualError('BAD_INPUT', 'No new passphrase was set, so nothing was changed.');
}

/**
 * When the new passphrase comes from the environment (or cannot be asked for at all), it is read
 * and checked before anything slow happens; on a terminal it is asked later, in its natural place.
 */
export async function newPassphraseEarly(io: Io, variable: SecretVariable): Promise<string | null> {
  if (fromEnv(io, variable) !== null || !io.stdin.isTTY) return askNewPassphrase(io, variable);
  return null;
}
