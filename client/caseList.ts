/**
 * The cases list from the `cases` read model: filtered, sorted and paged as the query
 * parsed by domain/caseQuery.ts says, within the township the caller may read. Each
 * case carries the soonest due time of its pending steps (its next deadline), which the
 * `due` sort and the `overdue` filter read from `tasks`.
 */
import { sql } from 'kysely';
import { sortOrder, type CaseQuery } from '../domain/caseQuery';
import type { DB } from '../schema/db';
import { caseHeadingOf } from './caseHeading';
import type { CaseSummary } from '../domain/wire/caseSummary';
import type { Page } from '../domain/wire/page';

/** A page of the list: the wire types once, in domain/wire/. */
export type CasePage = Page<CaseSummary>;

/** Sort columns; ties go to the most recently changed, then the case id, so pages never overlap. */
const SORT_COLUMN = {
  updated: 'cases.updated_at',
  started: 'cases.started_at',
  due: 'due.next_due_at',
  township: 'cases.township_id',
} as const;

/**
 * One page of cases. `township` is the caller's scope (readScope in client/api/auth.ts):
 * a township committee member's own township whatever the query asked.
 */
export async function listCases(db: DB, query: CaseQuery, township: string | undefined, now: Date): Promise<CasePage> {
  const { key, descending } = sortOrder(query.sort);
  // The soonest due time of each case's pending steps, in one pass over the pending tasks:
  // joined only when the filter or the sort needs it of every case; else read for the page.
  const everyDue = key === 'due' || query.overdue !== undefined;
  const nextDue = db
    .selectFrom('tasks')
    .select((eb) => ['tasks.case_id', eb.fn.min('tasks.due_at').as('next_due_at')])
    .where('tasks.status', '=', 'pending')
    .groupBy('tasks.case_id');
  let base = db.selectFrom('cases');
  // The join adds only `due.next_due_at`, read below through sql: the builder's type stays the cases'.
  if (everyDue) base = base.leftJoin(nextDue.as('due'), 'due.case_id', 'cases.case_id') as unknown as typeof base;
  if (township) base = base.where('cases.township_id', '=', township);
  if (query.kind) base = base.where('cases.kind', '=', query.kind);
  if (query.status) base = base.where('cases.status', '=', query.status);
  if (query.stage) base = base.where('cases.stage', '=', query.stage);
  if (query.subject) base = base.where('cases.subject_id', '=', query.subject);
  // Overdue: the soonest pending step is past due; not overdue: none pending, or the soonest still ahead.
  if (query.overdue === true) base = base.where(sql<boolean>`due.next_due_at < ${now}`);
  if (query.overdue === false) base = base.where(sql<boolean>`(due.next_due_at is null or due.next_due_at >= ${now})`);
  const direction = sql.raw(descending ? 'desc' : 'asc');
  const limit = query.pageSize;
  const offset = (query.page - 1) * query.pageSize;
  const [{ n }, rows] = await Promise.all([
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll('cases')
      .select(everyDue ? sql<Date | null>`due.next_due_at`.as('next_due_at') : sql<Date | null>`null::timestamptz`.as('next_due_at'))
      // A case with no pending step has no deadline: last in either direction.
      .orderBy(sql`${sql.ref(SORT_COLUMN[key])} ${direction} nulls last`)
      .orderBy('cases.updated_at', 'desc')
      .orderBy('cases.case_id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  const pageDue =
    everyDue || rows.length === 0
      ? new Map<string, Date | null>()
      : new Map(
          (
            await nextDue
              .where(
                'tasks.case_id',
                'in',
                rows.map((r) => r.case_id),
              )
              .execute()
          ).map((r) => [r.case_id, r.next_due_at]),
        );
  const dueOf = (c: (typeof rows)[number]) => (everyDue ? c.next_due_at : pageDue.get(c.case_id));
  return {
    items: rows.map((c) => {
      const due = dueOf(c);
      return {
        ...caseHeadingOf(c),
        subjectId: c.subject_id,
        updatedAt: c.updated_at.toISOString(),
        closedAt: c.closed_at?.toISOString() ?? null,
        nextDueAt: due ? new Date(due).toISOString() : null,
      };
    }),
    total: Number(n),
    limit,
    offset,
  };
}
