/**
 * 整顿台账: the ledger of branches under rectification (.xlsx), one row per case, from the
 * `rectification_cases` read model and each case's latest plan draft in the event log
 * (the read model counts a plan; the log holds what it says). Rows and words are
 * domain/documents/rectificationLedger.ts's.
 */
import { ledgerRows, LEDGER_HEADERS } from '../../domain/documents/rectificationLedger';
import type { RectificationPlanDrafted } from '../../domain/events/rectification';
import { readStream } from '../../activities/eventReads';
import type { DB } from '../../schema/db';
import { loadExceljs } from '../roster/loadExceljs';
import { latestInstant } from './pinned';
import { townshipNames } from './townshipNames';

export interface Ledger {
  title: string;
  rows: Array<Array<string | number>>;
  date: string;
}

export interface LedgerFilter {
  township: string | null;
  year: number | null;
}

export async function readLedger(db: DB, filter: LedgerFilter): Promise<Ledger> {
  let q = db.selectFrom('rectification_cases').selectAll();
  if (filter.township !== null) q = q.where('township_id', '=', filter.township);
  if (filter.year !== null) q = q.where('year', '=', filter.year);
  const [rows, names] = await Promise.all([q.orderBy('case_id').execute(), townshipNames(db)]);
  const recorded: string[] = [];
  const cases = [];
  for (const r of rows) {
    const events = await readStream(db, r.case_id);
    recorded.push(...events.map((e) => e.recordedAt));
    const plan = events.filter((e): e is typeof e & RectificationPlanDrafted => e.type === 'RectificationPlanDrafted').at(-1);
    cases.push({
      caseId: r.case_id,
      branchId: r.branch_id,
      branchName: r.branch_name,
      townshipId: r.township_id,
      year: r.year,
      listedOn: r.listed_on,
      reasons: r.screening.reasons,
      round: r.round,
      stage: r.stage,
      status: r.status,
      planStatus: r.plan_status,
      planCompleteBy: r.plan_complete_by,
      reportsDue: r.reports_due,
      reportsFiled: r.reports_filed,
      reportsLate: r.reports_late,
      lastInspection: r.last_inspection,
      consolidateUntil: r.consolidate_until,
      signedOffOn: r.signed_off_on,
      followUpUntil: r.follow_up_until,
      followedUpOn: r.followed_up_on,
      // A plan of an earlier round is not this round's: a new round starts with none.
      problems: plan && plan.data.round === r.round ? plan.data.problems : [],
      measures: plan && plan.data.round === r.round ? plan.data.measures : [],
    });
  }
  const where = filter.township === null ? '全县' : (names.get(filter.township) ?? filter.township);
  return {
    title: `后进党组织整顿台账（${where}${filter.year === null ? '' : `，${filter.year}年`}，共 ${cases.length} 个）`,
    rows: ledgerRows(cases, names),
    date: latestInstant(recorded),
  };
}

const WIDTHS = [6, 10, 22, 12, 30, 36, 44, 8, 22, 20, 14, 40, 12, 12, 20];

export async function writeLedger(ledger: Ledger): Promise<Buffer> {
  const { Workbook } = await loadExceljs();
  const wb = new Workbook();
  wb.creator = 'cadreflow';
  wb.created = wb.modified = new Date(ledger.date);
  const ws = wb.addWorksheet('整顿台账', { views: [{ state: 'frozen', xSplit: 3, ySplit: 2 }] });
  ws.columns = WIDTHS.map((width) => ({ width }));
  ws.addRow([ledger.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  const header = ws.addRow([...LEDGER_HEADERS]);
  header.font = { bold: true };
  header.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } }));
  for (const r of ledger.rows) ws.addRow(r).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function ledgerFileName(filter: LedgerFilter): { name: string; ascii: string } {
  const part = [filter.township, filter.year].filter((p) => p !== null).join('-');
  const suffix = part ? `-${part}` : '';
  return { name: `整顿台账${suffix}.xlsx`, ascii: `rectification-ledger${suffix}.xlsx` };
}
