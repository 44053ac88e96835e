/**
 * A row of the org-unit sheet (单位): its code, name, kind, parent and the month it was set
 * up. The parent is only read here; checkRoster.ts finds it and checks the tree.
 */
import type { OrgUnitKind } from '../events';
import { checkCell, REQUIRED_MISSING, type CellValue } from './cellChecks';
import { ORG_UNIT_COLUMNS, type OrgUnitColumnKey } from './columns';
import type { RosterProblem } from './problems';
import { formatYearMonth, monthIndex, type YearMonth } from './yearMonth';

export interface RosterOrgUnit {
  row: number;
  code: string;
  name: string;
  kind: OrgUnitKind;
  /** The parent as written (a name or a code); null for the county. */
  parent: string | null;
  since: YearMonth | null;
}

export function checkOrgUnitRow(
  row: number,
  cells: Readonly<Record<string, string>>,
  asOf: YearMonth,
): { unit: RosterOrgUnit | null; problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  const values = new Map<string, CellValue>();
  for (const c of ORG_UNIT_COLUMNS) {
    const text = cells[c.key] ?? '';
    if (text === '') {
      if (c.required)
        problems.push({
          sheet: 'orgUnits',
          row,
          column: c.header,
          value: '',
          kind: 'required',
          problem: REQUIRED_MISSING,
          expected: c.expected,
        });
      continue;
    }
    const r = checkCell(c, text);
    if (r.ok) values.set(c.key, r.value);
    else problems.push({ sheet: 'orgUnits', row, column: c.header, value: text, kind: r.kind, problem: r.problem, expected: c.expected });
  }
  const get = <T extends CellValue>(key: OrgUnitColumnKey) => (values.get(key) as T | undefined) ?? null;
  const since = get<YearMonth>('since');
  if (since && monthIndex(since, 'first') > monthIndex(asOf, 'last')) {
    const c = ORG_UNIT_COLUMNS.find((x) => x.key === 'since')!;
    problems.push({
      sheet: 'orgUnits',
      row,
      column: c.header,
      value: cells.since ?? '',
      kind: 'future-date',
      problem: { zh: `晚于当前年月 ${formatYearMonth(asOf)}`, en: `later than the current month ${formatYearMonth(asOf)}` },
      expected: c.expected,
    });
  }
  if (problems.length > 0) return { unit: null, problems };
  return {
    unit: {
      row,
      code: get<string>('code')!,
      name: get<string>('name')!,
      kind: get<OrgUnitKind>('kind')!,
      parent: get<string>('parent'),
      since,
    },
    problems,
  };
}
