/**
 * What the chair's 发起线上投票 form starts from and sends (web/src/ballots/sessionEntry.ts),
 * given/when/then: the list and seats an election's case already knows, the entry as the
 * definition the route reads — checked by the domain's `parseSessionDefinition`, the one
 * parser the page and the server share — and the fields of a step's form the close's
 * decision leaves to the chair.
 */
import { describe, expect, it } from 'vitest';
import { parseSessionDefinition } from '../../domain/ballots/sessionDefinition';
import type { ElectionFacts } from '../../domain/forms';
import type { CaseView } from '../../web/src/api';
import { definitionOf, missingFields, prefill } from '../../web/src/ballots/sessionEntry';

const ELECTION = 'election/ts-01-v01/2091';
const NOW = '2026-03-02T01:00:00.000Z';

function viewOf(caseId: string, election?: ElectionFacts): CaseView {
  return {
    caseId,
    kind: caseId.split('/')[0]!,
    summary: '',
    townshipId: 'ts-01',
    stage: '',
    status: 'open',
    outcome: null,
    policyVersion: 'v1',
    startedAt: NOW,
    tasks: [],
    timeline: [],
    ...(election ? { election } : {}),
  };
}

const facts: ElectionFacts = {
  seats: 3,
  eligibleVoters: 40,
  nominees: ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'],
  passed: ['p-1', 'p-2', 'p-3', 'p-4'],
  slate: ['p-1', 'p-2', 'p-3', 'p-4'],
  furtherBallot: { candidates: ['p-3', 'p-4'], seats: 1 },
  secondBallot: null,
};

describe('what the open form starts from (prefill)', () => {
  it('given an election with its slate, when its ballot is opened, then the slate, the seats and the members due are filled in', () => {
    expect(prefill(viewOf(ELECTION, facts), 'election-meeting', 'election.ballot')).toEqual({
      candidates: ['p-1', 'p-2', 'p-3', 'p-4'],
      seats: 3,
      due: 40,
    });
  });

  it('given a tie, when the further ballot is opened, then its list is the tied and its seats those left', () => {
    expect(prefill(viewOf(ELECTION, facts), 'further-ballot-1', 'election.ballot')).toMatchObject({ candidates: ['p-3', 'p-4'], seats: 1 });
  });

  it('given the masses’ recommendation, then the members named in the notice are not its participants due', () => {
    expect(prefill(viewOf(ELECTION, facts), 'members-recommendation', 'election.recommendation')).toMatchObject({ seats: 3, due: 40 });
    expect(prefill(viewOf(ELECTION, facts), 'masses-recommendation', 'election.recommendation')).toMatchObject({ seats: 3, due: null });
  });

  it('given a rating, then nothing is known beforehand', () => {
    expect(prefill(viewOf('probation/p-1/a'), 'democratic-rating', 'probation.rating')).toEqual({});
  });
});

describe('what the open form sends (definitionOf), read by the server’s parser', () => {
  const at = { caseId: ELECTION, step: 'election-meeting', now: NOW };

  it('given a slate entry with empty rows and no question, then the definition leaves them out and the parser takes it', () => {
    const d = definitionOf(
      { due: 40, candidates: ['p-1', 'p-2'], seats: 1, question: '  ', groups: [undefined, {}], spares: 2, closing: 'manual' },
      'election.ballot',
    );
    expect(d).toEqual({ due: 40, candidates: ['p-1', 'p-2'], seats: 1 });
    expect(parseSessionDefinition(d, at)).toMatchObject({ ok: true, value: { due: 40, closing: { kind: 'manual' } } });
  });

  it('given groups that do not add up to the due, then the parser refuses in its own words, before anything is sent', () => {
    const d = definitionOf(
      {
        due: 5,
        groups: [
          { key: 'leaders', label: '领导班子', due: 2 },
          { key: 'staff', label: '干部职工', due: 2 },
        ],
      },
      'probation.rating',
    );
    expect(parseSessionDefinition(d, { caseId: 'probation/p-1/a', step: 'democratic-rating', now: NOW })).toEqual({
      ok: false,
      error: "the groups' due add up to 4, not the 5 participants due",
    });
  });

  it('given groups without keys, then they are numbered, and the parser takes them', () => {
    const d = definitionOf(
      {
        due: 5,
        groups: [
          { label: '领导班子', due: 2 },
          { key: ' ', label: '干部职工', due: 3 },
        ],
      },
      'probation.rating',
    );
    expect(d.groups).toEqual([
      { key: 'g1', label: '领导班子', due: 2 },
      { key: 'g2', label: '干部职工', due: 3 },
    ]);
    expect(parseSessionDefinition(d, { caseId: 'probation/p-1/a', step: 'democratic-rating', now: NOW })).toMatchObject({ ok: true });
  });

  it('given a rating, then the list and seats are never sent (a rating takes none)', () => {
    expect(definitionOf({ due: 5, candidates: ['p-1'], seats: 1 }, 'probation.rating')).toEqual({ due: 5 });
  });

  it('given a closing time typed in the browser, then it is sent as an instant with its zone; a closing time left empty is refused', () => {
    const d = definitionOf({ due: 5, closing: 'deadline', closesAt: '2099-03-02T10:30' }, 'probation.rating');
    expect(d.closesAt).toBe(new Date('2099-03-02T10:30').toISOString());
    const rating = { caseId: 'probation/p-1/a', step: 'democratic-rating', now: NOW };
    expect(parseSessionDefinition(d, rating)).toMatchObject({ ok: true, value: { closing: { kind: 'deadline' } } });
    const empty = parseSessionDefinition(definitionOf({ due: 5, closing: 'deadline' }, 'probation.rating'), rating);
    expect(empty).toMatchObject({ ok: false, error: expect.stringContaining('closesAt must be a time with its zone') });
  });
});

describe('the fields the chair adds to the close’s decision (missingFields)', () => {
  it('given the members’ vote, then the assembly’s day is the one field the ballots cannot give', () => {
    const fields = [{ name: ['on'] }, { name: ['eligible'] }, { name: ['present'] }, { name: ['yes'] }, { name: ['writtenYes'] }];
    expect(missingFields(fields, { eligible: 40, present: 33, yes: 30, writtenYes: 0 })).toEqual([{ name: ['on'] }]);
  });

  it('given a rating, then its decision holds every field of the form', () => {
    expect(missingFields([{ name: ['votes', 'excellent'] }, { name: ['votes', 'competent'] }], { votes: {} })).toEqual([]);
  });
});
