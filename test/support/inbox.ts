/**
 * Tasks for the inbox's API suites, appended through the event store as a case's workflow
 * appends them (its projections fold them in the same transaction); no workflow runs.
 */
import type { DomainEvent } from '../../domain/events';
import { appendToStream } from '../../activities/eventStore';
import type { DB } from '../../schema/db';

/** A township-committee task of `caseId` at `step`, due at `dueAt`. */
export function openedTask(caseId: string, townshipId: string, step: string, dueAt: string): DomainEvent {
  return {
    type: 'TaskOpened',
    data: {
      caseId,
      taskId: `${caseId}:${step}`,
      step,
      title: `考察 ${step}`,
      role: 'township-committee',
      orgUnitId: townshipId,
      townshipId,
      openedAt: '2026-12-01T02:00:00.000Z',
      remindAt: '2026-12-04T01:00:00.000Z',
      dueAt,
      dueWorkingDays: 5,
    },
  };
}

/** Appends events to a case's own stream, as its workflow would (first append: version 0). */
export async function appendCaseEvents(db: DB, caseId: string, events: DomainEvent[], expectedVersion = 0, key = 'open'): Promise<void> {
  await appendToStream(db, {
    streamId: caseId,
    expectedVersion,
    idempotencyKey: `${caseId}:${key}`,
    events: events.map((event) => ({ event, metadata: { workflowId: caseId, causationId: 'test' } })),
  });
}
