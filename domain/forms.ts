/**
 * Which form decides a step. A task carries its form's key (`form: 'probation.check-in'`,
 * computed from the case's kind and the step when the task is read, so tasks opened
 * before the key existed carry it too), and the UI looks the form up by that key instead
 * of reading step names. The key names the procedure and the decision, not the step:
 * every check-in of a probation is decided on the same form, and so is every objection
 * to any public notice (`notice.finding`). Pure: the API and the UI both call it.
 */
import type { Policy } from './policy';
import type { MeetingRecommendation, SelectionMethod, TalkRecommendation } from './selection';

/** Every form a task can name, by procedure (`notice.` for steps any procedure's public notice opens). */
export const FORM_KEYS = [
  'notice.finding',

  'probation.check-in',
  'probation.rating',
  'probation.outcome',
  'probation.end-early',

  'evaluation.self-summary',
  'evaluation.rating',
  'evaluation.score',
  'evaluation.supervisor-comment',
  'evaluation.recommendation',
  'evaluation.notification',
  'evaluation.regrade',

  'evaluation-round.review',
  'evaluation-round.appeal',
  'evaluation-round.committee',

  'member-development.talk',
  'member-development.activist-designation',
  'member-development.activist-review',
  'member-development.development-target',
  'member-development.theory-exam',
  'member-development.pass-fail',
  'member-development.county-review',
  'member-development.masses-vote',
  'member-development.members-vote',
  'member-development.admission',
  'member-development.resubmission',
  'member-development.oath',
  'member-development.conversion',

  'rectification.support',
  'rectification.plan',
  'rectification.plan-review',
  'rectification.report',
  'rectification.inspection',
  'rectification.sign-off',

  'election.approval',
  'election.notice',
  'election.recommendation',
  'election.ballot',
  'election.nominee-review',
  'election.replacement',
  'election.vetting',
  'election.slate',
  'election.strikes',
  'election.vacancy',
  'election.officers',
  'election.filing',

  'selection.work-plan',
  'selection.meeting-recommendation',
  'selection.talk-recommendation',
  'selection.targets',
  'selection.inspection-team',
  'selection.check',
  'selection.report',
  'selection.committee',
  'selection.vote-failed',
  'selection.appointment',
] as const;

export type FormKey = (typeof FORM_KEYS)[number];

/** A member-development gate's step, with or without its round (`members-vote-r2`). */
const gate = (step: string, name: string) => step === name || new RegExp(`^${name}-r\\d+$`).test(step);

/** The form for a step of a case of `caseKind`, or undefined when no form knows the step (the UI then offers a JSON editor). */
export function formKeyOf(caseKind: string, step: string): FormKey | undefined {
  // Any public notice's objection is checked on the same form, whatever the procedure.
  if (/:objection-\d+:finding$/.test(step)) return 'notice.finding';
  switch (caseKind) {
    case 'probation':
      return probationForm(step);
    case 'evaluation':
      return evaluationForm(step);
    case 'evaluation-round':
      return evaluationRoundForm(step);
    case 'member-development':
      return memberDevelopmentForm(step);
    case 'rectification':
      return rectificationForm(step);
    case 'election':
      return electionForm(step);
    case 'selection':
      return selectionForm(step);
    default:
      return undefined;
  }
}

function probationForm(step: string): FormKey | undefined {
  if (/^check-in-\d+$/.test(step)) return 'probation.check-in';
  if (step === 'democratic-rating') return 'probation.rating';
  if (step === 'township-recommendation' || step === 'county-decision') return 'probation.outcome';
  // Not a task: the county may end a probation at any time; the case page offers the form.
  if (step === 'end-early') return 'probation.end-early';
  return undefined;
}

function evaluationForm(step: string): FormKey | undefined {
  if (step === 'self-summary') return 'evaluation.self-summary';
  if (step === 'democratic-rating' || step === 're-rating') return 'evaluation.rating';
  if (step === 'quantified-score') return 'evaluation.score';
  if (step === 'supervisor-comment') return 'evaluation.supervisor-comment';
  if (step === 'township-recommendation') return 'evaluation.recommendation';
  if (step === 'notification') return 'evaluation.notification';
  if (step.endsWith(':regrade')) return 'evaluation.regrade';
  return undefined;
}

function evaluationRoundForm(step: string): FormKey | undefined {
  if (step.startsWith('review:')) return 'evaluation-round.review';
  if (step.startsWith('appeal:')) return 'evaluation-round.appeal';
  // `committee:<unit>`: the committee grades a whole unit on a table of its own.
  if (/^committee:.+$/.test(step)) return 'evaluation-round.committee';
  return undefined;
}

function memberDevelopmentForm(step: string): FormKey | undefined {
  if (step === 'talk') return 'member-development.talk';
  if (step === 'activist-designation') return 'member-development.activist-designation';
  if (/^activist-review-\d+$/.test(step)) return 'member-development.activist-review';
  if (step === 'development-target') return 'member-development.development-target';
  if (gate(step, 'theory-exam')) return 'member-development.theory-exam';
  if (gate(step, 'branch-inspection') || gate(step, 'township-review')) return 'member-development.pass-fail';
  if (gate(step, 'county-review')) return 'member-development.county-review';
  if (gate(step, 'masses-vote')) return 'member-development.masses-vote';
  if (gate(step, 'members-vote')) return 'member-development.members-vote';
  if (gate(step, 'approval')) return 'member-development.admission';
  if (/^resubmission-\d+$/.test(step)) return 'member-development.resubmission';
  if (step === 'oath') return 'member-development.oath';
  if (step === 'conversion' || step === 'conversion-2') return 'member-development.conversion';
  return undefined;
}

