/**
 * What importing a checked roster writes: for each unit and person the dry-run reports as
 * new or changed (changes.ts), the events that record it, one append per unit or person,
 * each under an idempotency key derived from the change's content, so the same file
 * imported twice writes nothing the second time. Pure: the caller appends every planned
 * append in one batch (all or nothing) with the actor in each event's metadata, and
 * refuses the whole file when the plan has problems.
 *
 * What each change records:
 * - a new unit: OrgUnitEstablished (设立时间's first day, or `today` when not given);
 *   new units are appended parents first (county, township, village, branch).
 * - a registered unit with a new 单位名称: OrgUnitRenamed. A new 单位类别, 上级单位 or
 *   设立时间 for a registered unit is a problem: they are not changed by a roster.
 * - a new person: PersonRegistered, and PostAssigned when 现任职务 is given. Their id is
 *   the file's 人员编号 when the registry has no people yet (a registry moved from another
 *   installation), else derived from the row (身份证号 when given, else name, gender,
 *   birth and unit), so a row imported again finds its own earlier append.
 * - a registered person: PersonCorrected for 姓名, 性别, 出生年月, 职级 and the details
 *   (民族 … 备注) that differ, a blank cell clearing a detail; PersonTransferred when 单位 differs; when 现任职务 or 任现职时间 differs, the
 *   current post ends (PostEnded, `replaced`) and the new one is assigned (PostAssigned),
 *   or the post only ends (`other`) when 现任职务 is now blank.
 */
import { PERSON_DETAIL_KEYS, type DomainEvent, type PersonFields } from '../events';
import { PERSONAL_DATA_KEYS } from '../personalData';
import { detailsOfRosterPerson } from './personDetails';
import { decideRegistryChange, RegistryRefusal, type RegistryChange, type RegistryPersonState } from '../registryDecider';
import { rosterChanges, type FieldChange, type RosterChanges } from './changes';
import type { CheckedRoster, ResolvedPerson } from './checkRoster';
import { UNIT_LEVEL } from './closedSets';
import { columnOf } from './columns';
import type { RosterProblem } from './problems';
import type { RegistryOrgUnit, RegistryPerson, RegistrySnapshot } from './registry';
import type { YearMonth } from './yearMonth';

export interface PlannedAppend {
  streamId: string;
  idempotencyKey: string;
  events: DomainEvent[];
}

export interface ImportPlan {
  changes: RosterChanges;
  /** In the order they are to be appended. */
  appends: PlannedAppend[];
  /** Changes a roster cannot record; a plan with any is not to be written. */
  problems: RosterProblem[];
}

