/**
 * The registry pages' words, [中文, English], kept beside the pages that use them. The
 * field labels are the roster's own headers (domain/roster/columns.ts), so a form reads
 * as the template does.
 */
import { useLang } from '../i18n';

const TEXT = {
  title: ['干部名册', 'Registry'],
  people: ['人员', 'People'],
  units: ['单位', 'Org units'],
  searchName: ['按姓名查找', 'Search by name'],
  township: ['乡镇', 'Township'],
  allTownships: ['全部乡镇', 'All townships'],
  name: ['姓名', 'Name'],
  unit: ['单位', 'Unit'],
  rank: ['职级', 'Rank'],
  post: ['现任职务', 'Current post'],
  posts: ['任职经历', 'Posts'],
  startedOn: ['任职时间', 'Since'],
  endedOn: ['免职时间', 'Until'],
  details: ['基本信息', 'Details'],
  readOnly: ['只读：名册由县委组织部维护', 'Read only: the county organization department keeps the registry'],
  register: ['登记人员', 'Register a person'],
  correct: ['更正信息', 'Correct'],
  transfer: ['调动', 'Transfer'],
  appoint: ['任职', 'Appoint'],
  endPost: ['免职', 'Remove from post'],
  retire: ['退休', 'Retire'],
  death: ['去世登记', 'Record death'],
  unitAdd: ['新设单位', 'Set up a unit'],
  unitRename: ['更名', 'Rename'],
  unitDissolve: ['撤销或合并', 'Dissolve or merge'],
  toUnit: ['调入单位', 'To unit'],
  mergedInto: ['并入单位（撤销则留空）', 'Merged into (blank: dissolved)'],
  on: ['日期（留空为今天）', 'Day (blank: today)'],
  reason: ['免职原因', 'Reason'],
  reasonEndedEarly: ['提前免职', 'Ended early'],
  reasonReplaced: ['另有任用', 'Replaced'],
  reasonOther: ['其他', 'Other'],
  recorded: ['已记录', 'Recorded'],
  refused: ['未能记录', 'Not recorded'],
  departed: ['已离开名册', 'Off the roster'],
  masked: ['身份证号和联系电话按规定遮蔽显示', 'ID and phone numbers are shown masked'],
  reveal: ['显示完整身份证号和联系电话（记入访问日志）', 'Show the whole ID and phone numbers (recorded in the access log)'],
  revealed: ['完整号码已显示，本次查看已记入访问日志', 'Whole numbers shown; this view is recorded in the access log'],
  kind: ['类别', 'Kind'],
  parent: ['上级单位', 'Parent'],
  dissolved: ['已撤并', 'Dissolved'],
  backToList: ['返回名册', 'Back to the registry'],
  male: ['男', 'male'],
  female: ['女', 'female'],
  onTrial: ['试用', 'on trial'],
  kindCounty: ['县', 'county'],
  kindTownship: ['乡镇', 'township'],
  kindVillage: ['村', 'village'],
  kindBranch: ['党支部', 'Party branch'],
} as const;

export type RegistryTextKey = keyof typeof TEXT;

/** A unit kind's word (the registry's kinds: county, township, village, branch). */
export const KIND_TEXT: Readonly<Record<string, RegistryTextKey>> = {
  county: 'kindCounty',
  township: 'kindTownship',
  village: 'kindVillage',
  branch: 'kindBranch',
};

export function useRegistryText(): { rt: (key: RegistryTextKey) => string; lang: 'zh' | 'en' } {
  const { lang } = useLang();
  return { rt: (key) => TEXT[key][lang === 'zh' ? 0 : 1], lang };
}
