/**
 * Generates domain/calendarData.ts: the working-day calendar frozen into the repo.
 *
 *   npx tsx scripts/gen-calendar-data.ts           # write the file
 *   npx tsx scripts/gen-calendar-data.ts --check   # fail if the file is stale
 *
 * Why frozen: workflow code must be deterministic and free of I/O, and a due date
 * computed for a running case must not move because a newer `chinese-days` was
 * installed. So the package is read here, once, and never at runtime.
 *
 * Official years come from chinese-days' per-year JSON (the State Council's
 * published schedules, 调休 included). Years the package does not have yet are
 * derived from the statutory rule alone and marked `provisional: true`: replace
 * them by bumping chinese-days and re-running this script once the State Council
 * publishes that year's schedule (usually in November of the year before).
 *
 * The output has no timestamp, so re-running on the same inputs is a no-op.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';

const OFFICIAL_YEARS = [2024, 2025, 2026] as const;
const PROVISIONAL_YEARS = [2027, 2028, 2029] as const;
/**
 * Official years whose schedule was made under the 2024 revision of the rule
 * (in force from 2025); the generator checks its statutory derivation against
 * them, so a lunar-conversion mistake shows up before it reaches 2027.
 */
const RULE_CHECK_YEARS = [2025, 2026] as const;

const OUT_FILE = resolve(__dirname, '..', 'domain', 'calendarData.ts');

const HOLIDAY_NAMES = ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节'] as const;
type HolidayName = (typeof HOLIDAY_NAMES)[number];

interface YearData {
  year: number;
  provisional: boolean;
  source: string;
  holidays: Record<string, HolidayName>;
  adjustedWorkingDays: Record<string, HolidayName>;
  /** 补假: statutory days off that fall on a weekend are given back on weekdays. */
  daysOffInLieu: Record<string, HolidayName>;
}

/** Shape of node_modules/chinese-days/dist/years/<year>.json (values: "English,中文,days"). */
interface ChineseDaysYear {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// ---- date helpers (UTC-based; this script is not workflow code) -------------

const DAY_MS = 86_400_000;

function toMs(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`bad date ${date}`);
  return ms;
}
function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
function addDays(date: string, n: number): string {
  return fromMs(toMs(date) + n * DAY_MS);
}
function isWeekend(date: string): boolean {
  const dow = new Date(toMs(date)).getUTCDay();
  return dow === 0 || dow === 6;
}
function sortedRecord<T>(rec: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b)));
}

// ---- official years ---------------------------------------------------------

function chineseDaysDir(): string {
  // The package has no "exports" map, so its data files resolve directly.
  return join(require.resolve('chinese-days/package.json'), '..', 'dist', 'years');
}

function chineseDaysVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function holidayNameOf(value: string, date: string): HolidayName {
  const zh = value.split(',')[1];
  const name = HOLIDAY_NAMES.find((n) => n === zh);
  if (!name) throw new Error(`chinese-days: unknown holiday name "${value}" on ${date}`);
  return name;
}

function officialYear(year: number): YearData {
  const raw = JSON.parse(readFileSync(join(chineseDaysDir(), `${year}.json`), 'utf8')) as ChineseDaysYear;
  const pick = (rec: Record<string, string>): Record<string, HolidayName> => {
    const out: Record<string, HolidayName> = {};
    for (const [date, value] of Object.entries(rec)) {
      if (!date.startsWith(`${year}-`)) throw new Error(`chinese-days ${year}.json holds ${date}`);
      out[date] = holidayNameOf(value, date);
    }
    return sortedRecord(out);
  };
  const holidays = pick(raw.holidays);
  const adjustedWorkingDays = pick(raw.workdays);
  for (const date of Object.keys(adjustedWorkingDays)) {
    if (date in holidays) throw new Error(`chinese-days ${year}: ${date} is both off and worked`);
  }
  return {
    year,
    provisional: false,
    source: `chinese-days@${chineseDaysVersion()} (State Council schedule)`,
    holidays,
    adjustedWorkingDays,
    daysOffInLieu: {},
  };
}

// ---- statutory rule ---------------------------------------------------------

/**
 * The statutory days off of a year under 《全国年节及纪念日放假办法》 as revised in
 * 2024 (art. 2): 元旦 1, 春节 4 (除夕 + 正月初一–初三), 清明 1, 劳动节 2, 端午 1,
 * 中秋 1, 国庆节 3 — 13 days.
 */
function statutoryDays(year: number): Array<[string, HolidayName]> {
  const lunar = (md: string): string => getSolarDateFromLunar(`${year}-${md}`).date;
  const newYear = lunar('01-01');
  // 除夕 is the last day of the twelfth month, which has 29 or 30 days: take the
  // day before 正月初一 rather than guessing 腊月三十.
  const eve = addDays(newYear, -1);
  return [
    [`${year}-01-01`, '元旦'],
    [eve, '春节'],
    [newYear, '春节'],
    [addDays(newYear, 1), '春节'],
    [addDays(newYear, 2), '春节'],
    [getSolarTermDate(year, 4, 'pure_brightness'), '清明'],
    [`${year}-05-01`, '劳动节'],
    [`${year}-05-02`, '劳动节'],
    [lunar('05-05'), '端午'],
    [lunar('08-15'), '中秋'],
    [`${year}-10-01`, '国庆节'],
    [`${year}-10-02`, '国庆节'],
    [`${year}-10-03`, '国庆节'],
  ];
}

