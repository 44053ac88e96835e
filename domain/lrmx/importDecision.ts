/**
 * What importing an LRMX form records, decided purely. The form's person is looked for in
 * the registry by 身份证号 (the registry's numbers opened by the caller), else by 姓名 and
 * 出生年月 (the month when both sides know it) — one match only: two people of the same
 * name and birth are not told apart without the number. A match is corrected through
 * decideRegistryChange 'correct' (only what differs; nothing when nothing does); a person
 * not found is registered in the unit and at the rank the importer gives. Either way the
 * form's other boxes are recorded as AppointmentFormRecorded when they differ from the
 * form recorded last. Nothing else is touched: 现任职务 and 拟任职务 are the registry's
 * posts and the procedures' business, not a form's.
 */
import type { DomainEvent, PersonRegistered } from '../events';
import { RegistryRefusal, decideRegistryChange, type RegistryPersonState } from '../registryDecider';
import { checkCell } from '../roster/cellChecks';
import { columnOf } from '../roster/columns';
import type { RegistryPerson, RegistrySnapshot } from '../roster/registry';
import { yearMonthOfDay } from '../roster/yearMonth';
import { LrmxError, type LrmxForm } from './form';
import { recordedForm, registryFieldsOfForm, type LrmxRegistryFields } from './registryForm';

export interface LrmxImportInput {
  form: LrmxForm;
  /** Serving people with their details opened, and every unit. */
  registry: RegistrySnapshot;
  /** The form recorded last for each person (only the matched one is read). */
  recordedFormOf: (personId: string) => LrmxForm | null;
  /** For a person the registry does not hold. */
  newPerson?: { orgUnitId?: string; rank?: string };
  /** `YYYY-MM-DD`, Shanghai. */
  today: string;
  digest: (text: string) => string;
}

export interface LrmxImportDecision {
  personId: string;
  matchedBy: 'id-number' | 'name-and-birth' | null;
  events: DomainEvent[];
  idempotencyKey: string | null;
  fields: LrmxRegistryFields;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

function findPerson(
  fields: LrmxRegistryFields,
  people: readonly RegistryPerson[],
): [RegistryPerson, LrmxImportDecision['matchedBy']] | null {
  const id = fields.details.idNumber;
  if (id !== undefined) {
    const byId = people.find((p) => p.details.idNumber === id);
    if (byId) return [byId, 'id-number'];
  }
  const month = fields.details.birthMonth;
  const same = people.filter(
    (p) =>
      p.name === fields.name &&
      p.birthYear === fields.birthYear &&
      (month === undefined || p.details.birthMonth === undefined || p.details.birthMonth === month) &&
      // A registered number that differs is another person.
      (id === undefined || p.details.idNumber === undefined),
  );
  if (same.length > 1) {
    throw new LrmxError(
      `系统中有 ${same.length} 位${fields.name}（${fields.birthYear} 年生），请在表中填写身份证号以区分`,
      `the registry holds ${same.length} people named ${fields.name} born in ${fields.birthYear}: give the ID number (ShenFenZheng) to tell them apart`,
    );
  }
  return same.length === 1 ? [same[0]!, 'name-and-birth'] : null;
}

/** The registered person a form is about, if any (the caller then reads the form recorded for them). */
export function matchLrmxPerson(form: LrmxForm, registry: RegistrySnapshot, today: string): string | null {
  return findPerson(registryFieldsOfForm(form, yearMonthOfDay(today)), registry.people)?.[0].personId ?? null;
}

export function decideLrmxImport(input: LrmxImportInput): LrmxImportDecision {
  const thisMonth = yearMonthOfDay(input.today);
  const first = registryFieldsOfForm(input.form, thisMonth);
  const found = findPerson(first, input.registry.people);
  const events: DomainEvent[] = [];
  let personId: string;
  let fields = first;
  if (found) {
    const [p] = found;
    personId = p.personId;
    // Read again with the person's 政治面貌, so a 中共预备党员 stays one.
    fields = registryFieldsOfForm(input.form, thisMonth, p.details.politicalStatus);
    const state: RegistryPersonState = {
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
    try {
      events.push(
        ...decideRegistryChange(
          {
            kind: 'correct',
            personId,
            fields: { name: fields.name, gender: fields.gender, birthYear: fields.birthYear, ...fields.details },
            on: input.today,
          },
          { person: state, orgUnits: new Map(input.registry.orgUnits.map((u) => [u.orgUnitId, u])) },
        ),
      );
    } catch (e) {
      // The registry already says what the form says: only the form's other boxes may be new.
      if (!(e instanceof RegistryRefusal && e.code === 'unchanged')) throw e;
    }
  } else {
    const orgUnitId = input.newPerson?.orgUnitId;
    const rank = input.newPerson?.rank;
    if (!orgUnitId || !rank) {
      throw new LrmxError(
        `系统中没有${fields.name}（${fields.birthYear} 年生）；登记新人员须指定单位和职级`,
        `the registry has no ${fields.name} born in ${fields.birthYear}: registering a new person needs a unit and a rank`,
      );
    }
    const unit = input.registry.orgUnits.find((u) => u.orgUnitId === orgUnitId);
    if (!unit) throw new LrmxError(`系统中没有单位 ${orgUnitId}`, `the registry has no unit ${orgUnitId}`);
    if (unit.dissolved) throw new LrmxError(`${unit.name}已撤并`, `${orgUnitId} was dissolved on ${unit.dissolved.effectiveTo}`);
    const rankCheck = checkCell(columnOf('people', 'rank'), rank);
    if (!rankCheck.ok) throw new LrmxError(`职级“${rank}”${rankCheck.problem.zh}`, `rank "${rank}": ${rankCheck.problem.en}`);
    // The id a roster row of the same person would get (domain/roster/importPlan.ts), so either way in is one person.
    const identity =
      fields.details.idNumber !== undefined
        ? `id:${fields.details.idNumber}`
        : `row:${JSON.stringify([fields.name, fields.gender, fields.birthYear, thisMonthOf(fields), orgUnitId])}`;
    personId = `p-r${input.digest(identity).slice(0, 12)}`;
    const registered: PersonRegistered = {
      type: 'PersonRegistered',
      data: { personId, name: fields.name, gender: fields.gender, birthYear: fields.birthYear, orgUnitId, rank, details: fields.details },
    };
    events.push(registered);
  }
  const form = recordedForm(input.form);
  const before = found ? input.recordedFormOf(personId) : null;
  if (canonical(before) !== canonical(form)) {
    events.push({ type: 'AppointmentFormRecorded', data: { personId, form, recordedOn: input.today } });
  }
  return {
    personId,
    matchedBy: found ? found[1] : null,
    events,
    // The same file imported again finds nothing to change; this key also stops a retried request writing twice.
    idempotencyKey: events.length === 0 ? null : `lrmx:${personId}:${input.digest(canonical(events))}`,
    fields,
  };
}

function thisMonthOf(f: LrmxRegistryFields): number | null {
  return f.details.birthMonth ? Number(f.details.birthMonth.slice(5)) : null;
}
