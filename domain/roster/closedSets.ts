/**
 * The roster's closed sets other than ethnic groups (ethnicGroups.ts): the values a cell
 * may hold, each offered as a drop-down list in the template. Ranks are the ones the
 * registry and the procedures write (domain/posts.ts, the demo county, selection and
 * election posts: 正科级, 副科级, 科员, 村干部) and the civil-service 职级 a county's
 * township staff may hold since 职务与职级并行 (2019).
 */
import { RANK_STAFF, RANK_VILLAGE_CADRE } from '../posts';
import type { OrgUnitKind } from '../events';

export const GENDERS = { 男: 'male', 女: 'female' } as const satisfies Record<string, 'male' | 'female'>;
export const GENDER_LABELS = Object.keys(GENDERS) as Array<keyof typeof GENDERS>;
export const GENDER_LABEL: Readonly<Record<'male' | 'female', keyof typeof GENDERS>> = { male: '男', female: '女' };

/** 政治面貌 (GB/T 4762). */
export const POLITICAL_STATUSES = [
  '中共党员',
  '中共预备党员',
  '共青团员',
  '民革党员',
  '民盟盟员',
  '民建会员',
  '民进会员',
  '农工党党员',
  '致公党党员',
  '九三学社社员',
  '台盟盟员',
  '无党派人士',
  '群众',
] as const;
/** The statuses that have a 入党时间. */
export const PARTY_MEMBER_STATUSES: readonly string[] = ['中共党员', '中共预备党员'];

/** 学历, highest first (the levels of GB/T 4658 a cadre roster writes). */
export const EDUCATION_LEVELS = ['研究生', '大学本科', '大学专科', '中等专科', '高中', '初中', '小学'] as const;

/**
 * 学位. A roster often names the field too (法学学士, 管理学硕士); any name ending in one
 * of these is accepted and kept as written.
 */
export const DEGREES = ['博士', '硕士', '学士'] as const;
/** The longest field name before the degree (e.g. 公共管理 in 公共管理硕士), so a sentence is not read as a degree. */
const DEGREE_FIELD = /^[\u4e00-\u9fa5]{0,8}(博士|硕士|学士)$/;

export function isDegree(text: string): boolean {
  return DEGREE_FIELD.test(text);
}

export const ROSTER_RANKS = [
  '正科级',
  '副科级',
  RANK_STAFF,
  RANK_VILLAGE_CADRE,
  '一级主任科员',
  '二级主任科员',
  '三级主任科员',
  '四级主任科员',
  '一级科员',
  '二级科员',
] as const;

/** 单位类别 as the roster writes them, and the registry's kinds. */
export const UNIT_KINDS = { 县: 'county', 乡镇: 'township', 村: 'village', 党支部: 'branch' } as const satisfies Record<
  string,
  OrgUnitKind
>;
export const UNIT_KIND_LABELS = Object.keys(UNIT_KINDS) as Array<keyof typeof UNIT_KINDS>;
export const UNIT_KIND_LABEL: Readonly<Record<OrgUnitKind, keyof typeof UNIT_KINDS>> = {
  county: '县',
  township: '乡镇',
  village: '村',
  branch: '党支部',
};
/** A unit's parent sits higher in the tree: county > township > village > branch (a branch may also hang off a township). */
export const UNIT_LEVEL: Readonly<Record<OrgUnitKind, number>> = { county: 0, township: 1, village: 2, branch: 3 };
