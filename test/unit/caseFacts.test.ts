/**
 * An election's facts for its forms (client/caseFacts.ts `electionFacts`): seats, notice,
 * nominees and slate as the `elections` read model holds them; the later ballots' lists
 * from the case's latest tie and latest call of 另行选举.
 */
import { describe, expect, it } from 'vitest';
import { electionFacts } from '../../client/caseFacts';

const row = {
  seats: 3,
  eligible_voters: null,
  nominees: [
    { personId: 'p-3', memberVotes: 20, massesVotes: 0, status: 'passed' as const, replaces: null },
    { personId: 'p-1', memberVotes: 25, massesVotes: 0, status: 'struck' as const, replaces: null },
    { personId: 'p-2', memberVotes: 18, massesVotes: 0, status: 'nominated' as const, replaces: null },
  ],
  slate: ['p-3'],
};
const meeting = (tie: unknown) => ({ type: 'ElectionMeetingHeld', data: { tie } });

describe('electionFacts', () => {
  it('given a row before any ballot, then the nominees are sorted, only those who passed stand as passed, and no later ballot has a list', () => {
    expect(electionFacts(row, [])).toEqual({
      seats: 3,
      eligibleVoters: null,
      nominees: ['p-1', 'p-2', 'p-3'],
      passed: ['p-3'],
      slate: ['p-3'],
      furtherBallot: null,
      secondBallot: null,
    });
  });

  it('given two ties and a later ballot without one, then the further ballot’s list is the later tie', () => {
    const facts = electionFacts(row, [
      meeting({ names: ['p-1', 'p-2', 'p-3'], seats: 2 }),
      meeting({ names: ['p-2', 'p-3'], seats: 1 }),
      meeting(null),
    ]);
    expect(facts.furtherBallot).toEqual({ candidates: ['p-2', 'p-3'], seats: 1 });
    expect(facts.secondBallot).toBeNull();
  });

  it('given 另行选举 called twice, then its list is the last call’s', () => {
    const facts = electionFacts(row, [
      { type: 'SecondBallotCalled', data: { seats: 2, candidates: ['p-2', 'p-3'] } },
      { type: 'SeatsReduced', data: { from: 3, to: 2 } },
      { type: 'SecondBallotCalled', data: { seats: 1, candidates: ['p-3'] } },
    ]);
    expect(facts.secondBallot).toEqual({ candidates: ['p-3'], seats: 1 });
    expect(facts.furtherBallot).toBeNull();
  });
});
