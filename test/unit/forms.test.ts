/**
 * The form a task names (domain/forms.ts `formKeyOf`): every step the workflows open as
 * a task, numbered ones included, maps to the form that decides it; the same step name
 * in two procedures maps to each procedure's own form; a step no form knows (a public
 * notice itself, an update that is no task, a misspelt step) maps to nothing.
 */
import { describe, expect, it } from 'vitest';
import { caseKindOfId, FORM_KEYS, formKeyOf, formKeyOfTask, type FormKey } from '../../domain/forms';

/** [case kind, step, form]: the steps of workflows/ (`step:` and the step builders they call), each with its form. */
const STEPS: ReadonlyArray<readonly [string, string, FormKey]> = [
  ['probation', 'check-in-1', 'probation.check-in'],
  ['probation', 'check-in-2', 'probation.check-in'],
  ['probation', 'check-in-12', 'probation.check-in'],
  ['probation', 'democratic-rating', 'probation.rating'],
  ['probation', 'township-recommendation', 'probation.outcome'],
  ['probation', 'county-decision', 'probation.outcome'],
  ['probation', 'end-early', 'probation.end-early'],
  ['probation', 'pre-appointment-notice:objection-1:finding', 'notice.finding'],

  ['evaluation', 'self-summary', 'evaluation.self-summary'],
  ['evaluation', 'democratic-rating', 'evaluation.rating'],
  ['evaluation', 're-rating', 'evaluation.rating'],
  ['evaluation', 'quantified-score', 'evaluation.score'],
  ['evaluation', 'supervisor-comment', 'evaluation.supervisor-comment'],
  ['evaluation', 'township-recommendation', 'evaluation.recommendation'],
  ['evaluation', 'notification', 'evaluation.notification'],
  ['evaluation', 'excellent-notice:regrade', 'evaluation.regrade'],
  ['evaluation', 'review-notice:regrade', 'evaluation.regrade'],
  ['evaluation', 'appeal-notice:regrade', 'evaluation.regrade'],
  ['evaluation', 'excellent-notice:objection-1:finding', 'notice.finding'],
  ['evaluation', 'appeal-notice:objection-3:finding', 'notice.finding'],

  ['evaluation-round', 'review:p-0001', 'evaluation-round.review'],
  ['evaluation-round', 'appeal:p-0001', 'evaluation-round.appeal'],
  ['evaluation-round', 'committee:ts-03/villages', 'evaluation-round.committee'],

  ['member-development', 'talk', 'member-development.talk'],
  ['member-development', 'activist-designation', 'member-development.activist-designation'],
  ['member-development', 'activist-review-1', 'member-development.activist-review'],
  ['member-development', 'activist-review-4', 'member-development.activist-review'],
  ['member-development', 'development-target', 'member-development.development-target'],
  ['member-development', 'theory-exam', 'member-development.theory-exam'],
  ['member-development', 'theory-exam-r2', 'member-development.theory-exam'],
  ['member-development', 'branch-inspection', 'member-development.pass-fail'],
  ['member-development', 'branch-inspection-r2', 'member-development.pass-fail'],
  ['member-development', 'township-review', 'member-development.pass-fail'],
  ['member-development', 'township-review-r3', 'member-development.pass-fail'],
  ['member-development', 'county-review', 'member-development.county-review'],
  ['member-development', 'county-review-r2', 'member-development.county-review'],
  ['member-development', 'masses-vote', 'member-development.masses-vote'],
  ['member-development', 'masses-vote-r2', 'member-development.masses-vote'],
  ['member-development', 'members-vote', 'member-development.members-vote'],
  ['member-development', 'members-vote-r2', 'member-development.members-vote'],
  ['member-development', 'approval', 'member-development.admission'],
  ['member-development', 'approval-r2', 'member-development.admission'],
  ['member-development', 'resubmission-1', 'member-development.resubmission'],
  ['member-development', 'resubmission-2', 'member-development.resubmission'],
  ['member-development', 'oath', 'member-development.oath'],
  ['member-development', 'conversion', 'member-development.conversion'],
  ['member-development', 'conversion-2', 'member-development.conversion'],
  ['member-development', 'village-notice:objection-1:finding', 'notice.finding'],
  ['member-development', 'higher-notice-r2:objection-2:finding', 'notice.finding'],

  ['rectification', 'support', 'rectification.support'],
  ['rectification', 'round-1:plan-1', 'rectification.plan'],
  ['rectification', 'round-2:plan-3', 'rectification.plan'],
  ['rectification', 'round-1:plan-1:approval', 'rectification.plan-review'],
  ['rectification', 'round-2:plan-3:approval', 'rectification.plan-review'],
  ['rectification', 'round-1:report-1', 'rectification.report'],
  ['rectification', 'round-2:report-6', 'rectification.report'],
  ['rectification', 'follow-up-report', 'rectification.report'],
  ['rectification', 'round-1:inspection-1', 'rectification.inspection'],
  ['rectification', 'round-2:inspection-2', 'rectification.inspection'],
  ['rectification', 'round-1:sign-off', 'rectification.sign-off'],

  ['election', 'request-approval', 'election.approval'],
  ['election', 'result-approval', 'election.approval'],
  ['election', 'election-notice', 'election.notice'],
  ['election', 'members-recommendation', 'election.recommendation'],
  ['election', 'members-recommendation-2', 'election.recommendation'],
  ['election', 'masses-recommendation', 'election.recommendation'],
  ['election', 'masses-recommendation-3', 'election.recommendation'],
  ['election', 'township-review', 'election.nominee-review'],
  ['election', 'replacement-1', 'election.replacement'],
  ['election', 'replacement-3', 'election.replacement'],
  ['election', 'vetting-p-0462', 'election.vetting'],
  ['election', 'slate', 'election.slate'],
  ['election', 'slate-notice:objection-1:finding', 'notice.finding'],
  ['election', 'slate-notice-2:objection-2:finding', 'notice.finding'],
  ['election', 'slate-notice:strikes', 'election.strikes'],
  ['election', 'slate-notice-2:strikes', 'election.strikes'],
  ['election', 'election-meeting', 'election.ballot'],
  ['election', 'election-meeting-2', 'election.ballot'],
  ['election', 'further-ballot', 'election.ballot'],
  ['election', 'further-ballot-2', 'election.ballot'],
  ['election', 'second-ballot', 'election.ballot'],
  ['election', 'second-ballot-3', 'election.ballot'],
  ['election', 'vacancy', 'election.vacancy'],
  ['election', 'vacancy-2', 'election.vacancy'],
  ['election', 'officers', 'election.officers'],
  ['election', 'filing', 'election.filing'],

  ['selection', 'work-plan', 'selection.work-plan'],
  ['selection', 'meeting-recommendation', 'selection.meeting-recommendation'],
  ['selection', 'talk-recommendation', 'selection.talk-recommendation'],
  ['selection', 'targets-1', 'selection.targets'],
  ['selection', 'targets-2-3', 'selection.targets'],
  ['selection', 'targets-1-notice:objection-1:finding', 'notice.finding'],
  ['selection', 'inspection-team-1', 'selection.inspection-team'],
  ['selection', 'check-1-p-0612-personnel-file', 'selection.check'],
  ['selection', 'check-2-p-0612-personal-matters', 'selection.check'],
  ['selection', 'check-1-p-0612-discipline-opinion', 'selection.check'],
  ['selection', 'check-1-p-0612-petitions', 'selection.check'],
  ['selection', 'report-1-p-0612', 'selection.report'],
  ['selection', 'committee-1-1', 'selection.committee'],
  ['selection', 'committee-2-3', 'selection.committee'],
  ['selection', 'vote-failed-1', 'selection.vote-failed'],
  ['selection', 'pre-appointment-notice-p-0612:objection-1:finding', 'notice.finding'],
  ['selection', 'appointment-p-0612', 'selection.appointment'],
];

