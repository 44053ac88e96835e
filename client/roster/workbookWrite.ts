/**
 * The roster as an .xlsx workbook: the template (headers only) and the export (the
 * registry's rows, domain/roster/fromRegistry.ts) share this layout. The people sheet
 * comes first, then the org units, then a hidden sheet of the closed sets the drop-down
 * lists read (a list of 56 ethnic groups is longer than the 255 characters Excel allows
 * inline). Every cell is formatted as text, so that 1975.10 stays October rather than
 * becoming the number 1975.1, and an ID number keeps its 18 digits. Each header carries
 * its expected form as a note. exceljs is loaded here, when a workbook is written, not at
 * the CLI's start.
 */
import type { DataValidation, Worksheet } from 'exceljs';
import { columnLetter, SHEET_NAMES, type RosterSheetKey } from '../../domain/roster/problems';
import { ORG_UNIT_COLUMNS, ROSTER_COLUMNS, type RosterColumn } from '../../domain/roster/columns';
import type { RosterRows } from '../../domain/roster/fromRegistry';
import { ROSTER_LIMITS } from '../../domain/roster/limits';
import { FIXED_DOCUMENT_DATE } from '../documents/pinned';
import { loadExceljs } from './loadExceljs';

/** The hidden sheet of drop-down lists. */
export const LISTS_SHEET = '选项';
const TEXT = '@';
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;

/** The org-unit sheet's 单位名称 column, whose names a unit cell's list offers. */
const UNIT_NAME_COLUMN = columnLetter(ORG_UNIT_COLUMNS.findIndex((c) => c.key === 'name') + 1);

/** Columns whose list is a suggestion: a degree may name its field (法学学士), a unit may be one already in the registry. */
const OPEN_LISTS: ReadonlySet<string> = new Set(['degree', 'unitRef']);

export async function writeRosterWorkbook(rows: RosterRows = { orgUnits: [], people: [] }): Promise<Buffer> {
  const { Workbook } = await loadExceljs();
  const wb = new Workbook();
  wb.creator = 'cadreflow';
  // Not the clock's: the same registry written twice gives the same workbook text.
  wb.created = wb.modified = new Date(FIXED_DOCUMENT_DATE);
  const people = wb.addWorksheet(SHEET_NAMES.people.zh, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  const units = wb.addWorksheet(SHEET_NAMES.orgUnits.zh, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  // One column of the lists sheet per closed set, in the order the columns name them.
  const listRange = new Map<RosterColumn, string>();
  let listColumn = 0;
  for (const sheet of ['people', 'orgUnits'] as const) {
    for (const c of ROSTER_COLUMNS[sheet]) {
      if (!c.list) continue;
      listColumn++;
      const letter = columnLetter(listColumn);
      lists.getCell(`${letter}1`).value = `${SHEET_NAMES[sheet].zh}·${c.header}`;
      c.list.forEach((v, i) => (lists.getCell(`${letter}${i + 2}`).value = v));
      listRange.set(c, `'${LISTS_SHEET}'!$${letter}$2:$${letter}$${c.list.length + 1}`);
    }
  }

  layOut(people, 'people', rows.people, listRange);
  layOut(units, 'orgUnits', rows.orgUnits, listRange);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** exceljs 4.4 has a range-wide `dataValidations.add` (lib/doc/data-validations.js) its type declarations leave out. */
type WithValidations = Worksheet & { dataValidations: { add(address: string, validation: DataValidation): void } };

function layOut(ws: Worksheet, sheet: RosterSheetKey, rows: string[][], listRange: ReadonlyMap<RosterColumn, string>): void {
  const columns = ROSTER_COLUMNS[sheet];
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: { numFmt: TEXT } }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = HEADER_FILL;
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '必填。' : ''}${c.expected.zh}\n${c.required ? 'Required. ' : ''}${c.expected.en}`;
  });
  for (const r of rows) ws.addRow(r).eachCell((cell) => (cell.numFmt = TEXT));

  const last = ROSTER_LIMITS.maxRows + 1;
  columns.forEach((c, i) => {
    const letter = columnLetter(i + 1);
    const formula =
      c.kind === 'unitRef' ? `'${SHEET_NAMES.orgUnits.zh}'!$${UNIT_NAME_COLUMN}$2:$${UNIT_NAME_COLUMN}$${last}` : listRange.get(c);
    if (!formula) return;
    const strict = !OPEN_LISTS.has(c.kind);
    (ws as WithValidations).dataValidations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [formula],
      showErrorMessage: strict,
      errorStyle: 'stop',
      errorTitle: c.header,
      // Excel refuses a message over 255 characters; the header's note has the full form.
      error: '请从下拉列表中选择 / choose a value from the list',
    });
  });
}
