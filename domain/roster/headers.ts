/**
 * The header row: which column of the sheet holds which roster column. Headers are matched
 * by their text (trimmed, a trailing * that marks a required column ignored), never by
 * position, so a county may reorder columns or add none of the optional ones. A header
 * the roster does not know is a problem rather than ignored: its column's data would
 * otherwise be dropped without a word.
 */
import { cleanCell } from './cell';
import { ROSTER_COLUMNS, type RosterColumn } from './columns';
import type { RosterProblem, RosterSheetKey } from './problems';

export interface HeaderMap {
  /** Column key → index into the row's cells (0-based). */
  index: ReadonlyMap<string, number>;
  problems: RosterProblem[];
}

const REQUIRED_MARK = /\s*[*＊]$/;

export function mapHeaders(sheet: RosterSheetKey, headers: readonly string[]): HeaderMap {
  const columns = ROSTER_COLUMNS[sheet];
  const byHeader = new Map<string, RosterColumn>();
  for (const c of columns) for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(h, c);
  const index = new Map<string, number>();
  const problems: RosterProblem[] = [];
  const known = columns.map((c) => c.header).join('、');
  headers.forEach((raw, i) => {
    const h = cleanCell(raw).replace(REQUIRED_MARK, '');
    if (h === '') return;
    const column = byHeader.get(h);
    if (!column) {
      problems.push({
        sheet,
        row: 1,
        column: h,
        value: h,
        kind: 'header-unknown',
        problem: { zh: '名册没有这一列，其中的数据不会被读取', en: 'the roster has no such column; its data would not be read' },
        expected: { zh: `列名之一：${known}`, en: `one of the headers: ${known}` },
      });
      return;
    }
    if (index.has(column.key)) {
      problems.push({
        sheet,
        row: 1,
        column: column.header,
        value: h,
        kind: 'header-duplicate',
        problem: { zh: '这一列出现了两次', en: 'the column appears twice' },
        expected: { zh: '每列只出现一次', en: 'each column once' },
      });
      return;
    }
    index.set(column.key, i);
  });
  for (const c of columns) {
    if (c.required && !index.has(c.key)) {
      problems.push({
        sheet,
        row: 1,
        column: c.header,
        value: '',
        kind: 'header-missing',
        problem: { zh: '缺少必填列', en: 'a required column is missing' },
        expected: { zh: `表头中有“${c.header}”列`, en: `a column headed ${c.header}` },
      });
    }
  }
  return { index, problems };
}

/** A row's cells by column key ('' for a column the sheet does not have or a cell left empty). */
export function cellsByKey(map: HeaderMap, sheet: RosterSheetKey, cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of ROSTER_COLUMNS[sheet]) {
    const i = map.index.get(c.key);
    out[c.key] = i === undefined ? '' : cleanCell(cells[i] ?? '');
  }
  return out;
}
