/**
 * LRMX and the 任免审批表 through the real API on real PostgreSQL (docs/lrmx.md): a form
 * imported for a demo cadre corrects the registry once; the LRMX export carries the full
 * ID number, the grades and the open selection's post, and is recorded in the access log;
 * imported into a fresh database (with a unit) it is the same registry person, and its
 * export the same form; the Word document, unzipped, says the name, the grades and 拟任职务
 * and never the ID number.
 */
import JSZip from 'jszip';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendBatch } from '../../activities/eventStore';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { importLrmx, exportLrmx } from '../../client/lrmx/lrmxRegistry';
import { parseLrmx } from '../../client/lrmx/lrmxXml';
import { readRegistrySnapshot } from '../../client/roster/registrySnapshot';
import type { DomainEvent } from '../../domain/events';
import { registryFieldsOfForm } from '../../domain/lrmx/registryForm';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import type { DB } from '../../schema/db';
import { problem, signedInUser, startApiStack } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { testPersonalData } from '../support/personalData';
import { domainEvents, returnedSelection } from '../support/selectionEvents';
import type { SharedServerWorker } from '../support/sharedServer';

const TASK_QUEUE = `lrmx-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
const staff = { id: 'org-staff', role: 'county-org-dept' as const };

let database: TestDatabase;
let fresh: TestDatabase | undefined;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let township: string;
let person: { person_id: string; name: string; gender: 'male' | 'female'; birth_year: number; township_id: string | null; rank: string };
let idNumber: string;

async function append(db: DB, streamId: string, events: DomainEvent[], key: string): Promise<void> {
  await appendBatch(db, [
    { streamId, expectedVersion: 'any', idempotencyKey: key, events: events.map((event) => ({ event, metadata: { actor: staff } })) },
  ]);
}

let birthMM = '05';

function formFile(): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<Person>
  <XingMing>${person.name}</XingMing>
  <XingBie>${person.gender === 'male' ? '男' : '女'}</XingBie>
  <ChuShengNianYue>${person.birth_year}${birthMM}</ChuShengNianYue>
  <MinZu>汉族</MinZu>
  <JiGuan>河南兰考</JiGuan>
  <ChuShengDi>河南兰考</ChuShengDi>
  <JianKangZhuangKuang>健康</JianKangZhuangKuang>
  <JianLi>2001.09--2005.07  河南大学中文系学习
2005.07--  乡镇工作</JianLi>
  <JiangChengQingKuang>2019年获县优秀共产党员</JiangChengQingKuang>
  <JiaTingChengYuan><Item><ChengWei>父亲</ChengWei><XingMing>某甲</XingMing><ChuShengRiQi>195501</ChuShengRiQi><ZhengZhiMianMao>群众</ZhengZhiMianMao><GongZuoDanWeiJiZhiWu>退休</GongZuoDanWeiJiZhiWu></Item></JiaTingChengYuan>
  <ShenFenZheng>${idNumber}</ShenFenZheng>
  <GuanLiLeiBie>县管干部</GuanLiLeiBie>
</Person>`);
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  const p = await database.db
    .selectFrom('people')
    .select(['person_id', 'name', 'gender', 'birth_year', 'township_id', 'rank'])
    .where('township_id', 'is not', null)
    .where('current_title', 'is not', null)
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  // The demo gives each person a month of birth: the form and the ID number agree with it.
  const details = await database.db
    .selectFrom('person_details')
    .select('birth_month')
    .where('person_id', '=', p.person_id)
    .executeTakeFirst();
  birthMM = details?.birth_month?.slice(5, 7) ?? '05';
  person = p;
  const other = await database.db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'township')
    .where('org_unit_id', '!=', p.township_id!)
    .orderBy('org_unit_id')
    .executeTakeFirstOrThrow();
  township = (
    await signedInUser(stack, { login: 'ts-other', role: 'township-committee', townshipId: other.org_unit_id, password: PASSWORD })
  ).cookie;
  // An ID number for the person: born on the 12th of their month, the 17th digit odd for a man.
  const first17 = `410225${p.birth_year}${birthMM}12${p.gender === 'male' ? '013' : '024'}`;
  idNumber = first17 + idNumberCheckChar(first17);
  // Four years' grades (the form lists the last three) and an open selection naming the person.
  const grades = ['competent', 'excellent', 'competent', 'basically-competent'] as const;
  for (const [i, grade] of grades.entries()) {
    const year = 2022 + i;
    const caseId = `evaluation/${year}/${p.person_id}`;
    const at = `${year + 1}-01-20T02:00:00.000Z`;
    await append(
      database.db,
      caseId,
      [
        {
          type: 'EvaluationStarted',
          data: {
            caseId,
            roundId: `round-${year}`,
            year,
            personId: p.person_id,
            personName: p.name,
            orgUnitId: p.township_id!,
            townshipId: p.township_id!,
            unitId: p.township_id!,
            unitKind: 'organ',
            at,
          },
        },
        {
          type: 'EvaluationGradeFixed',
          data: { caseId, personId: p.person_id, roundId: `round-${year}`, unitId: p.township_id!, grade, reason: '', actor: staff, at },
        },
      ] as DomainEvent[],
      `test:${caseId}`,
    );
  }
  const selection = JSON.parse(
    JSON.stringify(domainEvents(returnedSelection().toRound2)).replaceAll('"p-5"', JSON.stringify(p.person_id)),
  ) as DomainEvent[];
  for (const [i, e] of selection.entries()) {
    const streamId = (e.data as { caseId: string }).caseId;
    await append(database.db, streamId, [e], `test:selection:${i}`);
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
  await fresh?.drop();
});

