/**
 * What each decision of an election case (docs/domain.md §1) records, as decide-style
 * functions (domain/decider.ts): the workflow opens the step, and when the decision
 * arrives it records exactly what these return. The state each one takes is what its
 * events name and the workflow already knows (the case, the meeting's judgement, …);
 * the rules that judge a meeting or a ballot are domain/electionMeetings.ts, domain/electionBallots.ts and domain/ballots/.
 *
 * The nominees are the one piece of workflow state a decision changes:
 * `evolveNominees` says how, from the events recorded.
 */
import type { Decide, Evolve } from './decider';
import type { Decided } from './decided';
import { APPEND_DATE, APPEND_TIME, type CaseStarted, type DomainEvent, type PostAssigned, type PostEnded } from './events';
import type {
  CandidateStruck,
  CandidateVetted,
  ElectionFiled,
  ElectionMeetingHeld,
  ElectionForm,
  ElectionNoticePosted,
  ElectionRequestApproved,
  ElectionRequested,
  ElectionRequestRejected,
  NomineeRejected,
  NomineeReplaced,
  OfficersElected,
  RecommendationMeetingHeld,
  SecondBallotCalled,
  SeatReductionRefused,
  SeatsReduced,
  SlateSet,
} from './events/election';
import type {
  ElectionApprovalDecision,
  FilingDecision,
  Nominee,
  NoticeDecision,
  OfficersDecision,
  ReplacementDecision,
  NomineeReviewDecision,
  SlateDecision,
  StrikeDecision,
  VettingDecision,
} from './election';
import type { OfficeAssignment, PreviousHolder } from './electionPosts';
import type { MeetingJudgement, MeetingRecord } from './electionMeetings';
import { seatReduction, type BallotOutcome, type BallotSpec, type VacancyDecision } from './electionBallots';
import type { Policy } from './policy';

/** Every election event names its case. */
export interface ElectionCase {
  caseId: string;
}

// ── 1. 请示 / 批复 ─────────────────────────────────────────────────────────────

export const decideRequestApproval: Decide<
  Decided<ElectionApprovalDecision>,
  ElectionCase,
  ElectionRequestApproved | ElectionRequestRejected
> = ({ value: d, actor }, { caseId }) => [
  d.outcome === 'approve'
    ? { type: 'ElectionRequestApproved', data: { caseId, reason: d.reason, actor, at: APPEND_TIME } }
    : { type: 'ElectionRequestRejected', data: { caseId, reason: d.reason, actor, at: APPEND_TIME } },
];

// ── 2. 选举通知 ───────────────────────────────────────────────────────────────

export const decideNotice: Decide<Decided<NoticeDecision>, ElectionCase, ElectionNoticePosted> = ({ value: d, actor }, { caseId }) => [
  {
    type: 'ElectionNoticePosted',
    data: { caseId, electionDate: d.date, method: d.method, eligibleVoters: d.eligibleVoters, actor, at: APPEND_TIME },
  },
];

// ── 3. 党员推荐 / 群众推荐 ─────────────────────────────────────────────────────

export interface RecommendationMeetingState extends ElectionCase {
  meeting: 'members' | 'masses';
  /** 1 for the first sitting, 2 when held again, … */
  round: number;
  /** What domain/electionMeetings.ts `judgeMeeting` made of the record. */
  judgement: MeetingJudgement;
}

/** A meeting that could not vote is recorded too, with its attendance and no votes. */
export const decideRecommendationMeeting: Decide<Decided<MeetingRecord>, RecommendationMeetingState, RecommendationMeetingHeld> = (
  { value: m, actor },
  { caseId, meeting, round, judgement: j },
) => [
  {
    type: 'RecommendationMeetingHeld',
    data: {
      caseId,
      meeting,
      round,
      eligible: m.eligible,
      present: m.present,
      quorum: j.quorum,
      outcome: j.outcome === 'counted' ? 'valid' : j.outcome,
      cast: m.count?.cast ?? null,
      invalid: m.count?.invalid ?? null,
      votes: j.outcome === 'counted' ? { ...j.totals.votes } : {},
      actor,
      at: APPEND_TIME,
    },
  },
];

// ── 4. 审查 and 递补 ───────────────────────────────────────────────────────────

/** Each nominee the review rejects, with the review's reason. */
export const decideNomineeReview: Decide<Decided<NomineeReviewDecision>, ElectionCase, NomineeRejected> = (
  { value: d, actor },
  { caseId },
) => d.rejected.map((personId) => ({ type: 'NomineeRejected', data: { caseId, personId, reason: d.reason, actor, at: APPEND_TIME } }));

export interface ReplacementState extends ElectionCase {
  /** The nominee whose place is taken, or null for a gap no one left. */
  replaces: string | null;
  nominees: readonly Nominee[];
}

/**
 * 递补: a nominee already known (a reserve who passed vetting) keeps the votes recorded
 * for them; someone new is recorded with the further recommendation's votes.
 */
