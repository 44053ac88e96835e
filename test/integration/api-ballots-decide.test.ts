/**
 * The step decided from an online ballot session (docs/ballots.md "The decision to the
 * workflow"), over HTTP on the shared Temporal server and a real PostgreSQL database.
 *
 * The issue's quorum edge: two twin elections reach their election meeting (more than 4/5
 * of the 40 members due must attend). On one, 32 phones vote and the chair closes: the
 * close decides the step by itself, and the case records no quorum exactly as the twin
 * does with 32 present typed in; the meeting is held again, 33 phones vote, and the step
 * is decided — the committee elected — exactly as the twin with the same counts typed in.
 * Each TaskDecided cites its session: id, chain head, ballots cast.
 *
 * A members' vote needs the assembly's day, which no ballot gives: the close answers
 * `decided: null` and why in both languages, and POST /ballot-sessions/{id}/decision with
 * the day decides it. Every refusal (an open session, another township's chair, a field
 * the ballots give, a day the step refuses, a step decided otherwise) writes nothing.
 */
import { memberStepsToAssembly } from '../support/memberStepsToAssembly';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import { sessionDecision } from '../../domain/ballots/sessionTally';
import { seedMembership } from '../../client/memberCases';
import { memberDevelopmentCaseId } from '../../domain/memberDevelopment';
import { problem, signedInUser, startApiStack, type ApiStack } from '../support/api';
import { eventCount } from '../support/cases';
import { castAtOnce, decideOver, json, nthEvent, openSessionOver, pendingStep, taskDecided, type BallotHttp } from '../support/ballotHttp';

