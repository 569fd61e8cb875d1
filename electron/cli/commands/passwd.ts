import { parseCommandArgs } from '../args';
import type { Io } from '../io';
import { requireJournal, unlock, withJournal } from '../journal';
import { askNewPassphrase, askPassphrase, ENV, newPassphraseEarly } from '../secrets';
import { resolveVaultDir } from '../vaultDir';

export async function passwd(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('passwd', args, {}, { min: 0, max: 0 });
  const dir = resolveVaultDir(io, values.vault);
  await withJournal(dir, async (journal) => {
    await requireJournal(journal);
    const early = await newPassphraseEarly(io, ENV.newPassphrase);
    const current = await askPassphrase(io, 'Current passphrase: ');
    // Unlocking proves the current passphrase before anyone is asked to choose a new one.
    await unlock(journal, current);
    const next = early ?? (await askNewPassphrase(io, ENV.newPassphrase));
    await journal.call('vault.changePassphrase', { current, next });
  });
  io.stdout.write('Your passphrase is changed. Your recovery code still works.\n');
  return 0;
}
