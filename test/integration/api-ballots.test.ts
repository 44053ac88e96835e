/**
 * Online ballots over HTTP (docs/ballots.md, docs/api.md "Ballots"): an election's
 * members' recommendation on the shared Temporal server. The township committee opens a
 * session of 40 tokens (and spares) on the open step, 33 phones vote at once through
 * POST /ballots with no sign-in, the chair closes it and the close decides the step; a
 * twin election given the same counts typed in records the same meeting. A
 * forged, voided or reused token is refused in Chinese and English and writes nothing;
 * the voter's routes act as nobody, whatever cookie or token the caller carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { encodeToken } from '../../domain/ballots/ballotToken';
import { shanghaiDate, addDays } from '../../domain/calendar';
import { problem, signedInUser, startApiStack, type ApiStack } from '../support/api';
import { eventually } from '../support/cases';
import { ballotRows as countBallots, decideOver as decideAs, json, type BallotHttp } from '../support/ballotHttp';

const TASK_QUEUE = `api-ballots-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** A term no other suite uses, so the shared server's workflow ids never meet. */
const TERM = '2091';
const NOMINEES = ['p-0462', 'p-0463', 'p-0464', 'p-0466'];
const ONLINE = `election/ts-01-v01/${TERM}`;
const TYPED = `election/ts-01-v02/${TERM}`;
const STEP = 'members-recommendation';
const ELECTION_DAY = addDays(shanghaiDate(Date.now()), -10);

let stack: ApiStack;
let app: FastifyInstance;
let county: string;
let chair: string;
let otherChair: string;

const http = (): BallotHttp => ({ app, db: stack.database.db });
const ballotRows = () => countBallots(stack.database.db);
const decideOver = async (caseId: string, step: string, decision: unknown) => {
  await decideAs(http(), chair, caseId, step, decision);
};

async function meetingHeld(caseId: string): Promise<Record<string, unknown>> {
  return eventually(
    async () =>
      (
        await stack.database.db
          .selectFrom('events')
          .select('data')
          .where('stream_id', '=', caseId)
          .where('type', '=', 'RecommendationMeetingHeld')
          .executeTakeFirst()
      )?.data as Record<string, unknown> | undefined,
    `${caseId} RecommendationMeetingHeld`,
  );
}

