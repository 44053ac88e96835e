/**
 * What the evaluation's workflows ask of the outside world beyond the kit's appends: the
 * cadres in a round's scope and a person's earlier grades, read from the read models;
 * and, for cases and rounds from before patch `day-from-workflow-task-time`
 * (workflows/evaluationDays.ts), the server's day and the end of a calendar day.
 *
 * The day comes from the activity's scheduled time (the same on every retry), like the
 * kit's deadlines, and the answers are recorded in the workflow history, so a replay
 * never reads the registry again.
 */
import { Context } from '@temporalio/activity';
import { addDays, shanghaiDate, shanghaiInstant } from '../domain/calendar';
import type { GradeRecord } from '../domain/evaluationConsequences';
import type { DB } from '../schema/db';
import type { EvaluationActivities, ScopeCadre } from '../workflows/evaluationMessages';

export interface EvaluationActivityDeps {
  db: DB;
}

function scheduledNow(): number {
  return Context.current().info.scheduledTimestampMs;
}

export function createEvaluationActivities({ db }: EvaluationActivityDeps): EvaluationActivities {
  return {
    async evaluationToday() {
      return shanghaiDate(scheduledNow());
    },

    async msUntilEndOfDay(day) {
      return shanghaiInstant(addDays(day, 1), 0, 0) - scheduledNow();
    },

    /**
     * Cadres are the people holding a post (a current assignment) whose unit is a
     * township of the scope or a village (or branch) below one; townships dissolved by
     * a merger are left out, their people having moved with the merger.
     */
    async evaluationScope({ townshipIds }) {
      let q = db
        .selectFrom('people as p')
        .innerJoin('org_units as u', 'u.org_unit_id', 'p.org_unit_id')
        .innerJoin('org_units as t', 't.org_unit_id', 'u.township_id')
        .select(['p.person_id', 'p.name', 'p.org_unit_id', 'u.township_id', 'u.kind'])
        .where('p.current_assignment_id', 'is not', null)
        .where('t.effective_to', 'is', null)
        .where('u.kind', 'in', ['township', 'village', 'branch']);
      if (townshipIds !== null) q = q.where('u.township_id', 'in', townshipIds);
      const rows = await q.orderBy('p.person_id').execute();
      return rows.map((r): ScopeCadre => ({
        personId: r.person_id,
        name: r.name,
        orgUnitId: r.org_unit_id,
        townshipId: r.township_id!,
        kind: r.kind === 'township' ? 'organ' : 'village',
      }));
    },

    async evaluationGradeHistory({ personId, beforeYear }) {
      const rows = await db
        .selectFrom('evaluation_cadres')
        .select(['year', 'grade'])
        .where('person_id', '=', personId)
        .where('year', '<', beforeYear)
        .where('grade_status', '=', 'final')
        .orderBy('year')
        .execute();
      return rows.map((r): GradeRecord => ({ year: r.year, grade: r.grade! }));
    },
  };
}
