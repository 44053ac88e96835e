import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_DATA_VERSION,
  CalendarRangeError,
  InvalidDateError,
  addDays,
  addMonths,
  addWorkingDays,
  coveredYears,
  dueInstant,
  holidayName,
  isProvisional,
  isWorkingDay,
  reminderInstant,
  shanghaiDate,
  shanghaiInstant,
  workingDaysBetween,
  workingDaysWindow,
} from '../../domain/calendar';
import { CALENDAR_YEARS } from '../../domain/calendarData';

/** Every day from `from` to `to` inclusive. */
function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('official schedules (frozen from chinese-days)', () => {
  it('National Day 2026: a 5-working-day notice from 2026-09-30 runs past Oct 1–7 and counts Saturday Oct 10', () => {
    for (const d of daysFrom('2026-10-01', '2026-10-07')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-09-30')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休
    expect(holidayName('2026-10-10')).toBe('国庆节');
    expect(isWorkingDay('2026-10-11')).toBe(false); // ordinary Sunday
    // Sep 30 (1), Oct 8 (2), Oct 9 (3), Oct 10 Sat (4), Oct 12 (5)
    expect(workingDaysWindow('2026-09-30', 5)).toEqual({ firstDay: '2026-09-30', lastDay: '2026-10-12' });
    // Counting after the start day instead: Oct 8, 9, 10, 12, 13
    expect(addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
  });

  it('Mid-Autumn 2026 (Fri Sep 25) is off and Sunday Sep 20 is worked', () => {
    expect(isWorkingDay('2026-09-25')).toBe(false);
    expect(holidayName('2026-09-25')).toBe('中秋');
    expect(isWorkingDay('2026-09-20')).toBe(true);
  });

  it('a notice posted on a holiday starts on the next working day', () => {
    expect(workingDaysWindow('2026-10-01', 5)).toEqual({ firstDay: '2026-10-08', lastDay: '2026-10-13' });
    expect(workingDaysWindow('2026-10-11', 1)).toEqual({ firstDay: '2026-10-12', lastDay: '2026-10-12' });
  });

  it('Spring Festival 2026: Feb 15–23 off, Saturdays Feb 14 and Feb 28 worked', () => {
    for (const d of daysFrom('2026-02-15', '2026-02-23')) {
      expect(isWorkingDay(d), d).toBe(false);
      expect(holidayName(d)).toBe('春节');
    }
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    // Fri Feb 13 (1), Sat Feb 14 (2), Feb 24 (3), Feb 25 (4), Feb 26 (5)
    expect(workingDaysWindow('2026-02-13', 5)).toEqual({ firstDay: '2026-02-13', lastDay: '2026-02-26' });
    expect(workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2);
  });

  it('2025 adjusted working days: Sunday Jan 26 and Saturday Feb 8 are worked', () => {
    expect(isWorkingDay('2025-01-25')).toBe(false);
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(holidayName('2025-01-26')).toBe('春节');
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-06')).toBe(false);
    expect(holidayName('2025-10-06')).toBe('中秋');
  });

  it('ordinary weekdays and weekends', () => {
    expect(isWorkingDay('2025-03-03')).toBe(true); // Monday
    expect(isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(isWorkingDay('2025-03-09')).toBe(false); // Sunday
    expect(holidayName('2025-03-03')).toBeUndefined();
  });

  it('matches the chinese-days data it was generated from for 2024–2026', () => {
    const dir = join(require.resolve('chinese-days/package.json'), '..', 'dist', 'years');
    for (const year of [2024, 2025, 2026]) {
      const raw = JSON.parse(readFileSync(join(dir, `${year}.json`), 'utf8')) as {
        holidays: Record<string, string>;
        workdays: Record<string, string>;
      };
      const frozen = CALENDAR_YEARS.find((y) => y.year === year);
      expect(frozen?.provisional).toBe(false);
      expect(Object.keys(frozen?.holidays ?? {})).toEqual(Object.keys(raw.holidays).sort());
      expect(Object.keys(frozen?.adjustedWorkingDays ?? {})).toEqual(Object.keys(raw.workdays).sort());
    }
  });
});

describe('2027 (provisional, statutory rule only)', () => {
  const PROVISIONAL_2027 = {
    '2027-01-01': '元旦',
    '2027-02-05': '春节', // 除夕 (腊月廿九: the twelfth month has 29 days)
    '2027-02-06': '春节', // 正月初一
    '2027-02-07': '春节',
    '2027-02-08': '春节',
    '2027-02-09': '春节', // 补假 for Sat Feb 6
    '2027-02-10': '春节', // 补假 for Sun Feb 7
    '2027-04-05': '清明',
    '2027-05-01': '劳动节',
    '2027-05-02': '劳动节',
    '2027-05-03': '劳动节', // 补假
    '2027-05-04': '劳动节', // 补假
    '2027-06-09': '端午',
    '2027-09-15': '中秋',
    '2027-10-01': '国庆节',
    '2027-10-02': '国庆节',
    '2027-10-03': '国庆节',
    '2027-10-04': '国庆节', // 补假
    '2027-10-05': '国庆节', // 补假
  };

  it('has exactly the derived holidays and no adjusted working days', () => {
    const y2027 = CALENDAR_YEARS.find((y) => y.year === 2027);
    expect(y2027?.provisional).toBe(true);
    expect(y2027?.holidays).toEqual(PROVISIONAL_2027);
    expect(y2027?.adjustedWorkingDays).toEqual({});
    for (const d of Object.keys(PROVISIONAL_2027)) expect(isWorkingDay(d), d).toBe(false);
  });

  it('is flagged provisional, unlike 2026', () => {
    expect(isProvisional('2027-03-01')).toBe(true);
    expect(isProvisional('2026-03-01')).toBe(false);
    expect(CALENDAR_DATA_VERSION).toContain('provisional-2027,2028,2029');
  });

  it('counts working days across the provisional Spring Festival', () => {
    expect(isWorkingDay('2027-02-04')).toBe(true);
    expect(isWorkingDay('2027-02-11')).toBe(true);
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-11');
  });
});

describe('2028 (provisional): 中秋 falls inside 国庆节', () => {
  it('gives the festival that met another on one day a day in lieu, keeping 13 statutory days off', () => {
    const y2028 = CALENDAR_YEARS.find((y) => y.year === 2028);
    expect(y2028?.provisional).toBe(true);
    // 中秋 is 2028-10-03, the third day of 国庆节; 10-01 is a Sunday. Both are owed a day.
    for (const d of daysFrom('2028-10-01', '2028-10-05')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2028-10-06')).toBe(true);
    expect(y2028?.holidays['2028-10-03']).toBe('中秋');
    expect(Object.keys(y2028?.daysOffInLieu ?? {})).toEqual(['2028-01-03', '2028-05-29', '2028-10-04', '2028-10-05']);
    const statutory = Object.keys(y2028?.holidays ?? {}).filter((d) => !(d in (y2028?.daysOffInLieu ?? {})));
    // 13 statutory days, one of which (10-03) serves two festivals.
    expect(statutory).toHaveLength(12);
    expect(y2028?.adjustedWorkingDays).toEqual({});
  });

  it('counts a probation that starts today through the next year-end', () => {
    // A year of probation started in December 2026 opens tasks due in January 2028.
    expect(addWorkingDays('2027-12-28', 5)).toBe('2028-01-05');
  });
});

describe('range and input errors', () => {
  it('throws CalendarRangeError naming the covered years', () => {
    expect(coveredYears()).toEqual([2024, 2025, 2026, 2027, 2028, 2029]);
    expect(() => isWorkingDay('2030-01-03')).toThrow(CalendarRangeError);
    expect(() => isWorkingDay('2023-06-01')).toThrow(/2023-06-01.*2024, 2025, 2026, 2027, 2028, 2029/);
    expect(() => addWorkingDays('2029-12-28', 5)).toThrow(CalendarRangeError);
  });

  it('throws InvalidDateError for malformed dates and counts', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(InvalidDateError);
    expect(() => isWorkingDay('2025-2-3')).toThrow(/not a YYYY-MM-DD date/);
    expect(() => addWorkingDays('2025-03-03', 1.5)).toThrow(InvalidDateError);
    expect(() => addMonths('2025-03-03', Number.NaN)).toThrow(InvalidDateError);
    expect(() => workingDaysWindow('2025-03-03', 0)).toThrow(InvalidDateError);
    expect(() => shanghaiInstant('2025-03-03', 24)).toThrow(InvalidDateError);
    expect(() => shanghaiDate(Number.NaN)).toThrow(InvalidDateError);
  });
});

describe('working-day properties', () => {
  // Start days in 2024-01-01 … 2027-10-31, leaving room for n ≤ 40 within 2027.
  const startDay = fc.integer({ min: 0, max: 1399 }).map((i) => addDays('2024-01-01', i));
  const count = fc.integer({ min: 1, max: 40 });

  it('addWorkingDays lands on a working day', () => {
    fc.assert(fc.property(startDay, count, (d, n) => isWorkingDay(addWorkingDays(d, n))));
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(startDay, fc.integer({ min: 0, max: 40 }), (d, n) => {
        expect(workingDaysBetween(d, addWorkingDays(d, n))).toBe(n);
      }),
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(startDay, count, count, (d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(addWorkingDays(d, lo) < addWorkingDays(d, hi)).toBe(true);
      }),
    );
  });

  it('counting back undoes counting forward from a working day', () => {
    fc.assert(
      fc.property(startDay, count, (d, n) => {
        const w = addWorkingDays(d, 1);
        expect(addWorkingDays(addWorkingDays(w, n), -n)).toBe(w);
      }),
    );
  });

  it('a window spans exactly n working days from a working first day', () => {
    fc.assert(
      fc.property(startDay, count, (d, n) => {
        const { firstDay, lastDay } = workingDaysWindow(d, n);
        expect(isWorkingDay(firstDay)).toBe(true);
        expect(firstDay >= d).toBe(true);
        expect(workingDaysBetween(firstDay, lastDay)).toBe(n - 1);
      }),
    );
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-06-30', 0)).toBe('2026-06-30');
  });

  it('moves by whole months and never past the original day of month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -36, max: 36 }), (i, n) => {
        const d = addDays('2020-01-01', i);
        const r = addMonths(d, n);
        const months = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
        expect(months(r) - months(d)).toBe(n);
        expect(Number(r.slice(8))).toBeLessThanOrEqual(Number(d.slice(8)));
      }),
    );
  });
});

