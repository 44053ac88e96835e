/**
 * The registry's changes through the real API on a real PostgreSQL database (the demo
 * county's registry): county staff register a person, correct them, appoint, remove,
 * transfer, retire and record a death, set up, rename and merge units; each change is
 * written with the signed-in user as its actor and followed by the read models, a retried
 * request with its Idempotency-Key writes nothing, a refused or malformed change writes
 * nothing and says why in Chinese and English, and a rebuild equals the live tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { appendToStream } from '../../activities/eventStore';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-registry-changes-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let township: string;

const idNumber = (ymd: string, seq: string) => `410102${ymd}${seq}${idNumberCheckChar(`410102${ymd}${seq}`)}`;
const ID = idNumber('19900515', '123'); // 17th digit odd: male

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  township = (await signedInUser(stack, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD }))
    .cookie;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
});

const call = (cookie: string, opts: InjectOptions) => app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
/** Only the changes' own events: the demo's cases may still be appending theirs. */
const changeEvents = async () =>
  database.db
    .selectFrom('events')
    .select(['type', 'stream_id', 'metadata', 'data'])
    .where(sql<boolean>`metadata->>'causationId' like 'registry-%'`)
    .orderBy('position')
    .execute();
const refusal = (res: Awaited<ReturnType<typeof call>>, status: number) => {
  problem(res, status);
  return JSON.parse(res.body) as {
    reason?: string;
    zh: string;
    en: string;
    errors?: Array<{ where: string; message: string; zh: string }>;
  };
};

const newPerson = {
  name: '李强',
  gender: '男',
  ethnicity: '汉',
  birth: '1990.05',
  politicalStatus: '中共党员',
  joinedParty: '2012.06',
  idNumber: ID,
  phone: '13800138000',
  unit: 'ts-01',
  title: '组织委员',
  titleSince: '2024.03',
  rank: '科员',
};

