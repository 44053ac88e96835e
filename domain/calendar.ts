/**
 * Working-day calendar of mainland China (Asia/Shanghai).
 *
 * A working day is Monday–Friday unless it is a statutory holiday, plus the
 * adjusted working days (调休, e.g. a Saturday worked to bridge a holiday).
 * Public notices and task deadlines count working days; long durations
 * (probation, activist observation) use calendar months — see addMonths.
 *
 * Everything here is pure and deterministic, because workflow code calls it:
 * no clock, no I/O, no locale. Dates are `YYYY-MM-DD` strings of the Shanghai
 * calendar; instants are epoch milliseconds. The holiday data is frozen in
 * calendarData.ts (see scripts/gen-calendar-data.ts) so that a due date never
 * moves under a running case.
 */
import { CALENDAR_DATA_VERSION, CALENDAR_YEARS, type HolidayName } from './calendarData';

export { CALENDAR_DATA_VERSION };
export type { HolidayName };

// ---- errors -----------------------------------------------------------------

/** A date string or number that is not a real date, count or time. */
export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError';
  constructor(message: string) {
    super(message);
  }
}

/** A working-day question about a year the frozen holiday data does not cover. */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  constructor(
    readonly date: string,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `no working-day calendar for ${date}: covered years are ${coveredYears.join(', ')} ` +
        `(calendar data ${CALENDAR_DATA_VERSION}); extend scripts/gen-calendar-data.ts and regenerate`,
    );
  }
}

// ---- civil dates as day numbers --------------------------------------------

const DAY_MS = 86_400_000;
/** Asia/Shanghai has been UTC+8 with no daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parseYmd(date: string): Ymd {
  const match = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!match) throw new InvalidDateError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new InvalidDateError(`no such calendar day: ${date}`);
  }
  return { y, m, d };
}

function formatYmd({ y, m, d }: Ymd): string {
  if (y < 0 || y > 9999) throw new InvalidDateError(`year ${y} is outside 0000–9999`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), in integer arithmetic so nothing depends on the host's Date.
 */
