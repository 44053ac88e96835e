/**
 * Year-and-month dates (年月) as people type them in a roster: 1975.03, 1975.3, 1975-03,
 * 1975/03, 197503, 1975年3月, in full-width digits too. A cadre roster records 出生年月,
 * 入党时间, 参加工作时间 and 任现职时间 to the month; a day is not part of the form.
 * 出生年月 alone also takes a bare year (1975): registries that kept only the year of
 * birth, this one included, can be written as a roster and read back.
 */
import { halfWidth } from './cell';

export interface YearMonth {
  year: number;
  /** 1–12; null only for a bare year where the column accepts one. */
  month: number | null;
}

export type YearMonthParse = { ok: true; value: YearMonth } | { ok: false; reason: 'form' | 'month' | 'year' };

/** Years a roster date can name; outside them a typing slip is far likelier than a fact. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

const SEPARATED = /^(\d{4})\s*[.\-/]\s*(\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月?$/;
const YEAR_ONLY = /^(\d{4})\s*年?$/;

export function parseYearMonth(cell: string, opts: { yearOnly?: boolean } = {}): YearMonthParse {
  const s = halfWidth(cell).trim();
  const m = SEPARATED.exec(s) ?? COMPACT.exec(s) ?? CHINESE.exec(s);
  const bare = m ? null : opts.yearOnly ? YEAR_ONLY.exec(s) : null;
  if (!m && !bare) return { ok: false, reason: 'form' };
  const year = Number((m ?? bare)![1]);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { ok: false, reason: 'year' };
  if (!m) return { ok: true, value: { year, month: null } };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return { ok: false, reason: 'month' };
  return { ok: true, value: { year, month } };
}

/** The form the roster writes: 1975.03, or 1975 for a bare year. */
export function formatYearMonth(ym: YearMonth): string {
  return ym.month === null ? String(ym.year) : `${ym.year}.${String(ym.month).padStart(2, '0')}`;
}

/** A `YYYY-MM-DD` calendar day as the month the roster writes for it. */
export function yearMonthOfDay(day: string): YearMonth {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(day);
  if (!m) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/**
 * A month as one number, for ordering two dates. A bare year stands for its first or its
 * last month, as the caller's comparison needs: "joined at 18 or later" compares the
 * latest possible birth month with the join month, so a bare year is never refused for a
 * month it may not be.
 */
export function monthIndex(ym: YearMonth, whenYearOnly: 'first' | 'last'): number {
  return ym.year * 12 + ((ym.month ?? (whenYearOnly === 'first' ? 1 : 12)) - 1);
}

export function sameYearMonth(a: YearMonth, b: YearMonth): boolean {
  return a.year === b.year && a.month === b.month;
}
