/**
 * The authorization matrix's endpoints (test/support/authzEndpoints.ts): the system, sign-in, accounts, cases, tasks and their notes.
 */
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { createApiToken, createSession } from '../../client/api/accounts';
import { SESSION_COOKIE } from '../../client/api/auth';
import {
  read,
  readOne,
  decideOne,
  anyUser,
  anyone,
  countyOnly,
  adminOnly,
  TOWNSHIP,
  PASSWORD,
  MATRIX_TERM,
  LOGIN,
  enc,
  MINUTES,
  selectionOpening,
  type Endpoint,
  type MatrixFixtures,
} from './authzMatrix';

export function authzEndpointsCases(f: MatrixFixtures): Endpoint[] {
  const { fixture, userIds, attachmentOf, checkInTask, unassignedTask, taskHeldBy } = f;
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
  ];
}
