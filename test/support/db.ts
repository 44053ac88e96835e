/**
 * A throwaway database on the real PostgreSQL server per test file (or per test that
 * must tamper with the log), migrated to the latest schema.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import postgres from 'postgres';
import { canonicalJson } from '../../domain/canonicalJson';
import { appendToStream } from '../../activities/eventStore';
import { READ_MODEL_KEYS, READ_MODEL_TABLES } from '../../activities/projections';
import type { DomainEvent, EventMetadata } from '../../domain/events';
import { openPostgresDatabase } from '../../schema/connect';
import type { DB } from '../../schema/db';
import { migrateToLatest } from '../../schema/migrate';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  db: DB;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cf_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const opened = await openPostgresDatabase(url);
  try {
    await migrateToLatest(opened.db);
  } catch (err) {
    await opened.close();
    await dropDatabase(name);
    throw err;
  }
  let dropped = false;
  return {
    url,
    db: opened.db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await opened.close();
      await dropDatabase(name);
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    // FORCE terminates sessions a test left open (e.g. a connection it forgot to close).
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/**
 * One fixed append and the hash it must get as the first event of a fresh log, on
 * PostgreSQL and on PGlite alike: it pins the canonical form, so a change to it (or a
 * driver returning a value differently) shows up as a changed hash.
 */
export const GOLDEN_RECORDED_AT = new Date('2025-03-14T01:02:03.456Z');
export const GOLDEN_APPEND: {
  streamId: string;
  expectedVersion: 0;
  idempotencyKey: string;
  events: Array<{ event: DomainEvent; metadata: EventMetadata }>;
} = {
  streamId: 'person/p-golden',
  expectedVersion: 0,
  idempotencyKey: 'golden/register',
  events: [
    {
      event: {
        type: 'PersonRegistered',
        data: { personId: 'p-golden', name: '李四', gender: 'female', birthYear: 1986, orgUnitId: 'town-1', rank: '副科级' },
      },
      metadata: { actor: { id: 'clerk-1', role: 'county-org-dept' }, workflowId: 'wf-golden', causationId: 'register' },
    },
  ],
};

/** The hash GOLDEN_APPEND gets as position 1 of a fresh log. */
export const GOLDEN_HASH = '87398d3ec498b586106371ef817d6b1ba3d7f01ba83e0ec5c0f8bcec2818a28f';

/**
 * After `appendGoldenSequence` on a fresh database: the log head and the read-model
 * digest, identical on PostgreSQL and PGlite. Changing `realisticAppends` changes them.
 */
export const GOLDEN_SEQUENCE_HEAD = { position: '50', hash: '211e336df37119d1ae5366e7206e3b538826ff6974f11b460a7ba8813174e304' };
export const GOLDEN_READ_MODEL_DIGEST = '07fdc5e484f0ebe45b729a102c98192cd42fc08005a2a2a2a886637d18c1fcd4';

/** GOLDEN_APPEND, then every realistic append, one transaction each, at GOLDEN_RECORDED_AT. */
export async function appendGoldenSequence(db: DB): Promise<void> {
  const clock = (): Date => GOLDEN_RECORDED_AT;
  await appendToStream(db, GOLDEN_APPEND, { clock });
  for (const input of realisticAppends()) await appendToStream(db, input, { clock });
}

type Append = {
  streamId: string;
  expectedVersion: number;
  idempotencyKey: string;
  events: Array<{ event: DomainEvent; metadata: EventMetadata }>;
};

/**
 * A county registry and two probation cases — one confirmed, one ended early — as the
 * workflows would append them, in order, with expected versions. Touches every event
 * type, so a projection that forgets one shows up in the read-model tests.
 */
