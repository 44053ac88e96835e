/**
 * Starting cases through the real API, on a real PostgreSQL database and the real Temporal
 * dev server: county staff start a probation, an election (village and township form) and
 * rectification cases after screening the branches with a facts file, and a Party member
 * development case (发展党员);
 * the case runs and shows in GET /cases; a township committee, an auditor or an admin is
 * refused; bad input is refused with the domain parser's message and starts nothing; the
 * case's first events carry the signed-in user who started it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { COUNTY_ID, generateDemoCounty } from '../../demo/county';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { electionWorkflowId } from '../../domain/election';
import { probationWorkflowId } from '../../workflows/probation';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventually } from '../support/cases';
import { problem, signedInUser, startApiStack } from '../support/api';
import { seedMembership } from '../../client/memberCases';
import { memberDevelopmentCaseId } from '../../domain/memberDevelopment';

const TASK_QUEUE = `api-start-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** A term no other suite elects, so the ids stay apart on the shared Temporal server. */
const TERM = '2097';
const VILLAGE = 'ts-01-v01';

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
const cookie: Record<'county' | 'township' | 'auditor' | 'admin', string> = { county: '', township: '', auditor: '', admin: '' };
const started: string[] = [];
const today = shanghaiDate(Date.now());
let cadre = '';

async function call(who: keyof typeof cookie, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: cookie[who] } });
}

/** True when Temporal has a workflow with this id. */
async function exists(workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch {
    return false;
  }
}

/** The case as GET /cases lists it, once its row is there. */
async function listed(kind: string, caseId: string): Promise<{ caseId: string; townshipId: string; status: string }> {
  return eventually(async () => {
    const res = await call('county', { method: 'GET', url: `/cases?kind=${kind}&pageSize=100` });
    expect(res.statusCode, res.body).toBe(200);
    const items = (JSON.parse(res.body) as { items: Array<{ caseId: string; townshipId: string; status: string }> }).items;
    return items.find((c) => c.caseId === caseId);
  }, `${caseId} in GET /cases`);
}

/** The signed-in county staff member, as every start through the API records its actor. */
const COUNTY_ACTOR = { id: 'org-staff', role: 'county-org-dept' };

