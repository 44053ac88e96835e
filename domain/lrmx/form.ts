/**
 * The 干部任免审批表 as the national 任免表 editor exchanges it (LRMX: XML, root `<Person>`,
 * one element per box of the form, pinyin names). No public specification exists; the
 * element names and order here are those the editor writes, as public projects that read
 * and write LRMX files use them (docs/lrmx.md lists each, and what the registry does
 * with it). An element this list does not know is kept as its XML (`extra`), so a file
 * read and written back loses nothing.
 */

/** The text elements under `<Person>`, in the order the editor writes them; JiaTingChengYuan goes after RenMianLiYou. */
export const LRMX_TEXT_ELEMENTS = [
  'XingMing',
  'XingBie',
  'ChuShengNianYue',
  'MinZu',
  'JiGuan',
  'ChuShengDi',
  'RuDangShiJian',
  'CanJiaGongZuoShiJian',
  'JianKangZhuangKuang',
  'ZhuanYeJiShuZhiWu',
  'ShuXiZhuanYeYouHeZhuanChang',
  'QuanRiZhiJiaoYu_XueLi',
  'QuanRiZhiJiaoYu_XueWei',
  'QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi',
  'QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi',
  'ZaiZhiJiaoYu_XueLi',
  'ZaiZhiJiaoYu_XueWei',
  'ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi',
  'ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi',
  'XianRenZhiWu',
  'NiRenZhiWu',
  'NiMianZhiWu',
  'JianLi',
  'JiangChengQingKuang',
  'NianDuKaoHeJieGuo',
  'RenMianLiYou',
  'ChengBaoDanWei',
  'JiSuanNianLingShiJian',
  'TianBiaoShiJian',
  'TianBiaoRen',
  'ShenFenZheng',
  'ZhaoPian',
  'Version',
] as const;
export type LrmxTextElement = (typeof LRMX_TEXT_ELEMENTS)[number];

/** The element after which the family table is written. */
export const FAMILY_AFTER: LrmxTextElement = 'RenMianLiYou';

/** One `<Item>` of `<JiaTingChengYuan>` (家庭主要成员及重要社会关系). */
export const LRMX_FAMILY_ELEMENTS = ['ChengWei', 'XingMing', 'ChuShengRiQi', 'ZhengZhiMianMao', 'GongZuoDanWeiJiZhiWu'] as const;
export type LrmxFamilyElement = (typeof LRMX_FAMILY_ELEMENTS)[number];

export interface LrmxFamilyMember {
  fields: Partial<Record<LrmxFamilyElement, string>>;
  /** The item's elements this list does not know, as XML. */
  extra: string[];
}

/** A form as read from or written to an LRMX file: each element's text as it stands (empty elements are absent). */
export interface LrmxForm {
  fields: Partial<Record<LrmxTextElement, string>>;
  family: LrmxFamilyMember[];
  /** `<Person>`'s elements this list does not know, as XML, in file order (written after the known ones). */
  extra: string[];
}

/** Each box's label on the printed form. */
export const LRMX_LABELS: Readonly<Record<LrmxTextElement, string>> = {
  XingMing: '姓名',
  XingBie: '性别',
  ChuShengNianYue: '出生年月',
  MinZu: '民族',
  JiGuan: '籍贯',
  ChuShengDi: '出生地',
  RuDangShiJian: '入党时间',
  CanJiaGongZuoShiJian: '参加工作时间',
  JianKangZhuangKuang: '健康状况',
  ZhuanYeJiShuZhiWu: '专业技术职务',
  ShuXiZhuanYeYouHeZhuanChang: '熟悉专业有何专长',
  QuanRiZhiJiaoYu_XueLi: '全日制教育 学历',
  QuanRiZhiJiaoYu_XueWei: '全日制教育 学位',
  QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi: '全日制教育 学历的毕业院校系及专业',
  QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi: '全日制教育 学位的毕业院校系及专业',
  ZaiZhiJiaoYu_XueLi: '在职教育 学历',
  ZaiZhiJiaoYu_XueWei: '在职教育 学位',
  ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi: '在职教育 学历的毕业院校系及专业',
  ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi: '在职教育 学位的毕业院校系及专业',
  XianRenZhiWu: '现任职务',
  NiRenZhiWu: '拟任职务',
  NiMianZhiWu: '拟免职务',
  JianLi: '简历',
  JiangChengQingKuang: '奖惩情况',
  NianDuKaoHeJieGuo: '年度考核结果',
  RenMianLiYou: '任免理由',
  ChengBaoDanWei: '呈报单位',
  JiSuanNianLingShiJian: '计算年龄时间',
  TianBiaoShiJian: '填表时间',
  TianBiaoRen: '填表人',
  ShenFenZheng: '身份证号',
  ZhaoPian: '照片',
  Version: '版本',
};

/**
 * How large a file may be, and what it may hold: a form is one person, so anything much
 * larger is not a form (a photo of a few hundred KB is the largest part).
 */
export const LRMX_LIMITS = {
  maxFileBytes: 4 * 1024 * 1024,
  /** Base64 characters of ZhaoPian. */
  maxPhotoChars: 3 * 1024 * 1024,
  /** Characters of any other element (简历 is the longest). */
  maxTextChars: 20_000,
  maxFamilyMembers: 50,
  maxExtraElements: 100,
  /** Characters of all unknown elements together. */
  maxExtraChars: 256 * 1024,
} as const;

/** A file that is not a form LRMX can hold; nothing was read. */
export class LrmxError extends Error {
  override readonly name = 'LrmxError';
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}
