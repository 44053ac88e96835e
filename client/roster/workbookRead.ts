/**
 * Reads a roster workbook into the sheets the checks take (domain/roster/checkRoster.ts):
 * the zip is checked first (zipGuard.ts), then exceljs loads it, and every cell becomes
 * the text a person sees. A cell Excel holds as a date is read as its year and month
 * (1975-03-15 → 1975.03), the form the roster's date columns take; a formula by its result.
 */
import type { Cell, Worksheet } from 'exceljs';
import type { RosterInput, SheetRows } from '../../domain/roster/checkRoster';
import { ROSTER_LIMITS, type RosterLimits } from '../../domain/roster/limits';
import { SHEET_NAMES } from '../../domain/roster/problems';
import { loadExceljs } from './loadExceljs';
import { checkWorkbookZip, RosterFileRefused } from './zipGuard';

export async function readRosterWorkbook(file: Buffer, limits: RosterLimits = ROSTER_LIMITS): Promise<RosterInput> {
  checkWorkbookZip(file, limits);
  const { Workbook } = await loadExceljs();
  const wb = new Workbook();
  try {
    await wb.xlsx.load(file as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (err) {
    throw new RosterFileRefused(
      'not-zip',
      `无法读取工作簿：${err instanceof Error ? err.message : String(err)}`,
      `the workbook cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { people: sheetRows(wb.getWorksheet(SHEET_NAMES.people.zh)), orgUnits: sheetRows(wb.getWorksheet(SHEET_NAMES.orgUnits.zh)) };
}

function sheetRows(ws: Worksheet | undefined): SheetRows | null {
  if (!ws) return null;
  const width = ws.getRow(1).cellCount;
  const headers = Array.from({ length: width }, (_, i) => cellText(ws.getRow(1).getCell(i + 1)));
  const rows: Array<{ row: number; cells: string[] }> = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    rows.push({ row: n, cells: Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1))) });
  });
  return { headers, rows };
}

/** The text a cell shows, whatever exceljs holds it as. */
export function cellText(cell: Cell): string {
  return valueText(cell.value);
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `${v.getUTCFullYear()}.${String(v.getUTCMonth() + 1).padStart(2, '0')}`;
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return valueText(o.result);
    if (o.text !== undefined) return valueText(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return '';
}