describe('Asia/Shanghai instants', () => {
  it('shanghaiDate turns over at 16:00 UTC, not at UTC midnight', () => {
    expect(shanghaiDate(Date.UTC(2025, 11, 31, 15, 59, 59, 999))).toBe('2025-12-31');
    expect(shanghaiDate(Date.UTC(2025, 11, 31, 16, 0, 0, 0))).toBe('2026-01-01');
    expect(shanghaiDate(Date.UTC(2025, 11, 31, 23, 59))).toBe('2026-01-01');
    expect(shanghaiDate(Date.UTC(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });

  it('shanghaiInstant is UTC+8', () => {
    expect(shanghaiInstant('2026-01-01', 0, 0)).toBe(Date.UTC(2025, 11, 31, 16, 0));
    expect(shanghaiInstant('2026-10-13', 17, 30)).toBe(Date.UTC(2026, 9, 13, 9, 30));
    expect(shanghaiInstant('2026-10-13')).toBe(Date.UTC(2026, 9, 13, 1, 0)); // 09:00 default
  });

  it('round-trips date → instant → date at any hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 40000 }), fc.integer({ min: 0, max: 23 }), (i, hh) => {
        const d = addDays('1970-01-01', i);
        expect(shanghaiDate(shanghaiInstant(d, hh, 59))).toBe(d);
      }),
    );
  });

  it('dueInstant: end of the n-th working day after the Shanghai opening day', () => {
    const opened = shanghaiInstant('2026-09-30', 17, 0);
    expect(dueInstant(opened, 5)).toEqual({ dueDate: '2026-10-13', dueAtMs: Date.UTC(2026, 9, 13, 9, 30) });
    // 23:59 Monday and 00:01 Tuesday Shanghai are different opening days.
    expect(dueInstant(shanghaiInstant('2025-03-03', 23, 59), 1).dueDate).toBe('2025-03-04');
    expect(dueInstant(shanghaiInstant('2025-03-04', 0, 1), 1).dueDate).toBe('2025-03-05');
    expect(() => dueInstant(opened, 0)).toThrow(InvalidDateError);
  });

  it('reminderInstant: 09:00 on the working day n working days before the due day', () => {
    // Two working days before Tue Oct 13, 2026 is the worked Saturday Oct 10.
    expect(reminderInstant('2026-10-13', 2)).toEqual({
      remindDate: '2026-10-10',
      remindAtMs: Date.UTC(2026, 9, 10, 1, 0),
    });
    expect(reminderInstant('2026-10-13', 0).remindDate).toBe('2026-10-13');
    expect(() => reminderInstant('2026-10-13', -1)).toThrow(InvalidDateError);
  });
});

describe('determinism', () => {
  it('calendar.ts reads no clock, no randomness and no calendar package', () => {
    const src = readFileSync(join(__dirname, '..', '..', 'domain', 'calendar.ts'), 'utf8');
    expect(src).not.toMatch(/chinese-days['"]/);
    expect(src).not.toMatch(/Date\.now|new Date\(|Math\.random|require\(|node:/);
  });
});
