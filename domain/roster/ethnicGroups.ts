/**
 * The 56 ethnic groups (民族) by their names in GB/T 3304, in the standard's order (the
 * order its codes 01–56 follow), which is also the order of the template's drop-down list.
 * A roster may write a name without its final 族 (汉, 回); it is read as the full name.
 */
export const ETHNIC_GROUPS = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

export type EthnicGroup = (typeof ETHNIC_GROUPS)[number];

const NAMES: ReadonlySet<string> = new Set(ETHNIC_GROUPS);

/** The full name for a cell's text (汉 → 汉族), or undefined when it names no group. */
export function ethnicGroupOf(text: string): EthnicGroup | undefined {
  if (NAMES.has(text)) return text as EthnicGroup;
  const withSuffix = `${text}族`;
  // '族' alone would otherwise be read as nothing; a name ending in 族 is only itself.
  return text !== '' && !text.endsWith('族') && NAMES.has(withSuffix) ? (withSuffix as EthnicGroup) : undefined;
}
