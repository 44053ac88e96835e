/**
 * The registry's change forms (the web UI's, the API's bodies and the CLI's options) read
 * by the roster's own checks, so a form refuses exactly what an import refuses, in the
 * same words: a person's fields are the people sheet's cells by column key (columns.ts),
 * checked by checkPersonRow and checkCell; a unit's are the 单位 sheet's (checkOrgUnitRow).
 * Each parser gives the values a change (registryDecider.ts) takes, or every problem,
 * each naming its field, in Chinese and English. Pure: the caller passes today.
 */
import { calendarDay } from './decisions';
import type { OrgUnitKind, PersonDetailKey, PersonFields } from './events';
import type { NewPerson, PostEndReason, RegistryPersonState } from './registryDecider';
import { checkCell, REQUIRED_MISSING } from './roster/cellChecks';
import { GENDER_LABEL } from './roster/closedSets';
import { ORG_UNIT_COLUMNS, PERSON_COLUMNS, type PersonColumnKey, type RosterColumn } from './roster/columns';
import type { IdNumber } from './roster/idNumber';
import { checkOrgUnitRow } from './roster/orgUnitRow';
import { DETAIL_COLUMN, detailsOfRosterPerson, rosterBirth, rosterCell } from './roster/personDetails';
import { checkPersonRow } from './roster/personRow';
import type { Bilingual, RosterProblem } from './roster/problems';
import { monthIndex, yearMonthOfDay, type YearMonth } from './roster/yearMonth';

/** A problem with one field of a form: its key, and what is wrong with the form expected. */
export interface FormProblem {
  field: string;
  zh: string;
  en: string;
}

export type FormParse<T> = { ok: true; value: T } | { ok: false; problems: FormProblem[] };

/** A person's form: the people sheet's cells by column key, as typed (男, 1975.03, 汉族 …). */
export type PersonForm = Partial<Record<PersonColumnKey, string>>;

/** The fields a correction may change: not the unit (a transfer) nor the post (an appointment). */
export const CORRECTABLE_KEYS = [
  'name',
  'gender',
  'birth',
  'rank',
  ...(Object.values(DETAIL_COLUMN) as PersonColumnKey[]),
] as const satisfies readonly PersonColumnKey[];
export type CorrectableKey = (typeof CORRECTABLE_KEYS)[number];

/** The end reasons a removal may give (PostEnded's, less the probation's own). */
export const POST_END_REASONS: readonly PostEndReason[] = ['ended-early', 'replaced', 'other'];

const PERSON_COLUMN = new Map<string, RosterColumn>(PERSON_COLUMNS.map((c) => [c.key, c]));
const HEADER_KEY = new Map<string, string>(PERSON_COLUMNS.map((c) => [c.header, c.key]));
const UNIT_HEADER_KEY = new Map<string, string>(ORG_UNIT_COLUMNS.map((c) => [c.header, c.key]));

function fromRoster(p: RosterProblem): FormProblem {
  const key = (p.sheet === 'people' ? HEADER_KEY : UNIT_HEADER_KEY).get(p.column) ?? p.column;
  const expected = p.expected.zh ? { zh: `；应为：${p.expected.zh}`, en: `; expected: ${p.expected.en}` } : { zh: '', en: '' };
  return { field: key, zh: `${p.column}：${p.problem.zh}${expected.zh}`, en: `${p.column}: ${p.problem.en}${expected.en}` };
}

const problem = (field: string, label: Bilingual, text: Bilingual): FormProblem => ({
  field,
  zh: `${label.zh}：${text.zh}`,
  en: `${label.en}: ${text.en}`,
});

/** A day as `YYYY-MM-DD`, not after today; blank is today. */
export function parseDay(raw: string | undefined, field: string, label: Bilingual, today: string): FormParse<string> {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: true, value: today };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !calendarDay(text, field).ok) {
    return {
      ok: false,
      problems: [
        problem(field, label, { zh: `「${text}」不是 YYYY-MM-DD 形式的日期`, en: `${JSON.stringify(text)} is not a day YYYY-MM-DD` }),
      ],
    };
  }
  if (text > today) return { ok: false, problems: [problem(field, label, { zh: `晚于今天 ${today}`, en: `later than today, ${today}` })] };
  return { ok: true, value: text };
}

const firstDay = (ym: YearMonth): string => `${String(ym.year).padStart(4, '0')}-${String(ym.month ?? 1).padStart(2, '0')}-01`;

