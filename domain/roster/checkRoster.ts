/**
 * The whole roster, checked before anything is written: every row of both sheets
 * (orgUnitRow.ts, personRow.ts), then what needs the whole file and the registry — codes,
 * person ids and ID numbers that appear twice, units and parents that name no unit (on
 * the 单位 sheet or in the registry) or more than one, a parent at the wrong level, a
 * unit that was dissolved, a person id the registry does not know. Pure: the registry
 * comes in as a snapshot and the current month as `asOf`.
 */
import type { OrgUnitKind } from '../events';
import { UNIT_KIND_LABEL, UNIT_LEVEL } from './closedSets';
import { columnOf } from './columns';
import { cellsByKey, mapHeaders } from './headers';
import { normalizeIdNumber } from './idNumber';
import { ROSTER_LIMITS, type RosterLimits } from './limits';
import { checkOrgUnitRow, type RosterOrgUnit } from './orgUnitRow';
import { checkPersonRow, type RosterPerson } from './personRow';
import { sortProblems, type RosterProblem, type RosterSheetKey } from './problems';
import type { RegistrySnapshot } from './registry';
import type { YearMonth } from './yearMonth';

/** A sheet as read from the workbook: its header row and its data rows, every cell as text. */
export interface SheetRows {
  headers: readonly string[];
  /** `row` is the spreadsheet's row number (the header is row 1). */
  rows: ReadonlyArray<{ row: number; cells: readonly string[] }>;
}

export interface RosterInput {
  /** Null when the workbook has no such sheet. */
  people: SheetRows | null;
  orgUnits: SheetRows | null;
}

export type ResolvedOrgUnit = RosterOrgUnit & { parentId: string | null };
export type ResolvedPerson = RosterPerson & { orgUnitId: string };

export interface CheckedRoster {
  orgUnits: ResolvedOrgUnit[];
  people: ResolvedPerson[];
  /** Sorted by sheet (units first) and row; empty when the roster can be imported. */
  problems: RosterProblem[];
  /** Data rows read per sheet (blank rows not counted). */
  rows: { people: number; orgUnits: number };
}

interface KnownUnit {
  code: string;
  name: string;
  kind: OrgUnitKind;
  dissolved: boolean;
}

