import crypto from 'node:crypto';

/**
 * Recovery codes: 160 random bits written in Crockford base32 as eight groups of four characters
 * (e.g. `7KQ2-M9XD-…`). Crockford's alphabet has no I, L, O or U, and reading is forgiving:
 * case, spaces and dashes are ignored and the look-alikes O→0, I/L→1 are accepted.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_BYTES = 20;
const CODE_CHARS = 32;

export function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(CODE_BYTES);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  bytes.fill(0);
  return out.match(/.{4}/g)!.join('-');
}

/** The canonical form of what a person typed, or null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_CHARS) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}
