/**
 * The cases list (GET /cases) through the real API on a real PostgreSQL database: each
 * filter (kind, township, stage, status, overdue), each sort both ways, paging that
 * walks every case once, a township committee member held to their township whatever
 * the query says, and bad values refused in Chinese and English. The cases are appended
 * through the event store as their workflows append them (the projections fold them in
 * the same transaction), so their start times, stages and due times are known; the
 * API's clock is fixed, so "overdue" is a known set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import { buildApi } from '../../client/api/server';
import { seedRegistry } from '../../client/demo';
import { directBackend } from '../../client/backend';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount } from '../support/cases';
import { appendCaseEvents, openedTask } from '../support/inbox';
import { problem, signedInUser } from '../support/api';

const NOW = Date.parse('2026-12-09T02:00:00.000Z');
const PASSWORD = 'case list passphrase';

interface Fixture {
  caseId: string;
  kind: 'probation' | 'rectification' | 'election';
  township: string;
  startedAt: string;
  stage?: string;
  /** Due times of the case's pending steps. */
  due: string[];
  closed?: boolean;
}

/** Nine cases over two townships: three kinds, stages, one closed, overdue and not. */
const CASES: Fixture[] = [
  {
    caseId: 'probation/p-l1/t',
    kind: 'probation',
    township: 'ts-01',
    startedAt: '2026-10-01T02:00:00.000Z',
    due: ['2026-12-08T09:00:00.000Z'],
  },
  {
    caseId: 'probation/p-l2/t',
    kind: 'probation',
    township: 'ts-01',
    startedAt: '2026-10-05T02:00:00.000Z',
    stage: 'democratic-rating',
    due: ['2026-12-20T09:00:00.000Z', '2026-12-01T09:00:00.000Z'],
  },
  {
    caseId: 'probation/p-l3/t',
    kind: 'probation',
    township: 'ts-02',
    startedAt: '2026-10-03T02:00:00.000Z',
    stage: 'democratic-rating',
    due: ['2026-12-15T09:00:00.000Z'],
  },
  { caseId: 'probation/p-l4/t', kind: 'probation', township: 'ts-02', startedAt: '2026-09-01T02:00:00.000Z', due: [], closed: true },
  {
    caseId: 'rectification/ts-01-v01/2026',
    kind: 'rectification',
    township: 'ts-01',
    startedAt: '2026-11-01T02:00:00.000Z',
    stage: 'round-1:plan',
    due: ['2026-12-18T09:00:00.000Z'],
  },
  {
    caseId: 'rectification/ts-02-v01/2026',
    kind: 'rectification',
    township: 'ts-02',
    startedAt: '2026-11-02T02:00:00.000Z',
    stage: 'round-1:plan',
    due: ['2026-11-30T09:00:00.000Z'],
  },
  { caseId: 'election/ts-01/2026', kind: 'election', township: 'ts-01', startedAt: '2026-08-01T02:00:00.000Z', stage: 'request', due: [] },
  {
    caseId: 'election/ts-02/2026',
    kind: 'election',
    township: 'ts-02',
    startedAt: '2026-08-02T02:00:00.000Z',
    due: ['2026-12-10T09:00:00.000Z'],
  },
  {
    caseId: 'probation/p-l5/t',
    kind: 'probation',
    township: 'ts-01',
    startedAt: '2026-10-02T02:00:00.000Z',
    due: ['2026-12-25T09:00:00.000Z'],
  },
];

function eventsOf(c: Fixture): DomainEvent[] {
  const events: DomainEvent[] = [
    {
      type: 'CaseStarted',
      data: {
        caseId: c.caseId,
        kind: c.kind,
        subjectId: c.caseId.split('/')[1]!,
        townshipId: c.township,
        policyVersion: DEFAULT_POLICY.version,
        startedAt: c.startedAt,
        summary: `list test ${c.caseId}`,
      },
    },
  ];
  if (c.stage) events.push({ type: 'CaseStageChanged', data: { caseId: c.caseId, stage: c.stage, at: c.startedAt } });
  c.due.forEach((due, i) => events.push(openedTask(c.caseId, c.township, `step-${i}`, due)));
  if (c.closed) events.push({ type: 'CaseClosed', data: { caseId: c.caseId, outcome: 'ended-early', at: c.startedAt } });
  return events;
}

let database: TestDatabase;
let app: FastifyInstance;
const cookies: Record<string, string> = {};

interface Item {
  caseId: string;
  townshipId: string;
  kind: string;
  stage: string;
  status: string;
  startedAt: string;
  nextDueAt: string | null;
}
interface ListPage {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
}

