/**
 * The words of the pages over the procedures' read routes (election results, the member
 * pipeline, the round Schedules, a cadre's review request and appeal), [中文, English],
 * kept beside the pages that use them as the registry's are (i18n.tsx holds the nav labels).
 */
import { useLang } from '../i18n';

const TEXT = {
  refresh: ['刷新', 'Refresh'],
  electionsTitle: ['换届选举结果', 'Election results'],
  electionsHint: [
    '各党组织换届选举的进展与结果；点击党组织查看案件。',
    'Each branch’s election, where it stands and whom it elected; open a branch for its case.',
  ],
  unit: ['党组织', 'Branch'],
  township: ['乡镇', 'Township'],
  allTownships: ['全部乡镇', 'All townships'],
  form: ['方式', 'Form'],
  formVillage: ['双推直选', 'Direct election (village)'],
  formTownship: ['两推一选', 'Two recommendations, one election (township)'],
  term: ['届次', 'Term'],
  seats: ['职数', 'Seats'],
  stage: ['阶段', 'Stage'],
  elected: ['当选', 'Elected'],
  secretary: ['书记', 'Secretary'],
  deputy: ['副书记', 'Deputy secretary'],
  meetingsHeld: ['已开会议', 'Meetings held'],
  approvedOn: ['批复日期', 'Approved on'],
  noElections: ['暂无选举', 'No elections yet'],
  electionDetails: ['选举情况', 'The election'],
  nominees: ['候选人推荐', 'Nominees'],
  memberVotes: ['党员推荐票', 'Members’ votes'],
  massesVotes: ['群众推荐票', 'The public’s votes'],
  nomineeStatus: ['状态', 'Status'],
  replaces: ['递补', 'Replaces'],
  slate: ['候选人名单', 'Slate'],
  struck: ['未列入', 'Struck off'],
  vacant: ['空缺', 'Vacant'],
  meetings: ['会议', 'Meetings'],
  meetingKind: ['会议', 'Meeting'],
  eligible: ['应到', 'Eligible'],
  present: ['实到', 'Present'],
  outcome: ['结果', 'Outcome'],
  electionDate: ['选举日期', 'Election day'],
  method: ['选举办法', 'Method'],
  eligibleVoters: ['有选举权人数', 'Eligible voters'],

  pipelineTitle: ['发展党员工作进度', 'Member development pipeline'],
  pipelineHint: [
    '各村入党申请人、积极分子、发展对象、预备党员的人数和最近到期的步骤；今年已无人可能发展入党的村标红。',
    'Per village: applicants, activists, development targets, probationary and full members, and the step due soonest; villages where nobody can be admitted this year are marked in red.',
  ],
  village: ['村', 'Village'],
  stageApplicant: ['申请人', 'Applicants'],
  stageActivist: ['积极分子', 'Activists'],
  stageTarget: ['发展对象', 'Targets'],
  stageProbationary: ['预备党员', 'Probationary'],
  stageFull: ['正式党员', 'Full members'],
  admittedThisYear: ['今年已发展', 'Admitted this year'],
  earliestAdmission: ['最早可发展', 'Earliest admission'],
  nextStep: ['最近到期', 'Due next'],
  atRisk: ['有风险', 'At risk'],
  atRiskOnly: ['只看有风险的村', 'Villages at risk only'],
  atRiskCount: ['{year} 年有 {n} 个村可能发展不了党员', '{n} villages may admit nobody in {year}'],
  asOf: ['截至', 'As of'],
  noVillages: ['没有村', 'No villages'],

  schedulesTitle: ['年度考核定时启动', 'Yearly evaluation schedules'],
  schedulesHint: [
    '每年按设定时间（北京时间）自动启动考核；同一范围再次设置即更新时间。',
    'Each year the round starts by itself at the set time (Asia/Shanghai); setting a scope again changes its time.',
  ],
  scope: ['范围', 'Scope'],
  wholeCounty: ['全县', 'Whole county'],
  cron: ['时间（cron）', 'Time (cron)'],
  cronHint: [
    '五段 cron：分 时 日 月 周，如 0 9 1 12 *（12 月 1 日 9:00）',
    'Five-field cron: minute hour day month weekday, e.g. 0 9 1 12 * (Dec 1, 09:00)',
  ],
  scheduleTownships: ['乡镇（不选为全县）', 'Townships (none: the whole county)'],
  setSchedule: ['设置定时', 'Set the schedule'],
  scheduleCreated: ['已新建定时', 'Schedule created'],
  scheduleUpdated: ['已更新定时', 'Schedule updated'],
  nextRuns: ['下次启动', 'Next runs'],
  recentRuns: ['最近启动', 'Recent runs'],
  paused: ['已暂停', 'Paused'],
  noSchedules: ['尚未设置定时', 'No schedule set'],
  badCron: ['时间格式不对', 'The time is not a valid cron expression'],

  gradeRequests: ['复核与申诉', 'Review and appeal'],
  reviewRequest: ['复核申请', 'Review request'],
  appealRequest: ['申诉', 'Appeal'],
  grounds: ['理由', 'Grounds'],
  groundsRequired: ['请填写理由', 'Enter the grounds'],
  filedOn: ['提出日期（可不填）', 'Filed on (optional)'],
  recordReview: ['登记复核申请', 'Record the review request'],
  recordAppeal: ['登记申诉', 'Record the appeal'],
  reviewWindowOpen: ['复核申请期内：本人可申请复核。', 'In the review window: the cadre may ask for a review.'],
  appealWindowOpen: ['申诉期内：本人可对复核结果提出申诉。', 'In the appeal window: the cadre may appeal the review’s decision.'],
  windowClosed: [
    '本案当前不在复核或申诉期内；登记将被拒绝。',
    'The case is not in its review or appeal window now; a request would be refused.',
  ],
  requestRecorded: ['已登记（事件 #{position}）', 'Recorded (event #{position})'],
  requestRefused: ['未登记', 'Not recorded'],
} as const;

export type ViewTextKey = keyof typeof TEXT;

export function useViewText(): { vt: (key: ViewTextKey, vars?: Record<string, string | number>) => string; lang: 'zh' | 'en' } {
  const { lang } = useLang();
  const vt = (key: ViewTextKey, vars?: Record<string, string | number>) => {
    const s: string = TEXT[key][lang === 'zh' ? 0 : 1];
    return vars ? s.replace(/\{(\w+)\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m)) : s;
  };
  return { vt, lang };
}
