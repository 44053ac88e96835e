/**
 * Ballot rules: quorum, counting, the winner rule of 两推一选 / 双推直选 (docs/domain.md §1)
 * and the two votes of 发展党员 (§5). Pure: a workflow calls these with the policy its
 * case started under.
 *
 * Every share is decided in exact integer arithmetic, because "more than 2/3 of 30"
 * has to mean 21 and never a float that lands a hair either side of 20.
 *
 * Two kinds of bad input, handled differently: numbers only a bug or a broken policy
 * can produce (a negative count, more present than eligible, a tie broken by lot)
 * throw BallotInputError; forms a person fills in go through the parsers at the end,
 * which refuse with a reason so a workflow validator can answer instead of failing.
 */
import { count, fail, isRecord, ok, onlyKeys, type DecisionParser, type Parsed } from './decisions';
import { describeThreshold, meetsThreshold, type Threshold } from './fraction';
import type { Policy } from './policy';

/** Numbers no real meeting can produce; the message names the number and why. */
export class BallotInputError extends RangeError {
  override readonly name = 'BallotInputError';
}

function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new BallotInputError(`${what} must be a whole number ≥ 0, got ${String(n)}`);
  }
}

function requirePositive(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new BallotInputError(`${what} must be a whole number ≥ 1, got ${String(n)}`);
  }
}

