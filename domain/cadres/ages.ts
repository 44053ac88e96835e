/**
 * Ages and 龄 (党龄, 工龄) as of a day, and the age bands the structure statistics count
 * (班子结构). The registry records these to the month (出生年月, 入党时间, 参加工作时间), so
 * the count is by months: a year is complete once the day's month reaches the start's
 * month (someone born in 1980-05 is 45 from 2025-05-01). Pure: the caller passes the day
 * (the API: today in Asia/Shanghai).
 */

/** Full years from `year`-`month` (1–12) to `day` (`YYYY-MM-DD`); negative if the month is after the day. */
export function fullYearsSince(year: number, month: number, day: string): number {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return y - year - (m < month ? 1 : 0);
}

/** `YYYY-MM` → [year, month], or undefined for anything else. */
export function yearMonthOf(text: string | undefined): [number, number] | undefined {
  const m = text ? /^(\d{4})-(\d{2})$/.exec(text) : null;
  if (!m) return undefined;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? [Number(m[1]), month] : undefined;
}

/**
 * A person's age on `day`. With 出生年月 known, in full years by month; with only the
 * year (registries that kept no month), the age reached in the day's year, which is
 * what a roster of birth years alone can say.
 */
export function ageOn(birthYear: number, birthMonth: string | undefined, day: string): number {
  const ym = yearMonthOf(birthMonth);
  if (ym && ym[0] === birthYear) return fullYearsSince(ym[0], ym[1], day);
  return Number(day.slice(0, 4)) - birthYear;
}

/**
 * Years since a `YYYY-MM` (党龄 from 入党时间, 工龄 from 参加工作时间) on `day`, or
 * undefined when the month is not recorded. 党龄 is counted from 入党时间 as the
 * registry records it (the roster's column), not from 转正.
 */
export function yearsSince(month: string | undefined, day: string): number | undefined {
  const ym = yearMonthOf(month);
  return ym ? Math.max(0, fullYearsSince(ym[0], ym[1], day)) : undefined;
}

/** The structure statistics' age bands (班子年龄结构), youngest first; `max` inclusive, null: no upper bound. */
export const AGE_BANDS = [
  { key: '≤35', min: null, max: 35 },
  { key: '36–40', min: 36, max: 40 },
  { key: '41–45', min: 41, max: 45 },
  { key: '46–50', min: 46, max: 50 },
  { key: '51–55', min: 51, max: 55 },
  { key: '>55', min: 56, max: null },
] as const;

export type AgeBand = (typeof AGE_BANDS)[number]['key'];

export function ageBandOf(age: number): AgeBand {
  for (const b of AGE_BANDS) if (b.max === null || age <= b.max) return b.key;
  /* c8 ignore next */ return '>55';
}
