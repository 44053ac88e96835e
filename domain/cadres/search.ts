/**
 * Cadre search (干部查询): what a person can be searched by, one parser for the query (the
 * API's query string, the CLI's flags and the web form all give it the same text fields)
 * and the filter itself, pure over records the client reads from the registry's read models.
 *
 * Ages and 龄 are computed as of a day the caller passes (ages.ts); education is the
 * highest 学历 (education.ts); grades are the 年度考核 grades that stand now, by year.
 * People who left the registry (retired, died) are left out unless asked for.
 */
import type { PersonDetails } from '../events';
import { GRADES, type Grade } from '../grades';
import { ageOn, yearsSince } from './ages';
import { educationAtLeast, highestEducation, isEducationLevel, type EducationLevel } from './education';

export type ProbationStatus = 'none' | 'on-probation' | 'confirmed' | 'removed' | 'ended-early';
export const PROBATION_STATUSES: readonly ProbationStatus[] = ['none', 'on-probation', 'confirmed', 'removed', 'ended-early'];

/** A person as the search and the statistics see them. */
export interface CadreRecord {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  orgUnitId: string;
  orgUnitName: string;
  /** The person's township (their unit's); null for the county's own people. */
  townshipId: string | null;
  rank: string;
  /** The current post's title, if any. */
  title: string | null;
  probation: ProbationStatus;
  details: PersonDetails;
  /** The grade that stands for each year assessed. */
  grades: ReadonlyArray<{ year: number; grade: Grade }>;
  /** Retired or died: off the roster. */
  departed: boolean;
}

export interface CadreQuery {
  /** Part of the name. */
  name?: string;
  township?: string;
  /** The person's unit, or any unit under it (a township's id finds its villages' people too). */
  orgUnit?: string;
  /** Part of the current post's title. */
  post?: string;
  rank?: string;
  gender?: 'male' | 'female';
  ethnicity?: string;
  ageMin?: number;
  ageMax?: number;
  /** 党龄: full years since 入党时间. */
  partyYearsMin?: number;
  partyYearsMax?: number;
  /** 工龄: full years since 参加工作时间. */
  workYearsMin?: number;
  workYearsMax?: number;
  /** The highest 学历 is this level or higher. */
  education?: EducationLevel;
  probation?: ProbationStatus;
  /** Got this grade (in `gradeYear`, or in any year). */
  grade?: Grade;
  gradeYear?: number;
  includeDeparted?: boolean;
}

/** The query's fields as text, as they arrive from a query string, flags or a form. */
export type CadreQueryText = Partial<Record<keyof CadreQuery, string>>;

export interface QueryProblem {
  field: keyof CadreQuery;
  zh: string;
  en: string;
}

export type QueryParse = { ok: true; query: CadreQuery } | { ok: false; problems: QueryProblem[] };

const TEXT_FIELDS = ['name', 'township', 'orgUnit', 'post', 'rank', 'ethnicity'] as const;
const NUMBER_FIELDS = ['ageMin', 'ageMax', 'partyYearsMin', 'partyYearsMax', 'workYearsMin', 'workYearsMax'] as const;
const RANGES = [
  ['ageMin', 'ageMax', '年龄'],
  ['partyYearsMin', 'partyYearsMax', '党龄'],
  ['workYearsMin', 'workYearsMax', '工龄'],
] as const;
/** Longer text is a slip or an attack, not a name or a title. */
const MAX_TEXT = 50;
const MAX_YEARS = 150;

