/**
 * `cadreflow registry search` and `cadreflow registry stats` against a real PostgreSQL
 * holding the demo county: a search narrows to the count worked out from the generator,
 * a bad query is refused in Chinese and English, and the statistics are printed and
 * written as a workbook.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../client/registrySeed';
import { loadExceljs } from '../../client/roster/loadExceljs';
import { STATISTICS_SHEETS } from '../../client/cadres/statisticsWorkbook';
import { generateDemoCounty } from '../../demo/county';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runCli } from '../support/cli';

const DAY = '2025-06-15';
const demo = generateDemoCounty();
let t: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedRegistry(t.db);
  dir = mkdtempSync(join(tmpdir(), 'cf-search-'));
  const { TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
  env = { ...rest, DATABASE_URL: t.url, CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-search-data-')), LOG_LEVEL: 'warn' };
  delete env.CADREFLOW_USER;
});
afterAll(async () => {
  await t?.drop();
});

describe('cadreflow registry search / stats', () => {
  it('searches by rank and township, as JSON, as of a given day', async () => {
    const r = await runCli(['registry', 'search', '--township', 'ts-02', '--rank', '正科级', '--on', DAY, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { day: string; total: number; items: Array<{ townshipId: string; rank: string }> };
    const want = demo.people.filter((p) => p.orgUnitId === 'ts-02' && p.rank === '正科级').length;
    expect(want).toBe(3);
    expect(out).toMatchObject({ day: DAY, total: want });
    expect(out.items.every((i) => i.townshipId === 'ts-02' && i.rank === '正科级')).toBe(true);
    expect(r.stdout).not.toMatch(/idNumber|phone/);
  });

  it('refuses a bad query with every problem, writing nothing', async () => {
    const r = await runCli(['registry', 'search', '--age-min', '50', '--age-max', '40', '--education', '博士'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/年龄下限 50 大于上限 40.*学历须为.* \/ ageMin 50 is more than ageMax 40.*education must be one of/);
  });

  it('prints the statistics, and writes them as a workbook', async () => {
    const printed = await runCli(['registry', 'stats', '--township', 'ts-01', '--on', DAY], env);
    expect(printed.code, printed.stderr).toBe(0);
    const people = demo.people.filter((p) => p.orgUnitId === 'ts-01' || p.orgUnitId.startsWith('ts-01-')).length;
    expect(printed.stdout).toContain(`: ${people} 人`);
    expect(printed.stdout).toMatch(/一肩挑 \d+\/\d+ 村/);
    const out = join(dir, 'stats.xlsx');
    const written = await runCli(['registry', 'stats', '--out', out, '--on', DAY], env);
    expect(written.code, written.stderr).toBe(0);
    const { Workbook } = await loadExceljs();
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...STATISTICS_SHEETS]);
    expect(wb.getWorksheet('性别结构')!.getRow(15).getCell(2).value).toBe(demo.people.length);
    const unknown = await runCli(['registry', 'stats', '--township', 'ts-99'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/没有乡镇 ts-99 \/ no township ts-99/);
  });
});
