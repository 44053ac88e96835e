/**
 * A round's dashboard (`cadreflow evaluation status` and the web API): per township the
 * cases done, pending and overdue and the grades; per unit the 优秀 quota and the committee;
 * the cadres warned (诫勉) or flagged for removal. Read from the read model, and rendered
 * as text for the terminal.
 */
import { gradeLabel, GRADES, type Grade } from '../../domain/grades';
import type { FlaggedCadre, GradeCounts, RoundDashboard, TownshipLine, UnitLine } from '../../domain/wire/roundDashboard';
import type { DB } from '../../schema/db';
import type { EvaluationRemovalReason, EvaluationWarningStatus } from '../../schema/tables/evaluation';
import { table } from '../views';

export type { FlaggedCadre, GradeCounts, RoundDashboard, TownshipLine, UnitLine };

function emptyCounts(): GradeCounts {
  return Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;
}

export async function roundDashboard(db: DB, roundId: string, now: Date): Promise<RoundDashboard | undefined> {
  const round = await db.selectFrom('evaluation_rounds').selectAll().where('round_id', '=', roundId).executeTakeFirst();
  if (!round) return undefined;
  const cadres = await db
    .selectFrom('evaluation_cadres')
    .select(['case_id', 'person_id', 'person_name', 'township_id', 'grade', 'grade_status', 'warning', 'removal_flag'])
    .where('round_id', '=', roundId)
    .orderBy('township_id')
    .orderBy('person_id')
    .execute();
  const overdueRows = await db
    .selectFrom('tasks')
    .innerJoin('evaluation_cadres as c', 'c.case_id', 'tasks.case_id')
    .select(['tasks.case_id'])
    .where('c.round_id', '=', roundId)
    .where('tasks.status', '=', 'pending')
    .where('tasks.due_at', '<', now)
    .execute();
  const overdue = new Set(overdueRows.map((r) => r.case_id));
  const names = new Map(
    (await db.selectFrom('org_units').select(['org_unit_id', 'name']).where('kind', '=', 'township').execute()).map((r) => [
      r.org_unit_id,
      r.name,
    ]),
  );
  const lines = new Map<string, TownshipLine>();
  const blank = (townshipId: string): TownshipLine => ({
    townshipId,
    name: names.get(townshipId) ?? townshipId,
    cadres: 0,
    done: 0,
    final: 0,
    pending: 0,
    overdue: 0,
    grades: emptyCounts(),
    warnings: 0,
    removalFlags: 0,
  });
  for (const c of cadres) {
    const line = lines.get(c.township_id) ?? blank(c.township_id);
    lines.set(c.township_id, line);
    line.cadres += 1;
    if (c.grade_status === 'pending') line.pending += 1;
    else line.done += 1;
    if (c.grade_status === 'final') line.final += 1;
    if (c.grade !== null && c.grade_status !== 'pending') line.grades[c.grade] += 1;
    if (overdue.has(c.case_id)) line.overdue += 1;
    if (c.warning !== 'none') line.warnings += 1;
    if (c.removal_flag !== null) line.removalFlags += 1;
  }
  const units = await db.selectFrom('evaluation_units').selectAll().where('round_id', '=', roundId).orderBy('unit_id').execute();
  const committeeOverdue = new Set(
    (
      await db
        .selectFrom('tasks')
        .select('step')
        .where('case_id', '=', roundId)
        .where('status', '=', 'pending')
        .where('due_at', '<', now)
        .execute()
    ).map((r) => r.step),
  );
  const excellentNow = new Map<string, number>();
  for (const c of await db
    .selectFrom('evaluation_cadres')
    .select(['unit_id', 'grade'])
    .where('round_id', '=', roundId)
    .where('grade', '=', 'excellent')
    .where('grade_status', '!=', 'pending')
    .execute()) {
    excellentNow.set(c.unit_id, (excellentNow.get(c.unit_id) ?? 0) + 1);
  }
  const townships = [...lines.values()].sort((a, b) => (a.townshipId < b.townshipId ? -1 : 1));
  const totals = blank('');
  for (const t of townships) {
    for (const k of ['cadres', 'done', 'final', 'pending', 'overdue', 'warnings', 'removalFlags'] as const) totals[k] += t[k];
    for (const g of GRADES) totals.grades[g] += t.grades[g];
  }
  const { townshipId: _t, name: _n, ...totalCounts } = totals;
  return {
    roundId,
    year: round.year,
    scope: round.scope,
    status: round.status,
    cadres: round.cadres,
    started: round.started,
    skipped: round.skipped,
    quotaPercent: round.quota_percent,
    startedAt: round.started_at.toISOString(),
    completedAt: round.completed_at?.toISOString() ?? null,
    townships,
    units: units.map((u) => ({
      unitId: u.unit_id,
      townshipId: u.township_id,
      assessed: u.assessed,
      allowedExcellent: u.allowed_excellent,
      excellentNow: excellentNow.get(u.unit_id) ?? 0,
      gradedAt: u.graded_at?.toISOString() ?? null,
      gradedBy: u.graded_by,
      overdue: committeeOverdue.has(`committee:${u.unit_id}`),
    })),
    totals: totalCounts,
    flagged: cadres
      .filter((c) => c.warning !== 'none' || c.removal_flag !== null)
      .map((c) => ({
        caseId: c.case_id,
        personId: c.person_id,
        name: c.person_name,
        townshipId: c.township_id,
        warning: c.warning,
        removalFlag: c.removal_flag,
      })),
  };
}

