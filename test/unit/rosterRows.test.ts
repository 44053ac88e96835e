import { describe, expect, it } from 'vitest';
import { checkCell } from '../../domain/roster/cellChecks';
import { columnOf, PERSON_COLUMNS } from '../../domain/roster/columns';
import { ETHNIC_GROUPS } from '../../domain/roster/ethnicGroups';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import { checkPersonRow } from '../../domain/roster/personRow';
import type { RosterProblem } from '../../domain/roster/problems';

const ASOF = { year: 2026, month: 12 };

/** A person's ID number born on the given day, man or woman. */
function idNumber(ymd: string, gender: 'male' | 'female'): string {
  const first17 = `410122${ymd}01${gender === 'male' ? '1' : '2'}`;
  return first17 + idNumberCheckChar(first17);
}

const GOOD: Record<string, string> = {
  personId: '',
  name: '王建国',
  gender: '男',
  ethnicity: '汉族',
  birth: '1975.03',
  nativePlace: '河南中牟',
  politicalStatus: '中共党员',
  joinedParty: '1998.07',
  startedWork: '1996.08',
  fullTimeEducation: '大学本科',
  fullTimeDegree: '法学学士',
  partTimeEducation: '研究生',
  partTimeDegree: '管理学硕士',
  idNumber: idNumber('19750315', 'male'),
  unit: '城关镇',
  title: '副镇长',
  titleSince: '2021.06',
  rank: '副科级',
  phone: '13812345678',
  note: '',
};

const row = (change: Record<string, string> = {}) => checkPersonRow(7, { ...GOOD, ...change }, ASOF);
const only = (problems: RosterProblem[]) => {
  expect(problems).toHaveLength(1);
  return problems[0]!;
};