async function list(login: string, query = ''): Promise<ListPage> {
  const res = await app.inject({ method: 'GET', url: `/cases${query}`, headers: { cookie: cookies[login]! } });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body) as ListPage;
}
const ids = (p: ListPage) => p.items.map((c) => c.caseId);
const sorted = (pick: (c: Fixture) => boolean) =>
  CASES.filter(pick)
    .map((c) => c.caseId)
    .sort();
const nextDue = (c: Fixture) => (c.due.length === 0 ? null : [...c.due].sort()[0]!);
const isOverdue = (c: Fixture) => c.due.some((d) => Date.parse(d) < NOW);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  const backend = directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-cases-list' });
  app = await buildApi({ db: database.db, backend, clock: () => NOW });
  for (const c of CASES) await appendCaseEvents(database.db, c.caseId, eventsOf(c));
  const users = [
    { login: 'ts-01-chair', role: 'township-committee', townshipId: 'ts-01' },
    { login: 'org-staff', role: 'county-org-dept' },
    { login: 'auditor', role: 'auditor' },
  ];
  for (const u of users) cookies[u.login] = (await signedInUser({ database, app }, { ...u, password: PASSWORD })).cookie;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('GET /cases filters', () => {
  it('lists every case with its next due time, most recently changed first by default', async () => {
    const all = await list('org-staff', '?pageSize=100');
    expect(all.total).toBe(CASES.length);
    expect([...ids(all)].sort()).toEqual(sorted(() => true));
    for (const c of CASES) {
      const item = all.items.find((i) => i.caseId === c.caseId)!;
      expect(item.nextDueAt, c.caseId).toBe(nextDue(c) === null ? null : new Date(nextDue(c)!).toISOString());
    }
    // Default page: 20 from the first; the Page<T> wire type says which.
    expect(all.limit).toBe(100);
    expect((await list('org-staff')).limit).toBe(20);
  });

  it('by kind, township, stage and status, alone and together', async () => {
    expect([...ids(await list('org-staff', '?kind=rectification'))].sort()).toEqual(sorted((c) => c.kind === 'rectification'));
    expect([...ids(await list('org-staff', '?township=ts-02'))].sort()).toEqual(sorted((c) => c.township === 'ts-02'));
    expect([...ids(await list('org-staff', '?stage=democratic-rating'))].sort()).toEqual(sorted((c) => c.stage === 'democratic-rating'));
    expect([...ids(await list('org-staff', `?stage=${encodeURIComponent('round-1:plan')}`))].sort()).toEqual(
      sorted((c) => c.stage === 'round-1:plan'),
    );
    expect(ids(await list('org-staff', '?status=closed'))).toEqual(['probation/p-l4/t']);
    expect([...ids(await list('org-staff', '?status=open'))].sort()).toEqual(sorted((c) => !c.closed));
    const together = await list('org-staff', '?kind=probation&township=ts-01&status=open&stage=democratic-rating');
    expect(ids(together)).toEqual(['probation/p-l2/t']);
    expect(together.total).toBe(1);
    expect((await list('org-staff', '?kind=selection')).total).toBe(0);
  });

  it('overdue: a pending step past its due time at the API’s clock; false: none', async () => {
    const overdue = await list('org-staff', '?overdue=true');
    expect([...ids(overdue)].sort()).toEqual(sorted(isOverdue));
    expect(overdue.total).toBe(3);
    const notOverdue = await list('org-staff', '?overdue=false');
    expect([...ids(notOverdue)].sort()).toEqual(sorted((c) => !isOverdue(c)));
    expect(ids(await list('org-staff', '?overdue=true&township=ts-01&kind=probation')).sort()).toEqual([
      'probation/p-l1/t',
      'probation/p-l2/t',
    ]);
  });
});

describe('GET /cases sorts', () => {
  it('by start, both ways', async () => {
    const byStart = [...CASES].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((c) => c.caseId);
    expect(ids(await list('org-staff', '?sort=started'))).toEqual(byStart);
    expect(ids(await list('org-staff', '?sort=-started'))).toEqual([...byStart].reverse());
  });

  it('by next due time, both ways, cases with no pending step last either way', async () => {
    const withDue = CASES.filter((c) => nextDue(c) !== null).sort((a, b) => nextDue(a)!.localeCompare(nextDue(b)!));
    const asc = ids(await list('org-staff', '?sort=due'));
    expect(asc.slice(0, withDue.length)).toEqual(withDue.map((c) => c.caseId));
    const desc = ids(await list('org-staff', '?sort=-due'));
    expect(desc.slice(0, withDue.length)).toEqual(withDue.map((c) => c.caseId).reverse());
    const none = sorted((c) => nextDue(c) === null);
    expect([...asc.slice(withDue.length)].sort()).toEqual(none);
    expect([...desc.slice(withDue.length)].sort()).toEqual(none);
  });

  it('by township, both ways', async () => {
    const asc = await list('org-staff', '?sort=township');
    expect(asc.items.map((c) => c.townshipId)).toEqual([...Array(5).fill('ts-01'), ...Array(4).fill('ts-02')]);
    const desc = await list('org-staff', '?sort=-township');
    expect(desc.items.map((c) => c.townshipId)).toEqual([...Array(4).fill('ts-02'), ...Array(5).fill('ts-01')]);
  });
});

