/**
 * The literals schema/pipeline.ts writes in place of a statement's parameters: `pg`'s own
 * text for each value, quoted, and nothing inside a quoted string or name touched.
 */
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { batchQuery, inlineParameters, quoteLiteral } from '../../schema/pipeline';

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

  it("quotes every string exactly as pg's escapeLiteral does", () => {
    // Every string of up to six characters from the ones quoting cares about, and long ones.
    const alphabet = ["'", '\\', '"', '$', 'a', '中', '\n'];
    const strings: string[] = [''];
    for (let length = 1; length <= 6; length++) {
      for (let n = 0; n < alphabet.length ** length; n += length > 4 ? 7 : 1) {
        let s = '';
        for (let k = n, i = 0; i < length; i++, k = Math.floor(k / alphabet.length)) s += alphabet[k % alphabet.length];
        strings.push(s);
      }
    }
    strings.push(JSON.stringify({ path: 'C:\\dir', quote: "it's", nested: ["\\'", '中文'] }).repeat(50));
    const differing = strings.filter((s) => quoteLiteral(s) !== pg.escapeLiteral(s));
    expect(differing).toEqual([]);
    expect(strings.length).toBeGreaterThan(10_000);
  });

  it('marks a batch with its statement count', () => {
    const q = batchQuery([CompiledQuery.raw('select $1', ['a']), CompiledQuery.raw('select 2')]);
    expect(q.sql).toBe(`/* cadreflow:batch 2 */\nselect  'a' ;\nselect 2`);
    expect(() => batchQuery([CompiledQuery.raw('select $1', [Buffer.from('x')])])).toThrow(/literal/);
  });
});