/**
 * A provisional year: the statutory days plus 补假 (art. 6: a statutory day off
 * that falls on a Saturday or Sunday is given back on a working day — here the
 * first weekdays after that festival's days). No 调休 working days: those exist
 * only in the State Council's yearly schedule, which this year does not have yet.
 *
 * Two festivals can fall on one day (中秋 on 2028-10-03, inside 国庆节): the day
 * stays the first festival's, and the second is owed a day in lieu like a weekend
 * day, so the year keeps its 13 statutory days off — as the State Council's
 * schedules did when they met before (2020: 中秋 on 10-01 gave an eighth day).
 */
function provisionalYear(year: number): YearData {
  const days = statutoryDays(year);
  const holidays: Record<string, HolidayName> = {};
  const collided: HolidayName[] = [];
  for (const [date, name] of days) {
    if (!date.startsWith(`${year}-`)) throw new Error(`${name} ${year} falls on ${date}`);
    if (date in holidays) {
      collided.push(name);
      continue;
    }
    holidays[date] = name;
  }
  const daysOffInLieu: Record<string, HolidayName> = {};
  for (const name of HOLIDAY_NAMES) {
    const own = days
      .filter(([, n]) => n === name)
      .map(([d]) => d)
      .sort();
    const owed = own.filter(isWeekend).length + collided.filter((n) => n === name).length;
    let cursor = own[own.length - 1] as string;
    for (let given = 0; given < owed;) {
      cursor = addDays(cursor, 1);
      if (isWeekend(cursor) || cursor in holidays) continue;
      holidays[cursor] = name;
      daysOffInLieu[cursor] = name;
      given += 1;
    }
  }
  return {
    year,
    provisional: true,
    source:
      '《全国年节及纪念日放假办法》(2024) art. 2 + art. 6 补假; lunar dates and 清明 from ' +
      `chinese-days@${chineseDaysVersion()}; no State Council schedule yet, so no 调休`,
    holidays: sortedRecord(holidays),
    adjustedWorkingDays: {},
    daysOffInLieu: sortedRecord(daysOffInLieu),
  };
}

function checkRuleAgainstOfficial(official: YearData): void {
  for (const [date, name] of statutoryDays(official.year)) {
    if (official.holidays[date] !== name) {
      throw new Error(
        `statutory rule says ${date} is ${name}, but the official ${official.year} ` +
          `schedule has ${official.holidays[date] ?? 'no holiday'} there: fix the derivation`,
      );
    }
  }
}

// ---- output -----------------------------------------------------------------

function render(years: YearData[]): string {
  const body = JSON.stringify(years, null, 2);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const range = `${years[0]?.year}-${years[years.length - 1]?.year}`;
  const provisional = years.filter((y) => y.provisional).map((y) => y.year);
  const version = `cn-${range}+chinese-days@${chineseDaysVersion()}+provisional-${provisional.join(',')}#${hash}`;
  return `// GENERATED by scripts/gen-calendar-data.ts from chinese-days@${chineseDaysVersion()}. Do not edit by hand:
// change the script (or bump chinese-days) and run \`npx tsx scripts/gen-calendar-data.ts\`.
//
// Frozen so that workflow code stays free of I/O and a due date computed for a
// running case never changes when a newer calendar package is installed.
// Years marked provisional follow the statutory rule only (no State Council 调休
// schedule yet); re-generate when the package has them.

export type HolidayName = ${HOLIDAY_NAMES.map((n) => `'${n}'`).join(' | ')};

export interface CalendarYear {
  readonly year: number;
  /** true: derived from the statutory rule, not the State Council's published schedule. */
  readonly provisional: boolean;
  readonly source: string;
  /** Days off (weekends inside a holiday block included), by festival. */
  readonly holidays: Readonly<Record<string, HolidayName>>;
  /** 调休: weekend days that are worked, by the festival they pay for. */
  readonly adjustedWorkingDays: Readonly<Record<string, HolidayName>>;
  /** 补假 days (also in holidays) of provisional years, for the record. */
  readonly daysOffInLieu: Readonly<Record<string, HolidayName>>;
}

/** Identifies this exact data; record it beside a computed due date. */
export const CALENDAR_DATA_VERSION = '${version}';

export const CALENDAR_YEARS: readonly CalendarYear[] = ${body};
`;
}

function main(): void {
  const official = OFFICIAL_YEARS.map(officialYear);
  for (const y of official) {
    if ((RULE_CHECK_YEARS as readonly number[]).includes(y.year)) checkRuleAgainstOfficial(y);
  }
  const years = [...official, ...PROVISIONAL_YEARS.map(provisionalYear)];
  const text = render(years);
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUT_FILE, 'utf8');
    if (current !== text) {
      console.error(`${OUT_FILE} is stale: run npx tsx scripts/gen-calendar-data.ts`);
      process.exit(1);
    }
    console.log(`${OUT_FILE} is up to date`);
    return;
  }
  writeFileSync(OUT_FILE, text);
  for (const y of years.filter((x) => x.provisional)) {
    console.log(`${y.year} (provisional):`, y.holidays, 'in lieu:', Object.keys(y.daysOffInLieu));
  }
  console.log(`wrote ${OUT_FILE}`);
}

main();
