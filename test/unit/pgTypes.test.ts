/**
 * The type parsers schema/connect.ts gives `pg`: the conventions of schema/db.ts, which
 * the event hash chain depends on. The server-side check (the same values as PGlite
 * and as postgres.js gave before) is test/integration/driver.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { OID, TYPES } from '../../schema/connect';

const parse = (oid: number, text: string): unknown =>
  (TYPES.getTypeParser as (oid: number, format?: string) => (x: string) => unknown)(oid)(text);

describe('pg type parsers', () => {
  it('reads int8 as bigint, past 2^53 without loss', () => {
    expect(parse(OID.int8, '9007199254740993')).toBe(9007199254740993n);
    expect(parse(OID.int8, '-1')).toBe(-1n);
  });

  it('reads date as the calendar day PostgreSQL prints, never a Date', () => {
    expect(parse(OID.date, '2026-02-28')).toBe('2026-02-28');
  });

  it('reads arrays of int8 and of date element by element, NULLs kept', () => {
    expect(parse(OID.int8Array, '{1,NULL,9007199254740993}')).toEqual([1n, null, 9007199254740993n]);
    expect(parse(OID.dateArray, '{2026-01-01,NULL}')).toEqual(['2026-01-01', null]);
  });

  it("leaves every other type to pg's own parsers", () => {
    expect(parse(23, '42')).toBe(42);
    expect(parse(1184, '2025-03-14 01:02:03.456+00')).toEqual(new Date('2025-03-14T01:02:03.456Z'));
    expect(parse(3802, '{"a":[1,"x"]}')).toEqual({ a: [1, 'x'] });
    expect(parse(1700, '1.50')).toBe('1.50');
    expect(parse(16, 't')).toBe(true);
  });
});