export const decideReplacement: Decide<Decided<ReplacementDecision>, ReplacementState, NomineeReplaced> = (
  { value: d, actor },
  { caseId, replaces, nominees },
) => {
  const existing = nominees.find((n) => n.personId === d.personId);
  const memberVotes = existing ? existing.memberVotes : (d.memberVotes ?? 0);
  const massesVotes = existing ? existing.massesVotes : (d.massesVotes ?? 0);
  return [{ type: 'NomineeReplaced', data: { caseId, replaces, personId: d.personId, memberVotes, massesVotes, actor, at: APPEND_TIME } }];
};

// ── 5. 考察 ──────────────────────────────────────────────────────────────────

export const decideVetting: Decide<Decided<VettingDecision>, ElectionCase & { personId: string }, CandidateVetted> = (
  { value: d, actor },
  { caseId, personId },
) => [{ type: 'CandidateVetted', data: { caseId, personId, passed: d.outcome === 'pass', findings: d.findings, actor, at: APPEND_TIME } }];

// ── 6. 候选人预备人选, and 7. the slate refilled after strikes ───────────────────

export interface SlateState extends ElectionCase {
  /** 1 for the slate first set, then one more each time it is refilled. */
  round: number;
  seats: number;
  /** The smallest slate the policy's margin (差额) allows. */
  minimum: number;
}

export const decideSlate: Decide<Decided<Pick<SlateDecision, 'candidates'>>, SlateState, SlateSet> = (
  { value: d, actor },
  { caseId, round, seats, minimum },
) => [{ type: 'SlateSet', data: { caseId, round, slate: [...d.candidates], seats, minimum, actor, at: APPEND_TIME } }];

export interface StrikeState extends ElectionCase {
  /** The notice's step: the struck candidate's notice is `${caseId}:${noticeStep}`. */
  noticeStep: string;
  /** The findings of the objections the notice upheld. */
  findings: string[];
}

/** 公示: each candidate an upheld objection concerns is struck, citing the notice's findings. */
export const decideStrikes: Decide<Decided<StrikeDecision>, StrikeState, CandidateStruck> = (
  { value: d, actor },
  { caseId, noticeStep, findings },
) =>
  d.struck.map((personId) => ({
    type: 'CandidateStruck',
    data: { caseId, personId, noticeId: `${caseId}:${noticeStep}`, findings, actor, at: APPEND_TIME },
  }));

// ── 8. 选举: ballots and vacant seats ───────────────────────────────────────────

export interface BallotState extends ElectionCase {
  /** The ballot's step, e.g. election-meeting, further-ballot-2. */
  step: string;
  spec: BallotSpec;
  /** Seats of the whole committee, and how many of them earlier ballots filled. */
  seats: number;
  filled: number;
  judgement: MeetingJudgement;
  /** What domain/electionBallots.ts `decideBallot` made of the count; absent when nothing was counted. */
  result: BallotOutcome | undefined;
}

/** One ballot of the members' assembly, counted or not, and the seats still unfilled after it. */
export const decideElectionMeeting: Decide<Decided<MeetingRecord>, BallotState, ElectionMeetingHeld> = (
  { value: m, actor },
  { caseId, step, spec, seats, filled, judgement: j, result },
) => {
  const elected = result?.elected ?? [];
  return [
    {
      type: 'ElectionMeetingHeld',
      data: {
        caseId,
        step,
        ballot: spec.kind,
        candidates: [...spec.candidates],
        seatsContested: spec.seats,
        eligible: m.eligible,
        present: m.present,
        quorum: j.quorum,
        outcome: result?.outcome ?? (j.outcome === 'counted' ? 'filled' : j.outcome),
        cast: m.count?.cast ?? null,
        invalid: m.count?.invalid ?? null,
        votes: j.outcome === 'counted' ? { ...j.totals.votes } : {},
        elected: [...elected],
        needed: result?.needed ?? null,
        unfilled: seats - filled - elected.length,
        tie: result?.outcome === 'further-ballot' ? { names: [...result.tie.names], seats: result.tie.seats } : null,
        actor,
        at: APPEND_TIME,
      },
    },
  ];
};

export interface VacancyState extends ElectionCase {
  /** Seats of the whole committee before any reduction. */
  seats: number;
  /** The ballot that left seats vacant. */
  ballot: Extract<BallotOutcome, { outcome: 'vacant' }>;
  policy: Pick<Policy, 'election'>;
}

/** 另行选举 is called; or the assembly voted on fewer seats, which passed or fell short. */
export const decideVacancy: Decide<Decided<VacancyDecision>, VacancyState, SecondBallotCalled | SeatsReduced | SeatReductionRefused> = (
  { value: v, actor },
  { caseId, seats, ballot, policy },
) => {
  if (v.action === 'second-ballot') {
    return [
      { type: 'SecondBallotCalled', data: { caseId, seats: ballot.vacant, candidates: [...ballot.remaining], actor, at: APPEND_TIME } },
    ];
  }
  const r = seatReduction(v, policy);
  return r.outcome === 'reduced'
    ? [
        {
          type: 'SeatsReduced',
          data: {
            caseId,
            from: seats,
            to: seats - ballot.vacant,
            agreeing: v.agreeing,
            present: v.present,
            needed: r.needed,
            actor,
            at: APPEND_TIME,
          },
        },
      ]
    : [
        {
          type: 'SeatReductionRefused',
          data: { caseId, seats, agreeing: v.agreeing, present: v.present, needed: r.needed, actor, at: APPEND_TIME },
        },
      ];
};

