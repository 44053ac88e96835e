/**
 * The registry forms' fields, made from the roster's columns (domain/roster/columns.ts):
 * the same headers, the same closed sets as drop-downs, the same keys the server's
 * parser reads (domain/registryForms.ts).
 */
import { CORRECTABLE_KEYS } from '../../../domain/registryForms';
import { GENDER_LABEL, UNIT_KIND_LABELS } from '../../../domain/roster/closedSets';
import { ORG_UNIT_COLUMNS, PERSON_COLUMNS, type RosterColumn } from '../../../domain/roster/columns';
import type { FieldSpec } from './ChangeForm';
import type { OrgUnit, PersonView } from './registryApi';

type Lang = 'zh' | 'en';

const label = (c: RosterColumn, lang: Lang) => (lang === 'zh' ? c.header : c.en.charAt(0).toUpperCase() + c.en.slice(1));
/** Degrees may carry their field (管理学硕士): typed, not picked. */
const PICKED = new Set(['gender', 'ethnicity', 'political', 'education', 'rank', 'unitKind']);

function spec(c: RosterColumn, lang: Lang, units: readonly OrgUnit[]): FieldSpec {
  const base: FieldSpec = {
    name: c.key,
    label: label(c, lang),
    required: c.required,
    placeholder: lang === 'zh' ? c.expected.zh : c.expected.en,
  };
  if (c.kind === 'unitRef') return { ...base, options: unitOptions(units) };
  if (c.list && PICKED.has(c.kind)) return { ...base, options: c.list.map((v) => ({ value: v, label: v })) };
  return base;
}

export function unitOptions(units: readonly OrgUnit[], kinds?: readonly string[]) {
  return units
    .filter((u) => u.effectiveTo === null && (!kinds || kinds.includes(u.kind)))
    .map((u) => ({ value: u.orgUnitId, label: `${u.name}（${u.orgUnitId}）` }));
}

/** Registering: every column of the people sheet but 人员编号 (the server makes it). */
export function registerFields(lang: Lang, units: readonly OrgUnit[]): FieldSpec[] {
  return PERSON_COLUMNS.filter((c) => c.key !== 'personId').map((c) => spec(c, lang, units));
}

/**
 * Correcting: the correctable columns, the registered values filled in where the page has
 * them whole (the ID and phone numbers arrive masked and start blank: blank leaves them).
 */
export function correctFields(lang: Lang, person: PersonView): FieldSpec[] {
  const initial: Record<string, string | undefined> = {
    name: person.name,
    gender: GENDER_LABEL[person.gender as 'male' | 'female'],
    birth: person.details?.birthMonth ? person.details.birthMonth.replace('-', '.') : String(person.birthYear),
    rank: person.rank,
  };
  return CORRECTABLE_KEYS.map((k) => {
    const c = PERSON_COLUMNS.find((x) => x.key === k)!;
    return { ...spec(c, lang, []), required: false, initial: initial[k] };
  });
}

/** The 单位 sheet's columns, the parent a drop-down of serving units. */
export function unitFields(lang: Lang, units: readonly OrgUnit[]): FieldSpec[] {
  return ORG_UNIT_COLUMNS.map((c) =>
    c.key === 'parent'
      ? { ...spec(c, lang, units), options: unitOptions(units, ['county', 'township', 'village']) }
      : c.key === 'kind'
        ? { ...spec(c, lang, units), options: UNIT_KIND_LABELS.map((v) => ({ value: v, label: v })) }
        : spec(c, lang, units),
  );
}

export function columnLabel(key: string, lang: Lang): string {
  const c = PERSON_COLUMNS.find((x) => x.key === key);
  return c ? label(c, lang) : key;
}
