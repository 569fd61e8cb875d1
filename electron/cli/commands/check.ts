import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import { oneLine } from '../errors';
import type { Io } from '../io';
import { withUnlocked } from '../journal';
import { resolveVaultDir } from '../vaultDir';

export async function check(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('check', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  // Unlocked through the handler table like every command; the table has no integrity check (the
  // app never runs one), so this one call goes to the open vault itself: checking is all this
  // command is for.
  const problems = await withUnlocked(io, dir, (journal) => journal.session.current.checkIntegrity());
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new MutualError(
      'VAULT_DAMAGED',
      `The journal in ${dir} failed its integrity check: ${oneLine(problems[0]!)}${more}. Mutual changed nothing; keep the folder as it is and restore from a backup if you have one.`,
    );
  }
  io.stdout.write(`The passphrase opens the journal in ${dir}, and it passed every integrity check.\n`);
  return 0;
}
