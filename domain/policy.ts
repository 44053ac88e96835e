/**
 * County policy: every threshold, quota and duration the procedures use.
 *
 * The defaults follow the national rules and the local practice described in
 * docs/domain.md; a county overrides any of them with a versioned file, and each case
 * records the policy it started under, so a later change never alters the rules
 * of a running case. Pure (no fs): client/policyFile.ts reads the file.
 *
 * Shares are exact fractions with their comparison ("> 2/3" vs "≥ 2/3"), never
 * floats: 2/3 of 30 members is exactly 20, and the rule text says which side of
 * 20 passes.
 */
import { z } from 'zod';

// ---- errors -----------------------------------------------------------------

export interface PolicyIssue {
  /** Dotted path such as `policy.probation.durationMonths`; empty for the whole input. */
  readonly path: string;
  readonly message: string;
}

/** A policy that cannot be used, with every problem found (not just the first). */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    readonly issues: readonly PolicyIssue[],
    /** Where the policy came from (a file path), put in front of the message. */
    readonly source?: string,
  ) {
    super(formatIssues(issues, source));
  }

  /** The same problems, attributed to a file. */
  withSource(source: string): PolicyError {
    return new PolicyError(this.issues, source);
  }
}

function formatIssues(issues: readonly PolicyIssue[], source: string | undefined): string {
  const prefix = source === undefined ? '' : `${source}: `;
  const lines = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  if (lines.length === 1) return `${prefix}${lines[0]}`;
  return `${prefix}${lines.length} problems in policy:\n  ${lines.join('\n  ')}`;
}

export { FractionInputError, meetsFraction, meetsThreshold, type Fraction, type FractionMode, type Threshold } from './fraction';
import type { Threshold } from './fraction';

// ---- schema building blocks -------------------------------------------------

const POSITIVE_INT = 'expected a positive integer';
const NON_NEGATIVE_INT = 'expected a whole number ≥ 0';
const PERCENT = 'expected a whole percentage from 0 to 100';
const OBJECT = 'expected an object';
const BOOLEAN = 'expected true or false';

const positiveInt = () => z.int({ error: POSITIVE_INT }).positive({ error: POSITIVE_INT });
const nonNegativeInt = () => z.int({ error: NON_NEGATIVE_INT }).nonnegative({ error: NON_NEGATIVE_INT });
const flag = () => z.boolean({ error: BOOLEAN });
const percent = () => z.int({ error: PERCENT }).min(0, { error: PERCENT }).max(100, { error: PERCENT });

function section<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, { error: OBJECT });
}

const threshold = () =>
  section({
    num: nonNegativeInt(),
    den: positiveInt(),
    mode: z.enum(['more-than', 'at-least'], { error: 'expected "more-than" or "at-least"' }),
  }).check((ctx) => {
    if (ctx.issues.length > 0) return; // a bad num or den is reported on its own
    if (ctx.value.num > ctx.value.den) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `expected a share between 0 and 1 (num ≤ den), got ${ctx.value.num}/${ctx.value.den}`,
      });
    }
  });

/** lo before hi within one section; reported on lo, the one usually edited. */
function ordered<K extends string>(lo: K, hi: K, strict: boolean) {
  return (ctx: z.core.ParsePayload<Record<K, number>>): void => {
    if (ctx.issues.length > 0) return; // compare only values that are valid on their own
    const a = ctx.value[lo];
    const b = ctx.value[hi];
    if (strict ? a < b : a <= b) return;
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      path: [lo],
      message: `expected ${lo} ${strict ? '<' : '≤'} ${hi} (${b}), got ${a}`,
    });
  };
}

const VERSION_RE = /^\S(?:.{0,62}\S)?$/;

// ---- the policy -------------------------------------------------------------

