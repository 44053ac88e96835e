/**
 * The winner rule of 两推一选 / 双推直选 (当选, docs/domain.md §1.6): the share of those
 * present a winner needs, ties at the cut-off settled by a further ballot (never by
 * lot), and the vote to leave vacant seats unfilled (减少名额).
 */
import { meetsThreshold } from '../fraction';
import type { Policy } from '../policy';
import { BallotInputError, requireCount, requirePositive, requireThreshold, smallestPassing } from './arithmetic';
import { requireTotals, type VoteTotals } from './counting';

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
function cut(sorted: readonly CandidateVotes[], seats: number): { elected: CandidateVotes[]; tie?: Tie } {
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
export function electWinners(tally: VoteTotals, present: number, seats: number, policy: WinnerPolicy, tieRule: TieRule): ElectionResult {
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
