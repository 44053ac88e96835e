/**
 * 试用期: a cadre appointed on trial to a post (《党政领导干部选拔任用工作条例》, docs/domain.md §2).
 *
 *   任前公示 (optional) → 任职, probation starts → check-ins by the township committee
 *   at the policy cadence → at the end: democratic rating (民主测评), the township
 *   committee's recommendation, the county organization department's decision →
 *   正式任职, or the trial post removed and the previous rank restored.
 *   The county may end the probation early at any time.
 */
import { defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';
import type { Actor } from '../domain/actors';
import type { Policy } from '../domain/policy';
import {
  assessVotes,
  checkFinalDecision,
  parseAssessment,
  parseCheckIn,
  parseEndEarly,
  parseOutcome,
  planProbation,
  type AssessmentResult,
} from '../domain/probation';
import {
  appointmentTakesEffect,
  caseOpened,
  decideAssessment,
  decideCheckIn,
  decideCountyDecision,
  decideEndEarly,
  decideRecommendation,
  type ProbationCase,
} from '../domain/probationDecider';
import { CaseRuntime, humanTask, publicNotice, runCase, sleepUntilDay, type DecisionReceipt } from './kit';
import { checkActor, refuse } from './kit/refusal';
import { asAccepted } from './kit/textRules';
import { isRepeat, type Applied } from './kit/repeat';

export interface ProbationInput {
  personId: string;
  personName: string;
  /** The unit of the trial post, and the township that scopes who decides. */
  orgUnitId: string;
  townshipId: string;
  title: string;
  trialRank: string;
  previousRank: string;
  appointedOn: string;
  /** Village cadres follow the village duration of the policy. */
  village: boolean;
  /** Post the pre-appointment notice (任前公示) before the appointment takes effect. */
  preAppointmentNotice: boolean;
  policy: Policy;
  /**
   * Who started the case (the signed-in user, or the CLI's --user account), recorded as the
   * actor of its first events. Absent in cases started before it was passed: their first
   * events carry no actor, as they did, so their histories replay unchanged.
   */
  startedBy?: Actor;
}

/** How the case ended (its workflow's result and `CaseClosed.outcome`); the decision is domain/probation.ts `ProbationDecisionOutcome`. */
export type ProbationCaseOutcome = 'confirmed' | 'removed' | 'ended-early' | 'appointment-cancelled';

export interface ProbationStatus {
  stage: string;
  appointedOn: string;
  endsOn: string;
  checkIns: number;
  assessment?: AssessmentResult;
  outcome?: ProbationCaseOutcome;
}

export interface EndEarlyRequest {
  actor: Actor;
  decision: unknown;
}

export const probationStatusQuery = defineQuery<ProbationStatus>('probationStatus');
/** A county decision that ends the probation now (e.g. for a serious error). */
export const endProbationEarlyUpdate = defineUpdate<DecisionReceipt, [EndEarlyRequest]>('endProbationEarly');

export function probationWorkflowId(personId: string, appointmentId: string): string {
  return `probation/${personId}/${appointmentId}`;
}

export async function probation(input: ProbationInput): Promise<ProbationCaseOutcome> {
  const p = input.policy.probation;
  const rt = new CaseRuntime(input.policy.version);
  const plan = planProbation(input.appointedOn, input.village, p);
  const facts: ProbationCase = {
    caseId: rt.caseId,
    personId: input.personId,
    personName: input.personName,
    orgUnitId: input.orgUnitId,
    townshipId: input.townshipId,
    title: input.title,
    trialRank: input.trialRank,
    previousRank: input.previousRank,
    appointedOn: input.appointedOn,
    endsOn: plan.endsOn,
    assignmentId: `${rt.caseId}/post`,
    policyVersion: input.policy.version,
    policy: p,
  };
  const status: ProbationStatus = { stage: 'started', appointedOn: input.appointedOn, endsOn: plan.endsOn, checkIns: 0 };
  let started = false;
  setHandler(probationStatusQuery, () => status);

  const task = {
    orgUnitId: input.orgUnitId,
    townshipId: input.townshipId,
    reminderWorkingDaysBefore: input.policy.tasks.reminderWorkingDaysBefore,
  };
  /** The accepted end-early decision: the same one sent again gets its receipt (see kit/repeat.ts). */
  let endedEarly: Applied<DecisionReceipt> | undefined;
  const repeatedEndEarly = (actor: Actor, decision: unknown): Promise<DecisionReceipt> | undefined => {
    const parsed = parseEndEarly(decision);
    return parsed.ok && isRepeat(endedEarly, actor, parsed.value) ? endedEarly.receipt : undefined;
  };

  setHandler(
    endProbationEarlyUpdate,
    (req) => {
      const actor = checkActor(req.actor);
      // A repeat appends nothing; before this rule it was refused (CaseClosed) and left no trace.
      const repeat = repeatedEndEarly(actor, req.decision);
      if (repeat) return repeat;
      const value = (asAccepted(() => parseEndEarly(req.decision)) as { ok: true; value: { reason: string } }).value;
      status.outcome = 'ended-early';
      status.stage = 'closed';
      const receipt = rt
        .close('end-early', 'ended-early', decideEndEarly({ decision: value, actor }, facts), actor)
        .then((out) => ({ caseId: rt.caseId, step: 'end-early', taskId: `${rt.caseId}:end-early`, position: out.lastPosition }));
      endedEarly = { actor, value, receipt };
      return receipt;
    },
    {
      validator: (req) => {
        const actor = checkActor(req.actor);
        if (repeatedEndEarly(actor, req.decision)) return;
        if (rt.closedWith !== undefined) refuse('CaseClosed', `case ${rt.caseId} is closed (${rt.closedWith})`);
        if (!started) refuse('UnknownStep', 'the probation has not started yet');
        if (actor.role !== 'county-org-dept') {
          refuse('WrongRole', `only the county organization department can end a probation early, not ${actor.role}`);
        }
        const parsed = parseEndEarly(req.decision);
        if (!parsed.ok) refuse('MalformedDecision', parsed.error);
      },
    },
  );

  const body = async (): Promise<ProbationCaseOutcome> => {
    await rt.emit('start', caseOpened(facts), input.startedBy);

    if (input.preAppointmentNotice) {
      status.stage = 'pre-appointment-notice';
      await rt.stage(status.stage);
      const notice = await publicNotice(rt, {
        step: 'pre-appointment-notice',
        subject: `任前公示：${input.personName} 拟任 ${input.title}`,
        workingDays: input.policy.publicNotice.preAppointmentWorkingDays,
        orgUnitId: input.orgUnitId,
        townshipId: input.townshipId,
        findingDueWorkingDays: input.policy.tasks.defaultDueWorkingDays,
        reminderWorkingDaysBefore: input.policy.tasks.reminderWorkingDaysBefore,
      });
      if (notice.upheld > 0) {
        status.outcome = 'appointment-cancelled';
        status.stage = 'closed';
        await rt.close('appointment-cancelled', 'appointment-cancelled', []);
        return status.outcome;
      }
    }

    status.stage = 'on-probation';
    await rt.stage(status.stage, appointmentTakesEffect(facts));
    started = true;

    for (const [i, day] of plan.checkInDates.entries()) {
      await sleepUntilDay(rt, day);
      const index = i + 1;
      await humanTask(rt, {
        ...task,
        step: `check-in-${index}`,
        title: `试用期考察 第${index}次 Check-in ${index}: ${input.personName}`,
        role: 'township-committee',
        dueWorkingDays: p.checkInDueWorkingDays,
        parse: parseCheckIn,
        onDecided: (decision, actor) => decideCheckIn({ decision, actor, index }, facts),
      });
      status.checkIns = index;
    }

    await sleepUntilDay(rt, plan.endsOn);
    status.stage = 'final-assessment';
    await rt.stage(status.stage);

    const rating = await humanTask(rt, {
      ...task,
      step: 'democratic-rating',
      title: `试用期满民主测评 Democratic rating: ${input.personName}`,
      role: 'township-committee',
      dueWorkingDays: p.assessmentDueWorkingDays,
      parse: parseAssessment,
      onDecided: (decision) => decideAssessment(decision, facts),
    });
    const assessment = assessVotes(rating.value.votes, p);
    status.assessment = assessment;

    await humanTask(rt, {
      ...task,
      step: 'township-recommendation',
      title: `乡镇党委意见 Township recommendation: ${input.personName}`,
      role: 'township-committee',
      dueWorkingDays: p.recommendationDueWorkingDays,
      parse: parseOutcome,
      onDecided: (decision, actor) => decideRecommendation({ decision, actor }, facts),
    });

    const decision = await humanTask(rt, {
      ...task,
      step: 'county-decision',
      title: `县委组织部决定 County decision: ${input.personName}`,
      role: 'county-org-dept',
      dueWorkingDays: p.decisionDueWorkingDays,
      parse: parseOutcome,
      check: (d) => checkFinalDecision(d, assessment),
    });

    status.stage = 'closed';
    status.outcome = decision.value.outcome === 'confirm' ? 'confirmed' : 'removed';
    const closing = decideCountyDecision({ decision: decision.value, actor: decision.actor }, facts);
    await rt.close('outcome', status.outcome, closing, decision.actor);
    return status.outcome;
  };

  // An early end cuts the body short; its handler may still be appending its events.
  return runCase(body);
}
