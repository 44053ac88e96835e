/**
 * The meetings of an election that vote (docs/domain.md §1.2, §1.6): a meeting as
 * recorded (attendance always, the count when there was a quorum) and whether it could
 * vote. Quorum and counting themselves are domain/ballots/.
 */
import { count, fail, isRecord, ok, onlyKeys, type DecisionParser, type Parsed } from './decisions';
import { smallestPassing } from './ballots/arithmetic';
import { checkQuorum, quorumThreshold, type MeetingKind } from './ballots/quorum';
import type { VoteTotals } from './ballots/counting';
import { totalsFromForm, voteCountParser, type VoteCountForm } from './ballots/forms';
import { personId } from './election';
import type { QuorumResult } from './events/election';
import type { Policy } from './policy';

/** A meeting as recorded: attendance always; the count only if the meeting could vote. */
export interface MeetingRecord {
  eligible: number;
  present: number;
  count: VoteCountForm | null;
}

const MEETING_FIELDS = ['eligible', 'present', 'cast', 'invalid', 'votes'] as const;

/**
 * The form of a meeting that votes. `candidates` is the list on the ballot, or 'open'
 * for a recommendation, where the names are whoever the ballots named; `seats` is how
 * many names one ballot may mark. Attendance alone (eligible, present) records a
 * meeting that could not vote.
 */
export function meetingParser(candidates: readonly string[] | 'open', seats: number): DecisionParser<MeetingRecord> {
  const fixed = candidates === 'open' ? undefined : voteCountParser({ candidates, seats });
  return (raw) => {
    if (!isRecord(raw)) return fail('decision must be an object');
    const extra = onlyKeys(raw, MEETING_FIELDS);
    if (extra) return fail(extra);
    const eligible = count(raw.eligible, 'eligible');
    if (!eligible.ok) return eligible;
    const present = count(raw.present, 'present');
    if (!present.ok) return present;
    if (eligible.value < 1) return fail('eligible must be at least 1');
    if (present.value > eligible.value) return fail(`present (${present.value}) cannot exceed eligible (${eligible.value})`);
    if (raw.cast === undefined && raw.invalid === undefined && raw.votes === undefined) {
      return ok({ eligible: eligible.value, present: present.value, count: null });
    }
    let parser = fixed;
    if (!parser) {
      if (!isRecord(raw.votes)) return fail('votes must map each person recommended to a count, e.g. votes.p-0612=25');
      const names = Object.keys(raw.votes);
      if (names.length === 0) return fail('votes must name at least one person');
      for (const name of names) {
        const id = personId(name, 'votes');
        if (!id.ok) return id;
      }
      parser = voteCountParser({ candidates: names, seats });
    }
    const form = parser(raw);
    if (!form.ok) return form;
    return ok({ eligible: eligible.value, present: present.value, count: form.value });
  };
}

export type MeetingJudgement =
  | { outcome: 'no-quorum'; quorum: QuorumResult; message: string }
  | { outcome: 'void-count'; quorum: QuorumResult; message: string }
  | { outcome: 'counted'; quorum: QuorumResult; totals: VoteTotals; present: number };

/** The meetings of an election: the two recommendations and the election itself (not 发展党员's member vote). */
export type ElectionMeetingKind = Exclude<MeetingKind, 'member-vote'>;

/**
 * Whether a recorded meeting could vote. A meeting of the members must count every
 * member with a vote as the notice did; a count recorded without a quorum, or a quorum
 * recorded without a count, is refused so the record says what happened.
 */
export function judgeMeeting(
  m: MeetingRecord,
  kind: ElectionMeetingKind,
  policy: Policy,
  eligibleVoters: number | undefined,
): Parsed<MeetingJudgement> {
  if (eligibleVoters !== undefined && m.eligible !== eligibleVoters) {
    return fail(`eligible must be the ${eligibleVoters} members with voting rights named in the notice, got ${m.eligible}`);
  }
  const threshold = quorumThreshold(kind, policy);
  const needed = smallestPassing(m.eligible, threshold);
  const quorum = checkQuorum({ eligible: m.eligible, present: m.present }, threshold);
  if (!quorum.ok) {
    if (m.count) return fail(`${quorum.message}: without a quorum the meeting cannot vote; record eligible and present only`);
    return ok({ outcome: 'no-quorum', quorum: { met: false, needed }, message: quorum.message });
  }
  if (!m.count) return fail(`${m.present} of ${m.eligible} present is a quorum: record cast, invalid and votes`);
  const totals = totalsFromForm(m.count);
  if (!totals.ok) return ok({ outcome: 'void-count', quorum: { met: true, needed }, message: totals.message });
  return ok({ outcome: 'counted', quorum: { met: true, needed }, totals: totals.tally, present: m.present });
}
