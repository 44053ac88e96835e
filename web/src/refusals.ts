/**
 * Why a case refused a decision, as the user reads it: each reason the kit gives
 * (workflows/kit/messages.ts REFUSALS) has its own text in both languages (i18n.tsx); the
 * problem's detail, in English with the numbers, is shown below it.
 */
const REFUSAL_TEXT = {
  UnknownStep: 'refusalUnknownStep',
  WrongRole: 'refusalWrongRole',
  WrongTownship: 'refusalWrongTownship',
  DuplicateDecision: 'refusalDuplicateDecision',
  MalformedDecision: 'refusalMalformedDecision',
  CaseClosed: 'refusalCaseClosed',
  NoticeClosed: 'refusalNoticeClosed',
  Unsealed: 'refusalUnsealed',
} as const;

/** The text key of a refusal reason (workflows/kit/messages.ts REFUSALS); another problem reads as a plain refusal. */
export function refusalText(reason: string | undefined): (typeof REFUSAL_TEXT)[keyof typeof REFUSAL_TEXT] | 'refusalOther' {
  return reason && Object.hasOwn(REFUSAL_TEXT, reason) ? REFUSAL_TEXT[reason as keyof typeof REFUSAL_TEXT] : 'refusalOther';
}
