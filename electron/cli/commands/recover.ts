import { normalizeRecoveryCode } from '../../core/vault/recoveryCode';
import { Vault } from '../../core/vault/vault';
import { MutualError } from '../../shared/result';
import { parseCommandArgs } from '../args';
import type { Io } from '../io';
import { askNewPassphrase, askSecret, ENV, newPassphraseEarly } from '../secrets';
import { requireJournal, resolveVaultDir } from '../vaultDir';

export async function recover(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('recover', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  requireJournal(dir);
  const early = await newPassphraseEarly(io, ENV.newPassphrase);
  const code = await askSecret(io, ENV.recoveryCode, 'Your recovery code', 'Recovery code: ');
  // A code that cannot be one is refused before anyone types a new passphrase for it.
  if (!normalizeRecoveryCode(code)) throw new MutualError('WRONG_RECOVERY_CODE');
  const next = early ?? (await askNewPassphrase(io, ENV.newPassphrase));
  const vault = await Vault.recover(dir, code, next);
  vault.lock();
  io.stdout.write('Your journal has a new passphrase. Your recovery code still works; keep it somewhere safe.\n');
  return 0;
}