function rectificationForm(step: string): FormKey | undefined {
  if (step === 'support') return 'rectification.support';
  if (/^round-\d+:plan-\d+$/.test(step)) return 'rectification.plan';
  if (/^round-\d+:plan-\d+:approval$/.test(step)) return 'rectification.plan-review';
  if (/^round-\d+:report-\d+$/.test(step) || step === 'follow-up-report') return 'rectification.report';
  if (/^round-\d+:inspection-\d+$/.test(step)) return 'rectification.inspection';
  if (/^round-\d+:sign-off$/.test(step)) return 'rectification.sign-off';
  return undefined;
}

function electionForm(step: string): FormKey | undefined {
  if (step === 'request-approval' || step === 'result-approval') return 'election.approval';
  if (step === 'election-notice') return 'election.notice';
  if (/^(members|masses)-recommendation(-\d+)?$/.test(step)) return 'election.recommendation';
  if (/^(election-meeting|further-ballot|second-ballot)(-\d+)?$/.test(step)) return 'election.ballot';
  if (step === 'township-review') return 'election.nominee-review';
  if (/^replacement-\d+$/.test(step)) return 'election.replacement';
  if (step.startsWith('vetting-')) return 'election.vetting';
  if (step === 'slate') return 'election.slate';
  if (/^slate-notice(-\d+)?:strikes$/.test(step)) return 'election.strikes';
  if (/^vacancy(-\d+)?$/.test(step)) return 'election.vacancy';
  if (step === 'officers') return 'election.officers';
  if (step === 'filing') return 'election.filing';
  return undefined;
}

/** A selection's steps carry their round, meeting and person (`check-1-p-0612-petitions`, `committee-1-2`). */
function selectionForm(step: string): FormKey | undefined {
  if (step === 'work-plan') return 'selection.work-plan';
  if (step === 'meeting-recommendation') return 'selection.meeting-recommendation';
  if (step === 'talk-recommendation') return 'selection.talk-recommendation';
  // `targets-2` and, after an upheld objection to the list, `targets-2-3`.
  if (/^targets-\d+(-\d+)?$/.test(step)) return 'selection.targets';
  if (/^inspection-team-\d+$/.test(step)) return 'selection.inspection-team';
  if (/^check-\d+-.+-(personnel-file|personal-matters|discipline-opinion|petitions)$/.test(step)) return 'selection.check';
  if (/^report-\d+-.+$/.test(step)) return 'selection.report';
  if (/^committee-\d+-\d+$/.test(step)) return 'selection.committee';
  if (/^vote-failed-\d+$/.test(step)) return 'selection.vote-failed';
  if (/^appointment-.+$/.test(step)) return 'selection.appointment';
  return undefined;
}

/** A case's kind from its id: every case id starts with its kind (`probation/p-0005/2026-01-05`). */
export const caseKindOfId = (caseId: string): string => caseId.split('/')[0] ?? '';

/** The form of a task, from its case id and step. */
export const formKeyOfTask = (task: { caseId: string; step: string }): FormKey | undefined =>
  formKeyOf(caseKindOfId(task.caseId), task.step);

/** A ballot's list and the seats it fills. */
export interface BallotList {
  candidates: string[];
  seats: number;
}

/**
 * What an election's forms read from the case, served with the case's view (read from
 * the `elections` read model, not rebuilt from the timeline by the browser): the seats a
 * ballot fills, the members the notice named, whom the person fields can offer, and the
 * lists of the ballots after the first.
 */
export interface ElectionFacts {
  /** Seats to fill now: as requested, less any reduction (减少名额). */
  seats: number;
  /** Members with a vote, from the election notice; null before it is posted. */
  eligibleVoters: number | null;
  /** Everyone recommended by a meeting or brought in as a replacement (递补), by id, sorted. */
  nominees: string[];
  /** Nominees who passed vetting (考察) and stand as such. */
  passed: string[];
  /** The slate as it stands: the last one set, less those struck after it. */
  slate: string[];
  /** A further ballot's list: the candidates tied at the latest tie, for the seats left to them; null while none tied. */
  furtherBallot: BallotList | null;
  /** 另行选举's list, as last called; null while none was. */
  secondBallot: BallotList | null;
}

/** One round of a selection: its targets as listed, and those whose inspection report is in (the committee's candidates). */
export interface SelectionRound {
  round: number;
  targets: string[];
  candidates: string[];
}

/**
 * What a selection's forms read from the case: the method and posts (how many targets),
 * the two recommendations (whom the targets may be), each round's targets and
 * candidates, and the policy's selection rules the case was started with (the vote's
 * quorum and approval share, the extra targets of a competitive selection).
 */
export interface SelectionFacts {
  /** The day the selection was opened: the plan and the committee's days are not before it. */
  openedOn: string;
  method: SelectionMethod;
  positions: number;
  meeting: MeetingRecommendation | null;
  talks: TalkRecommendation | null;
  rounds: SelectionRound[];
  policy: Policy['selection'];
}
