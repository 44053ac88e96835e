/**
 * A county's roster (名册) as a county would fill in the template: the demo county's
 * units (the county, its 12 townships, 184 villages) and `people` cadres spread over
 * them, every column filled in the forms the checks accept — an ID number agreeing with
 * 出生年月 and 性别, 入党时间 after the 18th birthday for a Party member, a post with the
 * month it began. 人员编号 is blank, as on a roster made before the registry knew anyone:
 * the import derives each id from the ID number. Deterministic (the demo's own PRNG), so
 * every run imports the same file.
 */
import { generateDemoCounty, personName } from '../../demo/county';
import { Rng } from '../../demo/seededRandom';
import { GENDER_LABEL, UNIT_KIND_LABEL } from '../../domain/roster/closedSets';
import { ORG_UNIT_COLUMNS, PERSON_COLUMNS, type OrgUnitColumnKey, type PersonColumnKey } from '../../domain/roster/columns';
import type { RosterRows } from '../../domain/roster/fromRegistry';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import { formatYearMonth, yearMonthOfDay } from '../../domain/roster/yearMonth';

const TOWNSHIP_POSTS: ReadonlyArray<{ title: string; rank: string }> = [
  { title: '科员', rank: '科员' },
  { title: '办事员', rank: '科员' },
  { title: '党政办主任', rank: '一级科员' },
  { title: '副镇长', rank: '副科级' },
  { title: '组织委员', rank: '副科级' },
  { title: '综治中心主任', rank: '四级主任科员' },
];
const VILLAGE_POSTS = ['村党组织书记、村委会主任', '村委会副主任', '村委会委员、会计', '村委会委员、妇联主席', '村务监督委员会主任'];
const EDUCATION = ['大学本科', '大学专科', '研究生', '中等专科', '高中'] as const;
const DEGREE_OF: Readonly<Record<string, string>> = { 研究生: '管理学硕士', 大学本科: '法学学士' };
const PLACES = ['河南郑州', '河南开封', '河南新郑', '河南中牟', '河南登封', '山东菏泽'];
/** The county's own area code (a 41 province code, so the ID numbers parse). */
const AREA = '410122';

export interface GeneratedRoster {
  rows: RosterRows;
  people: number;
  units: number;
}

export function generateRosterRows(people: number, seed = 20250101): GeneratedRoster {
  const county = generateDemoCounty({ seed });
  const units = [county.county, ...county.townships, ...county.villages];
  const orgUnits = units.map((u) => {
    const cells: Record<OrgUnitColumnKey, string> = {
      code: u.orgUnitId,
      name: u.name,
      kind: UNIT_KIND_LABEL[u.kind],
      // Every unit name of the demo county is its own, so a name names one unit.
      parent: u.parentId === null ? '' : units.find((p) => p.orgUnitId === u.parentId)!.name,
      since: formatYearMonth(yearMonthOfDay(u.effectiveFrom)),
    };
    return ORG_UNIT_COLUMNS.map((c) => cells[c.key]);
  });

  const rng = new Rng(seed ^ 0x5eed);
  const rows: string[][] = [];
  // Sequence numbers per birth day keep every ID number distinct.
  const seqOfDay = new Map<string, number>();
  for (let i = 0; i < people; i++) {
    // Two in five work for a township government, the rest on a village committee.
    const inTownship = i % 5 < 2;
    const unit = inTownship ? rng.pick(county.townships) : rng.pick(county.villages);
    const gender = rng.chance(inTownship ? 0.4 : 0.3) ? 'female' : 'male';
    const year = rng.int(1966, 2000);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const ymd = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const n = (seqOfDay.get(ymd) ?? 0) + 1;
    seqOfDay.set(ymd, n);
    // The 17th digit is odd for a man, even for a woman; two digits before it make room for 500 people a day.
    const seq = `${String(n).padStart(2, '0')}${gender === 'male' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8])}`;
    const first17 = `${AREA}${ymd}${seq}`;
    const member = rng.chance(0.8);
    const joined = year + rng.int(20, 26);
    const started = year + rng.int(18, 24);
    const education = rng.pick(EDUCATION);
    const post = inTownship ? rng.pick(TOWNSHIP_POSTS) : { title: rng.pick(VILLAGE_POSTS), rank: '村干部' };
    const since = Math.max(started + 1, rng.int(2015, 2025));
    const cells: Partial<Record<PersonColumnKey, string>> = {
      name: personName(rng, gender),
      gender: GENDER_LABEL[gender],
      ethnicity: rng.chance(0.95) ? '汉族' : '回族',
      birth: `${year}.${String(month).padStart(2, '0')}`,
      nativePlace: rng.pick(PLACES),
      politicalStatus: member ? '中共党员' : '群众',
      joinedParty: member ? `${Math.min(joined, 2025)}.${String(rng.int(1, 12)).padStart(2, '0')}` : '',
      startedWork: `${Math.min(started, 2024)}.07`,
      fullTimeEducation: education,
      fullTimeDegree: DEGREE_OF[education] ?? '',
      idNumber: first17 + idNumberCheckChar(first17),
      unit: unit.name,
      title: post.title,
      titleSince: `${Math.min(since, 2025)}.${String(rng.int(1, 12)).padStart(2, '0')}`,
      rank: post.rank,
      phone: `13${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
    };
    rows.push(PERSON_COLUMNS.map((c) => cells[c.key] ?? ''));
  }
  return { rows: { orgUnits, people: rows }, people, units: orgUnits.length };
}
