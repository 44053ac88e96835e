/**
 * 整顿台账: one row per branch under rectification, from the `rectification_cases` read
 * model and the problems and measures of the branch's current plan (its latest draft in
 * the log). Pure: rows in branch order (township, then branch id), words in Chinese.
 */
import type { InspectionOutcome, PlanMeasure, ScreeningReason } from '../rectification';
import type { RectificationCaseStatus, RectificationPlanStatus } from '../rectificationStatus';
import { formatHundredths } from '../points';

export interface LedgerCase {
  caseId: string;
  branchId: string;
  branchName: string;
  townshipId: string;
  year: number;
  listedOn: string;
  reasons: readonly ScreeningReason[];
  round: number;
  stage: string;
  status: RectificationCaseStatus;
  planStatus: RectificationPlanStatus;
  planCompleteBy: string | null;
  reportsDue: number;
  reportsFiled: number;
  reportsLate: number;
  lastInspection: (InspectionOutcome & { round: number; inspectedOn: string }) | null;
  consolidateUntil: string | null;
  signedOffOn: string | null;
  followUpUntil: string | null;
  followedUpOn: string | null;
  /** The current plan (latest draft): what it names. */
  problems: readonly string[];
  measures: readonly PlanMeasure[];
}

export const LEDGER_HEADERS = [
  '序号',
  '乡镇',
  '党组织',
  '列入时间',
  '列入原因',
  '存在问题',
  '整改措施（责任人，完成时限）',
  '整顿轮次',
  '当前阶段',
  '整改方案',
  '进度报告（应报/已报/逾期）',
  '验收情况',
  '销号时间',
  '跟踪至',
  '整顿结果',
] as const;

export function screeningReasonZh(r: ScreeningReason): string {
  switch (r.kind) {
    case 'secretary-vacant':
      return `书记空缺（自 ${r.since}，超过 ${r.months} 个月）`;
    case 'bottom-of-ranking':
      return `年度排名末位（${r.of} 个中第 ${r.position} 名）`;
    case 'low-satisfaction':
      return `群众满意度低（调查 ${r.surveyed} 人，满意 ${r.satisfied} 人，低于 ${r.minPercent}%）`;
    case 'no-development-target':
      return `连续 ${r.years} 年未确定发展对象（自 ${r.since}）`;
  }
}

const STAGE_ZH: Record<string, string> = {
  started: '已列入',
  support: '落实帮扶力量',
  plan: '制定整改方案',
  reports: '整改推进（定期报告）',
  'sign-off': '验收合格待销号',
  'follow-up': '销号后跟踪',
};

/** `round-2:reports` → 第2轮·整改推进（定期报告）; `round-1:inspection-1` → 第1轮·第1次验收. */
export function stageZh(stage: string): string {
  const m = /^round-(\d+):(.+)$/.exec(stage);
  if (!m) return STAGE_ZH[stage] ?? stage;
  const [, round, part] = m as unknown as [string, string, string];
  const numbered = /^(inspection|consolidation|plan)-(\d+)$/.exec(part);
  const text = numbered
    ? { inspection: `第${numbered[2]}次验收`, consolidation: `巩固提升（第${numbered[2]}次）`, plan: `整改方案第${numbered[2]}稿` }[
        numbered[1] as 'inspection' | 'consolidation' | 'plan'
      ]
    : (STAGE_ZH[part] ?? part);
  return `第${round}轮·${text}`;
}

const PLAN_ZH: Record<LedgerCase['planStatus'], string> = { none: '未制定', drafted: '待审批', rejected: '退回修改', approved: '已批准' };

const STATUS_ZH: Record<LedgerCase['status'], string> = {
  rectifying: '整顿中',
  consolidating: '巩固提升中',
  passed: '验收合格，待销号',
  'follow-up': '已销号，跟踪中',
  rectified: '整顿完成',
};

const RESULT_ZH = { pass: '合格', 'basic-pass': '基本合格', fail: '不合格' } as const;

function inspectionZh(i: LedgerCase['lastInspection']): string {
  if (!i) return '未验收';
  return `${i.inspectedOn} 第${i.round}轮验收：${RESULT_ZH[i.result]}，得分 ${formatHundredths(i.scoreHundredths)}，${i.raters} 名代表中不满意 ${i.dissatisfied} 名`;
}

function outcomeZh(c: LedgerCase): string {
  const status = STATUS_ZH[c.status];
  if (c.status === 'consolidating' && c.consolidateUntil) return `${status}（至 ${c.consolidateUntil}）`;
  if (c.status === 'rectified' && c.followedUpOn) return `${status}（跟踪报告 ${c.followedUpOn}）`;
  return status;
}

const numbered = (items: readonly string[]): string => items.map((t, i) => `${i + 1}. ${t}`).join('\n');

export function ledgerRows(cases: readonly LedgerCase[], townshipNames: ReadonlyMap<string, string>): Array<Array<string | number>> {
  const sorted = [...cases].sort((a, b) =>
    a.townshipId < b.townshipId ? -1 : a.townshipId > b.townshipId ? 1 : a.branchId < b.branchId ? -1 : a.branchId > b.branchId ? 1 : 0,
  );
  return sorted.map((c, i) => [
    i + 1,
    townshipNames.get(c.townshipId) ?? c.townshipId,
    c.branchName,
    c.listedOn,
    c.reasons.map(screeningReasonZh).join('；'),
    numbered(c.problems),
    numbered(c.measures.map((m) => `${m.measure}（${m.responsible}，${m.deadline}）`)),
    c.round,
    stageZh(c.stage),
    `${PLAN_ZH[c.planStatus]}${c.planCompleteBy ? `，${c.planCompleteBy} 前完成` : ''}`,
    `${c.reportsDue}/${c.reportsFiled}/${c.reportsLate}`,
    inspectionZh(c.lastInspection),
    c.signedOffOn ?? '',
    c.followUpUntil ?? '',
    outcomeZh(c),
  ]);
}
