/**
 * `cadreflow registry lrmx import|export` and `registry appointment-form`, run as a person
 * would (the compiled CLI) against a real PostgreSQL database holding the demo county:
 * importing needs county staff, registers a new cadre once, and refuses a malformed file in
 * Chinese and English; the export carries the full ID number and is access-logged with the
 * account; the Word form names the cadre.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../client/registrySeed';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import { createCliAccounts, runCli, STAFF } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
let env: NodeJS.ProcessEnv;
let staffEnv: NodeJS.ProcessEnv;
let dir: string;
const FIRST17 = '41012219900512011';
const ID = FIRST17 + idNumberCheckChar(FIRST17);
const FORM = `<?xml version="1.0" encoding="UTF-8"?>
<Person>
  <XingMing>赵新民</XingMing>
  <XingBie>男</XingBie>
  <ChuShengNianYue>199005</ChuShengNianYue>
  <MinZu>汉族</MinZu>
  <JianLi>2008.09--2012.07  郑州大学学习</JianLi>
  <ShenFenZheng>${ID}</ShenFenZheng>
</Person>
`;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedRegistry(t.db);
  dir = mkdtempSync(join(tmpdir(), 'cf-lrmx-'));
  const { TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
  env = { ...rest, DATABASE_URL: t.url, CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-lrmx-data-')), LOG_LEVEL: 'warn' };
  delete env.CADREFLOW_USER;
  staffEnv = { ...env, CADREFLOW_USER: STAFF };
  await createCliAccounts(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe('cadreflow registry lrmx / appointment-form', () => {
  let personId: string;

  it('imports as county staff only; a new cadre is registered once; a malformed file is refused', async () => {
    const file = join(dir, '赵新民.lrmx');
    writeFileSync(file, FORM);
    const anonymous = await runCli(['registry', 'lrmx', 'import', file, '--unit', 'ts-01', '--rank', '科员'], env);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/--user/);
    const first = await runCli(['registry', 'lrmx', 'import', file, '--unit', 'ts-01', '--rank', '科员'], staffEnv);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/新登记 \/ registered/);
    expect(first.stdout).toContain('PersonRegistered, AppointmentFormRecorded');
    personId = /\((p-r[0-9a-f]{12})\)/.exec(first.stdout)![1]!;
    const again = await runCli(['registry', 'lrmx', 'import', file], staffEnv);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/matched by ID number/);
    expect(again.stdout).toContain('nothing written');
    const bad = join(dir, 'bad.lrmx');
    writeFileSync(bad, '<Person><XingMing>x</XingMing>');
    const refused = await runCli(['registry', 'lrmx', 'import', bad], staffEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/不是格式正确的 XML.*not well-formed XML/);
  });

  it('exports the LRMX file with the full ID number, recorded in the access log with the account', async () => {
    const out = join(dir, 'out.lrmx');
    expect((await runCli(['registry', 'lrmx', 'export', personId, '--out', out], env)).code).not.toBe(0);
    const r = await runCli(['registry', 'lrmx', 'export', personId, '--out', out], staffEnv);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain(`<ShenFenZheng>${ID}</ShenFenZheng>`);
    expect(xml).toContain('<JianLi>2008.09--2012.07  郑州大学学习</JianLi>');
    const logged = await t.db.selectFrom('access_log').selectAll().where('kind', '=', 'person.lrmx-exported').execute();
    expect(logged.map((l) => [l.subject, l.channel])).toEqual([[personId, 'cli']]);
    expect(JSON.stringify(logged[0]!.actor)).toContain(STAFF);
  });

  it('writes the 任免审批表 as Word with the name and without the ID number', async () => {
    const out = join(dir, '任免审批表.docx');
    const r = await runCli(['registry', 'appointment-form', personId, '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const text = (await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('赵新民');
    expect(text).toContain('郑州大学学习');
    expect(text).not.toContain(ID);
    const missing = await runCli(['registry', 'appointment-form', 'p-nobody', '--out', out], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/系统中没有人员 p-nobody/);
  });
});
