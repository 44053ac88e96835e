/**
 * The forms of an election (两推一选 / 双推直选): the request's approval, the notice, the
 * two recommendation meetings, the review of the nominees and their replacements, the
 * vetting, the slate and its strikes, the assembly's ballots, the vacant seats, the
 * officers, the result's approval and its filing. The meetings' and the people's forms
 * read the case's facts, which the server serves with its view (`election`, from the
 * elections read model): a ballot's list and seats, the members named in the notice,
 * the nominees.
 */
import {
  parseElectionApproval,
  parseFiling,
  parseNomineeReview,
  parseNotice,
  parseOfficers,
  parseReplacement,
  parseSlate,
  parseStrikes,
  parseVetting,
} from '../../../domain/election';
import { parseVacancy } from '../../../domain/electionBallots';
import { meetingParser } from '../../../domain/electionMeetings';
import type { Parsed } from '../../../domain/decisions';
import type { BallotList, ElectionFacts } from '../../../domain/forms';
import type { CaseView } from '../api';
import type { TextKey } from '../i18n';
import { approveOrReject, opt, type Field, type FormContext, type FormsOf } from './spec';

// ── election meetings ──────────────────────────────────────────────────────

type VoteRow = { personId?: string; count?: number | null } | undefined;

/**
 * A meeting's entry as the parser reads it: attendance alone when nothing was counted
 * (no quorum), else the count with votes keyed by person. A row with a name and no
 * count stays out, so a ballot's prefilled names do not turn attendance into a count.
 */
function meetingDecision(v: Record<string, unknown>): Record<string, unknown> {
  const { votes: rows, ...rest } = v;
  const given = (x: unknown) => x !== undefined && x !== null && x !== '';
  const counted = ((rows as VoteRow[] | undefined) ?? []).filter((r) => r && given(r.count));
  if (!given(rest.cast) && !given(rest.invalid) && counted.length === 0) return { eligible: rest.eligible, present: rest.present };
  return { ...rest, votes: Object.fromEntries(counted.map((r) => [String(r!.personId ?? '').trim(), r!.count])) };
}

const meetingFields = (votesLabel: TextKey): Field[] => [
  { name: ['eligible'], label: 'meetingDue', kind: 'count', required: true },
  { name: ['present'], label: 'meetingPresent', kind: 'count', required: true },
  { name: ['cast'], label: 'cast', kind: 'count' },
  { name: ['invalid'], label: 'invalidBallots', kind: 'count' },
  {
    name: ['votes'],
    label: votesLabel,
    kind: 'rows',
    columns: [
      { name: 'personId', label: 'personId', kind: 'text', width: 180 },
      { name: 'count', label: 'votesCount', kind: 'count', width: 160 },
    ],
  },
];

/** Before the case's view has its facts (a case whose read model has no row yet): an open list, one seat. */
const NO_FACTS: ElectionFacts = {
  seats: 1,
  eligibleVoters: null,
  nominees: [],
  passed: [],
  slate: [],
  furtherBallot: null,
  secondBallot: null,
};

/** The election's facts as the server serves them with the case (its read model), never rebuilt from the timeline here. */
const factsOf = (view: CaseView): ElectionFacts => view.election ?? NO_FACTS;

/** The list on a ballot and the seats it fills: the slate, the tied, or those left for 另行选举. */
function ballotOf(facts: ElectionFacts, step: string): BallotList {
  const base = step.replace(/-\d+$/, '');
  if (base === 'further-ballot') return facts.furtherBallot ?? { candidates: [], seats: 1 };
  if (base === 'second-ballot') return facts.secondBallot ?? { candidates: [], seats: 1 };
  return { candidates: facts.slate, seats: facts.seats };
}

/** A parser bound to the case's list and seats; a list the case cannot have had falls back to an open one. */
function boundMeetingParser(candidates: string[] | 'open', seats: number): (raw: unknown) => Parsed<unknown> {
  try {
    return meetingParser(candidates.length === 0 ? 'open' : candidates, Math.max(1, seats));
  } catch {
    return meetingParser('open', Math.max(1, seats));
  }
}

/** Until the case is read (or when it cannot be), the entry's shape alone; the case checks the list and the seats. */
const shapeOfMeeting = boundMeetingParser('open', 1000);

