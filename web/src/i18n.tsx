/**
 * Two languages: Chinese first (the department works in it), English second. The
 * choice persists in localStorage so a reload or the next visit keeps it.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from './lang';

export type { Lang };
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
  navSearch: ['干部查询', 'Cadre search'],
  navStatistics: ['班子结构统计', 'Team structure'],
  navAccounts: ['账户', 'Accounts'],
  navAccessLog: ['访问日志', 'Access log'],
  navRosterImport: ['名册导入', 'Roster import'],
  navRegistry: ['干部名册', 'Registry'],

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
  refusedBecause: ['未被受理：{why}（{status}）', 'Refused: {why} ({status})'],
  checkLocally: ['填写有误', 'Please correct the form'],
  refusalUnknownStep: [
    '该步骤当前未开放办理（可能已办结或尚未开始）',
    'This step is not open now (it may be done already, or not yet started)',
  ],
  refusalWrongRole: ['该步骤不由您的角色办理', 'Your role does not decide this step'],
  refusalWrongTownship: ['该步骤属于其他乡镇', 'This step belongs to another township'],
  refusalDuplicateDecision: ['该步骤已经办理，本次未记录', 'This step was already decided; nothing was recorded'],
  refusalMalformedDecision: ['填写的内容不符合要求，未记录', 'The decision does not meet the rules; nothing was recorded'],
  refusalCaseClosed: ['案件已办结', 'The case is closed'],
  refusalNoticeClosed: ['公示期已结束', 'The public notice has closed'],
  refusalUnsealed: ['请求未经本系统签封，已拒绝', 'The request was not sealed by this deployment and was refused'],
  refusalOther: ['未被受理，未记录任何内容', 'Refused; nothing was recorded'],

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
  appealOutcome: ['申诉处理结论', 'Appeal outcome'],
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
  approve: ['同意', 'Approve'],
  reject: ['不同意', 'Reject'],
  pass: ['通过', 'Pass'],
  fail: ['未通过', 'Fail'],
  addRow: ['添加一行', 'Add a row'],
  removeRow: ['删除', 'Remove'],
  loadingCase: ['正在读取案件…', 'Reading the case…'],

  countyLeader: ['联系县领导', 'County leader in contact'],
  townshipLeader: ['包抓乡镇领导', 'Township leader in charge'],
  firstSecretary: ['驻村第一书记', 'First secretary stationed in the village'],
  partnerAgency: ['结对帮扶单位', 'Partner agency'],
  problems: ['存在问题（每行一条）', 'Problems found (one per line)'],
  problem: ['问题', 'Problem'],
  measures: ['整改措施', 'Measures'],
  measure: ['措施', 'Measure'],
  responsible: ['责任人', 'Responsible'],
  deadline: ['完成时限', 'Deadline'],
  planReview: ['审批意见', 'Decision on the plan'],
  planReject: ['退回修改', 'Send back for redrafting'],
  report: ['报告内容', 'Report'],
  inspectionScore: ['验收得分（百分制）', 'Inspection score (out of 100)'],
  votesSatisfied: ['满意票', 'Satisfied'],
  votesBasicallySatisfied: ['基本满意票', 'Basically satisfied'],
  votesDissatisfied: ['不满意票', 'Dissatisfied'],
  inspectionReport: ['整顿工作报告（要点）', 'Rectification report (findings)'],
  inspectionInterviews: ['个别访谈情况', 'Interviews'],
  inspectionOnSiteCheck: ['实地查看情况', 'On-site check'],
  signedOffOn: ['销号日期（早于今天时填写）', 'Signed off on (if before today)'],

  electionDate: ['选举日期', 'Election day'],
  noticeMethod: ['通知方式（如张贴、会议通知）', 'How it was announced'],
  eligibleVoters: ['有表决权的正式党员人数', 'Full members with voting rights'],
  cast: ['收回选票', 'Ballots returned'],
  invalidBallots: ['无效票', 'Invalid ballots'],
  personId: ['人员编号', 'Person id'],
  votesCount: ['得票', 'Votes'],
  recommendationVotes: ['推荐得票（每人一行）', 'Votes per person recommended'],
  ballotVotes: ['各候选人得票', 'Votes per candidate'],
  meetingHint: [
    '未达到法定人数时只填应到、实到人数，选票和得票留空。',
    'Without a quorum, enter attendance only and leave ballots and votes empty.',
  ],
  rejectedNominees: ['审查未通过的推荐人选（人员编号）', 'Nominees rejected (person ids)'],
  memberVotes: ['党员推荐票', "Members' votes"],
  massesVotes: ['群众推荐票', "Masses' votes"],
  replacementHint: [
    '新递补人选须填写两项推荐票；已通过考察的备选人选两项均留空。',
    'A new nominee needs both vote counts; a reserve nominee who passed vetting needs none.',
  ],
  vetting: ['考察结论', 'Vetting outcome'],
  vettingPass: ['合格', 'Pass'],
  vettingFail: ['不合格', 'Fail'],
  findings: ['考察意见', 'Findings'],
  candidates: ['候选人预备人选（人员编号）', 'Candidates (person ids)'],
  noticePostedOn: ['公示张贴日期（早于今天时填写）', 'Notice posted on (if before today)'],
  struck: ['取消资格的候选人（人员编号）', 'Candidates struck (person ids)'],
  vacancyAction: ['处理方式', 'What to do'],
  secondBallot: ['另行选举', 'Hold a second ballot'],
  reduceSeats: ['减少名额', 'Reduce the seats'],
  agreeing: ['同意减少名额票', 'Votes agreeing'],
  secretary: ['书记（人员编号）', 'Secretary (person id)'],
  deputy: ['副书记（人员编号，可空）', 'Deputy (person id, optional)'],
  reference: ['备案文号', 'Filing reference'],

  examScore: ['考试成绩', 'Exam score'],
  trainingDays: ['集中培训天数', 'Training days'],
  trainingHours: ['集中培训学时', 'Training hours'],
  massesCast: ['投票人数', 'Votes cast'],
  approving: ['满意票', 'Approving'],
  assemblyOn: ['支部大会日期', 'Branch assembly on'],
  yesVotes: ['赞成票', 'Yes'],
  writtenYes: ['书面赞成票（未到会党员）', 'Yes in writing (absent members)'],
  approvalOn: ['审批日期', 'Decided on'],
  resubmit: ['重新提交', 'Resubmit'],
  drop: ['不再列为发展对象', 'Drop the development target'],
  oathOn: ['宣誓日期', 'Oath taken on'],
  convert: ['按期转正', 'Convert to full membership'],
  extend: ['延长预备期', 'Extend the probation'],
  disqualify: ['取消预备党员资格', 'Disqualify'],
  extensionMonths: ['延长月数', 'Months of extension'],
  conversionVote: ['支部大会表决', "Branch assembly's vote"],

  committeeQuota: [
    '本单位 {assessed} 人，优秀等次不超过 {allowed} 人，已选 {chosen} 人',
    '{assessed} assessed; at most {allowed} 优秀, {chosen} chosen',
  ],
  committeeQuotaApproved: [
    '本单位 {assessed} 人，经批准优秀等次比例 {percent}%，不超过 {allowed} 人，已选 {chosen} 人',
    '{assessed} assessed; approved {percent}%: at most {allowed} 优秀, {chosen} chosen',
  ],
  committeeOverQuota: ['优秀等次超过名额', 'More 优秀 than the quota allows'],
  quotaApprovalHint: [
    '经批准提高优秀等次比例时填写（不超过政策规定的上限，一般为 25%）',
    'Fill in only when an approval raises the 优秀 quota (up to the policy’s ceiling, usually 25%)',
  ],
  quotaApprovalPercent: ['批准的优秀比例（%）', 'Approved 优秀 share (%)'],
  quotaApprovalReference: ['批复文号', 'Approving document (reference)'],
  quotaApprovedOn: ['批复日期', 'Approved on'],
  committeeNoMembers: ['本单位暂无考核对象（案件可能仍在启动）', 'No one to grade in this unit yet (its cases may still be starting)'],
  gradedOn: ['考核委员会会议日期（早于今天时填写）', 'Committee met on (if before today)'],
  excellentNoticePostedOn: ['优秀等次公示张贴日期（早于今天时填写）', '优秀 notice posted on (if before today)'],
  personName: ['姓名', 'Name'],
  recommended: ['乡镇党委推荐等次', 'Township recommendation'],
  voteProposal: ['测评结果提示', 'The rating suggests'],
  jsonDecision: ['决定内容（JSON）', 'Decision (JSON)'],
  jsonHint: [
    '此步骤暂无专用表单，请按接口文档填写 JSON。',
    'This step has no dedicated form yet: enter the JSON fields from the API docs.',
  ],
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
  // 选拔任用: opening a selection, its forms, the committee's vote and the full-process record.
  openSelection: ['启动选拔任用', 'Open a selection'],
  openSelectionHint: [
    '分析研判和动议：填写拟选拔的职位、方式、任职资格和选拔范围，启动后逐步办理工作方案、民主推荐、考察、讨论决定和任职。',
    'Analysis and proposal: the post, the method, the qualifications and the scope; the work plan, recommendations, inspection, committee vote and appointment follow step by step.',
  ],
  selectionUnit: ['单位', 'Unit'],
  postId: ['职位代码', 'Post code'],
  postIdHint: ['小写字母、数字和连字符，如 deputy-head', 'Lower-case letters, digits and dashes, e.g. deputy-head'],
  postTitle: ['拟任职务', 'Post'],
  postRank: ['职级', 'Rank'],
  positions: ['职数', 'Positions'],
  selectionMethod: ['选拔方式', 'Method'],
  methodOrdinary: ['一般选拔', 'Ordinary'],
  methodCompetitive: ['竞争性选拔（差额考察）', 'Competitive (more targets than posts)'],
  electedPost: ['选任职务（任职后不实行试用期）', 'Filled by election (no probation after the appointment)'],
  qualifications: ['任职资格', 'Qualifications'],
  selectionScope: ['选拔范围', 'Scope'],
  openedOn: ['动议日期', 'Opened on'],
  approvedBy: ['审批（县委书记专题会等）', 'Approved by'],
  approvedOn: ['审批日期', 'Approved on'],
  meetingRecommendationHint: [
    '会议推荐：按推荐会议的计票结果填写，每名被推荐人一行；推荐票只作参考，不作为唯一依据。',
    'Meeting recommendation: as the count of the meeting gives it, one row per nominee; the votes are a reference, never the sole basis.',
  ],
  nominee: ['被推荐人', 'Nominee'],
  talkedTo: ['个别谈话人数', 'People talked to'],
  talkNamed: ['谈话推荐情况', 'Named in the talks'],
  namedCount: ['推荐人数', 'Named by'],
  targets: ['考察对象', 'Inspection targets'],
  target: ['考察对象', 'Target'],
  targetReason: ['确定理由', 'Reason for the pick'],
  targetsRuleOrdinary: [
    '至少确定 {least} 名考察对象（职数 {positions} 名）；每人须在会议推荐或谈话推荐中被推荐，并写明理由。',
    'At least {least} targets ({positions} posts); each recommended at the meeting or in the talks, each with a written reason.',
  ],
  targetsRuleCompetitive: [
    '竞争性选拔实行差额考察：至少确定 {least} 名考察对象（职数 {positions} 名 + 差额 {extra} 名）；每人须在会议推荐或谈话推荐中被推荐，并写明理由。',
    'A competitive selection inspects more people than posts: at least {least} targets ({positions} posts + {extra}); each recommended at the meeting or in the talks, each with a written reason.',
  ],
  inspectionTeam: ['考察组成员', 'Inspection team'],
  inspector: ['考察组成员', 'Inspector'],
  inspectionTeamRule: ['考察组至少 {least} 人。', 'An inspection team has at least {least} members.'],
  checkHint: [
    '凡提四必：不通过的须写明核查情况，该考察对象即不再参加本轮选拔。',
    'A failed check needs its findings; the target then leaves this round of the selection.',
  ],
  checkOutcome: ['核查结果', 'Result'],
  checkFindings: ['核查情况', 'Findings'],
  conversations: ['个别谈话人数', 'Conversations held'],
  inspectionRating: ['民主测评情况', 'Democratic rating'],
  inspectionReportText: ['考察材料', 'Inspection report'],
  voteFailedNext: ['下一步', 'Next'],
  keepOpen: ['岗位暂缺，本次选拔结束', 'Keep the post open and close the selection'],
  returnToTargets: ['重新确定考察对象', 'Choose the targets again'],
  letterOn: ['任职通知日期', 'Appointment letter on'],
  talkOn: ['任职谈话日期', 'Appointment talk on'],
  committeeHint: [
    '讨论决定：先填应到会成员和实到人数，再逐一填写每名人选的表决票数（回避的成员计入应到，不参加该人选的表决）。',
    'Committee decision: the members due and present first, then each candidate’s votes (a member who withdraws counts as due and does not vote on that candidate).',
  ],
  membersDue: ['应到会成员', 'Members due'],
  committeeQuorumUnknown: ['填写应到和实到人数后显示是否达到法定人数', 'Enter the members due and present to see the quorum'],
  committeePresentOverDue: ['实到人数不能超过应到人数', 'More present than due'],
  committeeQuorumMet: [
    '达到法定人数：应到 {due} 人，须到 {needed} 人，实到 {present} 人',
    'Quorum: {present} present of {due} due (at least {needed} needed)',
  ],
  committeeQuorumNotMet: [
    '未达到法定人数：应到 {due} 人，须到 {needed} 人，实到 {present} 人',
    'No quorum: {present} present of {due} due (at least {needed} needed)',
  ],
  committeeNoQuorumNote: [
    '不得表决：只记录应到和实到人数，会议另行召开。',
    'No vote may be taken: the counts alone are recorded and the meeting is held again.',
  ],
  committeeYesNeeded: [
    '通过须赞成 {needed} 票以上（超过应到会成员 {due} 人的半数）',
    'Approval needs {needed} yes votes (more than half of the {due} members due)',
  ],
  candidate: ['人选', 'Candidate'],
  voteRecused: ['回避', 'Withdrew'],
  voteYes: ['赞成', 'Yes'],
  voteNo: ['反对', 'No'],
  voteAbstain: ['弃权', 'Abstain'],
  committeeResult: ['表决结果', 'Result'],
  committeeNotVoted: ['未表决', 'Not voted'],
  committeeApproved: ['通过（赞成 {yes} 票）', 'Approved ({yes} yes)'],
  committeeNotApproved: ['未通过（赞成 {yes} 票）', 'Not approved ({yes} yes)'],
  committeeOverCount: ['票数超过参加表决人数', 'More votes than members voting'],
  committeeCheck: ['表决票数有误', 'The votes do not add up'],
  committeeHeldOn: ['会议日期（事后补录时填写）', 'Held on (when entered afterwards)'],
  preAppointmentNoticePostedOn: ['任前公示发布日期（已先行公示时填写）', 'Pre-appointment notice posted on (if already posted)'],
  record: ['全程纪实', 'Full-process record'],
  recordDownload: ['下载全程纪实（Word）', 'Download the record (Word)'],
  recordLanguage: ['', 'The record is kept in Chinese, as filed.'],
  downloadRoster: ['下载干部名册（Excel）', 'Download the roster (Excel)'],
  downloadResultSheet: ['下载考核结果汇总表（Excel）', 'Download the result sheet (Excel)'],
  downloadLedger: ['下载整顿台账（Excel）', 'Download the rectification ledger (Excel)'],
  downloadNotice: ['下载公示（Word）', 'Download the public notice (Word)'],
  appointmentForm: ['干部任免审批表', 'Appointment form (任免审批表)'],
  appointmentFormDownload: ['下载任免审批表（Word）', 'Download the appointment form (Word)'],
  lrmxDownload: ['导出 LRMX（含完整身份证号，记入访问日志）', 'Export LRMX (full ID number; access-logged)'],
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
