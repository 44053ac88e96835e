/**
 * The selection read model's fold (activities/projections/selection.ts `foldSelection`),
 * given a selection's events → its `selection_cases` row. On PostgreSQL, with a rebuild
 * from the log, in test/integration/projections.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { foldSelection, type SelectionCaseRow, type SelectionFolded } from '../../activities/projections/selection';
import { competitiveSelection, competitiveSelectionRow, RETURNED, returnedSelection, type TimedEvent } from '../support/selectionEvents';

/** Folds events as the projection does, skipping the core's CaseStarted (which it never sees). */
function fold(events: readonly TimedEvent[], from?: SelectionCaseRow): SelectionCaseRow | undefined {
  let row = from;
  for (const { event, at } of events) {
    if (event.type === 'CaseStarted') continue;
    row = foldSelection(row, event as SelectionFolded, new Date(at));
  }
  return row;
}

describe('the selection_cases row', () => {
  it('given a competitive selection to its appointment: post, method, round 1 targets, the removed target, approved, appointed, probation, outcome', () => {
    const events = competitiveSelection();
    expect(fold(events)).toEqual(competitiveSelectionRow());
  });

  it('follows the case stage by stage: opened at work-plan, round 0 and no targets until the list is chosen', () => {
    const events = competitiveSelection();
    const atWorkPlan = fold(events.slice(0, 3))!;
    expect(atWorkPlan).toMatchObject({ stage: 'work-plan', round: 0, targets: [], outcome: null, plan_approved_on: null });
    const chosen = events.findIndex((e) => e.event.type === 'InspectionTargetsChosen');
    expect(fold(events.slice(0, chosen + 2))).toMatchObject({ stage: 'inspection-1', round: 1, targets: ['p-1', 'p-2', 'p-3'] });
  });

  it('a committee meeting without a quorum approves nobody; the next meeting with one sets the approved', () => {
    const events = competitiveSelection();
    const noQuorum = events.findIndex((e) => e.event.type === 'CommitteeVoteHeld');
    expect(fold(events.slice(0, noQuorum + 1))).toMatchObject({ stage: 'committee-1', approved: [] });
    expect(fold(events.slice(0, noQuorum + 2))).toMatchObject({ stage: 'committee-1', approved: ['p-1'] });
  });

  it('a new round starts its targets, removed and approved afresh; appointments cancelled by an objection are listed, no probation for an elected post', () => {
    const { toRound2, rest } = returnedSelection();
    const round1 = toRound2.slice(0, -1);
    expect(fold(round1)).toMatchObject({ round: 1, targets: ['p-4'], approved: [], non_elected: false });
    const round2 = fold(toRound2)!;
    expect(round2).toMatchObject({ round: 2, targets: ['p-5'], removed: [], approved: [], stage: 'targets-2' });
    expect(fold(rest, round2)).toMatchObject({
      case_id: RETURNED,
      round: 2,
      approved: ['p-5'],
      appointed: [],
      cancelled: ['p-5'],
      probation_case_ids: [],
      stage: 'closed',
      outcome: 'appointments-cancelled',
    });
  });

  it('every event moves updated_at to when it was recorded, the record-only ones too', () => {
    const events = competitiveSelection();
    const team = events.findIndex((e) => e.event.type === 'InspectionTeamFormed');
    expect(fold(events.slice(0, team + 1))!.updated_at).toEqual(new Date(events[team]!.at));
  });

  it('an event of a case never opened changes nothing; a repeated opening keeps the stage', () => {
    const events = competitiveSelection();
    const stray = events.find((e) => e.event.type === 'SelectionPlanApproved')!;
    expect(foldSelection(undefined, stray.event as SelectionFolded, new Date(stray.at))).toBeUndefined();
    const atWorkPlan = fold(events.slice(0, 3))!;
    const opening = events.find((e) => e.event.type === 'SelectionOpened')!;
    expect(foldSelection(atWorkPlan, opening.event as SelectionFolded, new Date(opening.at))).toMatchObject({ stage: 'work-plan' });
  });
});
