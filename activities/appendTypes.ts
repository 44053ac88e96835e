/**
 * The append's input, result, options and the conflict it throws (docs/decisions.md §3),
 * apart from activities/eventStore.ts so that the one-call append (appendCall.ts) and the
 * group commit (appendWriter.ts) share them without importing the store.
 */
import type { DomainEvent, EventMetadata, HashAlgorithm } from '../domain/events';

export interface AppendInput {
  streamId: string;
  /** The stream's current version (its number of events); 0 = the stream must not exist yet. */
  expectedVersion: number | 'any';
  /** Derived from the workflow id and the step, so a retried activity reuses it. */
  idempotencyKey: string;
  events: Array<{ event: DomainEvent; metadata: EventMetadata }>;
}

export interface AppendResult {
  streamId: string;
  /** Decimal strings: positions are int8 and must survive JSON (Temporal payloads). */
  firstPosition: string;
  lastPosition: string;
  /** The stream's version after this append — the `expectedVersion` for the next one. */
  nextVersion: number;
  /** True when this key was appended before: nothing was written, the first result is returned. */
  duplicate: boolean;
}

export interface AppendOptions {
  /** Where `recorded_at` comes from; tests fix it to get reproducible hashes. */
  clock?: () => Date;
  /** What new events are hashed with (the crypto suite's, client/crypto/suite.ts); default `sha256`. */
  hashAlgorithm?: HashAlgorithm;
}

export class StreamVersionConflictError extends Error {
  override readonly name = 'StreamVersionConflictError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, but the append expected version ${expectedVersion}`);
  }
}