function recommendationContext(view: CaseView, step: string): FormContext {
  const { eligibleVoters, seats } = factsOf(view);
  // Only the members' meeting counts the members named in the notice; the masses' has its own.
  const initial = step.startsWith('members-') && eligibleVoters !== null ? { eligible: eligibleVoters } : undefined;
  return { parse: boundMeetingParser('open', seats), ...(initial ? { initial } : {}) };
}

function ballotContext(view: CaseView, step: string): FormContext {
  const facts = factsOf(view);
  const { candidates, seats } = ballotOf(facts, step);
  return {
    parse: boundMeetingParser(candidates, seats),
    initial: {
      ...(facts.eligibleVoters !== null ? { eligible: facts.eligibleVoters } : {}),
      votes: candidates.map((personId) => ({ personId })),
    },
  };
}

/** Whom the election's person fields can name: nominees, those who passed vetting, the slate. */
function electionPeople(view: CaseView): FormContext {
  const { nominees, passed, slate } = factsOf(view);
  return { people: { rejected: nominees, candidates: passed, struck: slate } };
}

export const electionForms: FormsOf<'election'> = {
  'election.approval': {
    id: 'election-approval',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: approveOrReject, required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseElectionApproval,
  },
  'election.notice': {
    id: 'election-notice',
    fields: [
      { name: ['date'], label: 'electionDate', kind: 'date', required: true },
      { name: ['method'], label: 'noticeMethod', kind: 'text', required: true },
      { name: ['eligibleVoters'], label: 'eligibleVoters', kind: 'count', required: true },
    ],
    parse: parseNotice,
  },
  'election.recommendation': {
    id: 'election-recommendation',
    hint: 'meetingHint',
    fields: meetingFields('recommendationVotes'),
    initial: { votes: [{}] },
    build: meetingDecision,
    parse: shapeOfMeeting,
    context: recommendationContext,
  },
  'election.ballot': {
    id: 'election-ballot',
    hint: 'meetingHint',
    fields: meetingFields('ballotVotes'),
    build: meetingDecision,
    parse: shapeOfMeeting,
    context: ballotContext,
  },
  'election.nominee-review': {
    id: 'election-review',
    fields: [
      { name: ['rejected'], label: 'rejectedNominees', kind: 'people' },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseNomineeReview,
    context: electionPeople,
  },
  'election.replacement': {
    id: 'election-replacement',
    hint: 'replacementHint',
    fields: [
      { name: ['personId'], label: 'personId', kind: 'text', required: true },
      { name: ['memberVotes'], label: 'memberVotes', kind: 'count' },
      { name: ['massesVotes'], label: 'massesVotes', kind: 'count' },
    ],
    parse: parseReplacement,
  },
  'election.vetting': {
    id: 'election-vetting',
    fields: [
      {
        name: ['outcome'],
        label: 'vetting',
        kind: 'radio',
        options: [opt('pass', 'vettingPass'), opt('fail', 'vettingFail')],
        required: true,
      },
      { name: ['findings'], label: 'findings', kind: 'longText' },
    ],
    parse: parseVetting,
  },
  'election.slate': {
    id: 'election-slate',
    fields: [
      { name: ['candidates'], label: 'candidates', kind: 'people', required: true },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    parse: parseSlate,
    context: electionPeople,
  },
  'election.strikes': {
    id: 'election-strikes',
    fields: [
      { name: ['struck'], label: 'struck', kind: 'people', required: true },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    parse: parseStrikes,
    context: electionPeople,
  },
  'election.vacancy': {
    id: 'election-vacancy',
    fields: [
      {
        name: ['action'],
        label: 'vacancyAction',
        kind: 'radio',
        options: [opt('second-ballot', 'secondBallot'), opt('reduce-seats', 'reduceSeats')],
        required: true,
      },
      { name: ['agreeing'], label: 'agreeing', kind: 'count', required: true },
      { name: ['present'], label: 'meetingPresent', kind: 'count', required: true },
    ],
    visible: (f, v) => f.name[0] === 'action' || v.action === 'reduce-seats',
    build: (v) => (v.action === 'reduce-seats' ? v : { action: v.action }),
    parse: parseVacancy,
  },
  'election.officers': {
    id: 'election-officers',
    fields: [
      { name: ['secretary'], label: 'secretary', kind: 'text', required: true },
      { name: ['deputy'], label: 'deputy', kind: 'text' },
    ],
    parse: parseOfficers,
  },
  'election.filing': { id: 'election-filing', fields: [{ name: ['reference'], label: 'reference', kind: 'text' }], parse: parseFiling },
};
