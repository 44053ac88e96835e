/**
 * How the domain's words are shown: case kinds, stages, roles, grades, event types.
 * The lists come from the domain where it has them, so the UI cannot drift from the
 * rules; a word with no entry here is shown as it is rather than hidden.
 */
import { shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { GRADES, type Grade } from '../../domain/grades';
import type { Lang, TextKey, Translate } from './i18n';
import type { Role, TimelineEntry } from './api';
import { stepLabel, taskTitleFor } from './steps';
import { FIELDS, SHOWN_FIELDS } from './eventFields';

type Pair = readonly [zh: string, en: string];
const say = (lang: Lang, pair: Pair | undefined, fallback: string): string => (pair ? pair[lang === 'zh' ? 0 : 1] : fallback);

const KINDS: Record<string, Pair> = {
  probation: ['试用期', 'Probation'],
  'member-development': ['发展党员', 'Member development'],
  rectification: ['后进党组织整顿', 'Rectification'],
  election: ['换届选举', 'Election'],
  evaluation: ['年度考核', 'Annual evaluation'],
  'evaluation-round': ['年度考核批次', 'Evaluation round'],
  selection: ['选拔任用', 'Selection and appointment'],
};
export const kindLabel = (lang: Lang, kind: string) => say(lang, KINDS[kind], kind);

const STAGES: Record<string, Pair> = {
  'pre-appointment-notice': ['任前公示', 'Pre-appointment notice'],
  probation: ['试用期', 'On probation'],
  'on-probation': ['试用期中', 'On probation'],
  started: ['已启动', 'Started'],
  applicant: ['入党申请人', 'Applicant'],
  activist: ['入党积极分子', 'Activist'],
  'development-target': ['发展对象', 'Development target'],
  probationary: ['预备党员', 'Probationary member'],
  'starting-cases': ['启动考核案件', 'Starting cases'],
  reviews: ['复核', 'Reviews'],
  support: ['结对帮扶', 'Support'],
  'follow-up': ['跟踪回访', 'Follow-up'],
  assessment: ['考核', 'Assessment'],
  'democratic-rating': ['民主测评', 'Democratic rating'],
  'township-recommendation': ['乡镇党委意见', 'Township recommendation'],
  'county-decision': ['县委组织部决定', 'County decision'],
  'committee-grade': ['考核委员会定等次', 'Committee grading'],
  'excellent-notice': ['优秀等次公示', 'Notice of excellent grades'],
  notification: ['书面通知', 'Written notification'],
  'review-window': ['复核申请期', 'Review window'],
  review: ['复核', 'Review'],
  'review-notice': ['复核后公示', 'Notice after review'],
  'appeal-window': ['申诉期', 'Appeal window'],
  appeal: ['申诉', 'Appeal'],
  'appeal-notice': ['申诉后公示', 'Notice after appeal'],
  final: ['已确定', 'Final'],
  closed: ['已办结', 'Closed'],
  // An election (换届选举).
  request: ['选举请示', 'Election request'],
  notice: ['选举通知', 'Election notice'],
  recommendation: ['推荐', 'Recommendation'],
  vetting: ['考察', 'Vetting'],
  slate: ['确定候选人预备人选', 'Slate'],
  'slate-notice': ['候选人公示', 'Slate notice'],
  election: ['选举', 'Election'],
  officers: ['选举书记、副书记', 'Officers'],
  approval: ['审批', 'Approval'],
  filing: ['备案', 'Filing'],
  // A selection (选拔任用); its numbered stages are in SELECTION_STAGES.
  'work-plan': ['工作方案', 'Work plan'],
  appointment: ['任前公示和任职', 'Notice and appointment'],
};

/** The stages the cases list offers as filters; numbered ones (`round-2:plan`) come from a link. */
export const KNOWN_STAGES: readonly string[] = Object.keys(STAGES);

/** A selection's stages of a round (`targets-2`): the round is said only after the first. */
const SELECTION_STAGES: Record<string, Pair> = {
  targets: ['确定考察对象', 'Inspection targets'],
  inspection: ['考察', 'Inspection'],
  committee: ['讨论决定', 'Committee decision'],
};

/** A rectification's stages within a round (`round-2:consolidation-1`). */
const ROUND_STAGES: Record<string, Pair> = {
  plan: ['整改方案', 'Rectification plan'],
  reports: ['整改进展报告', 'Progress reports'],
  inspection: ['整改验收', 'Inspection'],
  consolidation: ['巩固提升', 'Consolidation'],
  'sign-off': ['整改销号', 'Sign-off'],
};

export function stageLabel(lang: Lang, stage: string): string {
  const known = STAGES[stage];
  if (known) return say(lang, known, stage);
  const sel = /^(targets|inspection|committee)-(\d+)$/.exec(stage);
  if (sel) {
    const pair = SELECTION_STAGES[sel[1]!]!;
    const n = Number(sel[2]);
    if (n <= 1) return say(lang, pair, stage);
    return lang === 'zh' ? `${pair[0]}（第${n}轮）` : `${pair[1]} (round ${n})`;
  }
  const m = /^round-(\d+):([a-z-]+?)(?:-\d+)?$/.exec(stage);
  const part = m ? ROUND_STAGES[m[2]!] : undefined;
  if (!m || !part) return stage;
  const round = Number(m[1]);
  if (round <= 1) return say(lang, part, stage);
  return lang === 'zh' ? `${part[0]}（第${round}轮）` : `${part[1]} (round ${round})`;
}

const ROUND_STATUSES: Record<string, Pair> = {
  starting: ['正在启动', 'Starting'],
  'in-progress': ['进行中', 'In progress'],
  completed: ['已完成', 'Completed'],
};
export const roundStatusLabel = (lang: Lang, status: string) => say(lang, ROUND_STATUSES[status], status);

const ROLE_KEYS: Record<Role, TextKey> = {
  'county-org-dept': 'roleCounty',
  'township-committee': 'roleTownship',
  auditor: 'roleAuditor',
  admin: 'roleAdmin',
};
export const roleLabel = (t: Translate, role: Role) => (ROLE_KEYS[role] ? t(ROLE_KEYS[role]) : role);

const GRADE_KEYS: Record<Grade, TextKey> = {
  excellent: 'gradeExcellent',
  competent: 'gradeCompetent',
  'basically-competent': 'gradeBasicallyCompetent',
  'not-competent': 'gradeNotCompetent',
};
export { GRADES };
export type { Grade };
export const gradeLabel = (t: Translate, grade: string) => (grade in GRADE_KEYS ? t(GRADE_KEYS[grade as Grade]) : grade);

const EVENTS: Record<string, Pair> = {
  CaseStarted: ['案件启动', 'Case started'],
  CaseStageChanged: ['进入新阶段', 'Stage changed'],
  CaseClosed: ['案件办结', 'Case closed'],
  TaskOpened: ['待办生成', 'Task opened'],
  TaskDecided: ['已办理', 'Task decided'],
  TaskReminderSent: ['已提醒', 'Reminder sent'],
  TaskEscalated: ['已督办', 'Escalated'],
  TaskWithdrawn: ['待办撤回', 'Task withdrawn'],
  PublicNoticePosted: ['公示发布', 'Public notice posted'],
  PublicNoticeClosed: ['公示结束', 'Public notice closed'],
  ObjectionFiled: ['收到异议', 'Objection filed'],
  ObjectionResolved: ['异议核查', 'Objection checked'],
  PostAssigned: ['任职', 'Post assigned'],
  PostConfirmed: ['转正', 'Post confirmed'],
  PostEnded: ['离任', 'Post ended'],
  ProbationStarted: ['试用期开始', 'Probation started'],
  ProbationCheckInRecorded: ['试用期考察', 'Probation check-in'],
  ProbationAssessed: ['民主测评结果', 'Democratic rating'],
  ProbationRecommended: ['乡镇党委意见', 'Township recommendation'],
  ProbationConfirmed: ['正式任职', 'Confirmed'],
  ProbationFailed: ['免去试任职务', 'Trial post removed'],
  ProbationEndedEarly: ['提前结束试用', 'Ended early'],
  EvaluationStarted: ['年度考核开始', 'Evaluation started'],
  EvaluationSelfSummaryFiled: ['个人总结', 'Self-summary'],
  EvaluationRated: ['民主测评', 'Democratic rating'],
  EvaluationScored: ['实绩评分', 'Quantified score'],
  EvaluationSupervisorCommented: ['分管领导评语', "Supervisor's comment"],
  EvaluationRecommended: ['乡镇党委推荐等次', 'Township recommendation'],
  EvaluationGradeFixed: ['确定等次', 'Grade fixed'],
  EvaluationGradeChanged: ['等次变更', 'Grade changed'],
  EvaluationNotified: ['书面通知', 'Notified'],
  EvaluationAppealRequested: ['提出申诉', 'Appeal filed'],
  EvaluationAppealDecided: ['申诉决定', 'Appeal decided'],
  EvaluationGradeFinal: ['等次确定', 'Grade final'],
  EvaluationWarningIssued: ['诫勉', 'Warning issued'],
  EvaluationReRated: ['再测评', 'Re-rated'],
  EvaluationRemovalFlagged: ['拟调整', 'Removal flagged'],
  RectificationStarted: ['列入整顿', 'Listed for rectification'],
  RectificationSupportAssigned: ['落实帮扶力量', 'Support team assigned'],
  RectificationRoundStarted: ['继续整顿', 'New rectification round'],
  RectificationPlanDrafted: ['整改方案', 'Plan drafted'],
  RectificationPlanApproved: ['整改方案批准', 'Plan approved'],
  RectificationPlanRejected: ['整改方案退回', 'Plan sent back'],
  ProgressReportFiled: ['整改进展报告', 'Progress report'],
  ProgressReportLate: ['进展报告逾期', 'Progress report late'],
  RectificationInspected: ['整改验收', 'Inspected'],
  RectificationSignedOff: ['整改销号', 'Signed off'],
  RectificationFollowUpReported: ['跟踪回访报告', 'Follow-up report'],
  ElectionRequested: ['选举请示', 'Election requested'],
  ElectionRequestApproved: ['批复同意选举', 'Request approved'],
  ElectionRequestRejected: ['批复不同意选举', 'Request rejected'],
  ElectionNoticePosted: ['选举通知', 'Election notice'],
  RecommendationMeetingHeld: ['推荐会议', 'Recommendation meeting'],
  NomineeRejected: ['推荐人选未通过审查', 'Nominee rejected'],
  NomineeReplaced: ['递补人选', 'Nominee replaced'],
  CandidateVetted: ['考察', 'Vetted'],
  SlateSet: ['确定候选人预备人选', 'Slate set'],
  CandidateStruck: ['取消候选人资格', 'Candidate struck'],
  ElectionMeetingHeld: ['党员大会选举', 'Ballot held'],
  SecondBallotCalled: ['另行选举', 'Second ballot called'],
  SeatsReduced: ['减少名额', 'Seats reduced'],
  SeatReductionRefused: ['减少名额未通过', 'Seat reduction refused'],
  OfficersElected: ['选举书记、副书记', 'Officers elected'],
  ElectionApproved: ['批准选举结果', 'Result approved'],
  ElectionNotApproved: ['不批准选举结果', 'Result not approved'],
  ElectionFiled: ['选举结果备案', 'Result filed'],
  ApplicantTalkRecorded: ['入党谈话', 'Talk recorded'],
  ActivistDesignated: ['确定入党积极分子', 'Activist designated'],
  ActivistReviewed: ['积极分子考察', 'Activist reviewed'],
  DevelopmentTargetDesignated: ['确定发展对象', 'Development target'],
  TheoryExamRecorded: ['理论考试', 'Theory exam'],
  BranchInspectionRecorded: ['支部考察', 'Branch inspection'],
  MassesVoteRecorded: ['群众满意票', "Masses' vote"],
  MembersVoteRecorded: ['支部大会表决', "Members' vote"],
  DevelopmentReviewRecorded: ['审查', 'Review'],
  DevelopmentRoundFailed: ['本次未通过', 'Round failed'],
  DevelopmentResubmitted: ['重新提交', 'Resubmitted'],
  MemberAdmitted: ['接收为预备党员', 'Admitted'],
  OathTaken: ['入党宣誓', 'Oath taken'],
  MemberConverted: ['转为正式党员', 'Converted'],
  ProbationaryExtended: ['延长预备期', 'Probation extended'],
  ProbationaryDisqualified: ['取消预备党员资格', 'Disqualified'],
  MemberDevelopmentStopped: ['发展程序终止', 'Development stopped'],
  SelectionOpened: ['启动选拔任用', 'Selection opened'],
  SelectionPlanApproved: ['工作方案批准', 'Work plan approved'],
  MeetingRecommendationRecorded: ['会议推荐', 'Meeting recommendation'],
  TalkRecommendationRecorded: ['谈话调研推荐', 'Talk recommendation'],
  InspectionTargetsChosen: ['确定考察对象', 'Inspection targets chosen'],
  InspectionTeamFormed: ['组建考察组', 'Inspection team formed'],
  InspectionCheckReturned: ['凡提四必核查', 'Inspection check returned'],
  InspectionTargetRemoved: ['考察对象取消', 'Target removed'],
  InspectionReported: ['考察材料', 'Inspection report'],
  CommitteeVoteHeld: ['讨论决定', 'Committee vote'],
  SelectionVoteFailed: ['无人通过', 'Nobody approved'],
  SelectionAppointed: ['任职', 'Appointed'],
  SelectionAppointmentCancelled: ['任用取消', 'Appointment cancelled'],
};
export const eventLabel = (lang: Lang, type: string) => say(lang, EVENTS[type], type);

export { SHOWN_FIELDS };

export const fieldLabel = (lang: Lang, field: string) => say(lang, FIELDS[field], field);

/** A field whose name means something else in one procedure: a selection's method is how it selects, its findings a check's. */
const KIND_FIELDS: Record<string, Record<string, Pair>> = {
  selection: { method: ['选拔方式', 'Method'], findings: ['核查情况', 'Findings'] },
};
const fieldLabelOf = (lang: Lang, kind: string, field: string) => say(lang, KIND_FIELDS[kind]?.[field], fieldLabel(lang, field));

/** Keys inside a field's value (a vote count, a meeting's attendance, a plan's measure). */
const PARTS: Record<string, Pair> = {
  excellent: ['优秀', 'Excellent'],
  competent: ['称职', 'Competent'],
  'basically-competent': ['基本称职', 'Basically competent'],
  basicallyCompetent: ['基本称职', 'Basically competent'],
  'not-competent': ['不称职', 'Not competent'],
  notCompetent: ['不称职', 'Not competent'],
  due: ['应到', 'Due to attend'],
  present: ['实到', 'Present'],
  eligible: ['应到', 'Eligible'],
  for: ['赞成', 'For'],
  against: ['反对', 'Against'],
  abstain: ['弃权', 'Abstained'],
};

/** Coded values a field may hold, with their labels. */
const VALUES: Record<string, Pair> = {
  good: ['好', 'Good'],
  adequate: ['一般', 'Adequate'],
  concern: ['有问题', 'Concern'],
  confirm: ['正式任职', 'Confirm the appointment'],
  remove: ['免去试任职务', 'Remove the trial post'],
  pass: ['通过', 'Passed'],
  'basic-pass': ['基本通过', 'Basically passed'],
  fail: ['未通过', 'Not passed'],
  approve: ['同意', 'Approved'],
  reject: ['不同意', 'Rejected'],
  designate: ['确定', 'Designated'],
  decline: ['暂不确定', 'Declined'],
  upheld: ['维持', 'Upheld'],
  changed: ['变更', 'Changed'],
  'in-person': ['当面送达', 'In person'],
  post: ['邮寄', 'By post'],
  electronic: ['电子送达', 'Electronically'],
  excellent: ['优秀', 'Excellent'],
  competent: ['称职', 'Competent'],
  'basically-competent': ['基本称职', 'Basically competent'],
  'not-competent': ['不称职', 'Not competent'],
  // How cases end.
  confirmed: ['正式任职', 'Confirmed'],
  removed: ['免去试任职务', 'Trial post removed'],
  'ended-early': ['提前结束', 'Ended early'],
  'appointment-cancelled': ['任命撤销', 'Appointment cancelled'],
  rectified: ['已销号', 'Rectified'],
  completed: ['已完成', 'Completed'],
  converted: ['转为正式党员', 'Converted'],
  disqualified: ['取消预备党员资格', 'Disqualified'],
  stopped: ['程序终止', 'Stopped'],
  elected: ['选举完成', 'Elected'],
  filed: ['已备案', 'Filed'],
  approved: ['已批准', 'Approved'],
  rejected: ['未批准', 'Rejected'],
  appointed: ['已任职', 'Appointed'],
  'kept-open': ['岗位暂缺', 'Post kept open'],
  'appointments-cancelled': ['任用取消', 'Appointments cancelled'],
  voted: ['进行表决', 'Voted'],
  'no-quorum': ['不足法定人数', 'No quorum'],
  ordinary: ['一般选拔', 'Ordinary selection'],
  competitive: ['竞争性选拔', 'Competitive selection'],
  'keep-open': ['岗位暂缺', 'Keep the post open'],
  'return-to-targets': ['重新确定考察对象', 'Choose targets again'],
};
/** A coded value (a rating, an outcome, a case's ending) by its label. */
export const valueLabel = (lang: Lang, value: string) => say(lang, VALUES[value], value);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** One value as a person reads it: coded values, stages and steps by label, dates in the language's form. */
function show(lang: Lang, kind: string, field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return lang === 'zh' ? (value ? '是' : '否') : value ? 'Yes' : 'No';
  // A list (a plan's problems and measures, a slate) reads as its items, not as numbered keys.
  if (Array.isArray(value)) {
    return value
      .map((v) =>
        typeof v === 'object' && v !== null
          ? Object.values(v)
              .map((x) => show(lang, kind, '', x))
              .join(' / ')
          : show(lang, kind, '', v),
      )
      .join(lang === 'zh' ? '；' : '; ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${say(lang, PARTS[k] ?? FIELDS[k], k)} ${show(lang, kind, k, v)}`)
      .join(lang === 'zh' ? '，' : ', ');
  }
  const text = String(value);
  if (field === 'step') return stepLabel(lang, kind, text);
  if (field === 'stage') return stageLabel(lang, text);
  if (DATE.test(text)) return formatDate(text, lang);
  if (INSTANT.test(text)) return formatTime(text, lang);
  return say(lang, VALUES[text], text);
}

/** `label: value` pairs of an event's data (a decided task's decision included), in one language. */
export function eventFacts(entry: TimelineEntry, lang: Lang, kind: string): Array<[string, string]> {
  const data = (entry.data ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...data, ...((data.decision as Record<string, unknown> | undefined) ?? {}) };
  if (entry.type === 'CaseStarted') delete merged.summary;
  const out: Array<[string, string]> = [];
  for (const f of SHOWN_FIELDS) {
    const v = merged[f];
    if (v === undefined || v === null || v === '') continue;
    // A task's stored title holds both languages: it is named by its step, as the inbox names it.
    const taskTitle = f === 'title' && entry.type.startsWith('Task') && typeof v === 'string' && typeof merged.step === 'string';
    if (taskTitle) out.push([lang === 'zh' ? '待办事项' : 'Task', taskTitleFor(lang, kind, merged.step as string, v as string)]);
    else out.push([fieldLabelOf(lang, kind, f), show(lang, kind, f, v)]);
  }
  return out;
}

/** Free text people wrote on the case: check-in comments, reasons, findings, grounds. */
export function commentsOf(timeline: readonly TimelineEntry[]): Array<{ entry: TimelineEntry; field: string; text: string }> {
  const out: Array<{ entry: TimelineEntry; field: string; text: string }> = [];
  for (const entry of timeline) {
    // A decided task repeats the decision its domain event carries; one copy is enough.
    if (entry.type === 'TaskDecided') continue;
    const data = (entry.data ?? {}) as Record<string, unknown>;
    for (const field of ['comment', 'reason', 'finding', 'grounds', 'note'] as const) {
      const v = data[field];
      if (typeof v === 'string' && v.trim() !== '') out.push({ entry, field, text: v });
    }
    if (entry.type === 'ObjectionFiled' && typeof data.summary === 'string') out.push({ entry, field: 'summary', text: data.summary });
    if (entry.type === 'EvaluationSelfSummaryFiled' && typeof data.summary === 'string')
      out.push({ entry, field: 'summary', text: data.summary });
  }
  return out;
}

export interface Due {
  overdue: boolean;
  /** Working days left (≥ 0), or working days past the due date when overdue. */
  workingDays: number;
  dueDate: string;
}

/**
 * Working days to or past a due instant, on the county's calendar (Asia/Shanghai,
 * statutory holidays and 调休 days). Outside the calendar's years, calendar days.
 */
export function dueOf(dueAt: string, now = Date.now()): Due {
  const dueMs = Date.parse(dueAt);
  const dueDate = shanghaiDate(dueMs);
  const today = shanghaiDate(now);
  const overdue = now > dueMs;
  let days: number;
  try {
    days = overdue ? workingDaysBetween(dueDate, today) : workingDaysBetween(today, dueDate);
  } catch {
    days = Math.round(Math.abs(dueMs - now) / 86_400_000);
  }
  return { overdue, workingDays: Math.max(0, days), dueDate };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar date (`2026-12-21`): 2026年12月21日 in Chinese, 21 December 2026 in English. */
export function formatDate(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  return lang === 'zh' ? `${y}年${Number(mo)}月${Number(d)}日` : `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}`;
}

/** An instant, in the county's time (Asia/Shanghai): 2026年12月21日 09:30 / 21 December 2026, 09:30. */
export function formatTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const date = formatDate(shanghaiDate(ms), lang);
  const clock = new Date(ms).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false, hour: '2-digit', minute: '2-digit' });
  return lang === 'zh' ? `${date} ${clock}` : `${date}, ${clock}`;
}

/** The case's kind from its id (`probation/p-0005/demo` → probation). */
export const kindOfCase = (caseId: string) => caseId.split('/')[0] ?? '';