/** Fails loudly on a share no policy file could hold, before any count depends on it. */
export function requireThreshold(t: Threshold, what: string): void {
  const { num, den, mode } = t;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 0 || den < 1 || num > den) {
    throw new BallotInputError(`${what} must be a share num/den with 0 ≤ num ≤ den, got ${String(num)}/${String(den)}`);
  }
  switch (mode) {
    case 'more-than':
    case 'at-least':
      return;
    default: {
      const never: never = mode;
      throw new BallotInputError(`${what} has an unknown mode ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The smallest part of `whole` that meets `t`: floor(num × whole / den) + 1 for
 * 'more-than', ceil(num × whole / den) for 'at-least', in BigInt so the product of
 * two safe integers cannot round. It is whole + 1 when no part can meet the share
 * (only "more than 1/1"), so a refusal never claims an attendance that would pass.
 */
export function smallestPassing(whole: number, t: Threshold): number {
  requireCount(whole, 'whole');
  requireThreshold(t, 'threshold');
  const product = BigInt(t.num) * BigInt(whole);
  const den = BigInt(t.den);
  switch (t.mode) {
    case 'more-than':
      return Number(product / den) + 1;
    case 'at-least':
      return Number((product + den - 1n) / den);
    default: {
      const never: never = t.mode;
      throw new BallotInputError(`unknown threshold mode ${JSON.stringify(never)}`);
    }
  }
}

// ── Meetings and quorum (到会人数) ───────────────────────────────────────────

/**
 * A meeting that votes. `eligible` is everyone due to attend with a vote: full members
 * with voting rights (有表决权的正式党员) or villager representatives; those the rules
 * let the branch leave out (e.g. long-term absent members) are the caller's to exclude.
 */
export interface Meeting {
  readonly eligible: number;
  readonly present: number;
}

export type QuorumCheck =
  | { ok: true }
  | { ok: false; reason: 'no-quorum'; present: number; eligible: number; needed: number; message: string };

function requireMeeting(m: Meeting): void {
  requirePositive(m.eligible, 'eligible');
  requireCount(m.present, 'present');
  if (m.present > m.eligible) {
    throw new BallotInputError(`present (${m.present}) cannot exceed eligible (${m.eligible})`);
  }
}

/** Whether the meeting may vote at all; a refusal says the smallest attendance that would do. */
export function checkQuorum(meeting: Meeting, threshold: Threshold): QuorumCheck {
  requireMeeting(meeting);
  requireThreshold(threshold, 'quorum');
  const { present, eligible } = meeting;
  if (meetsThreshold(present, eligible, threshold)) return { ok: true };
  const needed = smallestPassing(eligible, threshold);
  return {
    ok: false,
    reason: 'no-quorum',
    present,
    eligible,
    needed,
    message: `${present} of ${eligible} present; the meeting needs at least ${needed} (${describeThreshold(threshold)})`,
  };
}

/** The meetings whose attendance the rules fix. */
export type MeetingKind = 'members-recommendation' | 'masses-recommendation' | 'election' | 'member-vote';

export interface QuorumPolicy {
  readonly election: Pick<Policy['election'], 'recommendationQuorum' | 'electionQuorum'>;
  readonly memberDevelopment: Pick<Policy['memberDevelopment'], 'memberVoteAttendance'>;
}

/** Which policy share governs a meeting's attendance, so workflows never pick the wrong one. */
export function quorumThreshold(kind: MeetingKind, policy: QuorumPolicy): Threshold {
  switch (kind) {
    case 'members-recommendation': // 党员推荐
    case 'masses-recommendation': // 群众推荐
      return policy.election.recommendationQuorum;
    case 'election': // 党员大会选举
      return policy.election.electionQuorum;
    case 'member-vote': // 支部大会讨论发展对象
      return policy.memberDevelopment.memberVoteAttendance;
    default: {
      const never: never = kind;
      throw new BallotInputError(`unknown meeting kind ${JSON.stringify(never)}`);
    }
  }
}

// ── Ballots and counting (计票) ──────────────────────────────────────────────

export const MARKS = ['yes', 'no', 'abstain'] as const;
/** 赞成 / 不赞成 / 弃权 */
export type Mark = (typeof MARKS)[number];

/** A recommendation ballot (推荐票): the names the voter recommends. */
export interface ChooseBallot {
  readonly kind: 'choose';
  readonly marked: readonly string[];
}

/**
 * An election ballot on a slate: a mark per candidate. A candidate left unmarked is an
 * abstention (未划符号的视为弃权). Write-ins (另选他人) are not supported: a name off
 * the slate makes the ballot invalid.
 */
export interface ApproveBallot {
  readonly kind: 'approve';
  readonly votes: Readonly<Record<string, Mark>>;
}

export type Ballot = ChooseBallot | ApproveBallot;
export type BallotKind = Ballot['kind'];

/**
 * Why a ballot is void (废票). When several apply, the first in this order is reported:
 * the ballot cannot be read, is of the other kind, names someone off the list, names
 * someone twice, or marks more names than there are seats.
 */
export type InvalidReason = 'malformed' | 'wrong-kind' | 'unknown-name' | 'duplicate-name' | 'over-marked';

export interface InvalidBallot {
  /** Position in the ballots as given, from 0. */
  readonly index: number;
  readonly reason: InvalidReason;
  readonly detail: string;
}

/** What the winner and slate rules need; aggregated forms produce it as well as counts. */
export interface VoteTotals {
  /** Ballots returned (收回选票), valid or not. */
  readonly cast: number;
  readonly valid: number;
  /** Yes-votes (or recommendations) per candidate; every candidate present, zero included. */
  readonly votes: Readonly<Record<string, number>>;
}

interface TallyCommon extends VoteTotals {
  readonly invalid: readonly InvalidBallot[];
}

/** A count of individual ballots; an election count also records 不赞成 and 弃权 per candidate. */
export type Tally =
  | (TallyCommon & { readonly kind: 'choose' })
  | (TallyCommon & {
      readonly kind: 'approve';
      readonly against: Readonly<Record<string, number>>;
      readonly abstained: Readonly<Record<string, number>>;
    });

export interface CountContext {
  readonly kind: BallotKind;
  /** The list the ballot offers: nominees for a recommendation, the slate for an election. */
  readonly candidates: readonly string[];
  /** Names a ballot may mark (or approve) at most. */
  readonly seats: number;
  readonly present: number;
}

/** 收回的选票多于投票人数: the vote is void and must be held again. */
export interface VoidCount {
  readonly ok: false;
  readonly reason: 'more-ballots-than-present';
  readonly cast: number;
  readonly present: number;
  readonly message: string;
}

export type CountResult<T> = { readonly ok: true; readonly tally: T } | VoidCount;

function voidCount(cast: number, present: number): VoidCount {
  return {
    ok: false,
    reason: 'more-ballots-than-present',
    cast,
    present,
    message: `${cast} ballots returned but only ${present} voters present: the count is void and the vote must be held again`,
  };
}

/** A candidate list is set by staff code, not typed per ballot; a bad one is a bug. */
function requireCandidates(candidates: readonly string[]): ReadonlySet<string> {
  if (candidates.length === 0) throw new BallotInputError('candidates must name at least one person');
  const seen = new Set<string>();
  for (const name of candidates) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new BallotInputError(`candidate names must be non-empty text, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new BallotInputError(`candidate ${JSON.stringify(name)} is listed twice`);
    seen.add(name);
  }
  return seen;
}

type Reading =
  | { valid: true; yes: readonly string[]; no: readonly string[] }
  | { valid: false; reason: InvalidReason; detail: string };

const invalid = (reason: InvalidReason, detail: string): Reading => ({ valid: false, reason, detail });

/** Unknown, then duplicate, then over-marked: the order InvalidReason documents. */
function checkNames(names: readonly string[], known: ReadonlySet<string>, seats: number): Reading | undefined {
  const unknown = names.find((n) => !known.has(n));
  if (unknown !== undefined) return invalid('unknown-name', `marks ${JSON.stringify(unknown)}, who is not on the list`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return invalid('duplicate-name', `marks ${JSON.stringify(n)} more than once`);
    seen.add(n);
  }
  if (names.length > seats) return invalid('over-marked', `marks ${names.length} names for ${seats} seat(s)`);
  return undefined;
}

/** Ballots may arrive from outside TypeScript (a scanner, a form), so the shape is checked too. */
function readBallot(raw: unknown, ctx: CountContext, known: ReadonlySet<string>): Reading {
  if (!isRecord(raw) || (raw.kind !== 'choose' && raw.kind !== 'approve')) {
    return invalid('malformed', 'is not a recommendation or election ballot');
  }
  if (raw.kind !== ctx.kind) return invalid('wrong-kind', `is a "${String(raw.kind)}" ballot in a "${ctx.kind}" count`);
  switch (ctx.kind) {
    case 'choose': {
      const marked = raw.marked;
      if (!Array.isArray(marked) || !marked.every((n): n is string => typeof n === 'string')) {
        return invalid('malformed', 'marked must be a list of names');
      }
      return checkNames(marked, known, ctx.seats) ?? { valid: true, yes: marked, no: [] };
    }
    case 'approve': {
      const votes = raw.votes;
      if (!isRecord(votes)) return invalid('malformed', 'votes must map each candidate to yes, no or abstain');
      const names = Object.keys(votes);
      const bad = names.find((n) => !(MARKS as readonly unknown[]).includes(votes[n]));
      if (bad !== undefined) {
        const mark = JSON.stringify(votes[bad]);
        return invalid('malformed', `the mark for ${JSON.stringify(bad)} is ${mark}, not yes, no or abstain`);
      }
      const unknown = names.find((n) => !known.has(n));
      if (unknown !== undefined) return invalid('unknown-name', `marks ${JSON.stringify(unknown)}, who is not on the slate`);
      const yes = names.filter((n) => votes[n] === 'yes');
      if (yes.length > ctx.seats) return invalid('over-marked', `approves ${yes.length} candidates for ${ctx.seats} seat(s)`);
      return { valid: true, yes, no: names.filter((n) => votes[n] === 'no') };
    }
    default: {
      const never: never = ctx.kind;
      throw new BallotInputError(`unknown ballot kind ${JSON.stringify(never)}`);
    }
  }
}

/** Built from a Map so a candidate called "__proto__" or "constructor" is an ordinary key. */
function zeroes(candidates: readonly string[]): Map<string, number> {
  return new Map(candidates.map((c) => [c, 0]));
}

function bump(m: Map<string, number>, name: string): void {
  m.set(name, (m.get(name) ?? 0) + 1);
}

/**
 * Counts individual ballots. Every ballot ends up either valid or in `invalid` with its
 * reason, so valid + invalid = cast always; a blank ballot is valid and counts for no one.
 */
export function countBallots(ballots: readonly Ballot[], ctx: CountContext): CountResult<Tally> {
  const known = requireCandidates(ctx.candidates);
  requirePositive(ctx.seats, 'seats');
  requireCount(ctx.present, 'present');
  const cast = ballots.length;
  if (cast > ctx.present) return voidCount(cast, ctx.present);

  const yes = zeroes(ctx.candidates);
  const no = zeroes(ctx.candidates);
  const abstained = zeroes(ctx.candidates);
  const invalidBallots: InvalidBallot[] = [];
  ballots.forEach((ballot: unknown, index) => {
    const reading = readBallot(ballot, ctx, known);
    if (!reading.valid) {
      invalidBallots.push({ index, reason: reading.reason, detail: reading.detail });
      return;
    }
    for (const n of reading.yes) bump(yes, n);
    for (const n of reading.no) bump(no, n);
    if (ctx.kind === 'approve') {
      for (const c of ctx.candidates) if (!reading.yes.includes(c) && !reading.no.includes(c)) bump(abstained, c);
    }
  });

  const common = {
    cast,
    valid: cast - invalidBallots.length,
    invalid: invalidBallots,
    votes: Object.fromEntries(yes),
  };
  switch (ctx.kind) {
    case 'choose':
      return { ok: true, tally: { kind: 'choose', ...common } };
    case 'approve':
      return {
        ok: true,
        tally: { kind: 'approve', ...common, against: Object.fromEntries(no), abstained: Object.fromEntries(abstained) },
      };
    default: {
      const never: never = ctx.kind;
      throw new BallotInputError(`unknown ballot kind ${JSON.stringify(never)}`);
    }
  }
}

/** Totals handed in by hand must still be possible counts before any rule reads them. */
export function requireTotals(t: VoteTotals, what: string): void {
  requireCount(t.cast, `${what}.cast`);
  requireCount(t.valid, `${what}.valid`);
  if (t.valid > t.cast) throw new BallotInputError(`${what}: valid (${t.valid}) cannot exceed cast (${t.cast})`);
  for (const [name, v] of Object.entries(t.votes)) {
    requireCount(v, `${what}.votes[${JSON.stringify(name)}]`);
    if (v > t.valid) {
      throw new BallotInputError(`${what}: ${JSON.stringify(name)} has ${v} votes but only ${t.valid} ballots are valid`);
    }
  }
}

// ── The winner rule (当选) ───────────────────────────────────────────────────

export type WinnerPolicy = Pick<Policy['election'], 'winnerShare'>;

/**
 * How equal votes at the cut-off are settled. Only a further ballot among the tied
 * (再次投票) is lawful in a Party election; 'lot' (抽签) exists so that a policy or
 * caller asking for it is refused by name rather than misread.
 */
export type TieRule = 'further-ballot' | 'lot';

export interface CandidateVotes {
  readonly name: string;
  readonly votes: number;
}

/** Candidates tied at the cut-off, and how many of the seats they compete for. */
export interface Tie {
  readonly names: readonly string[];
  readonly seats: number;
}

/**
 * `needed` is the smallest yes-vote count that passes the winner share. Lists are by
 * votes, most first, then by name in code-unit order: deterministic on replay; the
 * stroke order (姓氏笔画) used on printed lists is the presentation layer's job.
 */
export type ElectionResult =
  | { readonly outcome: 'filled'; readonly elected: readonly CandidateVotes[]; readonly needed: number }
  | {
      /** Equal votes at the cut-off: ballot again among `tie.names` for `tie.seats` seats. */
      readonly outcome: 'further-ballot';
      readonly elected: readonly CandidateVotes[];
      readonly tie: Tie;
      readonly needed: number;
    }
  | {
      /**
       * Too few passed: hold a second ballot (另行选举) for `vacant` seats among
       * `remaining`, or vote to reduce the seats (decideSeatReduction).
       */
      readonly outcome: 'vacant';
      readonly elected: readonly CandidateVotes[];
      readonly vacant: number;
      readonly remaining: readonly CandidateVotes[];
      readonly needed: number;
    };

function byVotes(a: CandidateVotes, b: CandidateVotes): number {
  if (a.votes !== b.votes) return b.votes - a.votes;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function requireTieRule(rule: TieRule): void {
  switch (rule) {
    case 'further-ballot':
      return;
    case 'lot':
      throw new BallotInputError(
        'a tie in a Party election cannot be settled by drawing lots (抽签): the tied candidates go to a further ballot (再次投票)',
      );
    default: {
      const never: never = rule;
      throw new BallotInputError(`unknown tie rule ${JSON.stringify(never)}`);
    }
  }
}

/** Takes the first `seats` of a sorted list, or reports the tie straddling the cut-off. */
function cut(
  sorted: readonly CandidateVotes[],
  seats: number,
): { elected: CandidateVotes[]; tie?: Tie } {
  if (sorted.length <= seats) return { elected: [...sorted] };
  const last = sorted[seats - 1]!;
  const next = sorted[seats]!;
  if (last.votes !== next.votes) return { elected: sorted.slice(0, seats) };
  const elected = sorted.filter((c) => c.votes > last.votes);
  const names = sorted.filter((c) => c.votes === last.votes).map((c) => c.name);
  return { elected, tie: { names, seats: seats - elected.length } };
}

function candidateVotes(votes: Readonly<Record<string, number>>): CandidateVotes[] {
  return Object.entries(votes)
    .map(([name, v]) => ({ name, votes: v }))
    .sort(byVotes);
}

/**
 * 当选: yes-votes must meet the winner share of those present (超过实到会有选举权人数的
 * 半数; exactly half fails under the default). If more pass than there are seats, the
 * most-voted take them. Throws on 'lot' up front, tie or not, so a policy asking for it
 * fails on its first use rather than on the rare day of a tie.
 */
export function electWinners(
  tally: VoteTotals,
  present: number,
  seats: number,
  policy: WinnerPolicy,
  tieRule: TieRule,
): ElectionResult {
  requireTieRule(tieRule);
  requireThreshold(policy.winnerShare, 'winnerShare');
  requirePositive(present, 'present');
  requirePositive(seats, 'seats');
  requireTotals(tally, 'tally');
  if (tally.cast > present) {
    throw new BallotInputError(`a void count (${tally.cast} ballots, ${present} present) cannot elect anyone`);
  }
  const needed = smallestPassing(present, policy.winnerShare);
  const all = candidateVotes(tally.votes);
  const passing = all.filter((c) => meetsThreshold(c.votes, present, policy.winnerShare));
  if (passing.length < seats) {
    return {
      outcome: 'vacant',
      elected: passing,
      vacant: seats - passing.length,
      remaining: all.filter((c) => !passing.includes(c)),
      needed,
    };
  }
  const { elected, tie } = cut(passing, seats);
  return tie === undefined ? { outcome: 'filled', elected, needed } : { outcome: 'further-ballot', elected, tie, needed };
}

export type FurtherBallotResult =
  | { readonly outcome: 'filled'; readonly elected: readonly CandidateVotes[] }
  | { readonly outcome: 'further-ballot'; readonly elected: readonly CandidateVotes[]; readonly tie: Tie };

/**
 * The further ballot among tied candidates: the most votes win (得票多的当选) with no
 * share to meet, since everyone in it already passed; equal votes again mean another round.
 * `elected` holds only the tied candidates this ballot settles.
 */
export function decideFurtherBallot(tally: VoteTotals, tie: Tie): FurtherBallotResult {
  requireTotals(tally, 'tally');
  requirePositive(tie.seats, 'tie.seats');
  const names = new Set(tie.names);
  if (tie.seats >= names.size) {
    throw new BallotInputError(`a tie of ${names.size} for ${tie.seats} seat(s) needs no further ballot`);
  }
  const outside = Object.keys(tally.votes).filter((n) => !names.has(n));
  if (outside.length > 0) {
    throw new BallotInputError(`the further ballot is among ${[...names].join(', ')} only, got votes for ${outside.join(', ')}`);
  }
  const all = [...names].map((name) => ({ name, votes: tally.votes[name] ?? 0 })).sort(byVotes);
  const { elected, tie: again } = cut(all, tie.seats);
  return again === undefined ? { outcome: 'filled', elected } : { outcome: 'further-ballot', elected, tie: again };
}

export type SeatReductionPolicy = Pick<Policy['election'], 'seatReductionShare'>;

export type SeatReductionOutcome =
  | { readonly outcome: 'reduced'; readonly agreeing: number; readonly present: number; readonly needed: number }
  | { readonly outcome: 'not-reduced'; readonly agreeing: number; readonly present: number; readonly needed: number };

/** 减少名额: instead of another ballot, the meeting may agree to leave seats unfilled. */
export function decideSeatReduction(agreeing: number, present: number, policy: SeatReductionPolicy): SeatReductionOutcome {
  requirePositive(present, 'present');
  requireCount(agreeing, 'agreeing');
  if (agreeing > present) throw new BallotInputError(`agreeing (${agreeing}) cannot exceed present (${present})`);
  requireThreshold(policy.seatReductionShare, 'seatReductionShare');
  const needed = smallestPassing(present, policy.seatReductionShare);
  const outcome = meetsThreshold(agreeing, present, policy.seatReductionShare) ? 'reduced' : 'not-reduced';
  return { outcome, agreeing, present, needed };
}

// ── 发展党员: the two votes (两票) ─────────────────────────────────────────────

export type MemberVotePolicy = Pick<Policy['memberDevelopment'], 'memberVoteAttendance' | 'memberVoteYesShareOfDue'>;

export interface MemberVotes {
  /** Yes-votes cast at the meeting. */
  readonly yes: number;
  /**
   * Yes in writing from members who could not attend and sent their opinion to the
   * branch before the meeting (书面意见): counted in the votes, not in the attendance.
   */
  readonly writtenYes: number;
}

export type MemberVoteOutcome =
  | { readonly outcome: 'no-quorum'; readonly eligible: number; readonly present: number; readonly needed: number }
  | { readonly outcome: 'approved'; readonly yes: number; readonly eligible: number; readonly needed: number }
  /** Not admitted; the policy's failedVoteBlockMonths run before the candidate may be put forward again. */
  | { readonly outcome: 'rejected'; readonly yes: number; readonly eligible: number; readonly needed: number };

/**
 * 党员赞成票: the branch assembly needs more than half of the members due to attend, and
 * the yes-votes must exceed half of those *due to attend*, not of those present: 5 yes of
 * 5 present passes for 9 due, 4 yes of 5 present does not.
 */
export function decideMemberVote(meeting: Meeting, votes: MemberVotes, policy: MemberVotePolicy): MemberVoteOutcome {
  requireMeeting(meeting);
  requireCount(votes.yes, 'yes');
  requireCount(votes.writtenYes, 'writtenYes');
  const { eligible, present } = meeting;
  if (votes.yes > present) throw new BallotInputError(`yes (${votes.yes}) cannot exceed present (${present})`);
  if (votes.writtenYes > eligible - present) {
    throw new BallotInputError(`writtenYes (${votes.writtenYes}) cannot exceed the ${eligible - present} members absent`);
  }
  const quorum = checkQuorum(meeting, policy.memberVoteAttendance);
  if (!quorum.ok) return { outcome: 'no-quorum', eligible, present, needed: quorum.needed };
  requireThreshold(policy.memberVoteYesShareOfDue, 'memberVoteYesShareOfDue');
  const yes = votes.yes + votes.writtenYes;
  const needed = smallestPassing(eligible, policy.memberVoteYesShareOfDue);
  return meetsThreshold(yes, eligible, policy.memberVoteYesShareOfDue)
    ? { outcome: 'approved', yes, eligible, needed }
    : { outcome: 'rejected', yes, eligible, needed };
}

export type MassesVotePolicy = Pick<Policy['memberDevelopment'], 'massesApprovalShare'>;

export interface MassesVotes {
  readonly cast: number;
  /** 满意 (including 基本满意 where the local form has it: the caller decides what approves). */
  readonly approving: number;
}

export type MassesVoteOutcome =
  | { readonly outcome: 'satisfied'; readonly approving: number; readonly cast: number; readonly needed: number }
  /** Fewer than the share approve: not admitted now (暂缓发展). */
  | { readonly outcome: 'not-satisfied'; readonly approving: number; readonly cast: number; readonly needed: number };

/** 群众满意票: the masses' approval must reach the policy share of the votes cast. */
export function decideMassesVote(votes: MassesVotes, policy: MassesVotePolicy): MassesVoteOutcome {
  requirePositive(votes.cast, 'cast');
  requireCount(votes.approving, 'approving');
  if (votes.approving > votes.cast) {
    throw new BallotInputError(`approving (${votes.approving}) cannot exceed cast (${votes.cast})`);
  }
  requireThreshold(policy.massesApprovalShare, 'massesApprovalShare');
  const needed = smallestPassing(votes.cast, policy.massesApprovalShare);
  const outcome = meetsThreshold(votes.approving, votes.cast, policy.massesApprovalShare) ? 'satisfied' : 'not-satisfied';
  return { outcome, approving: votes.approving, cast: votes.cast, needed };
}

// ── Forms a person enters (计票结果) ─────────────────────────────────────────

/** The totals a meeting reports; individual ballots are rarely typed in. */
export interface VoteCountForm {
  readonly eligible: number;
  readonly present: number;
  /** Ballots returned (收回选票). More than present is accepted here and voids the count. */
  readonly cast: number;
  readonly invalid: number;
  /** Per candidate, every candidate on the list, zero included. */
  readonly votes: Readonly<Record<string, number>>;
}

const VOTE_COUNT_FIELDS = ['eligible', 'present', 'cast', 'invalid', 'votes'] as const;

function parseVotesField(raw: unknown, known: readonly string[], valid: number, seats: number): Parsed<Record<string, number>> {
  if (!isRecord(raw)) return fail('votes must map each candidate to a count');
  const unknown = Object.keys(raw).filter((n) => !known.includes(n));
  if (unknown.length > 0) return fail(`votes: not on the list: ${unknown.join(', ')} (the list is ${known.join(', ')})`);
  const out = new Map<string, number>();
  let sum = 0;
  for (const name of known) {
    if (!Object.hasOwn(raw, name)) return fail(`votes: no count for ${name} (enter 0 if no votes)`);
    const c = count(raw[name], `votes.${name}`);
    if (!c.ok) return c;
    if (c.value > valid) return fail(`votes.${name} is ${c.value}, more than the ${valid} valid ballots`);
    out.set(name, c.value);
    sum += c.value;
  }
  // A valid ballot marks at most `seats` names; more would have made it invalid.
  if (sum > valid * seats) {
    return fail(`votes add up to ${sum}, more than ${valid} valid ballots × ${seats} seat(s) = ${valid * seats}`);
  }
  return ok(Object.fromEntries(out));
}

/** The list on the ballot and the seats, which a count form is checked against. */
export interface VoteCountContext {
  readonly candidates: readonly string[];
  readonly seats: number;
}

/**
 * The parser for a count form, bound to the list on the ballot and the seats. Refuses
 * what cannot have happened (more present than eligible, votes beyond the valid
 * ballots, a name off the list) with the numbers, so the person can correct the form.
 */
export function voteCountParser(context: VoteCountContext): DecisionParser<VoteCountForm> {
  requireCandidates(context.candidates);
  requirePositive(context.seats, 'seats');
  const known = [...context.candidates];
  return (raw) => {
    if (!isRecord(raw)) return fail('vote count must be an object');
    const extra = onlyKeys(raw, VOTE_COUNT_FIELDS);
    if (extra) return fail(extra);
    const eligible = count(raw.eligible, 'eligible');
    if (!eligible.ok) return eligible;
    const present = count(raw.present, 'present');
    if (!present.ok) return present;
    const cast = count(raw.cast, 'cast');
    if (!cast.ok) return cast;
    const invalidBallots = count(raw.invalid, 'invalid');
    if (!invalidBallots.ok) return invalidBallots;
    if (eligible.value < 1) return fail('eligible must be at least 1');
    if (present.value > eligible.value) return fail(`present (${present.value}) cannot exceed eligible (${eligible.value})`);
    if (invalidBallots.value > cast.value) return fail(`invalid (${invalidBallots.value}) cannot exceed cast (${cast.value})`);
    const votes = parseVotesField(raw.votes, known, cast.value - invalidBallots.value, context.seats);
    if (!votes.ok) return votes;
    return ok({
      eligible: eligible.value,
      present: present.value,
      cast: cast.value,
      invalid: invalidBallots.value,
      votes: votes.value,
    });
  };
}

/** A parsed form as totals for the winner and slate rules, or void (收回多于到会). */
export function totalsFromForm(form: VoteCountForm): CountResult<VoteTotals> {
  if (form.cast > form.present) return voidCount(form.cast, form.present);
  return { ok: true, tally: { cast: form.cast, valid: form.cast - form.invalid, votes: form.votes } };
}

export interface MemberVoteForm extends Meeting, MemberVotes {}

/** 支部大会表决 as entered; writtenYes may be left out when nobody wrote in. */
export const parseMemberVote: DecisionParser<MemberVoteForm> = (raw) => {
  if (!isRecord(raw)) return fail('member vote must be an object');
  const extra = onlyKeys(raw, ['eligible', 'present', 'yes', 'writtenYes']);
  if (extra) return fail(extra);
  const eligible = count(raw.eligible, 'eligible');
  if (!eligible.ok) return eligible;
  const present = count(raw.present, 'present');
  if (!present.ok) return present;
  const yes = count(raw.yes, 'yes');
  if (!yes.ok) return yes;
  const writtenYes = raw.writtenYes === undefined ? ok(0) : count(raw.writtenYes, 'writtenYes');
  if (!writtenYes.ok) return writtenYes;
  if (eligible.value < 1) return fail('eligible must be at least 1');
  if (present.value > eligible.value) return fail(`present (${present.value}) cannot exceed eligible (${eligible.value})`);
  if (yes.value > present.value) return fail(`yes (${yes.value}) cannot exceed present (${present.value})`);
  const absent = eligible.value - present.value;
  if (writtenYes.value > absent) return fail(`writtenYes (${writtenYes.value}) cannot exceed the ${absent} members absent`);
  return ok({ eligible: eligible.value, present: present.value, yes: yes.value, writtenYes: writtenYes.value });
};

/** 群众满意票 as entered. */
export const parseMassesVote: DecisionParser<MassesVotes> = (raw) => {
  if (!isRecord(raw)) return fail('masses vote must be an object');
  const extra = onlyKeys(raw, ['cast', 'approving']);
  if (extra) return fail(extra);
  const cast = count(raw.cast, 'cast');
  if (!cast.ok) return cast;
  const approving = count(raw.approving, 'approving');
  if (!approving.ok) return approving;
  if (cast.value < 1) return fail('cast must be at least 1: no votes were cast');
  if (approving.value > cast.value) return fail(`approving (${approving.value}) cannot exceed cast (${cast.value})`);
  return ok({ cast: cast.value, approving: approving.value });
};
