/** New passphrases: the screens enforce the same minimum as the journal, plus a strength floor. */
import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH as contractMinimum } from '../../../electron/shared/contract';
import { MIN_PASSPHRASE_LENGTH, loadStrengthChecker } from '../../../src/features/firstrun/strength';
import { passphraseProblem } from '../../../src/features/firstrun/PassphraseFields';

describe('new passphrase rules', () => {
  it('uses the contract minimum', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(contractMinimum);
  });

  it('refuses short, guessable or mismatched passphrases and accepts a good one', async () => {
    const check = await loadStrengthChecker();
    const value = (passphrase: string, confirm = passphrase) => ({ passphrase, confirm, strength: check(passphrase) });
    expect(passphraseProblem(value('short'))).toMatch(/at least 10 characters/);
    expect(passphraseProblem(value('password123'))).toMatch(/easy to guess/);
    expect(passphraseProblem(value('aaaaaaaaaaaa'))).toMatch(/easy to guess/);
    expect(passphraseProblem(value('quiet harbour lantern 42', 'quiet harbour lantern 43'))).toMatch(/not the same/);
    expect(passphraseProblem(value('quiet harbour lantern 42'))).toBeNull();
    expect(check('quiet harbour lantern 42').score).toBeGreaterThanOrEqual(3);
  });
});
