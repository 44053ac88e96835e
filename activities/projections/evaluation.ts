/**
 * Read models of the annual evaluation: `evaluation_rounds`, `evaluation_units` and
 * `evaluation_cadres`. Folded in the append transaction and by rebuilds, through the
 * same code: the rows the events touch are loaded once, changed in memory, written back.
 *
 * Choices rather than facts of the events:
 * - A cadre's `grade` is the grade that stands now: the committee's, then whatever an
 *   upheld objection, a review or an appeal made of it; `grade_status` says whether it can still
 *   change (fixed) or not (final).
 * - A unit's row keeps the quota as it stood when the committee graded it (raised, if
 *   it graded under an approval); the 优秀 that stand now are counted from the cadres' rows.
 * - An event about a row that was never created changes nothing.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { addDays } from '../../domain/calendar';
import type { RecordedEvent } from '../../domain/events';
import { EVALUATION_EVENT_TYPES, type EvaluationEvent } from '../../domain/events/evaluation';
import type { DB } from '../../schema/db';
import type { EvaluationCadresTable, EvaluationRoundsTable, EvaluationUnitsTable } from '../../schema/tables/evaluation';
import type { ProcedureProjection } from './projection';

type RoundRow = Selectable<EvaluationRoundsTable>;
type UnitRow = Selectable<EvaluationUnitsTable>;
type CadreRow = Selectable<EvaluationCadresTable>;

const unitKey = (roundId: string, unitId: string): string => `${roundId}|${unitId}`;
const instant = (iso: string): Date => new Date(iso);

class State {
  readonly rounds = new Map<string, RoundRow>();
  readonly units = new Map<string, UnitRow>();
  readonly cadres = new Map<string, CadreRow>();
  readonly dirty = { rounds: new Set<string>(), units: new Set<string>(), cadres: new Set<string>() };

  putRound(row: RoundRow): void {
    this.rounds.set(row.round_id, row);
    this.dirty.rounds.add(row.round_id);
  }
  patchRound(id: string, change: Partial<RoundRow>): void {
    const row = this.rounds.get(id);
    if (row) this.putRound({ ...row, ...change });
  }
  putUnit(row: UnitRow): void {
    this.units.set(row.round_unit_id, row);
    this.dirty.units.add(row.round_unit_id);
  }
  patchUnit(id: string, change: Partial<UnitRow>): void {
    const row = this.units.get(id);
    if (row) this.putUnit({ ...row, ...change });
  }
  putCadre(row: CadreRow): void {
    this.cadres.set(row.case_id, row);
    this.dirty.cadres.add(row.case_id);
  }
  patchCadre(id: string, change: Partial<CadreRow>): void {
    const row = this.cadres.get(id);
    if (row) this.putCadre({ ...row, ...change });
  }
}

/** The rows an event reads or writes, by table. */
function keysOf(e: EvaluationEvent, keys: { rounds: Set<string>; units: Set<string>; cadres: Set<string> }): void {
  switch (e.type) {
    case 'EvaluationRoundStarted':
    case 'EvaluationRoundCompleted':
      keys.rounds.add(e.data.roundId);
      return;
    case 'EvaluationRoundCasesStarted':
      keys.rounds.add(e.data.roundId);
      for (const u of e.data.units) keys.units.add(unitKey(e.data.roundId, u.unitId));
      return;
    case 'EvaluationUnitGraded':
      keys.units.add(unitKey(e.data.roundId, e.data.unitId));
      return;
    default:
      keys.cadres.add(e.data.caseId);
  }
}