const label = (g: Grade): string => gradeLabel(g, 'organ');

export function renderDashboard(d: RoundDashboard): string {
  const head =
    `${d.roundId}  ${d.year}年度考核 · scope ${d.scope} · ${d.status} · ${d.cadres} cadres` +
    `${d.started !== null ? ` (${d.started} cases${d.skipped ? `, ${d.skipped} assessed by another round` : ''})` : ''} · 优秀 ≤ ${d.quotaPercent}% per unit`;
  const row = (name: string, t: Omit<TownshipLine, 'townshipId' | 'name'>): Record<string, string> => ({
    township: name,
    cadres: String(t.cadres),
    done: String(t.done),
    final: String(t.final),
    pending: String(t.pending),
    overdue: String(t.overdue),
    ...Object.fromEntries(GRADES.map((g) => [label(g), String(t.grades[g])])),
    诫勉: String(t.warnings),
    removal: String(t.removalFlags),
  });
  const townships = table([...d.townships.map((t) => row(`${t.townshipId} ${t.name}`, t)), row('total', d.totals)]);
  const units = table(
    d.units.map((u) => ({
      unit: u.unitId,
      assessed: String(u.assessed),
      '优秀 allowed': String(u.allowedExcellent),
      '优秀 now': String(u.excellentNow),
      committee: u.gradedAt ? `graded ${u.gradedAt.slice(0, 10)} by ${u.gradedBy}` : u.overdue ? 'OVERDUE' : 'waiting',
    })),
  );
  const flagged =
    d.flagged.length === 0
      ? []
      : [
          '',
          table(
            d.flagged.map((f) => ({
              'warned or flagged': `${f.personId} ${f.name}`,
              township: f.townshipId,
              诫勉: WARNING_WORDS[f.warning],
              removal: f.removalFlag === null ? '—' : REMOVAL_WORDS[f.removalFlag],
              case: f.caseId,
            })),
          ),
        ];
  return [head, '', townships, '', units, ...flagged].join('\n');
}

const WARNING_WORDS: Record<EvaluationWarningStatus, string> = {
  none: '—',
  issued: 'warned, re-rating due',
  passed: 're-rating passed',
  removal: 're-rating failed',
};

const REMOVAL_WORDS: Record<EvaluationRemovalReason, string> = {
  'two-years-not-competent': 'two years 不称职',
  'failed-re-rating': 'failed re-rating',
};
