/**
 * Cadre search and team-structure statistics (domain/cadres/), given/when/then on a
 * hand-made registry of six people and three villages: ages and 龄 by month, the
 * education order, the age bands, the 一肩挑 rule, the query parser and the filter.
 */
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, ageBandOf, ageOn, yearsSince } from '../../domain/cadres/ages';
import { isCrossAppointedVillage } from '../../domain/cadres/crossAppointed';
import { educationAtLeast, highestEducation } from '../../domain/cadres/education';
import { hitOf, matchesCadre, parseCadreQuery, queryProblemText, type CadreQuery, type CadreRecord } from '../../domain/cadres/search';
import { structureStatistics } from '../../domain/cadres/statistics';

const DAY = '2025-06-15';

const person = (over: Partial<CadreRecord> & Pick<CadreRecord, 'personId' | 'name'>): CadreRecord => ({
  gender: 'male',
  birthYear: 1980,
  orgUnitId: 'ts-01',
  orgUnitName: '城关镇',
  townshipId: 'ts-01',
  rank: '科员',
  title: '科员',
  probation: 'none',
  details: {},
  grades: [],
  departed: false,
  ...over,
});

const REGISTRY: CadreRecord[] = [
  person({
    personId: 'p-1',
    name: '王建国',
    birthYear: 1970,
    rank: '正科级',
    title: '党委书记',
    details: {
      birthMonth: '1970-07',
      ethnicity: '汉族',
      joinedParty: '1992-07',
      startedWork: '1990-07',
      fullTimeEducation: '大学专科',
      partTimeEducation: '研究生',
    },
    grades: [
      { year: 2023, grade: 'excellent' },
      { year: 2024, grade: 'competent' },
    ],
  }),
  person({
    personId: 'p-2',
    name: '李芳',
    gender: 'female',
    birthYear: 1990,
    details: { birthMonth: '1990-06', ethnicity: '回族', joinedParty: '2012-06', startedWork: '2013-08', fullTimeEducation: '大学本科' },
    probation: 'on-probation',
    grades: [{ year: 2024, grade: 'excellent' }],
  }),
  person({
    personId: 'p-3',
    name: '张伟',
    birthYear: 1995,
    details: { ethnicity: '汉族', startedWork: '2018-07', fullTimeEducation: '研究生' },
  }),
  person({
    personId: 'p-4',
    name: '赵强',
    birthYear: 1968,
    orgUnitId: 'ts-01-v01',
    orgUnitName: '王家庄村',
    rank: '村干部',
    title: '党支部书记、村委会主任',
    details: { birthMonth: '1968-12', ethnicity: '满族', joinedParty: '1995-01', fullTimeEducation: '高中' },
  }),
  person({ personId: 'p-5', name: '刘洋', birthYear: 1975, orgUnitId: 'ts-02', orgUnitName: '河东乡', townshipId: 'ts-02', details: {} }),
  person({ personId: 'p-6', name: '王老', birthYear: 1960, departed: true, details: { ethnicity: '汉族' } }),
];

const UNDER: Record<string, string> = { 'ts-01-v01': 'ts-01' };
const under = (unit: string, ancestor: string) => unit === ancestor || UNDER[unit] === ancestor;
const search = (q: CadreQuery) => REGISTRY.filter((r) => matchesCadre(r, q, DAY, under)).map((r) => r.personId);
const parsed = (text: Record<string, string>): CadreQuery => {
  const r = parseCadreQuery(text);
  if (!r.ok) throw new Error(queryProblemText(r.problems));
  return r.query;
};

