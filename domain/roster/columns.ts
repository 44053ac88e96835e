/**
 * The roster's columns: one sheet of org units (单位) and one of people (人员名册), each
 * column with its Chinese header, the kind of value it holds, whether it is required, its
 * closed set where it has one, its width in the template and the form a report asks for.
 * The template writer, the reader, the checks and the export all read this one list, so a
 * column added here appears everywhere at once.
 *
 * The people sheet carries what a county cadre roster (干部名册) records, more than the
 * registry holds today (it keeps a person's name, gender, year of birth, unit, rank and
 * current post): the rest is checked now and stored once the registry records it.
 */
import { ETHNIC_GROUPS } from './ethnicGroups';
import { DEGREES, EDUCATION_LEVELS, GENDER_LABELS, POLITICAL_STATUSES, ROSTER_RANKS, UNIT_KIND_LABELS } from './closedSets';
import type { Bilingual, RosterSheetKey } from './problems';

export type CellKind =
  | 'code'
  | 'name'
  | 'text'
  | 'gender'
  | 'ethnicity'
  | 'birth'
  | 'yearMonth'
  | 'political'
  | 'education'
  | 'degree'
  | 'idNumber'
  | 'unitRef'
  | 'rank'
  | 'phone'
  | 'unitKind';

export interface RosterColumn<K extends string = string> {
  key: K;
  header: string;
  /** Other headers read as this column (a roster made before the template). */
  aliases?: readonly string[];
  en: string;
  kind: CellKind;
  required: boolean;
  /** The closed set, offered as the cell's drop-down list in the template. */
  list?: readonly string[];
  maxLength: number;
  /** Width in the template, in Excel's character units. */
  width: number;
  expected: Bilingual;
}

const YEAR_MONTH: Bilingual = {
  zh: '年月，如 1975.03（也可写 1975-03、197503、1975年3月）',
  en: 'year and month, e.g. 1975.03 (also 1975-03, 197503, 1975年3月)',
};
const CODE: Bilingual = {
  zh: '字母、数字和连字符，至多 40 个字符，如 ts-03-v01',
  en: 'letters, digits and hyphens, at most 40 characters, e.g. ts-03-v01',
};
const oneOf = (list: readonly string[], zh: string, en: string): Bilingual => ({
  zh: `${zh}之一：${list.join('、')}`,
  en: `one of the ${en}: ${list.join(', ')}`,
});

