/**
 * The cases list from the `cases` read model: filtered, sorted and paged as the query
 * parsed by domain/caseQuery.ts says, within the township the caller may read. Each
 * case carries the soonest due time of its pending steps (its next deadline), which the
 * `due` sort and the `overdue` filter read from `tasks`.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { sortOrder, type CaseQuery } from '../domain/caseQuery';
import type { Database, DB } from '../schema/db';

export interface CaseListItem {
  caseId: string;
  kind: string;
  subjectId: string;
  summary: string;
  townshipId: string;
  stage: string;
  status: 'open' | 'closed';
  outcome: string | null;
  policyVersion: string;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The soonest due time of the case's pending steps; null when none is pending. */
  nextDueAt: string | null;
}

export interface CasePage {
  items: CaseListItem[];
  total: number;
  limit: number;
  offset: number;
}

const pendingTasks = (eb: ExpressionBuilder<Database, 'cases'>) =>
  eb.selectFrom('tasks').whereRef('tasks.case_id', '=', 'cases.case_id').where('tasks.status', '=', 'pending');

/** Sort columns; ties go to the most recently changed, then the case id, so pages never overlap. */
const SORT_COLUMN = { updated: 'updated_at', started: 'started_at', due: 'next_due_at', township: 'township_id' } as const;

/**
 * One page of cases. `township` is the caller's scope (readScope in client/api/auth.ts):
 * a township committee member's own township whatever the query asked.
 */
export async function listCases(db: DB, query: CaseQuery, township: string | undefined, now: Date): Promise<CasePage> {
  let base = db.selectFrom('cases');
  if (township) base = base.where('township_id', '=', township);
  if (query.kind) base = base.where('kind', '=', query.kind);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.stage) base = base.where('stage', '=', query.stage);
  if (query.subject) base = base.where('subject_id', '=', query.subject);
  if (query.overdue !== undefined) {
    const late = (eb: ExpressionBuilder<Database, 'cases'>) =>
      eb.exists(pendingTasks(eb).select('tasks.task_id').where('tasks.due_at', '<', now));
    base = base.where((eb) => (query.overdue ? late(eb) : eb.not(late(eb))));
  }
  const { key, descending } = sortOrder(query.sort);
  const direction = sql.raw(descending ? 'desc' : 'asc');
  const limit = query.pageSize;
  const offset = (query.page - 1) * query.pageSize;
  const [{ n }, rows] = await Promise.all([
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('cases')
      .select((eb) =>
        pendingTasks(eb)
          .select((t) => t.fn.min('tasks.due_at').as('d'))
          .as('next_due_at'),
      )
      // A case with no pending step has no deadline: last in either direction.
      .orderBy(sql`${sql.ref(SORT_COLUMN[key])} ${direction} nulls last`)
      .orderBy('updated_at', 'desc')
      .orderBy('case_id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  return {
    items: rows.map((c) => ({
      caseId: c.case_id,
      kind: c.kind,
      subjectId: c.subject_id,
      summary: c.summary,
      townshipId: c.township_id,
      stage: c.stage,
      status: c.status,
      outcome: c.outcome,
      policyVersion: c.policy_version,
      startedAt: c.started_at.toISOString(),
      updatedAt: c.updated_at.toISOString(),
      closedAt: c.closed_at?.toISOString() ?? null,
      nextDueAt: c.next_due_at ? new Date(c.next_due_at).toISOString() : null,
    })),
    total: Number(n),
    limit,
    offset,
  };
}
