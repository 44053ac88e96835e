import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POLICY_FILE_ENV, findJsonError, loadPolicy, resolvePolicyFile } from '../../client/policyFile';
import {
  DEFAULT_POLICY,
  FractionInputError,
  PolicyError,
  PolicySchema,
  meetsFraction,
  meetsThreshold,
  parsePolicy,
  type Policy,
} from '../../domain/policy';

const fixture = (name: string): string => join(__dirname, '..', 'fixtures', 'policy', name);

/** The PolicyError a call throws (fails the test if it throws anything else). */
function policyError(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return err as PolicyError;
  }
  throw new Error('expected a PolicyError, nothing was thrown');
}

function withChange(change: (p: Policy) => void, version: string): Policy {
  const copy = structuredClone(DEFAULT_POLICY) as Policy;
  change(copy);
  return { ...copy, version };
}

describe('DEFAULT_POLICY', () => {
  it('is valid, versioned 2026.1 and frozen', () => {
    expect(PolicySchema.safeParse(DEFAULT_POLICY).success).toBe(true);
    expect(DEFAULT_POLICY.version).toBe('2026.1');
    expect(Object.isFrozen(DEFAULT_POLICY.probation.minFavourableShare)).toBe(true);
  });

  it('holds the domain defaults', () => {
    expect(DEFAULT_POLICY.tasks).toEqual({ defaultDueWorkingDays: 10, reminderWorkingDaysBefore: 2 });
    expect(DEFAULT_POLICY.probation.minFavourableShare).toEqual({ num: 2, den: 3, mode: 'at-least' });
    expect(DEFAULT_POLICY.election.electionQuorum).toEqual({ num: 4, den: 5, mode: 'more-than' });
    expect(DEFAULT_POLICY.evaluation.weights).toEqual({ supervisor: 20, staff: 40, assessmentTeam: 40 });
    expect(DEFAULT_POLICY.evaluation).toMatchObject({
      bonusCapPoints: 5,
      starBands: { five: 90, four: 80, three: 70, two: 60 },
      ratingQuorum: { num: 2, den: 3, mode: 'more-than' },
    });
    expect(DEFAULT_POLICY.memberDevelopment.extensionMaxMonths).toBe(12);
  });

  it('holds the rectification screening and inspection lines, and the 优秀 notice length', () => {
    expect(DEFAULT_POLICY.rectification).toMatchObject({
      screeningBottomPlaces: 1,
      screeningDevelopmentGapYears: 2,
      basicPassFloor: 60,
      passScore: 70,
    });
    expect(DEFAULT_POLICY.publicNotice.excellentGradeWorkingDays).toBe(5);
    const bad = withChange((p) => void (p.rectification.basicPassFloor = 75), 'bad-floor');
    expect(policyError(() => parsePolicy(bad)).message).toContain('rectification: expected basicPassFloor ≤ passScore, got 75 > 70');
  });

  it('refuses star bands that do not descend, naming them', () => {
    const bad = withChange((p) => void (p.evaluation.starBands = { five: 90, four: 80, three: 85, two: 60 }), 'bad-stars');
    expect(policyError(() => parsePolicy(bad)).message).toContain(
      'evaluation.starBands: expected five > four > three > two, got 90, 80, 85, 60',
    );
  });

  it('refuses rounds for years not yet begun unless a county allows them, and takes only true or false', () => {
    expect(DEFAULT_POLICY.evaluation.allowRoundsForFutureYears).toBe(false);
    expect(parsePolicy({ version: 'c.1', evaluation: { allowRoundsForFutureYears: true } }).evaluation.allowRoundsForFutureYears).toBe(
      true,
    );
    expect(policyError(() => parsePolicy({ version: 'c.1', evaluation: { allowRoundsForFutureYears: 'yes' } })).message).toBe(
      'policy.evaluation.allowRoundsForFutureYears: expected true or false, got "yes"',
    );
  });

  it('loadPolicy() without a file returns it', () => {
    expect(loadPolicy()).toBe(DEFAULT_POLICY);
  });

  it('an override restating the base version without changes is the base', () => {
    expect(parsePolicy({ version: '2026.1' })).toEqual(DEFAULT_POLICY);
  });
});