export const PERSON_COLUMNS = [
  {
    key: 'personId',
    header: '人员编号',
    en: 'person id',
    kind: 'code',
    required: false,
    maxLength: 40,
    width: 12,
    expected: {
      zh: `新增人员留空；已在库人员填其编号（导出的名册已填好）。${CODE.zh}`,
      en: `blank for a new person; a registered person's id (an exported roster has it). ${CODE.en}`,
    },
  },
  {
    key: 'name',
    header: '姓名',
    en: 'name',
    kind: 'name',
    required: true,
    maxLength: 30,
    width: 10,
    expected: { zh: '姓名，至多 30 个字', en: 'the name, at most 30 characters' },
  },
  {
    key: 'gender',
    header: '性别',
    en: 'gender',
    kind: 'gender',
    required: true,
    list: GENDER_LABELS,
    maxLength: 2,
    width: 6,
    expected: oneOf(GENDER_LABELS, '', 'values'),
  },
  {
    key: 'ethnicity',
    header: '民族',
    en: 'ethnic group',
    kind: 'ethnicity',
    required: false,
    list: ETHNIC_GROUPS,
    maxLength: 10,
    width: 9,
    expected: { zh: '56 个民族之一，如 汉族（可省略“族”字）', en: 'one of the 56 ethnic groups, e.g. 汉族 (the final 族 may be left out)' },
  },
  {
    key: 'birth',
    header: '出生年月',
    en: 'date of birth',
    kind: 'birth',
    required: true,
    maxLength: 20,
    width: 10,
    expected: { zh: `${YEAR_MONTH.zh}；只知年份时可写 1975`, en: `${YEAR_MONTH.en}; a year alone (1975) when the month is not known` },
  },
  {
    key: 'nativePlace',
    header: '籍贯',
    en: 'native place',
    kind: 'text',
    required: false,
    maxLength: 30,
    width: 12,
    expected: { zh: '省、县名，如 河南郑州', en: 'province and county, e.g. 河南郑州' },
  },
  {
    key: 'politicalStatus',
    header: '政治面貌',
    en: 'political status',
    kind: 'political',
    required: false,
    list: POLITICAL_STATUSES,
    maxLength: 10,
    width: 12,
    expected: oneOf(POLITICAL_STATUSES, '', 'statuses'),
  },
  {
    key: 'joinedParty',
    header: '入党时间',
    en: 'joined the Party',
    kind: 'yearMonth',
    required: false,
    maxLength: 20,
    width: 10,
    expected: YEAR_MONTH,
  },
  {
    key: 'startedWork',
    header: '参加工作时间',
    en: 'started work',
    kind: 'yearMonth',
    required: false,
    maxLength: 20,
    width: 12,
    expected: YEAR_MONTH,
  },
  {
    key: 'fullTimeEducation',
    header: '全日制学历',
    en: 'full-time education',
    kind: 'education',
    required: false,
    list: EDUCATION_LEVELS,
    maxLength: 10,
    width: 11,
    expected: oneOf(EDUCATION_LEVELS, '学历', 'levels'),
  },
  {
    key: 'fullTimeDegree',
    header: '全日制学位',
    en: 'full-time degree',
    kind: 'degree',
    required: false,
    list: DEGREES,
    maxLength: 20,
    width: 11,
    expected: { zh: '博士、硕士或学士，可带学科，如 法学学士', en: '博士, 硕士 or 学士, optionally with the field, e.g. 法学学士' },
  },
  {
    key: 'partTimeEducation',
    header: '在职学历',
    en: 'in-service education',
    kind: 'education',
    required: false,
    list: EDUCATION_LEVELS,
    maxLength: 10,
    width: 11,
    expected: oneOf(EDUCATION_LEVELS, '学历', 'levels'),
  },
  {
    key: 'partTimeDegree',
    header: '在职学位',
    en: 'in-service degree',
    kind: 'degree',
    required: false,
    list: DEGREES,
    maxLength: 20,
    width: 11,
    expected: { zh: '博士、硕士或学士，可带学科，如 管理学硕士', en: '博士, 硕士 or 学士, optionally with the field, e.g. 管理学硕士' },
  },
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['身份证号码', '公民身份号码'],
    en: 'ID number',
    kind: 'idNumber',
    required: false,
    maxLength: 30,
    width: 21,
    expected: {
      zh: '18 位公民身份号码，末位为数字或 X，校验位正确，出生日期与出生年月一致',
      en: 'the 18-character citizen ID number, last character a digit or X, with a correct check character and the birth date of 出生年月',
    },
  },
  {
    key: 'unit',
    header: '单位',
    aliases: ['工作单位'],
    en: 'unit',
    kind: 'unitRef',
    required: true,
    maxLength: 40,
    width: 16,
    expected: { zh: '“单位”表或系统中已有单位的名称或编码', en: 'the name or code of a unit on the 单位 sheet or already in the registry' },
  },
  {
    key: 'title',
    header: '现任职务',
    aliases: ['职务'],
    en: 'current post',
    kind: 'text',
    required: false,
    maxLength: 50,
    width: 18,
    expected: { zh: '职务名称，如 副镇长、党支部书记', en: 'the post’s title, e.g. 副镇长, 党支部书记' },
  },
  {
    key: 'titleSince',
    header: '任现职时间',
    en: 'in the post since',
    kind: 'yearMonth',
    required: false,
    maxLength: 20,
    width: 11,
    expected: YEAR_MONTH,
  },
  {
    key: 'rank',
    header: '职级',
    en: 'rank',
    kind: 'rank',
    required: true,
    list: ROSTER_RANKS,
    maxLength: 10,
    width: 12,
    expected: oneOf(ROSTER_RANKS, '职级', 'ranks'),
  },
  {
    key: 'phone',
    header: '联系电话',
    en: 'phone',
    kind: 'phone',
    required: false,
    maxLength: 20,
    width: 14,
    expected: {
      zh: '11 位手机号，或带区号的固定电话，如 0371-12345678',
      en: 'an 11-digit mobile number, or a landline with its area code, e.g. 0371-12345678',
    },
  },
  {
    key: 'note',
    header: '备注',
    en: 'note',
    kind: 'text',
    required: false,
    maxLength: 200,
    width: 20,
    expected: { zh: '至多 200 个字', en: 'at most 200 characters' },
  },
] as const satisfies ReadonlyArray<RosterColumn>;

export const ORG_UNIT_COLUMNS = [
  { key: 'code', header: '单位编码', en: 'unit code', kind: 'code', required: true, maxLength: 40, width: 14, expected: CODE },
  {
    key: 'name',
    header: '单位名称',
    en: 'unit name',
    kind: 'name',
    required: true,
    maxLength: 40,
    width: 18,
    expected: { zh: '单位名称，至多 40 个字', en: 'the unit’s name, at most 40 characters' },
  },
  {
    key: 'kind',
    header: '单位类别',
    en: 'kind',
    kind: 'unitKind',
    required: true,
    list: UNIT_KIND_LABELS,
    maxLength: 4,
    width: 10,
    expected: oneOf(UNIT_KIND_LABELS, '类别', 'kinds'),
  },
  {
    key: 'parent',
    header: '上级单位',
    en: 'parent unit',
    kind: 'unitRef',
    required: false,
    maxLength: 40,
    width: 18,
    expected: {
      zh: '上一级单位的名称或编码（县留空；乡镇的上级是县，村的上级是乡镇）',
      en: 'the name or code of the unit above (blank for the county; a township’s is the county, a village’s its township)',
    },
  },
  {
    key: 'since',
    header: '设立时间',
    en: 'established',
    kind: 'yearMonth',
    required: false,
    maxLength: 20,
    width: 10,
    expected: YEAR_MONTH,
  },
] as const satisfies ReadonlyArray<RosterColumn>;

export type PersonColumnKey = (typeof PERSON_COLUMNS)[number]['key'];
export type OrgUnitColumnKey = (typeof ORG_UNIT_COLUMNS)[number]['key'];

export const ROSTER_COLUMNS: Readonly<Record<RosterSheetKey, ReadonlyArray<RosterColumn>>> = {
  people: PERSON_COLUMNS,
  orgUnits: ORG_UNIT_COLUMNS,
};

export function columnOf(sheet: RosterSheetKey, key: string): RosterColumn {
  const c = ROSTER_COLUMNS[sheet].find((col) => col.key === key);
  if (!c) throw new Error(`roster: no column ${key} on ${sheet}`);
  return c;
}