describe('formKeyOf', () => {
  it.each(STEPS)('given a %s case, when step %s is open, then it is decided on form %s', (kind, step, form) => {
    expect(formKeyOf(kind, step)).toBe(form);
  });

  it('every form a task can name is the form of some step the workflows open', () => {
    expect(new Set(STEPS.map(([, , form]) => form))).toEqual(new Set(FORM_KEYS));
  });

  it('a step name two procedures share is decided on each procedure’s own form', () => {
    expect(formKeyOf('probation', 'democratic-rating')).toBe('probation.rating');
    expect(formKeyOf('evaluation', 'democratic-rating')).toBe('evaluation.rating');
    expect(formKeyOf('probation', 'township-recommendation')).toBe('probation.outcome');
    expect(formKeyOf('evaluation', 'township-recommendation')).toBe('evaluation.recommendation');
    expect(formKeyOf('election', 'township-review')).toBe('election.nominee-review');
    expect(formKeyOf('member-development', 'township-review')).toBe('member-development.pass-fail');
    expect(formKeyOf('election', 'approval')).toBeUndefined();
    expect(formKeyOf('member-development', 'request-approval')).toBeUndefined();
  });

  it.each([
    ['probation', 'pre-appointment-notice', 'a public notice is no task'],
    ['member-development', 'village-notice', 'a public notice is no task'],
    ['evaluation', 'excellent-notice', 'a public notice is no task'],
    ['evaluation', 'review-request', 'a request for review is an update, not a task'],
    ['probation', 'check-in', 'a check-in without its number'],
    ['probation', 'check-in-1x', 'a step with something after its number'],
    ['probation', 'talk', 'another procedure’s step'],
    ['member-development', 'theory-exam-2', 'a gate’s round written without its r'],
    ['rectification', 'plan-1', 'a plan without its round'],
    ['election', 'slate-notice:objection-1', 'an objection itself, not its finding'],
    ['evaluation-round', 'committee:', 'a committee step without its unit'],
    ['selection', 'pre-appointment-notice-p-0612', 'a public notice is no task'],
    ['selection', 'check-1-p-0612-references', 'a check that is not one of the four'],
    ['selection', 'committee-1', 'a committee step without its meeting'],
    ['no-such-kind', 'check-in-1', 'a kind no procedure has'],
  ])('given a %s case, when step %s is named (%s), then no form knows it', (kind, step) => {
    expect(formKeyOf(kind, step)).toBeUndefined();
  });
});

describe('formKeyOfTask', () => {
  it('reads the case kind from the case id, whose first segment it is', () => {
    expect(caseKindOfId('member-development/p-0100')).toBe('member-development');
    expect(caseKindOfId('evaluation-round/2026/ts-03')).toBe('evaluation-round');
    expect(formKeyOfTask({ caseId: 'probation/p-0005/2026-01-05', step: 'check-in-2' })).toBe('probation.check-in');
    expect(formKeyOfTask({ caseId: 'evaluation/2026/p-0005', step: 'democratic-rating' })).toBe('evaluation.rating');
    expect(formKeyOfTask({ caseId: 'evaluation-round/2026/ts-03', step: 'committee:ts-03/villages' })).toBe('evaluation-round.committee');
    expect(formKeyOfTask({ caseId: 'election/ts-01-v01/2026', step: 'vetting-p-0462' })).toBe('election.vetting');
  });
});
