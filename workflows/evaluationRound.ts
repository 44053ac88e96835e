/**
 * An evaluation round (年度考核) for a year over a scope (the county, or some townships):
 * one case per cadre, started by the round's parts (workflows/evaluationRoundPart.ts, at
 * most CASES_PER_PART cases each, so no workflow nears Temporal's limits), and the assessment committee's
 * (考核委员会) decisions that need a whole unit of assessment in view — the grades of the
 * unit, held to the 优秀 quota, and every review (复核) or appeal (申诉) that would change
 * one of them.
 *
 *   cadres in scope (registry) → their cases started, a part at a time → each unit graded by the committee
 *   once its township has recommended everyone → reviews, and appeals after them, decided
 *   as they are requested
 *   → every grade stands → the round closes with the grade distribution.
 *
 * A Schedule starts `scheduledEvaluationRound`, which works out the year and starts the
 * round under its business id, so a round started by hand is never started twice.
 */
import {
  ApplicationFailure,
  defineQuery,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Actor } from '../domain/actors';
import { recordedOrToday } from '../domain/evaluationDecider';
import { parseReviewDecision } from '../domain/evaluationForms';
import { checkReviewDecision, type ReviewDecision } from '../domain/evaluationReview';
import {
  checkGradeProposal,
  excellentQuota,
  quotaWithApprovalPercent,
  type AssessmentUnit,
  type QuotaApproval,
} from '../domain/excellentQuota';
import { gradeLabel, type Grade } from '../domain/grades';
import {
  assessmentUnitId,
  CASES_PER_PART,
  checkQuotaApprovalDay,
  checkUnitGrades,
  evaluationWorkflowId,
  evaluationYearFor,
  parseUnitGrades,
  roundPartWorkflowId,
  roundScope,
  roundWorkflowId,
  splitIntoParts,
  workingDaysUntil,
  type UnitMember,
} from '../domain/evaluationRound';
import type { Refused } from '../domain/checked';
import type { Parsed } from '../domain/decisions';
import {
  decideCasesStarted,
  decideReconsideration,
  decideRoundCompleted,
  decideRoundScope,
  decideRoundStart,
  decideUnitGrades,
  evolveGradedUnit,
} from '../domain/evaluationRoundDecider';
import type { Policy } from '../domain/policy';
import { CaseRuntime, decisionToday, humanTask, taskDefaults } from './kit';
import { evaluationToday } from './evaluationDays';
import { CASE_KIND } from './searchAttributes';
import { childCaseSearchAttributes } from './kit/childSearchAttributes';
import { evaluationRoundPart, START_BATCH, startEvaluationCases, type RoundCadreEntry } from './evaluationRoundPart';
import {
  appealDecidedSignal,
  appealRequestedSignal,
  cadreReadySignal,
  evaluationActivities,
  gradeChangedSignal,
  gradeFixedSignal,
  partGradesFixedSignal,
  partStartedSignal,
  reviewDecidedSignal,
  reviewRequestedSignal,
  unitPartReadySignal,
  type AppealRequested,
  type CadreReady,
  type GradeFixed,
  type PartStarted,
  type ReviewRequested,
} from './evaluationMessages';

export interface EvaluationRoundInput {
  year: number;
  /** null: the whole county. */
  townshipIds: string[] | null;
  policy: Policy;
  /**
   * Who started the case (the signed-in user, or the CLI's --user account), recorded as the
   * actor of its first events. Absent in cases started before it was passed: their first
   * events carry no actor, as they did, so their histories replay unchanged.
   */
  startedBy?: Actor;
  /** How many cases each part of the round holds; CASES_PER_PART unless a test or benchmark wants smaller parts. */
  casesPerPart?: number;
}

export interface EvaluationRoundOutcome {
  roundId: string;
  assessed: number;
  distribution: Record<Grade, number>;
}

export interface RoundStatus {
  stage: string;
  cadres: number;
  started: number;
  skipped: number;
  ready: number;
  unitsGraded: number;
  units: number;
  final: number;
  reviewsOpen: number;
  appealsOpen: number;
}

export const roundStatusQuery = defineQuery<RoundStatus>('evaluationRoundStatus');

