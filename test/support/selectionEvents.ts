/**
 * Two selections' events as the workflow appends them (the core's task events left out),
 * for the selection read model's tests: the unit test folds them one by one, the
 * PostgreSQL test appends them and rebuilds from the log.
 *
 * - `COMPETITIVE` (差额, ts-a): three targets, one removed by the discipline opinion, a
 *   committee meeting without a quorum and one that approves p-1, appointed with the
 *   probation it starts; closed `appointed`.
 * - `RETURNED` (ordinary, an elected post, ts-b): the committee approves nobody in round
 *   1, the county goes back to the targets, round 2 approves p-5, whose appointment an
 *   upheld objection cancels; closed `appointments-cancelled`.
 */
import type { Actor } from '../../domain/actors';
import type { CaseClosed, CaseStageChanged, CaseStarted, DomainEvent } from '../../domain/events';
import type { SelectionEvent } from '../../domain/events/selection';
import type { CheckResult } from '../../domain/selection';

export const COMPETITIVE = 'selection/ts-a/deputy-head/2026-03-02';
export const RETURNED = 'selection/ts-b/committee-member/2026-04-01';

const staff: Actor = { id: 'org-staff', role: 'county-org-dept' };

type Event = SelectionEvent | CaseStarted | CaseStageChanged | CaseClosed;

/** Each event with the instant it is recorded at (one minute apart, per case). */
export interface TimedEvent {
  event: Event;
  at: string;
}

function timeline(startIso: string, events: Event[]): TimedEvent[] {
  const start = Date.parse(startIso);
  return events.map((event, i) => ({ event, at: new Date(start + i * 60_000).toISOString() }));
}

const at = '2026-03-02T01:00:00.000Z';

function checks(caseId: string, round: number, personId: string, failed?: CheckResult['check']): Event[] {
  return (['personnel-file', 'personal-matters', 'discipline-opinion', 'petitions'] as const).map((check) => ({
    type: 'InspectionCheckReturned',
    data: {
      caseId,
      round,
      personId,
      check,
      passed: check !== failed,
      findings: check === failed ? '有待核实的问题线索' : '',
      actor: staff,
      at,
    },
  }));
}

function opened(caseId: string, unit: string, postId: string, title: string, method: 'competitive' | 'ordinary', nonElected: boolean) {
  const openedOn = caseId.slice(-10);
  return [
    {
      type: 'CaseStarted',
      data: {
        caseId,
        kind: 'selection',
        subjectId: `${unit}/${postId}`,
        townshipId: unit,
        policyVersion: 'test',
        startedAt: at,
        summary: `选拔任用 ${title}`,
      },
    },
    {
      type: 'SelectionOpened',
      data: {
        caseId,
        orgUnitId: unit,
        orgUnitName: `${unit}乡`,
        townshipId: unit,
        post: { postId, title, rank: '副科级', positions: 1, nonElected },
        method,
        qualifications: '大学本科以上学历',
        scope: '全县乡镇在职干部',
        openedOn,
        actor: staff,
      },
    },
    { type: 'CaseStageChanged', data: { caseId, stage: 'work-plan', at } },
  ] satisfies Event[];
}

const stage = (caseId: string, s: string): Event => ({ type: 'CaseStageChanged', data: { caseId, stage: s, at } });

const recommended = (caseId: string, votes: Record<string, number>): Event[] => [
  {
    type: 'SelectionPlanApproved',
    data: { caseId, approvedBy: '县委书记专题会议', approvedOn: caseId.slice(-10), notes: '', actor: staff, at },
  },
  stage(caseId, 'recommendation'),
  { type: 'MeetingRecommendationRecorded', data: { caseId, due: 40, attended: 38, cast: 38, invalid: 0, votes, actor: staff, at } },
  { type: 'TalkRecommendationRecorded', data: { caseId, talkedTo: 25, named: votes, actor: staff, at } },
];

const targets = (caseId: string, round: number, ids: string[]): Event[] => [
  stage(caseId, `targets-${round}`),
  {
    type: 'InspectionTargetsChosen',
    data: { caseId, round, targets: ids.map((personId) => ({ personId, reason: '推荐居前' })), actor: staff, at },
  },
  stage(caseId, `inspection-${round}`),
  { type: 'InspectionTeamFormed', data: { caseId, round, members: ['王明', '李华'], actor: staff, at } },
];

const report = (caseId: string, round: number, personId: string): Event => ({
  type: 'InspectionReported',
  data: { caseId, round, personId, conversations: 30, rating: '优秀25票', report: '表现突出', actor: staff, at },
});