// ── 9. 书记、副书记 ───────────────────────────────────────────────────────────

export const decideOfficers: Decide<Decided<OfficersDecision>, ElectionCase & { committee: readonly string[] }, OfficersElected> = (
  { value: d, actor },
  { caseId, committee },
) => [
  {
    type: 'OfficersElected',
    data: { caseId, secretary: d.secretary, deputy: d.deputy, committee: [...committee], actor, at: APPEND_TIME },
  },
];

// ── 10. 批准 and 备案 ─────────────────────────────────────────────────────────

export interface ResultApprovalState extends ElectionCase {
  orgUnitId: string;
  /** The posts the new committee replaces, and the posts it fills (domain/electionPosts.ts `committeePosts`). */
  previousHolders: readonly PreviousHolder[];
  posts: readonly OfficeAssignment[];
}

/**
 * Approval of the result ends the posts the committee replaces and starts its own, all
 * on the day of approval; a result not approved records only that.
 */
export const decideResultApproval: Decide<Decided<ElectionApprovalDecision>, ResultApprovalState> = (
  { value: d, actor },
  { caseId, orgUnitId, previousHolders, posts },
) =>
  d.outcome === 'reject'
    ? [{ type: 'ElectionNotApproved', data: { caseId, reason: d.reason, actor, at: APPEND_TIME } }]
    : [
        { type: 'ElectionApproved', data: { caseId, approvedOn: APPEND_DATE, reason: d.reason, actor, at: APPEND_TIME } },
        ...previousHolders.map((p): PostEnded => ({
          type: 'PostEnded',
          data: { assignmentId: p.assignmentId, personId: p.personId, endedOn: APPEND_DATE, reason: 'replaced' },
        })),
        ...posts.map((p): PostAssigned => ({
          type: 'PostAssigned',
          data: {
            assignmentId: `${caseId}/${p.personId}`,
            personId: p.personId,
            orgUnitId,
            title: p.title,
            rank: p.rank,
            startedOn: APPEND_DATE,
            onTrial: false,
          },
        })),
      ];

export const decideFiling: Decide<Decided<FilingDecision>, ElectionCase, ElectionFiled> = ({ value: d, actor }, { caseId }) => [
  { type: 'ElectionFiled', data: { caseId, filedOn: APPEND_DATE, reference: d.reference, actor, at: APPEND_TIME } },
];

// ── The nominees, as the events change them ─────────────────────────────────────

/**
 * The nominees after an event: a replacement joins as nominated (a reserve already among
 * them stays as they are); vetting passes or fails one; the review rejects one; an upheld
 * objection strikes one. Nominees an event does not name are the same objects as before.
 */
export const evolveNominees: Evolve<readonly Nominee[]> = (nominees, event: DomainEvent) => {
  const withStatus = (personId: string, status: Nominee['status']) => nominees.map((n) => (n.personId === personId ? { ...n, status } : n));
  switch (event.type) {
    case 'NomineeReplaced': {
      const { personId, memberVotes, massesVotes, replaces } = event.data;
      if (nominees.some((n) => n.personId === personId)) return nominees;
      return [...nominees, { personId, memberVotes, massesVotes, status: 'nominated', replaces }];
    }
    case 'CandidateVetted':
      return withStatus(event.data.personId, event.data.passed ? 'passed' : 'failed');
    case 'NomineeRejected':
      return withStatus(event.data.personId, 'rejected');
    case 'CandidateStruck':
      return withStatus(event.data.personId, 'struck');
    default:
      return nominees;
  }
};

// ── Opening ──────────────────────────────────────────────────────────────────────

const FORM_LABEL: Record<ElectionForm, string> = { village: '双推直选', township: '两推一选' };

/** The unit, term and seats a case is started for, and the posts it will replace. */
export interface ElectionOpening extends ElectionCase {
  orgUnitId: string;
  orgUnitName: string;
  townshipId: string;
  form: ElectionForm;
  term: string;
  seats: number;
  previousHolders: readonly PreviousHolder[];
  policyVersion: string;
}

/** The branch's request (请示) starts the case. */
export function electionOpened(o: ElectionOpening): [CaseStarted, ElectionRequested] {
  const { caseId, orgUnitId, townshipId, form } = o;
  return [
    {
      type: 'CaseStarted',
      data: {
        caseId,
        kind: 'election',
        subjectId: orgUnitId,
        townshipId,
        policyVersion: o.policyVersion,
        startedAt: APPEND_TIME,
        summary: `${o.orgUnitName} ${o.term} 届${FORM_LABEL[form]}（${o.seats} 名委员）`,
      },
    },
    {
      type: 'ElectionRequested',
      data: {
        caseId,
        orgUnitId,
        townshipId,
        form,
        term: o.term,
        seats: o.seats,
        requestedAt: APPEND_TIME,
        previousAssignments: o.previousHolders.map((p) => p.assignmentId),
      },
    },
  ];
}
