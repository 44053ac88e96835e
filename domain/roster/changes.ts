/**
 * What importing a checked roster would change in the registry: each unit and person is
 * new, changed (with the cells that differ) or unchanged, and the registry's units and
 * people the file does not list are counted (an import leaves them as they are: a
 * transfer or a retirement is recorded as such, never inferred from a missing row).
 *
 * Only what the registry holds is compared. A unit: its name, kind, parent, and the month
 * it was set up when the row gives one. A person, found by 人员编号: every column — name,
 * gender, 出生年月 (the month when either side knows it), unit, rank, the current post
 * with the month it began, and the details (民族, 籍贯, 学历 …, personDetails.ts). The
 * ID and phone numbers are shown masked here: the report goes to screens and files.
 */
import { GENDER_LABEL, UNIT_KIND_LABEL } from './closedSets';
import { columnOf, type OrgUnitColumnKey, type PersonColumnKey } from './columns';
import type { CheckedRoster } from './checkRoster';
import { maskPersonalData, PERSONAL_DATA_KEYS } from '../personalData';
import { PERSON_DETAIL_KEYS } from '../events';
import { DETAIL_COLUMN, detailsOfRosterPerson, rosterBirth, rosterCell } from './personDetails';
import type { RegistrySnapshot } from './registry';
import { formatYearMonth, sameYearMonth, yearMonthOfDay } from './yearMonth';

export interface FieldChange {
  /** The column's header. */
  column: string;
  before: string;
  after: string;
}

export interface RosterChange {
  kind: 'new' | 'changed' | 'unchanged';
  row: number;
  /** The unit's code, or the person's id (null for a new person: the import assigns it). */
  id: string | null;
  name: string;
  changes: FieldChange[];
}

export interface ChangeSummary {
  new: number;
  changed: number;
  unchanged: number;
  /** In the registry, not in the file: left as they are. */
  notInFile: number;
  items: RosterChange[];
}

export interface RosterChanges {
  orgUnits: ChangeSummary;
  people: ChangeSummary;
}

export function rosterChanges(roster: CheckedRoster, registry: RegistrySnapshot): RosterChanges {
  const unitName = new Map(registry.orgUnits.map((u) => [u.orgUnitId, u.name]));
  for (const u of roster.orgUnits) unitName.set(u.code, u.name);
  const unitLabel = (id: string | null) => (id === null ? '' : `${unitName.get(id) ?? id}（${id}）`);

  const registeredUnits = new Map(registry.orgUnits.map((u) => [u.orgUnitId, u]));
  const unitItems: RosterChange[] = roster.orgUnits.map((u) => {
    const before = registeredUnits.get(u.code);
    if (!before) return { kind: 'new', row: u.row, id: u.code, name: u.name, changes: [] };
    const changes: FieldChange[] = [];
    const diff = (key: OrgUnitColumnKey, b: string, a: string) => {
      if (b !== a) changes.push({ column: columnOf('orgUnits', key).header, before: b, after: a });
    };
    diff('name', before.name, u.name);
    diff('kind', UNIT_KIND_LABEL[before.kind], UNIT_KIND_LABEL[u.kind]);
    diff('parent', unitLabel(before.parentId), unitLabel(u.parentId));
    const since = yearMonthOfDay(before.effectiveFrom);
    if (u.since && !sameYearMonth(since, u.since)) diff('since', formatYearMonth(since), formatYearMonth(u.since));
    return { kind: changes.length ? 'changed' : 'unchanged', row: u.row, id: u.code, name: u.name, changes };
  });

  const registeredPeople = new Map(registry.people.map((p) => [p.personId, p]));
  const personItems: RosterChange[] = roster.people.map((p) => {
    const before = p.personId === null ? undefined : registeredPeople.get(p.personId);
    if (!before) return { kind: 'new', row: p.row, id: null, name: p.name, changes: [] };
    const changes: FieldChange[] = [];
    const diff = (key: PersonColumnKey, b: string, a: string) => {
      if (b !== a) changes.push({ column: columnOf('people', key).header, before: b, after: a });
    };
    diff('name', before.name, p.name);
    diff('gender', GENDER_LABEL[before.gender], GENDER_LABEL[p.gender]);
    diff('birth', rosterBirth(before.birthYear, before.details), formatYearMonth(p.birth));
    diff('unit', unitLabel(before.orgUnitId), unitLabel(p.orgUnitId));
    diff('rank', before.rank, p.rank);
    diff('title', before.post?.title ?? '', p.title ?? '');
    const since = before.post ? yearMonthOfDay(before.post.startedOn) : null;
    if (!(since === null ? p.titleSince === null : p.titleSince !== null && sameYearMonth(since, p.titleSince))) {
      diff('titleSince', since ? formatYearMonth(since) : '', p.titleSince ? formatYearMonth(p.titleSince) : '');
    }
    const after = detailsOfRosterPerson(p);
    for (const key of PERSON_DETAIL_KEYS) {
      if (key === 'birthMonth') continue;
      const b = before.details[key];
      const a = after[key];
      if (b === a) continue;
      const personal = (PERSONAL_DATA_KEYS as readonly string[]).includes(key) ? (key as (typeof PERSONAL_DATA_KEYS)[number]) : null;
      const shown = (v: string | undefined) => (v === undefined ? '' : personal ? maskPersonalData(personal, v) : rosterCell(key, v));
      changes.push({ column: columnOf('people', DETAIL_COLUMN[key]).header, before: shown(b), after: shown(a) });
    }
    return { kind: changes.length ? 'changed' : 'unchanged', row: p.row, id: before.personId, name: p.name, changes };
  });

  const listedUnits = new Set(roster.orgUnits.map((u) => u.code));
  const listedPeople = new Set(roster.people.map((p) => p.personId));
  return {
    orgUnits: summary(
      unitItems,
      registry.orgUnits.filter((u) => u.dissolved === null && !listedUnits.has(u.orgUnitId)),
    ),
    people: summary(
      personItems,
      registry.people.filter((p) => !listedPeople.has(p.personId)),
    ),
  };
}

function summary(items: RosterChange[], notInFile: readonly unknown[]): ChangeSummary {
  const count = (k: RosterChange['kind']) => items.filter((i) => i.kind === k).length;
  return { new: count('new'), changed: count('changed'), unchanged: count('unchanged'), notInFile: notInFile.length, items };
}