function vote(caseId: string, round: number, meeting: number, results: Record<string, boolean>): Event {
  const ids = Object.keys(results);
  return {
    type: 'CommitteeVoteHeld',
    data: {
      caseId,
      round,
      meeting,
      membersDue: 11,
      present: 9,
      quorumNeeded: 8,
      outcome: 'voted',
      votes: ids.map((personId) => ({ personId, recused: 0, yes: results[personId] ? 7 : 4, no: results[personId] ? 2 : 5, abstain: 0 })),
      results: ids.map((personId) => ({ personId, approved: results[personId]!, yes: results[personId] ? 7 : 4, yesNeeded: 6 })),
      actor: staff,
      at,
    },
  };
}

export function competitiveSelection(): TimedEvent[] {
  const c = COMPETITIVE;
  return timeline('2026-03-02T01:00:00.000Z', [
    ...opened(c, 'ts-a', 'deputy-head', '副镇长', 'competitive', true),
    ...recommended(c, { 'p-1': 20, 'p-2': 10, 'p-3': 6 }),
    ...targets(c, 1, ['p-1', 'p-2', 'p-3']),
    ...checks(c, 1, 'p-1'),
    ...checks(c, 1, 'p-3', 'discipline-opinion'),
    {
      type: 'InspectionTargetRemoved',
      data: { caseId: c, round: 1, personId: 'p-3', failedChecks: ['discipline-opinion'], reasons: ['有待核实的问题线索'], at },
    },
    ...checks(c, 1, 'p-2'),
    report(c, 1, 'p-1'),
    report(c, 1, 'p-2'),
    stage(c, 'committee-1'),
    {
      type: 'CommitteeVoteHeld',
      data: {
        caseId: c,
        round: 1,
        meeting: 1,
        membersDue: 11,
        present: 7,
        quorumNeeded: 8,
        outcome: 'no-quorum',
        votes: [],
        results: [],
        actor: staff,
        at,
      },
    },
    vote(c, 1, 2, { 'p-1': true, 'p-2': false }),
    stage(c, 'appointment'),
    {
      type: 'SelectionAppointed',
      data: {
        caseId: c,
        personId: 'p-1',
        postTitle: '副镇长',
        letterOn: '2026-05-06',
        talkOn: '2026-05-07',
        probationCaseId: 'probation/p-1/deputy-head-2026-05-06',
        actor: staff,
        at,
      },
    },
    { type: 'CaseClosed', data: { caseId: c, outcome: 'appointed', at } },
  ]);
}

/** RETURNED's events up to round 2's targets, and the rest, apart so a test can look in between. */
export function returnedSelection(): { toRound2: TimedEvent[]; rest: TimedEvent[] } {
  const c = RETURNED;
  const all = timeline('2026-04-01T01:00:00.000Z', [
    ...opened(c, 'ts-b', 'committee-member', '乡党委委员', 'ordinary', false),
    ...recommended(c, { 'p-4': 18, 'p-5': 12 }),
    ...targets(c, 1, ['p-4']),
    ...checks(c, 1, 'p-4'),
    report(c, 1, 'p-4'),
    stage(c, 'committee-1'),
    vote(c, 1, 1, { 'p-4': false }),
    { type: 'SelectionVoteFailed', data: { caseId: c, round: 1, next: 'return-to-targets', reason: '重新确定考察对象', actor: staff, at } },
    ...targets(c, 2, ['p-5']),
    ...checks(c, 2, 'p-5'),
    report(c, 2, 'p-5'),
    stage(c, 'committee-2'),
    vote(c, 2, 1, { 'p-5': true }),
    stage(c, 'appointment'),
    { type: 'SelectionAppointmentCancelled', data: { caseId: c, personId: 'p-5', findings: ['群众反映的问题经核实属实'], at } },
    { type: 'CaseClosed', data: { caseId: c, outcome: 'appointments-cancelled', at } },
  ]);
  const split = all.findIndex((e) => e.event.type === 'InspectionTargetsChosen' && e.event.data.round === 2) + 1;
  return { toRound2: all.slice(0, split), rest: all.slice(split) };
}

/** Plain domain events, for appending. */
export const domainEvents = (events: readonly TimedEvent[]): DomainEvent[] => events.map((e) => e.event);

/** The `selection_cases` row `competitiveSelection()` folds to: the same in the unit fold and on PostgreSQL. */
export function competitiveSelectionRow() {
  return {
    case_id: COMPETITIVE,
    org_unit_id: 'ts-a',
    org_unit_name: 'ts-a乡',
    township_id: 'ts-a',
    post_id: 'deputy-head',
    post_title: '副镇长',
    post_rank: '副科级',
    positions: 1,
    non_elected: true,
    method: 'competitive',
    opened_on: '2026-03-02',
    plan_approved_on: '2026-03-02',
    stage: 'closed',
    round: 1,
    targets: ['p-1', 'p-2', 'p-3'],
    removed: ['p-3'],
    approved: ['p-1'],
    appointed: ['p-1'],
    cancelled: [],
    probation_case_ids: ['probation/p-1/deputy-head-2026-05-06'],
    outcome: 'appointed',
    updated_at: new Date(competitiveSelection().at(-1)!.at),
  };
}
