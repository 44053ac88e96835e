/**
 * The documents people open (docs/documents.md), on a real PostgreSQL database with the
 * demo county's registry and the real Temporal dev server: the 13 demo branches under
 * rectification (one driven to an approved plan), a probation case whose pre-appointment
 * notice is up, and an evaluation round over ts-01 and ts-02 written as the events the
 * round appends. Each document is downloaded through the API and written by the CLI,
 * opened again (exceljs; the .docx unzipped), and checked for what it must hold; written
 * twice, it reads the same; a township committee member gets only their township's.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import JSZip from 'jszip';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Actor } from '../../domain/actors';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { chineseDate } from '../../domain/documents/publicNotice';
import { generateDemoCounty } from '../../demo/county';
import type { Backend } from '../../client/backend';
import type { ApiModules } from '../../client/api/context';
import { loadExceljs } from '../../client/roster/loadExceljs';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventually } from '../support/cases';
import { cli, cliEnv, runCli } from '../support/cli';
import { problem, signedInUser, startApiStack } from '../support/api';
import { APPROVAL, writeGradedRound, type GradedRound } from '../support/gradedRound';

const TASK_QUEUE = `documents-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const YEAR = 2023;
const ROUND = `evaluation-round/${YEAR}/ts-01+ts-02`;
const staff: Actor = { id: 'org-staff', role: 'county-org-dept' };

const county = generateDemoCounty();
const branches = county.underperformingVillageIds;
const driven = branches[0]!;
const drivenTownship = driven.split('-v')[0]!;
const otherTownship = ['ts-01', 'ts-02', 'ts-03'].find((t) => t !== drivenTownship)!;
const today = shanghaiDate(Date.now());
const listedOn = addMonths(today, -4);
const drivenCase = `rectification/${driven}/${Number(listedOn.slice(0, 4))}`;

type Who = 'county' | 'auditor' | 'ts01' | 'driven' | 'ts03';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let backend: Backend;
let modules: ApiModules;
let outDir: string;
const cookies = new Map<Who, string>();
let noticeCase: string;
let cadres: GradedRound['cadres'];

async function get(who: Who, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)! } });
}

/** Every entry of a zip (an .xlsx or .docx) as text, by path. */
async function zipText(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const [path, f] of Object.entries(zip.files)) if (!f.dir) out[path] = await f.async('string');
  return out;
}

/** The cells of the workbook's first sheet, row by row, as text. */
async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const { Workbook } = await loadExceljs();
  const wb = new Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.text));
    rows.push(cells);
  });
  return rows;
}

/** The text of a .docx's body, paragraphs joined by newlines. */
async function docxText(bytes: Buffer): Promise<string> {
  const xml = (await zipText(bytes))['word/document.xml']!;
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter((t) => t.length > 0)
    .join('\n');
}

/** A download: its type, and its Chinese file name with an ASCII fallback (`ascii`). */
function download(res: LightMyRequestResponse, type: string, fileName: string, ascii: string): Buffer {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe(type);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  return res.rawPayload;
}

// ── Setup ───────────────────────────────────────────────────────────────────

/** Waits for a pending task of the case and decides it. */
async function decideStep(caseId: string, step: string, actor: Actor, decision: unknown): Promise<void> {
  await eventually(
    async () =>
      (await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', caseId)
        .where('step', '=', step)
        .where('status', '=', 'pending')
        .executeTakeFirst()) ?? undefined,
    `${caseId} ${step}`,
  );
  await backend.decide(caseId, step, actor, decision);
}