function apply(s: State, e: EvaluationEvent): void {
  switch (e.type) {
    case 'EvaluationRoundStarted': {
      const d = e.data;
      s.putRound({
        round_id: d.roundId,
        year: d.year,
        scope: d.scope,
        township_ids: d.townshipIds,
        status: 'starting',
        cadres: d.cadres,
        started: null,
        skipped: null,
        quota_percent: d.quotaPercent,
        started_at: instant(d.at),
        cases_started_at: null,
        completed_at: null,
        distribution: null,
      });
      return;
    }
    case 'EvaluationRoundCasesStarted': {
      const d = e.data;
      s.patchRound(d.roundId, { status: 'in-progress', started: d.started, skipped: d.skipped.length, cases_started_at: instant(d.at) });
      for (const u of d.units) {
        s.putUnit({
          round_unit_id: unitKey(d.roundId, u.unitId),
          round_id: d.roundId,
          unit_id: u.unitId,
          unit_kind: u.kind,
          township_id: u.townshipId,
          assessed: u.assessed,
          allowed_excellent: u.allowedExcellent,
          quota_approval_percent: null,
          quota_approval_reference: null,
          quota_approved_on: null,
          excellent_at_grading: null,
          graded_at: null,
          graded_by: null,
        });
      }
      return;
    }
    case 'EvaluationUnitGraded': {
      const d = e.data;
      s.patchUnit(unitKey(d.roundId, d.unitId), {
        // The same as the policy's quota, unless an approval raised it.
        allowed_excellent: d.standing.allowed,
        quota_approval_percent: d.quotaApproval?.percent ?? null,
        quota_approval_reference: d.quotaApproval?.reference ?? null,
        quota_approved_on: d.quotaApproval?.approvedOn ?? null,
        excellent_at_grading: d.standing.excellent,
        graded_at: instant(d.at),
        graded_by: d.actor.id,
      });
      return;
    }
    case 'EvaluationRoundCompleted': {
      const d = e.data;
      s.patchRound(d.roundId, { status: 'completed', completed_at: instant(d.at), distribution: d.distribution });
      return;
    }
    case 'EvaluationReviewDecided': {
      const d = e.data;
      s.patchCadre(d.caseId, {
        review_status: d.outcome,
        appeal_closes_on: addDays(d.decidedOn, d.appealDays),
        updated_at: instant(d.at),
      });
      return;
    }
    case 'EvaluationAppealDecided': {
      const d = e.data;
      s.patchCadre(d.caseId, { appeal_status: d.outcome, updated_at: instant(d.at) });
      return;
    }
    case 'EvaluationStarted': {
      const d = e.data;
      s.putCadre({
        case_id: d.caseId,
        round_id: d.roundId,
        year: d.year,
        person_id: d.personId,
        person_name: d.personName,
        org_unit_id: d.orgUnitId,
        township_id: d.townshipId,
        unit_id: d.unitId,
        unit_kind: d.unitKind,
        steps_done: 0,
        vote_fail: null,
        vote_cast: null,
        vote_proposal: null,
        score: null,
        stars: null,
        supervisor_grade: null,
        recommended_grade: null,
        grade: null,
        grade_status: 'pending',
        fixed_at: null,
        notified_on: null,
        review_request_closes_on: null,
        review_status: 'none',
        review_decision_due_on: null,
        appeal_closes_on: null,
        appeal_status: 'none',
        appeal_decision_due_on: null,
        warning: 'none',
        re_rating_from: null,
        removal_flag: null,
        final_at: null,
        updated_at: instant(d.at),
      });
      return;
    }
    default:
      applyToCadre(s, e);
  }
}