beforeAll(async () => {
  stack = await startApiStack(TASK_QUEUE);
  app = stack.app;
  county = (await signedInUser(stack, { login: 'ballot-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  chair = (await signedInUser(stack, { login: 'ballot-ts01', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })).cookie;
  otherChair = (await signedInUser(stack, { login: 'ballot-ts02', role: 'township-committee', townshipId: 'ts-02', password: PASSWORD }))
    .cookie;
  for (const caseId of [ONLINE, TYPED]) {
    const orgUnitId = caseId.split('/')[1];
    const started = await app.inject({
      method: 'POST',
      url: '/cases/election',
      headers: { cookie: county },
      payload: { orgUnitId, seats: 3, term: TERM },
    });
    expect(started.statusCode, started.body).toBe(201);
    await decideOver(caseId, 'request-approval', { outcome: 'approve', reason: '同意按期换届' });
    await decideOver(caseId, 'election-notice', { date: ELECTION_DAY, method: '差额选举、无记名投票', eligibleVoters: 40 });
  }
}, 240_000);

afterAll(async () => {
  for (const caseId of [ONLINE, TYPED])
    await stack?.client.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
  await stack?.shared.stop();
  await stack?.database.drop();
});

describe('an online members’ recommendation over HTTP', () => {
  it('40 tokens, 33 cast at once without sign-in, closed, and the step decided by the close as the same count typed in', async () => {
    await decideOver(TYPED, STEP, {
      eligible: 40,
      present: 33,
      cast: 33,
      invalid: 0,
      votes: { 'p-0462': 30, 'p-0463': 22, 'p-0464': 11 },
    }).catch((err: unknown) => {
      throw err;
    });
    // Another township's committee is told no such step; the county may chair only an escalated step.
    const url = `/cases/${encodeURIComponent(ONLINE)}/ballot-sessions`;
    const payload = { step: STEP, definition: { due: 40, candidates: NOMINEES, seats: 3 }, spares: 2 };
    expect((await app.inject({ method: 'POST', url, headers: { cookie: otherChair }, payload })).statusCode).toBe(404);
    const opened = await app.inject({ method: 'POST', url, headers: { cookie: chair }, payload });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.headers['cache-control']).toBe('no-store');
    const sheet = json(opened) as { sessionId: string; tokens: { token: string; url: string }[]; spares: { token: string }[] };
    expect(sheet.tokens).toHaveLength(40);
    expect(sheet.spares).toHaveLength(2);
    expect(sheet.tokens[0]!.url).toMatch(new RegExp(`/#/vote/${sheet.tokens[0]!.token}$`));
    const again = await app.inject({ method: 'POST', url, headers: { cookie: chair }, payload });
    expect(json(again)).toMatchObject({ reason: 'session-open' });

    // The form a token opens, with no sign-in; reading it uses nothing.
    const form = await app.inject({ method: 'POST', url: '/ballots/form', payload: { token: sheet.tokens[0]!.token } });
    expect(form.statusCode, form.body).toBe(200);
    expect(json(form)).toMatchObject({
      sessionId: sheet.sessionId,
      form: 'election.recommendation',
      ballot: { kind: 'choose', candidates: NOMINEES, seats: 3 },
    });
    // The names the paper ballot prints beside the list, from the registry.
    const names = (json(form) as { names: Record<string, string> }).names;
    expect(Object.keys(names).sort()).toEqual(NOMINEES);
    for (const id of NOMINEES) expect(names[id]).toMatch(/\S/);

    // 33 ballots at once: 30 name p-0462, 22 p-0463, 11 p-0464 (as the typed-in count above).
    const marks = (i: number) => [...(i < 30 ? ['p-0462'] : []), ...(i < 22 ? ['p-0463'] : []), ...(i >= 22 ? ['p-0464'] : [])];
    const casts = await Promise.all(
      sheet.tokens
        .slice(0, 33)
        .map((t, i) =>
          app.inject({ method: 'POST', url: '/ballots', payload: { token: t.token, ballot: { kind: 'choose', marked: marks(i) } } }),
        ),
    );
    for (const c of casts) {
      expect(c.statusCode, c.body).toBe(201);
      expect(c.headers['set-cookie']).toBeUndefined();
    }
    const receipts = casts.map((c) => (json(c) as { receipt: string }).receipt);
    expect(new Set(receipts).size).toBe(33);

    const turnout = await app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/turnout`, headers: { cookie: chair } });
    expect(json(turnout)).toMatchObject({
      status: 'open',
      due: 40,
      cast: 33,
      tokens: { issued: 9, used: 33, voided: 0, spares: 2 },
      quorum: { needed: 27 },
    });
    expect(turnout.body).not.toContain('p-0462');
    expect(
      (await app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/turnout`, headers: { cookie: otherChair } })).statusCode,
    ).toBe(404);
    // Published only after closing.
    expect(json(await app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/ballots` }))).toMatchObject({
      reason: 'session-open',
    });

    const closed = await app.inject({ method: 'POST', url: `/ballot-sessions/${sheet.sessionId}/close`, headers: { cookie: chair } });
    expect(closed.statusCode, closed.body).toBe(200);
    const result = json(closed) as { decision: Record<string, unknown>; head: string; cast: number; decided: unknown };
    expect(result.cast).toBe(33);
    expect(result.decided).toMatchObject({ caseId: ONLINE, step: STEP });
    expect(result.decision).toEqual({
      eligible: 40,
      present: 33,
      cast: 33,
      invalid: 0,
      votes: { 'p-0462': 30, 'p-0463': 22, 'p-0464': 11 },
    });
    // The same meeting recorded, outcome and all; only the case and the instant differ.
    const { caseId: _a, at: _b, ...online } = await meetingHeld(ONLINE);
    const { caseId: _c, at: _d, ...typed } = await meetingHeld(TYPED);
    expect(online).toEqual(typed);
    expect(online).toMatchObject({ outcome: 'valid', present: 33, cast: 33 });

    // Anyone finds their receipt in the published list, and can recount it.
    const found = await app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/ballots?receipt=${receipts[5]}` });
    expect(found.statusCode, found.body).toBe(200);
    expect(json(found)).toMatchObject({ ballots: [{ receipt: receipts[5] }], result: { head: result.head } });
    expect(json(found).names).toEqual(names);
    const all = json(await app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/ballots` })) as { ballots: unknown[] };
    expect(all.ballots).toHaveLength(33);
  });

  it('a forged, voided or reused token, or one after closing, is refused in both languages and writes nothing', async () => {
    const url = `/cases/${encodeURIComponent(TYPED)}/ballot-sessions`;
    // The typed-in case's recommendation is decided: no open step to hold a session on.
    expect(
      json(
        await app.inject({
          method: 'POST',
          url,
          headers: { cookie: chair },
          payload: { step: STEP, definition: { due: 40, candidates: NOMINEES, seats: 3 } },
        }),
      ),
    ).toMatchObject({
      reason: 'no-ballot-step',
    });
    const masses = `/cases/${encodeURIComponent(ONLINE)}/ballot-sessions`;
    const opened = json(
      await app.inject({
        method: 'POST',
        url: masses,
        headers: { cookie: chair },
        payload: { step: 'masses-recommendation', definition: { due: 5, candidates: NOMINEES, seats: 3 }, spares: 1 },
      }),
    ) as { sessionId: string; tokens: { token: string }[]; spares: { token: string }[] };
    const before = await ballotRows();
    const cast = (token: string, ballot: unknown = { kind: 'choose', marked: ['p-0462'] }) =>
      app.inject({ method: 'POST', url: '/ballots', payload: { token, ballot } });

    const forged = await cast(encodeToken(new Uint8Array(16).fill(7)));
    problem(forged, 404);
    expect(json(forged)).toMatchObject({ reason: 'unknown-token', zh: '投票码无效', en: 'this is not a ballot token' });
    problem(await cast('not a token'), 400);
    const voided = await app.inject({
      method: 'POST',
      url: `/ballot-sessions/${opened.sessionId}/voided-tokens`,
      headers: { cookie: chair },
      payload: { token: opened.spares[0]!.token },
    });
    expect(voided.statusCode, voided.body).toBe(204);
    expect(json(await cast(opened.spares[0]!.token))).toMatchObject({ reason: 'token-voided', zh: '这张票已作废' });
    expect(json(await app.inject({ method: 'POST', url: '/ballots/form', payload: { token: opened.spares[0]!.token } }))).toMatchObject({
      reason: 'token-voided',
    });
    // A ballot the page cannot produce (a name off the list) is refused and leaves the token unused.
    problem(await cast(opened.tokens[0]!.token, { kind: 'choose', marked: ['p-9999'] }), 422);
    expect((await cast(opened.tokens[0]!.token)).statusCode).toBe(201);
    const reused = await cast(opened.tokens[0]!.token);
    problem(reused, 409);
    expect(json(reused)).toMatchObject({ reason: 'token-used', zh: '这张票已经投过，每张票只能投一次' });
    expect(await ballotRows()).toBe(before + 1);

    // The voter's routes act as nobody: a ballot token is no API token, and a cookie on a cast changes nothing.
    const asBearer = await app.inject({
      method: 'GET',
      url: `/ballot-sessions/${opened.sessionId}/turnout`,
      headers: { authorization: `Bearer ${opened.tokens[1]!.token}` },
    });
    problem(asBearer, 401);
    const withCookie = await app.inject({
      method: 'POST',
      url: '/ballots',
      headers: { cookie: county },
      payload: { token: opened.tokens[1]!.token, ballot: { kind: 'choose', marked: [] } },
    });
    expect(withCookie.statusCode, withCookie.body).toBe(201);
    // From another site with the cookie, the browser guard refuses it before anything is read.
    const crossSite = await app.inject({
      method: 'POST',
      url: '/ballots',
      headers: { cookie: county, origin: 'http://evil.example' },
      payload: { token: opened.tokens[2]!.token, ballot: { kind: 'choose', marked: [] } },
    });
    problem(crossSite, 403);

    expect(
      (await app.inject({ method: 'POST', url: `/ballot-sessions/${opened.sessionId}/close`, headers: { cookie: chair } })).statusCode,
    ).toBe(200);
    const late = await cast(opened.tokens[3]!.token);
    expect(json(late)).toMatchObject({ reason: 'session-closed', zh: '投票已经结束' });
    expect(await ballotRows()).toBe(before + 2);
  });

  it('rate-limits one token’s attempts with 429 and Retry-After', async () => {
    const token = encodeToken(new Uint8Array(16).fill(3));
    let last = await app.inject({ method: 'POST', url: '/ballots', payload: { token, ballot: { kind: 'choose', marked: [] } } });
    for (let i = 0; i < 12 && last.statusCode !== 429; i++) {
      last = await app.inject({ method: 'POST', url: '/ballots', payload: { token, ballot: { kind: 'choose', marked: [] } } });
    }
    problem(last, 429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(last)).toMatchObject({ zh: expect.stringContaining('尝试次数过多') });
  });
});
