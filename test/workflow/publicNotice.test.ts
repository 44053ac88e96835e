/**
 * The kit's `postNotice` activity with a posting day (`postedOn`, a notice posted on paper
 * before its step ran): the window counts from that day, a past window closes in the
 * past, and a day after the server's today counts as today (never a longer notice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import type { PostNoticeOutput } from '../../workflows/kit/proxies';
import { shanghaiInstant } from '../../domain/calendar';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

// Wednesday 2026-11-25, 10:00 Shanghai: the server's time when the step was scheduled.
const NOW = shanghaiInstant('2026-11-25', 10, 0);

async function post(caseId: string, postedOn?: string) {
  const env = new MockActivityEnvironment({ scheduledTimestampMs: NOW });
  const activities = createActivities({ db: database.db });
  const out: PostNoticeOutput = await env.run(() =>
    activities.postNotice({
      caseId,
      streamId: caseId,
      expectedVersion: 0,
      idempotencyKey: `${caseId}:notice`,
      metadata: {},
      notice: { noticeId: `${caseId}:notice`, subject: '公示', workingDays: 5, ...(postedOn !== undefined ? { postedOn } : {}) },
    }),
  );
  const event = await database.db.selectFrom('events').select('data').where('stream_id', '=', caseId).executeTakeFirstOrThrow();
  return { out, data: event.data as Record<string, unknown> };
}

describe('postNotice with a posting day', () => {
  it('without one, counts from the server’s today', async () => {
    const { out, data } = await post('notice/today');
    expect(out.nowMs).toBe(NOW);
    expect(out.closesAtMs).toBe(shanghaiInstant('2026-12-01', 17, 30));
    expect(data).not.toHaveProperty('postedOn');
  });

  it('counts from a past day, and a window already run out closes before now', async () => {
    const { out, data } = await post('notice/past', '2026-11-02');
    expect(out.closesAtMs).toBe(shanghaiInstant('2026-11-06', 17, 30));
    expect(out.closesAtMs).toBeLessThan(out.nowMs);
    expect(data).toMatchObject({ postedOn: '2026-11-02', closesAt: new Date(shanghaiInstant('2026-11-06', 17, 30)).toISOString() });
  });

  it('takes a day after today as today: a notice is never made longer', async () => {
    const { out, data } = await post('notice/future', '2026-12-20');
    expect(out.closesAtMs).toBe(shanghaiInstant('2026-12-01', 17, 30));
    expect(data).toMatchObject({ postedOn: '2026-11-25' });
  });
});
