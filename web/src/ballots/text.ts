/**
 * The words of the chair's ballot pages (发起线上投票, the token sheet, the turnout, the
 * close), [中文, English], kept beside the pages as the registry's and the views' are.
 */
import { useLang } from '../i18n';

const TEXT = {
  openButton: ['发起线上投票', 'Open an online ballot'],
  openTitle: ['发起线上投票：{step}', 'Open an online ballot: {step}'],
  openHint: [
    '每位应到人员一张投票码，另加备用码；投票码只在发起时显示一次，请随即打印。',
    'One token per participant due, plus spares; the tokens are shown once, when the session opens: print them at once.',
  ],
  due: ['应到人数', 'Participants due'],
  candidates: ['候选人名单', 'Candidates on the ballot'],
  candidatesHint: ['选票上的人员（人员编号），按选票顺序', 'The people on the ballot (person ids), in the ballot’s order'],
  seats: ['应选（每票最多可选）人数', 'Seats (most names one ballot may mark)'],
  question: ['投票题目（可不填，默认为本步骤的题目）', 'Question (optional: the step’s own by default)'],
  groups: ['测评人员分组（可不分组）', 'Rater groups (optional)'],
  groupsHint: [
    '如 领导班子、干部职工、服务对象；各组应到人数之和须等于应到人数。',
    'E.g. leadership, staff, service users; the groups’ due must add up to the participants due.',
  ],
  groupKey: ['编号（可不填；小写字母、数字、-）', 'Key (optional; lower-case letters, digits, -)'],
  groupLabel: ['组名', 'Label'],
  groupDue: ['应到', 'Due'],
  addGroup: ['添加分组', 'Add a group'],
  remove: ['删除', 'Remove'],
  groupsSum: ['各组合计 {sum} 人 / 应到 {due} 人', 'Groups add up to {sum} / {due} due'],
  spares: ['备用码数量（每组）', 'Spare tokens (per group)'],
  closing: ['结束方式', 'Closing'],
  closingManual: ['由主持人结束', 'Closed by the chair'],
  closingDeadline: ['到时自动结束', 'At a set time'],
  closesAt: ['结束时间', 'Closes at'],
  submitOpen: ['发起投票', 'Open the ballot'],
  cancel: ['取消', 'Cancel'],
  checkLocally: ['填写有误，未发送', 'Not sent: the entry has a mistake'],
  refused: ['服务器拒绝（{status}）', 'Refused by the server ({status})'],

  viewSession: ['查看线上投票', 'See the online ballot'],
  openSessionHint: [
    '本步骤已有进行中的线上投票（{cast} / 应到 {due}）。',
    'This step has an online ballot in progress ({cast} / {due} due).',
  ],
  caseSessions: ['线上投票', 'Online ballots'],
  sessionOpenedAt: ['发起于 {at}', 'Opened {at}'],
  sessionClosedAt: ['结束于 {at}', 'Closed {at}'],
  sessionCast: ['已投 {cast} / 应到 {due}', '{cast} cast / {due} due'],
  sessionTitle: ['线上投票', 'Online ballot'],
  backToCase: ['返回案件', 'Back to the case'],
  onceWarning: ['投票码只显示这一次，请立即打印', 'The tokens are shown this once only: print them now'],
  onceDetail: [
    '系统只保存投票码的摘要，离开或刷新本页后无法再次显示。',
    'The system keeps only the tokens’ hashes: once you leave or reload this page they cannot be shown again.',
  ],
  sheetGone: [
    '本页已不再持有投票码（只在发起时显示一次）。投票情况和结束投票仍可在此操作。',
    'This page no longer holds the tokens (they are shown once, at opening). The turnout and the close are still here.',
  ],
  print: ['打印投票码', 'Print the tokens'],
  oneByOne: ['逐张显示', 'One at a time'],
  sheetView: ['整页显示', 'Whole sheet'],
  next: ['下一张', 'Next'],
  previous: ['上一张', 'Previous'],
  ofTotal: ['第 {n} / {total} 张', '{n} of {total}'],
  spare: ['备用', 'Spare'],
  scanHint: ['请用手机扫码投票', 'Scan with a phone to vote'],
  sheetHeading: ['{question}', '{question}'],

  turnout: ['投票情况', 'Turnout'],
  cast: ['已投票', 'Ballots cast'],
  ofDue: ['/ 应到 {due}', '/ {due} due'],
  quorumNeeded: ['达到法定人数须 {needed} 人', 'The quorum needs {needed}'],
  quorumMet: ['已达到法定人数', 'Quorum met'],
  quorumNotMet: ['未达到法定人数', 'Quorum not met'],
  noQuorumRule: ['本步骤不设到会人数要求', 'This step sets no quorum'],
  issued: ['未使用', 'Unused'],
  used: ['已使用', 'Used'],
  voided: ['已作废', 'Voided'],
  spareCount: ['备用码', 'Spares'],
  byGroup: ['分组', 'By group'],
  status: ['状态', 'Status'],
  statusOpen: ['投票中', 'Open'],
  statusClosed: ['已结束', 'Closed'],
  closesAtLabel: ['自动结束于 {at}', 'Closes by itself at {at}'],
  neverResult: ['投票结束前不显示任何计票结果。', 'No result is shown before the ballot closes.'],

  voidTitle: ['作废备用码', 'Void a spare token'],
  voidHint: ['输入或扫描备用码上的文字（如印错的票）。', 'Type or scan the text of the spare token (a misprinted sheet).'],
  voidToken: ['投票码', 'Token'],
  voidSubmit: ['作废', 'Void'],
  voidedOk: ['已作废', 'Voided'],

  closeButton: ['结束投票', 'Close the ballot'],
  closeConfirm: ['确定结束投票？', 'Close the ballot?'],
  closeConfirmDetail: [
    '结束后不再接受投票，系统将计票并按本步骤的规则得出决定。',
    'No more ballots will be taken; the ballots are counted and the step’s rules give the decision.',
  ],
  ok: ['确定', 'OK'],
  tally: ['计票结果', 'The count'],
  head: ['选票链末端摘要', 'The ballot chain’s head'],
  invalid: ['废票', 'Invalid'],
  turnoutCount: ['投票人数', 'Turnout'],
  grade_excellent: ['优秀', 'Excellent'],
  grade_competent: ['称职', 'Competent'],
  grade_basicallyCompetent: ['基本称职', 'Basically competent'],
  grade_notCompetent: ['不称职', 'Not competent'],
  yes: ['赞成', 'Yes'],
  no: ['反对', 'No'],
  abstain: ['弃权', 'Abstain'],
  votesFor: ['得票', 'Votes'],
  decision: ['本步骤的决定内容', 'The step’s decision'],
  decided: ['已按投票结果作出决定', 'Decided from the ballot’s result'],
  decidedReceipt: ['案件记录第 {position} 号事件', 'The case recorded event #{position}'],
  decideMissing: ['还需补充以下内容，才能按投票结果作出决定', 'Add these before the step is decided from the ballot'],
  decideNow: ['按投票结果作出决定', 'Decide the step from the ballot'],
  decideRefused: ['未作出决定', 'Not decided'],
} as const;

export type BallotTextKey = keyof typeof TEXT;

export function useBallotText(): { bt: (key: BallotTextKey, vars?: Record<string, string | number>) => string; lang: 'zh' | 'en' } {
  const { lang } = useLang();
  const bt = (key: BallotTextKey, vars?: Record<string, string | number>) => {
    const s: string = TEXT[key][lang === 'zh' ? 0 : 1];
    return vars ? s.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m)) : s;
  };
  return { bt, lang };
}
