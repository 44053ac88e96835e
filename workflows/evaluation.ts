/**
 * 年度考核 of one cadre for one year (docs/domain.md §3), a child of the round that assesses
 * the cadre's unit (workflows/evaluationRound.ts):
 *
 *   个人总结 → 民主测评 (诫勉 and a re-rating when 40%+ fail votes, beside the rest)
 *   → 实绩量化 (and ★ for a village cadre) → 分管领导评语 → 乡镇党委推荐
 *   → the committee's grade, fixed by the round for the whole unit (the 优秀 quota)
 *   → 优秀公示 → 书面通知 → 复核 window (a review is decided by the round, which sees
 *   the unit's quota) → after a decided review, the 申诉 window (an appeal is decided by
 *   the round in the same way) → the grade stands; two straight years 不称职 flags removal.
 */
import { getExternalWorkflowHandle, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Actor } from '../domain/actors';
import { APPEND_TIME, type DomainEvent } from '../domain/events';
import { checkRatingMeeting, reRate } from '../domain/democraticRating';
import {
  decideAppealRequest,
  decideEvaluationStart,
  decideFinalGrade,
  decideGradeChange,
  decideGradeFixed,
  decideNoticeRegrade,
  decideNotified,
  decideRating,
  decideReRating,
  decideRecommendation,
  decideReviewRequest,
  decideScore,
  decideSelfSummary,
  decideSupervisorComment,
  decideWarning,
  evolveEvaluationStatus,
  recordedOrToday,
  voteFinding,
  type EvaluationCase,
  type EvaluationStatus,
} from '../domain/evaluationDecider';
import {
  checkAppealFiledOn,
  parseAppealRequest,
  parseCommitteeGrade,
  parseRatingVotes,
  parseReviewRequest,
  parseSelfSummary,
  parseSupervisorComment,
  parseTownshipRecommendation,
  type AppealRequest,
  type RatingSession,
} from '../domain/evaluationForms';
import { appealWindow } from '../domain/evaluationReview';
import { isRaise, type Grade, type UnitKind } from '../domain/grades';
import {
  checkNotifiedOn,
  checkRegrade,
  checkVillageGrade,
  parseNotification,
  parseScoreDecision,
  scoringRules,
  type CadreKind,
} from '../domain/evaluationRound';
import type { Parsed } from '../domain/decisions';
import type { Policy } from '../domain/policy';
import { CaseRuntime, humanTask, publicNotice, runCase, sleepUntilDay, taskDefaults, type DecisionReceipt } from './kit';
import { evaluationToday, msUntilEndOfDay } from './evaluationDays';
import { checkActor, refuse } from './kit/refusal';
import { asAccepted } from './kit/textRules';
import { isRepeat, type Applied } from './kit/repeat';
import {
  appealDecidedSignal,
  appealRequestedSignal,
  cadreReadySignal,
  evaluationActivities,
  evaluationStatusQuery,
  gradeChangedSignal,
  gradeFixedSignal,
  requestAppealUpdate,
  requestReviewUpdate,
  reviewDecidedSignal,
  reviewRequestedSignal,
  type AppealDecided,
  type GradeFixed,
  type ReviewDecided,
} from './evaluationMessages';
import { STAGE } from './searchAttributes';

// ---- the case -----------------------------------------------------------------------------

export interface EvaluationInput {
  roundId: string;
  year: number;
  personId: string;
  personName: string;
  orgUnitId: string;
  townshipId: string;
  unitId: string;
  kind: CadreKind;
  policy: Policy;
  /**
   * The part of the round that started the case (workflows/evaluationRoundPart.ts): the
   * township's recommendation is signalled there. Absent in cases a round started itself,
   * which signal the round, as they did.
   */
  readyTo?: string;
}

/** The grade that stands. */
export type EvaluationOutcome = Grade;

