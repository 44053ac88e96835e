import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, parseIdNumber } from '../../domain/roster/idNumber';

/** GB 11643's own example: born 1949-12-31 in 北京市朝阳区, a woman, check character X. */
const STANDARD_EXAMPLE = '11010519491231002X';

const validIdNumber = fc
  .record({
    province: fc.constantFrom('11', '32', '41', '44', '65', '81'),
    rest: fc.integer({ min: 0, max: 9999 }),
    date: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2008-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, rest, date, sequence }) => {
    const ymd = date.toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${province}${String(rest).padStart(4, '0')}${ymd}${String(sequence).padStart(3, '0')}`;
    return { value: first17 + idNumberCheckChar(first17), date, sequence };
  });

describe('the 18-character ID number (GB 11643)', () => {
  it('given the standard’s example, when parsed, then its birth date and gender are read', () => {
    expect(parseIdNumber(STANDARD_EXAMPLE)).toEqual({
      ok: true,
      value: { value: STANDARD_EXAMPLE, birth: { year: 1949, month: 12, day: 31 }, gender: 'female' },
    });
  });

  it('given a lower-case x, spaces or full-width digits, when parsed, then it is read as the number', () => {
    expect(parseIdNumber('11010519491231002x')).toMatchObject({ ok: true, value: { value: STANDARD_EXAMPLE } });
    expect(parseIdNumber('1101 0519 4912 3100 2X')).toMatchObject({ ok: true, value: { value: STANDARD_EXAMPLE } });
    expect(parseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toMatchObject({ ok: true, value: { value: STANDARD_EXAMPLE } });
  });

  it('given a wrong check character, when parsed, then the checksum is refused naming the right one', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, reason: 'checksum', expectedCheck: 'X' });
  });

  it('given 15 digits, 17 digits, an X inside or letters, when parsed, then the form is refused', () => {
    expect(parseIdNumber('110105491231002')).toEqual({ ok: false, reason: 'fifteen-digits' });
    expect(parseIdNumber('11010519491231002')).toEqual({ ok: false, reason: 'form' });
    expect(parseIdNumber('1101051949123100X2')).toEqual({ ok: false, reason: 'form' });
    expect(parseIdNumber('11010519491231002XX')).toEqual({ ok: false, reason: 'form' });
  });

  it('given no such birth date or province, when parsed, then that part is refused', () => {
    const withDate = (ymd: string) => {
      const first17 = `110105${ymd}002`;
      return first17 + idNumberCheckChar(first17);
    };
    expect(parseIdNumber(withDate('19490230'))).toEqual({ ok: false, reason: 'birth-date' });
    expect(parseIdNumber(withDate('19491301'))).toEqual({ ok: false, reason: 'birth-date' });
    expect(parseIdNumber(withDate('19000229'))).toEqual({ ok: false, reason: 'birth-date' });
    expect(parseIdNumber(withDate('20000229')).ok).toBe(true);
    const first17 = '99010519491231002';
    expect(parseIdNumber(first17 + idNumberCheckChar(first17))).toEqual({ ok: false, reason: 'region' });
  });

  it('given any valid number, when parsed, then it round-trips with its birth date and the gender of its 17th digit', () => {
    fc.assert(
      fc.property(validIdNumber, ({ value, date, sequence }) => {
        const r = parseIdNumber(value);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.value).toBe(value);
        expect(r.value.birth).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
        expect(r.value.gender).toBe(sequence % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('given any valid number with one digit changed, when parsed, then it is refused (MOD 11-2 catches every single-digit slip)', () => {
    fc.assert(
      fc.property(validIdNumber, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), ({ value }, at, by) => {
        const changed = value.slice(0, at) + String((Number(value[at]) + by) % 10) + value.slice(at + 1);
        expect(parseIdNumber(changed).ok).toBe(false);
      }),
    );
  });
});