/** Who the case's log says started it: the actor of its CaseStarted event, once written. */
async function startedBy(caseId: string): Promise<unknown> {
  const row = await eventually(
    async () =>
      (await database.db
        .selectFrom('events')
        .select('metadata')
        .where('stream_id', '=', caseId)
        .where('type', '=', 'CaseStarted')
        .executeTakeFirst()) ?? undefined,
    `${caseId}'s CaseStarted`,
  );
  return row.metadata.actor;
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, client, app } = stack);
  cookie.county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  cookie.auditor = (await signedInUser(stack, { login: 'auditor', role: 'auditor', password: PASSWORD })).cookie;
  cookie.admin = (await signedInUser(stack, { login: 'org-admin', role: 'admin', password: PASSWORD })).cookie;
  cookie.township = (
    await signedInUser(stack, { login: 'ts-01-c', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })
  ).cookie;
  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  cadre = person.person_id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const id of started)
    await client?.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('POST /cases/probation', () => {
  const start = (who: keyof typeof cookie, payload: object) => call(who, { method: 'POST', url: '/cases/probation', payload });
  const body = (appointmentId: string, extra: Record<string, unknown> = {}) => ({
    personId: cadre,
    title: '副乡长',
    appointedOn: addMonths(today, -1),
    appointmentId,
    ...extra,
  });

  it('county staff start a probation; it runs and shows in GET /cases; others start nothing', async () => {
    const caseId = probationWorkflowId(cadre, 'api-start');
    started.push(caseId);
    for (const who of ['township', 'auditor', 'admin'] as const) {
      expect(problem(await start(who, body('api-start')), 403), who).toMatch(/county/);
      expect(await exists(caseId), who).toBe(false);
    }
    const res = await start('county', body('api-start'));
    expect(res.statusCode, res.body).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ caseId, started: true });
    expect(await listed('probation', caseId)).toMatchObject({ caseId, townshipId: 'ts-01', status: 'open' });
    expect(await startedBy(caseId)).toEqual(COUNTY_ACTOR);
    const again = await start('county', body('api-start'));
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ caseId, started: false });
  });

  it('refuses bad input with the parser’s or the registry’s message, and starts nothing', async () => {
    const cases: Array<[object, number, RegExp, string]> = [
      [body('bad-day', { appointedOn: '2026-02-30' }), 400, /^appointedOn: no such calendar day: 2026-02-30/, 'bad-day'],
      [body('old', { appointedOn: '1999-01-04' }), 400, /^appointedOn: 1999-01-04 is not between/, 'old'],
      [body('blank', { title: '\u200b ' }), 400, /^title is required: it holds only blank or invisible characters/, 'blank'],
      [body('bad-unit', { orgUnitId: 'ts-01/../x' }), 400, /^orgUnitId must be an id/, 'bad-unit'],
      [body('no-unit', { orgUnitId: 'ts-99' }), 404, /^no org unit ts-99 in the registry/, 'no-unit'],
      [body('actor', { actor: { id: 'x', role: 'county-org-dept' } }), 400, /^body: unknown field "actor"/, 'actor'],
      [body('notice', { preAppointmentNotice: 'yes' }), 400, /^body\.preAppointmentNotice: must be boolean/, 'notice'],
    ];
    for (const [payload, status, detail, id] of cases) {
      expect(problem(await start('county', payload), status), id).toMatch(detail);
      expect(await exists(probationWorkflowId(cadre, id)), id).toBe(false);
    }
    expect(problem(await start('county', { ...body('ghost'), personId: 'p-9999' }), 404)).toBe('no cadre p-9999 in the registry');
    expect(await exists(probationWorkflowId('p-9999', 'ghost'))).toBe(false);
  });

  it('answers a refused start in Chinese and English beside the English detail, for the page’s language', async () => {
    const res = await start('county', body('bad-day-zh', { appointedOn: '2026-02-30' }));
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      type: 'urn:cadreflow:problem:bad-request',
      detail: 'appointedOn: no such calendar day: 2026-02-30',
      en: 'appointedOn: no such calendar day: 2026-02-30',
      zh: '任职日期（appointedOn）须为日历上真实的一天，形如 2026-03-02，收到 "2026-02-30"',
    });
    expect(await exists(probationWorkflowId(cadre, 'bad-day-zh'))).toBe(false);
  });
});