const lrmxEvents = async (db: DB) =>
  Number(
    (
      await db
        .selectFrom('events')
        .select(sql<string>`count(*)`.as('n'))
        .where(sql<boolean>`metadata->>'causationId' = 'lrmx-import'`)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('LRMX through the API', () => {
  const upload = (payload: Buffer | string, query = '', cookie = county) =>
    app.inject({ method: 'POST', url: `/registry/lrmx${query}`, payload, headers: { 'content-type': 'application/xml', cookie } });

  it('a malformed file and an unsafe one are refused with 422 and write nothing', async () => {
    const before = await lrmxEvents(database.db);
    expect(problem(await upload('<Person><XingMing>x</Person>'), 422)).toMatch(/不是格式正确的 XML.*not well-formed XML/);
    expect(problem(await upload('<!DOCTYPE Person [<!ENTITY e SYSTEM "file:///etc/passwd">]><Person>&e;</Person>'), 422)).toMatch(
      /DOCTYPE/,
    );
    expect(await lrmxEvents(database.db)).toBe(before);
  });

  it('a form for a demo cadre corrects the registry once, matched by name and birth; the same file again writes nothing', async () => {
    const first = await upload(formFile());
    expect(first.statusCode, first.body).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({
      personId: person.person_id,
      matchedBy: 'name-and-birth',
      written: ['PersonCorrected', 'AppointmentFormRecorded'],
    });
    const again = await upload(formFile());
    expect(JSON.parse(again.body)).toMatchObject({ personId: person.person_id, matchedBy: 'id-number', written: [] });
    // The ID number is sealed in the log, never plain.
    const raw = await database.db
      .selectFrom('events')
      .select(sql<string>`data::text`.as('d'))
      .where('stream_id', '=', `person/${person.person_id}`)
      .execute();
    expect(raw.some((r) => r.d.includes(idNumber))).toBe(false);
  });

  let exported: Buffer;
  it('the export carries the full ID number, the last three grades, the open selection’s post and the unknown element; it is recorded as a full-value view', async () => {
    expect(
      (await app.inject({ method: 'GET', url: `/registry/people/${person.person_id}/lrmx`, headers: { cookie: township } })).statusCode,
    ).toBe(403);
    const res = await app.inject({ method: 'GET', url: `/registry/people/${person.person_id}/lrmx`, headers: { cookie: county } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${person.person_id}.lrmx"; filename*=UTF-8''${encodeURIComponent(`${person.name}.lrmx`)}`,
    );
    exported = res.rawPayload;
    const form = parseLrmx(exported);
    expect(form.fields).toMatchObject({
      XingMing: person.name,
      ChuShengNianYue: `${person.birth_year}${birthMM}`,
      ShenFenZheng: idNumber,
      NianDuKaoHeJieGuo: '2023年度优秀；2024年度称职；2025年度基本称职',
      NiRenZhiWu: 'ts-b乡乡党委委员',
      JiangChengQingKuang: '2019年获县优秀共产党员',
    });
    expect(form.extra).toEqual(['<GuanLiLeiBie>县管干部</GuanLiLeiBie>']);
    expect(form.family).toHaveLength(1);
    const logged = await database.db
      .selectFrom('access_log')
      .selectAll()
      .where('kind', '=', 'person.lrmx-exported')
      .where('subject', '=', person.person_id)
      .execute();
    expect(logged).toHaveLength(1);
    expect(problem(await app.inject({ method: 'GET', url: '/registry/people/p-nobody/lrmx', headers: { cookie: county } }), 404)).toMatch(
      /no person/,
    );
  });

  it('imported into a fresh database with a unit, the export is the same registry person and the same form', async () => {
    fresh = await createTestDatabase();
    const cipher = testPersonalData();
    const units: DomainEvent[] = [
      {
        type: 'OrgUnitEstablished',
        data: { orgUnitId: 'county', name: '某县', kind: 'county', parentId: null, effectiveFrom: '2020-01-01' },
      },
      {
        type: 'OrgUnitEstablished',
        data: { orgUnitId: 'ts-01', name: '城关镇', kind: 'township', parentId: 'county', effectiveFrom: '2020-01-01' },
      },
    ];
    for (const u of units)
      await append(
        fresh.db,
        `orgunit/${(u.data as { orgUnitId: string }).orgUnitId}`,
        [u],
        `test:${(u.data as { orgUnitId: string }).orgUnitId}`,
      );
    const r = await importLrmx(fresh.db, cipher, exported, { orgUnitId: 'ts-01', rank: person.rank, today: '2026-12-07' }, staff);
    expect(r).toMatchObject({ matchedBy: null, written: ['PersonRegistered', 'AppointmentFormRecorded'] });
    const [imported] = (await readRegistrySnapshot(fresh.db, cipher)).people;
    const expected = registryFieldsOfForm(parseLrmx(exported), { year: 2026, month: 12 });
    expect(imported).toMatchObject({
      personId: r.personId,
      name: person.name,
      gender: person.gender,
      birthYear: person.birth_year,
      rank: person.rank,
      orgUnitId: 'ts-01',
    });
    expect(imported!.details).toEqual(expected.details);
    expect(imported!.details.idNumber).toBe(idNumber);
    const again = await exportLrmx(fresh.db, cipher, r.personId, { actor: { system: 'test' }, channel: 'system' });
    const a = parseLrmx(exported);
    const b = parseLrmx(again.file);
    // The fresh registry has no post: 现任职务 is the text the form brought.
    expect(b).toEqual(a);
    // A second import of its own export changes nothing.
    expect((await importLrmx(fresh.db, cipher, again.file, { today: '2026-12-07' }, staff)).written).toEqual([]);
    // A rebuild from the log, AppointmentFormRecorded in it, gives the live tables.
    await rebuildReadModels(fresh.db, { schema: 'rebuilt' });
    expect(await diffReadModels(fresh.db, 'public', 'rebuilt')).toEqual([]);
  });

  it('the 任免审批表 as .docx: the name, the grades and 拟任职务, never the ID number; another township’s cadre is not found', async () => {
    const url = `/registry/people/${person.person_id}/appointment-form.docx`;
    expect(problem(await app.inject({ method: 'GET', url, headers: { cookie: township } }), 404)).toMatch(/no cadre/);
    const res = await app.inject({ method: 'GET', url, headers: { cookie: county } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/wordprocessingml/);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`任免审批表-${person.name}.docx`)}`);
    expect(res.headers['content-disposition']).toContain(`filename="appointment-form-${person.person_id}.docx"`);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    for (const words of [
      '干部任免审批表',
      person.name,
      '2023年度优秀；2024年度称职；2025年度基本称职',
      'ts-b乡乡党委委员',
      '河南大学中文系学习',
      '父亲',
      '审批机关',
    ]) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain(idNumber.slice(6, 14));
  });
});
