/**
 * The `decideAndOpen` activity (a decision's append that opens the step after it): the
 * next task's days are counted from the decision's time, and a re-run of the same append
 * (a local activity run again in a later workflow task, after a worker died) writes
 * nothing and answers the days already in the log, not new ones from its later time.
 * Real PostgreSQL, the activity run in Temporal's mock activity environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { shanghaiInstant } from '../../domain/calendar';
import type { OpenTaskOutput, TaskToOpen } from '../../workflows/kit/proxies';
import { createTestDatabase } from '../support/db';

let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

const CASE = 'evaluation/2026/p-1';
const next: TaskToOpen = {
  taskId: `${CASE}:democratic-rating`,
  step: 'democratic-rating',
  title: '民主测评',
  role: 'township-committee',
  orgUnitId: 'ts-01',
  townshipId: 'ts-01',
  dueWorkingDays: 10,
  reminderWorkingDaysBefore: 2,
};

async function decideAndOpen(atMs: number): Promise<OpenTaskOutput> {
  const activities = createActivities({ db: database.db });
  return new MockActivityEnvironment().run(() =>
    activities.decideAndOpen({
      streamId: CASE,
      expectedVersion: 0,
      idempotencyKey: `${CASE}:self-summary`,
      events: [{ event: { type: 'CaseStageChanged', data: { caseId: CASE, stage: 'assessment', at: '' } }, metadata: {} }],
      atMs,
      open: { caseId: CASE, task: next, metadata: { causationId: 'democratic-rating:open' } },
    }),
  );
}

describe('decideAndOpen', () => {
  it('opens the next task from the decision’s time; run again later, it writes nothing and answers the first days', async () => {
    // Wednesday 2026-11-25, 10:00 Shanghai.
    const decidedAt = shanghaiInstant('2026-11-25', 10, 0);
    const first = await decideAndOpen(decidedAt);
    expect(first.duplicate).toBe(false);
    expect(first.nowMs).toBe(decidedAt);
    // Ten working days on: Wednesday 2026-12-09, end of the office day.
    expect(new Date(first.dueAtMs).toISOString()).toBe(new Date(shanghaiInstant('2026-12-09', 17, 30)).toISOString());
    expect(first.remindAtMs).toBeLessThan(first.dueAtMs);

    // The same append run again a day later: the task's days are the first run's.
    const again = await decideAndOpen(decidedAt + 86_400_000);
    expect(again).toEqual({ ...first, duplicate: true });
    const rows = await database.db.selectFrom('events').select(['type', 'data', 'metadata']).where('stream_id', '=', CASE).execute();
    expect(rows.map((r) => r.type)).toEqual(['CaseStageChanged', 'TaskOpened']);
    expect(rows[1]!.data).toMatchObject({ step: 'democratic-rating', openedAt: new Date(decidedAt).toISOString() });
    expect(rows[1]!.metadata).toEqual({ causationId: 'democratic-rating:open' });
  });
});
