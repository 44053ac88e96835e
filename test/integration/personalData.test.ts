/**
 * Personal information in the registry, on a real PostgreSQL database through the real
 * API: a roster's ID and phone numbers are stored sealed (in the log and the read model,
 * never in clear), shown masked, whole only to county staff who ask, and each such view
 * is in the access log; the roster exported with the key reads back unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { problem, signedInUser, startApiStack } from '../support/api';
import { XLSX_TYPE } from '../../client/api/routes/registryImports';
import { writeRosterWorkbook } from '../../client/roster/workbookWrite';
import { readRegistrySnapshot } from '../../client/roster/registrySnapshot';
import { rosterBackend } from '../../client/roster/backendModule';
import { cliOperator } from '../../client/api/accessLog';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { PersonalDataCipher } from '../../client/crypto/personalData';
import { PERSON_HEADERS, rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { idNumberCheckChar } from '../../domain/roster/idNumber';

const TASK_QUEUE = `personal-data-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
const ID_NUMBER = `41012219900512012${idNumberCheckChar('41012219900512012')}`;
const PHONE = '13812345678';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let personalData: PersonalDataCipher;
let county: string;
let township: string;
let auditor: string;
let personId: string;

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app } = stack);
  personalData = stack.personalData;
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  township = (await signedInUser(stack, { login: 'ts01', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })).cookie;
  auditor = (await signedInUser(stack, { login: 'audit', role: 'auditor', password: PASSWORD })).cookie;
  const row: Record<string, string> = {
    姓名: '李芳',
    性别: '女',
    民族: '回族',
    出生年月: '1990.05',
    籍贯: '河南郑州',
    政治面貌: '中共党员',
    入党时间: '2012.06',
    参加工作时间: '2013.07',
    全日制学历: '大学本科',
    全日制学位: '法学学士',
    身份证号: ID_NUMBER,
    单位: 'ts-01',
    职级: '科员',
    联系电话: PHONE,
  };
  const workbook = await writeRosterWorkbook({ orgUnits: [], people: [PERSON_HEADERS.map((h) => row[h] ?? '')] });
  const res = await app.inject({
    method: 'POST',
    url: '/registry/imports',
    payload: workbook,
    headers: { 'content-type': XLSX_TYPE, cookie: county },
  });
  expect(res.statusCode, res.body).toBe(200);
  const registered = await database.db.selectFrom('people').select('person_id').where('name', '=', '李芳').executeTakeFirstOrThrow();
  personId = registered.person_id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
});

const get = (query: string, cookie: string) =>
  app.inject({ method: 'GET', url: `/registry/people/${personId}${query}`, headers: { cookie } });

describe('ID and phone numbers in the registry', () => {
  it('are sealed in the read model and the log: neither holds the numbers in clear', async () => {
    const row = await database.db.selectFrom('person_details').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect(row.id_number).toMatch(/^cfenc:v1:AES256GCM:/);
    expect(row.phone).toMatch(/^cfenc:v1:AES256GCM:/);
    expect(row).toMatchObject({ ethnicity: '回族', birth_month: '1990-05', joined_party: '2012-06', full_time_degree: '法学学士' });
    expect(personalData.open('idNumber', row.id_number!)).toBe(ID_NUMBER);
    // An ID number's sealed text does not open as a phone number.
    expect(() => personalData.open('phone', row.id_number!)).toThrow();
    for (const secret of [ID_NUMBER, ID_NUMBER.slice(6, 14), PHONE]) {
      const { n } = await sql<{ n: string }>`select count(*) as n from events where data::text like ${`%${secret}%`}`
        .execute(database.db)
        .then((r) => r.rows[0]!);
      expect(Number(n), secret).toBe(0);
    }
  });

  it('are shown masked to every reader, the other details in full', async () => {
    for (const cookie of [county, township, auditor]) {
      const res = await get('', cookie);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { details: Record<string, string> };
      expect(body.details).toMatchObject({
        idNumber: `4101**********${ID_NUMBER.slice(-4)}`,
        phone: '138****5678',
        ethnicity: '回族',
        politicalStatus: '中共党员',
      });
    }
  });

  it('are shown whole only to county staff who ask, and each such view is recorded', async () => {
    const before = await database.db
      .selectFrom('access_log')
      .select('position')
      .where('kind', '=', 'person.personal-data-viewed')
      .execute();
    expect(problem(await get('?reveal=idNumber', township), 403)).toMatch(/county staff/);
    expect(problem(await get('?reveal=all', auditor), 403)).toMatch(/county staff/);
    problem(await get('?reveal=passport', county), 400);
    const res = await get('?reveal=all', county);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { details: Record<string, string> }).details).toMatchObject({ idNumber: ID_NUMBER, phone: PHONE });
    const after = await database.db
      .selectFrom('access_log')
      .select(['subject', 'detail', 'actor_id'])
      .where('kind', '=', 'person.personal-data-viewed')
      .execute();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ subject: personId, detail: { fields: ['idNumber', 'phone'] } });
  });

  it('go out whole in a roster exported with the key, which reads back changing nothing', async () => {
    const roster = rosterBackend.create({ db: database.db, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE, personalData });
    const snapshot = await roster.exportSnapshot(cliOperator());
    const exported = await database.db
      .selectFrom('access_log')
      .select(['subject', 'detail', 'channel'])
      .where('kind', '=', 'person.personal-data-viewed')
      .where('subject', '=', 'roster')
      .execute();
    expect(exported).toEqual([{ subject: 'roster', channel: 'cli', detail: { people: 1, fields: ['idNumber', 'phone'] } }]);
    const rows = rosterFromRegistry(snapshot);
    const idColumn = PERSON_HEADERS.indexOf('身份证号');
    expect(rows.people.find((r) => r.includes('李芳'))![idColumn]).toBe(ID_NUMBER);
    await expect(readRegistrySnapshot(database.db)).rejects.toThrow(/no key for personal data/);
    const res = await app.inject({
      method: 'POST',
      url: '/registry/imports',
      payload: await writeRosterWorkbook(rows),
      headers: { 'content-type': XLSX_TYPE, cookie: county },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { written: { events: number } }).written.events).toBe(0);
  });

  it('go out masked in a roster downloaded by anyone but county staff, whole for county staff', async () => {
    const idColumn = PERSON_HEADERS.indexOf('身份证号') + 1;
    const idCell = async (cookie: string, query = '') => {
      const res = await app.inject({ method: 'GET', url: `/documents/roster.xlsx${query}`, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('人员名册')!;
      let found: string | undefined;
      sheet.eachRow((row) => {
        if (row.values && (row.values as unknown[]).includes('李芳')) found = String(row.getCell(idColumn).value ?? '');
      });
      return found;
    };
    expect(await idCell(township, '?township=ts-01')).toBe(`4101**********${ID_NUMBER.slice(-4)}`);
    expect(await idCell(auditor)).toBe(`4101**********${ID_NUMBER.slice(-4)}`);
    expect(await idCell(county)).toBe(ID_NUMBER);
  });
});
