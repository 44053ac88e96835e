/**
 * The baselines' workflows: the same Temporal shapes as the project's cases with none of
 * the project's work — activities that do nothing, no event log, no validators beyond
 * "is this step open". Deterministic workflow code: only @temporalio/workflow.
 */
import {
  allHandlersFinished,
  condition,
  defineSignal,
  type ChildWorkflowHandle,
  defineUpdate,
  getExternalWorkflowHandle,
  startChild,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
// The SDK's deterministic core, bundled with workflow code like the project's searchAttributes.ts.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { BareActivities } from './activities';

const acts = proxyActivities<BareActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// A project decision's own append is a local activity (workflows/kit/case.ts): the bare one's no-op is too.
const localActs = proxyLocalActivities<BareActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const STAGE = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);

/** An update that calls one no-op activity and answers. */
export const bareDecideUpdate = defineUpdate<{ step: number }, [{ step: number }]>('bareDecide');
/** Stands in for the round's grade (a signal from outside the case). */
export const bareGradeSignal = defineSignal('bareGrade');
/** A case's steps are done: it tells its round, as a cadre's case tells the evaluation round. */
export const bareReadySignal = defineSignal<[{ id: number }]>('bareReady');
/** A part to its round: its cases are started (the round then starts the next part). */
export const bareStartedSignal = defineSignal<[{ part: number }]>('bareStarted');

/**
 * An open case waiting on its next step: `activities` no-op activities (a probation case
 * appends its start and its probation's start and asks for the next check-in day), then
 * a timer of `waitDays` days.
 */
export async function bareWaiting(input: { activities: number; waitDays: number }): Promise<void> {
  for (let i = 0; i < input.activities; i++) await acts.noop();
  // As a case's stage change does; it also lets the benchmark count the waiting ones.
  upsertSearchAttributes([{ key: STAGE, value: 'waiting' }]);
  await condition(() => false, `${input.waitDays} days`);
}

/** Takes `updates` updates, each calling a no-op activity, then ends. */
export async function bareDecisions(input: { updates: number }): Promise<number> {
  let done = 0;
  setHandler(bareDecideUpdate, async ({ step }) => {
    await acts.noop();
    done++;
    return { step };
  });
  await condition(() => done >= input.updates);
  await condition(allHandlersFinished);
  return done;
}

export interface BareCaseShape {
  /** Human steps: each opens with an activity, may wait on a timer that the decision cancels, and the decision's update calls an activity. */
  steps: number;
  /** The decisions' activity is a local one (the project's since `decision-append-local`). */
  localDecisions: boolean;
  /** Steps, from the first, whose reminder timer starts and is cancelled by the decision (the rest are decided before a timer starts). */
  cancelledTimers: number;
  /** Steps after the signal (the evaluation's written notification). */
  stepsAfterSignal: number;
  /** Activities outside the steps (start, stage changes, closing, …), split before and after the steps. */
  activitiesBefore: number;
  activitiesAfter: number;
  /** Timers that fire (e.g. a review window already over): 1 ms each. */
  firedTimers: number;
}

/**
 * A case of the evaluation's shape: steps decided by updates, a signal in place of the
 * committee's grade, more steps, timers that fire, and closing activities.
 */
export async function bareCase(shape: BareCaseShape, round?: { workflowId: string; id: number }): Promise<number> {
  let open = -1;
  let decided = -1;
  let graded = false;
  setHandler(bareGradeSignal, () => void (graded = true));
  setHandler(
    bareDecideUpdate,
    async ({ step }) => {
      // A decision arriving before its step opens waits for it, as a person waits for the task in an inbox.
      await condition(() => open >= step);
      await (shape.localDecisions ? localActs : acts).noop();
      decided = Math.max(decided, step);
      return { step };
    },
    {
      validator: ({ step }) => {
        if (step <= decided) throw new Error(`step ${step} was already decided`);
      },
    },
  );
  const step = async (i: number): Promise<void> => {
    await acts.noop();
    open = i;
    // The task's reminder timer, cancelled by the decision.
    if (i < shape.cancelledTimers) await condition(() => decided >= i, '3 days');
    await condition(() => decided >= i);
  };
  for (let i = 0; i < shape.activitiesBefore; i++) await acts.noop();
  for (let i = 0; i < shape.steps; i++) await step(i);
  if (round) await getExternalWorkflowHandle(round.workflowId).signal(bareReadySignal, { id: round.id });
  await condition(() => graded);
  for (let i = 0; i < shape.stepsAfterSignal; i++) await step(shape.steps + i);
  for (let i = 0; i < shape.firedTimers; i++) await condition(() => false, 1);
  for (let i = 0; i < shape.activitiesAfter; i++) await acts.noop();
  await condition(allHandlersFinished);
  return decided + 1;
}

