/**
 * The cases list's query (GET /cases, the web UI's 案件 page and its URL): filters, sort
 * and page, one parser for all of them. The API reads its query string with it; the web
 * page reads its URL hash with it and writes the query back with `caseQueryText`, so a
 * link or the back button gives the same list. Every problem is reported at once, in
 * Chinese and English; a query with a problem lists nothing.
 */
import type { CaseKind } from './events';

/** Every kind the `cases` read model holds. A kind added to the domain and not here fails the typecheck (`_everyKind`). */
export const CASE_KINDS = [
  'probation',
  'election',
  'evaluation',
  'evaluation-round',
  'rectification',
  'member-development',
  'selection',
] as const satisfies readonly CaseKind[];
type MissingKind = Exclude<CaseKind, (typeof CASE_KINDS)[number]>;
const _everyKind: MissingKind extends never ? true : never = true;

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseListStatus = (typeof CASE_STATUSES)[number];

/**
 * What the list sorts by: `updated` (last change), `started`, `due` (the soonest due of the
 * case's pending steps; cases with none come last either way), `township` (by id, the
 * registry's order). `-` in front: descending.
 */
export const CASE_SORT_KEYS = ['updated', 'started', 'due', 'township'] as const;
export type CaseSortKey = (typeof CASE_SORT_KEYS)[number];
export type CaseSort = CaseSortKey | `-${CaseSortKey}`;
export const CASE_SORTS: readonly CaseSort[] = CASE_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
/** Most recently changed first, as the list always was. */
export const DEFAULT_CASE_SORT: CaseSort = '-updated';

export const DEFAULT_PAGE_SIZE = 20;
/** A page the browser can still show at once; more is a slip or a scrape. */
export const MAX_PAGE_SIZE = 100;
/** Far beyond any county's cases at the largest page: a page number past it is a slip. */
const MAX_PAGE = 100_000;

export interface CaseQuery {
  kind?: CaseKind;
  township?: string;
  /** The read model's stage, e.g. `democratic-rating` or `round-2:plan`. */
  stage?: string;
  status?: CaseListStatus;
  /** true: cases with a pending step past its due time; false: cases with none. */
  overdue?: boolean;
  /** The person or unit the case is about. */
  subject?: string;
  sort: CaseSort;
  /** From 1. */
  page: number;
  pageSize: number;
}

export const CASE_QUERY_FIELDS = ['kind', 'township', 'stage', 'status', 'overdue', 'subject', 'sort', 'page', 'pageSize'] as const;
export type CaseQueryField = (typeof CASE_QUERY_FIELDS)[number];

/** The query's fields as text, as they arrive from a query string or a URL hash. */
export type CaseQueryText = Partial<Record<CaseQueryField, string>>;

export interface CaseQueryProblem {
  field: CaseQueryField;
  zh: string;
  en: string;
}

export type CaseQueryParse = { ok: true; query: CaseQuery } | { ok: false; problems: CaseQueryProblem[] };