export function realisticAppends(): Append[] {
  const clerk = { id: 'clerk-1', role: 'county-org-dept' } as const;
  const town = { id: 'tc-1', role: 'township-committee', townshipId: 'town-1' } as const;
  const versions = new Map<string, number>();
  const out: Append[] = [];
  const add = (streamId: string, key: string, events: DomainEvent[], meta: EventMetadata = { actor: clerk }): void => {
    const expectedVersion = versions.get(streamId) ?? 0;
    out.push({ streamId, expectedVersion, idempotencyKey: key, events: events.map((event) => ({ event, metadata: meta })) });
    versions.set(streamId, expectedVersion + events.length);
  };

  add('registry/org', 'seed/org', [
    {
      type: 'OrgUnitEstablished',
      data: { orgUnitId: 'county', name: '示范县', kind: 'county', parentId: null, effectiveFrom: '2020-01-01' },
    },
    {
      type: 'OrgUnitEstablished',
      data: { orgUnitId: 'town-1', name: '青山镇', kind: 'township', parentId: 'county', effectiveFrom: '2020-01-01' },
    },
    {
      type: 'OrgUnitEstablished',
      data: { orgUnitId: 'town-2', name: '绿水乡', kind: 'township', parentId: 'county', effectiveFrom: '2020-01-01' },
    },
    {
      type: 'OrgUnitEstablished',
      data: { orgUnitId: 'vil-1', name: '东村', kind: 'village', parentId: 'town-1', effectiveFrom: '2020-01-01' },
    },
    {
      type: 'OrgUnitEstablished',
      data: { orgUnitId: 'br-1', name: '东村党支部', kind: 'branch', parentId: 'vil-1', effectiveFrom: '2020-01-01' },
    },
  ]);
  add('registry/org', 'merge/town-2', [
    { type: 'OrgUnitDissolved', data: { orgUnitId: 'town-2', effectiveTo: '2021-06-30', mergedInto: 'town-1' } },
  ]);
  add('person/p-1', 'seed/p-1', [
    {
      type: 'PersonRegistered',
      data: { personId: 'p-1', name: '王芳', gender: 'female', birthYear: 1982, orgUnitId: 'town-1', rank: '副科级' },
    },
    {
      type: 'PostAssigned',
      data: {
        assignmentId: 'a-0',
        personId: 'p-1',
        orgUnitId: 'town-1',
        title: '副镇长',
        rank: '副科级',
        startedOn: '2021-03-01',
        onTrial: false,
      },
    },
  ]);
  add('person/p-2', 'seed/p-2', [
    {
      type: 'PersonRegistered',
      data: { personId: 'p-2', name: '张伟', gender: 'male', birthYear: 1990, orgUnitId: 'vil-1', rank: '村干部' },
    },
    {
      type: 'PostAssigned',
      data: {
        assignmentId: 'a-3',
        personId: 'p-2',
        orgUnitId: 'vil-1',
        title: '村委委员',
        rank: '村干部',
        startedOn: '2022-01-10',
        onTrial: false,
      },
    },
  ]);

  // Case 1: promotion on probation, confirmed after a year.
  const c1 = { workflowId: 'probation/p-1/a-1', runId: 'run-1', policyVersion: '2025.1' };
  add(
    'case/c-1',
    'probation/p-1/a-1/start',
    [
      {
        type: 'CaseStarted',
        data: {
          caseId: 'c-1',
          kind: 'probation',
          subjectId: 'p-1',
          townshipId: 'town-1',
          policyVersion: '2025.1',
          startedAt: '2025-01-06T01:00:00.000Z',
          summary: '王芳 试任镇党委书记',
        },
      },
      { type: 'CaseStageChanged', data: { caseId: 'c-1', stage: 'pre-appointment-notice', at: '2025-01-06T01:00:00.000Z' } },
      {
        type: 'PublicNoticePosted',
        data: {
          caseId: 'c-1',
          noticeId: 'n-1',
          subject: '任前公示：王芳',
          postedAt: '2025-01-06T01:00:00.000Z',
          closesAt: '2025-01-10T09:30:00.000Z',
          workingDays: 5,
        },
      },
    ],
    { actor: clerk, ...c1, causationId: 'start' },
  );
  add(
    'case/c-1',
    'probation/p-1/a-1/objection',
    [
      {
        type: 'ObjectionFiled',
        data: {
          caseId: 'c-1',
          noticeId: 'n-1',
          objectionId: 'o-1',
          summary: '反映工作作风问题',
          filedBy: 'anonymous',
          at: '2025-01-07T02:00:00.000Z',
        },
      },
      {
        type: 'ObjectionResolved',
        data: {
          caseId: 'c-1',
          noticeId: 'n-1',
          objectionId: 'o-1',
          upheld: false,
          actor: clerk,
          finding: '经核查不属实',
          at: '2025-01-08T02:00:00.000Z',
        },
      },
      {
        type: 'PublicNoticeClosed',
        data: { caseId: 'c-1', noticeId: 'n-1', at: '2025-01-10T09:30:00.000Z', objections: 1, upheld: 0, outcome: 'clear' },
      },
    ],
    { actor: clerk, ...c1, causationId: 'notice' },
  );
  add(
    'case/c-1',
    'probation/p-1/a-1/appoint',
    [
      {
        type: 'PostAssigned',
        data: {
          assignmentId: 'a-1',
          personId: 'p-1',
          orgUnitId: 'town-1',
          title: '镇党委书记',
          rank: '正科级',
          startedOn: '2025-01-13',
          onTrial: true,
        },
      },
      {
        type: 'ProbationStarted',
        data: {
          caseId: 'c-1',
          personId: 'p-1',
          assignmentId: 'a-1',
          orgUnitId: 'town-1',
          title: '镇党委书记',
          trialRank: '正科级',
          previousRank: '副科级',
          appointedOn: '2025-01-13',
          endsOn: '2026-01-12',
        },
      },
      { type: 'CaseStageChanged', data: { caseId: 'c-1', stage: 'probation', at: '2025-01-13T01:00:00.000Z' } },
    ],
    { actor: clerk, ...c1, causationId: 'appoint' },
  );
  add(
    'case/c-1',
    'probation/p-1/a-1/check-ins',
    [
      {
        type: 'ProbationCheckInRecorded',
        data: {
          caseId: 'c-1',
          personId: 'p-1',
          index: 0,
          rating: 'good',
          comment: '进入角色快',
          actor: town,
          at: '2025-04-13T01:00:00.000Z',
        },
      },
      {
        type: 'ProbationCheckInRecorded',
        data: {
          caseId: 'c-1',
          personId: 'p-1',
          index: 1,
          rating: 'adequate',
          comment: '基层调研待加强',
          actor: town,
          at: '2025-07-13T01:00:00.000Z',
        },
      },
    ],
    { actor: town, ...c1, causationId: 'check-in' },
  );
  add(
    'case/c-1',
    'probation/p-1/a-1/assess',
    [
      {
        type: 'TaskOpened',
        data: {
          caseId: 'c-1',
          taskId: 't-1',
          step: 'township-recommendation',
          title: '乡镇党委提出意见',
          role: 'township-committee',
          orgUnitId: 'town-1',
          townshipId: 'town-1',
          openedAt: '2025-12-15T01:00:00.000Z',
          remindAt: '2025-12-18T01:00:00.000Z',
          dueAt: '2025-12-22T09:30:00.000Z',
          dueWorkingDays: 5,
        },
      },
      { type: 'TaskReminderSent', data: { caseId: 'c-1', taskId: 't-1', at: '2025-12-18T01:00:00.000Z' } },
      { type: 'TaskEscalated', data: { caseId: 'c-1', taskId: 't-1', at: '2025-12-22T09:30:00.000Z', escalatedTo: 'county-org-dept' } },
      {
        type: 'ProbationAssessed',
        data: {
          caseId: 'c-1',
          personId: 'p-1',
          votes: { excellent: 20, competent: 9, basicallyCompetent: 1, notCompetent: 0 },
          approval: { favourable: 29, cast: 30 },
          meetsThreshold: true,
          at: '2025-12-23T01:00:00.000Z',
        },
      },
      {
        type: 'TaskDecided',
        data: {
          caseId: 'c-1',
          taskId: 't-1',
          step: 'township-recommendation',
          actor: town,
          decision: { recommend: 'confirm', note: '同意转正' },
          at: '2025-12-23T02:00:00.000Z',
        },
      },
      {
        type: 'ProbationRecommended',
        data: { caseId: 'c-1', personId: 'p-1', recommendation: 'confirm', reason: '称职', actor: town, at: '2025-12-23T02:00:00.000Z' },
      },
      {
        type: 'TaskOpened',
        data: {
          caseId: 'c-1',
          taskId: 't-2',
          step: 'spare',
          title: '备用',
          role: 'county-org-dept',
          orgUnitId: 'town-1',
          townshipId: 'town-1',
          openedAt: '2025-12-23T02:00:00.000Z',
          remindAt: '2025-12-24T02:00:00.000Z',
          dueAt: '2025-12-26T09:30:00.000Z',
          dueWorkingDays: 3,
        },
      },
      { type: 'TaskWithdrawn', data: { caseId: 'c-1', taskId: 't-2', at: '2025-12-24T02:00:00.000Z', reason: '不再需要' } },
    ],
    { actor: town, ...c1, causationId: 'assess' },
  );
  add(
    'case/c-1',
    'probation/p-1/a-1/decide',
    [
      {
        type: 'ProbationConfirmed',
        data: { caseId: 'c-1', personId: 'p-1', assignmentId: 'a-1', confirmedOn: '2026-01-12', actor: clerk },
      },
      { type: 'PostConfirmed', data: { assignmentId: 'a-1', personId: 'p-1', confirmedOn: '2026-01-12' } },
      { type: 'PostEnded', data: { assignmentId: 'a-0', personId: 'p-1', endedOn: '2026-01-12', reason: 'replaced' } },
      { type: 'CaseClosed', data: { caseId: 'c-1', outcome: 'confirmed', at: '2026-01-12T08:00:00.000Z' } },
    ],
    { actor: clerk, ...c1, causationId: 'decide' },
  );

  // Case 2: a village cadre's trial post ends early; he goes back to his earlier post.
  const c2 = { workflowId: 'probation/p-2/a-2', runId: 'run-2', policyVersion: '2025.1' };
  add(
    'case/c-2',
    'probation/p-2/a-2/start',
    [
      {
        type: 'CaseStarted',
        data: {
          caseId: 'c-2',
          kind: 'probation',
          subjectId: 'p-2',
          townshipId: 'town-1',
          policyVersion: '2025.1',
          startedAt: '2025-02-03T01:00:00.000Z',
          summary: '张伟 试任村党支部书记',
        },
      },
      {
        type: 'PostAssigned',
        data: {
          assignmentId: 'a-2',
          personId: 'p-2',
          orgUnitId: 'vil-1',
          title: '村党支部书记',
          rank: '村干部',
          startedOn: '2025-02-03',
          onTrial: true,
        },
      },
      {
        type: 'ProbationStarted',
        data: {
          caseId: 'c-2',
          personId: 'p-2',
          assignmentId: 'a-2',
          orgUnitId: 'vil-1',
          title: '村党支部书记',
          trialRank: '村干部',
          previousRank: '村干部',
          appointedOn: '2025-02-03',
          endsOn: '2025-08-02',
        },
      },
    ],
    { actor: clerk, ...c2, causationId: 'start' },
  );
  add(
    'case/c-2',
    'probation/p-2/a-2/end-early',
    [
      {
        type: 'ProbationEndedEarly',
        data: {
          caseId: 'c-2',
          personId: 'p-2',
          assignmentId: 'a-2',
          endedOn: '2025-05-20',
          restoredRank: '村干部',
          reason: '严重违纪',
          actor: clerk,
        },
      },
      { type: 'CaseClosed', data: { caseId: 'c-2', outcome: 'ended-early', at: '2025-05-20T08:00:00.000Z' } },
    ],
    { actor: clerk, ...c2, causationId: 'end-early' },
  );

  // Case 3: not competent at the end of probation; the trial post is removed.
  const c3 = { workflowId: 'probation/p-3/a-4', runId: 'run-3', policyVersion: '2025.1' };
  add('person/p-3', 'seed/p-3', [
    {
      type: 'PersonRegistered',
      data: { personId: 'p-3', name: '刘洋', gender: 'male', birthYear: 1979, orgUnitId: 'br-1', rank: '副科级' },
    },
  ]);
  add(
    'case/c-3',
    'probation/p-3/a-4/start',
    [
      {
        type: 'CaseStarted',
        data: {
          caseId: 'c-3',
          kind: 'probation',
          subjectId: 'p-3',
          townshipId: 'town-1',
          policyVersion: '2025.1',
          startedAt: '2025-01-20T01:00:00.000Z',
          summary: '刘洋 试任镇长',
        },
      },
      {
        type: 'PostAssigned',
        data: {
          assignmentId: 'a-4',
          personId: 'p-3',
          orgUnitId: 'town-1',
          title: '镇长',
          rank: '正科级',
          startedOn: '2025-01-20',
          onTrial: true,
        },
      },
      {
        type: 'ProbationStarted',
        data: {
          caseId: 'c-3',
          personId: 'p-3',
          assignmentId: 'a-4',
          orgUnitId: 'town-1',
          title: '镇长',
          trialRank: '正科级',
          previousRank: '副科级',
          appointedOn: '2025-01-20',
          endsOn: '2026-01-19',
        },
      },
    ],
    { actor: clerk, ...c3, causationId: 'start' },
  );
  add(
    'case/c-3',
    'probation/p-3/a-4/decide',
    [
      {
        type: 'ProbationAssessed',
        data: {
          caseId: 'c-3',
          personId: 'p-3',
          votes: { excellent: 5, competent: 10, basicallyCompetent: 10, notCompetent: 5 },
          approval: { favourable: 15, cast: 30 },
          meetsThreshold: false,
          at: '2026-01-10T01:00:00.000Z',
        },
      },
      {
        type: 'ProbationRecommended',
        data: { caseId: 'c-3', personId: 'p-3', recommendation: 'remove', reason: '不称职', actor: clerk, at: '2026-01-12T01:00:00.000Z' },
      },
      {
        type: 'ProbationFailed',
        data: {
          caseId: 'c-3',
          personId: 'p-3',
          assignmentId: 'a-4',
          endedOn: '2026-01-19',
          restoredRank: '副科级',
          reason: '试用期满考核不称职',
          actor: clerk,
        },
      },
      { type: 'CaseClosed', data: { caseId: 'c-3', outcome: 'removed', at: '2026-01-19T08:00:00.000Z' } },
    ],
    { actor: clerk, ...c3, causationId: 'decide' },
  );
  // Who works on c-1's first task, in the case's inbox stream (domain/events/inbox.ts).
  add(
    'case/c-1#inbox',
    'inbox/c-1/1',
    [
      { type: 'TaskAssigned', data: { caseId: 'c-1', taskId: 't-1', assignee: 'tc-1', previous: null, at: '2025-12-22T02:00:00.000Z' } },
      { type: 'TaskUnassigned', data: { caseId: 'c-1', taskId: 't-1', previous: 'tc-1', at: '2025-12-22T03:00:00.000Z' } },
      { type: 'TaskAssigned', data: { caseId: 'c-1', taskId: 't-1', assignee: 'tc-2', previous: null, at: '2025-12-22T04:00:00.000Z' } },
    ],
    { actor: town, causationId: 'assign:t-1' },
  );
  return out;
}

/**
 * A digest of every read-model row (canonical JSON, rows in key order). Equal digests
 * from two databases mean equal read models, whatever the driver.
 */
export async function readModelDigest(db: DB, schema = 'public'): Promise<string> {
  const parts: string[] = [];
  for (const table of READ_MODEL_TABLES) {
    const key = READ_MODEL_KEYS[table];
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(`${schema}.${table}`)}`.execute(db);
    // Sorted here, not in SQL: the server's collation and PGlite's may order text differently.
    rows.sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0));
    for (const row of rows) {
      const normal = Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v]),
      );
      parts.push(`${table} ${canonicalJson(normal)}`);
    }
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
