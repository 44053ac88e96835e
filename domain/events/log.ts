/**
 * The log's own vocabulary: every event it can hold (the core's and each procedure's,
 * joined through domain/procedureEvents.ts), its metadata, an event as stored, and the
 * placeholders for the times a workflow cannot know. Apart from events/core.ts so that
 * the procedures' event files, which name core types, are not part of the union's file.
 */
import type { Actor } from '../actors';
import type { ProcedureEvent } from '../procedureEvents';
import type { CoreEvent } from './core';

/** Every event the log can hold: the core's and each procedure's. */
export type DomainEvent = CoreEvent | ProcedureEvent;

export type DomainEventType = DomainEvent['type'];

/** Who and what caused an event; stored beside it, covered by the hash chain. */
export interface EventMetadata {
  actor?: Actor;
  workflowId?: string;
  runId?: string;
  /** The step (or update id) that caused the event. */
  causationId?: string;
  policyVersion?: string;
}

/** What an activity asks the event store to append. */
export interface EventToAppend {
  streamId: string;
  event: DomainEvent;
  metadata: EventMetadata;
}

/** An event as stored in the log. */
export interface RecordedEvent {
  position: bigint;
  streamId: string;
  streamVersion: number;
  type: DomainEventType;
  data: DomainEvent['data'];
  metadata: EventMetadata;
  idempotencyKey: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
  /** What `hash` was computed with; absent (events and archives from before the choice existed) means sha256. */
  hashAlgorithm?: HashAlgorithm;
}

/** The hash chain's functions (activities/hashChain.ts): SHA-256, or SM3 under the national crypto suite. */
export type HashAlgorithm = 'sha256' | 'sm3';

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/**
 * Workflow code has no clock of its own that it may read, so a time it cannot know is
 * written as a placeholder and filled by the append activity with the time the Temporal
 * server scheduled the step (the same clock that drives the workflow's timers):
 * APPEND_TIME becomes an ISO instant, APPEND_DATE that instant's day in Asia/Shanghai.
 */
export const APPEND_TIME = '@append-time';
export const APPEND_DATE = '@append-date';

export function stampAppendTime<E extends DomainEvent>(event: E, iso: string, day: string): E {
  const data: Record<string, unknown> = { ...event.data };
  for (const [key, value] of Object.entries(data)) {
    if (value === APPEND_TIME) data[key] = iso;
    else if (value === APPEND_DATE) data[key] = day;
  }
  return { ...event, data } as E;
}
