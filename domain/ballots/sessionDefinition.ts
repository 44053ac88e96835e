/**
 * An online ballot session's definition (民主测评 / 民主推荐 by QR code, docs/ballots.md):
 * the step it serves, the ballot taken from that step's own form, the rater groups, the
 * participants due and the closing rule. Only the steps that take votes can have one,
 * and the ballot is the paper form's: the four grades of a democratic rating, the names
 * of a recommendation (at most as many as seats), a mark per candidate on a slate, a
 * yes / no / abstain on one person for 发展党员's two votes.
 */
import { count, fail, isRecord, ok, onlyKeys, text, type Parsed } from '../decisions';
import { formKeyOf, caseKindOfId, type FormKey } from '../forms';
import type { DemocraticRatingVotes } from '../ratingVotes';

/** The forms whose steps can be decided from an online session, and only these. */
export const BALLOT_STEP_FORMS = [
  'probation.rating',
  'evaluation.rating',
  'election.recommendation',
  'election.ballot',
  'selection.meeting-recommendation',
  'member-development.members-vote',
  'member-development.masses-vote',
] as const satisfies readonly FormKey[];

export type BallotStepForm = (typeof BALLOT_STEP_FORMS)[number];

export const isBallotStepForm = (key: string | undefined): key is BallotStepForm =>
  (BALLOT_STEP_FORMS as readonly string[]).includes(key ?? '');

/** The four grades of 民主测评, in the paper form's order: the keys of the typed-in votes. */
export const RATING_GRADES = [
  'excellent',
  'competent',
  'basicallyCompetent',
  'notCompetent',
] as const satisfies readonly (keyof DemocraticRatingVotes)[];
export type RatingGrade = (typeof RATING_GRADES)[number];

/** What one ballot offers. `seats` is how many names one ballot may mark (or approve). */
export type BallotShape =
  | { readonly kind: 'rating'; readonly choices: readonly RatingGrade[] }
  | { readonly kind: 'choose'; readonly candidates: readonly string[]; readonly seats: number }
  | { readonly kind: 'approve'; readonly candidates: readonly string[]; readonly seats: number };

/**
 * A group of raters (e.g. 领导班子成员, 干部职工, 服务对象) with its own tokens, so the
 * published tally can show each group's count. No policy defines weights between
 * groups today, so the step is decided on the plain sum, as on paper.
 */
export interface RaterGroup {
  readonly key: string;
  readonly label: string;
  readonly due: number;
}

/** Closed by the chair, or by itself at an instant (ISO 8601, UTC). */
export type ClosingRule = { readonly kind: 'manual' } | { readonly kind: 'deadline'; readonly at: string };

export interface BallotSessionDefinition {
  readonly caseId: string;
  readonly step: string;
  readonly form: BallotStepForm;
  /** The question printed above the choices. */
  readonly question: string;
  readonly ballot: BallotShape;
  /** Empty: everyone is in one group. Otherwise the groups' due add up to `due`. */
  readonly groups: readonly RaterGroup[];
  /** Participants due (应到): the eligible count the step's rules measure quorum on. */
  readonly due: number;
  readonly closing: ClosingRule;
}

/** The default question, from the step's own form, when the chair sets none. */
const QUESTIONS: Readonly<Record<BallotStepForm, string>> = {
  'probation.rating': '试用期满民主测评 Democratic rating at the end of probation',
  'evaluation.rating': '年度考核民主测评 Democratic rating of the annual evaluation',
  'election.recommendation': '民主推荐 Recommendation of nominees',
  'election.ballot': '党员大会选举 Election at the members’ assembly',
  'selection.meeting-recommendation': '会议推荐 Meeting recommendation',
  'member-development.members-vote': '支部大会表决 Branch assembly’s vote on admission',
  'member-development.masses-vote': '群众满意票 The masses’ satisfaction vote',
};

const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const GROUP_KEY = /^[a-z0-9][a-z0-9-]{0,31}$/;
/**
 * The most participants a session may be due: one token is made per participant when it
 * opens, so an absurd count would exhaust the server; the largest meeting a county holds
 * (its Party congress, a county-wide rating) is a few hundred.
 */
export const MAX_DUE = 2000;

const DEFINITION_FIELDS = ['question', 'candidates', 'seats', 'groups', 'due', 'closesAt'] as const;

function candidateList(raw: unknown): Parsed<string[]> {
  if (!Array.isArray(raw) || raw.length === 0) return fail('candidates must list at least one person id');
  const seen = new Set<string>();
  for (const c of raw) {
    if (typeof c !== 'string' || !PERSON_ID.test(c)) return fail(`candidates: ${JSON.stringify(c)} is not a person id`);
    if (seen.has(c)) return fail(`candidates: ${c} is listed twice`);
    seen.add(c);
  }
  return ok([...raw] as string[]);
}