/** `digest` hashes a key's content (sha256 hex in client code): kept out of domain/, which does no I/O and loads no node modules. */
export function planRosterImport(
  roster: CheckedRoster,
  registry: RegistrySnapshot,
  today: string,
  digest: (text: string) => string,
): ImportPlan {
  const changes = rosterChanges(roster, registry);
  const problems: RosterProblem[] = [];
  const unitAppends: Array<PlannedAppend & { level: number }> = [];
  const personAppends: PlannedAppend[] = [];
  // The report masks ID and phone numbers; the key takes them whole, so two different numbers with one mask differ.
  const keyOf = (fields: readonly FieldChange[], personal: readonly unknown[] = []) =>
    digest(JSON.stringify([...fields.map((f) => [f.column, f.before, f.after]), ...personal]));

  const units = new Map<string, RegistryOrgUnit>(registry.orgUnits.map((u) => [u.orgUnitId, u]));
  roster.orgUnits.forEach((u, i) => {
    const item = changes.orgUnits.items[i]!;
    if (item.kind === 'unchanged') return;
    if (item.kind === 'new') {
      const effectiveFrom = u.since ? firstDay(u.since) : today;
      units.set(u.code, { orgUnitId: u.code, name: u.name, kind: u.kind, parentId: u.parentId, effectiveFrom, dissolved: null });
      unitAppends.push({
        level: UNIT_LEVEL[u.kind],
        streamId: `orgunit/${u.code}`,
        idempotencyKey: `roster:unit:new:${u.code}`,
        events: [
          { type: 'OrgUnitEstablished', data: { orgUnitId: u.code, name: u.name, kind: u.kind, parentId: u.parentId, effectiveFrom } },
        ],
      });
      return;
    }
    const nameHeader = columnOf('orgUnits', 'name').header;
    for (const c of item.changes.filter((c) => c.column !== nameHeader)) {
      problems.push(
        notImportable('orgUnits', u.row, c, {
          zh: '已登记单位的类别、上级单位和设立时间不能用名册修改',
          en: 'a registered unit’s kind, parent and establishment month are not changed by a roster',
        }),
      );
    }
    if (!item.changes.some((c) => c.column === nameHeader)) return;
    const events = decide(problems, 'orgUnits', u.row, { kind: 'rename-unit', orgUnitId: u.code, name: u.name, on: today }, null, units);
    if (events.length) {
      unitAppends.push({
        level: UNIT_LEVEL[u.kind],
        streamId: `orgunit/${u.code}`,
        idempotencyKey: `roster:unit:${u.code}:${keyOf(item.changes)}`,
        events,
      });
    }
  });

  const registered = new Map(registry.people.map((p) => [p.personId, p]));
  const freshRegistry = registry.people.length === 0;
  const newIds = new Map<string, number>();
  roster.people.forEach((p, i) => {
    const item = changes.people.items[i]!;
    if (item.kind === 'unchanged') return;
    const before = item.kind === 'changed' && item.id !== null ? registered.get(item.id) : undefined;
    if (!before) {
      const personId = freshRegistry && p.personId ? p.personId : `p-r${digest(newPersonIdentity(p)).slice(0, 12)}`;
      const first = newIds.get(personId);
      if (first !== undefined) {
        problems.push({
          sheet: 'people',
          row: p.row,
          column: columnOf('people', 'name').header,
          value: p.name,
          kind: 'duplicate',
          problem: { zh: `与第 ${first} 行是同一个新人员`, en: `the same new person as row ${first}` },
          expected: { zh: '填写身份证号以区分两人', en: 'an ID number to tell the two apart' },
        });
        return;
      }
      newIds.set(personId, p.row);
      const details = detailsOfRosterPerson(p);
      const events: DomainEvent[] = [
        {
          type: 'PersonRegistered',
          data: {
            personId,
            name: p.name,
            gender: p.gender,
            birthYear: p.birth.year,
            orgUnitId: p.orgUnitId,
            rank: p.rank,
            ...(Object.keys(details).length ? { details } : {}),
          },
        },
      ];
      if (p.title !== null && p.titleSince !== null) events.push(assign(personId, `${personId}/roster/post`, p, p.titleSince));
      personAppends.push({ streamId: `person/${personId}`, idempotencyKey: `roster:new:${personId}`, events });
      return;
    }
    const after = detailsOfRosterPerson(p);
    const key = keyOf(
      item.changes,
      PERSONAL_DATA_KEYS.filter((k) => before.details[k] !== after[k]).map((k) => [k, before.details[k] ?? null, after[k] ?? null]),
    );
    const state = personState(before);
    const events: DomainEvent[] = [];
    const fields: PersonFields = {};
    if (p.name !== before.name) fields.name = p.name;
    if (p.gender !== before.gender) fields.gender = p.gender;
    if (p.birth.year !== before.birthYear) fields.birthYear = p.birth.year;
    if (p.rank !== before.rank) fields.rank = p.rank;
    for (const k of PERSON_DETAIL_KEYS) {
      if ((after[k] ?? null) !== (before.details[k] ?? null)) fields[k] = after[k] ?? null;
    }
    if (Object.keys(fields).length > 0) {
      events.push(...decide(problems, 'people', p.row, { kind: 'correct', personId: before.personId, fields, on: today }, state, units));
    }
    if (p.orgUnitId !== before.orgUnitId) {
      events.push(
        ...decide(
          problems,
          'people',
          p.row,
          { kind: 'transfer', personId: before.personId, toOrgUnitId: p.orgUnitId, on: today },
          state,
          units,
        ),
      );
    }
    const postChanged =
      (before.post?.title ?? null) !== p.title || item.changes.some((c) => c.column === columnOf('people', 'titleSince').header);
    if (postChanged) {
      const startedOn = p.title !== null && p.titleSince !== null ? firstDay(p.titleSince) : null;
      if (before.post?.assignmentId) {
        const endedOn = startedOn !== null && startedOn > before.post.startedOn ? startedOn : today;
        events.push({
          type: 'PostEnded',
          data: {
            assignmentId: before.post.assignmentId,
            personId: before.personId,
            endedOn,
            reason: startedOn !== null ? 'replaced' : 'other',
          },
        });
      }
      if (p.title !== null && p.titleSince !== null)
        events.push(assign(before.personId, `${before.personId}/roster/${key.slice(0, 12)}`, p, p.titleSince));
    }
    if (events.length)
      personAppends.push({ streamId: `person/${before.personId}`, idempotencyKey: `roster:${before.personId}:${key}`, events });
  });

  unitAppends.sort((a, b) => a.level - b.level);
  return { changes, appends: [...unitAppends.map(({ level: _, ...a }) => a), ...personAppends], problems };
}

function decide(
  problems: RosterProblem[],
  sheet: 'people' | 'orgUnits',
  row: number,
  change: RegistryChange,
  person: RegistryPersonState | null,
  units: ReadonlyMap<string, RegistryOrgUnit>,
): DomainEvent[] {
  try {
    return decideRegistryChange(change, { person, orgUnits: units });
  } catch (err) {
    if (!(err instanceof RegistryRefusal)) throw err;
    problems.push({
      sheet,
      row,
      column: '',
      value: '',
      kind: 'not-importable',
      problem: { zh: err.zh, en: err.en },
      expected: { zh: '', en: '' },
    });
    return [];
  }
}

function notImportable(sheet: 'orgUnits', row: number, c: FieldChange, why: { zh: string; en: string }): RosterProblem {
  return {
    sheet,
    row,
    column: c.column,
    value: c.after,
    kind: 'not-importable',
    problem: why,
    expected: { zh: `原值：${c.before}`, en: `as registered: ${c.before}` },
  };
}

function personState(p: RegistryPerson): RegistryPersonState {
  return {
    personId: p.personId,
    name: p.name,
    gender: p.gender,
    birthYear: p.birthYear,
    orgUnitId: p.orgUnitId,
    rank: p.rank,
    details: p.details,
    currentAssignmentId: p.post?.assignmentId ?? null,
    departed: null,
  };
}

function assign(personId: string, assignmentId: string, p: ResolvedPerson, since: YearMonth): DomainEvent {
  return {
    type: 'PostAssigned',
    data: { assignmentId, personId, orgUnitId: p.orgUnitId, title: p.title!, rank: p.rank, startedOn: firstDay(since), onTrial: false },
  };
}

/** What tells a new person apart when the file gives no 人员编号. */
function newPersonIdentity(p: ResolvedPerson): string {
  return p.idNumber !== null ? `id:${p.idNumber}` : `row:${JSON.stringify([p.name, p.gender, p.birth.year, p.birth.month, p.orgUnitId])}`;
}

function firstDay(ym: YearMonth): string {
  return `${String(ym.year).padStart(4, '0')}-${String(ym.month ?? 1).padStart(2, '0')}-01`;
}