describe('ages and 龄, by month', () => {
  it('given a birth month, when the day reaches it, then a year more', () => {
    expect(ageOn(1990, '1990-06', '2025-05-31')).toBe(34);
    expect(ageOn(1990, '1990-06', '2025-06-01')).toBe(35);
  });
  it('given only the birth year, then the age reached in the day’s year', () => {
    expect(ageOn(1990, undefined, '2025-01-01')).toBe(35);
  });
  it('given a birth month of another year than birthYear, then birthYear rules', () => {
    expect(ageOn(1990, '1989-12', '2025-01-01')).toBe(35);
  });
  it('given 入党时间, then 党龄 in full years; none recorded, none', () => {
    expect(yearsSince('1992-07', DAY)).toBe(32);
    expect(yearsSince('1992-06', DAY)).toBe(33);
    expect(yearsSince(undefined, DAY)).toBeUndefined();
    expect(yearsSince('2026-01', DAY)).toBe(0);
  });
  it('puts each age in one band: 35 is ≤35, 36 the next, 56 is >55', () => {
    expect([35, 36, 40, 41, 50, 55, 56, 70].map(ageBandOf)).toEqual(['≤35', '36–40', '36–40', '41–45', '46–50', '51–55', '>55', '>55']);
    expect(AGE_BANDS.map((b) => b.key)).toEqual(['≤35', '36–40', '41–45', '46–50', '51–55', '>55']);
  });
});

describe('education order', () => {
  it('given full-time 大专 and in-service 研究生, then 研究生 is the highest', () => {
    expect(highestEducation({ fullTimeEducation: '大学专科', partTimeEducation: '研究生' })).toBe('研究生');
    expect(highestEducation({ fullTimeEducation: '大学本科', partTimeEducation: '大学专科' })).toBe('大学本科');
    expect(highestEducation({})).toBeUndefined();
  });
  it('orders 研究生 > 大学本科 > 大学专科 > 中等专科 > 高中', () => {
    expect(educationAtLeast('研究生', '大学本科')).toBe(true);
    expect(educationAtLeast('大学专科', '大学本科')).toBe(false);
    expect(educationAtLeast('中等专科', '高中')).toBe(true);
    expect(educationAtLeast(undefined, '小学')).toBe(false);
  });
});

describe('一肩挑', () => {
  it('given one title naming both posts, then the village is 一肩挑', () => {
    expect(isCrossAppointedVillage([{ personId: 'a', title: '党支部书记、村委会主任' }])).toBe(true);
  });
  it('given one person holding the two as two posts, then 一肩挑', () => {
    expect(
      isCrossAppointedVillage([
        { personId: 'a', title: '党总支书记' },
        { personId: 'a', title: '村委会主任' },
      ]),
    ).toBe(true);
  });
  it('given the two posts held by two people, or a 副主任, then not', () => {
    expect(
      isCrossAppointedVillage([
        { personId: 'a', title: '党支部书记' },
        { personId: 'b', title: '村委会主任' },
      ]),
    ).toBe(false);
    expect(isCrossAppointedVillage([{ personId: 'a', title: '党支部书记、村委会副主任' }])).toBe(false);
    expect(isCrossAppointedVillage([{ personId: 'a', title: '党支部副书记、村委会主任' }])).toBe(false);
  });
});

