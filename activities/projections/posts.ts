/**
 * How a post's end or confirmation changes the registry rows (`post_assignments`,
 * `people`). The core's PostEnded / PostConfirmed and probation's ProbationConfirmed /
 * ProbationFailed / ProbationEndedEarly apply the same rules, through these.
 */
import type { PostEndReason } from '../../schema/db';
import type { ReadModelRow, ReadModelState } from './state';

/** An assignment's end is recorded once: a later end event does not move its date or reason. */
export function endAssignment(s: ReadModelState, assignmentId: string, endedOn: string, reason: PostEndReason): void {
  const a = s.get('post_assignments', assignmentId);
  if (a && a.ended_on === null) s.patch('post_assignments', assignmentId, { ended_on: endedOn, end_reason: reason });
}

export function confirmAssignment(s: ReadModelState, assignmentId: string, confirmedOn: string): void {
  // PostConfirmed and ProbationConfirmed may both arrive; the first date stands.
  const a = s.get('post_assignments', assignmentId);
  if (a) s.patch('post_assignments', assignmentId, { on_trial: false, confirmed_on: a.confirmed_on ?? confirmedOn });
}

/** If the ended assignment was the person's current post, fall back to their latest other open one. */
export function refreshCurrentPost(s: ReadModelState, personId: string, endedAssignmentId: string): void {
  const person = s.get('people', personId);
  if (!person || person.current_assignment_id !== endedAssignmentId) return;
  let next: ReadModelRow<'post_assignments'> | undefined;
  for (const a of s.all('post_assignments')) {
    if (a.person_id !== personId || a.ended_on !== null || a.assignment_id === endedAssignmentId) continue;
    // Compared in JS, not by a database collation, so both drivers pick the same post.
    if (!next || a.started_on > next.started_on || (a.started_on === next.started_on && a.assignment_id > next.assignment_id)) {
      next = a;
    }
  }
  s.patch('people', personId, {
    current_assignment_id: next?.assignment_id ?? null,
    current_title: next?.title ?? null,
    current_org_unit_id: next?.org_unit_id ?? null,
  });
}