/** A new person: the people sheet's row, 人员编号 left to the caller. The unit is a code, checked by the decision. */
export function parseRegisterForm(
  form: PersonForm,
  today: string,
): FormParse<{ person: Omit<NewPerson, 'personId'>; post: { title: string; startedOn: string } | null }> {
  const cells: Record<string, string> = {};
  for (const c of PERSON_COLUMNS) cells[c.key] = (form[c.key] ?? '').trim();
  cells.personId = '';
  const r = checkPersonRow(0, cells, yearMonthOfDay(today));
  if (!r.person) return { ok: false, problems: r.problems.map(fromRoster) };
  const p = r.person;
  return {
    ok: true,
    value: {
      person: {
        name: p.name,
        gender: p.gender,
        birthYear: p.birth.year,
        orgUnitId: p.unit,
        rank: p.rank,
        details: detailsOfRosterPerson(p),
      },
      post: p.title !== null && p.titleSince !== null ? { title: p.title, startedOn: firstDay(p.titleSince) } : null,
    },
  };
}

/** What the registry holds about a person as the people sheet's cells (the form a correction starts from). */
export function personCells(p: Pick<RegistryPersonState, 'name' | 'gender' | 'birthYear' | 'rank' | 'details'>): PersonForm {
  const cells: PersonForm = { name: p.name, gender: GENDER_LABEL[p.gender], birth: rosterBirth(p.birthYear, p.details), rank: p.rank };
  for (const [key, column] of Object.entries(DETAIL_COLUMN) as Array<[Exclude<PersonDetailKey, 'birthMonth'>, PersonColumnKey]>) {
    cells[column] = rosterCell(key, p.details[key]);
  }
  return cells;
}

/** Problems found between cells (an ID number and 出生年月, 政治面貌 and 入党时间 …): reported whichever of them changed. */
const ACROSS_CELLS = new Set(['id-birth-mismatch', 'id-gender-mismatch', 'inconsistent', 'date-order', 'future-date']);

/**
 * A correction: the fields given (a blank or null detail clears it), checked as a row
 * together with what the registry holds, so a new 出生年月 is checked against the ID
 * number already registered. Problems in cells the correction leaves alone are not its
 * own and are not reported, unless they are between cells and one of them changed.
 */
export function parseCorrectionForm(
  form: Partial<Record<CorrectableKey, string | null>>,
  current: Pick<RegistryPersonState, 'name' | 'gender' | 'birthYear' | 'rank' | 'details'>,
  today: string,
): FormParse<PersonFields> {
  const touched = (Object.keys(form) as CorrectableKey[]).filter((k) => (CORRECTABLE_KEYS as readonly string[]).includes(k));
  const cells: Record<string, string> = { ...personCells(current), unit: 'x', personId: '', title: '', titleSince: '' };
  for (const k of touched) cells[k] = (form[k] ?? '').trim();
  const r = checkPersonRow(0, cells, yearMonthOfDay(today));
  const problems = r.problems
    .filter((p) => {
      const key = HEADER_KEY.get(p.column);
      return (key !== undefined && (touched as string[]).includes(key)) || ACROSS_CELLS.has(p.kind);
    })
    .map(fromRoster);
  // A cross-cell problem between two untouched cells is the registry's, not this form's.
  const own = problems.filter((p) => (touched as string[]).includes(p.field) || related(p.field, touched));
  if (own.length > 0) return { ok: false, problems: own };

  const fields: PersonFields = {};
  for (const k of touched) {
    const text = cells[k]!;
    const column = PERSON_COLUMN.get(k)!;
    if (text === '') {
      if (k === 'birth' || k === 'name' || k === 'gender' || k === 'rank') continue; // required: reported above
      fields[detailKey(k)] = null;
      continue;
    }
    const v = checkCell(column, text);
    if (!v.ok) continue;
    if (k === 'name' || k === 'rank') fields[k] = v.value as string;
    else if (k === 'gender') fields.gender = v.value as 'male' | 'female';
    else if (k === 'birth') {
      const ym = v.value as YearMonth;
      fields.birthYear = ym.year;
      fields.birthMonth = ym.month === null ? null : `${ym.year}-${String(ym.month).padStart(2, '0')}`;
    } else if (k === 'joinedParty' || k === 'startedWork') {
      const ym = v.value as YearMonth;
      fields[k] = ym.month === null ? null : `${ym.year}-${String(ym.month).padStart(2, '0')}`;
    } else if (k === 'idNumber') fields.idNumber = (v.value as IdNumber).value;
    else fields[detailKey(k)] = v.value as string;
  }
  // The birth month cleared by a year-only 出生年月 is only a change when one was held.
  if (fields.birthMonth === null && current.details.birthMonth === undefined) delete fields.birthMonth;
  return { ok: true, value: fields };
}

