/**
 * The authorization matrix's table (test/integration/api-authz.test.ts): every endpoint of
 * the API, the request that reaches it for a caller in their own township or another, and
 * the status each kind of caller must get. Kept apart from the suite so that a new route is
 * one entry here.
 */
import type { InjectOptions } from 'fastify';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { createApiToken, createSession } from '../../client/api/accounts';
import { SESSION_COOKIE } from '../../client/api/auth';
import { XLSX_TYPE } from '../../client/api/routes/registryImports';
import { writeRosterWorkbook } from '../../client/roster/workbookWrite';
import type { TestDatabase } from './db';
import { registryChangeRequests } from './registryChangeRequests';

/** Evaluation rounds share the test run's Temporal server: a year no other suite uses keeps their ids apart. */
export const ROUND_YEAR = 2024;
export const PASSWORD = 'correct horse battery staple';
/** The matrix's elections run in a term no other suite uses, so their case ids never meet. */
export const MATRIX_TERM = '2096';
/** The term of the elections the setup starts for the read routes (GET /cases/{caseId}/election). */
export const FIXTURE_TERM = '2097';

export type Who = 'anonymous' | 'admin' | 'county' | 'auditor' | 'township';
export type Target = 'own' | 'other';
export const WHO: readonly Who[] = ['anonymous', 'admin', 'county', 'auditor', 'township'];
export const TARGETS: readonly Target[] = ['own', 'other'];
/** The township member acts for ts-01; "own" resources are in ts-01, "other" ones in ts-02. */
export const TOWNSHIP: Record<Target, string> = { own: 'ts-01', other: 'ts-02' };
export const LOGIN: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'org-admin',
  county: 'org-staff',
  auditor: 'auditor',
  township: 'ts-01-committee',
};

// ── The matrix ──────────────────────────────────────────────────────────────

export type Expect = number | { own: number; other: number };
/** Expected status per caller; `township` may differ between own and other township. */
export type Row = Record<Who, Expect>;

export const read: Row = { anonymous: 401, admin: 403, county: 200, auditor: 200, township: { own: 200, other: 403 } };
/** A single case or cadre: another township's is answered as a missing one (404), not refused (403). */
export const readOne: Row = { anonymous: 401, admin: 403, county: 200, auditor: 200, township: { own: 200, other: 404 } };
export const auditorsAndAdmins: Row = { anonymous: 401, admin: 200, county: 403, auditor: 200, township: 403 };
/** A decision-maker's action on one task: another township's task is answered as a missing one. */
export const decideOne = (ok: number): Row => ({ anonymous: 401, admin: 403, county: ok, auditor: 403, township: { own: ok, other: 404 } });
export const anyUser = (ok: number): Row => ({ anonymous: 401, admin: ok, county: ok, auditor: ok, township: ok });
export const anyone = (ok: number): Row => ({ anonymous: ok, admin: ok, county: ok, auditor: ok, township: ok });
export const countyOnly = (ok: number): Row => ({ anonymous: 401, admin: 403, county: ok, auditor: 403, township: 403 });
export const adminOnly = (ok: number): Row => ({ anonymous: 401, admin: ok, county: 403, auditor: 403, township: 403 });

export interface Endpoint {
  name: string;
  expect: Row;
  request(target: Target, who: Who): Promise<InjectOptions> | InjectOptions;
  /** Cases whose log and history must not change while only refusals hit them. */
  guards?: (target: Target) => string[];
}

/** Per township: a case with check-in-1 open, a case with its public notice open, a cadre to start a case for. */
export interface Fixture {
  checkInCase: string;
  noticeCase: string;
  person: string;
  startPerson: string;
  round: string;
  selection: string;
  /** A village off the demo's list whose rectification case no other suite starts. */
  branch: string;
  assignCase: string;
  /** An election started in the setup (term FIXTURE_TERM), a rectification case of another village, a cadre's case of the round. */
  election: string;
  rectification: string;
  evaluationCase: string;
}