describe('the query parser', () => {
  it('given text fields, then typed values; blanks are not given', () => {
    expect(parseCadreQuery({ name: ' 王 ', ageMin: '30', education: '大学本科', gender: '女', township: '' })).toEqual({
      ok: true,
      query: { name: '王', ageMin: 30, education: '大学本科', gender: 'female' },
    });
  });
  it('given bad values, then every problem in Chinese and English', () => {
    const r = parseCadreQuery({
      ageMin: '50',
      ageMax: '40',
      education: '博士',
      gender: 'x',
      gradeYear: '24',
      probation: 'maybe',
      partyYearsMin: '-1',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual([
      'ageMin',
      'education',
      'gender',
      'gradeYear',
      'gradeYear',
      'partyYearsMin',
      'probation',
    ]);
    expect(queryProblemText(r.problems)).toMatch(/年龄下限 50 大于上限 40.* \/ .*ageMin 50 is more than ageMax 40/);
  });
});

describe('the filter', () => {
  it('given no condition, then everyone on the registry, the departed left out', () => {
    expect(search({})).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
    expect(search(parsed({ includeDeparted: 'true' }))).toHaveLength(6);
  });
  it('narrows by name, township, unit (with what is under it), post and rank', () => {
    expect(search({ name: '王' })).toEqual(['p-1']);
    expect(search({ township: 'ts-02' })).toEqual(['p-5']);
    expect(search({ orgUnit: 'ts-01' })).toEqual(['p-1', 'p-2', 'p-3', 'p-4']);
    expect(search({ orgUnit: 'ts-01-v01' })).toEqual(['p-4']);
    expect(search({ post: '书记' })).toEqual(['p-1', 'p-4']);
    expect(search({ rank: '科员' })).toEqual(['p-2', 'p-3', 'p-5']);
  });
  it('narrows by age, 党龄 and 工龄 on the day; an unrecorded 龄 does not match a 龄 condition', () => {
    // Ages on 2025-06-15: p-1 54, p-2 35, p-3 30, p-4 56, p-5 50.
    expect(search({ ageMin: 50 })).toEqual(['p-1', 'p-4', 'p-5']);
    expect(search({ ageMax: 35 })).toEqual(['p-2', 'p-3']);
    expect(search({ partyYearsMin: 30 })).toEqual(['p-1', 'p-4']);
    expect(search({ partyYearsMin: 31 })).toEqual(['p-1']);
    expect(search({ partyYearsMax: 13 })).toEqual(['p-2']);
    expect(search({ workYearsMin: 7, workYearsMax: 12 })).toEqual(['p-2']);
  });
  it('narrows by highest education, probation and a year’s grade', () => {
    expect(search({ education: '大学本科' })).toEqual(['p-1', 'p-2', 'p-3']);
    expect(search({ education: '研究生' })).toEqual(['p-1', 'p-3']);
    expect(search({ probation: 'on-probation' })).toEqual(['p-2']);
    expect(search({ grade: 'excellent' })).toEqual(['p-1', 'p-2']);
    expect(search({ grade: 'excellent', gradeYear: 2024 })).toEqual(['p-2']);
  });
  it('gives a hit its computed values and no ID number', () => {
    const hit = hitOf(REGISTRY[0]!, DAY);
    expect(hit).toMatchObject({ age: 54, partyYears: 32, workYears: 34, education: '研究生' });
    expect(Object.keys(hit)).not.toContain('details');
  });
});

describe('structure statistics', () => {
  const villages = [
    { orgUnitId: 'ts-01-v01', townshipId: 'ts-01', posts: [{ personId: 'p-4', title: '党支部书记、村委会主任' }] },
    {
      orgUnitId: 'ts-01-v02',
      townshipId: 'ts-01',
      posts: [
        { personId: 'x', title: '党支部书记' },
        { personId: 'y', title: '村委会主任' },
      ],
    },
    { orgUnitId: 'ts-02-v01', townshipId: 'ts-02', posts: [] },
  ];
  const stats = structureStatistics(
    REGISTRY,
    villages,
    [
      { townshipId: 'ts-01', name: '城关镇' },
      { townshipId: 'ts-02', name: '河东乡' },
    ],
    { name: '某县' },
    DAY,
  );
  it('counts the people on the registry, each division summing to them', () => {
    const c = stats.county;
    expect(c.people).toBe(5);
    expect(c.ageBands).toEqual({ '≤35': 2, '36–40': 0, '41–45': 0, '46–50': 1, '51–55': 1, '>55': 1 });
    expect(c.education).toMatchObject({ 研究生: 2, 大学本科: 1, 高中: 1, 未填: 1 });
    expect(Object.values(c.education).reduce((a, b) => a + b, 0)).toBe(5);
    expect(c.gender).toEqual({ male: 4, female: 1 });
    expect(c.ethnicity).toEqual({ han: 2, minority: 2, notRecorded: 1, groups: { 汉族: 2, 回族: 1, 满族: 1 } });
  });
  it('gives each township its own, and the 一肩挑 share of its villages', () => {
    const [t1, t2] = stats.townships;
    expect(t1!.people + t2!.people).toBe(5);
    expect(t1!.crossAppointed).toEqual({ villages: 2, crossAppointed: 1, share: 0.5 });
    expect(t2!.crossAppointed).toEqual({ villages: 1, crossAppointed: 0, share: 0 });
    expect(stats.county.crossAppointed).toEqual({ villages: 3, crossAppointed: 1, share: 1 / 3 });
  });
});