describe('overrides', () => {
  it('a file changes one value and keeps the rest', () => {
    const policy = loadPolicy(fixture('good-override.json'));
    expect(policy).toEqual(
      withChange((p) => {
        p.probation.villageDurationMonths = 6;
      }, '2026.1-demo-county.1'),
    );
    expect(Object.isFrozen(policy.probation)).toBe(true);
  });

  it('stacks onto a given base', () => {
    const county = parsePolicy({ version: 'c.1', election: { slateMarginPercent: 25 } });
    const next = parsePolicy({ version: 'c.2', evaluation: { excellentQuotaPercent: 15 } }, county);
    expect(next.election.slateMarginPercent).toBe(25);
    expect(next.evaluation.excellentQuotaPercent).toBe(15);
    expect(next.version).toBe('c.2');
  });

  it('replaces a share whole and says so when one is given in part', () => {
    const changed = parsePolicy({
      version: 'c.1',
      probation: { minFavourableShare: { num: 3, den: 4, mode: 'more-than' } },
    });
    expect(changed.probation.minFavourableShare).toEqual({ num: 3, den: 4, mode: 'more-than' });
    const err = policyError(() => parsePolicy({ version: 'c.1', probation: { minFavourableShare: { num: 1 } } }));
    expect(err.message).toContain('policy.probation.minFavourableShare.den: expected a positive integer, got nothing');
    expect(err.message).toContain('a share is replaced whole');
  });

  it('refuses changed values under the base version', () => {
    const err = policyError(() => parsePolicy({ version: '2026.1', probation: { durationMonths: 6 } }));
    expect(err.issues).toHaveLength(1);
    expect(err.message).toMatch(/^policy\.version: expected a version different from the base policy's "2026\.1"/);
  });

  it('refuses shares above 1, cross-field disorder and non-objects', () => {
    expect(
      policyError(() => parsePolicy({ version: 'c.1', election: { winnerShare: { num: 3, den: 2, mode: 'more-than' } } })).message,
    ).toBe('policy.election.winnerShare: expected a share between 0 and 1 (num ≤ den), got 3/2');
    expect(policyError(() => parsePolicy({ version: 'c.1', tasks: { reminderWorkingDaysBefore: 10 } })).message).toBe(
      'policy.tasks.reminderWorkingDaysBefore: expected reminderWorkingDaysBefore < defaultDueWorkingDays (10), got 10',
    );
    expect(policyError(() => parsePolicy({ version: 'c.1', memberDevelopment: { extensionMinMonths: 13 } })).message).toContain(
      'policy.memberDevelopment.extensionMinMonths: expected extensionMinMonths ≤ extensionMaxMonths (12)',
    );
    expect(policyError(() => parsePolicy([1])).message).toBe('policy: expected a JSON object, got a list');
    expect(policyError(() => parsePolicy({ version: 'c.1', probation: null })).message).toBe(
      'policy.probation: expected an object, got null',
    );
  });

  it('reports a bad weight on its own, without a meaningless sum', () => {
    const err = policyError(() => parsePolicy({ version: 'c.1', evaluation: { weights: { staff: -10 } } }));
    expect(err.message).toBe('policy.evaluation.weights.staff: expected a whole number ≥ 0, got -10');
  });

  it('keeps "__proto__" an ordinary unknown key', () => {
    const err = policyError(() => parsePolicy(JSON.parse('{"version":"c.1","__proto__":{"polluted":1}}')));
    expect(err.message).toMatch(/^policy\.__proto__: unknown setting/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every problem, not just the first', () => {
    const err = policyError(() => parsePolicy({ tasks: { defaultDueWorkingDays: 0 }, rectification: { passScore: 101, minRater: 15 } }));
    expect(err.issues.map((i) => i.path).sort()).toEqual([
      'policy.rectification.minRater',
      'policy.rectification.passScore',
      'policy.tasks.defaultDueWorkingDays',
      'policy.version',
    ]);
    expect(err.message).toMatch(/^4 problems in policy:\n {2}policy\./);
  });
});

describe('bad policy files', () => {
  const cases: Array<[file: string, expected: string]> = [
    ['bad-wrong-type.json', 'policy.tasks.defaultDueWorkingDays: expected a positive integer, got "10"'],
    ['bad-negative-duration.json', 'policy.probation.durationMonths: expected a positive integer, got -3'],
    ['bad-unknown-key.json', 'policy.probation.durationMonth: unknown setting (did you mean "durationMonths"?)'],
    ['bad-missing-version.json', 'policy.version: expected a version string naming this policy (it is recorded on each case), got nothing'],
    ['bad-weights.json', 'policy.evaluation.weights: expected weights summing to 100, got 20 + 30 + 40 = 90'],
    ['bad-broken-json.json', 'not valid JSON at line 5, column 5: expected , or } after a property value, found "\\""'],
    ['bad-comment.json', 'not valid JSON at line 2, column 3: JSON does not allow comments'],
  ];

  it.each(cases)('%s fails naming the file and what is wrong', (name, expected) => {
    const file = fixture(name);
    const err = policyError(() => loadPolicy(file));
    expect(err.source).toBe(file);
    expect(err.message).toBe(`${file}: ${expected}`);
  });

  it('a missing file', () => {
    const file = fixture('no-such-policy.json');
    expect(policyError(() => loadPolicy(file)).message).toBe(`${file}: cannot read policy file: no such file`);
  });

  it('a directory', () => {
    const dir = fixture('');
    expect(policyError(() => loadPolicy(dir)).message).toBe(`${dir}: cannot read policy file: is a directory, not a file`);
  });
});

describe('findJsonError', () => {
  it('locates errors Node reports without a position', () => {
    expect(findJsonError('{"a": }')).toEqual({ offset: 6, reason: 'expected a value, found "}"' });
    expect(findJsonError('{"a": tru}')?.offset).toBe(6);
    expect(findJsonError('{"a": 1,}')).toEqual({ offset: 8, reason: 'trailing comma before }' });
    expect(findJsonError("{'a': 1}")?.reason).toBe('expected a property name in double quotes, found "\'"');
    expect(findJsonError('{"a": "x')?.reason).toBe('string is never closed with "');
    expect(findJsonError('{"a": 01}')?.offset).toBe(7);
    expect(findJsonError('{} x')?.reason).toBe('unexpected "x" after the end of the JSON value');
  });

  it('finds nothing in valid JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => findJsonError(JSON.stringify(v, null, 2)) === undefined));
  });
});

describe('the policy file setting', () => {
  it('an explicit path wins over the environment; blank means none', () => {
    expect(POLICY_FILE_ENV).toBe('CADREFLOW_POLICY');
    expect(resolvePolicyFile('a.json', { [POLICY_FILE_ENV]: 'b.json' })).toBe('a.json');
    expect(resolvePolicyFile(undefined, { [POLICY_FILE_ENV]: 'b.json' })).toBe('b.json');
    expect(resolvePolicyFile(undefined, { [POLICY_FILE_ENV]: '  ' })).toBeUndefined();
    expect(resolvePolicyFile(undefined, {})).toBeUndefined();
  });
});

describe('meetsFraction', () => {
  const twoThirds = { num: 2, den: 3 };
  const half = { num: 1, den: 2 };

  it('exactly 2/3 passes "at least" and fails "more than"', () => {
    expect(meetsFraction(20, 30, twoThirds, 'at-least')).toBe(true);
    expect(meetsFraction(20, 30, twoThirds, 'more-than')).toBe(false);
    expect(meetsFraction(21, 30, twoThirds, 'more-than')).toBe(true);
    expect(meetsFraction(19, 30, twoThirds, 'at-least')).toBe(false);
    // 2/3 of 7 is 4.67: 5 is more, 4 is not
    expect(meetsFraction(5, 7, twoThirds, 'more-than')).toBe(true);
    expect(meetsFraction(4, 7, twoThirds, 'at-least')).toBe(false);
  });

  it('exactly half fails "more than" (a winner needs more than half) and passes "at least"', () => {
    expect(meetsFraction(5, 10, half, 'more-than')).toBe(false);
    expect(meetsFraction(5, 10, half, 'at-least')).toBe(true);
    expect(meetsFraction(6, 11, half, 'more-than')).toBe(true);
    expect(meetsThreshold(50, 100, DEFAULT_POLICY.election.winnerShare)).toBe(false);
    expect(meetsThreshold(51, 100, DEFAULT_POLICY.election.winnerShare)).toBe(true);
  });

  it('zero and whole shares', () => {
    expect(meetsFraction(0, 5, { num: 0, den: 1 }, 'at-least')).toBe(true);
    expect(meetsFraction(0, 5, { num: 0, den: 1 }, 'more-than')).toBe(false);
    expect(meetsFraction(5, 5, { num: 1, den: 1 }, 'at-least')).toBe(true);
    expect(meetsFraction(5, 5, { num: 1, den: 1 }, 'more-than')).toBe(false);
  });

  it('is exact beyond 2^53', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(meetsFraction(big - 1, big, { num: big - 1, den: big }, 'at-least')).toBe(true);
    expect(meetsFraction(big - 2, big, { num: big - 1, den: big }, 'at-least')).toBe(false);
  });

  it('refuses counts that cannot have a share', () => {
    expect(() => meetsFraction(0, 0, half, 'at-least')).toThrow(FractionInputError);
    expect(() => meetsFraction(6, 5, half, 'at-least')).toThrow(/exceeds whole/);
    expect(() => meetsFraction(-1, 5, half, 'at-least')).toThrow(FractionInputError);
    expect(() => meetsFraction(1.5, 5, half, 'at-least')).toThrow(FractionInputError);
    expect(() => meetsFraction(1, 5, { num: 1, den: 0 }, 'at-least')).toThrow(FractionInputError);
  });

  it('agrees with exact rational comparison, and "more than" implies "at least"', () => {
    const frac = fc
      .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }))
      .map(([den, n]) => ({ num: n % (den + 1), den }));
    const counts = fc
      .tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
      .map(([whole, p]) => ({ whole, part: p % (whole + 1) }));
    fc.assert(
      fc.property(frac, counts, (f, { part, whole }) => {
        const more = meetsFraction(part, whole, f, 'more-than');
        const least = meetsFraction(part, whole, f, 'at-least');
        expect(more).toBe(part * f.den > f.num * whole);
        expect(least).toBe(part * f.den >= f.num * whole);
        if (more) expect(least).toBe(true);
      }),
    );
  });
});
