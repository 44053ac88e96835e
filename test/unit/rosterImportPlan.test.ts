/**
 * What importing a checked roster writes (domain/roster/importPlan.ts): the events of each
 * new or changed unit and person, their keys, and the changes a roster cannot record.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkRoster, type RosterInput, type SheetRows } from '../../domain/roster/checkRoster';
import { ORG_UNIT_HEADERS, PERSON_HEADERS } from '../../domain/roster/fromRegistry';
import { planRosterImport } from '../../domain/roster/importPlan';
import { EMPTY_REGISTRY, type RegistrySnapshot } from '../../domain/roster/registry';

const ASOF = { year: 2026, month: 12 };
const TODAY = '2026-12-07';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const sheet = (headers: readonly string[], rows: Array<Record<string, string>>): SheetRows => ({
  headers,
  rows: rows.map((r, i) => ({ row: i + 2, cells: headers.map((h) => r[h] ?? '') })),
});
const roster = (people: Array<Record<string, string>>, units: Array<Record<string, string>> = []): RosterInput => ({
  people: sheet(PERSON_HEADERS, people),
  orgUnits: sheet(ORG_UNIT_HEADERS, units),
});

const REGISTRY: RegistrySnapshot = {
  orgUnits: [
    { orgUnitId: 'cn-county', name: '中牟县', kind: 'county', parentId: null, effectiveFrom: '2025-01-01', dissolved: null },
    { orgUnitId: 'ts-01', name: '城关镇', kind: 'township', parentId: 'cn-county', effectiveFrom: '2025-01-01', dissolved: null },
    { orgUnitId: 'ts-02', name: '白沙乡', kind: 'township', parentId: 'cn-county', effectiveFrom: '2025-01-01', dissolved: null },
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
      post: { title: '副镇长', orgUnitId: 'ts-01', startedOn: '2021-06-15', assignmentId: 'a-0001' },
    },
  ],
};
const wang = (over: Record<string, string> = {}) => ({
  人员编号: 'p-0001',
  姓名: '王建国',
  性别: '男',
  出生年月: '1975.03',
  单位: 'ts-01',
  现任职务: '副镇长',
  任现职时间: '2021.06',
  职级: '副科级',
  ...over,
});
const plan = (input: RosterInput, registry = REGISTRY) => {
  const checked = checkRoster(input, registry, ASOF);
  expect(checked.problems).toEqual([]);
  return planRosterImport(checked, registry, TODAY, sha);
};

describe('what an import writes', () => {
  it('given a roster that restates the registry, when planned, then nothing is written', () => {
    expect(plan(roster([wang()])).appends).toEqual([]);
  });

  it('given one changed name, when planned, then one correction keyed by the person and the change', () => {
    const p = plan(roster([wang({ 姓名: '王建民' })]));
    expect(p.appends).toHaveLength(1);
    expect(p.appends[0]!.streamId).toBe('person/p-0001');
    expect(p.appends[0]!.idempotencyKey).toMatch(/^roster:p-0001:[0-9a-f]{64}$/);
    expect(p.appends[0]!.events).toEqual([
      { type: 'PersonCorrected', data: { personId: 'p-0001', fields: { name: '王建民' }, correctedOn: TODAY } },
    ]);
    // The same change planned again has the same key; another change has another.
    expect(plan(roster([wang({ 姓名: '王建民' })])).appends[0]!.idempotencyKey).toBe(p.appends[0]!.idempotencyKey);
    expect(plan(roster([wang({ 姓名: '王建华' })])).appends[0]!.idempotencyKey).not.toBe(p.appends[0]!.idempotencyKey);
  });

  it('given a new unit, a new post and a new rank, when planned, then a transfer, the old post ended and the new one assigned', () => {
    const p = plan(roster([wang({ 单位: '白沙乡', 现任职务: '乡长', 任现职时间: '2026.11', 职级: '正科级' })]));
    expect(p.appends).toHaveLength(1);
    const key = p.appends[0]!.idempotencyKey.split(':')[2]!;
    expect(p.appends[0]!.events).toEqual([
      { type: 'PersonCorrected', data: { personId: 'p-0001', fields: { rank: '正科级' }, correctedOn: TODAY } },
      { type: 'PersonTransferred', data: { personId: 'p-0001', fromOrgUnitId: 'ts-01', toOrgUnitId: 'ts-02', effectiveOn: TODAY } },
      { type: 'PostEnded', data: { assignmentId: 'a-0001', personId: 'p-0001', endedOn: '2026-11-01', reason: 'replaced' } },
      {
        type: 'PostAssigned',
        data: {
          assignmentId: `p-0001/roster/${key.slice(0, 12)}`,
          personId: 'p-0001',
          orgUnitId: 'ts-02',
          title: '乡长',
          rank: '正科级',
          startedOn: '2026-11-01',
          onTrial: false,
        },
      },
    ]);
  });

  it('given 现任职务 cleared, when planned, then the post only ends, today', () => {
    const p = plan(roster([wang({ 现任职务: '', 任现职时间: '' })]));
    expect(p.appends[0]!.events).toEqual([
      { type: 'PostEnded', data: { assignmentId: 'a-0001', personId: 'p-0001', endedOn: TODAY, reason: 'other' } },
    ]);
  });

  it('given new units and a new person, when planned, then parents first, and the person’s id derived from the row', () => {
    const units: Array<Record<string, string>> = [
      { 单位编码: 'ts-03-v01', 单位名称: '南村', 单位类别: '村', 上级单位: 'ts-03' },
      { 单位编码: 'ts-03', 单位名称: '西湖镇', 单位类别: '乡镇', 上级单位: '中牟县', 设立时间: '2025.01' },
    ];
    const newcomer = { 姓名: '李芳', 性别: '女', 出生年月: '1990.05', 单位: '南村', 职级: '科员' };
    const p = plan(roster([wang(), newcomer], units));
    expect(p.appends.map((a) => a.idempotencyKey.replace(/p-r[0-9a-f]{12}/, 'p-r…'))).toEqual([
      'roster:unit:new:ts-03',
      'roster:unit:new:ts-03-v01',
      'roster:new:p-r…',
    ]);
    expect(p.appends[0]!.events[0]).toMatchObject({
      type: 'OrgUnitEstablished',
      data: { orgUnitId: 'ts-03', effectiveFrom: '2025-01-01' },
    });
    expect(p.appends[1]!.events[0]).toMatchObject({ type: 'OrgUnitEstablished', data: { orgUnitId: 'ts-03-v01', effectiveFrom: TODAY } });
    expect(p.appends[2]!.events).toEqual([
      { type: 'PersonRegistered', data: expect.objectContaining({ name: '李芳', orgUnitId: 'ts-03-v01', birthYear: 1990 }) },
    ]);
    // The same row planned again gets the same id: a second import finds its first append.
    expect(plan(roster([newcomer], units)).appends[2]!.streamId).toBe(p.appends[2]!.streamId);
  });

  it('given two new rows alike and with no ID number, when planned, then the second is a problem', () => {
    const newcomer = { 姓名: '李芳', 性别: '女', 出生年月: '1990.05', 单位: '城关镇', 职级: '科员' };
    const checked = checkRoster(roster([newcomer, newcomer]), REGISTRY, ASOF);
    const p = planRosterImport(checked, REGISTRY, TODAY, sha);
    expect(p.problems).toMatchObject([{ row: 3, kind: 'duplicate', problem: { en: 'the same new person as row 2' } }]);
  });

  it('given an empty registry, when a roster with 人员编号 is planned, then the ids are kept', () => {
    const units: Array<Record<string, string>> = [
      { 单位编码: 'cn-county', 单位名称: '中牟县', 单位类别: '县' },
      { 单位编码: 'ts-01', 单位名称: '城关镇', 单位类别: '乡镇', 上级单位: 'cn-county' },
    ];
    const p = plan(roster([wang()], units), EMPTY_REGISTRY);
    expect(p.appends.map((a) => a.streamId)).toEqual(['orgunit/cn-county', 'orgunit/ts-01', 'person/p-0001']);
    expect(p.appends[2]!.events.map((e) => e.type)).toEqual(['PersonRegistered', 'PostAssigned']);
  });

  it('given a registered unit with a new name and another month of establishment, when planned, then the rename is recorded and the month is a problem', () => {
    const units = [{ 单位编码: 'ts-02', 单位名称: '白沙镇', 单位类别: '乡镇', 上级单位: 'cn-county', 设立时间: '2024.06' }];
    const input = roster([wang()], units);
    const checked = checkRoster(input, REGISTRY, ASOF);
    const p = planRosterImport(checked, REGISTRY, TODAY, sha);
    expect(p.appends.map((a) => a.events)).toEqual([
      [{ type: 'OrgUnitRenamed', data: { orgUnitId: 'ts-02', name: '白沙镇', previousName: '白沙乡', effectiveOn: TODAY } }],
    ]);
    expect(p.problems).toMatchObject([{ sheet: 'orgUnits', row: 2, column: '设立时间', value: '2024.06', kind: 'not-importable' }]);
  });
});
