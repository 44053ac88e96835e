/**
 * Ballots and counting (计票): what a valid ballot is, and the count of individual
 * ballots (docs/domain.md §1). Meetings are mostly recorded by their totals instead
 * (domain/ballots/forms.ts), which give the same VoteTotals.
 */
import { isRecord } from '../decisions';
import { BallotInputError, requireCount, requirePositive } from './arithmetic';

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

export function voidCount(cast: number, present: number): VoidCount {
  return {
    ok: false,
    reason: 'more-ballots-than-present',
    cast,
    present,
    message: `${cast} ballots returned but only ${present} voters present: the count is void and the vote must be held again`,
  };
}

/** A candidate list is set by staff code, not typed per ballot; a bad one is a bug. */
export function requireCandidates(candidates: readonly string[]): ReadonlySet<string> {
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

type Reading = { valid: true; yes: readonly string[]; no: readonly string[] } | { valid: false; reason: InvalidReason; detail: string };

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