/** What the endpoints' requests are made of: the suite's fixtures, filled in by its beforeAll. */
export interface MatrixFixtures {
  fixture: Record<Target, Fixture>;
  unitName: Record<Target, string>;
  userIds: Map<Who, string>;
  /** The suite's database (the API's). */
  db(): TestDatabase['db'];
  attachmentOf(t: Target): Promise<string>;
  /** A task of the township's check-in case, open; one unassigned; one held by the caller. */
  checkInTask(t: Target): Promise<string>;
  unassignedTask(t: Target): Promise<string>;
  taskHeldBy(t: Target, who: Who): Promise<string>;
}

/** Every endpoint of the API with who may call it (the suite checks each against each caller and township). */
export function authzEndpoints(f: MatrixFixtures): Endpoint[] {
  const { fixture, unitName, userIds, attachmentOf, checkInTask, unassignedTask, taskHeldBy } = f;
  return [
    {
      name: 'GET /health',
      expect: { anonymous: 200, admin: 200, county: 200, auditor: 200, township: 200 },
      request: () => ({ method: 'GET', url: '/health' }),
    },
    {
      name: 'GET /docs/json',
      expect: { anonymous: 200, admin: 200, county: 200, auditor: 200, township: 200 },
      request: () => ({ method: 'GET', url: '/docs/json' }),
    },
    {
      name: 'POST /auth/login',
      expect: { anonymous: 401, admin: 200, county: 200, auditor: 200, township: 200 },
      request: (_t, who) => ({
        method: 'POST',
        url: '/auth/login',
        payload: { login: who === 'anonymous' ? 'nobody' : LOGIN[who], password: PASSWORD },
      }),
    },
    {
      name: 'POST /auth/logout',
      // Idempotent: without a session there is nothing to end, and that is not an error.
      expect: anyone(204),
      // A session of its own, so the caller's main session survives.
      async request(_t, who) {
        if (who === 'anonymous') return { method: 'POST', url: '/auth/logout' };
        const s = await createSession(f.db(), userIds.get(who)!, Date.now(), 60_000);
        return {
          method: 'POST',
          url: '/auth/logout',
          headers: { cookie: `${SESSION_COOKIE}=${s.id}`, 'content-type': 'application/json' },
          payload: '',
        };
      },
    },
    { name: 'GET /auth/me', expect: anyUser(200), request: () => ({ method: 'GET', url: '/auth/me' }) },
    { name: 'GET /auth/tokens', expect: anyUser(200), request: () => ({ method: 'GET', url: '/auth/tokens' }) },
    {
      name: 'POST /auth/tokens',
      expect: anyUser(201),
      request: (t, who) => ({ method: 'POST', url: '/auth/tokens', payload: { name: `matrix-${who}-${t}` } }),
    },
    {
      name: 'DELETE /auth/tokens/{tokenId}',
      expect: anyUser(204),
      async request(t, who) {
        const owner = who === 'anonymous' ? 'county' : who;
        const { info } = await createApiToken(f.db(), userIds.get(owner)!, `to-revoke-${who}-${t}`);
        return { method: 'DELETE', url: `/auth/tokens/${info.id}` };
      },
    },
    { name: 'GET /users', expect: adminOnly(200), request: () => ({ method: 'GET', url: '/users' }) },
    { name: 'GET /users/townships', expect: adminOnly(200), request: () => ({ method: 'GET', url: '/users/townships' }) },
    {
      name: 'POST /users',
      expect: adminOnly(201),
      request: (t, who) => ({
        method: 'POST',
        url: '/users',
        payload: { login: `new-${who}-${t}`, role: 'township-committee', townshipId: TOWNSHIP[t] },
      }),
    },
    {
      name: 'PATCH /users/{login}',
      expect: adminOnly(200),
      request: (t) => ({ method: 'PATCH', url: `/users/victim-${t}`, payload: { displayName: `renamed ${t}` } }),
    },
    { name: 'GET /cases', expect: read, request: (t) => ({ method: 'GET', url: `/cases?township=${TOWNSHIP[t]}` }) },
    {
      name: 'POST /cases/probation',
      expect: { anonymous: 401, admin: 403, county: 201, auditor: 403, township: 403 },
      request: (t) => ({
        method: 'POST',
        url: '/cases/probation',
        payload: {
          personId: fixture[t].startPerson,
          title: '副乡长',
          appointedOn: addMonths(shanghaiDate(Date.now()), -1),
          appointmentId: `matrix-${t}`,
        },
      }),
    },
    {
      name: 'POST /cases/selection',
      expect: { anonymous: 401, admin: 403, county: 201, auditor: 403, township: 403 },
      request: (t) => ({ method: 'POST', url: '/cases/selection', payload: selectionOpening(t, 'matrix-post') }),
    },
    {
      name: 'POST /cases/election',
      // Only county staff start one, as on the CLI; a village of either township.
      expect: countyOnly(201),
      request: (t) => ({
        method: 'POST',
        url: '/cases/election',
        payload: { orgUnitId: `${TOWNSHIP[t]}-v05`, seats: 3, term: MATRIX_TERM },
      }),
    },
    {
      name: 'POST /rectification/screenings',
      expect: countyOnly(200),
      request: (t) => ({ method: 'POST', url: '/rectification/screenings', payload: { add: [fixture[t].branch] } }),
    },
    {
      name: 'POST /cases/rectification',
      expect: countyOnly(201),
      request: (t) => ({ method: 'POST', url: '/cases/rectification', payload: { branches: [fixture[t].branch] } }),
    },
    {
      // A person the registry does not hold: the route is reached, and the county gets 404.
      name: 'POST /cases/member-development',
      expect: countyOnly(404),
      request: (t) => ({ method: 'POST', url: '/cases/member-development', payload: { personId: `p-none-${t}` } }),
    },
    {
      name: 'GET /cases/{caseId}/record',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].selection)}/record` }),
    },
    {
      name: 'GET /cases/{caseId}/record.docx',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].selection)}/record.docx` }),
    },
    { name: 'GET /cases/{caseId}', expect: readOne, request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].checkInCase)}` }) },
    {
      name: 'GET /cases/{caseId}/timeline',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].checkInCase)}/timeline` }),
    },
    {
      name: 'POST /cases/{caseId}/decisions',
      // County staff reach the case, which refuses them (WrongRole) until the task is escalated.
      expect: { anonymous: 401, admin: 403, county: 403, auditor: 403, township: { own: 200, other: 404 } },
      request: (t) => ({
        method: 'POST',
        url: `/cases/${enc(fixture[t].checkInCase)}/decisions`,
        payload: { step: 'check-in-1', decision: { rating: 'good', comment: '表现良好' } },
      }),
      guards: (t) => [fixture[t].checkInCase],
    },
    {
      name: 'POST /cases/{caseId}/objections',
      expect: { anonymous: 401, admin: 403, county: 201, auditor: 403, township: { own: 201, other: 404 } },
      request: (t, who) => ({
        method: 'POST',
        url: `/cases/${enc(fixture[t].noticeCase)}/objections`,
        payload: { notice: 'pre-appointment-notice', summary: `反映问题 (${who})` },
      }),
      guards: (t) => [fixture[t].noticeCase],
    },
    { name: 'GET /tasks', expect: read, request: (t) => ({ method: 'GET', url: `/tasks?township=${TOWNSHIP[t]}` }) },
    {
      name: 'GET /tasks/{taskId}/assignees',
      expect: decideOne(200),
      request: async (t) => ({ method: 'GET', url: `/tasks/${enc(await checkInTask(t))}/assignees` }),
    },
    {
      name: 'POST /tasks/{taskId}/assign',
      // County staff may hold any township's task, so both townships' tasks can go to them.
      expect: decideOne(200),
      request: async (t) => ({ method: 'POST', url: `/tasks/${enc(await checkInTask(t))}/assign`, payload: { assignee: LOGIN.county } }),
    },
    {
      name: 'POST /tasks/{taskId}/claim',
      expect: decideOne(200),
      // Each caller finds the task unassigned: a claim is only of an unassigned task.
      request: async (t) => ({ method: 'POST', url: `/tasks/${enc(await unassignedTask(t))}/claim` }),
    },
    {
      name: 'POST /tasks/{taskId}/release',
      expect: decideOne(200),
      // Each caller who may hold the task has it first: only one's own task is given back.
      request: async (t, who) => ({ method: 'POST', url: `/tasks/${enc(await taskHeldBy(t, who))}/release` }),
    },
    {
      name: 'POST /tasks/bulk-decisions',
      // Answered per case: another township's case is refused inside the 200 as a missing one (NotFound), and never reaches its workflow.
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 403, township: 200 },
      request: (t) => ({
        method: 'POST',
        url: '/tasks/bulk-decisions',
        payload: { step: 'check-in-1', decision: { rating: 'good', comment: '批量' }, caseIds: [fixture[t].noticeCase] },
      }),
      guards: (t) => (t === 'other' ? [fixture[t].noticeCase] : []),
    },
    {
      name: 'GET /cases/{caseId}/notes',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].assignCase)}/notes` }),
    },
    {
      name: 'POST /cases/{caseId}/comments',
      expect: decideOne(201),
      request: (t, who) => ({ method: 'POST', url: `/cases/${enc(fixture[t].assignCase)}/comments`, payload: { text: `意见 (${who})` } }),
    },
    {
      name: 'POST /cases/{caseId}/attachments',
      expect: decideOne(201),
      request: (t) => ({
        method: 'POST',
        url: `/cases/${enc(fixture[t].assignCase)}/attachments?name=minutes.pdf`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: MINUTES,
      }),
    },
    {
      name: 'GET /cases/{caseId}/attachments/{attachmentId}',
      expect: readOne,
      request: async (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].assignCase)}/attachments/${await attachmentOf(t)}` }),
    },
    {
      name: 'GET /registry/org-units',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/org-units?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'GET /registry/people',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/people?township=${TOWNSHIP[t]}&limit=5` }),
    },
    {
      name: 'GET /registry/people/{personId}',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/registry/people/${fixture[t].person}` }),
    },
    {
      name: 'GET /registry/posts',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/posts?township=${TOWNSHIP[t]}&current=true&limit=5` }),
    },
    // The empty roster template holds no one's data: whoever reads the registry may have it.
    {
      name: 'GET /registry/template.xlsx',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 200 },
      request: () => ({ method: 'GET', url: '/registry/template.xlsx' }),
    },
    {
      name: 'GET /registry/search',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/search?township=${TOWNSHIP[t]}&ageMin=30&limit=5` }),
    },
    {
      name: 'GET /registry/statistics',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/statistics?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'GET /registry/statistics.xlsx',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/statistics.xlsx?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'POST /registry/imports?dryRun=true',
      expect: countyOnly(200),
      request: async () => ({ method: 'POST', url: '/registry/imports?dryRun=true', ...(await rosterUpload()) }),
    },
    {
      // The empty template: accepted, and it writes nothing.
      name: 'POST /registry/imports',
      expect: countyOnly(200),
      request: async () => ({ method: 'POST', url: '/registry/imports', ...(await rosterUpload()) }),
    },
    // Registry changes: county staff only (requests in test/support/registryChangeRequests.ts).
    ...registryChangeRequests({ person: (t) => fixture[t].person, township: (t) => TOWNSHIP[t], unitName: (t) => unitName[t] }).map(
      ({ name, countyStatus, request }) => ({ name, expect: countyOnly(countyStatus), request }),
    ),
    {
      // The full ID number: county staff only, whatever the township.
      name: 'GET /registry/people/{personId}/lrmx',
      expect: countyOnly(200),
      request: (t) => ({ method: 'GET', url: `/registry/people/${fixture[t].person}/lrmx` }),
    },
    {
      name: 'GET /registry/people/{personId}/appointment-form.docx',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/registry/people/${fixture[t].person}/appointment-form.docx` }),
    },
    {
      // A file that is no form: county staff reach the import, which refuses it and writes nothing.
      name: 'POST /registry/lrmx',
      expect: countyOnly(422),
      request: () => ({
        method: 'POST',
        url: '/registry/lrmx',
        payload: '<Person><XingMing>x</Person>',
        headers: { 'content-type': 'application/xml' },
      }),
    },
    {
      name: 'GET /audit/hash-chain',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'GET', url: '/audit/hash-chain' }),
    },
    { name: 'GET /audit/access-log', expect: auditorsAndAdmins, request: () => ({ method: 'GET', url: '/audit/access-log?limit=5' }) },
    {
      name: 'GET /audit/access-log/verification',
      expect: auditorsAndAdmins,
      request: () => ({ method: 'GET', url: '/audit/access-log/verification' }),
    },
    {
      name: 'POST /codec/decode',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'POST', url: '/codec/decode', payload: { payloads: [] } }),
    },
    {
      name: 'POST /codec/encode',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'POST', url: '/codec/encode', payload: { payloads: [] } }),
    },
    { name: 'GET /dashboard', expect: read, request: (t) => ({ method: 'GET', url: `/dashboard?township=${TOWNSHIP[t]}` }) },
    {
      name: 'POST /evaluation/rounds',
      // The rounds were started in the setup: starting one again answers 200 and starts nothing.
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 403, township: 403 },
      request: (t) => ({ method: 'POST', url: '/evaluation/rounds', payload: { year: ROUND_YEAR, townships: [TOWNSHIP[t]] } }),
    },
    {
      name: 'GET /evaluation/rounds/{roundId}',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/evaluation/rounds/${enc(fixture[t].round)}` }),
    },
    {
      name: 'GET /evaluation/rounds/{roundId}/units/{unitId}/members',
      expect: read,
      request: (t) => ({
        method: 'GET',
        url: `/evaluation/rounds/${enc(fixture[t].round)}/units/${enc(`${TOWNSHIP[t]}/township`)}/members`,
      }),
    },
    {
      name: 'GET /documents/roster.xlsx',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/documents/roster.xlsx?township=${TOWNSHIP[t]}` }),
    },
    {
      // A round that does not cover the member's township is refused on its id.
      name: 'GET /evaluation/rounds/{roundId}/results.xlsx',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/evaluation/rounds/${enc(fixture[t].round)}/results.xlsx` }),
    },
    {
      name: 'GET /rectification/ledger.xlsx',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/rectification/ledger.xlsx?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'GET /cases/{caseId}/notice.docx',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].noticeCase)}/notice.docx` }),
    },
    {
      name: 'GET /audit/cases/{caseId}/verification',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: (t) => ({ method: 'GET', url: `/audit/cases/${enc(fixture[t].checkInCase)}/verification` }),
    },
    {
      // The whole event log is in an archive: never a township's to take, whichever case is named.
      name: 'GET /audit/archive',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: (t) => ({ method: 'GET', url: `/audit/archive?caseId=${enc(fixture[t].checkInCase)}` }),
    },
    {
      name: 'POST /audit/replays',
      expect: readOne,
      request: (t) => ({ method: 'POST', url: '/audit/replays', payload: { caseId: fixture[t].checkInCase } }),
    },
    {
      name: 'GET /audit/cases/{caseId}/timeline',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/audit/cases/${enc(fixture[t].checkInCase)}/timeline` }),
    },
    {
      name: 'GET /audit/checkpoints',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'GET', url: '/audit/checkpoints' }),
    },
    {
      name: 'POST /audit/checkpoints',
      expect: { anonymous: 401, admin: 403, county: 201, auditor: 201, township: 403 },
      request: () => ({ method: 'POST', url: '/audit/checkpoints' }),
    },
    // What the CLI's read commands and evaluation requests do (README "Commands", its API column; client/api/routes/procedureViews.ts …).
    { name: 'GET /elections', expect: read, request: (t) => ({ method: 'GET', url: `/elections?township=${TOWNSHIP[t]}` }) },
    {
      name: 'GET /cases/{caseId}/election',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].election)}/election` }),
    },
    {
      name: 'GET /rectification/cases',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/rectification/cases?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'GET /cases/{caseId}/rectification',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].rectification)}/rectification` }),
    },
    {
      name: 'GET /cases/{caseId}/selection',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].selection)}/selection` }),
    },
    {
      name: 'GET /member-development/pipeline',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/member-development/pipeline?township=${TOWNSHIP[t]}&atRisk=true` }),
    },
    {
      name: 'GET /cases/{caseId}/history',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].checkInCase)}/history` }),
    },
    {
      name: 'GET /evaluation/schedules',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/evaluation/schedules?township=${TOWNSHIP[t]}` }),
    },
    {
      // One Schedule per township scope, created once (201); the setup's afterAll deletes them.
      name: 'POST /evaluation/schedules',
      expect: countyOnly(201),
      request: (t) => ({ method: 'POST', url: '/evaluation/schedules', payload: { townships: [TOWNSHIP[t]] } }),
    },
    {
      // Before the grade is notified the case refuses a review (UnknownStep, 409) and writes nothing.
      name: 'POST /cases/{caseId}/review-requests',
      expect: decideOne(409),
      request: (t) => ({
        method: 'POST',
        url: `/cases/${enc(fixture[t].evaluationCase)}/review-requests`,
        payload: { grounds: '对考核等次有异议' },
      }),
      guards: (t) => [fixture[t].evaluationCase],
    },
    {
      // Before a review was decided the case refuses an appeal (UnknownStep, 409) and writes nothing.
      name: 'POST /cases/{caseId}/appeals',
      expect: decideOne(409),
      request: (t) => ({ method: 'POST', url: `/cases/${enc(fixture[t].evaluationCase)}/appeals`, payload: { grounds: '不服复核决定' } }),
      guards: (t) => [fixture[t].evaluationCase],
    },
    {
      // The township has recommended no grade yet: county staff reach the service, which names who has none (400), writing nothing.
      name: 'POST /evaluation/rounds/{roundId}/units/{unitId}/grades',
      expect: countyOnly(400),
      request: (t) => ({
        method: 'POST',
        url: `/evaluation/rounds/${enc(fixture[t].round)}/units/${enc(`${TOWNSHIP[t]}/township`)}/grades`,
        payload: { acceptRecommended: true },
      }),
    },
    { name: 'GET / (web UI)', expect: anyone(200), request: () => ({ method: 'GET', url: '/' }) },
    { name: 'GET /assets/{file} (web UI)', expect: anyone(200), request: () => ({ method: 'GET', url: '/assets/index-B4xQ9z_a.js' }) },
    { name: 'GET /{file} (web UI root files)', expect: anyone(200), request: () => ({ method: 'GET', url: '/favicon.svg' }) },
  ];
}

let rosterBytes: Buffer | undefined;
/** The roster template as an upload: a workbook with no rows. */
async function rosterUpload(): Promise<Pick<InjectOptions, 'payload' | 'headers'>> {
  rosterBytes ??= await writeRosterWorkbook();
  return { payload: rosterBytes, headers: { 'content-type': XLSX_TYPE } };
}

/** A selection opened today for a post of the target's township. */
export function selectionOpening(t: Target, postId: string) {
  return {
    orgUnitId: TOWNSHIP[t],
    post: { postId, title: '副乡长', rank: '副科级' },
    method: 'ordinary',
    qualifications: '大学本科以上学历',
    scope: '全县乡镇在职干部',
  };
}

/** A scanned page of minutes, as a PDF's first bytes. */
export const MINUTES = Buffer.from('%PDF-1.7\n% 党委会议记录\n%%EOF\n');

export const enc = encodeURIComponent;
