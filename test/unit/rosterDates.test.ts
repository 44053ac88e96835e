import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCell } from '../../domain/roster/cellChecks';
import { columnOf } from '../../domain/roster/columns';
import { formatYearMonth, parseYearMonth } from '../../domain/roster/yearMonth';

describe('a roster date (年月) as people type it', () => {
  it.each(['1975.03', '1975.3', '1975-03', '1975/03', '197503', '1975年3月', '1975年03月', '1975年3', '１９７５．０３', ' 1975 . 03 '])(
    'given %j, when parsed, then it is March 1975',
    (typed) => {
      expect(parseYearMonth(typed)).toEqual({ ok: true, value: { year: 1975, month: 3 } });
    },
  );

  it('given a month past 12 or 0, when parsed, then it is refused for its month', () => {
    for (const typed of ['1975.13', '1975-13', '197513', '1975年13月', '1975.00', '197500']) {
      expect(parseYearMonth(typed)).toEqual({ ok: false, reason: 'month' });
    }
    // The edges that pass.
    expect(parseYearMonth('1975.12')).toEqual({ ok: true, value: { year: 1975, month: 12 } });
    expect(parseYearMonth('1975.01')).toEqual({ ok: true, value: { year: 1975, month: 1 } });
  });

  it('given a year outside 1900–2100, when parsed, then it is refused for its year', () => {
    expect(parseYearMonth('1899.12')).toEqual({ ok: false, reason: 'year' });
    expect(parseYearMonth('1900.01').ok).toBe(true);
    expect(parseYearMonth('2100.12').ok).toBe(true);
    expect(parseYearMonth('2101.01')).toEqual({ ok: false, reason: 'year' });
  });

  it('given a day, words or a lone year, when parsed as a month, then the form is refused', () => {
    for (const typed of ['1975.03.15', 'March 1975', '75.03', '1975', '1975年', '19753', '1975..03', '']) {
      expect(parseYearMonth(typed)).toEqual({ ok: false, reason: 'form' });
    }
  });

  it('given a lone year, when the column takes one (出生年月), then it is a year without a month', () => {
    expect(parseYearMonth('1975', { yearOnly: true })).toEqual({ ok: true, value: { year: 1975, month: null } });
    expect(parseYearMonth('1975年', { yearOnly: true })).toEqual({ ok: true, value: { year: 1975, month: null } });
    expect(formatYearMonth({ year: 1975, month: null })).toBe('1975');
  });

  it('given any month, when written and read back in every typed form, then it is the same month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const mm = String(month).padStart(2, '0');
        for (const typed of [
          formatYearMonth({ year, month }),
          `${year}-${mm}`,
          `${year}${mm}`,
          `${year}年${month}月`,
          `${year}.${month}`,
        ]) {
          expect(parseYearMonth(typed)).toEqual({ ok: true, value: { year, month } });
        }
      }),
    );
  });

  it('given 1975.13 in 出生年月, when the cell is checked, then the problem says the month and the cell expects year.month', () => {
    const column = columnOf('people', 'birth');
    const r = checkCell(column, '1975.13');
    expect(r).toMatchObject({ ok: false, kind: 'bad-date', problem: { zh: '月份须在 1 至 12 之间', en: 'the month must be 1 to 12' } });
    expect(column.expected.zh).toContain('1975.03');
    expect(column.expected.en).toContain('year and month, e.g. 1975.03');
  });
});
