/**
 * The days a selection's decisions give (domain/selectionForms.ts, domain/selectionVote.ts)
 * and the body every decision must have (domain/decisions.ts): given the case's days,
 * when a decision arrives, then it is taken or refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { decide, DecisionRefusedError } from '../../client/cases';
import { decisionBody } from '../../domain/decisions';
import { checkPlanApprovalDay, parsePlanApproval, type PlanApproval } from '../../domain/selectionForms';
import { checkCommitteeDays, judgeCommitteeMeeting, parseCommitteeMeeting, type CommitteeMeeting } from '../../domain/selectionVote';
import { DEFAULT_POLICY } from '../../domain/policy';

const days = { openedOn: '2026-03-02', today: '2026-03-20' };

function plan(approvedOn: string): PlanApproval {
  const p = parsePlanApproval({ approvedBy: '县委书记专题会', approvedOn });
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

describe('the work plan’s approvedOn (工作方案)', () => {
  it('is taken on the day the selection was opened and refused the day before', () => {
    expect(checkPlanApprovalDay(plan('2026-03-02'), days)).toEqual({ ok: true, value: plan('2026-03-02') });
    expect(checkPlanApprovalDay(plan('2026-03-01'), days)).toEqual({
      ok: false,
      error: 'approvedOn 2026-03-01 is before the selection was opened (2026-03-02): the plan follows the proposal',
    });
  });

  it('is taken today and refused tomorrow', () => {
    expect(checkPlanApprovalDay(plan('2026-03-20'), days).ok).toBe(true);
    expect(checkPlanApprovalDay(plan('2026-03-21'), days)).toEqual({
      ok: false,
      error: 'approvedOn 2026-03-21 is after today (2026-03-20)',
    });
  });
});

const VOTED = { membersDue: 9, present: 8, votes: [{ personId: 'p1', yes: 6, no: 2, abstain: 0 }] };

function meeting(raw: Record<string, unknown>): CommitteeMeeting {
  const m = parseCommitteeMeeting(raw);
  if (!m.ok) throw new Error(m.error);
  return m.value;
}

function checked(raw: Record<string, unknown>) {
  const m = meeting(raw);
  const j = judgeCommitteeMeeting(m, DEFAULT_POLICY);
  if (!j.ok) throw new Error(j.error);
  return checkCommitteeDays(m, j.value, days);
}

describe('the committee’s heldOn and the pre-appointment notice’s noticePostedOn (讨论决定, 任前公示)', () => {
  it('keeps both days with the record, and a record without them as it was', () => {
    expect(meeting({ ...VOTED, heldOn: '2026-03-10', noticePostedOn: '2026-03-11' })).toMatchObject({
      heldOn: '2026-03-10',
      noticePostedOn: '2026-03-11',
    });
    expect(Object.keys(meeting(VOTED))).toEqual(['membersDue', 'present', 'votes']);
  });

  it('takes a notice posted the day of the vote and refuses one the day before', () => {
    expect(parseCommitteeMeeting({ ...VOTED, heldOn: '2026-03-10', noticePostedOn: '2026-03-10' }).ok).toBe(true);
    expect(parseCommitteeMeeting({ ...VOTED, heldOn: '2026-03-10', noticePostedOn: '2026-03-09' })).toEqual({
      ok: false,
      error: 'noticePostedOn 2026-03-09 is before heldOn 2026-03-10: the notice follows the vote',
    });
    expect(parseCommitteeMeeting({ ...VOTED, noticePostedOn: '2026-03-10' })).toEqual({
      ok: false,
      error: 'noticePostedOn needs heldOn: the pre-appointment notice follows the committee’s vote',
    });
  });

  it('refuses a day that is no calendar day or outside the working-day calendar', () => {
    expect(parseCommitteeMeeting({ ...VOTED, heldOn: '2026-02-30' }).ok).toBe(false);
    expect(parseCommitteeMeeting({ ...VOTED, heldOn: '1999-03-10' })).toEqual({
      ok: false,
      error: expect.stringMatching(/^heldOn 1999-03-10: /),
    });
  });

  it('takes days up to today and refuses tomorrow', () => {
    expect(checked({ ...VOTED, heldOn: '2026-03-20', noticePostedOn: '2026-03-20' }).ok).toBe(true);
    expect(checked({ ...VOTED, heldOn: '2026-03-19', noticePostedOn: '2026-03-21' })).toEqual({
      ok: false,
      error: 'noticePostedOn 2026-03-21 is after today (2026-03-20)',
    });
    expect(checked({ ...VOTED, heldOn: '2026-03-21' })).toEqual({ ok: false, error: 'heldOn 2026-03-21 is after today (2026-03-20)' });
  });

  it('takes a meeting held the day the selection was opened and refuses the day before', () => {
    expect(checked({ ...VOTED, heldOn: '2026-03-02' }).ok).toBe(true);
    expect(checked({ ...VOTED, heldOn: '2026-03-01' })).toEqual({
      ok: false,
      error: 'heldOn 2026-03-01 is before the selection was opened (2026-03-02)',
    });
  });

  it('refuses a notice day when the meeting approved nobody or had no quorum', () => {
    const rejected = { membersDue: 9, present: 8, votes: [{ personId: 'p1', yes: 4, no: 4, abstain: 0 }] };
    const message = 'noticePostedOn: this meeting approved nobody, so no pre-appointment notice follows it';
    expect(checked({ ...rejected, heldOn: '2026-03-10', noticePostedOn: '2026-03-10' })).toEqual({ ok: false, error: message });
    expect(checked({ membersDue: 9, present: 5, heldOn: '2026-03-10', noticePostedOn: '2026-03-10' })).toEqual({
      ok: false,
      error: message,
    });
  });
});

describe('the body of a decision', () => {
  it('is one JSON object; a list, a text, a number or null is refused with one message', () => {
    expect(decisionBody({ outcome: 'pass' })).toEqual({ ok: true, value: { outcome: 'pass' } });
    for (const [raw, got] of [
      [[1, 2], 'a list'],
      [[], 'a list'],
      [null, 'null'],
      ['pass', 'a text'],
      [3, 'a number'],
    ] as const) {
      expect(decisionBody(raw)).toEqual({
        ok: false,
        error: `the decision must be a JSON object of the step's fields ({"field": value, …}), got ${got}`,
      });
    }
  });

  it('is checked by client/cases.ts decide (the CLI’s and the API’s) before the case is asked', async () => {
    let asked = false;
    const client = { workflow: { getHandle: () => ((asked = true), {}) } } as unknown as Client;
    const refused = decide(
      client,
      'selection/ts-01/deputy-head/2026-03-02',
      'work-plan',
      { id: 'org-staff', role: 'county-org-dept' },
      [1, 2],
    );
    await expect(refused).rejects.toThrow(DecisionRefusedError);
    await expect(refused).rejects.toMatchObject({
      reason: 'MalformedDecision',
      message: expect.stringMatching(/^refused \(MalformedDecision\): step "work-plan": .*got a list$/),
    });
    expect(asked).toBe(false);
  });
});
