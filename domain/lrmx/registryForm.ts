/**
 * An LRMX form (form.ts) in the registry's terms and back. Reading: the boxes the
 * registry holds (姓名, 性别, 出生年月, 民族, 籍贯, 入党时间, 参加工作时间, 学历/学位,
 * 身份证号) are checked by the roster's own cell checks (domain/roster/cellChecks.ts), so
 * a value means the same from a roster and from a form; a box the registry cannot take
 * as it is written (入党时间 `199306；民革`, 学历 `中央党校大学`) stays the form's text and
 * is reported. 姓名, 性别 and 出生年月 are required and a bad 身份证号 refuses the file.
 * Writing: the form as last recorded, with the registry's current values over it, so
 * an export says what the registry says. Pure; docs/lrmx.md has the table.
 */
import type { PersonDetailKey, PersonDetails } from '../events';
import { DETAIL_COLUMN } from '../roster/personDetails';
import { checkCell } from '../roster/cellChecks';
import { cleanCell } from '../roster/cell';
import { GENDER_LABEL, PARTY_MEMBER_STATUSES } from '../roster/closedSets';
import { columnOf } from '../roster/columns';
import type { IdNumber } from '../roster/idNumber';
import type { Bilingual } from '../roster/problems';
import { monthIndex, type YearMonth } from '../roster/yearMonth';
import { LrmxError, LRMX_LABELS, type LrmxForm, type LrmxTextElement } from './form';

/** The form's boxes that are registry details, and which. */
export const LRMX_DETAIL_ELEMENTS: ReadonlyArray<readonly [LrmxTextElement, Exclude<PersonDetailKey, 'birthMonth'>]> = [
  ['MinZu', 'ethnicity'],
  ['JiGuan', 'nativePlace'],
  ['RuDangShiJian', 'joinedParty'],
  ['CanJiaGongZuoShiJian', 'startedWork'],
  ['QuanRiZhiJiaoYu_XueLi', 'fullTimeEducation'],
  ['QuanRiZhiJiaoYu_XueWei', 'fullTimeDegree'],
  ['ZaiZhiJiaoYu_XueLi', 'partTimeEducation'],
  ['ZaiZhiJiaoYu_XueWei', 'partTimeDegree'],
  ['ShenFenZheng', 'idNumber'],
];

/**
 * The editor's short names for education levels (学历 `大学` is 大学本科 on most forms),
 * read as the roster's closed set names them.
 */
const EDUCATION_SYNONYMS: Readonly<Record<string, string>> = { 大学: '大学本科', 本科: '大学本科', 大专: '大学专科', 中专: '中等专科' };

export interface LrmxRegistryFields {
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  /** Plain: the ID number is sealed by the client before an append. */
  details: PersonDetails;
  /** Boxes the registry could not take; the form keeps their text. */
  textOnly: Array<{ element: LrmxTextElement; label: string; value: string; problem: Bilingual }>;
}

const ymText = (ym: YearMonth): string => `${ym.year}-${String(ym.month).padStart(2, '0')}`;

function required(form: LrmxForm, element: LrmxTextElement): string {
  const v = cleanCell(form.fields[element] ?? '');
  if (v === '') throw new LrmxError(`${LRMX_LABELS[element]}（${element}）为空`, `${element} (${LRMX_LABELS[element]}) is empty`);
  return v;
}

function refuse(element: LrmxTextElement, value: string, problem: Bilingual): never {
  throw new LrmxError(
    `${LRMX_LABELS[element]}（${element}）“${value}”：${problem.zh}`,
    `${element} (${LRMX_LABELS[element]}) "${value}": ${problem.en}`,
  );
}

/**
 * The registry's fields a form gives. `partyStatus` is the person's 政治面貌 when the
 * registry holds one: a form with 入党时间 says the person is in the Party, and a
 * registry that knows which (中共预备党员) keeps it; otherwise 中共党员.
 */