export const PolicySchema = section({
  /** Recorded on every case; an override must name its own. */
  version: z.string({ error: 'expected a version string naming this policy (it is recorded on each case)' }).regex(VERSION_RE, {
    error: 'expected a non-empty version string of at most 64 characters without surrounding spaces',
  }),

  /** Human tasks (待办) in every procedure. */
  tasks: section({
    defaultDueWorkingDays: positiveInt(),
    /** 0 = remind on the morning of the due day. */
    reminderWorkingDaysBefore: nonNegativeInt(),
  }).check(ordered('reminderWorkingDaysBefore', 'defaultDueWorkingDays', true)),

  /** Public notices (公示), in working days. */
  publicNotice: section({
    /** 任前公示 */
    preAppointmentWorkingDays: positiveInt(),
    /** 优秀等次公示 */
    excellentGradeWorkingDays: positiveInt(),
    /** 发展党员公示 (some counties 7) */
    memberDevelopmentWorkingDays: positiveInt(),
    /** 候选人预备人选公示 */
    electionSlateWorkingDays: positiveInt(),
  }),

  /** Appointment probation (试用期). */
  probation: section({
    /** Promotions to non-elected posts: 1 year. */
    durationMonths: positiveInt(),
    /** Village cadres: local practice half a year to a year. */
    villageDurationMonths: positiveInt(),
    checkInEveryMonths: positiveInt(),
    checkInDueWorkingDays: positiveInt(),
    assessmentDueWorkingDays: positiveInt(),
    recommendationDueWorkingDays: positiveInt(),
    decisionDueWorkingDays: positiveInt(),
    /** Local rule: competent + excellent votes below 2/3 → not made formal. */
    minFavourableShare: threshold(),
  }),

  /** 选拔任用: selecting and appointing a cadre. */
  selection: section({
    /**
     * 会议推荐: the least share of the valid recommendation ballots a nominee needs to be
     * considered; null = no floor (the county's choice: votes are a reference, never the sole basis).
     */
    recommendationFloor: threshold().nullable(),
    /** 差额考察: a competitive selection inspects at least this many more people than posts. */
    competitiveExtraTargets: positiveInt(),
    /** 考察对象公示: working days the target list is posted; 0 = not posted. */
    targetNoticeWorkingDays: nonNegativeInt(),
    /** 考察组: at least this many inspectors. */
    minInspectionTeam: positiveInt(),
    /** 讨论决定: at least 2/3 of the members due to attend present. */
    committeeQuorum: threshold(),
    /** 讨论决定: more than half of ALL the members due to attend agree. */
    approvalShare: threshold(),
  }),

  /** 两推一选 and committee elections. */
  election: section({
    /** Recommendation meetings valid with > 2/3 attendance. */
    recommendationQuorum: threshold(),
    /** Election valid with > 4/5 of members with voting rights present. */
    electionQuorum: threshold(),
    /** Yes-votes > half of voters present; exactly half fails. */
    winnerShare: threshold(),
    /** 差额: candidates ≥ seats + 20%. */
    slateMarginPercent: percent(),
    /** Reducing the seat count needs > half agreeing. */
    seatReductionShare: threshold(),
  }),

  /** Annual evaluation (年度考核), village rating and review. */
  evaluation: section({
    /** 优秀 ≤ 20% of those assessed (some places 15%, up to 25% with approval). */
    excellentQuotaPercent: percent(),
    /**
     * The most an approval (e.g. a 县委 reply) may raise the 优秀 quota to, per unit.
     * Added after 2026.1: read it through `quotaWithApprovalPercent`, which gives a case
     * started under a policy without it the built-in 25.
     */
    excellentQuotaWithApprovalPercent: percent(),
    villageExcellentShare: threshold(),
    villageNotCompetentShare: threshold(),
    /** 诫勉 warning at 40%+ fail votes. */
    warningFailShare: threshold(),
    warningMonths: positiveInt(),
    reRatingPassShare: threshold(),
    /**
     * Whether a round may be started for a year that has not begun (in Asia/Shanghai):
     * off, so a mistyped `--year 2027` in December 2026 starts nothing.
     */
    allowRoundsForFutureYears: flag(),
    /** Calendar days to request a review (复核). */
    reviewRequestDays: positiveInt(),
    reviewDecisionDays: positiveInt(),
    /** Calendar days to appeal (申诉) after the review. */
    appealDays: positiveInt(),
    /** 加分: the most bonus points a quantified score counts. */
    bonusCapPoints: nonNegativeInt(),
    /** ★ for a village cadre: the least score for 5, 4, 3 and 2 stars (below the last, 1 star). */
    starBands: section({ five: percent(), four: percent(), three: percent(), two: percent() }).check((ctx) => {
      if (ctx.issues.length > 0) return;
      const { five, four, three, two } = ctx.value;
      if (!(five > four && four > three && three > two)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `expected five > four > three > two, got ${five}, ${four}, ${three}, ${two}`,
        });
      }
    }),
    /** Attendance a democratic rating meeting needs (村民代表会议 more than 2/3). */
    ratingQuorum: threshold(),
    /** 实绩量化 weights in percent; they must sum to 100. */
    weights: section({
      supervisor: nonNegativeInt(),
      staff: nonNegativeInt(),
      assessmentTeam: nonNegativeInt(),
    }).check((ctx) => {
      if (ctx.issues.length > 0) return; // a sum of invalid weights says nothing
      const { supervisor, staff, assessmentTeam } = ctx.value;
      const sum = supervisor + staff + assessmentTeam;
      if (sum !== 100) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `expected weights summing to 100, got ${supervisor} + ${staff} + ${assessmentTeam} = ${sum}`,
        });
      }
    }),
  }).check((ctx) => {
    if (ctx.issues.length > 0) return;
    const { excellentQuotaPercent: base, excellentQuotaWithApprovalPercent: raised } = ctx.value;
    // Reported on the ceiling: an approval that could only lower the quota is a typo there.
    if (raised < base) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['excellentQuotaWithApprovalPercent'],
        message: `expected excellentQuotaWithApprovalPercent ≥ excellentQuotaPercent (${base}), got ${raised}`,
      });
    }
  }),

  /** Rectification of underperforming branches (后进/软弱涣散党组织整顿). */
  rectification: section({
    /** 验收: ≥ 70 points passes. */
    passScore: percent(),
    /** > 50% dissatisfied fails outright. */
    dissatisfiedFailShare: threshold(),
    /** Democratic rating by at least this many representatives. */
    minRaters: positiveInt(),
    /** 基本合格 → 6 more months of consolidation. */
    consolidationMonths: positiveInt(),
    /** Follow-up after sign-off (销号). */
    followUpMonths: positiveInt(),
    progressReportEveryMonths: positiveInt(),
    /** Screening: secretary vacant > 3 months. */
    secretaryVacantMonths: positiveInt(),
    /** Screening: public satisfaction < 60%. */
    minSatisfactionPercent: percent(),
    /** Screening: how many of the last places of the annual ranking count as 排名末位. */
    screeningBottomPlaces: positiveInt(),
    /** Screening: years without a development target (发展党员). */
    screeningDevelopmentGapYears: positiveInt(),
    /** 验收: from this score to the pass score is a basic pass (基本合格); below it fails. */
    basicPassFloor: percent(),
  }).check((ctx) => {
    if (ctx.issues.length > 0) return;
    if (ctx.value.basicPassFloor > ctx.value.passScore) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `expected basicPassFloor ≤ passScore, got ${ctx.value.basicPassFloor} > ${ctx.value.passScore}`,
      });
    }
  }),

  /** Party member development (发展党员). */
  memberDevelopment: section({
    talkWithinMonths: positiveInt(),
    /** 积极分子 observed ≥ 1 year … */
    activistMinMonths: positiveInt(),
    /** … with half-yearly reviews. */
    activistReviewEveryMonths: positiveInt(),
    trainingMinDays: positiveInt(),
    trainingMinHours: positiveInt(),
    /** 理论考试 */
    theoryExamPassMark: percent(),
    /** 群众满意票: fewer than half approving → not admitted. */
    massesApprovalShare: threshold(),
    /** 党员赞成票: > half of full members with voting rights attend … */
    memberVoteAttendance: threshold(),
    /** … and yes-votes > half of those due to attend. */
    memberVoteYesShareOfDue: threshold(),
    failedVoteBlockMonths: positiveInt(),
    /** Approval within 3 months … */
    approvalWithinMonths: positiveInt(),
    /** … at most 6. */
    approvalMaxMonths: positiveInt(),
    /** 预备党员 */
    probationaryMonths: positiveInt(),
    /** Extension once, 6–12 months. */
    extensionMinMonths: positiveInt(),
    extensionMaxMonths: positiveInt(),
  })
    .check(ordered('approvalWithinMonths', 'approvalMaxMonths', false))
    .check(ordered('extensionMinMonths', 'extensionMaxMonths', false)),
});

