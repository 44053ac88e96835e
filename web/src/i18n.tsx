/**
 * Two languages: Chinese first (the department works in it), English second. The
 * choice persists in localStorage so a reload or the next visit keeps it.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'cadreflow.lang';

/** Each entry is [中文, English]. Keys name what the text is for, not where it is shown. */
const TEXT = {
  appName: ['干部工作流程', 'Cadre procedures'],
  department: ['县委组织部', 'County organization department'],
  switchLang: ['English', '中文'],
  logout: ['退出登录', 'Sign out'],
  loading: ['加载中…', 'Loading…'],
  retry: ['重试', 'Retry'],
  refresh: ['刷新', 'Refresh'],
  back: ['返回', 'Back'],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  none: ['无', 'None'],
  notAvailable: ['暂无数据', 'No data yet'],

  navInbox: ['待办事项', 'Inbox'],
  navDashboard: ['全县概览', 'County dashboard'],
  navCases: ['案件', 'Cases'],
  navAudit: ['审计核查', 'Audit'],
  navAccounts: ['账户', 'Accounts'],

  loginTitle: ['登录', 'Sign in'],
  loginName: ['账号', 'Login'],
  loginPassword: ['密码', 'Password'],
  loginButton: ['登录', 'Sign in'],
  loginNameRequired: ['请输入账号', 'Enter your login'],
  loginPasswordRequired: ['请输入密码', 'Enter your password'],
  loginFailed: ['登录失败', 'Sign-in failed'],
  sessionEnded: ['登录已失效，请重新登录', 'Your session has ended; sign in again'],

  roleCounty: ['组织部工作人员', 'Organization department staff'],
  roleTownship: ['乡镇党委', 'Township Party committee'],
  roleAuditor: ['审计员', 'Auditor'],
  roleAdmin: ['系统管理员', 'Administrator'],

  inboxTitle: ['待办事项', 'Pending tasks'],
  inboxEmpty: ['没有待办事项', 'Nothing to do'],
  inboxReadOnly: ['审计员只能查看，不能办理', 'Auditors can look but not decide'],
  due: ['截止', 'Due'],
  dueIn: ['还剩 {n} 个工作日', '{n} working days left'],
  dueToday: ['今天截止', 'Due today'],
  overdueBy: ['已逾期 {n} 个工作日', 'Overdue by {n} working days'],
  overdue: ['已逾期', 'Overdue'],
  escalated: ['督办', 'Escalated'],
  decide: ['办理', 'Decide'],
  hideForm: ['收起', 'Close'],
  openCase: ['查看案件', 'Open case'],
  township: ['乡镇', 'Township'],
  step: ['步骤', 'Step'],
  decidedOk: ['已提交：{step}（日志位置 {position}）', 'Recorded: {step} (log position {position})'],
  refused: ['未被受理', 'Refused'],
  checkLocally: ['填写有误', 'Please correct the form'],

  rating: ['考察评价', 'Rating'],
  ratingGood: ['好', 'Good'],
  ratingAdequate: ['一般', 'Adequate'],
  ratingConcern: ['有问题', 'Concern'],
  comment: ['意见', 'Comment'],
  votesExcellent: ['优秀票', 'Excellent'],
  votesCompetent: ['称职票', 'Competent'],
  votesBasicallyCompetent: ['基本称职票', 'Basically competent'],
  votesNotCompetent: ['不称职票', 'Not competent'],
  meetingDue: ['应到人数', 'Due to attend'],
  meetingPresent: ['实到人数', 'Present'],
  outcome: ['结论', 'Outcome'],
  outcomeConfirm: ['正式任职', 'Confirm the appointment'],
  outcomeRemove: ['免去试任职务', 'Remove the trial post'],
  reason: ['理由', 'Reason'],
  upheld: ['异议是否属实', 'Objection upheld'],
  finding: ['核查结论', 'Finding'],
  summary: ['个人总结', 'Self-summary'],
  scoreSupervisor: ['分管领导评分', 'Supervisor score'],
  scoreStaff: ['干部职工评分', 'Staff score'],
  scoreTeam: ['考核组评分', 'Assessment team score'],
  scoreBonus: ['加分', 'Bonus'],
  negatives: ['负面清单事项（逗号分隔）', 'Negative-list items (comma-separated)'],
  proposedGrade: ['建议等次', 'Proposed grade'],
  grade: ['等次', 'Grade'],
  method: ['通知方式', 'Method'],
  methodInPerson: ['当面送达', 'In person'],
  methodPost: ['邮寄', 'By post'],
  methodElectronic: ['电子送达', 'Electronic'],
  note: ['备注', 'Note'],
  reviewOutcome: ['复核结论', 'Review outcome'],
  reviewUpheld: ['维持原等次', 'Grade upheld'],
  reviewChanged: ['改变等次', 'Grade changed'],
  talkedOn: ['谈话日期', 'Talked on'],
  talkedBy: ['谈话人', 'Talked by'],
  designate: ['确定为入党积极分子', 'Designate as activist'],
  decline: ['暂不确定', 'Decline'],
  designatedOn: ['确定日期', 'Designated on'],
  contacts: ['培养联系人（逗号分隔，1–2 人）', 'Contacts (comma-separated, 1–2)'],
  activistContinue: ['继续培养', 'Continue'],
  activistRemove: ['取消积极分子资格', 'Remove as activist'],
  decidedOn: ['确定日期', 'Decided on'],
  sponsors: ['入党介绍人（逗号分隔，2 人）', 'Sponsors (comma-separated, 2)'],
  jsonDecision: ['决定内容（JSON）', 'Decision (JSON)'],
  jsonHint: ['此步骤暂无专用表单，请按接口文档填写 JSON。', 'This step has no dedicated form yet: enter the JSON fields from the API docs.'],
  jsonInvalid: ['不是有效的 JSON 对象', 'Not a valid JSON object'],

  gradeExcellent: ['优秀', 'Excellent'],
  gradeCompetent: ['称职', 'Competent'],
  gradeBasicallyCompetent: ['基本称职', 'Basically competent'],
  gradeNotCompetent: ['不称职', 'Not competent'],

  dashboardTitle: ['全县概览', 'County dashboard'],
  casesByKind: ['各类案件（按阶段）', 'Cases by kind and stage'],
  kind: ['类别', 'Kind'],
  stage: ['阶段', 'Stage'],
  open: ['进行中', 'Open'],
  closed: ['已办结', 'Closed'],
  total: ['合计', 'Total'],
  overdueSteps: ['逾期步骤', 'Overdue steps'],
  noOverdue: ['没有逾期步骤', 'No overdue steps'],
  evaluationRounds: ['年度考核', 'Annual evaluation'],
  gradeDistribution: ['等次分布', 'Grade distribution'],
  rectification: ['后进党组织整顿', 'Rectification of underperforming branches'],
  cadres: ['干部人数', 'Cadres'],
  casesStarted: ['已启动案件', 'Cases started'],
  done: ['已定等次', 'Graded'],
  final: ['已确定', 'Final'],
  pending: ['未完成', 'Pending'],
  warnings: ['诫勉', 'Warnings'],
  removalFlags: ['拟调整', 'Removal flags'],
  startRound: ['启动年度考核', 'Start an evaluation round'],
  year: ['年度', 'Year'],
  townships: ['乡镇（不选为全县）', 'Townships (none: the whole county)'],
  start: ['启动', 'Start'],
  roundStarted: ['已启动 {roundId}', 'Started {roundId}'],
  roundExisting: ['{roundId} 已在进行，未重复启动', '{roundId} is already running; nothing new was started'],
  roundProgress: ['考核进度', 'Round progress'],
  roundStatus: ['状态', 'Status'],
  roundWaiting: ['等待案件启动…', 'Waiting for the cases to start…'],
  staffOnly: ['仅组织部工作人员可启动', 'Only organization department staff can start one'],

  caseTitle: ['案件', 'Case'],
  caseStatus: ['状态', 'Status'],
  currentStep: ['当前步骤', 'Current step'],
  noCurrentStep: ['当前没有待办步骤', 'No step is pending'],
  comments: ['意见与评语', 'Comments'],
  noComments: ['暂无意见', 'No comments yet'],
  timeline: ['时间线', 'Timeline'],
  actor: ['办理人', 'Actor'],
  startedAt: ['启动时间', 'Started'],
  policyVersion: ['政策版本', 'Policy version'],
  probation: ['试用期', 'Probation'],
  appointedOn: ['任职日期', 'Appointed on'],
  endsOn: ['试用期满', 'Ends on'],
  caseList: ['案件列表', 'Cases'],
  searchCase: ['输入案件编号，如 probation/p-0005/demo', 'Case id, e.g. probation/p-0005/demo'],
  go: ['打开', 'Open'],
  outcomeLabel: ['结果', 'Outcome'],
  updatedAt: ['更新时间', 'Updated'],

  auditTitle: ['审计核查', 'Audit'],
  verification: ['核验结果', 'Verification'],
  verify: ['核验', 'Verify'],
  verifying: ['正在重放并核验…', 'Replaying and verifying…'],
  verifyOk: ['核验通过', 'Verified'],
  verifyFailed: ['核验未通过', 'Verification failed'],
  replay: ['历史重放', 'History replay'],
  hashChain: ['哈希链', 'Hash chain'],
  decisions: ['决定核对', 'Decisions cross-check'],
  runId: ['运行', 'Run'],
  workflowType: ['工作流', 'Workflow'],
  historyEvents: ['历史事件数', 'History events'],
  replayStatus: ['重放结果', 'Replay'],
  eventsCount: ['{n} 个事件', '{n} events'],
  decisionsWithoutEvents: ['有决定、无日志事件', 'Decisions without events'],
  eventsWithoutDecisions: ['有日志事件、无决定', 'Events without decisions'],
  receiptMismatches: ['回执与日志不符', 'Receipt mismatches'],
  inFlight: ['处理中的决定', 'Decisions in flight'],
  chainHead: ['链头', 'head'],
  endEarlyTitle: ['提前结束试用期', 'End the probation early'],
  filterTownship: ['按乡镇筛选', 'Filter by township'],
  readOnlyNotice: ['审计员为只读角色，不能办理任何步骤。', 'Auditors are read-only: they cannot decide any step.'],
  accountsNotice: ['账户管理通过接口进行（POST /users），详见 /docs。', 'Accounts are managed through the API (POST /users); see /docs.'],
  notFoundPage: ['页面不存在', 'No such page'],
  forbiddenPage: ['无权查看此页面', 'You may not see this page'],
} as const;

export type TextKey = keyof typeof TEXT;
export type Translate = (key: TextKey, vars?: Record<string, string | number>) => string;

interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
}

const LangContext = createContext<LangState | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // Storage can be unavailable (private windows, strict settings): Chinese then.
    return 'zh';
  }
}

export function translate(lang: Lang, key: TextKey, vars?: Record<string, string | number>): string {
  const text = TEXT[key][lang === 'zh' ? 0 : 1] as string;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  // Screen readers and the browser's own widgets follow the page's language.
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<LangState>(
    () => ({
      lang,
      setLang(next) {
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Not persisted; the switch still holds for this visit.
        }
        setLangState(next);
      },
      t: (key, vars) => translate(lang, key, vars),
    }),
    [lang],
  );
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  const state = useContext(LangContext);
  if (!state) throw new Error('useLang outside LangProvider');
  return state;
}

/** A pair written in place, for vocabularies that come from data (stages, event types). */
export function pick(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}