export function registryFieldsOfForm(form: LrmxForm, thisMonth: YearMonth, partyStatus?: string): LrmxRegistryFields {
  const name = required(form, 'XingMing');
  const nameCheck = checkCell(columnOf('people', 'name'), name);
  if (!nameCheck.ok) refuse('XingMing', name, nameCheck.problem);
  const genderText = required(form, 'XingBie');
  const gender = checkCell(columnOf('people', 'gender'), genderText);
  if (!gender.ok) refuse('XingBie', genderText, gender.problem);
  const birthText = required(form, 'ChuShengNianYue');
  const birthCheck = checkCell(columnOf('people', 'birth'), birthText);
  if (!birthCheck.ok) refuse('ChuShengNianYue', birthText, birthCheck.problem);
  const birth = birthCheck.value as YearMonth;
  if (monthIndex(birth, 'first') > monthIndex(thisMonth, 'last')) {
    refuse('ChuShengNianYue', birthText, { zh: '晚于本月', en: 'later than this month' });
  }

  const details: PersonDetails = {};
  if (birth.month !== null) details.birthMonth = ymText(birth);
  const textOnly: LrmxRegistryFields['textOnly'] = [];
  for (const [element, key] of LRMX_DETAIL_ELEMENTS) {
    const raw = cleanCell(form.fields[element] ?? '');
    if (raw === '') continue;
    const text = key.endsWith('Education') ? (EDUCATION_SYNONYMS[raw] ?? raw) : raw;
    const check = checkCell(columnOf('people', DETAIL_COLUMN[key]), text);
    if (key === 'idNumber') {
      if (!check.ok) refuse(element, raw, check.problem);
      const id = check.value as IdNumber;
      // The number and the form must name the same person, as a roster row's must.
      if (id.birth.year !== birth.year || (birth.month !== null && id.birth.month !== birth.month)) {
        refuse(element, raw, { zh: '其中的出生日期与出生年月不符', en: 'its date of birth disagrees with ChuShengNianYue' });
      }
      if (id.gender !== gender.value) refuse(element, raw, { zh: '其中的性别与性别一栏不符', en: 'its gender disagrees with XingBie' });
      details.idNumber = id.value;
      continue;
    }
    let problem = check.ok ? null : check.problem;
    if (check.ok && typeof check.value === 'object' && 'year' in check.value) {
      const ym = check.value;
      if (monthIndex(ym, 'first') > monthIndex(thisMonth, 'last')) problem = { zh: '晚于本月', en: 'later than this month' };
      else if (monthIndex(ym, 'last') < monthIndex(birth, 'first')) problem = { zh: '早于出生年月', en: 'before the date of birth' };
      else details[key] = ymText(ym);
    } else if (check.ok) details[key] = check.value as string;
    if (problem) textOnly.push({ element, label: LRMX_LABELS[element], value: raw, problem });
  }
  if (details.joinedParty !== undefined) {
    details.politicalStatus = partyStatus !== undefined && PARTY_MEMBER_STATUSES.includes(partyStatus) ? partyStatus : '中共党员';
  }
  return { name, gender: gender.value as 'male' | 'female', birthYear: birth.year, details, textOnly };
}

/** What the registry holds about the person the form is written for. */
export interface LrmxRegistrySide {
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  /** Plain; `idNumber` only when the form is to carry it. */
  details: PersonDetails;
  /** The current post's title, if any. */
  currentTitle: string | null;
  /** 年度考核结果 from the evaluation read models, when there are grades. */
  grades?: string;
  /** 拟任职务 from an open selection case naming the person. */
  proposedPost?: string;
}

const lrmxMonth = (ym: string): string => ym.replace('-', '');

/**
 * The form to write: the one last recorded (or none), each registry box replaced by what
 * the registry holds now. A box the registry holds nothing for keeps the recorded text.
 */
export function formOfRegistry(p: LrmxRegistrySide, recorded: LrmxForm | null): LrmxForm {
  const fields = { ...(recorded?.fields ?? {}) };
  // The ID number is never kept in the recorded form (it is sealed in the registry); it is written only when given.
  delete fields.ShenFenZheng;
  fields.XingMing = p.name;
  fields.XingBie = GENDER_LABEL[p.gender];
  fields.ChuShengNianYue = p.details.birthMonth ? lrmxMonth(p.details.birthMonth) : String(p.birthYear);
  for (const [element, key] of LRMX_DETAIL_ELEMENTS) {
    const v = p.details[key];
    if (v === undefined) continue;
    fields[element] = key === 'joinedParty' || key === 'startedWork' ? lrmxMonth(v) : v;
  }
  if (p.currentTitle) fields.XianRenZhiWu = p.currentTitle;
  if (p.grades) fields.NianDuKaoHeJieGuo = p.grades;
  if (p.proposedPost) fields.NiRenZhiWu = p.proposedPost;
  return { fields, family: recorded?.family ?? [], extra: recorded?.extra ?? [] };
}

/** The form as the registry keeps it beside the person: everything but the ID number, which the registry seals. */
export function recordedForm(form: LrmxForm): LrmxForm {
  const fields = { ...form.fields };
  delete fields.ShenFenZheng;
  return { fields, family: form.family, extra: form.extra };
}
