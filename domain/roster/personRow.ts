/**
 * A row of the people sheet: each cell checked on its own (cellChecks.ts), then the cells
 * that must agree — the ID number's birth date and gender digit with 出生年月 and 性别,
 * 入党时间 with 政治面貌 and the 18th birthday, dates after birth and none in the future,
 * a post with the month it began. The unit is only read here; checkRoster.ts finds it.
 */
import { checkCell, REQUIRED_MISSING, type CellValue } from './cellChecks';
import { PARTY_MEMBER_STATUSES, GENDER_LABEL } from './closedSets';
import { PERSON_COLUMNS, type PersonColumnKey } from './columns';
import type { EthnicGroup } from './ethnicGroups';
import type { IdNumber } from './idNumber';
import type { Bilingual, ProblemKind, RosterProblem } from './problems';
import { formatYearMonth, monthIndex, type YearMonth } from './yearMonth';

export interface RosterPerson {
  row: number;
  personId: string | null;
  name: string;
  gender: 'male' | 'female';
  ethnicity: EthnicGroup | null;
  birth: YearMonth;
  nativePlace: string | null;
  politicalStatus: string | null;
  joinedParty: YearMonth | null;
  startedWork: YearMonth | null;
  fullTimeEducation: string | null;
  fullTimeDegree: string | null;
  partTimeEducation: string | null;
  partTimeDegree: string | null;
  /** The 18 characters, normalized (X upper-case, no spaces). */
  idNumber: string | null;
  /** The unit as written (a name or a code); checkRoster.ts resolves it. */
  unit: string;
  title: string | null;
  titleSince: YearMonth | null;
  rank: string;
  phone: string | null;
  note: string | null;
}

export interface PersonRowCheck {
  /** Null when a cell the record needs has a problem. */
  person: RosterPerson | null;
  problems: RosterProblem[];
}

/** The age from which a person may join the Party (党章: 年满十八岁). */
export const PARTY_JOINING_AGE = 18;

const COLUMN = new Map<string, (typeof PERSON_COLUMNS)[number]>(PERSON_COLUMNS.map((c) => [c.key, c]));
const col = (key: PersonColumnKey) => COLUMN.get(key)!;

/**
 * Checks one row. `cells` are the row's cleaned cells by column key (headers.ts
 * cellsByKey); `asOf` is the month the roster is read in (no date may be later).
 */
