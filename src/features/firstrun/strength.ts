/**
 * Passphrase strength from @zxcvbn-ts, loaded only when someone is choosing a passphrase (its
 * dictionaries are large and the unlock screen does not need them).
 */
export interface Strength {
  /** 0 (very easy to guess) … 4 (very hard) */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  advice: string;
}

/**
 * The contract's minimum (contract.ts pulls in zod, which the renderer does not bundle; a unit
 * test keeps the two equal). The journal refuses shorter passphrases anyway.
 */
export const MIN_PASSPHRASE_LENGTH = 10;
/** Below this zxcvbn score a new passphrase is refused as too easy to guess. */
export const MIN_SCORE = 2;

type Checker = (passphrase: string) => Strength;
let loading: Promise<Checker> | null = null;

const labels = ['Very easy to guess', 'Easy to guess', 'Fair', 'Strong', 'Very strong'] as const;

export function loadStrengthChecker(): Promise<Checker> {
  loading ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
    return (passphrase: string): Strength => {
      const result = zxcvbn.check(passphrase.slice(0, 256));
      const score = result.score as Strength['score'];
      const advice =
        result.feedback.warning ||
        result.feedback.suggestions[0] ||
        (score >= 3 ? 'Good: long and hard to guess.' : 'Add another word or two that belong together only for you.');
      return { score, label: labels[score], advice };
    };
  })();
  return loading;
}
