/**
 * A person's highest 学历: the better of the full-time (全日制) and the in-service (在职)
 * one, by the order of GB/T 4658 the roster writes (研究生 > 大学本科 > 大学专科 >
 * 中等专科 > 高中 > 初中 > 小学). Statistics count the highest; searches filter on it,
 * so a cadre who finished a 本科 while working counts as 本科 like one who studied full time.
 */
import type { PersonDetails } from '../events';
import { EDUCATION_LEVELS } from '../roster/closedSets';

export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export { EDUCATION_LEVELS };

/** 0 for 研究生 (the highest), up to 6 for 小学; undefined for text not in the list. */
export function educationRank(level: string | undefined): number | undefined {
  const i = level === undefined ? -1 : (EDUCATION_LEVELS as readonly string[]).indexOf(level);
  return i < 0 ? undefined : i;
}

export function isEducationLevel(text: string): text is EducationLevel {
  return educationRank(text) !== undefined;
}

/** The higher of the two 学历, or undefined when neither is recorded (or neither is a level). */
export function highestEducation(details: Pick<PersonDetails, 'fullTimeEducation' | 'partTimeEducation'>): EducationLevel | undefined {
  const ranks = [educationRank(details.fullTimeEducation), educationRank(details.partTimeEducation)].filter(
    (r): r is number => r !== undefined,
  );
  return ranks.length === 0 ? undefined : EDUCATION_LEVELS[Math.min(...ranks)];
}

/** Whether `level` is `atLeast` or higher. */
export function educationAtLeast(level: EducationLevel | undefined, atLeast: EducationLevel): boolean {
  return level !== undefined && educationRank(level)! <= educationRank(atLeast)!;
}