describe('a row of the people sheet', () => {
  it('given every cell filled in well, when checked, then it is a person with no problem', () => {
    const r = row();
    expect(r.problems).toEqual([]);
    expect(r.person).toMatchObject({
      row: 7,
      personId: null,
      name: '王建国',
      gender: 'male',
      ethnicity: '汉族',
      birth: { year: 1975, month: 3 },
      idNumber: GOOD.idNumber,
      unit: '城关镇',
      title: '副镇长',
      titleSince: { year: 2021, month: 6 },
      rank: '副科级',
    });
  });

  it('given only the required cells, when checked, then it is a person', () => {
    const r = checkPersonRow(2, { name: '李芳', gender: '女', birth: '1990', unit: 'ts-01', rank: '科员' }, ASOF);
    expect(r.problems).toEqual([]);
    expect(r.person).toMatchObject({ birth: { year: 1990, month: null }, idNumber: null, title: null });
  });

  it('given a required cell empty, when checked, then it is named with its column and no person comes out', () => {
    const p = only(row({ name: '' }).problems);
    expect(p).toMatchObject({ sheet: 'people', row: 7, column: '姓名', value: '', kind: 'required' });
    expect(row({ name: '' }).person).toBeNull();
  });

  it('given 1975.13 in 出生年月, when checked, then the report names sheet, row, column, value and the expected form', () => {
    const p = only(row({ birth: '1975.13', idNumber: '' }).problems);
    expect(p).toEqual({
      sheet: 'people',
      row: 7,
      column: '出生年月',
      value: '1975.13',
      kind: 'bad-date',
      problem: { zh: '月份须在 1 至 12 之间', en: 'the month must be 1 to 12' },
      expected: columnOf('people', 'birth').expected,
    });
  });

  it('given an ID number born in another month or year than 出生年月, when checked, then it is refused; the same month passes', () => {
    expect(only(row({ birth: '1975.04' }).problems)).toMatchObject({ column: '身份证号', kind: 'id-birth-mismatch' });
    expect(only(row({ birth: '1976.03' }).problems)).toMatchObject({ kind: 'id-birth-mismatch' });
    expect(only(row({ birth: '1975.04' }).problems).problem.zh).toContain('1975.03');
    // A bare year is held to the year only.
    expect(row({ birth: '1975' }).problems).toEqual([]);
    expect(only(row({ birth: '1974' }).problems)).toMatchObject({ kind: 'id-birth-mismatch' });
  });

  it('given an ID number whose 17th digit says the other gender, when checked, then it is refused', () => {
    expect(only(row({ gender: '女' }).problems)).toMatchObject({ column: '身份证号', kind: 'id-gender-mismatch' });
    expect(row({ gender: '女', idNumber: idNumber('19750315', 'female') }).problems).toEqual([]);
  });

  it('given a wrong check character, when checked, then the report gives the right one', () => {
    const wrong = GOOD.idNumber!.slice(0, 17) + (GOOD.idNumber!.endsWith('0') ? '1' : '0');
    const p = only(row({ idNumber: wrong }).problems);
    expect(p).toMatchObject({ column: '身份证号', kind: 'id-number', value: wrong });
    expect(p.problem.en).toContain(`the first 17 digits give ${GOOD.idNumber!.slice(17)}`);
  });

  it('given a closed-set cell outside its set, when checked, then it is refused, and every listed value passes', () => {
    expect(only(row({ gender: '男性' }).problems)).toMatchObject({ column: '性别', kind: 'not-in-list' });
    expect(only(row({ rank: '处级' }).problems)).toMatchObject({ column: '职级', kind: 'not-in-list' });
    expect(only(row({ fullTimeEducation: '本科' }).problems)).toMatchObject({ column: '全日制学历', kind: 'not-in-list' });
    expect(only(row({ fullTimeDegree: '学位' }).problems)).toMatchObject({ column: '全日制学位', kind: 'not-in-list' });
    expect(only(row({ ethnicity: '火星族' }).problems)).toMatchObject({ column: '民族', kind: 'not-in-list' });
    for (const c of PERSON_COLUMNS) {
      if (!('list' in c)) continue;
      for (const v of c.list) expect(checkCell(c, v).ok, `${c.header} ${v}`).toBe(true);
    }
  });

  it('given the 56 ethnic groups, with or without the final 族, when checked, then each is read as its full name', () => {
    expect(ETHNIC_GROUPS).toHaveLength(56);
    expect(new Set(ETHNIC_GROUPS).size).toBe(56);
    const column = columnOf('people', 'ethnicity');
    expect(checkCell(column, '汉')).toEqual({ ok: true, value: '汉族' });
    expect(checkCell(column, '维吾尔')).toEqual({ ok: true, value: '维吾尔族' });
    expect(checkCell(column, '族').ok).toBe(false);
  });

  it('given a Party member without 入党时间, or a non-member with one, when checked, then 入党时间 is inconsistent', () => {
    expect(only(row({ joinedParty: '' }).problems)).toMatchObject({ column: '入党时间', kind: 'inconsistent' });
    expect(only(row({ politicalStatus: '群众' }).problems)).toMatchObject({ column: '入党时间', kind: 'inconsistent' });
    expect(row({ politicalStatus: '群众', joinedParty: '' }).problems).toEqual([]);
  });

  it('given 入党时间 a month before the 18th birthday, when checked, then it is refused; the birthday month passes', () => {
    expect(only(row({ joinedParty: '1993.02' }).problems)).toMatchObject({ column: '入党时间', kind: 'date-order' });
    expect(row({ joinedParty: '1993.03' }).problems).toEqual([]);
  });

  it('given a date later than the current month, when checked, then it is refused; the current month passes', () => {
    expect(only(row({ titleSince: '2027.01' }).problems)).toMatchObject({ column: '任现职时间', kind: 'future-date' });
    expect(row({ titleSince: '2026.12' }).problems).toEqual([]);
  });

  it('given work or a post before birth, when checked, then it is refused', () => {
    expect(only(row({ startedWork: '1975.03' }).problems)).toMatchObject({ column: '参加工作时间', kind: 'date-order' });
    expect(row({ startedWork: '1975.04' }).problems).toEqual([]);
  });

  it('given a post without its month or a month without a post, when checked, then the empty one is named', () => {
    expect(only(row({ titleSince: '' }).problems)).toMatchObject({ column: '任现职时间', kind: 'inconsistent' });
    expect(only(row({ title: '' }).problems)).toMatchObject({ column: '现任职务', kind: 'inconsistent' });
  });

  it('given phone numbers as people write them, when checked, then mobiles and landlines pass and others do not', () => {
    const column = columnOf('people', 'phone');
    for (const ok of ['13812345678', '138 1234 5678', '0371-12345678', '037112345678', '010-1234567'])
      expect(checkCell(column, ok).ok, ok).toBe(true);
    for (const bad of ['12812345678', '1381234567', '12345678', 'tel']) expect(checkCell(column, bad).ok, bad).toBe(false);
  });

  it('given a cell longer than its column allows, when checked, then it is too long', () => {
    expect(only(row({ note: '很'.repeat(201) }).problems)).toMatchObject({ column: '备注', kind: 'too-long' });
    expect(row({ note: '很'.repeat(200) }).problems).toEqual([]);
  });
});
