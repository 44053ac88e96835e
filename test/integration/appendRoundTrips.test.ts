/**
 * How many messages an append sends on the pipelining connection (schema/pipeline.ts):
 * `begin`, the `append_events` call and every read of the read models' fold in one, the
 * fold's writes and `commit` in the other. Every procedure's projection folds with the
 * core (PROCEDURE_PROJECTIONS) and adds no message of its own, even when an event is both
 * the core's and its own (a stage change).
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendToStream, type AppendInput } from '../../activities/eventStore';
import type { DomainEvent } from '../../domain/events';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const AT = '2026-03-02T01:00:00.000Z';

function input(caseId: string, expectedVersion: number, step: string, events: DomainEvent[]): AppendInput {
  return {
    streamId: caseId,
    expectedVersion,
    idempotencyKey: `${caseId}:${step}`,
    events: events.map((event) => ({ event, metadata: { workflowId: caseId, causationId: step } })),
  };
}

const caseStarted = (caseId: string, kind: string): DomainEvent =>
  ({
    type: 'CaseStarted',
    data: { caseId, kind, subjectId: 'p-1', townshipId: 'ts-01', policyVersion: '2026.1', startedAt: AT, summary: caseId },
  }) as DomainEvent;

const stageChanged = (caseId: string, stage: string): DomainEvent =>
  ({ type: 'CaseStageChanged', data: { caseId, stage, at: AT } }) as DomainEvent;

/** The messages the driver sends while `append` runs: each is one round trip. */
async function messagesOf(append: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
    if (typeof args[0] === 'string') sent.push(args[0]);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  await append();
  vi.restoreAllMocks();
  return sent;
}

describe('an append on the pipelining connection', () => {
  it('is two round trips for an evaluation case, its own table read with the call and written with the commit', async () => {
    const db = database.db;
    const caseId = 'evaluation/2026/ts-01/p-1';
    const sent = await messagesOf(() =>
      appendToStream(
        db,
        input(caseId, 0, 'start', [
          caseStarted(caseId, 'evaluation'),
          {
            type: 'EvaluationStarted',
            data: {
              caseId,
              roundId: 'round-2026',
              year: 2026,
              personId: 'p-1',
              personName: '张三',
              orgUnitId: 'ou-1',
              townshipId: 'ts-01',
              unitId: 'ou-1',
              unitKind: 'organ',
              at: AT,
            },
          } as DomainEvent,
        ]),
      ),
    );
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin;[\s\S]*append_events[\s\S]*from "evaluation_cadres"/);
    expect(sent[1]).toMatch(/insert into "evaluation_cadres"[\s\S]*commit$/);

    const again = await messagesOf(() => appendToStream(db, input(caseId, 2, 'stage:rated', [stageChanged(caseId, 'rated')])));
    expect(again).toHaveLength(2);
    const row = await db
      .selectFrom('evaluation_cadres')
      .select(['person_name', 'steps_done'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    expect(row).toEqual({ person_name: '张三', steps_done: 0 });
    const stage = await db.selectFrom('cases').select('stage').where('case_id', '=', caseId).executeTakeFirst();
    expect(stage?.stage).toBe('rated');
  });

  it('is two round trips for an election, whose row follows the case’s stage; other cases’ stage changes leave it alone', async () => {
    const db = database.db;
    const caseId = 'election/ts-01/ou-9/2026';
    const requested: DomainEvent = {
      type: 'ElectionRequested',
      data: {
        caseId,
        orgUnitId: 'ou-9',
        townshipId: 'ts-01',
        form: 'village',
        term: '2026-2031',
        seats: 5,
        requestedAt: AT,
        previousAssignments: [],
      },
    } as DomainEvent;
    const first = await messagesOf(() => appendToStream(db, input(caseId, 0, 'start', [caseStarted(caseId, 'election'), requested])));
    expect(first).toHaveLength(2);
    const second = await messagesOf(() => appendToStream(db, input(caseId, 2, 'stage:notice', [stageChanged(caseId, 'notice')])));
    expect(second).toHaveLength(2);
    expect(second[0]).toMatch(/from "elections"/);
    // Another kind of case's stage change does not read the elections.
    const other = 'evaluation/2026/ts-01/p-2';
    await appendToStream(db, input(other, 0, 'start', [caseStarted(other, 'evaluation')]));
    const otherStage = await messagesOf(() => appendToStream(db, input(other, 1, 'stage:rated', [stageChanged(other, 'rated')])));
    expect(otherStage[0]).not.toMatch(/"elections"/);
    const row = await db.selectFrom('elections').select(['stage', 'nominees', 'seats']).where('case_id', '=', caseId).executeTakeFirst();
    expect(row).toEqual({ stage: 'notice', nominees: [], seats: 5 });
    expect(await db.selectFrom('elections').select('case_id').execute()).toEqual([{ case_id: caseId }]);
  });

  it('is two round trips for a selection, a rectification and a member-development case too', async () => {
    const db = database.db;
    for (const caseId of ['selection/ou-3/post-1/2026-03-02', 'rectification/br-4/2026', 'member-development/p-5']) {
      const started = await messagesOf(() => appendToStream(db, input(caseId, 0, 'start', [caseStarted(caseId, caseId.split('/')[0]!)])));
      const staged = await messagesOf(() => appendToStream(db, input(caseId, 1, 'stage:next', [stageChanged(caseId, 'next')])));
      expect([caseId, started.length, staged.length]).toEqual([caseId, 2, 2]);
    }
  });
});
