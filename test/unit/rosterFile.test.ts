import { describe, expect, it } from 'vitest';
import { rosterChanges } from '../../domain/roster/changes';
import { checkRoster, type RosterInput, type SheetRows } from '../../domain/roster/checkRoster';
import { PERSON_COLUMNS } from '../../domain/roster/columns';
import { ORG_UNIT_HEADERS, PERSON_HEADERS, rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import { formatProblem } from '../../domain/roster/problems';
import { EMPTY_REGISTRY, type RegistrySnapshot } from '../../domain/roster/registry';
import { demoRegistry } from '../support/demoRegistry';

const ASOF = { year: 2026, month: 12 };

function idNumber(ymd: string, seq: string): string {
  const first17 = `410122${ymd}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

/** A sheet from rows of cells by header; the header row is row 1. */
function sheet(headers: readonly string[], rows: Array<Record<string, string | undefined>>): SheetRows {
  return { headers, rows: rows.map((r, i) => ({ row: i + 2, cells: headers.map((h) => r[h] ?? '') })) };
}

const REGISTRY: RegistrySnapshot = {
  orgUnits: [
    { orgUnitId: 'cn-county', name: '中牟县', kind: 'county', parentId: null, effectiveFrom: '2025-01-01', dissolved: null },
    { orgUnitId: 'ts-01', name: '城关镇', kind: 'township', parentId: 'cn-county', effectiveFrom: '2025-01-01', dissolved: null },
    { orgUnitId: 'ts-02', name: '白沙乡', kind: 'township', parentId: 'cn-county', effectiveFrom: '2025-01-01', dissolved: null },
    { orgUnitId: 'ts-01-v01', name: '东村', kind: 'village', parentId: 'ts-01', effectiveFrom: '2025-01-01', dissolved: null },
    { orgUnitId: 'ts-02-v01', name: '东村', kind: 'village', parentId: 'ts-02', effectiveFrom: '2025-01-01', dissolved: null },
    {
      orgUnitId: 'old-09',
      name: '旧乡',
      kind: 'township',
      parentId: 'cn-county',
      effectiveFrom: '2020-01-01',
      dissolved: { effectiveTo: '2024-12-31', mergedInto: 'ts-02' },
    },
  ],
  people: [
    {
      personId: 'p-0001',
      name: '王建国',
      gender: 'male',
      birthYear: 1975,
      orgUnitId: 'ts-01',
      rank: '副科级',
      details: { birthMonth: '1975-03' },
      post: { title: '副镇长', orgUnitId: 'ts-01', startedOn: '2021-06-15' },
    },
  ],
};

const person = (over: Record<string, string> = {}) => ({
  姓名: '李芳',
  性别: '女',
  出生年月: '1990.05',
  单位: '城关镇',
  职级: '科员',
  ...over,
});
const roster = (people: Array<Record<string, string | undefined>>, units: Array<Record<string, string | undefined>> = []): RosterInput => ({
  people: sheet(PERSON_HEADERS, people),
  orgUnits: sheet(ORG_UNIT_HEADERS, units),
});

describe('a whole roster, checked against itself and the registry', () => {
  it('given a person’s unit by its name or its code, when checked, then both find the unit', () => {
    const r = checkRoster(roster([person(), person({ 单位: 'ts-02', 身份证号: '' })]), REGISTRY, ASOF);
    expect(r.problems).toEqual([]);
    expect(r.people.map((p) => p.orgUnitId)).toEqual(['ts-01', 'ts-02']);
  });

  it('given a unit in neither the file nor the registry, when checked, then it is an unknown unit at its row', () => {
    const r = checkRoster(roster([person(), person({ 单位: '西湖镇' })]), REGISTRY, ASOF);
    expect(r.problems).toMatchObject([{ sheet: 'people', row: 3, column: '单位', value: '西湖镇', kind: 'unknown-unit' }]);
    expect(r.people).toHaveLength(1);
  });

  it('given a unit on the file’s 单位 sheet, when checked, then a person may be placed in it', () => {
    const units = [{ 单位编码: 'ts-03', 单位名称: '西湖镇', 单位类别: '乡镇', 上级单位: '中牟县', 设立时间: '2025.01' }];
    const r = checkRoster(roster([person({ 单位: '西湖镇' })], units), REGISTRY, ASOF);
    expect(r.problems).toEqual([]);
    expect(r.orgUnits).toMatchObject([{ code: 'ts-03', parentId: 'cn-county', kind: 'township' }]);
    expect(r.people[0]!.orgUnitId).toBe('ts-03');
  });

  it('given a name two units share, when checked, then it asks for the code and lists them', () => {
    const r = checkRoster(roster([person({ 单位: '东村' })]), REGISTRY, ASOF);
    expect(r.problems).toMatchObject([{ column: '单位', kind: 'ambiguous-unit' }]);
    expect(r.problems[0]!.problem.en).toBe('2 units have this name (ts-01-v01, ts-02-v01): write the code');
  });

  it('given a dissolved unit, when checked, then no one can be placed in it', () => {
    const r = checkRoster(roster([person({ 单位: '旧乡' })]), REGISTRY, ASOF);
    expect(r.problems).toMatchObject([{ column: '单位', kind: 'dissolved-unit' }]);
  });

  it('given an ID number twice, even typed differently, when checked, then the second row names the first', () => {
    const id = idNumber('19900512', '012');
    const r = checkRoster(
      roster([
        person({ 身份证号: id.toLowerCase() }),
        person({ 姓名: '张伟', 性别: '男', 身份证号: '' }),
        person({ 身份证号: `${id.slice(0, 6)} ${id.slice(6)}` }),
      ]),
      REGISTRY,
      ASOF,
    );
    expect(r.problems).toMatchObject([{ row: 4, column: '身份证号', kind: 'duplicate' }]);
    expect(r.problems[0]!.problem).toEqual({ zh: '与第 2 行的身份证号重复', en: 'the same ID number as row 2' });
    expect(r.people.map((p) => p.row)).toEqual([2, 3]);
  });

  it('given a person id twice or one the registry does not know, when checked, then each is named', () => {
    const r = checkRoster(
      roster([person({ 人员编号: 'p-0001' }), person({ 人员编号: 'p-0001' }), person({ 人员编号: 'p-9999' })]),
      REGISTRY,
      ASOF,
    );
    expect(r.problems.map((p) => [p.row, p.kind])).toEqual([
      [3, 'duplicate'],
      [4, 'unknown-person'],
    ]);
  });

  it('given units with a duplicate code, a missing or wrong-level parent, when checked, then each row is named', () => {
    const units = [
      { 单位编码: 'ts-03', 单位名称: '西湖镇', 单位类别: '乡镇', 上级单位: 'cn-county' },
      { 单位编码: 'ts-03', 单位名称: '北山乡', 单位类别: '乡镇', 上级单位: 'cn-county' },
      { 单位编码: 'ts-03-v01', 单位名称: '南村', 单位类别: '村' },
      { 单位编码: 'ts-03-v02', 单位名称: '北村', 单位类别: '村', 上级单位: '中牟县' },
      { 单位编码: 'ts-04', 单位名称: '新乡', 单位类别: '乡镇', 上级单位: '旧乡' },
      { 单位编码: 'ts-03-v03', 单位名称: '中村', 单位类别: '村', 上级单位: '西湖镇' },
    ];
    const r = checkRoster(roster([], units), REGISTRY, ASOF);
    expect(r.problems.map((p) => [p.row, p.column, p.kind])).toEqual([
      [3, '单位编码', 'duplicate'],
      [4, '上级单位', 'required'],
      [5, '上级单位', 'bad-parent'],
      [6, '上级单位', 'bad-parent'],
    ]);
    expect(r.problems[3]!.problem.en).toBe('a township cannot be under a township (旧乡)');
    expect(r.orgUnits.map((u) => u.code)).toEqual(['ts-03', 'ts-03-v03']);
  });

  it('given a unit row with a problem, when people are placed in it, then only the unit row is reported', () => {
    const units = [{ 单位编码: 'ts-03', 单位名称: '西湖镇', 单位类别: '镇', 上级单位: 'cn-county' }];
    const r = checkRoster(roster([person({ 单位: '西湖镇' }), person({ 单位: 'ts-03', 身份证号: '' })], units), REGISTRY, ASOF);
    expect(r.problems.map((p) => [p.sheet, p.row, p.column, p.kind])).toEqual([['orgUnits', 2, '单位类别', 'not-in-list']]);
    expect(r.people).toEqual([]);
  });

  it('given a missing required header and an unknown one, when checked, then both are named on row 1', () => {
    const headers = PERSON_HEADERS.filter((h) => h !== '职级').concat('爱好');
    const r = checkRoster({ people: sheet(headers, [person()]), orgUnits: null }, REGISTRY, ASOF);
    expect(r.problems.filter((p) => p.row === 1).map((p) => [p.column, p.kind])).toEqual([
      ['爱好', 'header-unknown'],
      ['职级', 'header-missing'],
    ]);
  });

  it('given headers in another order, with aliases, a * mark and without optional columns, when checked, then the cells are read by header', () => {
    const headers = ['职级', '单位', '出生年月', '性别 *', '姓名', '身份证号码'];
    const r = checkRoster(
      {
        people: { headers, rows: [{ row: 2, cells: ['科员', '城关镇', '1990.05', '女', '李芳', idNumber('19900512', '022')] }] },
        orgUnits: null,
      },
      REGISTRY,
      ASOF,
    );
    expect(r.problems).toEqual([]);
    expect(r.people[0]).toMatchObject({ name: '李芳', rank: '科员', idNumber: idNumber('19900512', '022') });
  });

  it('given no people sheet, when checked, then that is the problem', () => {
    const r = checkRoster({ people: null, orgUnits: null }, REGISTRY, ASOF);
    expect(r.problems).toMatchObject([{ sheet: 'people', kind: 'sheet-missing' }]);
  });

  it('given more rows than the limit, when checked, then the sheet is refused whole; blank rows do not count', () => {
    const rows = [person(), person({ 身份证号: '' }), {}, {}];
    const limits = { maxRows: 2 };
    expect(checkRoster(roster(rows), REGISTRY, ASOF, limits).problems).toEqual([]);
    const over = checkRoster(roster([...rows, person()]), REGISTRY, ASOF, limits);
    expect(over.problems).toMatchObject([{ sheet: 'people', row: 1, kind: 'too-many-rows', value: '3' }]);
    expect(over.people).toEqual([]);
  });

  it('given problems on both sheets, when reported, then units come first, by row, each line in Chinese and English', () => {
    const r = checkRoster(
      roster([person({ 出生年月: '1975.13' })], [{ 单位编码: 'x y', 单位名称: '西湖镇', 单位类别: '乡镇', 上级单位: 'cn-county' }]),
      REGISTRY,
      ASOF,
    );
    expect(r.problems.map((p) => p.sheet)).toEqual(['orgUnits', 'people']);
    expect(formatProblem(r.problems[1]!)).toBe(
      '人员名册 第2行 出生年月「1975.13」：月份须在 1 至 12 之间；应为：年月，如 1975.03（也可写 1975-03、197503、1975年3月）；只知年份时可写 1975\n' +
        '  people row 2, 出生年月 "1975.13": the month must be 1 to 12; expected: year and month, e.g. 1975.03 (also 1975-03, 197503, 1975年3月); a year alone (1975) when the month is not known',
    );
  });
});

describe('what a checked roster would change', () => {
  it('given the demo county written as a roster, when read back, then there is no problem and everyone is unchanged', () => {
    const registry = demoRegistry();
    const rows = rosterFromRegistry(registry);
    const input: RosterInput = {
      orgUnits: { headers: ORG_UNIT_HEADERS, rows: rows.orgUnits.map((cells, i) => ({ row: i + 2, cells })) },
      people: { headers: PERSON_HEADERS, rows: rows.people.map((cells, i) => ({ row: i + 2, cells })) },
    };
    const checked = checkRoster(input, registry, ASOF);
    expect(checked.problems).toEqual([]);
    expect(checked.rows).toEqual({ orgUnits: 197, people: 1057 });
    const changes = rosterChanges(checked, registry);
    expect(changes.orgUnits).toMatchObject({ new: 0, changed: 0, unchanged: 197, notInFile: 0 });
    expect(changes.people).toMatchObject({ new: 0, changed: 0, unchanged: 1057, notInFile: 0 });
  });

  it('given the demo roster with one cell changed, when compared, then one person has one change', () => {
    const registry = demoRegistry();
    const rows = rosterFromRegistry(registry);
    const rank = PERSON_COLUMNS.findIndex((c) => c.key === 'rank');
    const before = rows.people[4]![rank]!;
    rows.people[4]![rank] = before === '科员' ? '副科级' : '科员';
    const checked = checkRoster(
      {
        orgUnits: { headers: ORG_UNIT_HEADERS, rows: rows.orgUnits.map((cells, i) => ({ row: i + 2, cells })) },
        people: { headers: PERSON_HEADERS, rows: rows.people.map((cells, i) => ({ row: i + 2, cells })) },
      },
      registry,
      ASOF,
    );
    const changes = rosterChanges(checked, registry);
    expect(changes.people).toMatchObject({ new: 0, changed: 1, unchanged: 1056 });
    expect(changes.people.items.filter((i) => i.kind === 'changed')).toEqual([
      {
        kind: 'changed',
        row: 6,
        id: 'p-0005',
        name: rows.people[4]![1],
        changes: [{ column: '职级', before, after: rows.people[4]![rank] }],
      },
    ]);
  });

  it('given a new person, a moved one and a unit renamed, when compared, then each is new or changed and the rest not in the file', () => {
    const units = [{ 单位编码: 'ts-02', 单位名称: '白沙镇', 单位类别: '乡镇', 上级单位: 'cn-county' }];
    const people = [
      person(),
      {
        ...person({ 人员编号: 'p-0001', 姓名: '王建国', 性别: '男', 出生年月: '1975.03', 单位: '白沙镇', 职级: '副科级' }),
        现任职务: '副镇长',
        任现职时间: '2021.06',
      },
    ];
    const checked = checkRoster(roster(people, units), REGISTRY, ASOF);
    expect(checked.problems).toEqual([]);
    const changes = rosterChanges(checked, REGISTRY);
    expect(changes.orgUnits).toMatchObject({ new: 0, changed: 1, unchanged: 0, notInFile: 4 });
    expect(changes.orgUnits.items[0]!.changes).toEqual([{ column: '单位名称', before: '白沙乡', after: '白沙镇' }]);
    expect(changes.people).toMatchObject({ new: 1, changed: 1, unchanged: 0, notInFile: 0 });
    expect(changes.people.items[1]!.changes).toEqual([{ column: '单位', before: '城关镇（ts-01）', after: '白沙镇（ts-02）' }]);
  });

  it('given an empty registry, when a roster is compared, then everything in it is new', () => {
    const units = [
      { 单位编码: 'c', 单位名称: '新县', 单位类别: '县' },
      { 单位编码: 't', 单位名称: '新镇', 单位类别: '乡镇', 上级单位: 'c' },
    ];
    const checked = checkRoster(roster([person({ 单位: '新镇' })], units), EMPTY_REGISTRY, ASOF);
    expect(checked.problems).toEqual([]);
    const changes = rosterChanges(checked, EMPTY_REGISTRY);
    expect([changes.orgUnits.new, changes.people.new]).toEqual([2, 1]);
  });
});
