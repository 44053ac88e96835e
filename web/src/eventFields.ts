/**
 * The fields of an event worth a line on a timeline, in the order people read them, each
 * with its label in both languages (the words the decision forms use for the same field).
 * Kept apart from vocabulary.ts, and free of imports, so the browser tests check against
 * the same list that no page shows a field's name instead of its label.
 */
export const FIELDS: Record<string, readonly [zh: string, en: string]> = {
  step: ['步骤', 'Step'],
  rating: ['考察评价', 'Rating'],
  outcome: ['结论', 'Outcome'],
  recommendation: ['意见', 'Recommendation'],
  grade: ['等次', 'Grade'],
  proposedGrade: ['建议等次', 'Proposed grade'],
  from: ['原等次', 'From'],
  to: ['变更为', 'To'],
  upheld: ['异议是否属实', 'Objection upheld'],
  stage: ['阶段', 'Stage'],
  votes: ['票数', 'Votes'],
  meeting: ['会议', 'Meeting'],
  total: ['合计', 'Total'],
  method: ['通知方式', 'Method'],
  comment: ['意见', 'Comment'],
  reason: ['理由', 'Reason'],
  finding: ['核查结论', 'Finding'],
  summary: ['内容', 'Summary'],
  grounds: ['理由', 'Grounds'],
  note: ['备注', 'Note'],
  title: ['职务', 'Post'],
  subject: ['事项', 'Subject'],
  closesAt: ['截止时间', 'Closes at'],
  dueAt: ['截止时间', 'Due'],
  endsOn: ['期满日期', 'Ends on'],
  problems: ['存在问题', 'Problems'],
  measures: ['整改措施', 'Measures'],
  completeBy: ['完成时限', 'Complete by'],
  findings: ['验收意见', 'Findings'],
  slate: ['候选人预备人选', 'Slate'],
  elected: ['当选', 'Elected'],
  approvedBy: ['审批', 'Approved by'],
  approvedOn: ['审批日期', 'Approved on'],
  members: ['考察组成员', 'Members'],
  membersDue: ['应到会成员', 'Members due'],
  present: ['实到', 'Present'],
  quorumNeeded: ['法定人数', 'Quorum'],
  letterOn: ['任职通知日期', 'Letter on'],
  talkOn: ['任职谈话日期', 'Talk on'],
};
export const SHOWN_FIELDS = Object.keys(FIELDS);