function groupList(raw: unknown, due: number): Parsed<RaterGroup[]> {
  if (raw === undefined) return ok([]);
  if (!Array.isArray(raw)) return fail('groups must be a list of { key, label, due }');
  const out: RaterGroup[] = [];
  for (const [i, g] of raw.entries()) {
    if (!isRecord(g)) return fail(`groups[${i}] must be { key, label, due }`);
    const extra = onlyKeys(g, ['key', 'label', 'due']);
    if (extra) return fail(`groups[${i}]: ${extra}`);
    if (typeof g.key !== 'string' || !GROUP_KEY.test(g.key)) return fail(`groups[${i}].key must be lower-case letters, digits and -`);
    if (out.some((o) => o.key === g.key)) return fail(`groups: ${g.key} is listed twice`);
    const label = text(g.label, `groups[${i}].label`, { required: true, max: 40 });
    if (!label.ok) return label;
    const n = count(g.due, `groups[${i}].due`);
    if (!n.ok) return n;
    if (n.value < 1) return fail(`groups[${i}].due must be at least 1`);
    out.push({ key: g.key, label: label.value, due: n.value });
  }
  if (out.length === 1) return fail('one group is no grouping: leave groups out');
  const sum = out.reduce((s, g) => s + g.due, 0);
  if (out.length > 0 && sum !== due) return fail(`the groups' due add up to ${sum}, not the ${due} participants due`);
  return ok(out);
}

/** An instant in ISO 8601 with its zone, after `now`. */
function deadline(raw: unknown, now: string): Parsed<ClosingRule> {
  if (raw === undefined || raw === null) return ok({ kind: 'manual' });
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) {
    return fail(`closesAt must be a time with its zone, e.g. 2026-03-02T10:30:00+08:00, got ${JSON.stringify(raw)}`);
  }
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) return fail(`closesAt ${raw} is not a time`);
  if (at.getTime() <= new Date(now).getTime()) return fail(`closesAt ${raw} has already passed`);
  return ok({ kind: 'deadline', at: at.toISOString() });
}

/**
 * The chair's settings for a session on `step` of `caseId`, checked against the step's
 * form: a rating takes no candidates (its choices are the four grades); a
 * recommendation or a slate needs the list and the seats; 发展党员's votes are on the
 * case's own person. `now` is the opening instant (a deadline must lie after it).
 */
export function parseSessionDefinition(raw: unknown, at: { caseId: string; step: string; now: string }): Parsed<BallotSessionDefinition> {
  const form = formKeyOf(caseKindOfId(at.caseId), at.step);
  if (!isBallotStepForm(form)) return fail(`step ${at.step} of ${at.caseId} does not take votes`);
  if (!isRecord(raw)) return fail('the session must be an object');
  const extra = onlyKeys(raw, DEFINITION_FIELDS);
  if (extra) return fail(extra);
  const due = count(raw.due, 'due');
  if (!due.ok) return due;
  if (due.value < 1) return fail('due must be at least 1');
  if (due.value > MAX_DUE) return fail(`due must be at most ${MAX_DUE}`);
  const question = raw.question === undefined ? ok(QUESTIONS[form]) : text(raw.question, 'question', { required: true, max: 200 });
  if (!question.ok) return question;
  const groups = groupList(raw.groups, due.value);
  if (!groups.ok) return groups;
  const closing = deadline(raw.closesAt, at.now);
  if (!closing.ok) return closing;
  const ballot = ballotOf(form, raw, at.caseId);
  if (!ballot.ok) return ballot;
  return ok({
    caseId: at.caseId,
    step: at.step,
    form,
    question: question.value,
    ballot: ballot.value,
    groups: groups.value,
    due: due.value,
    closing: closing.value,
  });
}

function ballotOf(form: BallotStepForm, raw: Record<string, unknown>, caseId: string): Parsed<BallotShape> {
  switch (form) {
    case 'probation.rating':
    case 'evaluation.rating':
    case 'member-development.members-vote':
    case 'member-development.masses-vote': {
      if (raw.candidates !== undefined || raw.seats !== undefined) return fail(`a ${form} ballot takes no candidates or seats`);
      if (form === 'probation.rating' || form === 'evaluation.rating') return ok({ kind: 'rating', choices: RATING_GRADES });
      const person = caseId.split('/')[1] ?? '';
      if (!PERSON_ID.test(person)) return fail(`${caseId} names no person to vote on`);
      return ok({ kind: 'approve', candidates: [person], seats: 1 });
    }
    case 'election.recommendation':
    case 'selection.meeting-recommendation':
    case 'election.ballot': {
      const candidates = candidateList(raw.candidates);
      if (!candidates.ok) return candidates;
      const seats = count(raw.seats, 'seats');
      if (!seats.ok) return seats;
      if (seats.value < 1) return fail('seats must be at least 1');
      const kind = form === 'election.ballot' ? 'approve' : 'choose';
      return ok({ kind, candidates: candidates.value, seats: seats.value });
    }
    default: {
      const never: never = form;
      return fail(`unknown ballot form ${String(never)}`);
    }
  }
}
