import crypto from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';

// @node-rs/argon2 declares Algorithm as a const enum, which isolated modules cannot read; 2 is Argon2id.
const ARGON2ID = 2;

export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** ARCHITECTURE.md, "The vault and its keys": Argon2id, 64 MiB, t=3, p=1 (about 170 ms here). */
export const ARGON2_DEFAULTS: Argon2Params = { memoryKiB: 65536, iterations: 3, parallelism: 1 };

/** AES-256-GCM with a 96-bit IV and the full 128-bit tag; a shorter tag would be easier to forge. */
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export interface Sealed {
  iv: string;
  ciphertext: string;
  tag: string;
}

export async function passphraseKey(passphrase: string, salt: Buffer, params: Argon2Params): Promise<Buffer> {
  // NFC so the same passphrase typed on another keyboard layout or OS still opens the journal.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    return await hashRaw(secret, {
      algorithm: ARGON2ID,
      memoryCost: params.memoryKiB,
      timeCost: params.iterations,
      parallelism: params.parallelism,
      outputLen: 32,
      salt,
    });
  } finally {
    // The passphrase arrives as a string (typed, sent as JSON), which cannot be wiped; this copy can.
    secret.fill(0);
  }
}

/** Recovery codes carry 160 random bits, so a fast KDF is enough; HKDF binds the key to this vault's salt. */
export function recoveryKey(normalizedCode: string, salt: Buffer): Buffer {
  const secret = Buffer.from(normalizedCode, 'ascii');
  try {
    return Buffer.from(crypto.hkdfSync('sha256', secret, salt, 'mutual recovery key v1', 32));
  } finally {
    secret.fill(0);
  }
}

export function seal(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = crypto.randomBytes(GCM_IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/**
 * The plaintext, or null when the key is wrong or anything sealed (including the AAD) was altered.
 * Without `authTagLength`, GCM accepts a tag cut down to 4 bytes, which one could forge by trying;
 * the key file schema refuses such a wrap as damaged first, and this refuses it again.
 */
export function open(key: Buffer, sealed: Sealed, aad: string): Buffer | null {
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}
