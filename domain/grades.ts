/**
 * The four 年度考核 grades (docs/domain.md §3), their order, and the words each kind of
 * unit uses for them.
 */
import { EvaluationInputError } from './evaluationInput';

/** Best first. */
export const GRADES = ['excellent', 'competent', 'basically-competent', 'not-competent'] as const;
export type Grade = (typeof GRADES)[number];

/**
 * Kinds of unit whose people are graded. They share the four grades and differ only
 * in the words: 事业单位 say 合格 where 党政机关 and villages say 称职.
 */
export const UNIT_KINDS = ['organ', 'village', 'public-institution'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type Locale = 'zh-CN' | 'en';

type GradeWords = Readonly<Record<Locale, Readonly<Record<Grade, string>>>>;

const CADRE_WORDS: GradeWords = {
  'zh-CN': { excellent: '优秀', competent: '称职', 'basically-competent': '基本称职', 'not-competent': '不称职' },
  en: { excellent: 'excellent', competent: 'competent', 'basically-competent': 'basically competent', 'not-competent': 'not competent' },
};

const PUBLIC_INSTITUTION_WORDS: GradeWords = {
  'zh-CN': { excellent: '优秀', competent: '合格', 'basically-competent': '基本合格', 'not-competent': '不合格' },
  en: { excellent: 'excellent', competent: 'qualified', 'basically-competent': 'basically qualified', 'not-competent': 'not qualified' },
};

function gradeWords(kind: UnitKind): GradeWords {
  switch (kind) {
    case 'organ':
    case 'village':
      return CADRE_WORDS;
    case 'public-institution':
      return PUBLIC_INSTITUTION_WORDS;
    default: {
      const never: never = kind;
      throw new EvaluationInputError(`unknown unit kind ${String(never)}`);
    }
  }
}

/** The word a notice or a letter uses for a grade in this kind of unit. */
export function gradeLabel(grade: Grade, kind: UnitKind, locale: Locale = 'zh-CN'): string {
  return gradeWords(kind)[locale][grade];
}

/** 3 for 优秀 down to 0 for 不称职. */
export function gradeRank(grade: Grade): 0 | 1 | 2 | 3 {
  switch (grade) {
    case 'excellent':
      return 3;
    case 'competent':
      return 2;
    case 'basically-competent':
      return 1;
    case 'not-competent':
      return 0;
    default: {
      const never: never = grade;
      throw new EvaluationInputError(`unknown grade ${String(never)}`);
    }
  }
}

export function isRaise(from: Grade, to: Grade): boolean {
  return gradeRank(to) > gradeRank(from);
}
