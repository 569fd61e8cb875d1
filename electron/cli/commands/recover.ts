import { normalizeRecoveryCode } from '../../core/vault/recoveryCode';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import type { Io } from '../io';
import { requireJournal, withJournal } from '../journal';
import { askNewPassphrase, askSecret, ENV, newPassphraseEarly } from '../secrets';
import { resolveVaultDir } from '../vaultDir';

export async function recover(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('recover', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  await withJournal(dir, async (journal) => {
    await requireJournal(journal);
    const early = await newPassphraseEarly(io, ENV.newPassphrase);
    const typed = await askSecret(io, ENV.recoveryCode, 'Your recovery code', 'Recovery code: ');
    // A code that cannot be one is refused before anyone types a new passphrase for it.
    const recoveryCode = normalizeRecoveryCode(typed);
    if (!recoveryCode) throw new MutualError('WRONG_RECOVERY_CODE');
    const newPassphrase = early ?? (await askNewPassphrase(io, ENV.newPassphrase));
    await journal.call('vault.recover', { recoveryCode, newPassphrase });
  });
  io.stdout.write('Your journal has a new passphrase. Your recovery code still works; keep it somewhere safe.\n');
  return 0;
}