/** Reads the query from text; every problem at once, in Chinese and English. Empty text is "not given". */
export function parseCadreQuery(text: CadreQueryText): QueryParse {
  const query: CadreQuery = {};
  const problems: QueryProblem[] = [];
  const given = (k: keyof CadreQuery) => {
    const v = text[k]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  for (const k of TEXT_FIELDS) {
    const v = given(k);
    if (v === undefined) continue;
    if (v.length > MAX_TEXT || /[\u0000-\u001f]/.test(v)) {
      problems.push({
        field: k,
        zh: `${k} 须为不超过 ${MAX_TEXT} 个字符的文字`,
        en: `${k} must be text of at most ${MAX_TEXT} characters`,
      });
    } else query[k] = v;
  }
  for (const k of NUMBER_FIELDS) {
    const v = given(k);
    if (v === undefined) continue;
    if (!/^\d{1,3}$/.test(v) || Number(v) > MAX_YEARS) {
      problems.push({
        field: k,
        zh: `${k} 须为 0–${MAX_YEARS} 的整数（周岁/年）`,
        en: `${k} must be a whole number of years, 0–${MAX_YEARS}`,
      });
    } else query[k] = Number(v);
  }
  for (const [lo, hi, word] of RANGES) {
    if (query[lo] !== undefined && query[hi] !== undefined && query[lo] > query[hi]) {
      problems.push({
        field: lo,
        zh: `${word}下限 ${query[lo]} 大于上限 ${query[hi]}`,
        en: `${lo} ${query[lo]} is more than ${hi} ${query[hi]}`,
      });
    }
  }
  const gender = given('gender');
  if (gender !== undefined) {
    const g = ({ male: 'male', 男: 'male', female: 'female', 女: 'female' } as const)[gender];
    if (g) query.gender = g;
    else problems.push({ field: 'gender', zh: '性别须为 男 或 女（male/female）', en: 'gender must be male or female (男/女)' });
  }
  const education = given('education');
  if (education !== undefined) {
    if (isEducationLevel(education)) query.education = education;
    else
      problems.push({
        field: 'education',
        zh: `学历须为 研究生、大学本科、大学专科、中等专科、高中、初中、小学 之一`,
        en: 'education must be one of 研究生, 大学本科, 大学专科, 中等专科, 高中, 初中, 小学',
      });
  }
  const probation = given('probation');
  if (probation !== undefined) {
    if ((PROBATION_STATUSES as readonly string[]).includes(probation)) query.probation = probation as ProbationStatus;
    else
      problems.push({
        field: 'probation',
        zh: `试用期状态须为 ${PROBATION_STATUSES.join('、')} 之一`,
        en: `probation must be one of ${PROBATION_STATUSES.join(', ')}`,
      });
  }
  const grade = given('grade');
  if (grade !== undefined) {
    if ((GRADES as readonly string[]).includes(grade)) query.grade = grade as Grade;
    else problems.push({ field: 'grade', zh: `考核等次须为 ${GRADES.join('、')} 之一`, en: `grade must be one of ${GRADES.join(', ')}` });
  }
  const gradeYear = given('gradeYear');
  if (gradeYear !== undefined) {
    if (/^\d{4}$/.test(gradeYear) && Number(gradeYear) >= 1990 && Number(gradeYear) <= 2100) query.gradeYear = Number(gradeYear);
    else problems.push({ field: 'gradeYear', zh: '考核年度须为四位年份（1990–2100）', en: 'gradeYear must be a year, 1990–2100' });
    if (grade === undefined) problems.push({ field: 'gradeYear', zh: '给出考核年度时须同时给出考核等次', en: 'gradeYear needs grade' });
  }
  const departed = given('includeDeparted');
  if (departed !== undefined) {
    if (departed === 'true' || departed === 'false') query.includeDeparted = departed === 'true';
    else problems.push({ field: 'includeDeparted', zh: 'includeDeparted 须为 true 或 false', en: 'includeDeparted must be true or false' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, query };
}

/** One line for a refusal: every problem, Chinese then English. */
export function queryProblemText(problems: readonly QueryProblem[]): string {
  return `${problems.map((p) => p.zh).join('；')} / ${problems.map((p) => p.en).join('; ')}`;
}

function within(value: number | undefined, min: number | undefined, max: number | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  if (value === undefined) return false;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/**
 * Whether a person matches every given condition on `day`. `unitsUnder` answers whether a
 * unit is `orgUnit` or below it (the caller knows the tree). A condition on a value the
 * registry does not hold (no 入党时间, no 学历) does not match.
 */
export function matchesCadre(r: CadreRecord, q: CadreQuery, day: string, unitsUnder: (unit: string, ancestor: string) => boolean): boolean {
  if (r.departed && !q.includeDeparted) return false;
  if (q.name !== undefined && !r.name.includes(q.name)) return false;
  if (q.township !== undefined && r.townshipId !== q.township) return false;
  if (q.orgUnit !== undefined && !unitsUnder(r.orgUnitId, q.orgUnit)) return false;
  if (q.post !== undefined && !(r.title ?? '').includes(q.post)) return false;
  if (q.rank !== undefined && r.rank !== q.rank) return false;
  if (q.gender !== undefined && r.gender !== q.gender) return false;
  if (q.ethnicity !== undefined && r.details.ethnicity !== q.ethnicity) return false;
  if (!within(ageOn(r.birthYear, r.details.birthMonth, day), q.ageMin, q.ageMax)) return false;
  if (!within(yearsSince(r.details.joinedParty, day), q.partyYearsMin, q.partyYearsMax)) return false;
  if (!within(yearsSince(r.details.startedWork, day), q.workYearsMin, q.workYearsMax)) return false;
  if (q.education !== undefined && !educationAtLeast(highestEducation(r.details), q.education)) return false;
  if (q.probation !== undefined && r.probation !== q.probation) return false;
  if (q.grade !== undefined && !r.grades.some((g) => g.grade === q.grade && (q.gradeYear === undefined || g.year === q.gradeYear)))
    return false;
  return true;
}

/** A search hit: the record's identity and the values computed on the day (no ID or phone numbers). */
export interface CadreHit {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  age: number;
  orgUnitId: string;
  orgUnitName: string;
  townshipId: string | null;
  rank: string;
  title: string | null;
  ethnicity: string | null;
  politicalStatus: string | null;
  partyYears: number | null;
  workYears: number | null;
  education: EducationLevel | null;
  probation: ProbationStatus;
  grades: ReadonlyArray<{ year: number; grade: Grade }>;
  departed: boolean;
}

export function hitOf(r: CadreRecord, day: string): CadreHit {
  return {
    personId: r.personId,
    name: r.name,
    gender: r.gender,
    birthYear: r.birthYear,
    age: ageOn(r.birthYear, r.details.birthMonth, day),
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    townshipId: r.townshipId,
    rank: r.rank,
    title: r.title,
    ethnicity: r.details.ethnicity ?? null,
    politicalStatus: r.details.politicalStatus ?? null,
    partyYears: yearsSince(r.details.joinedParty, day) ?? null,
    workYears: yearsSince(r.details.startedWork, day) ?? null,
    education: highestEducation(r.details) ?? null,
    probation: r.probation,
    grades: r.grades,
    departed: r.departed,
  };
}