export type Policy = z.infer<typeof PolicySchema>;

const moreThan = (num: number, den: number): Threshold => ({ num, den, mode: 'more-than' });
const atLeast = (num: number, den: number): Threshold => ({ num, den, mode: 'at-least' });

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The national rules and the local practice docs/domain.md describes, field by field. */
export const DEFAULT_POLICY: Policy = deepFreeze(
  PolicySchema.parse({
    version: '2026.1',
    tasks: { defaultDueWorkingDays: 10, reminderWorkingDaysBefore: 2 },
    publicNotice: {
      preAppointmentWorkingDays: 5,
      excellentGradeWorkingDays: 5,
      memberDevelopmentWorkingDays: 5,
      electionSlateWorkingDays: 5,
    },
    probation: {
      durationMonths: 12,
      villageDurationMonths: 12,
      checkInEveryMonths: 3,
      checkInDueWorkingDays: 10,
      assessmentDueWorkingDays: 15,
      recommendationDueWorkingDays: 10,
      decisionDueWorkingDays: 10,
      minFavourableShare: atLeast(2, 3),
    },
    selection: {
      recommendationFloor: null,
      competitiveExtraTargets: 1,
      targetNoticeWorkingDays: 0,
      minInspectionTeam: 2,
      committeeQuorum: atLeast(2, 3),
      approvalShare: moreThan(1, 2),
    },
    election: {
      recommendationQuorum: moreThan(2, 3),
      electionQuorum: moreThan(4, 5),
      winnerShare: moreThan(1, 2),
      slateMarginPercent: 20,
      seatReductionShare: moreThan(1, 2),
    },
    evaluation: {
      excellentQuotaPercent: 20,
      excellentQuotaWithApprovalPercent: 25,
      villageExcellentShare: atLeast(9, 10),
      villageNotCompetentShare: atLeast(1, 2),
      warningFailShare: atLeast(2, 5),
      warningMonths: 3,
      reRatingPassShare: moreThan(3, 5),
      allowRoundsForFutureYears: false,
      reviewRequestDays: 30,
      reviewDecisionDays: 30,
      appealDays: 15,
      bonusCapPoints: 5,
      starBands: { five: 90, four: 80, three: 70, two: 60 },
      ratingQuorum: moreThan(2, 3),
      weights: { supervisor: 20, staff: 40, assessmentTeam: 40 },
    },
    rectification: {
      passScore: 70,
      dissatisfiedFailShare: moreThan(1, 2),
      minRaters: 15,
      consolidationMonths: 6,
      followUpMonths: 12,
      progressReportEveryMonths: 1,
      secretaryVacantMonths: 3,
      minSatisfactionPercent: 60,
      screeningBottomPlaces: 1,
      screeningDevelopmentGapYears: 2,
      basicPassFloor: 60,
    },
    memberDevelopment: {
      talkWithinMonths: 1,
      activistMinMonths: 12,
      activistReviewEveryMonths: 6,
      trainingMinDays: 3,
      trainingMinHours: 24,
      theoryExamPassMark: 60,
      massesApprovalShare: atLeast(1, 2),
      memberVoteAttendance: moreThan(1, 2),
      memberVoteYesShareOfDue: moreThan(1, 2),
      failedVoteBlockMonths: 6,
      approvalWithinMonths: 3,
      approvalMaxMonths: 6,
      probationaryMonths: 12,
      extensionMinMonths: 6,
      extensionMaxMonths: 12,
    },
  } satisfies Policy),
);