/** Ids of townships and subjects: the API's ID pattern (client/api/schemas.ts). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}$/;
const STAGE = /^[A-Za-z0-9._:-]{1,100}$/;

const oneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

/** Reads the query from text; empty text is "not given". */
export function parseCaseQuery(text: CaseQueryText): CaseQueryParse {
  const problems: CaseQueryProblem[] = [];
  const query: CaseQuery = { sort: DEFAULT_CASE_SORT, page: 1, pageSize: DEFAULT_PAGE_SIZE };
  const given = (k: CaseQueryField) => {
    const v = text[k]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const bad = (field: CaseQueryField, zh: string, en: string) => problems.push({ field, zh, en });

  const kind = given('kind');
  if (kind !== undefined) {
    if (oneOf(CASE_KINDS, kind)) query.kind = kind;
    else bad('kind', `案件类型须为 ${CASE_KINDS.join('、')} 之一`, `kind must be one of ${CASE_KINDS.join(', ')}`);
  }
  for (const k of ['township', 'subject'] as const) {
    const v = given(k);
    if (v === undefined) continue;
    if (ID.test(v)) query[k] = v;
    else
      bad(
        k,
        `${k === 'township' ? '乡镇' : '对象'}须为编号（字母、数字和 ._:/+-，不超过 200 个字符）`,
        `${k} must be an id (letters, digits and ._:/+-, at most 200 characters)`,
      );
  }
  const stage = given('stage');
  if (stage !== undefined) {
    if (STAGE.test(stage)) query.stage = stage;
    else
      bad(
        'stage',
        '阶段须为阶段编号（字母、数字和 ._:-，不超过 100 个字符）',
        'stage must be a stage id (letters, digits and ._:-, at most 100 characters)',
      );
  }
  const status = given('status');
  if (status !== undefined) {
    if (oneOf(CASE_STATUSES, status)) query.status = status;
    else bad('status', '状态须为 open（办理中）或 closed（已办结）', 'status must be open or closed');
  }
  const overdue = given('overdue');
  if (overdue !== undefined) {
    if (overdue === 'true' || overdue === 'false') query.overdue = overdue === 'true';
    else bad('overdue', 'overdue 须为 true 或 false', 'overdue must be true or false');
  }
  const sort = given('sort');
  if (sort !== undefined) {
    if (oneOf(CASE_SORTS, sort)) query.sort = sort;
    else
      bad(
        'sort',
        `排序须为 ${CASE_SORTS.join('、')} 之一（- 表示倒序）`,
        `sort must be one of ${CASE_SORTS.join(', ')} (- for descending)`,
      );
  }
  const page = given('page');
  if (page !== undefined) {
    if (/^\d{1,6}$/.test(page) && Number(page) >= 1 && Number(page) <= MAX_PAGE) query.page = Number(page);
    else bad('page', `页码须为 1–${MAX_PAGE} 的整数`, `page must be a whole number, 1–${MAX_PAGE}`);
  }
  const pageSize = given('pageSize');
  if (pageSize !== undefined) {
    if (/^\d{1,3}$/.test(pageSize) && Number(pageSize) >= 1 && Number(pageSize) <= MAX_PAGE_SIZE) query.pageSize = Number(pageSize);
    else bad('pageSize', `每页条数须为 1–${MAX_PAGE_SIZE} 的整数`, `pageSize must be a whole number, 1–${MAX_PAGE_SIZE}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, query };
}

/**
 * The query as text, the inverse of `parseCaseQuery`: only what differs from the
 * defaults, in a fixed order, so equal queries give equal URLs.
 */
export function caseQueryText(q: Partial<CaseQuery>): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.kind !== undefined) out.kind = q.kind;
  if (q.township !== undefined) out.township = q.township;
  if (q.stage !== undefined) out.stage = q.stage;
  if (q.status !== undefined) out.status = q.status;
  if (q.overdue !== undefined) out.overdue = String(q.overdue);
  if (q.subject !== undefined) out.subject = q.subject;
  if (q.sort !== undefined && q.sort !== DEFAULT_CASE_SORT) out.sort = q.sort;
  if (q.page !== undefined && q.page !== 1) out.page = String(q.page);
  if (q.pageSize !== undefined && q.pageSize !== DEFAULT_PAGE_SIZE) out.pageSize = String(q.pageSize);
  return out;
}

/** One line for a refusal: every problem, Chinese then English. */
export function caseQueryProblemText(problems: readonly CaseQueryProblem[]): string {
  return `${problems.map((p) => p.zh).join('；')} / ${problems.map((p) => p.en).join('; ')}`;
}

/** The sort's key and direction. */
export function sortOrder(sort: CaseSort): { key: CaseSortKey; descending: boolean } {
  return sort.startsWith('-') ? { key: sort.slice(1) as CaseSortKey, descending: true } : { key: sort as CaseSortKey, descending: false };
}
