/**
 * A session's ballots as a hash chain (docs/ballots.md), and the recount anyone can run
 * on the published ballot list: each ballot's hash covers the hash before it, the
 * session, its position, its rater group and its canonical content. The receipt the
 * voter sees is the first 12 hex digits of their ballot's hash: it finds the ballot in
 * the published list, and nobody who printed the tokens can compute it in advance (it
 * depends on every ballot cast before). The hash function is the caller's (SHA-256 or
 * SM3, recorded per session), so this stays pure.
 */
import { readStoredBallot } from './onlineBallot';
import { tallySession, type CountedBallot, type SessionTally } from './sessionTally';
import type { BallotSessionDefinition } from './sessionDefinition';

/** hex(H(text)): 64 hex digits. */
export type Digest = (text: string) => string;

/** The `prev_hash` of a session's first ballot. */
export const BALLOT_GENESIS_HASH = '0'.repeat(64);

export const RECEIPT_LENGTH = 12;

export interface ChainedBallot {
  readonly position: number;
  readonly group: string;
  /** The canonical content text (domain/ballots/onlineBallot.ts `ballotContentText`). */
  readonly content: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly receipt: string;
}

/** The text one link hashes: a JSON array, so no field can run into the next. */
export function ballotLinkText(prevHash: string, sessionId: string, b: Pick<ChainedBallot, 'position' | 'group' | 'content'>): string {
  return JSON.stringify(['cadreflow-ballot', prevHash, sessionId, b.position, b.group, b.content]);
}

export const receiptOf = (hash: string): string => hash.slice(0, RECEIPT_LENGTH);

/** The next link after `head` (null for the first ballot). */
export function chainBallot(
  digest: Digest,
  sessionId: string,
  head: { position: number; hash: string } | null,
  b: { group: string; content: string },
): ChainedBallot {
  const position = (head?.position ?? 0) + 1;
  const prevHash = head?.hash ?? BALLOT_GENESIS_HASH;
  const hash = digest(ballotLinkText(prevHash, sessionId, { position, ...b }));
  return { position, group: b.group, content: b.content, prevHash, hash, receipt: receiptOf(hash) };
}

export type RecountReport =
  | { readonly ok: true; readonly checked: number; readonly head: string; readonly tally: SessionTally }
  | { readonly ok: false; readonly checked: number; readonly firstBadPosition: number; readonly reason: string };

/**
 * Walks a session's ballots in chain order: positions 1, 2, … without gaps, each link
 * to the hash before, each hash recomputed, each receipt the hash's prefix, each
 * content a ballot this session could record, in a group it has; then counts them.
 */
export function recount(digest: Digest, sessionId: string, def: BallotSessionDefinition, ballots: readonly ChainedBallot[]): RecountReport {
  let prevHash = BALLOT_GENESIS_HASH;
  const counted: CountedBallot[] = [];
  const groups = new Set(def.groups.map((g) => g.key));
  const bad = (i: number, reason: string): RecountReport => ({ ok: false, checked: i, firstBadPosition: i + 1, reason });
  for (const [i, b] of ballots.entries()) {
    const position = i + 1;
    if (b.position !== position) return bad(i, `position ${position} is missing (the next ballot is at ${b.position})`);
    if (b.prevHash !== prevHash) return bad(i, `prev_hash of ballot ${position} does not match the hash of the ballot before it`);
    if (digest(ballotLinkText(prevHash, sessionId, b)) !== b.hash) return bad(i, `hash of ballot ${position} does not match its contents`);
    if (b.receipt !== receiptOf(b.hash)) return bad(i, `receipt of ballot ${position} is not its hash's prefix`);
    if (groups.size === 0 ? b.group !== '' : !groups.has(b.group))
      return bad(i, `ballot ${position} names rater group "${b.group}", not one of the session's`);
    const reading = readStoredBallot(def.ballot, b.content);
    if (!reading.ok) return bad(i, `ballot ${position} is not a ballot of this session: ${reading.en}`);
    counted.push({ group: b.group, content: reading.content });
    prevHash = b.hash;
  }
  if (ballots.length > def.due) return bad(def.due, `${ballots.length} ballots for ${def.due} participants due`);
  return { ok: true, checked: ballots.length, head: prevHash, tally: tallySession(def, counted) };
}
