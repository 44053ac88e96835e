/**
 * One cell, checked on its own: the column's kind says what it may hold. Checks that need
 * two cells (the ID number against 出生年月) are in personRow.ts, and those that need the
 * whole file (duplicates, units) in checkRoster.ts.
 */
import { halfWidth } from './cell';
import { EDUCATION_LEVELS, GENDERS, isDegree, POLITICAL_STATUSES, ROSTER_RANKS, UNIT_KINDS } from './closedSets';
import type { RosterColumn } from './columns';
import { ethnicGroupOf } from './ethnicGroups';
import { parseIdNumber, type IdNumber } from './idNumber';
import type { Bilingual, ProblemKind } from './problems';
import { EARLIEST_YEAR, LATEST_YEAR, parseYearMonth, type YearMonth } from './yearMonth';

export type CellValue = string | YearMonth | IdNumber;
export type CellCheck<T = CellValue> = { ok: true; value: T } | { ok: false; kind: ProblemKind; problem: Bilingual };

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const NAME = /^[\p{L}·•.． ]+$/u;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

const bad = (kind: ProblemKind, zh: string, en: string): CellCheck<never> => ({ ok: false, kind, problem: { zh, en } });
const notInList = bad('not-in-list', '不在可选值中', 'not one of the allowed values');

/** An empty required cell, for the caller to report; an empty optional cell is never checked. */
export const REQUIRED_MISSING: Bilingual = { zh: '必填项为空', en: 'a required cell is empty' };

/** The cell's value in the roster's terms (男 → 'male', 汉 → 汉族, 1975-3 → {1975, 3}). Call only for a non-empty cell. */
export function checkCell(column: RosterColumn, text: string): CellCheck {
  if (text.length > column.maxLength)
    return bad('too-long', `超过 ${column.maxLength} 个字符`, `longer than ${column.maxLength} characters`);
  switch (column.kind) {
    case 'code':
      return CODE.test(text)
        ? { ok: true, value: text }
        : bad('bad-form', '编码含有不允许的字符', 'the code has characters a code may not have');
    case 'name':
      return NAME.test(text) ? { ok: true, value: text } : bad('bad-form', '含有数字或符号', 'it has digits or symbols');
    case 'text':
    case 'unitRef':
      return { ok: true, value: text };
    case 'gender':
      return text in GENDERS ? { ok: true, value: GENDERS[text as keyof typeof GENDERS] } : notInList;
    case 'ethnicity': {
      const g = ethnicGroupOf(text);
      return g ? { ok: true, value: g } : bad('not-in-list', '不是 56 个民族之一', 'not one of the 56 ethnic groups');
    }
    case 'political':
      return (POLITICAL_STATUSES as readonly string[]).includes(text) ? { ok: true, value: text } : notInList;
    case 'education':
      return (EDUCATION_LEVELS as readonly string[]).includes(text) ? { ok: true, value: text } : notInList;
    case 'degree':
      return isDegree(text) ? { ok: true, value: text } : notInList;
    case 'rank':
      return (ROSTER_RANKS as readonly string[]).includes(text) ? { ok: true, value: text } : notInList;
    case 'unitKind':
      return text in UNIT_KINDS ? { ok: true, value: UNIT_KINDS[text as keyof typeof UNIT_KINDS] } : notInList;
    case 'birth':
    case 'yearMonth': {
      const r = parseYearMonth(text, { yearOnly: column.kind === 'birth' });
      if (r.ok) return r;
      if (r.reason === 'month') return bad('bad-date', '月份须在 1 至 12 之间', 'the month must be 1 to 12');
      if (r.reason === 'year')
        return bad('bad-date', `年份须在 ${EARLIEST_YEAR} 至 ${LATEST_YEAR} 之间`, `the year must be ${EARLIEST_YEAR} to ${LATEST_YEAR}`);
      return bad('bad-date', '不是可识别的年月', 'not a year and month in a known form');
    }
    case 'idNumber': {
      const r = parseIdNumber(text);
      if (r.ok) return r;
      switch (r.reason) {
        case 'fifteen-digits':
          return bad('id-number', '15 位旧号码已停用', 'a 15-digit number of the old form is no longer valid');
        case 'form':
          return bad('id-number', '不是 18 位号码（17 位数字加一位数字或 X）', 'not 18 characters (17 digits and a digit or X)');
        case 'region':
          return bad('id-number', '前两位不是省级行政区划代码', 'the first two digits are no province code');
        case 'birth-date':
          return bad('id-number', '第 7–14 位不是有效的出生日期', 'digits 7–14 are not a valid date of birth');
        case 'checksum':
          return bad(
            'id-number',
            `校验位不符（按前 17 位应为 ${r.expectedCheck}）`,
            `the check character is wrong (the first 17 digits give ${r.expectedCheck})`,
          );
      }
      break;
    }
    case 'phone': {
      const s = halfWidth(text).replace(/[\s()（）]/g, '');
      const digits = s.replace(/-/g, '');
      if (MOBILE.test(digits) || LANDLINE.test(s)) return { ok: true, value: s };
      return bad('bad-form', '不是手机号或带区号的固定电话', 'not a mobile number nor a landline with its area code');
    }
  }
  const never: never = column.kind;
  throw new Error(`roster: unhandled cell kind ${String(never)}`);
}
