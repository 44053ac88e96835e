/**
 * Why a step did not take a session's decision, in Chinese and English, for the chair's
 * page (docs/ballots.md "The decision to the workflow"). The case's refusals speak
 * English (workflows/kit/refusal.ts, domain/decisions.ts); the Chinese names the refusal
 * and quotes the English detail, and says which of the chair's fields the step may be
 * waiting for (an assembly's day). The session stays closed whatever the refusal.
 */
import type { SessionDecisionRefusal } from '../wire/ballotSession';
import { listedExtra, type ExtraField } from './sessionExtra';

export type { SessionDecisionRefusal };

const ZH: Readonly<Record<string, string>> = {
  MalformedDecision: '该步骤未采用投票结果，未记录',
  DuplicateDecision: '该步骤已经办理，未记录',
  UnknownStep: '该步骤未在办理中，未记录',
  CaseClosed: '案件已办结，未记录',
  WrongRole: '无权办理该步骤，未记录',
  WrongTownship: '该步骤不属于本乡镇，未记录',
  'case-not-running': '案件流程未在运行，未记录',
  'temporal-unavailable': '暂时无法送达案件流程，请稍后再据投票结果办理',
  'case-busy': '案件正在处理其他决定，未记录，请稍后再据投票结果办理',
};

export function sessionDecisionRefusal(code: string, en: string, missing: readonly ExtraField[] = []): SessionDecisionRefusal {
  const ask = code === 'MalformedDecision' && missing.length > 0;
  return {
    code,
    zh: `${ZH[code] ?? '该步骤未采用投票结果，未记录'}：${en}${ask ? `（可能需要补充${listedExtra(missing, 'zh')}）` : ''}`,
    en: ask ? `${en} (it may need ${listedExtra(missing, 'en')})` : en,
  };
}