function toDayNumber({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromDayNumber(n: number): Ymd {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function dayNumber(date: string): number {
  return toDayNumber(parseYmd(date));
}

function dateOf(dayNo: number): string {
  return formatYmd(fromDayNumber(dayNo));
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(dayNo: number): number {
  return (((dayNo + 4) % 7) + 7) % 7;
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new InvalidDateError(`${what} must be an integer, got ${n}`);
}

// ---- holiday data -----------------------------------------------------------

const YEARS = new Map(CALENDAR_YEARS.map((y) => [y.year, y]));
const COVERED_YEARS: readonly number[] = [...YEARS.keys()].sort((a, b) => a - b);

function yearData(date: string): (typeof CALENDAR_YEARS)[number] {
  const data = YEARS.get(parseYmd(date).y);
  if (!data) throw new CalendarRangeError(date, COVERED_YEARS);
  return data;
}

/** Years the working-day functions can answer for. */
export function coveredYears(): readonly number[] {
  return COVERED_YEARS;
}

/**
 * True when the date's year comes from the statutory rule rather than the State
 * Council's schedule: a deadline there may still move when the schedule is out.
 */
export function isProvisional(date: string): boolean {
  return yearData(date).provisional;
}

/** The festival a day off or a 调休 working day belongs to, if any. */
export function holidayName(date: string): HolidayName | undefined {
  const data = yearData(date);
  return data.holidays[date] ?? data.adjustedWorkingDays[date];
}

// ---- working days -----------------------------------------------------------

/** Throws CalendarRangeError for a year outside the frozen data. */
export function isWorkingDay(date: string): boolean {
  const data = yearData(date);
  if (date in data.adjustedWorkingDays) return true;
  if (date in data.holidays) return false;
  const dow = weekdayOf(dayNumber(date));
  return dow !== 0 && dow !== 6;
}

/**
 * The n-th working day after `start` (start itself is not counted), so a task
 * opened on any day with n = 1 is due on the next working day. A negative n
 * counts backwards (the |n|-th working day before start); n = 0 is start itself.
 */
export function addWorkingDays(start: string, n: number): string {
  requireInteger(n, 'working-day count');
  const step = n < 0 ? -1 : 1;
  let dayNo = dayNumber(start);
  for (let left = Math.abs(n); left > 0;) {
    dayNo += step;
    if (isWorkingDay(dateOf(dayNo))) left -= 1;
  }
  return dateOf(dayNo);
}

/**
 * The days a notice of n working days "starting" on `start` covers (公示期).
 * A notice posted on a day off starts on the next working day, so:
 * firstDay = start if it is a working day, else the next working day;
 * lastDay = the n-th working day counted from firstDay inclusive.
 * The notice is open until the end of lastDay.
 */
export function workingDaysWindow(start: string, n: number): { firstDay: string; lastDay: string } {
  requireInteger(n, 'working-day count');
  if (n < 1) throw new InvalidDateError(`a notice lasts at least 1 working day, got ${n}`);
  const firstDay = isWorkingDay(start) ? start : addWorkingDays(start, 1);
  return { firstDay, lastDay: addWorkingDays(firstDay, n - 1) };
}

/**
 * Working days in (a, b]: how many working days have ended between the end of a
 * and the end of b. Negative when b is before a, so
 * workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 0. Only the days
 * counted must lie in a covered year.
 */
export function workingDaysBetween(a: string, b: string): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  if (to < from) return -workingDaysBetween(b, a);
  let count = 0;
  for (let dayNo = from + 1; dayNo <= to; dayNo += 1) {
    if (isWorkingDay(dateOf(dayNo))) count += 1;
  }
  return count;
}

// ---- calendar time ----------------------------------------------------------

/** Calendar days; no holiday data needed, so any year works. */
export function addDays(date: string, n: number): string {
  requireInteger(n, 'day count');
  return dateOf(dayNumber(date) + n);
}

/**
 * Calendar months, clamped to the end of a shorter month (2025-01-31 + 1 →
 * 2025-02-28), which is how "one year of probation from 2024-02-29" is read too
 * (→ 2025-02-28).
 */
export function addMonths(date: string, n: number): string {
  requireInteger(n, 'month count');
  const { y, m, d } = parseYmd(date);
  const index = y * 12 + (m - 1) + n;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return formatYmd({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** -1, 0 or 1; like comparing the strings, but a malformed date throws instead of sorting somewhere. */
export function compareDates(a: string, b: string): number {
  return Math.sign(dayNumber(a) - dayNumber(b));
}

// ---- instants in Asia/Shanghai ---------------------------------------------

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDate(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new InvalidDateError(`not an instant: ${instantMs}`);
  return dateOf(Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** Epoch ms of hh:mm Shanghai time on a date (UTC+8, no DST to worry about). */
export function shanghaiInstant(date: string, hh = 9, mm = 0): number {
  if (!Number.isInteger(hh) || hh < 0 || hh > 23) throw new InvalidDateError(`hour must be 0–23, got ${hh}`);
  if (!Number.isInteger(mm) || mm < 0 || mm > 59) throw new InvalidDateError(`minute must be 0–59, got ${mm}`);
  return dayNumber(date) * DAY_MS + hh * 3_600_000 + mm * 60_000 - SHANGHAI_OFFSET_MS;
}

/** Close of the office day: a task due on a day may be done until then. */
export const END_OF_WORKING_DAY = { hh: 17, mm: 30 } as const;
/** Start of the office day: reminders go out then. */
export const START_OF_WORKING_DAY = { hh: 9, mm: 0 } as const;

/**
 * When a task opened at `openedAtMs` is due: 17:30 Shanghai on the n-th working
 * day after the opening day. The opening day never counts, whatever the hour,
 * so a task opened late on Friday still gets its full n working days.
 */
export function dueInstant(openedAtMs: number, workingDays: number): { dueDate: string; dueAtMs: number } {
  requireInteger(workingDays, 'working-day count');
  if (workingDays < 1) throw new InvalidDateError(`a task needs at least 1 working day, got ${workingDays}`);
  const dueDate = addWorkingDays(shanghaiDate(openedAtMs), workingDays);
  return { dueDate, dueAtMs: shanghaiInstant(dueDate, END_OF_WORKING_DAY.hh, END_OF_WORKING_DAY.mm) };
}

/**
 * When to remind about a task due on `dueDate`: 09:00 Shanghai on the working
 * day `workingDaysBefore` working days earlier (0 = the morning of the due day).
 * The result may lie before the task was opened; the caller skips it then.
 */
export function reminderInstant(dueDate: string, workingDaysBefore: number): { remindDate: string; remindAtMs: number } {
  requireInteger(workingDaysBefore, 'working-day count');
  if (workingDaysBefore < 0) {
    throw new InvalidDateError(`a reminder comes before the due day, got ${workingDaysBefore} working days before`);
  }
  const remindDate = addWorkingDays(dueDate, -workingDaysBefore);
  return {
    remindDate,
    remindAtMs: shanghaiInstant(remindDate, START_OF_WORKING_DAY.hh, START_OF_WORKING_DAY.mm),
  };
}
