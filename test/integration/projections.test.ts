/**
 * Read models on a real PostgreSQL server: what a realistic history folds to, that a
 * rebuild from the log equals the live tables, and that the comparison catches a row
 * edited by hand. A procedure's own read model joins with its events (selection_cases).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../../activities/eventReads';
import { appendBatch, appendToStream } from '../../activities/eventStore';
import { verifyHashChain } from '../../activities/hashChain';
import { diffReadModels, READ_MODEL_TABLES, rebuildReadModels } from '../../activities/projections';
import {
  appendGoldenSequence,
  createTestDatabase,
  GOLDEN_READ_MODEL_DIGEST,
  GOLDEN_SEQUENCE_HEAD,
  readModelDigest,
  type TestDatabase,
} from '../support/db';
import {
  COMPETITIVE,
  competitiveSelection,
  competitiveSelectionRow,
  RETURNED,
  returnedSelection,
  type TimedEvent,
} from '../support/selectionEvents';

describe('read models on PostgreSQL', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await appendGoldenSequence(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('records the same log and read models as PGlite does for the same appends', async () => {
    expect(await verifyHashChain(t.db)).toEqual({ ok: true, checked: 50, head: GOLDEN_SEQUENCE_HEAD });
    expect(await readModelDigest(t.db)).toBe(GOLDEN_READ_MODEL_DIGEST);
  });

  it('folds the registry: townships of villages and branches, merged units, people placed in their township', async () => {
    const units = await t.db.selectFrom('org_units').selectAll().orderBy('org_unit_id').execute();
    expect(units.map((u) => [u.org_unit_id, u.kind, u.township_id, u.effective_to, u.merged_into])).toEqual([
      ['br-1', 'branch', 'town-1', null, null],
      ['county', 'county', null, null, null],
      ['town-1', 'township', 'town-1', null, null],
      ['town-2', 'township', 'town-2', '2021-06-30', 'town-1'],
      ['vil-1', 'village', 'town-1', null, null],
    ]);
    // Calendar days come back as the strings they were written as, not Dates.
    expect(units[0]!.effective_from).toBe('2020-01-01');
    const p3 = await t.db.selectFrom('people').selectAll().where('person_id', '=', 'p-3').executeTakeFirstOrThrow();
    expect(p3).toMatchObject({ org_unit_id: 'br-1', township_id: 'town-1' });
  });

  it('follows a confirmed probation: formal post, trial rank kept, replaced post ended', async () => {
    const p1 = await t.db.selectFrom('people').selectAll().where('person_id', '=', 'p-1').executeTakeFirstOrThrow();
    expect(p1).toMatchObject({
      rank: '正科级',
      current_assignment_id: 'a-1',
      current_title: '镇党委书记',
      current_org_unit_id: 'town-1',
      probation_status: 'confirmed',
      probation_case_id: 'c-1',
    });
    const posts = await t.db.selectFrom('post_assignments').selectAll().where('person_id', '=', 'p-1').orderBy('assignment_id').execute();
    expect(posts.map((p) => [p.assignment_id, p.on_trial, p.confirmed_on, p.ended_on, p.end_reason])).toEqual([
      ['a-0', false, null, '2026-01-12', 'replaced'],
      ['a-1', false, '2026-01-12', null, null],
    ]);
    const probation = await t.db.selectFrom('probations').selectAll().where('case_id', '=', 'c-1').executeTakeFirstOrThrow();
    expect(probation).toMatchObject({
      status: 'confirmed',
      check_ins: 2,
      last_rating: 'adequate',
      recommendation: 'confirm',
      decided_on: '2026-01-12',
      assessment: {
        votes: { excellent: 20, competent: 9, basicallyCompetent: 1, notCompetent: 0 },
        approval: { favourable: 29, cast: 30 },
        meetsThreshold: true,
      },
    });
    const c1 = await t.db.selectFrom('cases').selectAll().where('case_id', '=', 'c-1').executeTakeFirstOrThrow();
    expect(c1).toMatchObject({ status: 'closed', outcome: 'confirmed', stage: 'probation' });
    expect(c1.closed_at).toEqual(new Date('2026-01-12T08:00:00.000Z'));
    expect(c1.started_at).toEqual(new Date('2025-01-06T01:00:00.000Z'));
  });

  it('follows probations that end early or fail: rank restored, current post back to the earlier one or none', async () => {
    const p2 = await t.db.selectFrom('people').selectAll().where('person_id', '=', 'p-2').executeTakeFirstOrThrow();
    expect(p2).toMatchObject({ probation_status: 'ended-early', rank: '村干部', current_assignment_id: 'a-3', current_title: '村委委员' });
    const a2 = await t.db.selectFrom('post_assignments').selectAll().where('assignment_id', '=', 'a-2').executeTakeFirstOrThrow();
    expect(a2).toMatchObject({ ended_on: '2025-05-20', end_reason: 'ended-early', on_trial: true });

    const p3 = await t.db.selectFrom('people').selectAll().where('person_id', '=', 'p-3').executeTakeFirstOrThrow();
    expect(p3).toMatchObject({
      probation_status: 'removed',
      rank: '副科级',
      current_assignment_id: null,
      current_title: null,
      current_org_unit_id: null,
    });
    const c3 = await t.db.selectFrom('probations').selectAll().where('case_id', '=', 'c-3').executeTakeFirstOrThrow();
    expect(c3).toMatchObject({ status: 'removed', decided_on: '2026-01-19', recommendation: 'remove' });
    const a4 = await t.db.selectFrom('post_assignments').selectAll().where('assignment_id', '=', 'a-4').executeTakeFirstOrThrow();
    expect(a4).toMatchObject({ ended_on: '2026-01-19', end_reason: 'removed-after-probation' });
  });

  it('keeps tasks and public notices for inboxes', async () => {
    const tasks = await t.db.selectFrom('tasks').selectAll().orderBy('task_id').execute();
    expect(tasks.map((x) => [x.task_id, x.status, x.decided_by, x.escalated_to])).toEqual([
      ['t-1', 'decided', 'tc-1', 'county-org-dept'],
      ['t-2', 'withdrawn', null, null],
    ]);
    expect(tasks[0]!.decision).toEqual({ recommend: 'confirm', note: '同意转正' });
    expect(tasks[0]!.due_at).toEqual(new Date('2025-12-22T09:30:00.000Z'));
    expect(tasks[0]!.reminded_at).toEqual(new Date('2025-12-18T01:00:00.000Z'));

    const inbox = await t.db
      .selectFrom('tasks')
      .select('task_id')
      .where('township_id', '=', 'town-1')
      .where('status', '=', 'pending')
      .orderBy('due_at')
      .execute();
    expect(inbox).toEqual([]);

    const notice = await t.db.selectFrom('public_notices').selectAll().where('notice_id', '=', 'n-1').executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ status: 'closed', objections: 1, upheld: 0, outcome: 'clear', working_days: 5 });
  });

  it('rolls the append back when its projection fails', async () => {
    const before = await t.db.selectFrom('log_head').selectAll().executeTakeFirstOrThrow();
    await expect(
      appendToStream(t.db, {
        streamId: 'registry/bad',
        expectedVersion: 0,
        idempotencyKey: 'bad/kind',
        events: [
          {
            // A kind the org_units check constraint refuses: the event must not outlive its projection.
            event: {
              type: 'OrgUnitEstablished',
              data: { orgUnitId: 'x', name: 'x', kind: 'planet' as 'county', parentId: null, effectiveFrom: '2020-01-01' },
            },
            metadata: {},
          },
        ],
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await readStream(t.db, 'registry/bad')).toEqual([]);
    expect(await t.db.selectFrom('log_head').selectAll().executeTakeFirstOrThrow()).toEqual(before);
  });

  describe('rebuild', () => {
    it('into a scratch schema equals the live read models, row for row', async () => {
      const progress: Array<[number, number]> = [];
      const result = await rebuildReadModels(t.db, {
        schema: 'rebuilt',
        batchSize: 10,
        onProgress: (n, total) => progress.push([n, total]),
      });
      expect(result).toEqual({ schema: 'rebuilt', events: 50 });
      expect(progress.at(-1)).toEqual([50, 50]);
      expect(progress.map(([n]) => n)).toEqual([10, 20, 30, 40, 50, 50]);
      expect(await diffReadModels(t.db, 'public', 'rebuilt')).toEqual([]);
      expect(await readModelDigest(t.db, 'rebuilt')).toBe(GOLDEN_READ_MODEL_DIGEST);
    });

    it('one event at a time equals one fold over the whole log', async () => {
      await rebuildReadModels(t.db, { schema: 'one_by_one', batchSize: 1 });
      expect(await diffReadModels(t.db, 'public', 'one_by_one')).toEqual([]);
    });

    it('copies the live tables with their indexes', async () => {
      await rebuildReadModels(t.db, { schema: 'rebuilt' });
      const { rows } = await sql<{ indexname: string }>`
        select indexname from pg_indexes where schemaname = 'rebuilt' and tablename = 'tasks' order by indexname`.execute(t.db);
      expect(rows.length).toBeGreaterThanOrEqual(3);
    });

    it('shows a hand-edited row, naming the table and key, and a live rebuild repairs it', async () => {
      await rebuildReadModels(t.db, { schema: 'rebuilt' });
      await sql`update people set rank = '正处级' where person_id = 'p-2'`.execute(t.db);
      await sql`delete from tasks where task_id = 't-2'`.execute(t.db);
      await sql`update public_notices set objections = 0 where notice_id = 'n-1'`.execute(t.db);

      const diff = await diffReadModels(t.db, 'public', 'rebuilt');
      expect(diff.map((d) => [d.table, d.key])).toEqual([
        ['people', 'p-2'],
        ['tasks', 't-2'],
        ['public_notices', 'n-1'],
      ]);
      expect(diff[0]).toMatchObject({ left: { rank: '正处级' }, right: { rank: '村干部' } });
      expect(diff[1]).toMatchObject({ left: null, right: { task_id: 't-2', status: 'withdrawn' } });

      const live = await rebuildReadModels(t.db);
      expect(live).toEqual({ schema: 'public', events: 50 });
      expect(await diffReadModels(t.db, 'public', 'rebuilt')).toEqual([]);
      expect(await readModelDigest(t.db)).toBe(GOLDEN_READ_MODEL_DIGEST);
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(rebuildReadModels(t.db, { schema: 'x; drop table events' })).rejects.toThrow(/schema name/);
      await expect(diffReadModels(t.db, 'public', 'Robert"')).rejects.toThrow(/schema name/);
      expect(READ_MODEL_TABLES).toContain('probations');
    });
  });
});

describe('the selection read model on PostgreSQL', () => {
  let t: TestDatabase;
  const versions = new Map<string, number>();

  /** Appends events as the workflow does: in order, one step's events per append, recorded at the fixture's instants. */
  async function append(events: readonly TimedEvent[], perAppend = 1): Promise<void> {
    for (let i = 0; i < events.length; i += perAppend) {
      const step = events.slice(i, i + perAppend);
      const streamId = step[0]!.event.data.caseId;
      const expectedVersion = versions.get(streamId) ?? 0;
      await appendToStream(
        t.db,
        {
          streamId,
          expectedVersion,
          idempotencyKey: `${streamId}#${expectedVersion}`,
          events: step.map(({ event }) => ({ event, metadata: { actor: { id: 'org-staff', role: 'county-org-dept' } } })),
        },
        { clock: () => new Date(step.at(-1)!.at) },
      );
      versions.set(streamId, expectedVersion + step.length);
    }
  }

  const row = (caseId: string) => t.db.selectFrom('selection_cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('folds a selection live, one append per event or several in one append', async () => {
    const { toRound2, rest } = returnedSelection();
    await append(toRound2);
    expect(await row(RETURNED)).toMatchObject({ round: 2, targets: ['p-5'], removed: [], approved: [], stage: 'targets-2' });
    // Several events in one append (and one transaction) fold in log order.
    await append(competitiveSelection(), 5);
    await append(rest);
    expect(await row(COMPETITIVE)).toEqual(competitiveSelectionRow());
    expect(await row(RETURNED)).toMatchObject({ round: 2, approved: ['p-5'], cancelled: ['p-5'], outcome: 'appointments-cancelled' });
    // The core's case row and the selection's agree on how it ended.
    const cases = await t.db
      .selectFrom('cases')
      .select(['case_id', 'outcome'])
      .where('kind', '=', 'selection')
      .orderBy('case_id')
      .execute();
    expect(cases).toEqual([
      { case_id: COMPETITIVE, outcome: 'appointed' },
      { case_id: RETURNED, outcome: 'appointments-cancelled' },
    ]);
  });

  it('an event of a selection the log never opened, and the stage changes of other kinds, leave the table alone', async () => {
    await appendBatch(t.db, [
      {
        streamId: 'selection/ts-z/deputy-head/2026-01-05',
        expectedVersion: 0,
        idempotencyKey: 'stray',
        events: [
          {
            event: {
              type: 'CaseStageChanged',
              data: { caseId: 'selection/ts-z/deputy-head/2026-01-05', stage: 'x', at: '2026-01-05T01:00:00.000Z' },
            },
            metadata: {},
          },
          {
            event: { type: 'CaseStageChanged', data: { caseId: 'probation/p-9/a', stage: 'check-ins', at: '2026-01-05T01:00:00.000Z' } },
            metadata: {},
          },
        ],
      },
    ]);
    const ids = await t.db.selectFrom('selection_cases').select('case_id').orderBy('case_id').execute();
    expect(ids.map((r) => r.case_id)).toEqual([COMPETITIVE, RETURNED]);
  });

  it('rebuilt from the log, in one fold or one event at a time, equals the live rows', async () => {
    const live = await t.db.selectFrom('selection_cases').selectAll().orderBy('case_id').execute();
    expect(live).toHaveLength(2);
    await rebuildReadModels(t.db, { schema: 'rebuilt' });
    expect(await diffReadModels(t.db, 'public', 'rebuilt')).toEqual([]);
    await rebuildReadModels(t.db, { schema: 'one_by_one', batchSize: 1 });
    expect(await diffReadModels(t.db, 'public', 'one_by_one')).toEqual([]);
    const rebuilt = await t.db.withSchema('rebuilt').selectFrom('selection_cases').selectAll().orderBy('case_id').execute();
    expect(rebuilt).toEqual(live);
  });

  it('shows a hand-edited row, and a live rebuild repairs it', async () => {
    await rebuildReadModels(t.db, { schema: 'rebuilt' });
    await sql`update selection_cases set approved = '["p-2"]'::jsonb where case_id = ${COMPETITIVE}`.execute(t.db);
    const diff = await diffReadModels(t.db, 'public', 'rebuilt');
    expect(diff.map((d) => [d.table, d.key])).toEqual([['selection_cases', COMPETITIVE]]);
    expect(diff[0]).toMatchObject({ left: { approved: ['p-2'] }, right: { approved: ['p-1'] } });
    await rebuildReadModels(t.db);
    expect(await diffReadModels(t.db, 'public', 'rebuilt')).toEqual([]);
  });
});
