/**
 * The authorization matrix's endpoints (test/support/authzEndpoints.ts): the dashboard, the procedures (evaluation, selection, election, rectification, member development), documents, audits and the web UI.
 */

import { read, readOne, decideOne, anyone, countyOnly, TOWNSHIP, ROUND_YEAR, enc, type Endpoint, type MatrixFixtures } from './authzMatrix';

export function authzEndpointsProcedures(f: MatrixFixtures): Endpoint[] {
  const { fixture } = f;
  return [
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
