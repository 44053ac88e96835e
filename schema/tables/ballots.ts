/**
 * Online ballot sessions (migration 0026, docs/ballots.md). Not read models: the ballots
 * are the record itself, chained per session, so `rebuildReadModels` never touches them.
 * Triggers refuse what the types below refuse too: a ballot row never changes, a token
 * only goes from issued to used or voided, a session's definition never changes.
 */
import type { ColumnType } from 'kysely';
import type { BallotSessionDefinition } from '../../domain/ballots/sessionDefinition';
import type { HashAlgorithm } from '../../domain/events';

type Immutable<T, I = T> = ColumnType<T, I, never>;

export type BallotSessionStatus = 'open' | 'closed';
export type BallotTokenStatus = 'issued' | 'used' | 'voided';

export interface BallotSessionsTable {
  session_id: Immutable<string>;
  case_id: Immutable<string>;
  step: Immutable<string>;
  definition: Immutable<BallotSessionDefinition>;
  /** What the session's chain is hashed with: the deployment's suite when it opened. */
  hash_alg: Immutable<HashAlgorithm>;
  status: ColumnType<BallotSessionStatus, BallotSessionStatus | undefined, 'closed'>;
  opened_by: Immutable<string>;
  opened_at: ColumnType<Date, Date | string | undefined, never>;
  /** The deadline of a session that closes itself; null when the chair closes it. */
  closes_at: ColumnType<Date | null, Date | string | null, never>;
  head_position: ColumnType<number, number | undefined, number>;
  head_hash: ColumnType<string, string | undefined, string>;
  closed_by: ColumnType<string | null, never, string>;
  closed_at: ColumnType<Date | null, never, Date | string>;
  /** The tally and the decision it gives the step (client/ballots/service.ts `BallotResult`). */
  result: ColumnType<unknown, never, unknown>;
}

export interface BallotTokensTable {
  /** hex(SHA-256) of domain/ballots/ballotToken.ts `tokenHashInput`; the token itself is never stored. */
  token_hash: Immutable<string>;
  session_id: Immutable<string>;
  /** The rater group; '' when the session has none. */
  group_key: Immutable<string>;
  /** A spare the chair may void (e.g. a misprinted sheet). */
  spare: Immutable<boolean>;
  status: ColumnType<BallotTokenStatus, BallotTokenStatus | undefined, 'used' | 'voided'>;
}

export interface BallotsTable {
  session_id: Immutable<string>;
  position: Immutable<number>;
  group_key: Immutable<string>;
  /** The canonical ballot text the hash covers (domain/ballots/onlineBallot.ts `ballotContentText`). */
  content: Immutable<string>;
  prev_hash: Immutable<string>;
  hash: Immutable<string>;
  receipt: Immutable<string>;
}

export interface BallotTables {
  ballot_sessions: BallotSessionsTable;
  ballot_tokens: BallotTokensTable;
  ballots: BallotsTable;
}