/** The refusal a client sees for a grade proposal over the 优秀 quota; details carry the numbers. */
export const OVER_QUOTA = 'OverQuota';

interface RoundCadre extends RoundCadreEntry {
  /** The part of the round holding the case; absent in rounds that hold their cases themselves. */
  partId?: string;
  ready?: CadreReady;
  /** The case's result, the grade that stands; settled when the case closes. */
  closed?: Promise<void>;
  final?: Grade;
}

interface RoundUnit {
  unit: AssessmentUnit;
  townshipId: string;
  members: string[];
  /** The grades that stand now, once the committee has graded the unit. */
  grades?: Map<string, Grade>;
  /** The approval the committee graded under: the unit's quota for its reviews too. */
  approval?: QuotaApproval;
}

/**
 * A refusal that names its numbers: over quota is its own type (the client shows the
 * numbers), anything else is a malformed decision like the kit's.
 */
function refuseOverQuota<T>(checked: Refused<{ kind: string }>): Parsed<T> {
  if (checked.refusal.kind === 'over-quota') {
    throw ApplicationFailure.create({ type: OVER_QUOTA, message: checked.error, nonRetryable: true, details: [checked.refusal] });
  }
  return checked;
}

export async function evaluationRound(input: EvaluationRoundInput): Promise<EvaluationRoundOutcome> {
  const { policy, year } = input;
  const p = policy.evaluation;
  const rt = new CaseRuntime(policy.version);
  const roundId = rt.caseId;
  const scope = roundScope(input.townshipIds);
  const cadres = new Map<string, RoundCadre>();
  const units = new Map<string, RoundUnit>();
  const reviews: Array<Promise<void>> = [];
  const appeals: Array<Promise<void>> = [];
  const status: RoundStatus = {
    stage: 'started',
    cadres: 0,
    started: 0,
    skipped: 0,
    ready: 0,
    unitsGraded: 0,
    units: 0,
    final: 0,
    reviewsOpen: 0,
    appealsOpen: 0,
  };
  const task = taskDefaults(policy);
  const withSearchAttributes = workflowInfo().typedSearchAttributes.get(CASE_KIND) !== undefined;

  setHandler(roundStatusQuery, () => status);
  const markReady = (s: CadreReady): void => {
    const c = cadres.get(s.personId);
    if (!c || c.ready) return;
    c.ready = s;
    status.ready += 1;
  };
  setHandler(cadreReadySignal, markReady);
  setHandler(unitPartReadySignal, (s) => s.ready.forEach(markReady));
  const partsStarted = new Map<string, PartStarted>();
  setHandler(partStartedSignal, (s) => {
    if (partsStarted.has(s.partId)) return;
    partsStarted.set(s.partId, s);
    status.started += s.started.length;
  });
  setHandler(gradeChangedSignal, (s) => {
    units.get(s.unitId)?.grades?.set(s.personId, s.grade);
  });
  setHandler(reviewRequestedSignal, (s) => {
    reviews.push(review(s));
  });
  // Rounds that never receive one (all before appeals existed) issue no command for it.
  setHandler(appealRequestedSignal, (s) => {
    appeals.push(appeal(s));
  });

  const stage = async (next: string): Promise<void> => {
    status.stage = next;
    await rt.stage(next);
  };

  /**
   * 复核, and 申诉 after it: decided here because raising a grade to 优秀 must fit the
   * unit's quota. Both open the same task under their own step and record their own event.
   */
  const reconsider = async (
    kind: 'review' | 'appeal',
    s: { personId: string; caseId: string; unitId: string; grounds: string; decisionDueOn: string },
  ): Promise<void> => {
    const c = cadres.get(s.personId)!;
    const u = units.get(s.unitId)!;
    const grades = u.grades!;
    const today = await evaluationToday();
    let decided: { from: Grade; to: Grade; d: ReviewDecision; actor: Actor } | undefined;
    await humanTask(rt, {
      ...task,
      step: `${kind}:${s.personId}`,
      title: `${kind === 'review' ? '复核 Review' : '申诉 Appeal'}: ${c.name} (${gradeLabel(grades.get(s.personId)!, u.unit.kind)}), ${s.grounds.slice(0, 40)}`,
      role: 'county-org-dept',
      orgUnitId: c.orgUnitId,
      townshipId: c.townshipId,
      dueWorkingDays: workingDaysUntil(today, s.decisionDueOn),
      parse: parseReviewDecision,
      check: (d) => {
        const current = grades.get(s.personId)!;
        const changed = checkReviewDecision(d, current);
        if (!changed.ok || d.outcome === 'upheld') return changed;
        const quota = checkGradeProposal(u.unit, grades, [{ personId: s.personId, grade: d.grade }], p, u.approval);
        return quota.ok ? changed : refuseOverQuota(quota);
      },
      // The unit's grades change here, with the decision, so that the next review's
      // validator already counts this one.
      onDecided: (d, actor) => {
        const from = grades.get(s.personId)!;
        const events = decideReconsideration(
          { value: d, actor },
          { kind, roundId, unitId: s.unitId, caseId: s.caseId, personId: s.personId, from, policy: p },
        );
        const { to } = events[0]!.data;
        grades.set(s.personId, to);
        decided = { from, to, d, actor };
        return events;
      },
    });
    const r = decided!;
    await getExternalWorkflowHandle(s.caseId).signal(kind === 'review' ? reviewDecidedSignal : appealDecidedSignal, {
      outcome: r.d.outcome,
      grade: r.to,
      reason: r.d.reason,
      actor: r.actor,
    });
  };

  const review = async (s: ReviewRequested): Promise<void> => {
    status.reviewsOpen += 1;
    await reconsider('review', s);
    status.reviewsOpen -= 1;
  };

  const appeal = async (s: AppealRequested): Promise<void> => {
    status.appealsOpen += 1;
    await reconsider('appeal', s);
    status.appealsOpen -= 1;
  };

  /** The committee grades a unit once its township has recommended everyone in it. */
  const gradeUnit = async (u: RoundUnit): Promise<void> => {
    await rt.waitFor(() => u.members.every((id) => cadres.get(id)!.ready !== undefined));
    const members: UnitMember[] = u.members.map((id) => {
      const c = cadres.get(id)!;
      return { personId: id, village: c.village, voteProposal: c.ready!.voteProposal, recommended: c.ready!.recommended };
    });
    const allowed = excellentQuota(members.length, p.excellentQuotaPercent);
    const ceiling = quotaWithApprovalPercent(p);
    const withApproval = excellentQuota(members.length, ceiling);
    const approvalNote = withApproval > allowed ? ` (${withApproval} with an approval up to ${ceiling}%)` : '';
    // Rounds that graded before an approval's day was checked took any day; a replay of
    // one must accept what it accepted then.
    const approvalDayChecked = patched('evaluation-approval-day-checked');
    const decision = await humanTask(rt, {
      ...task,
      step: `committee:${u.unit.unitId}`,
      title: `考核委员会确定等次 Committee grades ${u.unit.unitId}: ${members.length} assessed, at most ${allowed} 优秀${approvalNote}`,
      role: 'county-org-dept',
      orgUnitId: u.townshipId,
      townshipId: u.townshipId,
      parse: parseUnitGrades,
      check: (d) => {
        // An approval dated after today is a typo: refused here as the web form refuses it.
        const dated = approvalDayChecked ? checkQuotaApprovalDay(d, decisionToday()) : undefined;
        if (dated && !dated.ok) return dated;
        const checked = checkUnitGrades(u.unit, members, d.grades, p, d.quotaApproval);
        return checked.ok ? { ok: true, value: d } : refuseOverQuota(checked);
      },
      onDecided: (d, actor) => {
        const withCases = members.map((m) => ({ ...m, caseId: cadres.get(m.personId)!.caseId }));
        const events = decideUnitGrades({ value: d, actor }, { roundId, unit: u.unit, members: withCases, policy: p });
        // Written into the unit itself: the reviews and the grade-changed signal read u.grades.
        Object.assign(u, events.reduce(evolveGradedUnit, u));
        status.unitsGraded += 1;
        return events;
      },
    });
    // The day the grades count from, for the cases' notifications: the committee's
    // meeting when recorded afterwards, else today (a later day than today is today).
    // Rounds graded before grades carried their day send none.
    let fixedOn: string | undefined;
    if (patched('evaluation-grades-carry-their-day')) {
      fixedOn = recordedOrToday(decision.value.gradedOn, await evaluationToday());
    }
    const { noticePostedOn } = decision.value;
    const fixedFor = (personId: string): GradeFixed => {
      const entry = decision.value.grades[personId]!;
      return {
        grade: entry.grade,
        reason: entry.reason,
        actor: decision.actor,
        ...(fixedOn !== undefined ? { fixedOn } : {}),
        ...(noticePostedOn !== undefined ? { noticePostedOn } : {}),
      };
    };
    // A round in parts sends each part its cases' grades in one signal; the part passes them on.
    const byPart = new Map<string, Array<{ caseId: string; fixed: GradeFixed }>>();
    for (const m of members) {
      const c = cadres.get(m.personId)!;
      if (c.partId === undefined) continue;
      // Pushed in place: a unit of thousands copied per member would be quadratic.
      const grades = byPart.get(c.partId) ?? [];
      grades.push({ caseId: c.caseId, fixed: fixedFor(m.personId) });
      byPart.set(c.partId, grades);
    }
    await Promise.all([
      ...[...byPart].map(([partId, grades]) =>
        getExternalWorkflowHandle(partId).signal(partGradesFixedSignal, { unitId: u.unit.unitId, grades }),
      ),
      ...members
        .filter((m) => cadres.get(m.personId)!.partId === undefined)
        .map((m) => getExternalWorkflowHandle(cadres.get(m.personId)!.caseId).signal(gradeFixedSignal, fixedFor(m.personId))),
    ]);
  };

  /** The round closes after its cases, never before: a case's review or appeal is decided here. */
  const countClosed = (personId: string, grade: Grade | null): void => {
    // A case ended by hand (terminated) has no grade to count.
    if (grade !== null) cadres.get(personId)!.final = grade;
    status.final += 1;
  };

  /**
   * The cases started by the round's parts (workflows/evaluationRoundPart.ts); each part
   * reports what it started, and its result carries the grades. A part starts once the one
   * before it has started its cases: a part's next batch waits for its next workflow task,
   * queued behind the cases it has just started, so the worker's queue paces the starts and
   * decisions on cases already open are not held up behind thousands of first tasks.
   * Rounds from before that started up to START_BATCH parts side by side.
   */
  const startInParts = async (parts: RoundCadre[][]): Promise<Array<{ personId: string; caseId: string }>> => {
    const ids = parts.map((_, i) => roundPartWorkflowId(roundId, i + 1));
    const startPart = async (part: RoundCadre[], partId: string): Promise<void> => {
      const entries: RoundCadreEntry[] = part.map(({ personId, caseId, name, orgUnitId, townshipId, unitId, village }) => ({
        personId,
        caseId,
        name,
        orgUnitId,
        townshipId,
        unitId,
        village,
      }));
      const handle = await startChild(evaluationRoundPart, {
        workflowId: partId,
        args: [{ roundId, year, policy, withSearchAttributes, cadres: entries }],
        parentClosePolicy: 'ABANDON',
      });
      const finals = handle.result().then((outcome) => outcome.finals);
      for (const c of part) {
        c.partId = partId;
        c.closed = finals.then((f) => {
          const grade = f[c.personId];
          if (grade !== undefined) countClosed(c.personId, grade);
        });
      }
    };
    if (patched('evaluation-round-parts-in-turn')) {
      for (const [i, part] of parts.entries()) {
        await startPart(part, ids[i]!);
        await rt.waitFor(() => partsStarted.has(ids[i]!));
      }
    } else {
      for (let i = 0; i < parts.length; i += START_BATCH) {
        await Promise.all(parts.slice(i, i + START_BATCH).map((part, j) => startPart(part, ids[i + j]!)));
      }
    }
    await rt.waitFor(() => ids.every((id) => partsStarted.has(id)));
    return ids.flatMap((id) => partsStarted.get(id)!.skipped);
  };

  await rt.emit(
    'start',
    decideRoundStart({ year, scope, townshipIds: input.townshipIds, policyVersion: policy.version }, { roundId }),
    input.startedBy,
  );

  const found = await evaluationActivities.evaluationScope({ townshipIds: input.townshipIds });
  for (const f of found) {
    const unitId = assessmentUnitId(f.townshipId, f.kind);
    cadres.set(f.personId, {
      personId: f.personId,
      caseId: evaluationWorkflowId(year, f.personId),
      name: f.name,
      orgUnitId: f.orgUnitId,
      townshipId: f.townshipId,
      unitId,
      village: f.kind === 'village',
    });
    if (!units.has(unitId)) units.set(unitId, { unit: { unitId, kind: f.kind }, townshipId: f.townshipId, members: [] });
    units.get(unitId)!.members.push(f.personId);
  }
  status.cadres = cadres.size;
  await rt.emit('scope', decideRoundScope({ year, scope, townshipIds: input.townshipIds, cadres: cadres.size }, { roundId, policy: p }));

  await stage('starting-cases');
  const all = [...cadres.values()];
  let skipped: Array<{ personId: string; caseId: string }>;
  if (patched('evaluation-round-in-parts')) {
    skipped = await startInParts(splitIntoParts(all, input.casesPerPart ?? CASES_PER_PART));
  } else {
    // Rounds started before parts hold every case themselves.
    const held = await startEvaluationCases(all, { roundId, year, policy, withSearchAttributes });
    for (const [personId, closed] of held.started) cadres.get(personId)!.closed = closed.then((grade) => countClosed(personId, grade));
    status.started = held.started.size;
    skipped = held.skipped;
  }
  for (const s of skipped) {
    const c = cadres.get(s.personId)!;
    const u = units.get(c.unitId)!;
    u.members = u.members.filter((id) => id !== s.personId);
    cadres.delete(s.personId);
  }
  for (const [id, u] of units) if (u.members.length === 0) units.delete(id);
  status.skipped = skipped.length;
  status.units = units.size;
  const assessed = [...units.values()].map((u) => ({
    unitId: u.unit.unitId,
    kind: u.unit.kind,
    townshipId: u.townshipId,
    assessed: u.members.length,
  }));
  await rt.emit('cases-started', decideCasesStarted({ started: status.started, skipped, units: assessed }, { roundId, policy: p }));

  await stage('assessment');
  await Promise.all([...units.values()].map(gradeUnit));
  await stage('reviews');
  // A case closes once its grade stands (its review window over, any review decided, then
  // its appeal window over and any appeal decided) and any warning's re-rating is done.
  await Promise.all([...cadres.values()].map((c) => c.closed));
  await Promise.all(reviews);
  await Promise.all(appeals);

  const completed = decideRoundCompleted({ finals: [...cadres.values()].flatMap((c) => (c.final ? [c.final] : [])) }, { roundId });
  await rt.close('outcome', 'completed', completed);
  return { roundId, assessed: cadres.size, distribution: completed[0]!.data.distribution };
}