export function checkPersonRow(row: number, cells: Readonly<Record<string, string>>, asOf: YearMonth): PersonRowCheck {
  const problems: RosterProblem[] = [];
  const report = (key: PersonColumnKey, kind: ProblemKind, problem: Bilingual, expected?: Bilingual) =>
    problems.push({
      sheet: 'people',
      row,
      column: col(key).header,
      value: cells[key] ?? '',
      kind,
      problem,
      expected: expected ?? col(key).expected,
    });

  const values = new Map<string, CellValue>();
  let broken = false;
  for (const c of PERSON_COLUMNS) {
    const text = cells[c.key] ?? '';
    if (text === '') {
      if (c.required) {
        report(c.key, 'required', REQUIRED_MISSING);
        broken = true;
      }
      continue;
    }
    const r = checkCell(c, text);
    if (r.ok) values.set(c.key, r.value);
    else {
      report(c.key, r.kind, r.problem);
      broken = true;
    }
  }
  const get = <T extends CellValue>(key: PersonColumnKey): T | null => (values.get(key) as T | undefined) ?? null;
  const birth = get<YearMonth>('birth');
  const gender = get<'male' | 'female'>('gender');
  const id = get<IdNumber>('idNumber');

  if (id && birth && (id.birth.year !== birth.year || (birth.month !== null && id.birth.month !== birth.month))) {
    report('idNumber', 'id-birth-mismatch', {
      zh: `号码中的出生日期 ${id.birth.year}.${pad(id.birth.month)} 与出生年月 ${formatYearMonth(birth)} 不一致`,
      en: `the number's date of birth ${id.birth.year}.${pad(id.birth.month)} disagrees with 出生年月 ${formatYearMonth(birth)}`,
    });
    broken = true;
  }
  if (id && gender && id.gender !== gender) {
    report('idNumber', 'id-gender-mismatch', {
      zh: `号码第 17 位表示${GENDER_LABEL[id.gender]}性，与性别“${GENDER_LABEL[gender]}”不一致`,
      en: `its 17th digit says ${id.gender}, but 性别 says ${gender}`,
    });
    broken = true;
  }

  const asOfIndex = monthIndex(asOf, 'last');
  const dated: PersonColumnKey[] = ['birth', 'joinedParty', 'startedWork', 'titleSince'];
  for (const key of dated) {
    const ym = get<YearMonth>(key);
    if (ym && monthIndex(ym, 'first') > asOfIndex) {
      report(key, 'future-date', {
        zh: `晚于当前年月 ${formatYearMonth(asOf)}`,
        en: `later than the current month ${formatYearMonth(asOf)}`,
      });
      broken = true;
    }
  }
  if (birth) {
    for (const key of ['startedWork', 'titleSince'] as const) {
      const ym = get<YearMonth>(key);
      if (ym && monthIndex(ym, 'last') <= monthIndex(birth, 'first')) {
        report(
          key,
          'date-order',
          { zh: '不晚于出生年月', en: 'not after 出生年月' },
          { zh: `晚于出生年月 ${formatYearMonth(birth)} 的年月`, en: `a month after 出生年月 ${formatYearMonth(birth)}` },
        );
        broken = true;
      }
    }
    const joined = get<YearMonth>('joinedParty');
    const eighteen = { year: birth.year + PARTY_JOINING_AGE, month: birth.month };
    if (joined && monthIndex(joined, 'last') < monthIndex(eighteen, 'first')) {
      report(
        'joinedParty',
        'date-order',
        { zh: `早于年满 ${PARTY_JOINING_AGE} 周岁`, en: `before the person turned ${PARTY_JOINING_AGE}` },
        { zh: `不早于 ${formatYearMonth(eighteen)} 的年月`, en: `a month no earlier than ${formatYearMonth(eighteen)}` },
      );
      broken = true;
    }
  }
  const status = get<string>('politicalStatus');
  const joined = get<YearMonth>('joinedParty');
  if (status && PARTY_MEMBER_STATUSES.includes(status) && !joined && cells.joinedParty === '') {
    report('joinedParty', 'inconsistent', { zh: `政治面貌为${status}，入党时间为空`, en: `政治面貌 is ${status} but 入党时间 is empty` });
    broken = true;
  }
  if (status && !PARTY_MEMBER_STATUSES.includes(status) && joined) {
    report(
      'joinedParty',
      'inconsistent',
      { zh: `政治面貌为${status}，却填了入党时间`, en: `政治面貌 is ${status}, yet 入党时间 is filled in` },
      {
        zh: '非党员留空，或将政治面貌改为中共党员',
        en: 'blank for a non-member, or 政治面貌 中共党员',
      },
    );
    broken = true;
  }
  const title = get<string>('title');
  const since = get<YearMonth>('titleSince');
  if (title && !since && cells.titleSince === '') {
    report('titleSince', 'inconsistent', { zh: '填了现任职务，任现职时间为空', en: '现任职务 is filled in but 任现职时间 is empty' });
    broken = true;
  }
  if (!title && since) {
    report('title', 'inconsistent', { zh: '填了任现职时间，现任职务为空', en: '任现职时间 is filled in but 现任职务 is empty' });
    broken = true;
  }

  if (broken || !birth || !gender) return { person: null, problems };
  return {
    person: {
      row,
      personId: get<string>('personId'),
      name: get<string>('name')!,
      gender,
      ethnicity: get<EthnicGroup>('ethnicity'),
      birth,
      nativePlace: get<string>('nativePlace'),
      politicalStatus: status,
      joinedParty: joined,
      startedWork: get<YearMonth>('startedWork'),
      fullTimeEducation: get<string>('fullTimeEducation'),
      fullTimeDegree: get<string>('fullTimeDegree'),
      partTimeEducation: get<string>('partTimeEducation'),
      partTimeDegree: get<string>('partTimeDegree'),
      idNumber: id?.value ?? null,
      unit: get<string>('unit')!,
      title,
      titleSince: since,
      rank: get<string>('rank')!,
      phone: get<string>('phone'),
      note: get<string>('note'),
    },
    problems,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
