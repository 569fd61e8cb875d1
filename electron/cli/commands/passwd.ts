import { Vault } from '../../core/vault/vault';
import { parseCommandArgs } from '../args';
import type { Io } from '../io';
import { askNewPassphrase, askPassphrase, ENV, newPassphraseEarly } from '../secrets';
import { requireJournal, resolveVaultDir } from '../vaultDir';

export async function passwd(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('passwd', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  requireJournal(dir);
  const early = await newPassphraseEarly(io, ENV.newPassphrase);
  const current = await askPassphrase(io, 'Current passphrase: ');
  // Unlocking proves the current passphrase before anyone is asked to choose a new one.
  const vault = await Vault.unlock(dir, current);
  try {
    const next = early ?? (await askNewPassphrase(io, ENV.newPassphrase));
    await vault.changePassphrase(current, next);
  } finally {
    vault.lock();
  }
  io.stdout.write('Your passphrase is changed. Your recovery code still works.\n');
  return 0;
}