// ---- parsing an override ----------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isFractionLike(v: unknown): boolean {
  return isPlainObject(v) && 'num' in v && 'den' in v;
}

/**
 * Override values win; sections merge key by key so a file names only what it
 * changes. A share is replaced whole: merging {num: 1} onto 2/3 would silently
 * mean 1/3. Object.fromEntries keeps a "__proto__" key an ordinary (unknown) key.
 */
function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override) || isFractionLike(base)) return override;
  const keys = [...new Set([...Object.keys(base), ...Object.keys(override)])];
  return Object.fromEntries(keys.map((k) => [k, Object.hasOwn(override, k) ? deepMerge(base[k], override[k]) : base[k]]));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (!isPlainObject(v) && !Array.isArray(v)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function pathText(path: readonly PropertyKey[]): string {
  return ['policy', ...path.map(String)].join('.');
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A typo is the usual unknown key; name the setting it was probably meant to be. */
function unknownKeyMessage(key: string, known: readonly string[]): string {
  const best = known
    .map((k) => ({ k, d: editDistance(key, k) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(key.length / 4)))
    .sort((x, y) => x.d - y.d)[0];
  return best ? `unknown setting (did you mean "${best.k}"?)` : `unknown setting; known here: ${known.join(', ')}`;
}

function toIssues(error: z.ZodError, input: unknown, base: Policy): PolicyIssue[] {
  return error.issues.flatMap((issue): PolicyIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const scope = valueAt(base, issue.path);
      const known = isPlainObject(scope) ? Object.keys(scope) : [];
      return issue.keys.map((key) => ({
        path: pathText([...issue.path, key]),
        message: unknownKeyMessage(key, known),
      }));
    }
    // Custom (cross-field) messages already say what was found.
    const value = valueAt(input, issue.path);
    const got = issue.code === 'custom' ? '' : `, got ${describeValue(value)}`;
    const partialShare = value === undefined && issue.path.length > 0 && isFractionLike(valueAt(base, issue.path.slice(0, -1)));
    const hint = partialShare ? ' (a share is replaced whole: give num, den and mode)' : '';
    return [{ path: pathText(issue.path), message: `${issue.message}${got}${hint}` }];
  });
}

/**
 * Deep-merges an override onto `base` and validates the result. The override
 * must name its own `version`: the version is what a case records, so two
 * different rule sets must never share one.
 */
export function parsePolicy(json: unknown, base: Policy = DEFAULT_POLICY): Policy {
  if (!isPlainObject(json)) {
    throw new PolicyError([{ path: 'policy', message: `expected a JSON object, got ${describeValue(json)}` }]);
  }
  // The base's version must not fill in a missing one.
  const merged = { ...(deepMerge(base, json) as Record<string, unknown>), version: json.version };
  const result = PolicySchema.safeParse(merged);
  if (!result.success) throw new PolicyError(toIssues(result.error, merged, base));
  const policy = result.data;
  if (policy.version === base.version && !deepEqual(policy, base)) {
    throw new PolicyError([
      {
        path: 'policy.version',
        message:
          `expected a version different from the base policy's "${base.version}", ` +
          'because this policy changes its values and each case records the version',
      },
    ]);
  }
  return deepFreeze(policy);
}
