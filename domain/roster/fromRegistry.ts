/**
 * The registry written as a roster (名册, ID and phone numbers whole: county staff only): the rows of both sheets, each a cell per column
 * in the template's order, as text in the forms the checks accept. The export writes
 * these rows, so an exported roster reads back with no problems and nothing changed.
 * A unit is named by its name where no other unit has it, else by its code; dissolved
 * units are left out (no one can be placed in them).
 */
import { GENDER_LABEL, UNIT_KIND_LABEL } from './closedSets';
import { ORG_UNIT_COLUMNS, PERSON_COLUMNS, type OrgUnitColumnKey, type PersonColumnKey } from './columns';
import { DETAIL_COLUMN, rosterBirth, rosterCell } from './personDetails';
import type { RegistrySnapshot } from './registry';
import { formatYearMonth, yearMonthOfDay } from './yearMonth';

export interface RosterRows {
  orgUnits: string[][];
  people: string[][];
}

export function rosterFromRegistry(registry: RegistrySnapshot): RosterRows {
  const nameCount = new Map<string, number>();
  for (const u of registry.orgUnits) nameCount.set(u.name, (nameCount.get(u.name) ?? 0) + 1);
  const byId = new Map(registry.orgUnits.map((u) => [u.orgUnitId, u]));
  const ref = (id: string | null): string => {
    if (id === null) return '';
    const u = byId.get(id);
    return u && nameCount.get(u.name) === 1 ? u.name : id;
  };

  const live = registry.orgUnits.filter((u) => u.dissolved === null);
  // Parents before children, so the sheet reads as the tree does; codes order siblings.
  const depth = (id: string | null): number => {
    let d = 0;
    for (let u = id === null ? undefined : byId.get(id); u?.parentId; u = byId.get(u.parentId)) d++;
    return d;
  };
  const units = [...live].sort(
    (a, b) => depth(a.orgUnitId) - depth(b.orgUnitId) || (a.orgUnitId < b.orgUnitId ? -1 : a.orgUnitId > b.orgUnitId ? 1 : 0),
  );
  const orgUnits = units.map((u) => {
    const cells: Record<OrgUnitColumnKey, string> = {
      code: u.orgUnitId,
      name: u.name,
      kind: UNIT_KIND_LABEL[u.kind],
      parent: ref(u.parentId),
      since: formatYearMonth(yearMonthOfDay(u.effectiveFrom)),
    };
    return ORG_UNIT_COLUMNS.map((c) => cells[c.key]);
  });

  const people = [...registry.people]
    .sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))
    .map((p) => {
      const cells: Partial<Record<PersonColumnKey, string>> = {
        personId: p.personId,
        name: p.name,
        gender: GENDER_LABEL[p.gender],
        birth: rosterBirth(p.birthYear, p.details),
        unit: ref(p.orgUnitId),
        title: p.post?.title ?? '',
        titleSince: p.post ? formatYearMonth(yearMonthOfDay(p.post.startedOn)) : '',
        rank: p.rank,
      };
      for (const [key, column] of Object.entries(DETAIL_COLUMN) as Array<[keyof typeof DETAIL_COLUMN, PersonColumnKey]>) {
        cells[column] = rosterCell(key, p.details[key]);
      }
      return PERSON_COLUMNS.map((c) => cells[c.key] ?? '');
    });
  return { orgUnits, people };
}

export const ORG_UNIT_HEADERS: readonly string[] = ORG_UNIT_COLUMNS.map((c) => c.header);
export const PERSON_HEADERS: readonly string[] = PERSON_COLUMNS.map((c) => c.header);
