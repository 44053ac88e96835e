/**
 * The crypto suite a deployment runs under (docs/decisions.md §9): `aes` (AES-256-GCM and
 * SHA-256, the default) or `sm` (SM4 and SM3, the national algorithms, for a county whose
 * commercial-cryptography assessment 密评 / GB/T 39786 requires them). The suite decides
 * what NEW data is sealed and hashed with; everything sealed or hashed records its own
 * algorithm, so data from before a switch still opens and verifies.
 */
import type { HashAlgorithm } from '../../domain/events';
import { aesGcm } from './aesGcm';
import type { Cipher, CipherId } from './cipher';
import { sm4CtrHmacSm3 } from './sm4CtrHmacSm3';

export type CryptoSuiteName = 'aes' | 'sm';

export interface CryptoSuite {
  name: CryptoSuiteName;
  /** Seals Temporal payloads and column values. */
  cipher: CipherId;
  /** Chains new events in the log. */
  hashAlgorithm: HashAlgorithm;
}

export const CRYPTO_SUITES: Readonly<Record<CryptoSuiteName, CryptoSuite>> = {
  aes: { name: 'aes', cipher: 'AES256GCM', hashAlgorithm: 'sha256' },
  sm: { name: 'sm', cipher: 'SM4CTR-HMACSM3', hashAlgorithm: 'sm3' },
};

const CIPHERS: Readonly<Record<CipherId, Cipher>> = { AES256GCM: aesGcm, 'SM4CTR-HMACSM3': sm4CtrHmacSm3 };

export function cipherOf(id: CipherId): Cipher {
  return CIPHERS[id];
}

export class CryptoConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoConfigError';
  }
}

/** `CADREFLOW_CRYPTO`: unset or empty is the default `aes`; anything else but `sm` is refused. */
export function parseCryptoSuite(value: string | undefined): CryptoSuiteName {
  if (value === undefined || value === '') return 'aes';
  if (value === 'aes' || value === 'sm') return value;
  throw new CryptoConfigError(
    `CADREFLOW_CRYPTO: expected "aes" (AES-256-GCM, SHA-256) or "sm" (SM4, SM3), got "${value}" / 应为 aes 或 sm`,
  );
}
