/**
 * Team-structure statistics (班子结构统计): for a township and for the county, how many
 * people are counted and how they divide by age band, highest 学历, gender and 民族
 * (汉族, 少数民族 and each group), and the share of villages that are 一肩挑.
 *
 * Every division sums to `people`: a value the registry does not hold is counted under
 * 未填 (not recorded) rather than dropped. People who left the registry are not counted.
 */
import { AGE_BANDS, ageBandOf, ageOn, type AgeBand } from './ages';
import { isCrossAppointedVillage } from './crossAppointed';
import { EDUCATION_LEVELS, highestEducation, type EducationLevel } from './education';
import type { CadreRecord } from './search';

export const NOT_RECORDED = '未填';
export const HAN = '汉族';

export interface StructureStats {
  /** null: the county as a whole. */
  townshipId: string | null;
  name: string;
  people: number;
  ageBands: Record<AgeBand, number>;
  education: Record<EducationLevel | typeof NOT_RECORDED, number>;
  gender: { male: number; female: number };
  ethnicity: { han: number; minority: number; notRecorded: number; groups: Record<string, number> };
  /** Villages counted, how many are 一肩挑, and the share (null when there is no village). */
  crossAppointed: { villages: number; crossAppointed: number; share: number | null };
}

export interface VillagePosts {
  orgUnitId: string;
  townshipId: string;
  /** Current posts in the village held by people still on the registry. */
  posts: ReadonlyArray<{ personId: string; title: string }>;
}

function emptyStats(townshipId: string | null, name: string): StructureStats {
  return {
    townshipId,
    name,
    people: 0,
    ageBands: Object.fromEntries(AGE_BANDS.map((b) => [b.key, 0])) as Record<AgeBand, number>,
    education: Object.fromEntries([...EDUCATION_LEVELS, NOT_RECORDED].map((l) => [l, 0])) as StructureStats['education'],
    gender: { male: 0, female: 0 },
    ethnicity: { han: 0, minority: 0, notRecorded: 0, groups: {} },
    crossAppointed: { villages: 0, crossAppointed: 0, share: null },
  };
}

function count(s: StructureStats, r: CadreRecord, day: string): void {
  s.people++;
  s.ageBands[ageBandOf(ageOn(r.birthYear, r.details.birthMonth, day))]++;
  s.education[highestEducation(r.details) ?? NOT_RECORDED]++;
  s.gender[r.gender]++;
  const e = r.details.ethnicity;
  if (e === undefined) s.ethnicity.notRecorded++;
  else {
    if (e === HAN) s.ethnicity.han++;
    else s.ethnicity.minority++;
    s.ethnicity.groups[e] = (s.ethnicity.groups[e] ?? 0) + 1;
  }
}

function countVillage(s: StructureStats, v: VillagePosts): void {
  s.crossAppointed.villages++;
  if (isCrossAppointedVillage(v.posts)) s.crossAppointed.crossAppointed++;
  s.crossAppointed.share = s.crossAppointed.crossAppointed / s.crossAppointed.villages;
}

/**
 * The statistics of each township (in the order given) and of them all together. The
 * county's row counts everyone passed, the county's own people too; a township's counts
 * its people and its villages' people.
 */
export function structureStatistics(
  records: readonly CadreRecord[],
  villages: readonly VillagePosts[],
  townships: ReadonlyArray<{ townshipId: string; name: string }>,
  county: { name: string },
  day: string,
): { county: StructureStats; townships: StructureStats[] } {
  const all = emptyStats(null, county.name);
  const byTownship = new Map(townships.map((t) => [t.townshipId, emptyStats(t.townshipId, t.name)]));
  for (const r of records) {
    if (r.departed) continue;
    count(all, r, day);
    const t = r.townshipId === null ? undefined : byTownship.get(r.townshipId);
    if (t) count(t, r, day);
  }
  for (const v of villages) {
    countVillage(all, v);
    const t = byTownship.get(v.townshipId);
    if (t) countVillage(t, v);
  }
  return { county: all, townships: [...byTownship.values()] };
}