/** Cells whose problems a change of `touched` may cause (the cross-cell checks in personRow.ts). */
function related(field: string, touched: readonly string[]): boolean {
  const groups: readonly (readonly string[])[] = [
    ['idNumber', 'birth', 'gender'],
    ['joinedParty', 'politicalStatus', 'birth'],
    ['startedWork', 'birth'],
  ];
  return groups.some((g) => g.includes(field) && g.some((k) => touched.includes(k)));
}

function detailKey(k: CorrectableKey): Exclude<PersonDetailKey, 'birthMonth'> {
  const entry = (Object.entries(DETAIL_COLUMN) as Array<[Exclude<PersonDetailKey, 'birthMonth'>, string]>).find(([, c]) => c === k);
  if (!entry) throw new Error(`registry form: ${k} is no detail`);
  return entry[0];
}

/** An appointment: 现任职务, 任现职时间 and 职级 as the roster checks them; the unit a code. */
export function parseAppointForm(
  form: { title?: string; titleSince?: string; rank?: string },
  today: string,
): FormParse<{ title: string; startedOn: string; rank: string }> {
  const problems: FormProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const key of ['title', 'titleSince', 'rank'] as const) {
    const column = PERSON_COLUMN.get(key)!;
    const text = (form[key] ?? '').trim();
    if (text === '') {
      problems.push(problem(key, { zh: column.header, en: column.header }, REQUIRED_MISSING));
      continue;
    }
    const r = checkCell(column, text);
    if (r.ok) values[key] = r.value;
    else
      problems.push(
        fromRoster({
          sheet: 'people',
          row: 0,
          column: column.header,
          value: text,
          kind: r.kind,
          problem: r.problem,
          expected: column.expected,
        }),
      );
  }
  const since = values.titleSince as YearMonth | undefined;
  if (since && monthIndex(since, 'first') > monthIndex(yearMonthOfDay(today), 'last')) {
    problems.push(
      problem('titleSince', { zh: '任现职时间', en: '任现职时间' }, { zh: '晚于当前年月', en: 'later than the current month' }),
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { title: values.title as string, startedOn: firstDay(since!), rank: values.rank as string } };
}

/** A removal's reason. */
export function parsePostEndReason(raw: string | undefined): FormParse<PostEndReason> {
  const text = (raw ?? 'other').trim() || 'other';
  if ((POST_END_REASONS as readonly string[]).includes(text)) return { ok: true, value: text as PostEndReason };
  return {
    ok: false,
    problems: [
      problem(
        'reason',
        { zh: '免职原因', en: 'reason' },
        { zh: `须为 ${POST_END_REASONS.join('、')} 之一`, en: `one of ${POST_END_REASONS.join(', ')}` },
      ),
    ],
  };
}

/** A new unit: the 单位 sheet's row (单位编码, 单位名称, 单位类别, 上级单位 as a code, 设立时间). */
export function parseUnitForm(
  form: { code?: string; name?: string; kind?: string; parent?: string; since?: string },
  today: string,
): FormParse<{ orgUnitId: string; name: string; kind: OrgUnitKind; parentId: string | null; effectiveFrom: string }> {
  const cells: Record<string, string> = {};
  for (const c of ORG_UNIT_COLUMNS) cells[c.key] = (form[c.key as keyof typeof form] ?? '').trim();
  const r = checkOrgUnitRow(0, cells, yearMonthOfDay(today));
  if (!r.unit) return { ok: false, problems: r.problems.map(fromRoster) };
  const u = r.unit;
  return {
    ok: true,
    value: { orgUnitId: u.code, name: u.name, kind: u.kind, parentId: u.parent, effectiveFrom: u.since ? firstDay(u.since) : today },
  };
}

/** A unit's new name, as 单位名称 is checked. */
export function parseUnitName(raw: string | undefined): FormParse<string> {
  const column = ORG_UNIT_COLUMNS.find((c) => c.key === 'name')!;
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, problems: [problem('name', { zh: column.header, en: column.header }, REQUIRED_MISSING)] };
  const r = checkCell(column, text);
  if (!r.ok) {
    return {
      ok: false,
      problems: [
        fromRoster({
          sheet: 'orgUnits',
          row: 0,
          column: column.header,
          value: text,
          kind: r.kind,
          problem: r.problem,
          expected: column.expected,
        }),
      ],
    };
  }
  return { ok: true, value: r.value as string };
}

/** A unit code named in a form (调入单位, 并入单位), as 单位编码 is checked. */
export function parseUnitCode(raw: string | undefined, field: string, label: Bilingual): FormParse<string> {
  const column = ORG_UNIT_COLUMNS.find((c) => c.key === 'code')!;
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, problems: [problem(field, label, REQUIRED_MISSING)] };
  const r = checkCell(column, text);
  if (!r.ok) return { ok: false, problems: [problem(field, label, r.problem)] };
  return { ok: true, value: text };
}
