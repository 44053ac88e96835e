/**
 * Closing a session: the count of its ballots, and the decision the step's own form
 * takes from it (docs/ballots.md). The count is domain/ballots/counting.ts's, as for
 * ballots counted by hand; the decision has exactly the fields a committee member would
 * type in, so the step's parser and every rule after it — quorum, majority, quota —
 * apply unchanged. Online, `present` is the turnout: a participant who came but cast
 * nothing is not known to the system, which is the stricter reading for a quorum.
 */
import type { DemocraticRatingVotes } from '../ratingVotes';
import { countBallots, type Tally } from './counting';
import type { Policy } from '../policy';
import { checkQuorum } from './quorum';
import { sessionQuorum } from './sessionQuorum';
import type { BallotContent } from './onlineBallot';
import { RATING_GRADES, type BallotSessionDefinition } from './sessionDefinition';

/** One counted ballot: its content and its rater group ('' when the session has none). */
export interface CountedBallot {
  readonly group: string;
  readonly content: BallotContent;
}

export type SessionCount =
  | { readonly kind: 'rating'; readonly turnout: number; readonly votes: DemocraticRatingVotes }
  | { readonly kind: 'choose' | 'approve'; readonly turnout: number; readonly tally: Tally };

export interface SessionTally {
  readonly total: SessionCount;
  /** Per rater group, for the published tally; empty when the session has no groups. */
  readonly byGroup: Readonly<Record<string, SessionCount>>;
}

function countOf(def: BallotSessionDefinition, ballots: readonly BallotContent[]): SessionCount {
  const shape = def.ballot;
  if (shape.kind === 'rating') {
    const votes: DemocraticRatingVotes = { excellent: 0, competent: 0, basicallyCompetent: 0, notCompetent: 0 };
    for (const b of ballots) {
      if (b.kind !== 'rating' || !RATING_GRADES.includes(b.grade)) throw new Error('a counted ballot is not a rating ballot');
      votes[b.grade] += 1;
    }
    return { kind: 'rating', turnout: ballots.length, votes };
  }
  // Every participant who cast is present: a count of more ballots than due is a broken session.
  const papers = ballots.map((b) => {
    if (b.kind === 'rating') throw new Error('a counted ballot is a rating ballot in a session of names');
    return b;
  });
  const counted = countBallots(papers, { kind: shape.kind, candidates: shape.candidates, seats: shape.seats, present: def.due });
  if (!counted.ok) throw new Error(counted.message);
  return { kind: shape.kind, turnout: ballots.length, tally: counted.tally };
}

export function tallySession(def: BallotSessionDefinition, ballots: readonly CountedBallot[]): SessionTally {
  const byGroup: Record<string, SessionCount> = {};
  for (const g of def.groups) {
    byGroup[g.key] = countOf(
      def,
      ballots.filter((b) => b.group === g.key).map((b) => b.content),
    );
  }
  return {
    total: countOf(
      def,
      ballots.map((b) => b.content),
    ),
    byGroup,
  };
}

/**
 * The step's decision as the typed-in form has it. An election meeting without a quorum
 * records its attendance only, as the recorder would (domain/electionMeetings.ts). Fields
 * the ballots cannot give (the assembly's day of a members' vote, the notice's day) are
 * the chair's to add when deciding.
 */
export function sessionDecision(
  def: BallotSessionDefinition,
  tally: SessionTally,
  policy: Pick<Policy, 'election' | 'memberDevelopment' | 'evaluation'>,
): Record<string, unknown> {
  const t = tally.total;
  const turnout = t.turnout;
  if (t.kind === 'rating') {
    if (def.form === 'probation.rating') return { votes: t.votes };
    return { meeting: { present: turnout, due: def.due }, votes: t.votes };
  }
  const invalid = t.tally.invalid.length;
  const person = def.ballot.kind === 'rating' ? '' : (def.ballot.candidates[0] ?? '');
  switch (def.form) {
    case 'election.recommendation':
    case 'election.ballot': {
      const meeting = { eligible: def.due, present: turnout };
      const quorum = sessionQuorum(def, policy);
      if (quorum !== null && !checkQuorum(meeting, quorum.threshold).ok) return meeting;
      // A recommendation's form lists the people the ballots named, as the recorder types them; a slate lists every candidate.
      const votes =
        def.form === 'election.recommendation' ? Object.fromEntries(Object.entries(t.tally.votes).filter(([, n]) => n > 0)) : t.tally.votes;
      return { ...meeting, cast: turnout, invalid, votes };
    }
    case 'selection.meeting-recommendation':
      return { due: def.due, attended: turnout, cast: turnout, invalid, votes: t.tally.votes };
    case 'member-development.members-vote':
      return { eligible: def.due, present: turnout, yes: t.tally.votes[person] ?? 0, writtenYes: 0 };
    case 'member-development.masses-vote':
      return { cast: turnout, approving: t.tally.votes[person] ?? 0 };
    case 'probation.rating':
    case 'evaluation.rating':
      throw new Error(`${def.form} is a rating but its count is not`);
    default: {
      const never: never = def.form;
      throw new Error(`unknown ballot form ${String(never)}`);
    }
  }
}
