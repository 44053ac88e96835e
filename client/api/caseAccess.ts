/**
 * One case as a route reaches it: its row in the `cases` read model, if the caller may see
 * it. A township committee member sees their own township's cases; another township's is
 * answered exactly as a missing one (404, same words), so its existence is not told. A
 * route for one kind of case (an election's view, a review request) names the kind: a
 * case of another kind is not found either.
 */
import type { CaseKind } from '../../domain/events';
import { visibleTo, type Principal } from './auth';
import type { ApiContext } from './context';
import { ApiError } from './problem';

const KIND_ZH: Record<CaseKind, string> = {
  probation: '试用期',
  election: '换届选举',
  evaluation: '年度考核',
  'evaluation-round': '年度考核轮次',
  rectification: '后进党组织整顿',
  'member-development': '发展党员',
  selection: '选拔任用',
};

/** A 404 problem in Chinese and English (`detail` carries both, `zh` and `en` each). */
export function notFoundBilingual(zh: string, en: string): ApiError {
  return new ApiError(404, 'not-found', 'Not found', `${zh} / ${en}`, { zh, en });
}

export interface VisibleCase {
  caseId: string;
  kind: CaseKind;
  townshipId: string;
  status: string;
  outcome: string | null;
}

export async function visibleCase(ctx: ApiContext, p: Principal, caseId: string, kind?: CaseKind): Promise<VisibleCase> {
  const row = await ctx.db
    .selectFrom('cases')
    .select(['case_id', 'kind', 'township_id', 'status', 'outcome'])
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!row || !visibleTo(p, row.township_id)) throw notFoundBilingual(`没有案件 ${caseId}`, `no case ${caseId}`);
  if (kind !== undefined && row.kind !== kind) {
    throw notFoundBilingual(
      `${caseId} 是${KIND_ZH[row.kind as CaseKind] ?? row.kind}案件，不是${KIND_ZH[kind]}案件`,
      `${caseId} is not of kind ${kind} (it is ${row.kind})`,
    );
  }
  return { caseId: row.case_id, kind: row.kind as CaseKind, townshipId: row.township_id, status: row.status, outcome: row.outcome };
}
