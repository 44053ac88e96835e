/**
 * 考核结果汇总表: an evaluation round's result sheet (.xlsx), read from the evaluation read
 * models (`evaluation_rounds`, `evaluation_units`, `evaluation_cadres`) and the registry's
 * names; the rows are domain/documents/evaluationResults.ts's. A township's sheet holds
 * its own units only.
 */
import { resultLines, resultSheetTitle, RESULT_HEADERS, type ResultLine } from '../../domain/documents/evaluationResults';
import type { DB } from '../../schema/db';
import { loadExceljs } from '../roster/loadExceljs';
import { latestInstant } from './pinned';
import { townshipNames } from './townshipNames';

export interface ResultSheet {
  roundId: string;
  title: string;
  lines: ResultLine[];
  /** The created and modified date the workbook carries: the latest change to its rows. */
  date: string;
}

/** The round's sheet, narrowed to a township when one is given; null when there is no such round. */
export async function readResultSheet(db: DB, roundId: string, township: string | null): Promise<ResultSheet | null> {
  const round = await db.selectFrom('evaluation_rounds').selectAll().where('round_id', '=', roundId).executeTakeFirst();
  if (!round) return null;
  let units = db.selectFrom('evaluation_units').selectAll().where('round_id', '=', roundId);
  if (township !== null) units = units.where('township_id', '=', township);
  let cadres = db
    .selectFrom('evaluation_cadres as c')
    .leftJoin('org_units as u', 'u.org_unit_id', 'c.org_unit_id')
    .leftJoin('people as p', 'p.person_id', 'c.person_id')
    .select([
      'c.person_id',
      'c.person_name',
      'c.unit_id',
      'c.unit_kind',
      'c.grade',
      'c.grade_status',
      'c.updated_at',
      'u.name as unit_name',
      'p.current_title',
    ])
    .where('c.round_id', '=', roundId);
  if (township !== null) cadres = cadres.where('c.township_id', '=', township);
  const [unitRows, cadreRows, names] = await Promise.all([units.execute(), cadres.execute(), townshipNames(db)]);
  const lines = resultLines(
    { roundId, year: round.year, scope: round.scope, quotaPercent: round.quota_percent },
    unitRows.map((u) => ({
      unitId: u.unit_id,
      unitKind: u.unit_kind,
      townshipId: u.township_id,
      assessed: u.assessed,
      allowedExcellent: u.allowed_excellent,
      approval:
        u.quota_approval_percent !== null && u.quota_approval_reference !== null
          ? { percent: u.quota_approval_percent, reference: u.quota_approval_reference, approvedOn: u.quota_approved_on }
          : null,
    })),
    cadreRows.map((c) => ({
      personId: c.person_id,
      name: c.person_name,
      unitId: c.unit_id,
      unitKind: c.unit_kind,
      orgUnitName: c.unit_name ?? '',
      title: c.current_title ?? null,
      grade: c.grade,
      gradeStatus: c.grade_status,
    })),
    names,
  );
  return {
    roundId,
    title: resultSheetTitle({ roundId, year: round.year, scope: round.scope, quotaPercent: round.quota_percent }, names, township),
    lines,
    date: latestInstant([round.started_at, round.cases_started_at, round.completed_at, ...cadreRows.map((c) => c.updated_at)]),
  };
}

const WIDTHS = [6, 12, 24, 24, 12, 22];
const BOLD = { bold: true } as const;
const FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;

export async function writeResultSheet(sheet: ResultSheet): Promise<Buffer> {
  const { Workbook } = await loadExceljs();
  const wb = new Workbook();
  wb.creator = 'cadreflow';
  wb.created = wb.modified = new Date(sheet.date);
  const ws = wb.addWorksheet('考核结果汇总表', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = WIDTHS.map((width) => ({ width }));
  const span = (row: number) => ws.mergeCells(row, 1, row, RESULT_HEADERS.length);
  ws.addRow([sheet.title]).font = { bold: true, size: 14 };
  span(1);
  const header = ws.addRow([...RESULT_HEADERS]);
  header.font = BOLD;
  header.eachCell((c) => (c.fill = FILL));
  for (const line of sheet.lines) {
    if (line.kind === 'person') {
      ws.addRow([...line.cells]);
      continue;
    }
    const row = ws.addRow([line.text]);
    row.font = line.kind === 'unit' ? BOLD : { italic: true, color: { argb: line.over ? 'FFC00000' : 'FF000000' } };
    span(row.number);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `evaluation-round/2026/ts-03+ts-05` → 2026年度考核结果汇总表-2026-ts-03+ts-05.xlsx */
export function resultSheetFileName(roundId: string, township: string | null): { name: string; ascii: string } {
  const part = roundId.replace(/^evaluation-round\//, '').replace(/[^A-Za-z0-9._+-]+/g, '-') + (township ? `-${township}` : '');
  const year = roundId.split('/')[1] ?? '';
  return { name: `${year}年度考核结果汇总表-${part}.xlsx`, ascii: `evaluation-results-${part}.xlsx` };
}
