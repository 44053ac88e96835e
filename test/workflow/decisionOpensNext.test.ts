/**
 * A step that follows a decision at once is opened by that decision's own append (patch
 * `decision-opens-next-task`): the evaluation's five township steps take one append each
 * and no activity task to open the next. The next step is open when the Update answers,
 * so deciding it at once is accepted, never refused as not open. Events that come just
 * before a step opens (the case's start, the grade fixed) go in its opening's append
 * (patch `task-opens-with-events`). On Temporal's
 * time-skipping test server with a real PostgreSQL; the history is kept for the replay
 * suite (test/fixtures/histories).
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { evaluationWorkflowId } from '../../domain/evaluationRound';
import { keepHistory } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { DECISION_OPENS_NEXT_PATCH, OPENS_WITH_EVENTS_PATCH } from '../../workflows/kit/case';
import { committee, county, db, decide, env, person, startRound, VOTES_PLAIN, useEvaluationSuite } from '../support/evaluationSuite';

useEvaluationSuite();

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** A history event's kind, with an activity's type or a marker's text. */
function kind(e: HistoryEvent): string {
  if (e.workflowExecutionUpdateAcceptedEventAttributes) return 'update-accepted';
  if (e.workflowExecutionUpdateCompletedEventAttributes) return 'update-completed';
  if (e.activityTaskScheduledEventAttributes) return `activity:${e.activityTaskScheduledEventAttributes.activityType?.name}`;
  const marker = e.markerRecordedEventAttributes;
  const text = (p: { payloads?: Array<{ data?: Uint8Array | null }> | null } | null | undefined): string => {
    const data = p?.payloads?.[0]?.data;
    return data ? Buffer.from(data).toString('utf8') : '';
  };
  if (marker?.markerName === 'core_patch') return `patch:${text(marker.details?.['patch-data'])}`;
  if (marker?.markerName === 'core_local_activity') return `local:${text(marker.details?.data)}`;
  return 'other';
}

const STEPS: Array<{ step: string; decision: Record<string, unknown> }> = [
  { step: 'self-summary', decision: { summary: '全年工作总结' } },
  { step: 'democratic-rating', decision: { meeting: { present: 30, due: 31 }, votes: VOTES_PLAIN } },
  { step: 'quantified-score', decision: { supervisor: 88, staff: 86.5, assessmentTeam: 90 } },
  { step: 'supervisor-comment', decision: { comment: '工作扎实', proposedGrade: 'competent' } },
  { step: 'township-recommendation', decision: { grade: 'competent', reason: '' } },
];