describe('POST /cases/election', () => {
  const start = (who: keyof typeof cookie, payload: object) => call(who, { method: 'POST', url: '/cases/election', payload });

  it('county staff start a village branch’s election (双推直选) once; it runs and shows in GET /cases', async () => {
    const caseId = electionWorkflowId(VILLAGE, TERM);
    started.push(caseId);
    for (const who of ['township', 'auditor', 'admin'] as const) {
      expect(problem(await start(who, { orgUnitId: VILLAGE, seats: 3, term: TERM }), 403), who).toMatch(/county/);
      expect(await exists(caseId), who).toBe(false);
    }
    const res = await start('county', { orgUnitId: VILLAGE, seats: 3, term: TERM });
    expect(res.statusCode, res.body).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ caseId, started: true, form: 'village' });
    expect(await listed('election', caseId)).toMatchObject({ caseId, townshipId: 'ts-01', status: 'open' });
    expect(await startedBy(caseId)).toEqual(COUNTY_ACTOR);
    const again = await start('county', { orgUnitId: VILLAGE, seats: 3, term: TERM });
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ caseId, started: false });
  });

  it('a township committee’s election takes the township form (两推一选)', async () => {
    const caseId = electionWorkflowId('ts-02', TERM);
    started.push(caseId);
    const res = await start('county', { orgUnitId: 'ts-02', seats: 7, term: TERM });
    expect(res.statusCode, res.body).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ caseId, started: true, form: 'township' });
    expect(await listed('election', caseId)).toMatchObject({ townshipId: 'ts-02' });
  });

  it('refuses bad input with the parser’s or the registry’s message, and starts nothing', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [
        { orgUnitId: 'ts-01-v02', seats: 3, term: TERM, form: 'township' },
        400,
        /^ts-01-v02 is a village: its election takes the village form/,
      ],
      [{ orgUnitId: 'ts-01-v02', seats: 0, term: TERM }, 400, /^body\.seats: must be >= 1/],
      [{ orgUnitId: 'ts-01-v02', seats: 16, term: TERM }, 400, /^body\.seats: must be <= 15/],
      [{ orgUnitId: 'ts-01-v02', seats: 2.5, term: TERM }, 400, /^body\.seats: must be integer/],
      [{ orgUnitId: 'ts-01-v02', seats: 3, term: '26' }, 400, /^body\.term: must match pattern/],
      [{ orgUnitId: 'ts-01-v02', seats: 3, term: TERM, form: 'city' }, 400, /^body\.form: must be equal to one of the allowed values/],
      [{ orgUnitId: 'ts-01-v02', seats: 3, term: TERM, actor: 'x' }, 400, /^body: unknown field "actor"/],
      [{ orgUnitId: 'ts-01-v02/../x', seats: 3, term: TERM }, 400, /^orgUnitId must be a unit id/],
      [{ orgUnitId: 'ts-99-v01', seats: 3, term: TERM }, 404, /^no org unit ts-99-v01 in the registry/],
      [{ orgUnitId: COUNTY_ID, seats: 3, term: TERM }, 400, /^cn-county is a county: elections are held by village branches and townships/],
    ];
    for (const [payload, status, detail] of cases) {
      expect(problem(await start('county', payload), status), JSON.stringify(payload)).toMatch(detail);
      expect(await exists(electionWorkflowId(String(payload.orgUnitId), TERM)), JSON.stringify(payload)).toBe(false);
    }
  });

  it('fuzz: a corrupted start is always a 4xx problem, never a 5xx, and starts no case', async () => {
    const corruptions: Array<(b: Record<string, unknown>) => void> = [
      (b) => delete b.orgUnitId,
      (b) => (b.seats = '3'),
      (b) => (b.seats = -1),
      (b) => (b.form = 42),
      (b) => (b.term = '2026-01-01'),
      (b) => (b.extra = true),
      (b) => (b.orgUnitId = ''),
      (b) => (b.orgUnitId = 'x'.repeat(300)),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: corruptions.length - 1 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('ts-01-v03', 'ts-01-v04', 'ts-03'),
        async (picked, unit) => {
          const b: Record<string, unknown> = { orgUnitId: unit, seats: 3, term: TERM };
          for (const i of picked) corruptions[i]!(b);
          const res = await start('county', b);
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(JSON.parse(res.body).detail.length).toBeGreaterThan(5);
          expect(await exists(electionWorkflowId(unit, TERM))).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('POST /rectification/screenings and POST /cases/rectification', () => {
  /** Two ts-08 villages off the demo's list: no other suite starts their cases on the shared server. */
  async function branches(): Promise<[string, string]> {
    const listed = new Set(generateDemoCounty().underperformingVillageIds);
    const villages = await database.db
      .selectFrom('org_units')
      .select('org_unit_id')
      .where('kind', '=', 'village')
      .where('township_id', '=', 'ts-08')
      .orderBy('org_unit_id')
      .execute();
    const free = villages.map((v) => v.org_unit_id).filter((id) => !listed.has(id));
    return [free[0]!, free[1]!];
  }
  const year = today.slice(0, 4);
  const screen = (who: keyof typeof cookie, payload: object) => call(who, { method: 'POST', url: '/rectification/screenings', payload });
  const start = (who: keyof typeof cookie, payload: object) => call(who, { method: 'POST', url: '/cases/rectification', payload });

  it('county staff screen with the facts file: a branch ranked last is listed with its reason, one added by hand too', async () => {
    const [ranked, added] = await branches();
    const facts = { [ranked]: { annualRanking: { position: 184, of: 184 } } };
    for (const who of ['township', 'auditor', 'admin'] as const) expect(problem(await screen(who, { facts }), 403), who).toMatch(/county/);
    const res = await screen('county', { facts, add: [added] });
    expect(res.statusCode, res.body).toBe(200);
    const body = JSON.parse(res.body) as {
      on: string;
      screened: number;
      list: Array<{ branchId: string; reasons: Array<{ kind: string }>; addedByCounty: boolean }>;
    };
    expect(body.on).toBe(today);
    expect(body.screened).toBeGreaterThan(100);
    expect(body.list.find((b) => b.branchId === ranked)).toMatchObject({ reasons: [{ kind: 'bottom-of-ranking' }], addedByCounty: false });
    expect(body.list.find((b) => b.branchId === added)).toMatchObject({ addedByCounty: true });
    // Without the facts, the ranked branch meets no criterion the registry can see.
    const plain = JSON.parse((await screen('county', {})).body) as { list: Array<{ branchId: string }> };
    expect(plain.list.map((b) => b.branchId)).not.toContain(ranked);
  });

  it('refuses a wrong facts file or list by branch and field, in the CLI’s words', async () => {
    const [ranked] = await branches();
    const cases: Array<[object, RegExp]> = [
      [
        { facts: { [ranked]: { annualRanking: { position: 185, of: 184 } } } },
        new RegExp(`^facts: ${ranked}: annualRanking: place 185 of 184 is not a place in the ranking`),
      ],
      [{ facts: { [ranked]: { rank: 1 } } }, new RegExp(`^facts: ${ranked}: unknown field\\(s\\): rank`)],
      [{ facts: { 'ts-99-v99': { satisfaction: null } } }, /^facts names branches not in the registry on \d{4}-\d{2}-\d{2}: ts-99-v99/],
      [{ add: ['ts-99-v99'] }, /^not a village branch in the registry on \d{4}-\d{2}-\d{2}: ts-99-v99/],
      [{ on: '2026-02-30' }, /^on: no such calendar day: 2026-02-30/],
      [{ on: '2099-01-05' }, /^on: 2099-01-05 is after today/],
      [{ add: 'ts-01-v01' }, /^body\.add: must be array/],
      [{ actor: 'x' }, /^body: unknown field "actor"/],
    ];
    for (const [payload, detail] of cases) expect(problem(await screen('county', payload), 400), JSON.stringify(payload)).toMatch(detail);
  });

  it('county staff start cases for the branches on the list; again starts nothing; bad input starts nothing', async () => {
    const [ranked, added] = await branches();
    const ids = [ranked, added].map((b) => `rectification/${b}/${year}`);
    started.push(...ids);
    const facts = { [ranked]: { annualRanking: { position: 184, of: 184 } } };
    for (const who of ['township', 'auditor', 'admin'] as const) {
      expect(problem(await start(who, { branches: [ranked], facts }), 403), who).toMatch(/county/);
      expect(await exists(ids[0]!), who).toBe(false);
    }
    const bad: Array<[object, RegExp]> = [
      [{ branches: [] }, /^body\.branches: must NOT have fewer than 1 items/],
      [{ branches: [ranked, 'ts-99-v99'] }, /^not a village branch in the registry on .*: ts-99-v99/],
      [
        { branches: [ranked], facts: { [ranked]: { satisfaction: { satisfied: 'x', surveyed: 3 } } } },
        /^facts: .*satisfaction\.satisfied must be a whole number/,
      ],
      [{ branches: [ranked], on: '2099-01-05' }, /^on: 2099-01-05 is after today/],
      [{ branches: ['ts-08/../x'] }, /^branches\[0\] must be a branch id/],
    ];
    for (const [payload, detail] of bad) {
      expect(problem(await start('county', payload), 400), JSON.stringify(payload)).toMatch(detail);
      for (const id of ids) expect(await exists(id), id).toBe(false);
    }
    const res = await start('county', { branches: [ranked, added], facts });
    expect(res.statusCode, res.body).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ on: today, started: ids, existing: [] });
    for (const id of ids) expect(await listed('rectification', id)).toMatchObject({ caseId: id, townshipId: 'ts-08', status: 'open' });
    for (const id of ids) expect(await startedBy(id), id).toEqual(COUNTY_ACTOR);
    // The ranked branch's case records why it is on the list.
    const row = await eventually(
      async () =>
        (await database.db.selectFrom('rectification_cases').select('screening').where('case_id', '=', ids[0]!).executeTakeFirst()) ??
        undefined,
      'the rectification row',
    );
    expect(row.screening).toMatchObject({ reasons: [{ kind: 'bottom-of-ranking' }], addedByCounty: false });
    const again = await start('county', { branches: [ranked, added] });
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ on: today, started: [], existing: ids });
  });
});

