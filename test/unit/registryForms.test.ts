/**
 * The registry's change forms (domain/registryForms.ts) read by the roster's checks: the
 * same values an import row gives, the same problems in the same words, each naming its
 * form field; a correction checked together with what the registry holds.
 */
import { describe, expect, it } from 'vitest';
import {
  parseAppointForm,
  parseCorrectionForm,
  parseDay,
  parsePostEndReason,
  parseRegisterForm,
  parseUnitForm,
  parseUnitName,
} from '../../domain/registryForms';
import { idNumberCheckChar } from '../../domain/roster/idNumber';

const today = '2026-12-07';
const id = (ymd: string, seq: string) => `410102${ymd}${seq}${idNumberCheckChar(`410102${ymd}${seq}`)}`;
const ID = id('19900515', '124'); // 17th digit even: female
const current = {
  name: '王芳',
  gender: 'female' as const,
  birthYear: 1990,
  rank: '科员',
  details: { birthMonth: '1990-05', idNumber: ID },
};

describe('registering', () => {
  it('reads the people sheet’s cells into the person, the details and the post', () => {
    const r = parseRegisterForm(
      {
        name: '王芳',
        gender: '女',
        birth: '1990-05',
        ethnicity: '回',
        idNumber: ID.toLowerCase(),
        unit: 'ts-01',
        title: '组织委员',
        titleSince: '202403',
        rank: '科员',
      },
      today,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        person: {
          name: '王芳',
          gender: 'female',
          birthYear: 1990,
          orgUnitId: 'ts-01',
          rank: '科员',
          details: { ethnicity: '回族', birthMonth: '1990-05', idNumber: ID },
        },
        post: { title: '组织委员', startedOn: '2024-03-01' },
      },
    });
  });

  it('reports every problem by field, with the roster’s words in both languages', () => {
    const r = parseRegisterForm(
      { name: '', gender: '男', birth: '1990.05', idNumber: ID, unit: 'ts-01', rank: '局长', title: '委员' },
      today,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual(['idNumber', 'name', 'rank', 'titleSince'].sort());
    expect(r.problems.find((p) => p.field === 'idNumber')!.zh).toMatch(/^身份证号：号码第 17 位表示女性，与性别“男”不一致/);
    expect(r.problems.find((p) => p.field === 'name')!.en).toMatch(/^姓名: a required cell is empty/);
  });
});

describe('correcting', () => {
  it('gives only the fields sent, a blank detail as null, a year-only birth clearing the month', () => {
    expect(parseCorrectionForm({ nativePlace: '河南郑州', note: '', phone: null }, current, today)).toEqual({
      ok: true,
      value: { nativePlace: '河南郑州', note: null, phone: null },
    });
    expect(parseCorrectionForm({ birth: '1990' }, current, today)).toEqual({ ok: true, value: { birthYear: 1990, birthMonth: null } });
  });

  it('checks a new birth month against the ID number the registry holds', () => {
    const r = parseCorrectionForm({ birth: '1991.05' }, current, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.zh).toMatch(/与出生年月 1991\.05 不一致/);
  });

  it('does not report what the registry holds and the correction leaves alone', () => {
    // A rank outside the roster's list (an older registry's) does not stop a phone correction.
    expect(parseCorrectionForm({ phone: '13800138000' }, { ...current, rank: '主任' }, today)).toEqual({
      ok: true,
      value: { phone: '13800138000' },
    });
    expect(parseCorrectionForm({ rank: '主任' }, current, today).ok).toBe(false);
  });
});

describe('the other forms', () => {
  it('appoint: 现任职务, 任现职时间 and 职级 as the roster checks them; a future month refused', () => {
    expect(parseAppointForm({ title: '副镇长', titleSince: '2024.3', rank: '副科级' }, today)).toEqual({
      ok: true,
      value: { title: '副镇长', startedOn: '2024-03-01', rank: '副科级' },
    });
    const r = parseAppointForm({ title: '', titleSince: '2027.01', rank: '副科级' }, today);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['title', 'titleSince']);
  });

  it('days: blank is today, later than today or not a day is refused', () => {
    const label = { zh: '日期', en: 'day' };
    expect(parseDay('', 'on', label, today)).toEqual({ ok: true, value: today });
    expect(parseDay('2026-02-30', 'on', label, today).ok).toBe(false);
    expect(parseDay('2026-12-08', 'on', label, today)).toEqual({
      ok: false,
      problems: [{ field: 'on', zh: '日期：晚于今天 2026-12-07', en: 'day: later than today, 2026-12-07' }],
    });
  });

  it('units: the 单位 sheet’s row, a name, a reason', () => {
    expect(parseUnitForm({ code: 'ts-01-v09', name: '南街村', kind: '村', parent: 'ts-01', since: '2021.06' }, today)).toEqual({
      ok: true,
      value: { orgUnitId: 'ts-01-v09', name: '南街村', kind: 'village', parentId: 'ts-01', effectiveFrom: '2021-06-01' },
    });
    const bad = parseUnitForm({ code: 'ts 01', name: '南街村', kind: '组' }, today);
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['code', 'kind']);
    expect(parseUnitName('  ').ok).toBe(false);
    expect(parsePostEndReason('removed-after-probation').ok).toBe(false);
    expect(parsePostEndReason(undefined)).toEqual({ ok: true, value: 'other' });
  });
});