// ---- started by a Schedule -----------------------------------------------------------------

export interface ScheduledRoundInput {
  townshipIds: string[] | null;
  /** The policy when the schedule was last set; `cadreflow evaluation schedule` again takes a newer one. */
  policy: Policy;
}

export interface ScheduledRoundOutcome {
  roundId: string;
  started: boolean;
}

/**
 * What the Schedule starts each time it fires: the round of the year, under the round's
 * own business id. A Schedule's runs get ids of their own, so this launcher is what keeps
 * "one round per year and scope" when the round was started by hand already.
 */
export async function scheduledEvaluationRound(input: ScheduledRoundInput): Promise<ScheduledRoundOutcome> {
  const today = await evaluationToday();
  const year = evaluationYearFor(today);
  const roundId = roundWorkflowId(year, roundScope(input.townshipIds));
  const withSearchAttributes = workflowInfo().typedSearchAttributes.get(CASE_KIND) !== undefined;
  try {
    await startChild(evaluationRound, {
      workflowId: roundId,
      args: [{ year, townshipIds: input.townshipIds, policy: input.policy }],
      parentClosePolicy: 'ABANDON',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      ...(withSearchAttributes
        ? {
            typedSearchAttributes: childCaseSearchAttributes(
              'evaluation-round',
              input.townshipIds?.length === 1 ? input.townshipIds[0]! : roundScope(input.townshipIds),
              `${year}/${roundScope(input.townshipIds)}`,
            ),
          }
        : {}),
    });
    return { roundId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { roundId, started: false };
    throw err;
  }
}
