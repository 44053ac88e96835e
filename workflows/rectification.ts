/**
 * 后进/软弱涣散党组织整顿: rectification of an underperforming village Party branch
 * (docs/domain.md §4). One case per branch and year, `rectification/<branch>/<year>`.
 *
 *   the county fixes the list → support assigned (四个一, county) →
 *   round N: plan (一村一策) drafted by the township committee, approved by the county
 *   (a rejected draft is drafted again) → progress reports at the policy's cadence
 *   (township tasks; a late one escalates) → acceptance inspection (验收, county):
 *     pass       → sign-off (销号, county) → follow-up from the sign-off's day →
 *                  follow-up report → closed
 *     basic pass → consolidation (巩固提升) → inspected again
 *     fail       → round N + 1, a new plan (continue-as-new)
 *
 * A branch can stay on the list for years, so each round runs in a fresh workflow run
 * (continue-as-new) that carries the case's state and its stream version; every step
 * name carries its round, because idempotency keys are `caseId:step` across all runs.
 */
import type { Actor } from '../domain/actors';
import {
  allHandlersFinished,
  condition,
  defineQuery,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { addWorkingDays } from '../domain/calendar';
import { fail, ok } from '../domain/decisions';
import type { SupportTeam } from '../domain/rectification';
import type { Policy } from '../domain/policy';
import {
  checkPlanDates,
  checkSignOffDay,
  inspectionOutcome,
  parseInspection,
  parsePlan,
  parsePlanReview,
  parseReport,
  parseSignOff,
  parseSupport,
  progressReportSchedule,
  type InspectionOutcome,
  type Plan,
  type ProgressReportDue,
  type ScreeningReason,
} from '../domain/rectification';
import {
  decideFollowUpReport,
  decideInspection,
  decidePlanDraft,
  decidePlanReview,
  decideProgressReport,
  decideReportLate,
  decideRoundStart,
  decideSignOff,
  decideSignOffAsInspected,
  decideStart,
  decideSupport,
} from '../domain/rectificationDecider';
import { CaseRuntime, humanTask, serverToday, sleepUntilDay } from './kit';

export interface RectificationInput {
  branchId: string;
  branchName: string;
  townshipId: string;
  /** The year of the list; part of the case id. */
  year: number;
  /** The day the county fixed the list: the first round starts then. */
  listedOn: string;
  screening: { reasons: ScreeningReason[]; addedByCounty: boolean };
  policy: Policy;
  /**
   * Who started the case (the signed-in user, or the CLI's --user account), recorded as the
   * actor of its first events. Absent in cases started before it was passed: their first
   * events carry no actor, as they did, so their histories replay unchanged.
   */
  startedBy?: Actor;
  /** Set by continue-as-new at a round boundary; absent when the case starts. */
  carried?: CarriedState;
}

/** What a round ended with, kept so that years of rounds stay a short list. */
export interface RoundSummary {
  round: number;
  startedOn: string;
  drafts: number;
  completeBy: string;
  reportsFiled: number;
  reportsLate: number;
  inspections: Array<{ inspectedOn: string; result: InspectionOutcome['result']; scoreHundredths: number }>;
}

export interface CarriedState {
  round: number;
  roundStartOn: string;
  /** The case stream's version: the next run's first append expects it. */
  streamVersion: number;
  support: SupportTeam;
  rounds: RoundSummary[];
}

export type RectificationOutcome = 'rectified';

export interface RectificationStatus {
  round: number;
  roundStartOn: string;
  stage: string;
  support?: SupportTeam;
  plan: { status: 'none' | 'drafted' | 'rejected' | 'approved'; draft: number; completeBy?: string };
  reportsDue: number;
  reportsFiled: number;
  reportsLate: number;
  lastInspection?: InspectionOutcome & { inspectedOn: string };
  followUpUntil?: string;
  rounds: RoundSummary[];
  outcome?: RectificationOutcome;
}

export const rectificationStatusQuery = defineQuery<RectificationStatus>('rectificationStatus');

export function rectificationWorkflowId(branchId: string, year: number): string {
  return `rectification/${branchId}/${year}`;
}

// ---- the case ------------------------------------------------------------------------

export async function rectification(input: RectificationInput): Promise<RectificationOutcome> {
  const p = input.policy.rectification;
  const carried = input.carried;
  const rt = new CaseRuntime(input.policy.version, carried?.streamVersion ?? 0);
  const round = carried?.round ?? 1;
  const roundStartOn = carried?.roundStartOn ?? input.listedOn;
  const r = `round-${round}`;
  const status: RectificationStatus = {
    round,
    roundStartOn,
    stage: 'started',
    ...(carried ? { support: carried.support } : {}),
    plan: { status: 'none', draft: 0 },
    reportsDue: 0,
    reportsFiled: 0,
    reportsLate: 0,
    rounds: carried?.rounds ?? [],
  };
  const summary: RoundSummary = {
    round,
    startedOn: roundStartOn,
    drafts: 0,
    completeBy: '',
    reportsFiled: 0,
    reportsLate: 0,
    inspections: [],
  };
  setHandler(rectificationStatusQuery, () => status);

  const task = {
    orgUnitId: input.branchId,
    townshipId: input.townshipId,
    reminderWorkingDaysBefore: input.policy.tasks.reminderWorkingDaysBefore,
  };
  const dueWorkingDays = input.policy.tasks.defaultDueWorkingDays;
  const stage = async (name: string): Promise<void> => {
    status.stage = name;
    await rt.stage(name);
  };
  const roundOf = `${input.branchName}（第${round}轮 round ${round}）`;

  if (!carried) {
    const { branchId, branchName, townshipId, year, listedOn, screening } = input;
    await rt.emit(
      'start',
      decideStart(
        { branchId, branchName, townshipId, year, listedOn, screening, policyVersion: input.policy.version },
        { caseId: rt.caseId },
      ),
      input.startedBy,
    );
    await stage('support');
    const support = await humanTask(rt, {
      ...task,
      step: 'support',
      title: `四个一帮扶力量 Support team: ${input.branchName}`,
      role: 'county-org-dept',
      dueWorkingDays,
      parse: parseSupport,
      onDecided: (value, actor) => decideSupport({ value, actor }, { caseId: rt.caseId, branchId: input.branchId }),
    });
    status.support = support.value;
  } else {
    await rt.emit(`${r}:start`, decideRoundStart({ startedOn: roundStartOn }, { caseId: rt.caseId, round }));
  }

  // ---- 一村一策: drafted by the township committee until the county approves one.
  await stage(`${r}:plan`);
  let plan: Plan | undefined;
  for (let draft = 1; plan === undefined; draft++) {
    const step = `${r}:plan-${draft}`;
    const drafted = await humanTask(rt, {
      ...task,
      step,
      title: `整改方案 第${draft}稿 Rectification plan, draft ${draft}: ${roundOf}`,
      role: 'township-committee',
      dueWorkingDays,
      parse: parsePlan,
      check: (plan) => checkPlanDates(plan, roundStartOn, input.policy),
      onDecided: (value, actor) => decidePlanDraft({ value, actor }, { caseId: rt.caseId, round, draft }),
    });
    status.plan = { status: 'drafted', draft };
    summary.drafts = draft;
    const schedule = progressReportSchedule(roundStartOn, drafted.value.completeBy, p);
    const review = await humanTask(rt, {
      ...task,
      step: `${step}:approval`,
      title: `审批整改方案 第${draft}稿 Approve plan draft ${draft}: ${roundOf}`,
      role: 'county-org-dept',
      dueWorkingDays,
      parse: parsePlanReview,
      onDecided: (value, actor) =>
        decidePlanReview({ value, actor }, { caseId: rt.caseId, round, draft, completeBy: drafted.value.completeBy, reportsDue: schedule }),
    });
    if (review.value.outcome === 'approve') {
      plan = drafted.value;
      status.plan = { status: 'approved', draft, completeBy: plan.completeBy };
      status.reportsDue += schedule.length;
      summary.completeBy = plan.completeBy;
    } else {
      status.plan = { status: 'rejected', draft };
    }
  }

  // ---- progress reports: each opens so that its task falls due on the schedule's day;
  // a late one does not hold back the next, so they run side by side.
  await stage(`${r}:reports`);
  const reports: Array<Promise<void>> = [];
  for (const due of progressReportSchedule(roundStartOn, plan.completeBy, p)) {
    await sleepUntilDay(rt, addWorkingDays(due.dueOn, -dueWorkingDays));
    reports.push(progressReport(due));
  }
  await Promise.all(reports);
  await sleepUntilDay(rt, plan.completeBy);

  // ---- 验收, again after each consolidation, until it passes or fails.
  let passed: InspectionOutcome & { result: 'pass' };
  let passedOn: string;
  for (let n = 1; ; n++) {
    const step = `${r}:inspection-${n}`;
    await stage(step);
    const decided = await humanTask(rt, {
      ...task,
      step,
      title: `整改验收 Acceptance inspection ${n}: ${roundOf}`,
      role: 'county-org-dept',
      dueWorkingDays,
      parse: parseInspection,
      // Too few representatives and the inspection is not valid: refused, not recorded.
      // Validity does not depend on the day, so the round's start stands in for it.
      check: (i) => {
        const checked = inspectionOutcome(i, roundStartOn, p);
        return checked.ok ? ok(i) : fail(checked.error);
      },
    });
    // Consolidation and follow-up run from the inspection's day, which only the server's
    // clock knows once the decision is in: the outcome is its own append, after TaskDecided.
    const inspectedOn = await serverToday(roundStartOn);
    const inspected = decideInspection({ ...decided, inspectedOn }, { caseId: rt.caseId, round, inspection: n, policy: p });
    const outcome = inspected[0]!.data.outcome;
    await rt.emit(`${step}:outcome`, inspected, decided.actor);
    status.lastInspection = { ...outcome, inspectedOn };
    summary.inspections.push({ inspectedOn, result: outcome.result, scoreHundredths: outcome.scoreHundredths });

    if (outcome.result === 'pass') {
      passed = outcome;
      passedOn = inspectedOn;
      break;
    }
    if (outcome.result === 'basic-pass') {
      await stage(`${r}:consolidation-${n}`);
      await sleepUntilDay(rt, outcome.consolidateUntil);
      continue;
    }
    // 不合格: rectify again from a new plan, in a new run that carries the case.
    await condition(allHandlersFinished);
    const next: CarriedState = {
      round: round + 1,
      roundStartOn: inspectedOn,
      streamVersion: rt.streamVersion,
      support: status.support!,
      rounds: [...status.rounds, summary],
    };
    // The case keeps its search attributes (kind, township, subject, stage) in the new run.
    const attributes = workflowInfo().typedSearchAttributes;
    const again = makeContinueAsNewFunc<typeof rectification>(attributes.getAll().length > 0 ? { typedSearchAttributes: attributes } : {});
    return again({ ...input, carried: next });
  }

  // ---- 销号 by the county, then the follow-up period and its report.
  // Cases that opened their sign-off before the follow-up counted from it keep the end
  // their inspection gave, appended with the decision, as they ran.
  const followUpFromSignOffDay = patched('rectification-follow-up-from-sign-off');
  await stage(`${r}:sign-off`);
  const signedOff = await humanTask(rt, {
    ...task,
    step: `${r}:sign-off`,
    title: `整改销号 Sign-off: ${input.branchName}`,
    role: 'county-org-dept',
    dueWorkingDays,
    parse: parseSignOff,
    check: (d) =>
      followUpFromSignOffDay
        ? checkSignOffDay(d, passedOn)
        : d.signedOffOn === undefined
          ? ok(d)
          : fail(`signedOffOn is not taken in this case: its follow-up runs until ${passed.followUpUntil}, counted from its inspection`),
    onDecided: followUpFromSignOffDay
      ? undefined
      : (value, actor) => decideSignOffAsInspected({ value, actor }, { caseId: rt.caseId, round, followUpUntil: passed.followUpUntil }),
  });
  let followUpUntil = passed.followUpUntil;
  if (followUpFromSignOffDay) {
    // As with the inspection's outcome: the day of a sign-off not dated by the decision is
    // the server's today once the decision is in, so the event is its own append.
    const today = await serverToday(passedOn);
    const signedOffEvents = decideSignOff({ ...signedOff, today }, { caseId: rt.caseId, round, policy: p });
    followUpUntil = signedOffEvents[0]!.data.followUpUntil;
    await rt.emit(`${r}:sign-off:outcome`, signedOffEvents, signedOff.actor);
  }
  status.followUpUntil = followUpUntil;
  await stage('follow-up');
  await sleepUntilDay(rt, followUpUntil);
  await humanTask(rt, {
    ...task,
    step: 'follow-up-report',
    title: `销号后跟踪报告 Follow-up report: ${input.branchName}`,
    role: 'township-committee',
    dueWorkingDays,
    parse: parseReport,
    onDecided: (value, actor) => decideFollowUpReport({ value, actor }, { caseId: rt.caseId }),
  });
  status.stage = 'closed';
  status.outcome = 'rectified';
  await rt.close('close', 'rectified', []);
  await condition(allHandlersFinished);
  return status.outcome;

  async function progressReport(due: ProgressReportDue): Promise<void> {
    const step = `${r}:report-${due.period}`;
    const filing = humanTask(rt, {
      ...task,
      step,
      title: `整改进展报告 第${due.period}期 Progress report ${due.period} (due ${due.dueOn}): ${roundOf}`,
      role: 'township-committee',
      dueWorkingDays,
      parse: parseReport,
      onDecided: (value, actor) => decideProgressReport({ value, actor }, { caseId: rt.caseId, round, due }),
    });
    // humanTask registers its record before it first awaits; the kit flags escalation on
    // it just before appending TaskEscalated, so ProgressReportLate follows that event.
    const record = rt.tasks.get(step)!;
    await rt.waitFor(() => record.info.escalated || record.status === 'decided');
    if (record.info.escalated) {
      status.reportsLate += 1;
      summary.reportsLate += 1;
      await rt.emit(`${step}:late`, decideReportLate({ taskId: record.info.taskId }, { caseId: rt.caseId, round, due }));
    }
    await filing;
    status.reportsFiled += 1;
    summary.reportsFiled += 1;
  }
}
