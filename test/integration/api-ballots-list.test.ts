/**
 * A case's online ballot sessions (GET /cases/{caseId}/ballot-sessions, docs/ballots.md)
 * through the real API on a real PostgreSQL database: how a chair who left a session's
 * page finds it again. An open session is listed to its chair only — the township's
 * committee, the county once the step is escalated — and a closed one, whose ballots are
 * published, to every reader of the case; another township's case is missing. The list
 * carries counts and times, never a token nor what the ballots say. The step's task is
 * appended through the event store as a workflow would; no workflow runs (the close's
 * decision is then refused as Temporal unreachable, and the session stays closed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { CaseBallotSessions } from '../../domain/wire/ballotSession';
import { buildApi } from '../../client/api/server';
import { directBackend } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { problem, signedInUser } from '../support/api';
import { appendCaseEvents, openedTask } from '../support/inbox';

const PASSWORD = 'ballot list passphrase';
const CASE = 'probation/p-ballot-list/test';
const STEP = 'democratic-rating';
const enc = encodeURIComponent;

let database: TestDatabase;
let app: FastifyInstance;
const cookies: Record<'chair' | 'other' | 'county' | 'auditor', string> = { chair: '', other: '', county: '', auditor: '' };

async function list(who: keyof typeof cookies) {
  return app.inject({ method: 'GET', url: `/cases/${enc(CASE)}/ballot-sessions`, headers: { cookie: cookies[who] } });
}
async function sessions(who: keyof typeof cookies) {
  const res = await list(who);
  expect(res.statusCode, res.body).toBe(200);
  return (JSON.parse(res.body) as CaseBallotSessions).sessions;
}
async function open(who: keyof typeof cookies, definition: Record<string, unknown>) {
  const res = await app.inject({
    method: 'POST',
    url: `/cases/${enc(CASE)}/ballot-sessions`,
    headers: { cookie: cookies[who] },
    payload: { step: STEP, definition, spares: 1 },
  });
  expect(res.statusCode, res.body).toBe(201);
  return JSON.parse(res.body) as { sessionId: string; tokens: { token: string }[]; spares: { token: string }[] };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  app = await buildApi({
    db: database.db,
    backend: directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-ballots-list' }),
  });
  await appendCaseEvents(database.db, CASE, [
    {
      type: 'CaseStarted',
      data: {
        caseId: CASE,
        kind: 'probation',
        subjectId: 'p-ballot-list',
        townshipId: 'ts-01',
        policyVersion: 'test',
        startedAt: '2026-12-01T02:00:00.000Z',
        summary: '试用期考察',
      },
    },
    openedTask(CASE, 'ts-01', STEP, '2026-12-08T09:30:00.000Z'),
  ]);
  const users = [
    ['chair', { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' }],
    ['other', { login: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' }],
    ['county', { login: 'org-staff', role: 'county-org-dept' }],
    ['auditor', { login: 'auditor', role: 'auditor' }],
  ] as const;
  for (const [who, user] of users) cookies[who] = (await signedInUser({ database, app }, { ...user, password: PASSWORD })).cookie;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('a case’s online ballot sessions', () => {
  let first = '';
  let second = '';
  let tokens: string[] = [];

  it('none yet: an empty list for every reader; another township’s committee is told the case is missing', async () => {
    for (const who of ['chair', 'county', 'auditor'] as const) expect(await sessions(who)).toEqual([]);
    expect(problem(await list('other'), 404)).toMatch(/no case/);
  });

  it('an open session is listed to its chair with its counts, never a token; county staff and auditors do not see it', async () => {
    const opened = await open('chair', { due: 4, closesAt: '2099-01-01T00:00:00.000Z' });
    first = opened.sessionId;
    tokens = opened.tokens.map((t) => t.token);
    for (const token of tokens.slice(0, 2)) {
      const cast = await app.inject({
        method: 'POST',
        url: '/ballots',
        payload: { token, ballot: { kind: 'rating', grade: 'competent' } },
      });
      expect(cast.statusCode, cast.body).toBe(201);
    }
    const listed = await list('chair');
    expect(JSON.parse(listed.body)).toEqual({
      caseId: CASE,
      sessions: [
        {
          sessionId: first,
          step: STEP,
          status: 'open',
          due: 4,
          cast: 2,
          openedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          closesAt: '2099-01-01T00:00:00.000Z',
          closedAt: null,
        },
      ],
    });
    for (const t of [...tokens, ...opened.spares.map((s) => s.token)]) expect(listed.body).not.toContain(t);
    // Never what the ballots say.
    expect(listed.body).not.toMatch(/competent|tally|votes/);
    expect(await sessions('county')).toEqual([]);
    expect(await sessions('auditor')).toEqual([]);
    problem(await list('other'), 404);
  });

  it('closed, it is listed to every reader of the case; a second session opened on the step comes first, for its chair only', async () => {
    const closed = await app.inject({ method: 'POST', url: `/ballot-sessions/${first}/close`, headers: { cookie: cookies.chair } });
    expect(closed.statusCode, closed.body).toBe(200);
    const closedRow = { sessionId: first, step: STEP, status: 'closed', due: 4, cast: 2, closedAt: expect.stringMatching(/^\d{4}-/) };
    for (const who of ['chair', 'county', 'auditor'] as const) expect(await sessions(who)).toEqual([expect.objectContaining(closedRow)]);

    second = (await open('chair', { due: 3 })).sessionId;
    const mine = await sessions('chair');
    expect(mine.map((s) => [s.sessionId, s.status])).toEqual([
      [second, 'open'],
      [first, 'closed'],
    ]);
    expect(mine[0]).toMatchObject({ due: 3, cast: 0, closesAt: null, closedAt: null });
    expect((await sessions('county')).map((s) => s.sessionId)).toEqual([first]);
    expect((await sessions('auditor')).map((s) => s.sessionId)).toEqual([first]);
    problem(await list('other'), 404);
  });

  it('once the step is escalated (督办) the county chairs it, and sees its open session; an auditor still does not', async () => {
    await appendCaseEvents(
      database.db,
      CASE,
      [
        {
          type: 'TaskEscalated',
          data: { caseId: CASE, taskId: `${CASE}:${STEP}`, at: '2026-12-09T01:00:00.000Z', escalatedTo: 'county-org-dept' },
        },
      ],
      2,
      'escalate',
    );
    expect((await sessions('county')).map((s) => s.sessionId)).toEqual([second, first]);
    // The list's rule is the turnout's: whoever sees the open session listed may watch it.
    const turnout = await app.inject({ method: 'GET', url: `/ballot-sessions/${second}/turnout`, headers: { cookie: cookies.county } });
    expect(turnout.statusCode, turnout.body).toBe(200);
    expect((await sessions('auditor')).map((s) => s.sessionId)).toEqual([first]);
  });
});