const PLAN = {
  problems: ['班子软弱涣散', '组织生活不正常'],
  measures: [
    { measure: '选优配强班子', responsible: '乡镇党委组织委员', deadline: addMonths(listedOn, 2) },
    { measure: '规范三会一课', responsible: '村党支部书记', deadline: addMonths(listedOn, 3) },
  ],
};

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'cf-documents-'));
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app, backend, modules } = stack);
  const users: Array<[Who, string, string | undefined]> = [
    ['county', 'county-org-dept', undefined],
    ['auditor', 'auditor', undefined],
    ['ts01', 'township-committee', 'ts-01'],
    ['driven', 'township-committee', drivenTownship],
    ['ts03', 'township-committee', 'ts-03'],
  ];
  for (const [who, role, townshipId] of users) {
    cookies.set(who, (await signedInUser(stack, { login: `doc-${who}`, role, townshipId, password: PASSWORD })).cookie);
  }

  const started = await modules.rectification.start({ branches: county.underperformingVillageIds, on: listedOn });
  expect(started.started).toHaveLength(13);
  await decideStep(drivenCase, 'support', staff, {
    countyLeader: '县委常委 王强',
    townshipLeader: '副镇长 李娜',
    firstSecretary: '县财政局 张伟',
    partnerAgency: '县财政局',
  });
  const committee: Actor = { id: `${drivenTownship}-committee`, role: 'township-committee', townshipId: drivenTownship };
  await decideStep(drivenCase, 'round-1:plan-1', committee, PLAN);
  await decideStep(drivenCase, 'round-1:plan-1:approval', staff, { outcome: 'approve', comment: '同意' });
  await eventually(async () => {
    const n = await database.db.selectFrom('rectification_cases').select(['case_id', 'plan_status']).execute();
    return n.length === 13 && n.find((r) => r.case_id === drivenCase)?.plan_status === 'approved' ? n : undefined;
  }, 'the 13 cases, one with its plan approved');

  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id', 'desc')
    .executeTakeFirstOrThrow();
  const probation = await backend.startProbation({
    personId: person.person_id,
    title: '副乡长',
    appointedOn: today,
    appointmentId: 'documents',
    preAppointmentNotice: true,
  });
  noticeCase = probation.caseId;
  await eventually(
    async () =>
      (await database.db.selectFrom('public_notices').select('notice_id').where('case_id', '=', noticeCase).executeTakeFirst()) ??
      undefined,
    'the pre-appointment notice',
  );

  ({ cadres } = await writeGradedRound(database.db, YEAR));
}, 180_000);