export function checkRoster(
  input: RosterInput,
  registry: RegistrySnapshot,
  asOf: YearMonth,
  limits: Pick<RosterLimits, 'maxRows'> = ROSTER_LIMITS,
): CheckedRoster {
  const problems: RosterProblem[] = [];
  const at = (
    sheet: RosterSheetKey,
    row: number,
    key: string,
    value: string,
    kind: RosterProblem['kind'],
    problem: RosterProblem['problem'],
  ) => {
    const c = columnOf(sheet, key);
    problems.push({ sheet, row, column: c.header, value, kind, problem, expected: c.expected });
  };

  const unitRows = readSheet('orgUnits', input.orgUnits, limits.maxRows, problems);
  const personRows = readSheet('people', input.people, limits.maxRows, problems);
  if (input.people === null) {
    problems.push({
      sheet: 'people',
      row: 1,
      column: '',
      value: '',
      kind: 'sheet-missing',
      problem: { zh: '工作簿中没有“人员名册”表', en: 'the workbook has no 人员名册 sheet' },
      expected: { zh: '用 cadreflow registry template 生成的模板', en: 'the template `cadreflow registry template` writes' },
    });
  }

  // ── Units: the file's, over the registry's (a row with the code of a registered unit updates it).
  const fileUnits: RosterOrgUnit[] = [];
  const firstCodeRow = new Map<string, number>();
  /** Codes and names of unit rows already reported: a reference to one is not reported again as unknown. */
  const reportedUnits = new Set<string>();
  for (const { row, cells } of unitRows) {
    const r = checkOrgUnitRow(row, cells, asOf);
    problems.push(...r.problems);
    const code = cells.code ?? '';
    let duplicate = false;
    if (code !== '') {
      const firstRow = firstCodeRow.get(code);
      if (firstRow !== undefined) {
        at('orgUnits', row, 'code', code, 'duplicate', { zh: `与第 ${firstRow} 行的编码重复`, en: `the same code as row ${firstRow}` });
        duplicate = true;
      } else firstCodeRow.set(code, row);
    }
    if (r.unit && !duplicate) fileUnits.push(r.unit);
    else if (!r.unit) for (const ref of [code, cells.name ?? '']) if (ref !== '') reportedUnits.add(ref);
  }
  const units = new Map<string, KnownUnit>();
  for (const u of registry.orgUnits)
    units.set(u.orgUnitId, { code: u.orgUnitId, name: u.name, kind: u.kind, dissolved: u.dissolved !== null });
  for (const u of fileUnits) units.set(u.code, { code: u.code, name: u.name, kind: u.kind, dissolved: false });
  const byName = new Map<string, string[]>();
  for (const u of units.values()) byName.set(u.name, [...(byName.get(u.name) ?? []), u.code]);

  /** The unit a cell names: a code first, else a name that only one unit has. */
  const resolve = (
    text: string,
  ): { ok: true; unit: KnownUnit } | { ok: false; kind: 'unknown-unit' | 'ambiguous-unit'; codes?: string[] } => {
    const byCode = units.get(text);
    if (byCode) return { ok: true, unit: byCode };
    const codes = byName.get(text) ?? [];
    if (codes.length === 1) return { ok: true, unit: units.get(codes[0]!)! };
    return codes.length === 0 ? { ok: false, kind: 'unknown-unit' } : { ok: false, kind: 'ambiguous-unit', codes };
  };
  const refProblem = (r: { kind: 'unknown-unit' | 'ambiguous-unit'; codes?: string[] }) =>
    r.kind === 'unknown-unit'
      ? { zh: '“单位”表和系统中都没有这个单位', en: 'no unit of this name or code on the 单位 sheet or in the registry' }
      : {
          zh: `有 ${r.codes!.length} 个单位同名（${r.codes!.join('、')}），请写编码`,
          en: `${r.codes!.length} units have this name (${r.codes!.join(', ')}): write the code`,
        };

  const orgUnits: ResolvedOrgUnit[] = [];
  for (const u of fileUnits) {
    if (u.kind === 'county') {
      if (u.parent !== null)
        at('orgUnits', u.row, 'parent', u.parent, 'bad-parent', { zh: '县没有上级单位', en: 'the county has no parent unit' });
      else orgUnits.push({ ...u, parentId: null });
      continue;
    }
    if (u.parent === null) {
      at('orgUnits', u.row, 'parent', '', 'required', {
        zh: `${UNIT_KIND_LABEL[u.kind]}须填上级单位`,
        en: `a ${u.kind} needs its parent unit`,
      });
      continue;
    }
    const r = resolve(u.parent);
    if (!r.ok) {
      if (!(r.kind === 'unknown-unit' && reportedUnits.has(u.parent))) at('orgUnits', u.row, 'parent', u.parent, r.kind, refProblem(r));
      continue;
    }
    const parent = r.unit;
    const wantsLevel = u.kind === 'branch' ? null : UNIT_LEVEL[u.kind] - 1;
    const levelOk = wantsLevel === null ? UNIT_LEVEL[parent.kind] < UNIT_LEVEL[u.kind] : UNIT_LEVEL[parent.kind] === wantsLevel;
    if (parent.code === u.code || !levelOk) {
      at('orgUnits', u.row, 'parent', u.parent, 'bad-parent', {
        zh: `${UNIT_KIND_LABEL[u.kind]}的上级不能是${UNIT_KIND_LABEL[parent.kind]}（${parent.name}）`,
        en: `a ${u.kind} cannot be under a ${parent.kind} (${parent.name})`,
      });
      continue;
    }
    if (parent.dissolved) {
      at('orgUnits', u.row, 'parent', u.parent, 'dissolved-unit', { zh: '上级单位已撤并', en: 'the parent unit was dissolved' });
      continue;
    }
    orgUnits.push({ ...u, parentId: parent.code });
  }

  // ── People.
  const registered = new Set(registry.people.map((p) => p.personId));
  const firstIdNumber = new Map<string, number>();
  const firstPersonId = new Map<string, number>();
  const people: ResolvedPerson[] = [];
  for (const { row, cells } of personRows) {
    const r = checkPersonRow(row, cells, asOf);
    problems.push(...r.problems);
    let ok = r.person !== null;
    const idNumber = cells.idNumber ? normalizeIdNumber(cells.idNumber) : '';
    if (idNumber !== '') {
      const first = firstIdNumber.get(idNumber);
      if (first !== undefined) {
        at('people', row, 'idNumber', cells.idNumber!, 'duplicate', {
          zh: `与第 ${first} 行的身份证号重复`,
          en: `the same ID number as row ${first}`,
        });
        ok = false;
      } else firstIdNumber.set(idNumber, row);
    }
    const personId = cells.personId ?? '';
    if (personId !== '') {
      const first = firstPersonId.get(personId);
      if (first !== undefined) {
        at('people', row, 'personId', personId, 'duplicate', {
          zh: `与第 ${first} 行的人员编号重复`,
          en: `the same person id as row ${first}`,
        });
        ok = false;
      } else firstPersonId.set(personId, row);
      // Into a registry with no people yet (one moved from another installation) the file's ids are kept.
      if (!registered.has(personId) && registered.size > 0) {
        at('people', row, 'personId', personId, 'unknown-person', {
          zh: '系统中没有这个人员编号',
          en: 'the registry has no person with this id',
        });
        ok = false;
      }
    }
    const unitText = cells.unit ?? '';
    let orgUnitId: string | null = null;
    if (unitText !== '') {
      const u = resolve(unitText);
      if (!u.ok) {
        if (!(u.kind === 'unknown-unit' && reportedUnits.has(unitText))) at('people', row, 'unit', unitText, u.kind, refProblem(u));
      } else if (u.unit.dissolved)
        at('people', row, 'unit', unitText, 'dissolved-unit', { zh: '该单位已撤并', en: 'the unit was dissolved' });
      else orgUnitId = u.unit.code;
    }
    if (ok && r.person && orgUnitId) people.push({ ...r.person, orgUnitId });
  }

  return { orgUnits, people, problems: sortProblems(problems), rows: { people: personRows.length, orgUnits: unitRows.length } };
}

/** The sheet's rows by column key, blank rows left out; a sheet over the row limit is reported and not read. */
function readSheet(
  sheet: RosterSheetKey,
  rows: SheetRows | null,
  maxRows: number,
  problems: RosterProblem[],
): Array<{ row: number; cells: Record<string, string> }> {
  if (!rows) return [];
  const map = mapHeaders(sheet, rows.headers);
  problems.push(...map.problems);
  const filled = rows.rows
    .map(({ row, cells }) => ({ row, cells: cellsByKey(map, sheet, cells) }))
    .filter(({ cells }) => Object.values(cells).some((v) => v !== ''));
  if (filled.length > maxRows) {
    problems.push({
      sheet,
      row: 1,
      column: '',
      value: String(filled.length),
      kind: 'too-many-rows',
      problem: { zh: `有 ${filled.length} 行，超过上限`, en: `${filled.length} rows, over the limit` },
      expected: { zh: `至多 ${maxRows} 行；请分成几个文件`, en: `at most ${maxRows} rows; split the file` },
    });
    return [];
  }
  // A header with problems still lets the rows be checked: the report then names every problem at once.
  return filled;
}
