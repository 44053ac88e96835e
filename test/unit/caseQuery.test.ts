/**
 * The cases list's query (domain/caseQuery.ts): defaults, every filter, sort and page
 * read from text, every problem reported at once in Chinese and English, and the text
 * written back (`caseQueryText`) read again to the same query — what the web page's URL
 * hash relies on.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CASE_KINDS,
  CASE_SORTS,
  caseQueryProblemText,
  caseQueryText,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  parseCaseQuery,
  sortOrder,
  type CaseQuery,
} from '../../domain/caseQuery';

const parsed = (text: Record<string, string>): CaseQuery => {
  const r = parseCaseQuery(text);
  if (!r.ok) throw new Error(caseQueryProblemText(r.problems));
  return r.query;
};

describe('parseCaseQuery', () => {
  it('gives the defaults for an empty query, and empty text is "not given"', () => {
    const defaults = { sort: '-updated', page: 1, pageSize: DEFAULT_PAGE_SIZE };
    expect(parsed({})).toEqual(defaults);
    expect(parsed({ kind: '', township: ' ', sort: '', page: '' })).toEqual(defaults);
  });

  it('reads every filter, the sort and the page', () => {
    expect(
      parsed({
        kind: 'rectification',
        township: 'ts-03',
        stage: 'round-2:plan',
        status: 'open',
        overdue: 'true',
        subject: 'ts-03-v07',
        sort: '-due',
        page: '3',
        pageSize: '50',
      }),
    ).toEqual({
      kind: 'rectification',
      township: 'ts-03',
      stage: 'round-2:plan',
      status: 'open',
      overdue: true,
      subject: 'ts-03-v07',
      sort: '-due',
      page: 3,
      pageSize: 50,
    });
    expect(parsed({ overdue: 'false' }).overdue).toBe(false);
    expect(parsed({ pageSize: String(MAX_PAGE_SIZE) }).pageSize).toBe(MAX_PAGE_SIZE);
  });

  it('refuses each bad value with its field, in Chinese and English, all problems at once', () => {
    const r = parseCaseQuery({
      kind: 'appointment',
      status: 'pending',
      overdue: 'yes',
      sort: 'name',
      page: '0',
      pageSize: String(MAX_PAGE_SIZE + 1),
      township: 'a b',
      stage: '阶段',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(['kind', 'township', 'stage', 'status', 'overdue', 'sort', 'page', 'pageSize']);
    for (const p of r.problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.en).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(caseQueryProblemText(r.problems)).toMatch(/^案件类型须为 .*；.* \/ kind must be one of .*; status must be open or closed; /);
  });

  it('refuses numbers that are not whole, negative or huge, and ids with spaces or control characters', () => {
    for (const text of [
      { page: '1.5' },
      { page: '-1' },
      { page: '1e3' },
      { page: '9999999' },
      { pageSize: '0' },
      { pageSize: 'ten' },
      { township: 'ts-01\u0000' },
      { subject: 'x'.repeat(201) },
      { stage: 'x'.repeat(101) },
      { sort: '--due' },
      { sort: 'due-' },
    ]) {
      expect(parseCaseQuery(text).ok, JSON.stringify(text)).toBe(false);
    }
  });

  it('knows every sort in both directions', () => {
    expect(CASE_SORTS).toEqual(['updated', '-updated', 'started', '-started', 'due', '-due', 'township', '-township']);
    expect(sortOrder('-township')).toEqual({ key: 'township', descending: true });
    expect(sortOrder('started')).toEqual({ key: 'started', descending: false });
  });
});

describe('caseQueryText', () => {
  it('writes only what differs from the defaults', () => {
    expect(caseQueryText(parsed({}))).toEqual({});
    expect(caseQueryText(parsed({ kind: 'probation', sort: '-updated', page: '1', pageSize: String(DEFAULT_PAGE_SIZE) }))).toEqual({
      kind: 'probation',
    });
  });

  it('is read back to the same query', () => {
    const query = fc.record(
      {
        kind: fc.constantFrom(...CASE_KINDS),
        township: fc.constantFrom('ts-01', 'ts-12'),
        stage: fc.constantFrom('democratic-rating', 'round-2:plan'),
        status: fc.constantFrom('open' as const, 'closed' as const),
        overdue: fc.boolean(),
        subject: fc.constantFrom('p-0005', 'ts-03-v07'),
        sort: fc.constantFrom(...CASE_SORTS),
        page: fc.integer({ min: 1, max: 500 }),
        pageSize: fc.integer({ min: 1, max: MAX_PAGE_SIZE }),
      },
      { requiredKeys: ['sort', 'page', 'pageSize'] },
    );
    fc.assert(
      fc.property(query, (q) => {
        expect(parsed(caseQueryText(q))).toEqual(q);
      }),
    );
  });
});