const TASK_QUEUE = `api-ballots-decide-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** A term no other suite elects, so the shared server's workflow ids never meet. */
const TERM = '2094';
const ONLINE = `election/ts-01-v03/${TERM}`;
const TYPED = `election/ts-01-v04/${TERM}`;
const NOMINEES = ['p-0462', 'p-0463', 'p-0464', 'p-0466'];
const today = shanghaiDate(Date.now());
// The slate's notice was posted on paper a month ago and the election day is past: nothing waits on the clock.
const POSTED_ON = addDays(today, -30);
const ELECTION_DAY = addDays(today, -10);
const HEAD = /^[0-9a-f]{64}$/;

let stack: ApiStack;
let h: BallotHttp;
let county: string;
let chair: string;
let memberChair: string;
let memberCase: string;
let assemblyOn: string;

const post = (url: string, cookie: string, payload?: object) =>
  stack.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** An election from its request to its election meeting, every step typed in by the township's committee. */
async function electionToMeeting(caseId: string): Promise<void> {
  const started = await post('/cases/election', county, { orgUnitId: caseId.split('/')[1], seats: 3, term: TERM });
  expect(started.statusCode, started.body).toBe(201);
  await decideOver(h, chair, caseId, 'request-approval', { outcome: 'approve', reason: '同意按期换届' });
  await decideOver(h, chair, caseId, 'election-notice', { date: ELECTION_DAY, method: '差额选举、无记名投票', eligibleVoters: 40 });
  await decideOver(h, chair, caseId, 'members-recommendation', {
    eligible: 40,
    present: 36,
    cast: 36,
    invalid: 0,
    votes: { 'p-0462': 30, 'p-0463': 25, 'p-0464': 22, 'p-0466': 15 },
  });
  await decideOver(h, chair, caseId, 'masses-recommendation', {
    eligible: 45,
    present: 38,
    cast: 38,
    invalid: 1,
    votes: { 'p-0462': 30, 'p-0463': 25, 'p-0464': 22, 'p-0466': 15 },
  });
  await decideOver(h, chair, caseId, 'township-review', {});
  for (const p of NOMINEES) await decideOver(h, chair, caseId, `vetting-${p}`, { outcome: 'pass', findings: '符合条件' });
  await decideOver(h, chair, caseId, 'slate', { candidates: NOMINEES, noticePostedOn: POSTED_ON });
  await pendingStep(h, caseId, 'election-meeting');
}

/** A member development case from its application (27 months ago) to the branch assembly's vote. */
async function memberToAssembly(): Promise<void> {
  await seedMembership(stack.database.db);
  // A ts-03 village cadre the register does not hold: no other suite opens their case.
  const person = await stack.database.db
    .selectFrom('people')
    .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
    .leftJoin('party_members', 'party_members.person_id', 'people.person_id')
    .select('people.person_id')
    .where('people.township_id', '=', 'ts-03')
    .where('org_units.kind', '=', 'village')
    .where('party_members.person_id', 'is', null)
    .orderBy('people.person_id')
    .executeTakeFirstOrThrow();
  memberCase = memberDevelopmentCaseId(person.person_id);
  const applied = addMonths(today, -27);
  const started = await post('/cases/member-development', county, { personId: person.person_id, appliedOn: applied });
  expect(started.statusCode, started.body).toBe(201);
  const toAssembly = memberStepsToAssembly(applied);
  assemblyOn = toAssembly.assemblyOn;
  for (const [step, decision] of toAssembly.steps) await decideOver(h, memberChair, memberCase, step, decision);
  await pendingStep(h, memberCase, 'members-vote');
}

beforeAll(async () => {
  stack = await startApiStack(TASK_QUEUE);
  h = { app: stack.app, db: stack.database.db };
  county = (await signedInUser(stack, { login: 'decide-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  chair = (await signedInUser(stack, { login: 'decide-ts01', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })).cookie;
  memberChair = (await signedInUser(stack, { login: 'decide-ts03', role: 'township-committee', townshipId: 'ts-03', password: PASSWORD }))
    .cookie;
  await Promise.all([electionToMeeting(ONLINE), electionToMeeting(TYPED), memberToAssembly()]);
}, 240_000);

afterAll(async () => {
  for (const caseId of [ONLINE, TYPED, memberCase].filter(Boolean))
    await stack?.client.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
  await stack?.shared.stop();
  await stack?.database.drop();
});

/**
 * Ballot i of 33 on the slate: 30 approve p-0462, 25 p-0463, 20 p-0464, 5 p-0466; never
 * more than three (the seats) on one ballot, the rest marked no.
 */
function slateBallot(i: number): unknown {
  const yes = new Set([
    ...(i < 30 ? ['p-0462'] : []),
    ...(i < 25 ? ['p-0463'] : []),
    ...(i >= 13 ? ['p-0464'] : []),
    ...(i < 5 ? ['p-0466'] : []),
  ]);
  return { kind: 'approve', votes: Object.fromEntries(NOMINEES.map((p) => [p, yes.has(p) ? 'yes' : 'no'])) };
}

/** What a case's event says of a meeting, without what differs between twins: the case and the instant. */
function meeting(data: Record<string, unknown>): Record<string, unknown> {
  const { caseId: _c, at: _a, ...rest } = data;
  return rest;
}

describe('an election meeting decided from its online session', () => {
  it('32 of 40 cast: the close records no quorum by itself, exactly as 32 present typed in, citing the session', async () => {
    const sheet = await openSessionOver(h, chair, ONLINE, {
      step: 'election-meeting',
      definition: { due: 40, candidates: NOMINEES, seats: 3 },
    });
    await castAtOnce(
      h,
      sheet.tokens.slice(0, 32).map((t) => t.token),
      slateBallot,
    );
    const turnout = json(
      await stack.app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/turnout`, headers: { cookie: chair } }),
    );
    expect(turnout).toMatchObject({ cast: 32, quorum: { needed: 33 } });

    const closed = await post(`/ballot-sessions/${sheet.sessionId}/close`, chair);
    expect(closed.statusCode, closed.body).toBe(200);
    const body = json(closed) as { decision: Record<string, unknown>; head: string; cast: number; decided: Record<string, unknown> | null };
    // Without a quorum the form records the attendance only, as the recorder would type it.
    expect(body.decision).toEqual({ eligible: 40, present: 32 });
    expect(body.decided).toMatchObject({ caseId: ONLINE, step: 'election-meeting' });
    expect(body).not.toHaveProperty('decisionRefusal');
    expect(body.head).toMatch(HEAD);

    await decideOver(h, chair, TYPED, 'election-meeting', { eligible: 40, present: 32 });
    const online = await taskDecided(h.db, ONLINE, 'election-meeting');
    const typed = await taskDecided(h.db, TYPED, 'election-meeting');
    expect(online.decision).toEqual(typed.decision);
    expect(online.ballot).toEqual({ sessionId: sheet.sessionId, head: body.head, cast: 32 });
    expect(typed).not.toHaveProperty('ballot');
    const [heldOnline, heldTyped] = await Promise.all([
      nthEvent(h.db, ONLINE, 'ElectionMeetingHeld'),
      nthEvent(h.db, TYPED, 'ElectionMeetingHeld'),
    ]);
    expect(meeting(heldOnline)).toEqual(meeting(heldTyped));
    expect(heldOnline).toMatchObject({ outcome: 'no-quorum', present: 32 });
    // The meeting is held again on both.
    await pendingStep(h, ONLINE, 'election-meeting-2');
    await pendingStep(h, TYPED, 'election-meeting-2');

    // The same chair asking again (the answer was lost) gets the same receipt and writes nothing.
    const events = await eventCount(h.db, ONLINE);
    const again = await post(`/ballot-sessions/${sheet.sessionId}/decision`, chair, {});
    expect(again.statusCode, again.body).toBe(200);
    expect(json(again)).toEqual({ receipt: body.decided });
    expect(await eventCount(h.db, ONLINE)).toBe(events);
  });

  it('33 of 40 cast: the close decides the meeting, the committee elected exactly as the same counts typed in', async () => {
    const step = 'election-meeting-2';
    const sheet = await openSessionOver(h, chair, ONLINE, { step, definition: { due: 40, candidates: NOMINEES, seats: 3 }, spares: 2 });
    const receipts = await castAtOnce(
      h,
      sheet.tokens.slice(0, 33).map((t) => t.token),
      slateBallot,
    );
    expect(new Set(receipts).size).toBe(33);

    const closed = await post(`/ballot-sessions/${sheet.sessionId}/close`, chair);
    expect(closed.statusCode, closed.body).toBe(200);
    const body = json(closed) as { decision: Record<string, unknown>; head: string; decided: Record<string, unknown> | null };
    const counts = { eligible: 40, present: 33, cast: 33, invalid: 0, votes: { 'p-0462': 30, 'p-0463': 25, 'p-0464': 20, 'p-0466': 5 } };
    expect(body.decision).toEqual(counts);
    expect(body.decided).toMatchObject({ caseId: ONLINE, step });

    // The decision is the domain's, from the published definition and tally.
    const published = json(await stack.app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/ballots` })) as {
      definition: never;
      result: { tally: never; head: string };
    };
    expect(sessionDecision(published.definition, published.result.tally, DEFAULT_POLICY)).toEqual(counts);
    expect(published.result.head).toBe(body.head);

    // On the twin a session is open too when its step is typed in: closing it later decides nothing.
    const twin = await openSessionOver(h, chair, TYPED, { step, definition: { due: 40, candidates: NOMINEES, seats: 3 } });
    await castAtOnce(h, [twin.tokens[0]!.token], slateBallot);
    await decideOver(h, chair, TYPED, step, counts);
    const online = await taskDecided(h.db, ONLINE, step);
    const typed = await taskDecided(h.db, TYPED, step);
    expect(online.decision).toEqual(typed.decision);
    const row = await h.db
      .selectFrom('ballot_sessions')
      .select(['head_hash', 'head_position'])
      .where('session_id', '=', sheet.sessionId)
      .executeTakeFirstOrThrow();
    expect(online.ballot).toEqual({ sessionId: sheet.sessionId, head: row.head_hash, cast: 33 });
    expect(row.head_position).toBe(33);
    const [heldOnline, heldTyped] = await Promise.all([
      nthEvent(h.db, ONLINE, 'ElectionMeetingHeld', 2),
      nthEvent(h.db, TYPED, 'ElectionMeetingHeld', 2),
    ]);
    expect(meeting(heldOnline)).toEqual(meeting(heldTyped));
    // Three of the four approved by more than half of those present: the committee is elected, the officers come next.
    expect(heldOnline).toMatchObject({ outcome: 'filled', elected: ['p-0462', 'p-0463', 'p-0464'], present: 33 });
    await pendingStep(h, ONLINE, 'officers');
    await pendingStep(h, TYPED, 'officers');

    // The twin's session, its step typed in meanwhile: the close says so in both languages and writes nothing to the case.
    const typedEvents = await eventCount(h.db, TYPED);
    const onlineEvents = await eventCount(h.db, ONLINE);
    const late = await post(`/ballot-sessions/${twin.sessionId}/close`, chair);
    expect(late.statusCode, late.body).toBe(200);
    expect(json(late)).toMatchObject({
      cast: 1,
      decided: null,
      decisionRefusal: {
        code: 'DuplicateDecision',
        zh: expect.stringContaining('该步骤已经办理'),
        en: expect.stringContaining('already decided'),
      },
    });
    const refused = await post(`/ballot-sessions/${twin.sessionId}/decision`, chair, {});
    problem(refused, 409);
    expect(json(refused)).toMatchObject({
      type: 'urn:cadreflow:problem:refused-DuplicateDecision',
      zh: expect.stringContaining('该步骤已经办理'),
    });
    // The online case's counts typed in again, without its session, are not a repeat of the session's decision.
    const retyped = await post(`/cases/${encodeURIComponent(ONLINE)}/decisions`, chair, { step, decision: counts });
    problem(retyped, 409);
    expect(json(retyped)).toMatchObject({ reason: 'DuplicateDecision' });
    expect(await eventCount(h.db, TYPED)).toBe(typedEvents);
    expect(await eventCount(h.db, ONLINE)).toBe(onlineEvents);
  });
});

describe('a members’ vote decided from its online session', () => {
  it('the close answers decided null and why; the decision route refuses what is not the chair’s and decides with the assembly’s day', async () => {
    const personId = memberCase.split('/')[1]!;
    const sheet = await openSessionOver(h, memberChair, memberCase, { step: 'members-vote', definition: { due: 28 } });
    const events = () => eventCount(h.db, memberCase);
    const decisionUrl = `/ballot-sessions/${sheet.sessionId}/decision`;

    // Still open: refused in both languages, nothing sent.
    const before = await events();
    const open = await post(decisionUrl, memberChair, { extra: { on: assemblyOn } });
    problem(open, 409);
    expect(json(open)).toMatchObject({
      reason: 'session-open',
      zh: expect.stringContaining('投票尚未结束'),
      en: expect.stringContaining('open'),
    });

    // 25 of 28 vote: 22 yes, 2 no, 1 abstains.
    await castAtOnce(
      h,
      sheet.tokens.slice(0, 25).map((t) => t.token),
      (i) => ({ kind: 'approve', votes: { [personId]: i < 22 ? 'yes' : i < 24 ? 'no' : 'abstain' } }),
    );
    const closed = await post(`/ballot-sessions/${sheet.sessionId}/close`, memberChair);
    expect(closed.statusCode, closed.body).toBe(200);
    const body = json(closed) as { decision: Record<string, unknown>; decided: unknown; decisionRefusal: Record<string, string> };
    expect(body.decision).toEqual({ eligible: 28, present: 25, yes: 22, writtenYes: 0 });
    expect(body.decided).toBeNull();
    expect(body.decisionRefusal).toMatchObject({
      code: 'MalformedDecision',
      zh: expect.stringContaining('支部大会召开日期（on）'),
      en: expect.stringMatching(/on must be a date.*the day of the branch assembly/),
    });
    expect(await events()).toBe(before);
    // The session stays closed and published whatever the step said.
    expect((await stack.app.inject({ method: 'GET', url: `/ballot-sessions/${sheet.sessionId}/ballots` })).statusCode).toBe(200);

    // Refused, each writing nothing: another township's chair, a count the ballots give, a field the form lacks, a day the step refuses.
    problem(await post(decisionUrl, chair, { extra: { on: assemblyOn } }), 404);
    const count = await post(decisionUrl, memberChair, { extra: { on: assemblyOn, yes: 25 } });
    problem(count, 422);
    expect(json(count)).toMatchObject({
      reason: 'bad-extra',
      zh: expect.stringContaining('不能补充：yes'),
      en: expect.stringContaining('not yes'),
    });
    problem(await post(decisionUrl, memberChair, { extra: { noticePostedOn: assemblyOn } }), 422);
    const badDay = await post(decisionUrl, memberChair, { extra: { on: '2026-02-30' } });
    problem(badDay, 422);
    expect(json(badDay)).toMatchObject({
      type: 'urn:cadreflow:problem:refused-MalformedDecision',
      reason: 'MalformedDecision',
      zh: expect.stringContaining('该步骤未采用投票结果'),
      en: expect.stringContaining('2026-02-30'),
    });
    expect(await events()).toBe(before);
    expect(
      (
        await h.db
          .selectFrom('tasks')
          .select('status')
          .where('case_id', '=', memberCase)
          .where('step', '=', 'members-vote')
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('pending');

    // With the assembly's day the step is decided, citing the session; the same again gets the same receipt.
    const decided = await post(decisionUrl, memberChair, { extra: { on: assemblyOn } });
    expect(decided.statusCode, decided.body).toBe(200);
    const { receipt } = json(decided) as { receipt: Record<string, unknown> };
    expect(receipt).toMatchObject({ caseId: memberCase, step: 'members-vote' });
    const recorded = await taskDecided(h.db, memberCase, 'members-vote');
    expect(recorded.decision).toEqual({ on: assemblyOn, eligible: 28, present: 25, yes: 22, writtenYes: 0 });
    expect(recorded.ballot).toEqual({ sessionId: sheet.sessionId, head: (json(closed) as { head: string }).head, cast: 25 });
    expect(await nthEvent(h.db, memberCase, 'MembersVoteRecorded')).toMatchObject({ yes: 22 });
    // The step is taken, and the vote ends the stage (the case's run moves on to the county's review):
    // the same session with another day is refused in both languages and writes nothing.
    await pendingStep(h, memberCase, 'county-review');
    const after = await events();
    const other = await post(decisionUrl, memberChair, { extra: { on: addDays(assemblyOn, 1) } });
    problem(other, 409);
    expect(json(other)).toMatchObject({ reason: 'UnknownStep', zh: expect.stringContaining('该步骤未在办理中') });
    expect(await events()).toBe(after);
  });
});
