/**
 * A ballot token (投票码): 128 random bits written in Crockford's base32 — digits and
 * capital letters without I, L, O and U, so nothing read off a printed sheet is
 * ambiguous. 26 characters; the first carries only 3 bits, so it is 0–7. The bits
 * come from the caller (client/ballots/tokens.ts uses the operating system's CSPRNG):
 * the domain stays pure. Guessing one issued token among a million takes about 2^108
 * tries. The system stores only a hash of a token (docs/ballots.md), never the token.
 */
import { BallotRefusal } from './ballotRefusal';

export const TOKEN_BYTES = 16;
export const TOKEN_LENGTH = 26;
export const TOKEN_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The token of 16 random bytes. */
export function encodeToken(bytes: Uint8Array): string {
  if (bytes.length !== TOKEN_BYTES) throw new RangeError(`a token is ${TOKEN_BYTES} bytes, got ${bytes.length}`);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < TOKEN_LENGTH; i++) {
    out = TOKEN_ALPHABET[Number(n & 31n)]! + out;
    n >>= 5n;
  }
  return out;
}

/**
 * A token as typed or scanned: case and hyphens or spaces between groups do not matter,
 * and O, I, L read as 0, 1, 1 (Crockford's rule) so a hand-copied code still works.
 * Anything else is refused, before any lookup.
 */
export function parseToken(raw: unknown): string {
  const refuse = () => new BallotRefusal('bad-token', '投票码无效', 'this is not a ballot token');
  if (typeof raw !== 'string' || raw.length > 64) throw refuse();
  const s = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== TOKEN_LENGTH || ![...s].every((c) => TOKEN_ALPHABET.includes(c)) || s[0]! > '7') throw refuse();
  return s;
}

/** The text hashed for the stored token: the purpose first, so it never equals another hash in the system. */
export const tokenHashInput = (token: string): string => `cadreflow-ballot-token\n${token}`;
