/**
 * A cipher of the crypto suite: authenticated encryption of bytes under one 32-byte key.
 * `aad` (additional authenticated data) is not encrypted but is covered by the tag, so a
 * sealed value cannot be moved to another context (another key id, cipher or column)
 * without being refused.
 *
 * The ids are what sealed data records (payload metadata, column ciphertext, the keyring
 * file), so a value always says which cipher opens it.
 */
export type CipherId = 'AES256GCM' | 'SM4CTR-HMACSM3';

export const CIPHER_IDS: readonly CipherId[] = ['AES256GCM', 'SM4CTR-HMACSM3'];

/** Every key of every cipher is 32 random bytes, so keyrings hold one kind of secret. */
export const KEY_BYTES = 32;

export interface Cipher {
  id: CipherId;
  seal(key: Buffer, plain: Uint8Array, aad?: Uint8Array): Buffer;
  /** Throws `SealedDataError` when the key, the ciphertext, the tag or the aad do not match. */
  open(key: Buffer, sealed: Uint8Array, aad?: Uint8Array): Buffer;
}

/** Sealed data that does not open: wrong key, tampered bytes, or not sealed data at all. */
export class SealedDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedDataError';
  }
}

export function isCipherId(value: unknown): value is CipherId {
  return typeof value === 'string' && (CIPHER_IDS as readonly string[]).includes(value);
}
