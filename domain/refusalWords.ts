/**
 * Why a case refused a decision, in the words a person reads: one pair per refusal reason
 * the kit gives (workflows/kit/messages.ts `REFUSALS`), Chinese first. The web UI shows
 * them (web/src/i18n.tsx) and the command line prints them under the English detail
 * (client/userError.ts `DecisionRefusedError`), so both say the same.
 */
export interface RefusalWords {
  readonly zh: string;
  readonly en: string;
}

export const REFUSAL_WORDS = {
  UnknownStep: {
    zh: '该步骤当前未开放办理（可能已办结或尚未开始）',
    en: 'This step is not open now (it may be done already, or not yet started)',
  },
  WrongRole: { zh: '该步骤不由您的角色办理', en: 'Your role does not decide this step' },
  WrongTownship: { zh: '该步骤属于其他乡镇', en: 'This step belongs to another township' },
  DuplicateDecision: { zh: '该步骤已经办理，本次未记录', en: 'This step was already decided; nothing was recorded' },
  MalformedDecision: { zh: '填写的内容不符合要求，未记录', en: 'The decision does not meet the rules; nothing was recorded' },
  CaseClosed: { zh: '案件已办结', en: 'The case is closed' },
  NoticeClosed: { zh: '公示期已结束', en: 'The public notice has closed' },
  Unsealed: { zh: '请求未经本系统签封，已拒绝', en: 'The request was not sealed by this deployment and was refused' },
} as const satisfies Record<string, RefusalWords>;

/** A refusal whose reason has no words of its own. */
export const OTHER_REFUSAL: RefusalWords = { zh: '未被受理，未记录任何内容', en: 'Refused; nothing was recorded' };

/** The words of a reason the kit gives; undefined for another (a procedure's own, e.g. OverQuota). */
export function refusalWords(reason: string): RefusalWords | undefined {
  return Object.hasOwn(REFUSAL_WORDS, reason) ? REFUSAL_WORDS[reason as keyof typeof REFUSAL_WORDS] : undefined;
}
