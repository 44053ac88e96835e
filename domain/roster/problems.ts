/**
 * A problem found in a roster: where it is (sheet, row, column), the value as typed, what
 * is wrong and the form expected, in Chinese and English. Every check reports through
 * these, so the CLI, the API and the UI show the same report.
 */

export type { Bilingual } from '../bilingual';
import type { Bilingual } from '../bilingual';

export type RosterSheetKey = 'people' | 'orgUnits';

export type ProblemKind =
  | 'sheet-missing'
  | 'header-missing'
  | 'header-unknown'
  | 'header-duplicate'
  | 'too-many-rows'
  | 'required'
  | 'too-long'
  | 'bad-form'
  | 'bad-date'
  | 'future-date'
  | 'date-order'
  | 'not-in-list'
  | 'id-number'
  | 'id-birth-mismatch'
  | 'id-gender-mismatch'
  | 'duplicate'
  | 'unknown-unit'
  | 'unknown-person'
  | 'ambiguous-unit'
  | 'dissolved-unit'
  | 'bad-parent'
  | 'inconsistent'
  /** Checked, but an import cannot record it (e.g. a registered unit's kind or parent). */
  | 'not-importable';

export interface RosterProblem {
  sheet: RosterSheetKey;
  /** The row as the spreadsheet numbers it: the header is row 1, the first person row 2. */
  row: number;
  /** The column's header as the template writes it; '' for a problem with a whole sheet. */
  column: string;
  /** The cell as typed ('' when empty). */
  value: string;
  kind: ProblemKind;
  problem: Bilingual;
  expected: Bilingual;
}

export const SHEET_NAMES: Readonly<Record<RosterSheetKey, Bilingual>> = {
  people: { zh: '人员名册', en: 'people' },
  orgUnits: { zh: '单位', en: 'org units' },
};

/** Reports name a spreadsheet column by letter too, as Excel shows it (1 → A, 27 → AA). */
export function columnLetter(index1: number): string {
  let n = index1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** One line per problem, Chinese then English, e.g. for a terminal or a log. */
export function formatProblem(p: RosterProblem): string {
  const sheet = SHEET_NAMES[p.sheet];
  const whereZh = `${sheet.zh} 第${p.row}行${p.column ? ` ${p.column}` : ''}`;
  const whereEn = `${sheet.en} row ${p.row}${p.column ? `, ${p.column}` : ''}`;
  const valueZh = p.value === '' ? '' : `「${p.value}」`;
  const valueEn = p.value === '' ? '' : ` ${JSON.stringify(p.value)}`;
  return (
    `${whereZh}${valueZh}：${p.problem.zh}；应为：${p.expected.zh}\n` +
    `  ${whereEn}${valueEn}: ${p.problem.en}; expected: ${p.expected.en}`
  );
}

/** The report's order: sheet (units first, as people refer to them), then row, then column as given. */
export function sortProblems(problems: readonly RosterProblem[]): RosterProblem[] {
  const sheetOrder: Record<RosterSheetKey, number> = { orgUnits: 0, people: 1 };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => sheetOrder[a.p.sheet] - sheetOrder[b.p.sheet] || a.p.row - b.p.row || a.i - b.i)
    .map(({ p }) => p);
}