afterAll(async () => {
  await app?.close();
  const ids = [...branches.map((b) => `rectification/${b}/${Number(listedOn.slice(0, 4))}`), ...(noticeCase ? [noticeCase] : [])];
  for (const id of ids)
    await shared?.client.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

// ── The documents ───────────────────────────────────────────────────────────

describe('the evaluation result sheet (考核结果汇总表)', () => {
  const url = `/evaluation/rounds/${encodeURIComponent(ROUND)}/results.xlsx`;

  it('holds every cadre with their grade, and each unit’s quota line: allowed against granted, with the approval', async () => {
    const bytes = download(
      await get('county', url),
      XLSX,
      `${YEAR}年度考核结果汇总表-${YEAR}-ts-01+ts-02.xlsx`,
      `evaluation-results-${YEAR}-ts-01+ts-02.xlsx`,
    );
    const rows = await sheetRows(bytes);
    expect(rows[0]![0]).toMatch(new RegExp(`^${YEAR}年度考核结果汇总表（.+、.+）$`));
    expect(rows[1]).toEqual(['序号', '姓名', '所在单位', '现任职务', '考核等次', '等次状态']);
    const person = new Map(rows.filter((r) => /^\d+$/.test(r[0]!)).map((r) => [r[1]!, r]));
    for (const c of [...cadres['ts-01'], ...cadres['ts-02']]) {
      const row = person.get(c.name);
      expect(row, c.name).toBeDefined();
      expect(row![4]).toBe(
        c.grade === null
          ? ''
          : { excellent: '优秀', competent: '称职', 'basically-competent': '基本称职', 'not-competent': '不称职' }[c.grade],
      );
      expect(row![5]).toBe(c.grade === null ? '未评定' : '已评定（复核申诉期内）');
    }
    const quota = rows.filter((r) => r[0]!.startsWith('优秀名额')).map((r) => r[0]);
    expect(quota).toEqual([
      `优秀名额：参加考核 8 人，经批复（${APPROVAL}，${YEAR}-12-18）按 25% 计，可评优秀 2 名；已评优秀 2 名。`,
      '优秀名额：参加考核 3 人，按 20% 计，可评优秀 0 名；已评优秀 0 名。',
    ]);
    // Written again, it reads the same, down to the workbook's dates (the round's own).
    const again = download(
      await get('auditor', url),
      XLSX,
      `${YEAR}年度考核结果汇总表-${YEAR}-ts-01+ts-02.xlsx`,
      `evaluation-results-${YEAR}-ts-01+ts-02.xlsx`,
    );
    expect(await zipText(again)).toEqual(await zipText(bytes));
    expect((await zipText(bytes))['docProps/core.xml']).toContain(`${YEAR}-12-20T02:04:00Z`);
  });

  it('a township committee member gets their township’s units only; a round that does not cover theirs, or another township, is 403', async () => {
    const rows = await sheetRows(
      download(
        await get('ts01', url),
        XLSX,
        `${YEAR}年度考核结果汇总表-${YEAR}-ts-01+ts-02-ts-01.xlsx`,
        `evaluation-results-${YEAR}-ts-01+ts-02-ts-01.xlsx`,
      ),
    );
    const names = new Set(rows.map((r) => r[1]));
    for (const c of cadres['ts-01']) expect(names.has(c.name), c.name).toBe(true);
    for (const c of cadres['ts-02']) expect(names.has(c.name), c.name).toBe(false);
    expect(rows.filter((r) => r[0]!.startsWith('优秀名额'))).toHaveLength(1);
    expect(problem(await get('ts03', url), 403)).toMatch(/does not cover township ts-03/);
    expect(problem(await get('ts01', `${url}?township=ts-02`), 403)).toMatch(/cannot see township ts-02/);
    expect(
      problem(await get('county', `/evaluation/rounds/${encodeURIComponent(`evaluation-round/${YEAR}/ts-09`)}/results.xlsx`), 404),
    ).toBe(`no evaluation round evaluation-round/${YEAR}/ts-09`);
  });
});

describe('the rectification ledger (整顿台账)', () => {
  it('lists the 13 branches with their stage, and the driven branch’s problems and measures; written twice, the same', async () => {
    const bytes = download(await get('county', '/rectification/ledger.xlsx'), XLSX, '整顿台账.xlsx', 'rectification-ledger.xlsx');
    const rows = await sheetRows(bytes);
    expect(rows[0]![0]).toBe('后进党组织整顿台账（全县，共 13 个）');
    const body = rows.slice(2);
    expect(body).toHaveLength(13);
    const names = await database.db.selectFrom('rectification_cases').select(['branch_name', 'case_id']).execute();
    expect(new Set(body.map((r) => r[2]))).toEqual(new Set(names.map((n) => n.branch_name)));
    const drivenName = names.find((n) => n.case_id === drivenCase)!.branch_name;
    const row = body.find((r) => r[2] === drivenName)!;
    expect(row[3]).toBe(listedOn);
    expect(row[5]).toBe('1. 班子软弱涣散\n2. 组织生活不正常');
    expect(row[6]).toBe(
      `1. 选优配强班子（乡镇党委组织委员，${addMonths(listedOn, 2)}）\n2. 规范三会一课（村党支部书记，${addMonths(listedOn, 3)}）`,
    );
    expect(row[8]).toBe('第1轮·整改推进（定期报告）');
    expect(row[9]).toBe(`已批准，${addMonths(listedOn, 3)} 前完成`);
    expect(row[14]).toBe('整顿中');
    // Written twice from the same log, the same: the other twelve cases keep moving (their
    // tasks open on their own time), so the two are written with nothing appended between.
    const head = async () =>
      (await database.db.selectFrom('log_head').select('position').where('id', '=', 1).executeTakeFirstOrThrow()).position;
    const [first, again] = await eventually(async () => {
      const before = await head();
      const one = download(await get('county', '/rectification/ledger.xlsx'), XLSX, '整顿台账.xlsx', 'rectification-ledger.xlsx');
      const two = download(await get('auditor', '/rectification/ledger.xlsx'), XLSX, '整顿台账.xlsx', 'rectification-ledger.xlsx');
      return (await head()) === before ? [one, two] : undefined;
    }, 'two ledgers written with nothing appended between');
    expect(await zipText(again)).toEqual(await zipText(first));
  });

  it('a township committee member gets their township’s branches; another township is 403', async () => {
    const rows = await sheetRows(
      download(
        await get('driven', '/rectification/ledger.xlsx'),
        XLSX,
        `整顿台账-${drivenTownship}.xlsx`,
        `rectification-ledger-${drivenTownship}.xlsx`,
      ),
    );
    const own = branches.filter((b) => b.startsWith(`${drivenTownship}-`));
    expect(rows.slice(2)).toHaveLength(own.length);
    expect(new Set(rows.slice(2).map((r) => r[1]))).toHaveProperty('size', 1);
    expect(problem(await get('driven', `/rectification/ledger.xlsx?township=${otherTownship}`), 403)).toMatch(/cannot see township/);
  });
});

describe('the public notice (公示)', () => {
  const url = () => `/cases/${encodeURIComponent(noticeCase)}/notice.docx`;
  const part = () => noticeCase.replace(/[^A-Za-z0-9._+-]+/g, '-');
  const fileName = () => `公示-${part()}.docx`;

  it('names who, what and the window in working days, and where objections go — never an ID number or a telephone', async () => {
    const bytes = download(await get('county', url()), DOCX, fileName(), `notice-${part()}.docx`);
    const text = await docxText(bytes);
    const notice = await database.db.selectFrom('public_notices').selectAll().where('case_id', '=', noticeCase).executeTakeFirstOrThrow();
    const subject = await database.db
      .selectFrom('cases as c')
      .innerJoin('people as p', 'p.person_id', 'c.subject_id')
      .select(['p.name', 'p.gender', 'p.birth_year'])
      .where('c.case_id', '=', noticeCase)
      .executeTakeFirstOrThrow();
    expect(text.split('\n')[0]).toBe('公 示');
    expect(text).toContain(`${subject.name}，${subject.gender === 'male' ? '男' : '女'}，${subject.birth_year}年出生`);
    expect(text).toContain('拟任 副乡长');
    expect(text).toContain(
      `公示时间：${chineseDate(shanghaiDate(notice.posted_at.getTime()))}至${chineseDate(shanghaiDate(notice.closes_at.getTime()))}（${notice.working_days}个工作日）。`,
    );
    expect(text).toContain(`中共${county.county.name}委组织部反映`);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/身份证|电话号码|联系电话/);
    const again = download(await get('auditor', url()), DOCX, fileName(), `notice-${part()}.docx`);
    expect(await zipText(again)).toEqual(await zipText(bytes));
  });

  it('a township committee member reads their township’s notice; another township’s case is answered as missing (404)', async () => {
    download(await get('ts01', url()), DOCX, fileName(), `notice-${part()}.docx`);
    expect(problem(await get('ts03', url()), 404)).toBe(`no public notice of case ${noticeCase}`);
    expect(problem(await get('county', `/cases/${encodeURIComponent(drivenCase)}/notice.docx`), 404)).toBe(
      `no public notice of case ${drivenCase}`,
    );
  });
});

describe('the roster (名册)', () => {
  it('downloads the registry as the roster export; a township member gets their township only, another is 403', async () => {
    const all = await sheetRows(download(await get('auditor', '/documents/roster.xlsx'), XLSX, '干部名册.xlsx', 'roster.xlsx'));
    const people = await database.db.selectFrom('people').select('person_id').execute();
    expect(all.length - 1).toBe(people.length);
    const own = await sheetRows(download(await get('ts01', '/documents/roster.xlsx'), XLSX, '干部名册-ts-01.xlsx', 'roster-ts-01.xlsx'));
    const ts01 = await database.db.selectFrom('people').select('person_id').where('township_id', '=', 'ts-01').execute();
    expect(own.length - 1).toBe(ts01.length);
    expect(problem(await get('ts01', '/documents/roster.xlsx?township=ts-02'), 403)).toMatch(/cannot see township ts-02/);
  });
});

describe('cadreflow export', () => {
  it('writes the same documents as the API downloads', async () => {
    const env = cliEnv('documents', inject('temporalAddress'), database.url);
    const out = (name: string) => join(outDir, name);
    await Promise.all([
      cli(['export', 'roster', '--out', out('roster.xlsx')], env),
      cli(['export', 'evaluation-results', ROUND, '--out', out('results.xlsx')], env),
      cli(['export', 'rectification-ledger', '--out', out('ledger.xlsx')], env),
      cli(['export', 'notice', noticeCase, '--out', out('notice.docx')], env),
    ]);
    const pairs: Array<[string, string]> = [
      ['roster.xlsx', '/documents/roster.xlsx'],
      ['results.xlsx', `/evaluation/rounds/${encodeURIComponent(ROUND)}/results.xlsx`],
      ['ledger.xlsx', '/rectification/ledger.xlsx'],
      ['notice.docx', `/cases/${encodeURIComponent(noticeCase)}/notice.docx`],
    ];
    for (const [file, url] of pairs) {
      const res = await get('county', url);
      expect(res.statusCode).toBe(200);
      expect(await zipText(readFileSync(out(file))), file).toEqual(await zipText(res.rawPayload));
    }
    // Bad input: a clear line in both languages, and no file.
    const [missing, noRound, badTownship, badYear] = await Promise.all([
      runCli(['export', 'notice', 'probation/nobody/x', '--out', out('none.docx')], env),
      runCli(['export', 'evaluation-results', 'evaluation-round/2031/county', '--out', out('none.xlsx')], env),
      runCli(['export', 'roster', '--township', '../ts-01', '--out', out('none.xlsx')], env),
      runCli(['export', 'rectification-ledger', '--year', '26', '--out', out('none.xlsx')], env),
    ]);
    expect([missing.code, noRound.code, badTownship.code, badYear.code]).toEqual([1, 1, 1, 1]);
    expect(missing.stderr.trim()).toBe(
      'cadreflow: 案件 probation/nobody/x 不存在或没有公示 / no case probation/nobody/x, or it has posted no public notice',
    );
    expect(noRound.stderr.trim()).toBe(
      'cadreflow: 没有考核轮次 evaluation-round/2031/county / no evaluation round evaluation-round/2031/county',
    );
    expect(badTownship.stderr.trim()).toBe('cadreflow: 乡镇编号无效：../ts-01 / not a township id: ../ts-01');
    expect(badYear.stderr.trim()).toBe('cadreflow: 年份无效：26（应为 2000–2100） / not a year from 2000 to 2100: 26');
    expect(existsSync(out('none.docx')) || existsSync(out('none.xlsx'))).toBe(false);
  });
});
