/**
 * The committee's grades of a unit as entered (domain/evaluationGrading.ts): what the CLI's
 * `evaluation grade` flags and the API's body become, and the decision built from them.
 */
import { describe, expect, it } from 'vitest';
import { parseUnitGrading, unitGradesOf, type UnitMember } from '../../domain/evaluationGrading';

const MEMBERS: UnitMember[] = [
  { personId: 'p-0001', name: '张三', recommended: 'competent' },
  { personId: 'p-0002', name: '李四', recommended: 'excellent' },
  { personId: 'p-0003', name: '王五', recommended: null },
];

const grading = (raw: unknown) => {
  const parsed = parseUnitGrading(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('parseUnitGrading', () => {
  it('reads the grades, the reasons and whether the recommendations are accepted; passes the dates on for the round', () => {
    expect(parseUnitGrading({ grades: { 'p-0001': 'excellent' }, gradedOn: '2026-12-01' })).toEqual({
      ok: true,
      value: { acceptRecommended: false, grades: { 'p-0001': 'excellent' }, reasons: {}, gradedOn: '2026-12-01' },
    });
  });

  it('refuses an unknown grade, a field of another type or name', () => {
    expect(parseUnitGrading({ grades: { 'p-0001': 'good' } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^grades\.p-0001: good is not one of/),
    });
    expect(parseUnitGrading({ acceptRecommended: 'yes' })).toMatchObject({ ok: false, error: 'acceptRecommended must be true or false' });
    expect(parseUnitGrading({ reasons: { 'p-0001': 3 } })).toMatchObject({ ok: false, error: 'reasons.p-0001 must be text' });
    expect(parseUnitGrading({ grade: {} })).toMatchObject({ ok: false });
    expect(parseUnitGrading(null)).toMatchObject({ ok: false });
  });
});

describe('unitGradesOf', () => {
  it('takes a named grade over the recommendation, the recommendation when accepted, and a reason per person', () => {
    const d = unitGradesOf(
      'ts-01/villages',
      MEMBERS,
      grading({
        acceptRecommended: true,
        grades: { 'p-0003': 'not-competent' },
        reasons: { 'p-0003': '全年未履职' },
        gradedOn: '2026-12-01',
      }),
    );
    expect(d).toEqual({
      ok: true,
      value: {
        grades: {
          'p-0001': { grade: 'competent', reason: '' },
          'p-0002': { grade: 'excellent', reason: '' },
          'p-0003': { grade: 'not-competent', reason: '全年未履职' },
        },
        gradedOn: '2026-12-01',
      },
    });
  });

  it('names a member left without a grade, and anyone named who is not a member', () => {
    expect(unitGradesOf('ts-01/villages', MEMBERS, grading({ acceptRecommended: true }))).toMatchObject({
      ok: false,
      error: 'p-0003 王五: no grade, and the township has not recommended one yet',
    });
    expect(unitGradesOf('ts-01/villages', MEMBERS, grading({ grades: { 'p-0001': 'competent' } }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^p-0002 李四: no grade \(give one/),
    });
    expect(
      unitGradesOf(
        'ts-01/villages',
        MEMBERS,
        grading({ acceptRecommended: true, grades: { 'p-0003': 'competent', 'p-0999': 'excellent' } }),
      ),
    ).toMatchObject({ ok: false, error: 'not in ts-01/villages: p-0999' });
    expect(unitGradesOf('ts-01/villages', [], grading({ acceptRecommended: true }))).toMatchObject({
      ok: false,
      error: 'no cadres of ts-01/villages in the round yet',
    });
  });
});
