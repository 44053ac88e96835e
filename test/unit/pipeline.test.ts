/**
 * The literals schema/pipeline.ts writes in place of a statement's parameters: `pg`'s own
 * text for each value, quoted, and nothing inside a quoted string or name touched.
 */
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { batchQuery, inlineParameters } from '../../schema/pipeline';

describe('inlineParameters', () => {
  it('writes each parameter as the literal of the text pg would bind', () => {
    const at = new Date('2026-03-01T02:03:04.005Z');
    const text = inlineParameters('insert into t (a, b, c, d, e, f) values ($1, $2, $3, $4, $5, $6)', [
      "it's",
      'C:\\path',
      null,
      12n,
      { k: "o'k" },
      at,
    ]);
    expect(text).toContain(` 'it''s' `);
    expect(text).toContain(` E'C:\\\\path' `);
    expect(text).toContain(' null ');
    expect(text).toContain(` '12' `);
    expect(text).toContain(` '{"k":"o''k"}' `);
    // pg's dateToString: the instant in local time with its offset, whatever the zone.
    const literal = /'([^']+)' \)$/.exec(text!)![1]!;
    expect(new Date(literal).getTime()).toBe(at.getTime());
  });

  it('leaves $n inside quoted strings and names alone, and numbers parameters past 9', () => {
    const params = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    const text = inlineParameters(`select '$1' as "$2", $11, $1`, params);
    expect(text).toBe(`select '$1' as "$2",  'v11' ,  'v1' `);
  });

  it('refuses a parameter that has no literal form, and a statement that names a missing one', () => {
    expect(inlineParameters('select $1', [Buffer.from('x')])).toBeUndefined();
    expect(inlineParameters('select $2', ['a'])).toBeUndefined();
  });

  it('marks a batch with its statement count', () => {
    const q = batchQuery([CompiledQuery.raw('select $1', ['a']), CompiledQuery.raw('select 2')]);
    expect(q.sql).toBe(`/* cadreflow:batch 2 */\nselect  'a' ;\nselect 2`);
    expect(() => batchQuery([CompiledQuery.raw('select $1', [Buffer.from('x')])])).toThrow(/literal/);
  });
});