describe('POST /cases/member-development', () => {
  const apply = (who: keyof typeof cookie, payload: object) => call(who, { method: 'POST', url: '/cases/member-development', payload });

  it('county staff open a new application for a village cadre not in the register; again starts nothing; bad input starts nothing', async () => {
    await seedMembership(database.db);
    // A ts-09 village cadre the membership register does not hold: no other suite opens their case.
    const person = await database.db
      .selectFrom('people')
      .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
      .leftJoin('party_members', 'party_members.person_id', 'people.person_id')
      .select('people.person_id')
      .where('people.township_id', '=', 'ts-09')
      .where('org_units.kind', '=', 'village')
      .where('party_members.person_id', 'is', null)
      .orderBy('people.person_id', 'desc')
      .executeTakeFirstOrThrow();
    const caseId = memberDevelopmentCaseId(person.person_id);
    started.push(caseId);
    for (const who of ['township', 'auditor', 'admin'] as const) {
      expect(problem(await apply(who, { personId: person.person_id }), 403), who).toMatch(/county/);
      expect(await exists(caseId), who).toBe(false);
    }
    const bad: Array<[object, number, RegExp]> = [
      [{ personId: person.person_id, appliedOn: '2099-01-05' }, 400, /^appliedOn: 2099-01-05 is in the future/],
      [{ personId: person.person_id, appliedOn: '2026-02-29' }, 400, /^appliedOn: no such calendar day: 2026-02-29/],
      [{ personId: person.person_id, branchId: 'ts-99-v99-pb' }, 400, /^no Party organization ts-99-v99-pb/],
      [{ personId: person.person_id, actor: 'x' }, 400, /^body: unknown field "actor"/],
      [{ personId: 'p-../x' }, 400, /^personId must be an id/],
    ];
    for (const [payload, status, detail] of bad) {
      expect(problem(await apply('county', payload), status), JSON.stringify(payload)).toMatch(detail);
      expect(await exists(caseId), JSON.stringify(payload)).toBe(false);
    }
    expect(problem(await apply('county', { personId: 'p-9999' }), 404)).toBe('no person p-9999 in the registry or the membership register');
    const res = await apply('county', { personId: person.person_id, appliedOn: today });
    expect(res.statusCode, res.body).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ caseId, started: true, stage: 'applicant' });
    expect(await listed('member-development', caseId)).toMatchObject({ caseId, townshipId: 'ts-09', status: 'open' });
    expect(await startedBy(caseId)).toEqual(COUNTY_ACTOR);
    const again = await eventually(async () => {
      const r = await apply('county', { personId: person.person_id });
      // The register records the case a moment after it starts; until then a second start is refused as already running.
      return r.statusCode === 200 ? r : undefined;
    }, 'the second application answered 200');
    expect(JSON.parse(again.body)).toMatchObject({ caseId, started: false });
  });
});