describe('registering a person (POST /registry/people)', () => {
  let personId: string;

  it('records PersonRegistered with the details and a formal PostAssigned, the ID and phone sealed, the actor beside each', async () => {
    const res = await call(county, {
      method: 'POST',
      url: '/registry/people',
      payload: newPerson,
      headers: { 'idempotency-key': 'reg-1' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { id: string; events: string[]; duplicate: boolean };
    expect(body.events).toEqual(['PersonRegistered', 'PostAssigned']);
    expect(body.duplicate).toBe(false);
    personId = body.id;
    const events = (await changeEvents()).filter((e) => e.stream_id === `person/${personId}`);
    expect(events.map((e) => [e.type, (e.metadata as { actor: unknown }).actor])).toEqual([
      ['PersonRegistered', { id: 'org-staff', role: 'county-org-dept' }],
      ['PostAssigned', { id: 'org-staff', role: 'county-org-dept' }],
    ]);
    expect(JSON.stringify(events)).not.toContain(ID);
    expect(JSON.stringify(events)).not.toContain('13800138000');
    const person = await database.db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect([person.name, person.gender, person.birth_year, person.org_unit_id, person.current_title]).toEqual([
      '李强',
      'male',
      1990,
      'ts-01',
      '组织委员',
    ]);
    const details = await database.db.selectFrom('person_details').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect([details.ethnicity, details.birth_month, details.joined_party]).toEqual(['汉族', '1990-05', '2012-06']);
    expect(details.id_number).toMatch(/^cfenc:v1:/);
  });

  it('answers a retry with the same Idempotency-Key as a duplicate, writing nothing', async () => {
    const before = (await changeEvents()).length;
    const res = await call(county, {
      method: 'POST',
      url: '/registry/people',
      payload: newPerson,
      headers: { 'idempotency-key': 'reg-1' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: personId, events: [], duplicate: true });
    expect((await changeEvents()).length).toBe(before);
  });

  it('refuses the same person again without a key (409), in Chinese and English', async () => {
    const before = (await changeEvents()).length;
    const r = refusal(await call(county, { method: 'POST', url: '/registry/people', payload: newPerson }), 409);
    expect(r.reason).toBe('already-registered');
    expect(r.zh).toMatch(/已在库/);
    expect(r.en).toMatch(/registered already/);
    expect((await changeEvents()).length).toBe(before);
  });

  it('refuses a form the roster would refuse (400), naming each field in both languages, writing nothing', async () => {
    const before = (await changeEvents()).length;
    const bad = { ...newPerson, idNumber: `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`, birth: '1990.13', joinedParty: '' };
    const r = refusal(await call(county, { method: 'POST', url: '/registry/people', payload: bad }), 400);
    const where = r.errors!.map((e) => e.where);
    expect(where).toEqual(expect.arrayContaining(['body.idNumber', 'body.birth']));
    expect(r.errors!.find((e) => e.where === 'body.birth')!.zh).toMatch(/出生年月：月份须在 1 至 12 之间/);
    expect(r.errors!.find((e) => e.where === 'body.idNumber')!.message).toMatch(/check character is wrong/);
    expect((await changeEvents()).length).toBe(before);
    // An unknown unit is the decision's refusal (422), not the form's.
    const unknown = refusal(
      await call(county, { method: 'POST', url: '/registry/people', payload: { ...newPerson, idNumber: '', unit: 'ts-77' } }),
      422,
    );
    expect(unknown.reason).toBe('unknown-unit');
    expect((await changeEvents()).length).toBe(before);
  });

  it('corrects the person: the fields that differ; a birth month the ID number contradicts is refused with the import’s words', async () => {
    const mismatch = refusal(
      await call(county, { method: 'PATCH', url: `/registry/people/${personId}`, payload: { birth: '1991.05' } }),
      400,
    );
    expect(mismatch.zh).toMatch(/号码中的出生日期 1990\.05 与出生年月 1991\.05 不一致/);
    const res = await call(county, {
      method: 'PATCH',
      url: `/registry/people/${personId}`,
      payload: { nativePlace: '河南郑州', phone: null, name: '李强' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const last = (await changeEvents()).at(-1)!;
    expect(last.type).toBe('PersonCorrected');
    expect((last.data as { fields: unknown }).fields).toEqual({ nativePlace: '河南郑州', phone: null });
    const details = await database.db.selectFrom('person_details').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect([details.native_place, details.phone]).toEqual(['河南郑州', null]);
    const same = refusal(
      await call(county, { method: 'PATCH', url: `/registry/people/${personId}`, payload: { nativePlace: '河南郑州' } }),
      409,
    );
    expect(same.reason).toBe('unchanged');
  });

  it('appoints to a new post (the old one replaced), removes from it, and refuses a second removal', async () => {
    const res = await call(county, {
      method: 'POST',
      url: `/registry/people/${personId}/posts`,
      payload: { title: '党委副书记', titleSince: '2026.01', rank: '副科级' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { events: string[] }).events).toEqual(['PostEnded', 'PostAssigned']);
    const person = await database.db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect(person.current_title).toBe('党委副书记');
    const assignmentId = person.current_assignment_id!;
    const ended = await call(county, {
      method: 'POST',
      url: `/registry/posts/${encodeURIComponent(assignmentId)}/end`,
      payload: { reason: 'ended-early' },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const after = await database.db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect(after.current_title).toBeNull();
    const again = refusal(
      await call(county, { method: 'POST', url: `/registry/posts/${encodeURIComponent(assignmentId)}/end`, payload: {} }),
      409,
    );
    expect(again.reason).toBe('post-ended');
    expect(refusal(await call(county, { method: 'POST', url: '/registry/posts/no-such-post/end', payload: {} }), 404).reason).toBe(
      'unknown-post',
    );
  });

  it('lets a township member read the person of their township but change nothing (403)', async () => {
    expect((await call(township, { method: 'GET', url: `/registry/people/${personId}` })).statusCode).toBe(200);
    problem(await call(township, { method: 'POST', url: `/registry/people/${personId}/retire`, payload: {} }), 403);
    problem(await call(township, { method: 'PATCH', url: `/registry/people/${personId}`, payload: { note: 'x' } }), 403);
  });

  it('transfers the person, then retires them and records their death; a second retirement is refused', async () => {
    const t = await call(county, { method: 'POST', url: `/registry/people/${personId}/transfer`, payload: { unit: 'ts-02' } });
    expect(t.statusCode, t.body).toBe(200);
    expect(
      refusal(await call(county, { method: 'POST', url: `/registry/people/${personId}/transfer`, payload: { unit: 'ts-02' } }), 422).reason,
    ).toBe('same-unit');
    const person = await database.db.selectFrom('people').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect([person.org_unit_id, person.township_id]).toEqual(['ts-02', 'ts-02']);
    expect(
      (await call(county, { method: 'POST', url: `/registry/people/${personId}/retire`, payload: { on: '2026-01-31' } })).statusCode,
    ).toBe(200);
    const twice = refusal(await call(county, { method: 'POST', url: `/registry/people/${personId}/retire`, payload: {} }), 409);
    expect(twice.zh).toMatch(/已于 2026-01-31 退休/);
    expect(
      (await call(county, { method: 'POST', url: `/registry/people/${personId}/death`, payload: { on: '2026-02-01' } })).statusCode,
    ).toBe(200);
    const departure = await database.db
      .selectFrom('person_departures')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect([departure.reason, departure.departed_on]).toEqual(['died', '2026-02-01']);
    const future = refusal(
      await call(county, { method: 'POST', url: `/registry/people/${personId}/death`, payload: { on: '2999-01-01' } }),
      400,
    );
    expect(future.errors![0]!.where).toBe('body.on');
  });
});

describe('a post an import assigned (POST /registry/posts/:assignmentId/end)', () => {
  it('removes it by its id URL-encoded, slashes and all', async () => {
    const p = await database.db
      .selectFrom('people')
      .select(['person_id', 'current_assignment_id'])
      .where('township_id', '=', 'ts-03')
      .where('current_assignment_id', 'is not', null)
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const assignmentId = `${p.person_id}/roster/post`;
    await appendToStream(database.db, {
      streamId: `person/${p.person_id}`,
      expectedVersion: 'any',
      idempotencyKey: `test:import-post:${p.person_id}`,
      events: [
        {
          event: {
            type: 'PostEnded',
            data: { assignmentId: p.current_assignment_id!, personId: p.person_id, endedOn: '2025-01-01', reason: 'replaced' },
          },
          metadata: { causationId: 'roster-import' },
        },
        {
          event: {
            type: 'PostAssigned',
            data: {
              assignmentId,
              personId: p.person_id,
              orgUnitId: 'ts-03',
              title: '宣传委员',
              rank: '科员',
              startedOn: '2025-01-01',
              onTrial: false,
            },
          },
          metadata: { causationId: 'roster-import' },
        },
      ],
    });
    const res = await call(county, {
      method: 'POST',
      url: `/registry/posts/${encodeURIComponent(assignmentId)}/end`,
      payload: { on: '2026-03-01' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const post = await database.db
      .selectFrom('post_assignments')
      .selectAll()
      .where('assignment_id', '=', assignmentId)
      .executeTakeFirstOrThrow();
    expect([post.ended_on, post.end_reason]).toEqual(['2026-03-01', 'other']);
  });
});

describe('org units (POST /registry/org-units, PATCH …/:id, POST …/:id/dissolve)', () => {
  it('sets up two villages, renames one, merges it into the other; a change to a dissolved unit is refused', async () => {
    for (const [code, name] of [
      ['ts-01-vx1', '南街村'],
      ['ts-01-vx2', '北街村'],
    ]) {
      const res = await call(county, {
        method: 'POST',
        url: '/registry/org-units',
        payload: { code, name, kind: '村', parent: 'ts-01', since: '2020.01' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const badKind = refusal(
      await call(county, { method: 'POST', url: '/registry/org-units', payload: { code: 'x-1', name: '某村', kind: '组' } }),
      400,
    );
    expect(badKind.errors!.map((e) => e.where)).toEqual(['body.kind']);
    expect(
      refusal(
        await call(county, {
          method: 'POST',
          url: '/registry/org-units',
          payload: { code: 'x-2', name: '某村', kind: '村', parent: 'cn-county' },
        }),
        422,
      ).reason,
    ).toBe('bad-parent');
    expect((await call(county, { method: 'PATCH', url: '/registry/org-units/ts-01-vx1', payload: { name: '南关村' } })).statusCode).toBe(
      200,
    );
    expect(
      refusal(
        await call(county, { method: 'POST', url: '/registry/org-units/ts-01-vx1/dissolve', payload: { mergedInto: 'ts-01-vx1' } }),
        422,
      ).reason,
    ).toBe('merged-into-itself');
    const merged = await call(county, {
      method: 'POST',
      url: '/registry/org-units/ts-01-vx1/dissolve',
      payload: { mergedInto: 'ts-01-vx2' },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const unit = await database.db.selectFrom('org_units').selectAll().where('org_unit_id', '=', 'ts-01-vx1').executeTakeFirstOrThrow();
    expect([unit.name, unit.merged_into, unit.township_id]).toEqual(['南关村', 'ts-01-vx2', 'ts-01']);
    expect(
      refusal(await call(county, { method: 'PATCH', url: '/registry/org-units/ts-01-vx1', payload: { name: '西关村' } }), 409).reason,
    ).toBe('dissolved-unit');
  });

  it('does not dissolve a village people still serve in, nor a township with villages under it, and writes nothing', async () => {
    const village = await database.db
      .selectFrom('people')
      .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
      .select('org_units.org_unit_id')
      .where('org_units.kind', '=', 'village')
      .where('org_units.township_id', '=', 'ts-02')
      .executeTakeFirstOrThrow();
    const before = (await changeEvents()).length;
    const withPeople = refusal(
      await call(county, { method: 'POST', url: `/registry/org-units/${village.org_unit_id}/dissolve`, payload: {} }),
      409,
    );
    expect(withPeople.reason).toBe('unit-not-empty');
    expect(withPeople.zh).toMatch(/名在职人员，请先调动$/);
    expect(withPeople.en).toMatch(/people still serve in .*: transfer them first$/);
    const withVillages = refusal(await call(county, { method: 'POST', url: '/registry/org-units/ts-02/dissolve', payload: {} }), 409);
    expect(withVillages.reason).toBe('unit-not-empty');
    expect((await changeEvents()).length).toBe(before);
  });
});

describe('the log and the read models', () => {
  it('has the signed-in user as the actor of every change, and rebuilds to the live tables', async () => {
    const events = await changeEvents();
    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events.map((e) => JSON.stringify((e.metadata as { actor: unknown }).actor)))).toEqual(
      new Set([JSON.stringify({ id: 'org-staff', role: 'county-org-dept' })]),
    );
    await rebuildReadModels(database.db, { schema: 'rebuilt' });
    const diff = await diffReadModels(database.db, 'public', 'rebuilt');
    // Cases still running may move their own tables meanwhile; the registry's must agree.
    expect(diff.filter((d) => /org_units|people|person_details|person_departures|post_assignments/.test(JSON.stringify(d)))).toEqual([]);
  });
});
