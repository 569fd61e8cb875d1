import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import type { Io } from '../io';
import { withJournal } from '../journal';
import { askNewPassphrase, ENV } from '../secrets';
import { resolveVaultDir } from '../vaultDir';

export async function init(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('init', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  const { recoveryCode } = await withJournal(dir, async (journal) => {
    // Checked before asking, so no one invents a passphrase for a folder that is already taken.
    const { state } = await journal.call('vault.status', {});
    if (state !== 'new') throw new MutualError('VAULT_EXISTS', `A journal already exists in ${dir}; Mutual will not overwrite it.`);
    const passphrase = await askNewPassphrase(io, ENV.passphrase);
    return journal.call('vault.create', { passphrase });
  });
  io.stdout.write(
    [
      `Created a new journal in ${dir}.`,
      '',
      `Recovery code: ${recoveryCode}`,
      '',
      'Write this recovery code down and keep it somewhere safe, away from this computer. If you forget your passphrase, it is the only way back into your journal; Mutual will not show it again.',
      '',
    ].join('\n'),
  );
  return 0;
}