describe('a decision that opens the next step', () => {
  it('opens it in its own append: decided at once without waiting, one append and no activity task per step', async () => {
    const round = await startRound(2026, 'ts-04');
    const personId = person('ts-04', 1);
    const caseId = evaluationWorkflowId(2026, personId);
    const handle = env.client.workflow.getHandle(caseId);
    const tc = committee('ts-04');

    // The first step is opened by the case itself; from then on each decision is sent the
    // moment the one before has answered, with no look at the inbox in between.
    const receipts = new Map<string, string>();
    receipts.set(STEPS[0]!.step, (await decide(caseId, STEPS[0]!.step, tc, STEPS[0]!.decision)).position);
    for (const [i, { step, decision }] of STEPS.entries()) {
      if (i > 0) receipts.set(step, (await handle.executeUpdate(decideUpdate, { args: [{ step, actor: tc, decision }] })).position);
      const rows = await db.selectFrom('tasks').select(['step', 'status']).where('case_id', '=', caseId).execute();
      const status = Object.fromEntries(rows.map((r) => [r.step, r.status]));
      expect(status[step], `${step} when its Update answered`).toBe('decided');
      // The next township step is already in the inbox when this one's Update answers.
      if (i < STEPS.length - 1) expect(status[STEPS[i + 1]!.step], `${STEPS[i + 1]!.step} after ${step}`).toBe('pending');
    }

    const history = await handle.fetchHistory();
    const kinds = (history.events ?? []).map(kind);
    // Only the first step's opening is an activity task, with the case's start in its
    // append; the other four came with a decision.
    expect(kinds.filter((k) => k === 'activity:openTask')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'activity:appendEvents')).toHaveLength(0);
    expect(kinds.filter((k) => k.startsWith('patch:') && k.includes(OPENS_WITH_EVENTS_PATCH))).toHaveLength(1);
    const locals = kinds.filter((k) => k.startsWith('local:'));
    expect(locals.filter((k) => k.includes('decideAndOpen'))).toHaveLength(4);
    expect(locals.filter((k) => k.includes('appendEvents'))).toHaveLength(1);
    expect(kinds.filter((k) => k.startsWith('patch:') && k.includes(DECISION_OPENS_NEXT_PATCH))).toHaveLength(1);

    // Each chained decision is one append (one idempotency key) holding its TaskDecided
    // and the next step's TaskOpened, which names its own step as its cause.
    const events = await db
      .selectFrom('events')
      .select(['position', 'type', 'idempotency_key', 'metadata', 'data'])
      .where('stream_id', '=', caseId)
      .orderBy('position')
      .execute();
    for (const [i, { step }] of STEPS.slice(0, -1).entries()) {
      const key = `${caseId}:${step}`;
      const append = events.filter((e) => e.idempotency_key.startsWith(`${key}#`));
      expect(append[0]?.type, `${step}'s append`).toBe('TaskDecided');
      const opened = append.at(-1)!;
      expect(opened.type, `${step}'s append ends with the next step opened`).toBe('TaskOpened');
      expect((opened.data as { step: string }).step).toBe(STEPS[i + 1]!.step);
      expect((opened.metadata as { causationId: string }).causationId).toBe(`${STEPS[i + 1]!.step}:open`);
    }
    // Each receipt names the decision's own last event, not the next step's opening.
    for (const { step } of STEPS) {
      const last = events.find((e) => String(e.position) === receipts.get(step));
      expect((last?.metadata as { causationId?: string } | undefined)?.causationId, `${step}'s receipt`).toBe(step);
    }
    // A step is never opened twice, nor decided before it opened.
    expect(events.filter((e) => e.type === 'TaskOpened')).toHaveLength(STEPS.length);
    const tasks = await db.selectFrom('tasks').select(['step', 'opened_at', 'decided_at']).where('case_id', '=', caseId).execute();
    for (const t of tasks) expect(new Date(t.decided_at!).getTime(), t.step).toBeGreaterThanOrEqual(new Date(t.opened_at).getTime());

    // The rest of the year as before: the committee grades, the notification is sent, the grade stands.
    await decide(round.workflowId, 'committee:ts-04/township', county, { grades: { [personId]: 'competent' } });
    await decide(caseId, 'notification', tc, { method: 'in-person' });
    expect(await handle.result()).toBe('competent');
    // The case's start opened its first step, and the grade fixed its notification, in one append each.
    const opens = await db
      .selectFrom('events')
      .select(['type', 'idempotency_key'])
      .where('stream_id', '=', caseId)
      .where('idempotency_key', 'like', '%:open#%')
      .orderBy('position')
      .execute();
    const typesOf = (step: string) => opens.filter((e) => e.idempotency_key.startsWith(`${caseId}:${step}:open#`)).map((e) => e.type);
    expect(typesOf('self-summary')).toEqual(['CaseStarted', 'EvaluationStarted', 'CaseStageChanged', 'TaskOpened']);
    expect(typesOf('notification')).toEqual(['EvaluationGradeFixed', 'CaseStageChanged', 'TaskOpened']);
    // With no warning running, the grade that stands closes the case in the same append.
    const closing = await db
      .selectFrom('events')
      .select('type')
      .where('idempotency_key', 'like', `${caseId}:outcome#%`)
      .orderBy('position')
      .execute();
    expect(closing.map((e) => e.type)).toEqual(['CaseStageChanged', 'EvaluationGradeFinal', 'CaseClosed']);
    await keepHistory('evaluation-decision-opens-next', handle.fetchHistory());
  });
});
