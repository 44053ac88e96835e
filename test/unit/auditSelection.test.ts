/**
 * Which cases an audit request covers (domain/auditSelection.ts): one way at a time, a
 * kind that cannot change a list filter, a day that exists — refused in Chinese and
 * English otherwise.
 */
import { describe, expect, it } from 'vitest';
import { isAuditKind, isAuditSince, parseAuditSelection } from '../../domain/auditSelection';

describe('parseAuditSelection', () => {
  it('takes one case, a kind and/or a day, or every case', () => {
    expect(parseAuditSelection({ caseId: 'probation/p-0005/demo' })).toEqual({ ok: true, selection: { caseId: 'probation/p-0005/demo' } });
    expect(parseAuditSelection({ kind: 'probation', since: '2026-01-01' })).toEqual({
      ok: true,
      selection: { kind: 'probation', since: '2026-01-01' },
    });
    expect(parseAuditSelection({ all: 'true' })).toEqual({ ok: true, selection: { all: true } });
    expect(parseAuditSelection({ all: true, caseId: undefined })).toEqual({ ok: true, selection: { all: true } });
  });

  it('refuses none, several ways at once, and malformed values, in both languages', () => {
    const refused = (input: Parameters<typeof parseAuditSelection>[0]) => {
      const r = parseAuditSelection(input);
      if (r.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
      expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
      return r.en;
    };
    expect(refused({})).toBe('choose the cases: caseId, kind and/or since, or all');
    expect(refused({ all: 'false' })).toBe('choose the cases: caseId, kind and/or since, or all');
    expect(refused({ caseId: 'probation/p-1/x', all: true })).toMatch(/give one of them$/);
    expect(refused({ kind: 'probation', all: 'true' })).toMatch(/give one of them$/);
    expect(refused({ all: 'yes' })).toBe('all must be true or false');
    expect(refused({ caseId: '../x' })).toBe('caseId "../x" is not a case id');
    expect(refused({ kind: "x' OR 1=1" })).toMatch(/expected a case kind such as probation$/);
    expect(refused({ since: '2026-02-30' })).toBe('since "2026-02-30": expected YYYY-MM-DD or an ISO-8601 instant');
    expect(refused({ since: 'yesterday' })).toBe('since "yesterday": expected YYYY-MM-DD or an ISO-8601 instant');
  });

  it('the day and kind rules the CLI’s --since and --kind follow', () => {
    expect(isAuditSince('2026-02-28')).toBe(true);
    expect(isAuditSince('2026-02-29')).toBe(false);
    expect(isAuditSince('2026-01-01T08:00:00+08:00')).toBe(true);
    expect(isAuditSince('2026-01-01T99')).toBe(false);
    expect(isAuditKind('member-development')).toBe(true);
    expect(isAuditKind("probation' OR 1=1")).toBe(false);
    expect(isAuditKind('')).toBe(false);
  });
});