/**
 * The evaluation round's shape: starts `bareRoundPart` children of at most `perPart` cases
 * (as the round starts its parts, each once the one before it has started its cases), hears
 * from each part once its cases are all ready, signals it the grade, and waits for every part to end. Part `p`
 * is `<workflowId>/part-<p>`; case `i` is `<workflowId>/<i>` whichever part holds it.
 */
export async function bareRound(input: { cases: number; perPart: number; shape: BareCaseShape }): Promise<number> {
  const ready = new Set<number>();
  const started = new Set<number>();
  setHandler(bareReadySignal, ({ id }) => void ready.add(id));
  setHandler(bareStartedSignal, ({ part }) => void started.add(part));
  const { workflowId } = workflowInfo();
  const parts: Array<Promise<number>> = [];
  const count = Math.ceil(input.cases / input.perPart);
  // One part after another, as the project's round starts them.
  for (let part = 0; part < count; part++) {
    const first = part * input.perPart;
    const ids = Array.from({ length: Math.min(input.perPart, input.cases - first) }, (_, k) => first + k);
    const handle = await startChild(bareRoundPart, {
      workflowId: `${workflowId}/part-${part + 1}`,
      args: [{ round: workflowId, part, ids, shape: input.shape }],
      parentClosePolicy: 'ABANDON',
    });
    parts.push(
      (async () => {
        await condition(() => ready.has(part));
        await handle.signal(bareGradeSignal);
        return handle.result();
      })(),
    );
    await condition(() => started.has(part));
  }
  return (await Promise.all(parts)).reduce((a, b) => a + b, 0);
}

/**
 * A part of the bare round: starts its cases (a hundred at a time), signals each its grade
 * as soon as it is ready (the bare round has no committee to wait for), tells the round
 * once they are all ready and takes its answer, and waits for its cases to end.
 */
export async function bareRoundPart(input: { round: string; part: number; ids: number[]; shape: BareCaseShape }): Promise<number> {
  const ready = new Set<number>();
  let graded = false;
  setHandler(bareReadySignal, ({ id }) => void ready.add(id));
  setHandler(bareGradeSignal, () => void (graded = true));
  const { workflowId } = workflowInfo();
  const cases: Array<Promise<void>> = [];
  for (let i = 0; i < input.ids.length; i += 100) {
    const batch = input.ids.slice(i, i + 100);
    const handles: Array<ChildWorkflowHandle<typeof bareCase>> = await Promise.all(
      batch.map((id) =>
        startChild(bareCase, { workflowId: `${input.round}/${id}`, args: [input.shape, { workflowId, id }], parentClosePolicy: 'ABANDON' }),
      ),
    );
    // Each batch's cases are answered while the next batch starts.
    handles.forEach((h, k) =>
      cases.push(
        (async () => {
          await condition(() => ready.has(batch[k]!));
          await h.signal(bareGradeSignal);
          await h.result();
        })(),
      ),
    );
  }
  await getExternalWorkflowHandle(input.round).signal(bareStartedSignal, { part: input.part });
  await condition(() => input.ids.every((id) => ready.has(id)));
  await getExternalWorkflowHandle(input.round).signal(bareReadySignal, { id: input.part });
  await condition(() => graded);
  await Promise.all(cases);
  return cases.length;
}