export async function evaluation(input: EvaluationInput): Promise<EvaluationOutcome> {
  const policy = input.policy;
  const p = policy.evaluation;
  const rules = scoringRules(policy);
  const rt = new CaseRuntime(policy.version);
  const round = getExternalWorkflowHandle(input.roundId);
  const village = input.kind === 'village';
  const unitKind: UnitKind = village ? 'village' : 'organ';
  const name = input.personName;
  const status: EvaluationStatus = {
    stage: 'started',
    gradeFinal: false,
    review: 'none',
    appeal: 'none',
    warning: 'none',
    removalFlagged: false,
  };
  const task = {
    orgUnitId: input.orgUnitId,
    townshipId: input.townshipId,
    ...taskDefaults(policy),
  };
  const who: EvaluationCase = { caseId: rt.caseId, personId: input.personId };
  /** The query answers from `status` itself, so what the events change is written into it. */
  const applyToStatus = (events: readonly DomainEvent[]): void => void Object.assign(status, events.reduce(evolveEvaluationStatus, status));

  let fixed: GradeFixed | undefined;
  let reviewDecided: ReviewDecided | undefined;
  let reviewWindow: 'not-yet' | 'open' | 'closed' = 'not-yet';
  let reviewRequested = false;
  let reviewRecorded = false;
  let appealDecided: AppealDecided | undefined;
  let appealState: 'not-yet' | 'open' | 'closed' = 'not-yet';
  /** The day the review's decision reached the case: the appeal window counts from it. */
  let reviewDecidedOn: string | undefined;
  let appealRequested = false;
  let appealRecorded = false;

  setHandler(evaluationStatusQuery, () => status);
  // The first word is the round's; the round sends each once.
  setHandler(gradeFixedSignal, (s) => void (fixed ??= s));
  setHandler(reviewDecidedSignal, (s) => void (reviewDecided ??= s));
  setHandler(appealDecidedSignal, (s) => void (appealDecided ??= s));

  /** A review or an appeal is the cadre's, recorded for her by the county or her own township's committee. */
  const checkRecorder = (actor: Actor, what: string): void => {
    if (actor.role !== 'county-org-dept' && actor.role !== 'township-committee') {
      refuse('WrongRole', `${what} is recorded by the county organization department or the township committee, not ${actor.role}`);
    }
    if (actor.role === 'township-committee' && actor.townshipId !== input.townshipId) {
      refuse('WrongTownship', `the cadre belongs to township ${input.townshipId}, not ${actor.townshipId}`);
    }
  };

  /** Records a review request; everything before its first await runs as the Update is accepted. */
  const requestReview = async (actor: Actor, grounds: string): Promise<DecisionReceipt> => {
    // Before any await: the window's end must not slip past a request already accepted.
    reviewRequested = true;
    status.review = 'requested';
    const requestedOn = await evaluationToday();
    const requested = decideReviewRequest({ value: { grounds, requestedOn }, actor }, { ...who, policy: p });
    const { decisionDueOn } = requested[0]!.data;
    const out = await rt.emit('review-request', requested, actor);
    reviewRecorded = true;
    await round.signal(reviewRequestedSignal, {
      personId: input.personId,
      caseId: rt.caseId,
      unitId: input.unitId,
      grounds,
      requestedOn,
      decisionDueOn,
    });
    return { caseId: rt.caseId, step: 'review-request', taskId: `${rt.caseId}:review-request`, position: out.lastPosition };
  };

  /** Records an appeal; everything before its first await runs as the Update is accepted. */
  const requestAppeal = async (actor: Actor, { grounds, filedOn: dated }: AppealRequest): Promise<DecisionReceipt> => {
    // Before any await: the window's end must not slip past an appeal already accepted.
    appealRequested = true;
    status.appeal = 'requested';
    const filedOn = recordedOrToday(dated, await evaluationToday());
    const filed = decideAppealRequest(
      { value: { grounds, filedOn }, actor },
      { ...who, policy: p, appealClosesOn: status.appealClosesOn! },
    );
    const { decisionDueOn } = filed[0]!.data;
    const out = await rt.emit('appeal-request', filed, actor);
    appealRecorded = true;
    await round.signal(appealRequestedSignal, {
      personId: input.personId,
      caseId: rt.caseId,
      unitId: input.unitId,
      grounds,
      filedOn,
      decisionDueOn,
    });
    return { caseId: rt.caseId, step: 'appeal-request', taskId: `${rt.caseId}:appeal-request`, position: out.lastPosition };
  };

  // The accepted request of each kind: the same one sent again by the same person gets its receipt (kit/repeat.ts).
  let reviewApplied: Applied<DecisionReceipt> | undefined;
  let appealApplied: Applied<DecisionReceipt> | undefined;
  const repeatOf = (applied: Applied<DecisionReceipt> | undefined, actor: Actor, parsed: Parsed<unknown>) =>
    parsed.ok && isRepeat(applied, actor, parsed.value) ? applied.receipt : undefined;

  setHandler(
    requestReviewUpdate,
    (req) => {
      const actor = checkActor(req.actor);
      // A repeat appends nothing; before this rule it was refused (DuplicateDecision) and left no trace.
      const repeat = repeatOf(reviewApplied, actor, parseReviewRequest(req.decision));
      if (repeat) return repeat;
      const value = (asAccepted(() => parseReviewRequest(req.decision)) as { ok: true; value: { grounds: string } }).value;
      const receipt = requestReview(actor, value.grounds);
      reviewApplied = { actor, value, receipt };
      return receipt;
    },
    {
      validator: (req) => {
        const actor = checkActor(req.actor);
        if (repeatOf(reviewApplied, actor, parseReviewRequest(req.decision))) return;
        if (rt.closedWith !== undefined) refuse('CaseClosed', `case ${rt.caseId} is closed (${rt.closedWith})`);
        if (reviewRequested) refuse('DuplicateDecision', 'a review (复核) was already requested');
        if (reviewWindow === 'not-yet') refuse('UnknownStep', 'a review can be requested once the grade has been notified in writing');
        if (reviewWindow === 'closed') {
          refuse(
            'UnknownStep',
            `the review window closed on ${status.reviewRequestClosesOn} (${p.reviewRequestDays} days after notification)`,
          );
        }
        checkRecorder(actor, 'a review request');
        const parsed = parseReviewRequest(req.decision);
        if (!parsed.ok) refuse('MalformedDecision', parsed.error);
      },
    },
  );

  setHandler(
    requestAppealUpdate,
    (req) => {
      const actor = checkActor(req.actor);
      const repeat = repeatOf(appealApplied, actor, parseAppealRequest(req.decision));
      if (repeat) return repeat;
      const value = (asAccepted(() => parseAppealRequest(req.decision)) as { ok: true; value: AppealRequest }).value;
      const receipt = requestAppeal(actor, value);
      appealApplied = { actor, value, receipt };
      return receipt;
    },
    {
      validator: (req) => {
        const actor = checkActor(req.actor);
        if (repeatOf(appealApplied, actor, parseAppealRequest(req.decision))) return;
        if (rt.closedWith !== undefined) refuse('CaseClosed', `case ${rt.caseId} is closed (${rt.closedWith})`);
        if (appealRequested) refuse('DuplicateDecision', 'an appeal (申诉) was already filed');
        if (appealState === 'not-yet') refuse('UnknownStep', 'an appeal (申诉) can be filed once a review (复核) has been decided');
        if (appealState === 'closed') {
          refuse('UnknownStep', `the appeal window closed on ${status.appealClosesOn} (${p.appealDays} days after the review was decided)`);
        }
        checkRecorder(actor, 'an appeal');
        const parsed = parseAppealRequest(req.decision);
        if (!parsed.ok) refuse('MalformedDecision', parsed.error);
        const dated = checkAppealFiledOn(parsed.value, reviewDecidedOn!);
        if (!dated.ok) refuse('MalformedDecision', dated.error);
      },
    },
  );

  const stage = async (next: string, events: DomainEvent[] = []): Promise<void> => {
    status.stage = next;
    await rt.stage(next, events);
  };

  /**
   * A stage change carried by the step's own append, as rt.stage would record it: a
   * thousand cases each save an append per stage.
   */
  const carryStage = (next: string): DomainEvent => {
    status.stage = next;
    if (workflowInfo().typedSearchAttributes.get(STAGE) !== undefined) upsertSearchAttributes([{ key: STAGE, value: next }]);
    return { type: 'CaseStageChanged', data: { caseId: rt.caseId, stage: next, at: APPEND_TIME } };
  };

  /** 优秀等次公示; an upheld objection has the committee give another grade. */
  const excellentNotice = async (
    step: string,
    voteProposal: 'excellent' | 'not-competent' | null,
    postedOn?: string,
  ): Promise<{ grade: Grade; closesOn: string }> => {
    const notice = await publicNotice(rt, {
      step,
      subject: `${input.year}年度考核优秀等次公示：${name}`,
      workingDays: policy.publicNotice.excellentGradeWorkingDays,
      orgUnitId: input.orgUnitId,
      townshipId: input.townshipId,
      findingDueWorkingDays: task.dueWorkingDays,
      reminderWorkingDaysBefore: task.reminderWorkingDaysBefore,
      ...(postedOn !== undefined ? { postedOn } : {}),
    });
    if (notice.upheld === 0) return { grade: 'excellent', closesOn: notice.closesOn };
    const regrade = await humanTask(rt, {
      ...task,
      step: `${step}:regrade`,
      title: `公示异议属实，重新确定等次 Regrade after an upheld objection: ${name}`,
      role: 'county-org-dept',
      parse: parseCommitteeGrade,
      check: (d) => {
        const checked = checkRegrade(d);
        if (!checked.ok || !village) return checked;
        const byVote = checkVillageGrade(voteProposal, d.grade);
        return byVote.ok ? checked : byVote;
      },
      onDecided: (value, actor) => decideNoticeRegrade({ value, actor }, { ...who, findings: notice.findings }),
    });
    await round.signal(gradeChangedSignal, { personId: input.personId, unitId: input.unitId, grade: regrade.value.grade });
    return { grade: regrade.value.grade, closesOn: notice.closesOn };
  };

  /** 诫勉 for at least the policy's months, then a re-rating: pass, or the removal procedure. */
  const warning = async (fail: number, cast: number): Promise<void> => {
    const warnedOn = await evaluationToday();
    const issued = decideWarning({ fail, cast, warnedOn }, { ...who, policy: p });
    await rt.emit('warning', issued);
    applyToStatus(issued);
    await sleepUntilDay(rt, issued[0]!.data.reRatingFrom);
    const openedOn = await evaluationToday();
    await humanTask(rt, {
      ...task,
      step: 're-rating',
      title: `诫勉期满再测评 Re-rating after the warning: ${name}`,
      role: 'township-committee',
      parse: parseRatingVotes,
      check: (d) => {
        const meeting = checkRatingMeeting(d.meeting, d.votes, rules.ratingQuorum);
        if (!meeting.ok) return meeting;
        const r = reRate(d.votes, warnedOn, openedOn, p);
        return r.ok ? { ok: true, value: d } : r;
      },
      onDecided: (value, actor) => {
        const events = decideReRating({ value, actor }, { ...who, policy: p, warnedOn, openedOn });
        applyToStatus(events);
        return events;
      },
    });
  };

  const body = async (): Promise<Grade> => {
    const { roundId, year, orgUnitId, townshipId, unitId } = input;
    const start = { roundId, year, personName: name, orgUnitId, townshipId, unitId, unitKind, policyVersion: policy.version };
    await rt.emit('start', [...decideEvaluationStart(start, who), carryStage('assessment')]);

    await humanTask(rt, {
      ...task,
      step: 'self-summary',
      title: `个人总结 Self-summary: ${name}`,
      role: 'township-committee',
      parse: parseSelfSummary,
      onDecided: (value, actor) => decideSelfSummary({ value, actor }, who),
    });

    const rating = await humanTask(rt, {
      ...task,
      step: 'democratic-rating',
      title: `民主测评 Democratic rating: ${name}`,
      role: 'township-committee',
      parse: parseRatingVotes,
      check: (d): Parsed<RatingSession> => {
        const meeting = checkRatingMeeting(d.meeting, d.votes, rules.ratingQuorum);
        return meeting.ok ? { ok: true, value: d } : meeting;
      },
      onDecided: (d) => decideRating(d, { ...who, policy: p, village }),
    });
    const rated = voteFinding(rating.value, p, village);
    // The warning runs beside the rest of the year's assessment; the case waits for both.
    const warned = rated.warningDue ? warning(rated.fail, rated.cast) : Promise.resolve();

    await humanTask(rt, {
      ...task,
      step: 'quantified-score',
      title: `实绩量化评分 Quantified score: ${name}`,
      role: 'township-committee',
      parse: parseScoreDecision,
      onDecided: (value, actor) => decideScore({ value, actor }, { ...who, weights: p.weights, rules, village }),
    });

    await humanTask(rt, {
      ...task,
      step: 'supervisor-comment',
      title: `分管领导评语 Supervisor's comment: ${name}`,
      role: 'township-committee',
      parse: parseSupervisorComment,
      onDecided: (value, actor) => decideSupervisorComment({ value, actor }, who),
    });

    const recommended = await humanTask(rt, {
      ...task,
      step: 'township-recommendation',
      title: `乡镇党委推荐等次 Township recommendation: ${name}`,
      role: 'township-committee',
      parse: parseTownshipRecommendation,
      // A recommendation the committee could not follow (the vote rules it out) helps nobody.
      check: (d) => {
        if (!village) return { ok: true, value: d };
        const byVote = checkVillageGrade(rated.proposal, d.grade);
        return byVote.ok ? { ok: true, value: d } : byVote;
      },
      onDecided: (value, actor) => [...decideRecommendation({ value, actor }, who), carryStage('committee-grade')],
    });

    await (input.readyTo === undefined ? round : getExternalWorkflowHandle(input.readyTo)).signal(cadreReadySignal, {
      personId: input.personId,
      caseId: rt.caseId,
      unitId: input.unitId,
      voteProposal: rated.proposal,
      recommended: recommended.value.grade,
    });
    await rt.waitFor(() => fixed !== undefined);
    const committee = fixed!;
    let grade = committee.grade;
    status.grade = grade;
    await rt.emit(
      'grade-fixed',
      [
        ...decideGradeFixed({ value: committee, actor: committee.actor }, { ...who, roundId: input.roundId, unitId: input.unitId }),
        carryStage(grade === 'excellent' ? 'excellent-notice' : 'notification'),
      ],
      committee.actor,
    );

    // The first day the grade can be told to the cadre.
    let notBefore = committee.fixedOn;
    if (grade === 'excellent') {
      const noticed = await excellentNotice('excellent-notice', rated.proposal, committee.noticePostedOn);
      grade = noticed.grade;
      notBefore = noticed.closesOn;
      status.grade = grade;
      await stage('notification');
    }

    const notified = await humanTask(rt, {
      ...task,
      step: 'notification',
      title: `考核结果书面通知本人 Written notification: ${name}`,
      role: 'township-committee',
      parse: parseNotification,
      check: (d) => checkNotifiedOn(d, notBefore),
    });
    // The day the cadre received it: the decision's own day, or an earlier one it names
    // (a later one is today). The window is counted from it (the day itself not counted).
    const notifiedOn = recordedOrToday(notified.value.notifiedOn, await evaluationToday());
    const told = decideNotified(
      { value: { method: notified.value.method, notifiedOn }, actor: notified.actor },
      { ...who, policy: p, grade },
    );
    const { reviewRequestClosesOn } = told[0]!.data;
    status.reviewRequestClosesOn = reviewRequestClosesOn;
    reviewWindow = 'open';
    await rt.emit('notified', [...told, carryStage('review-window')], notified.actor);

    await rt.waitFor(() => reviewRequested, await msUntilEndOfDay(reviewRequestClosesOn));
    reviewWindow = 'closed';

    if (reviewRequested) {
      // The request's own event comes first in the case's story.
      await rt.waitFor(() => reviewRecorded);
      await stage('review');
      // The grade stands while the review is pending.
      await rt.waitFor(() => reviewDecided !== undefined);
      const review = reviewDecided!;
      status.review = review.outcome;
      // Cases that were past this point before appeals existed replay without the window.
      if (patched('evaluation-appeal')) reviewDecidedOn = await evaluationToday();
      if (review.outcome === 'changed' && review.grade !== grade) {
        const from = grade;
        grade = review.grade;
        status.grade = grade;
        const raised = grade === 'excellent' && isRaise(from, grade);
        await rt.emit(
          'review-applied',
          [
            ...decideGradeChange({ value: { from, to: grade, source: 'review', reason: review.reason }, actor: review.actor }, who),
            // A grade raised to 优秀 is posted like the committee's.
            ...(raised ? [carryStage('review-notice')] : []),
          ],
          review.actor,
        );
        if (raised) {
          grade = (await excellentNotice('review-notice', rated.proposal)).grade;
          status.grade = grade;
        }
      }
      if (reviewDecidedOn !== undefined) grade = await appeal(grade, reviewDecidedOn, rated.proposal);
    }

    const history = await evaluationActivities.evaluationGradeHistory({ personId: input.personId, beforeYear: input.year });
    const finalEvents = decideFinalGrade({ year: input.year, grade, history }, { ...who, policy: p });
    applyToStatus(finalEvents);
    await stage('final', finalEvents);
    status.gradeFinal = true;

    await warned;
    await rt.close('outcome', grade, []);
    return grade;
  };

  /**
   * 申诉: a window counted from the review's decision, opened once what the review changed
   * has been applied (its 优秀 notice included); an appeal filed in it is decided by the
   * round and applied like the review. Returns the grade that then stands.
   */
  async function appeal(current: Grade, decidedOn: string, voteProposal: 'excellent' | 'not-competent' | null): Promise<Grade> {
    let grade = current;
    const window = appealWindow(decidedOn, p);
    status.appealClosesOn = window.closesOn;
    appealState = 'open';
    await stage('appeal-window');
    await rt.waitFor(() => appealRequested, await msUntilEndOfDay(window.closesOn));
    appealState = 'closed';
    if (!appealRequested) return grade;
    // The appeal's own event comes first in the case's story.
    await rt.waitFor(() => appealRecorded);
    await stage('appeal');
    // The grade stands while the appeal is pending.
    await rt.waitFor(() => appealDecided !== undefined);
    const decision = appealDecided!;
    status.appeal = decision.outcome;
    if (decision.outcome !== 'changed' || decision.grade === grade) return grade;
    const from = grade;
    grade = decision.grade;
    status.grade = grade;
    const raised = grade === 'excellent' && isRaise(from, grade);
    await rt.emit(
      'appeal-applied',
      [
        ...decideGradeChange({ value: { from, to: grade, source: 'appeal', reason: decision.reason }, actor: decision.actor }, who),
        ...(raised ? [carryStage('appeal-notice')] : []),
      ],
      decision.actor,
    );
    if (raised) {
      grade = (await excellentNotice('appeal-notice', voteProposal)).grade;
      status.grade = grade;
    }
    return grade;
  }

  return runCase(body);
}
