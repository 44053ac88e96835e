/**
 * The authorization matrix's endpoints (test/support/authzEndpoints.ts): online ballot
 * sessions (docs/ballots.md). The chair's routes are the deciders' (the service then
 * checks the step's role and township); the voter's are public, the token being the
 * credential, so every caller gets the same answer — a made-up token is unknown to all.
 * The matrix opens no session (its cases hold no step that takes votes): the chair's
 * routes on a session are reached with an unknown one, which the service answers 404 —
 * the answer it gives for another township's session; test/integration/api-ballots.test.ts
 * covers the real sessions.
 */
import { encodeToken } from '../../domain/ballots/ballotToken';
import { anyone, decideOne, enc, readOne, type Endpoint, type MatrixFixtures, type Row } from './authzMatrix';

/** A well-formed session id and token that no session issued. */
const NO_SESSION = 'bs-00000000-0000-4000-8000-000000000000';
const NO_TOKEN = encodeToken(new Uint8Array(16).fill(9));
/** The chair's routes on a session: deciders reach the service, which knows no such session. */
const chairOf: Row = { anonymous: 401, admin: 403, county: 404, auditor: 403, township: 404 };

export function authzEndpointsBallots(f: MatrixFixtures): Endpoint[] {
  const { fixture } = f;
  return [
    {
      name: 'POST /cases/{caseId}/ballot-sessions',
      // A check-in takes no votes: deciders reach the step's rules, which refuse it (422); another township's case is missing.
      expect: decideOne(422),
      request: (t) => ({
        method: 'POST',
        url: `/cases/${enc(fixture[t].checkInCase)}/ballot-sessions`,
        payload: { step: 'check-in-1', definition: { due: 10 } },
      }),
      guards: (t) => [fixture[t].checkInCase],
    },
    {
      name: 'GET /cases/{caseId}/ballot-sessions',
      // Every reader of the case: the list holds what each may see (an open session its chair only); another township's case is missing.
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/cases/${enc(fixture[t].checkInCase)}/ballot-sessions` }),
    },
    {
      name: 'GET /ballot-sessions/{sessionId}/turnout',
      expect: chairOf,
      request: () => ({ method: 'GET', url: `/ballot-sessions/${NO_SESSION}/turnout` }),
    },
    {
      name: 'POST /ballot-sessions/{sessionId}/voided-tokens',
      expect: chairOf,
      request: () => ({ method: 'POST', url: `/ballot-sessions/${NO_SESSION}/voided-tokens`, payload: { token: NO_TOKEN } }),
    },
    {
      name: 'POST /ballot-sessions/{sessionId}/close',
      expect: chairOf,
      request: () => ({ method: 'POST', url: `/ballot-sessions/${NO_SESSION}/close` }),
    },
    {
      name: 'POST /ballot-sessions/{sessionId}/decision',
      expect: chairOf,
      request: () => ({ method: 'POST', url: `/ballot-sessions/${NO_SESSION}/decision`, payload: { extra: { on: '2026-03-02' } } }),
    },
    {
      name: 'GET /audit/ballot-sessions',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'GET', url: '/audit/ballot-sessions' }),
    },
    {
      name: 'POST /ballots/form',
      expect: anyone(404),
      request: () => ({ method: 'POST', url: '/ballots/form', payload: { token: NO_TOKEN } }),
    },
    {
      name: 'POST /ballots',
      expect: anyone(404),
      request: () => ({ method: 'POST', url: '/ballots', payload: { token: NO_TOKEN, ballot: { kind: 'rating', grade: 'excellent' } } }),
    },
    {
      name: 'GET /ballot-sessions/{sessionId}/ballots',
      expect: anyone(404),
      request: () => ({ method: 'GET', url: `/ballot-sessions/${NO_SESSION}/ballots` }),
    },
  ];
}
