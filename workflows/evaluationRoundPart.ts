/**
 * A part of an evaluation round (年度考核): up to CASES_PER_PART of the round's cadres, whose
 * cases are started and held here instead of by the round. Temporal refuses a workflow more
 * than 2,000 pending children, and every case it starts, hears from and grades grows its
 * history; in parts, a round of ten thousand cadres holds twenty children and hears once
 * per unit, not once per cadre. The committee's decisions stay with the round: a part only
 * passes messages on.
 *
 *   the part's cases started (100 at a time) → the round told which started, and which
 *   another round of the year holds already → each unit's cases here recommended by their
 *   township → the round told, once per unit → the committee's grades passed on to the
 *   cases → every case closed → their grades returned to the round.
 */
import { condition, getExternalWorkflowHandle, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Grade } from '../domain/grades';
import type { Policy } from '../domain/policy';
import { childCaseSearchAttributes } from './kit/childSearchAttributes';
import { evaluation, type EvaluationInput } from './evaluation';
import {
  cadreReadySignal,
  gradeFixedSignal,
  partGradesFixedSignal,
  partStartedSignal,
  unitPartReadySignal,
  type CadreReady,
  type PartGradesFixed,
} from './evaluationMessages';

/** Cases are started, and grades passed on, this many at a time: one workflow task's worth of commands. */
export const START_BATCH = 100;

/** A cadre of the round, as the round's scope found them. */
export interface RoundCadreEntry {
  personId: string;
  caseId: string;
  name: string;
  orgUnitId: string;
  townshipId: string;
  unitId: string;
  village: boolean;
}

/** What the round gives each case: the cadre, and where the case's recommendation goes. */
export interface CaseStart {
  roundId: string;
  year: number;
  policy: Policy;
  withSearchAttributes: boolean;
  /** The part holding the case; absent when the round holds it itself. */
  readyTo?: string;
}

/** A started case's grade once it closes; null when it was ended by hand (terminated) and has none. */
export type CaseClosed = Promise<Grade | null>;

/**
 * Starts the cadres' cases as children, START_BATCH at a time. A cadre whose case another
 * round of the year started already is skipped: one case per cadre per year.
 */
export async function startEvaluationCases(
  cadres: readonly RoundCadreEntry[],
  start: CaseStart,
): Promise<{ started: Map<string, CaseClosed>; skipped: Array<{ personId: string; caseId: string }> }> {
  const started = new Map<string, CaseClosed>();
  const skipped: Array<{ personId: string; caseId: string }> = [];
  for (let i = 0; i < cadres.length; i += START_BATCH) {
    await Promise.all(
      cadres.slice(i, i + START_BATCH).map(async (c) => {
        const child: EvaluationInput = {
          roundId: start.roundId,
          year: start.year,
          personId: c.personId,
          personName: c.name,
          orgUnitId: c.orgUnitId,
          townshipId: c.townshipId,
          unitId: c.unitId,
          kind: c.village ? 'village' : 'organ',
          policy: start.policy,
          ...(start.readyTo !== undefined ? { readyTo: start.readyTo } : {}),
        };
        try {
          const handle = await startChild(evaluation, {
            workflowId: c.caseId,
            args: [child],
            // A cadre's case outlives the round when a warning (诫勉) runs on past the grades.
            parentClosePolicy: 'ABANDON',
            // One case per cadre per year, even after it has closed.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            ...(start.withSearchAttributes
              ? { typedSearchAttributes: childCaseSearchAttributes('evaluation', c.townshipId, c.personId) }
              : {}),
          });
          started.set(
            c.personId,
            handle.result().then(
              (grade) => grade,
              () => null,
            ),
          );
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          // Another round of the same year assesses this cadre already.
          skipped.push({ personId: c.personId, caseId: c.caseId });
        }
      }),
    );
  }
  return { started, skipped };
}

export interface EvaluationRoundPartInput extends Omit<CaseStart, 'readyTo'> {
  cadres: RoundCadreEntry[];
}

export interface EvaluationRoundPartOutcome {
  /** Each started case's grade; null: ended by hand, no grade to count. */
  finals: Record<string, Grade | null>;
}

export async function evaluationRoundPart(input: EvaluationRoundPartInput): Promise<EvaluationRoundPartOutcome> {
  const partId = workflowInfo().workflowId;
  const round = getExternalWorkflowHandle(input.roundId);
  const ready = new Map<string, CadreReady>();
  const passingOn: Array<Promise<void>> = [];

  setHandler(cadreReadySignal, (s) => {
    if (!ready.has(s.personId)) ready.set(s.personId, s);
  });
  setHandler(partGradesFixedSignal, (s) => {
    passingOn.push(passOn(s));
  });

  const passOn = async (s: PartGradesFixed): Promise<void> => {
    for (let i = 0; i < s.grades.length; i += START_BATCH) {
      await Promise.all(
        s.grades.slice(i, i + START_BATCH).map((g) => getExternalWorkflowHandle(g.caseId).signal(gradeFixedSignal, g.fixed)),
      );
    }
  };

  const { started, skipped } = await startEvaluationCases(input.cadres, { ...input, readyTo: partId });
  await round.signal(partStartedSignal, { partId, started: [...started.keys()], skipped });

  const units = new Map<string, string[]>();
  for (const c of input.cadres) {
    if (!started.has(c.personId)) continue;
    // Pushed in place: a unit of hundreds copied per member would be quadratic.
    const members = units.get(c.unitId) ?? [];
    members.push(c.personId);
    units.set(c.unitId, members);
  }
  const unitsReady = [...units].map(async ([unitId, members]) => {
    await condition(() => members.every((id) => ready.has(id)));
    await round.signal(unitPartReadySignal, { unitId, ready: members.map((id) => ready.get(id)!) });
  });

  const finals: Record<string, Grade | null> = {};
  await Promise.all([...started].map(async ([personId, closed]) => void (finals[personId] = await closed)));
  await Promise.all(unitsReady);
  await Promise.all(passingOn);
  return { finals };
}