describe('GET /cases pages', () => {
  it('walks every case once in the order of one large page, whatever the page size', async () => {
    const whole = ids(await list('org-staff', '?sort=due&pageSize=100'));
    for (const size of [1, 2, 4]) {
      const walked: string[] = [];
      for (let page = 1; ; page++) {
        const p = await list('org-staff', `?sort=due&pageSize=${size}&page=${page}`);
        expect(p.total).toBe(CASES.length);
        expect(p.limit).toBe(size);
        expect(p.offset).toBe((page - 1) * size);
        if (p.items.length === 0) break;
        expect(p.items.length).toBeLessThanOrEqual(size);
        walked.push(...ids(p));
      }
      expect(walked, `pageSize ${size}`).toEqual(whole);
    }
    // Filters page too: the total is the filter's.
    const second = await list('org-staff', '?kind=probation&pageSize=2&page=2&sort=started');
    expect(second.total).toBe(5);
    expect(ids(second)).toEqual(['probation/p-l5/t', 'probation/p-l3/t']);
  });
});

describe('GET /cases within the caller’s township', () => {
  it('a township committee member lists their township’s only, with any filter and sort; another township is refused', async () => {
    const own = await list('ts-01-chair', '?pageSize=100');
    expect([...ids(own)].sort()).toEqual(sorted((c) => c.township === 'ts-01'));
    expect(own.total).toBe(5);
    expect(ids(await list('ts-01-chair', '?township=ts-01&overdue=true&sort=-due'))).toEqual(['probation/p-l1/t', 'probation/p-l2/t']);
    expect(ids(await list('ts-01-chair', '?kind=rectification'))).toEqual(['rectification/ts-01-v01/2026']);
    expect(
      problem(await app.inject({ method: 'GET', url: '/cases?township=ts-02', headers: { cookie: cookies['ts-01-chair']! } }), 403),
    ).toMatch(/cannot see township ts-02/);
    // County staff and auditors see every township.
    expect((await list('auditor', '?pageSize=100')).total).toBe(CASES.length);
  });
});

describe('GET /cases refuses bad values', () => {
  it('each with its field in Chinese and English, typed, and nothing changes', async () => {
    const before = await eventCount(database.db);
    const bad = async (query: string) => {
      const res = await app.inject({ method: 'GET', url: `/cases?${query}`, headers: { cookie: cookies['org-staff']! } });
      const detail = problem(res, 400);
      const body = JSON.parse(res.body) as { type: string; zh: string; en: string; errors: Array<{ where: string; zh: string }> };
      expect(body.type).toBe('urn:cadreflow:problem:invalid-case-query');
      expect(body.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(body.en).not.toMatch(/[\u4e00-\u9fff]/);
      return { detail, body };
    };
    expect((await bad('kind=appointment')).detail).toMatch(/^案件类型须为 .* \/ kind must be one of probation, /);
    expect((await bad('status=pending')).detail).toMatch(/状态须为 open.* \/ status must be open or closed/);
    expect((await bad('overdue=yes')).detail).toBe('overdue 须为 true 或 false / overdue must be true or false');
    expect((await bad('sort=name')).detail).toMatch(/排序须为 .* \/ sort must be one of updated, -updated, /);
    expect((await bad('pageSize=101')).detail).toBe('每页条数须为 1–100 的整数 / pageSize must be a whole number, 1–100');
    expect((await bad('page=0')).detail).toMatch(/页码须为 .* \/ page must be a whole number/);
    expect((await bad(`stage=${encodeURIComponent('阶段')}`)).detail).toMatch(/阶段须为阶段编号.* \/ stage must be a stage id/);
    expect((await bad('township=a%20b')).detail).toMatch(/乡镇须为编号.* \/ township must be an id/);
    const many = await bad('kind=x&sort=y&page=-1');
    expect(many.body.errors.map((e) => e.where)).toEqual(['querystring.kind', 'querystring.sort', 'querystring.page']);
    expect(many.body.errors.every((e) => /[\u4e00-\u9fff]/.test(e.zh))).toBe(true);
    // A township member's bad value is the same 400, not a 403 or a list.
    problem(await app.inject({ method: 'GET', url: '/cases?overdue=1', headers: { cookie: cookies['ts-01-chair']! } }), 400);
    expect(await eventCount(database.db)).toBe(before);
  });
});
