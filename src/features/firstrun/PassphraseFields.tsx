/**
 * "Passphrase" and "Confirm passphrase" with live strength feedback. Used by First run, recovery
 * and changing the passphrase, so every new passphrase meets the same minimum.
 */
import { useEffect, useId, useState } from 'react';
import { loadStrengthChecker, MIN_PASSPHRASE_LENGTH, MIN_SCORE, type Strength } from './strength';

export interface PassphraseValue {
  passphrase: string;
  confirm: string;
  strength: Strength | null;
}

/** Null when the new passphrase may be used, else what to fix, in plain words. */
export function passphraseProblem(value: PassphraseValue): string | null {
  if (value.passphrase.length < MIN_PASSPHRASE_LENGTH)
    return `Use at least ${MIN_PASSPHRASE_LENGTH} characters — a few words you will remember work well.`;
  if (value.strength && value.strength.score < MIN_SCORE) return `This passphrase would be easy to guess. ${value.strength.advice}`;
  if (value.passphrase !== value.confirm) return 'The two passphrases are not the same.';
  return null;
}

/**
 * The fields report patches, never whole values: the strength arrives asynchronously, and a whole
 * value built from an older render would undo a keystroke made in between.
 */
export function PassphraseFields(props: {
  value: PassphraseValue;
  onChange: (patch: Partial<PassphraseValue>) => void;
  label?: string;
  confirmLabel?: string;
  disabled?: boolean;
}) {
  const { value, onChange } = props;
  const id = useId();
  const [show, setShow] = useState(false);
  const [checker, setChecker] = useState<((p: string) => Strength) | null>(null);

  useEffect(() => {
    let live = true;
    loadStrengthChecker().then(
      (c) => live && setChecker(() => c),
      () => undefined, // without the estimator, the length minimum still applies
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!checker) return;
    const strength = value.passphrase ? checker(value.passphrase) : null;
    if (strength?.score !== value.strength?.score || strength?.advice !== value.strength?.advice) onChange({ strength });
  }, [checker, value, onChange]);

  const strength = value.passphrase ? value.strength : null;
  const tooShort = value.passphrase.length > 0 && value.passphrase.length < MIN_PASSPHRASE_LENGTH;

  return (
    <div className="passphrase-fields">
      <div className="field">
        <label htmlFor={`${id}-p`}>{props.label ?? 'Passphrase'}</label>
        <input
          id={`${id}-p`}
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={value.passphrase}
          disabled={props.disabled}
          aria-describedby={`${id}-strength`}
          onChange={(e) => onChange({ passphrase: e.target.value })}
        />
        <div id={`${id}-strength`} className="strength" aria-live="polite">
          {strength ? (
            <>
              <span className={`strength-bar score-${strength.score}`} aria-hidden="true">
                <span />
                <span />
                <span />
                <span />
              </span>
              <span className="strength-label">
                Strength: {strength.label}.{tooShort ? ` Use at least ${MIN_PASSPHRASE_LENGTH} characters.` : ''} {strength.score < 3 ? strength.advice : ''}
              </span>
            </>
          ) : (
            <span className="quiet">At least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.</span>
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-c`}>{props.confirmLabel ?? 'Confirm passphrase'}</label>
        <input
          id={`${id}-c`}
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={value.confirm}
          disabled={props.disabled}
          onChange={(e) => onChange({ confirm: e.target.value })}
        />
      </div>
      <div className="field checkbox">
        <input id={`${id}-show`} type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} />
        <label htmlFor={`${id}-show`}>Show what I type</label>
      </div>
    </div>
  );
}
