/**
 * Which cases an audit request over HTTP covers (an archive, a replay): one case, every
 * case of a kind and/or opened since a day, or every case — one way at a time, as
 * `cadreflow audit --case | --kind/--since | --all` chooses them. A raw Temporal list
 * filter (the CLI's --query) is not taken over HTTP.
 */
import { shanghaiInstant } from './calendar';

export interface AuditSelectionInput {
  caseId?: string;
  kind?: string;
  since?: string;
  all?: boolean | string;
}

export interface AuditSelection {
  caseId?: string;
  kind?: string;
  /** YYYY-MM-DD (midnight, Asia/Shanghai) or an ISO-8601 instant. */
  since?: string;
  all?: boolean;
}

export type AuditSelectionResult = { ok: true; selection: AuditSelection } | { ok: false; zh: string; en: string };

const KIND = /^[A-Za-z0-9_.-]{1,60}$/;
const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}$/;

/** A case kind as the CaseKind search attribute holds it; nothing that could change a list filter. */
export function isAuditKind(kind: string): boolean {
  return KIND.test(kind);
}

/** A calendar day (midnight, Asia/Shanghai, as every date in the domain) or a full ISO-8601 instant. */
export function isAuditSince(since: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(since)) {
    try {
      shanghaiInstant(since, 0, 0);
      return true;
    } catch {
      return false;
    }
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(since) && Number.isFinite(Date.parse(since));
}

export function parseAuditSelection(input: AuditSelectionInput): AuditSelectionResult {
  const all = input.all === true || input.all === 'true';
  if (input.all !== undefined && !all && input.all !== false && input.all !== 'false') {
    return { ok: false, zh: 'all 只能是 true 或 false', en: 'all must be true or false' };
  }
  const filtered = input.kind !== undefined || input.since !== undefined;
  const chosen = [input.caseId !== undefined, all, filtered].filter(Boolean).length;
  if (chosen === 0)
    return { ok: false, zh: '请选择案件：caseId、kind/since 或 all', en: 'choose the cases: caseId, kind and/or since, or all' };
  if (chosen > 1)
    return {
      ok: false,
      zh: 'caseId、all 与 kind/since 是不同的选择方式，只能给出一种',
      en: 'caseId, all and kind/since select cases in different ways; give one of them',
    };
  if (input.caseId !== undefined && !CASE_ID.test(input.caseId))
    return {
      ok: false,
      zh: `案件编号 ${JSON.stringify(input.caseId)} 格式不对`,
      en: `caseId ${JSON.stringify(input.caseId)} is not a case id`,
    };
  if (input.kind !== undefined && !isAuditKind(input.kind))
    return {
      ok: false,
      zh: `kind ${JSON.stringify(input.kind)} 不是案件类型（如 probation）`,
      en: `kind ${JSON.stringify(input.kind)}: expected a case kind such as probation`,
    };
  if (input.since !== undefined && !isAuditSince(input.since))
    return {
      ok: false,
      zh: `since ${JSON.stringify(input.since)} 应为 YYYY-MM-DD 日期或 ISO-8601 时刻`,
      en: `since ${JSON.stringify(input.since)}: expected YYYY-MM-DD or an ISO-8601 instant`,
    };
  const selection: AuditSelection = {};
  if (input.caseId !== undefined) selection.caseId = input.caseId;
  if (input.kind !== undefined) selection.kind = input.kind;
  if (input.since !== undefined) selection.since = input.since;
  if (all) selection.all = true;
  return { ok: true, selection };
}
