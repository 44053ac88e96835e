/**
 * The side effects of ballot tokens (domain/ballots/ballotToken.ts is the format): the
 * operating system's CSPRNG for the 128 bits, and the hash the database keeps instead of
 * the token. The hash has no salt: a token is 128 random bits, so nobody can run a
 * dictionary against it, and a lookup must find the row from the token alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Digest } from '../../domain/ballots/ballotChain';
import { encodeToken, TOKEN_BYTES, tokenHashInput } from '../../domain/ballots/ballotToken';
import type { HashAlgorithm } from '../../domain/events';

export const newToken = (): string => encodeToken(randomBytes(TOKEN_BYTES));

export const digestOf =
  (algorithm: HashAlgorithm): Digest =>
  (text) =>
    createHash(algorithm).update(text, 'utf8').digest('hex');

/** What `ballot_tokens.token_hash` holds for a token issued under `algorithm`. */
export const tokenHash = (token: string, algorithm: HashAlgorithm): string => digestOf(algorithm)(tokenHashInput(token));

/** Every hash a token may be stored under: the session's algorithm is known only once the row is found. */
export const tokenHashes = (token: string): string[] => [tokenHash(token, 'sha256'), tokenHash(token, 'sm3')];