function applyToCadre(s: State, e: EvaluationEvent): void {
  const row = s.cadres.get((e.data as { caseId: string }).caseId);
  if (!row) return;
  const at = instant(e.data.at);
  const step = { steps_done: row.steps_done + 1, updated_at: at };
  switch (e.type) {
    case 'EvaluationSelfSummaryFiled':
      s.patchCadre(row.case_id, step);
      return;
    case 'EvaluationRated':
      s.patchCadre(row.case_id, { ...step, vote_fail: e.data.fail, vote_cast: e.data.cast, vote_proposal: e.data.voteProposal });
      return;
    case 'EvaluationScored':
      s.patchCadre(row.case_id, { ...step, score: e.data.total, stars: e.data.stars?.stars ?? null });
      return;
    case 'EvaluationSupervisorCommented':
      s.patchCadre(row.case_id, { ...step, supervisor_grade: e.data.proposedGrade });
      return;
    case 'EvaluationRecommended':
      s.patchCadre(row.case_id, { ...step, recommended_grade: e.data.grade });
      return;
    case 'EvaluationGradeFixed':
      s.patchCadre(row.case_id, { grade: e.data.grade, grade_status: 'fixed', fixed_at: at, updated_at: at });
      return;
    case 'EvaluationGradeChanged':
      s.patchCadre(row.case_id, { grade: e.data.to, updated_at: at });
      return;
    case 'EvaluationNotified':
      s.patchCadre(row.case_id, { notified_on: e.data.notifiedOn, review_request_closes_on: e.data.reviewRequestClosesOn, updated_at: at });
      return;
    case 'EvaluationReviewRequested':
      s.patchCadre(row.case_id, { review_status: 'requested', review_decision_due_on: e.data.decisionDueOn, updated_at: at });
      return;
    case 'EvaluationAppealRequested':
      // The window the case counted: the review's decision as the case received it.
      s.patchCadre(row.case_id, {
        appeal_status: 'requested',
        appeal_closes_on: e.data.appealClosesOn,
        appeal_decision_due_on: e.data.decisionDueOn,
        updated_at: at,
      });
      return;
    case 'EvaluationGradeFinal':
      s.patchCadre(row.case_id, { grade: e.data.grade, grade_status: 'final', final_at: at, updated_at: at });
      return;
    case 'EvaluationWarningIssued':
      s.patchCadre(row.case_id, { warning: 'issued', re_rating_from: e.data.reRatingFrom, updated_at: at });
      return;
    case 'EvaluationReRated':
      s.patchCadre(row.case_id, { warning: e.data.outcome, updated_at: at });
      return;
    case 'EvaluationRemovalFlagged':
      s.patchCadre(row.case_id, { removal_flag: e.data.reason, updated_at: at });
      return;
    case 'EvaluationRoundStarted':
    case 'EvaluationRoundCasesStarted':
    case 'EvaluationUnitGraded':
    case 'EvaluationReviewDecided':
    case 'EvaluationAppealDecided':
    case 'EvaluationRoundCompleted':
    case 'EvaluationStarted':
      return;
    default: {
      const never: never = e;
      throw new Error(`evaluation projection: unhandled event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * jsonb from JSON text, typed as text on the wire: postgres.js sends a JS array as a
 * PostgreSQL array, and a string it takes for a jsonb parameter it encodes once more
 * (`cast($1 as jsonb)` stores a JSON string), so the parameter is declared text.
 */
const json = (value: unknown): RawBuilder<unknown> | null =>
  value === null ? null : sql`cast(cast(${JSON.stringify(value)} as text) as jsonb)`;

function chunks<T>(items: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function upsert(trx: DB, table: string, key: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  // Columns are named here, not taken from the table: a rebuild's scratch table has the same ones.
  const columns = Object.keys(rows[0]!).filter((c) => c !== key);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is one of this projection's three, jsonb values are SQL expressions
  const anyDb = trx as unknown as Kysely<any>;
  for (const part of chunks(rows, Math.floor(30_000 / (columns.length + 1)))) {
    await anyDb
      .insertInto(table)
      .values(part)
      .onConflict((oc) => oc.column(key).doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))))
      .execute();
  }
}

export const evaluationProjection: ProcedureProjection = {
  name: 'evaluation',
  eventTypes: EVALUATION_EVENT_TYPES,
  tables: { evaluation_rounds: 'round_id', evaluation_units: 'round_unit_id', evaluation_cadres: 'case_id' },

  async project(trx: DB, events: readonly RecordedEvent[]): Promise<void> {
    const folded = events.map((e) => ({ type: e.type, data: e.data }) as EvaluationEvent);
    const keys = { rounds: new Set<string>(), units: new Set<string>(), cadres: new Set<string>() };
    for (const e of folded) keysOf(e, keys);
    const s = new State();
    for (const part of chunks([...keys.rounds])) {
      for (const row of await trx.selectFrom('evaluation_rounds').selectAll().where('round_id', 'in', part).execute())
        s.rounds.set(row.round_id, row);
    }
    for (const part of chunks([...keys.units])) {
      for (const row of await trx.selectFrom('evaluation_units').selectAll().where('round_unit_id', 'in', part).execute())
        s.units.set(row.round_unit_id, row);
    }
    for (const part of chunks([...keys.cadres])) {
      for (const row of await trx.selectFrom('evaluation_cadres').selectAll().where('case_id', 'in', part).execute())
        s.cadres.set(row.case_id, row);
    }
    for (const e of folded) apply(s, e);

    await upsert(
      trx,
      'evaluation_rounds',
      'round_id',
      [...s.dirty.rounds].map((id) => {
        const r = s.rounds.get(id)!;
        return { ...r, township_ids: json(r.township_ids), distribution: json(r.distribution) };
      }),
    );
    await upsert(
      trx,
      'evaluation_units',
      'round_unit_id',
      [...s.dirty.units].map((id) => ({ ...s.units.get(id)! })),
    );
    await upsert(
      trx,
      'evaluation_cadres',
      'case_id',
      [...s.dirty.cadres].map((id) => ({ ...s.cadres.get(id)! })),
    );
  },
};
