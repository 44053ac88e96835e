/**
 * The errors a command prints: a line in English and, when the error says it in Chinese
 * too, a line in Chinese (client/cli.ts). Their own module, free of the Temporal client,
 * so that what the CLI loads at start-up (client/cli.ts, client/actorArgs.ts) can throw them.
 */

import { OTHER_REFUSAL, refusalWords } from '../domain/refusalWords';

/**
 * A person-caused error: printed without a stack. `message` is English; `zh`, when given,
 * says the same in Chinese (a parser's refusal, domain/bilingual.ts), for the command
 * line's second line, the API's problem and the zh-CN web UI.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly zh?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The UserError for a parser's refusal: its English as the message, its Chinese beside. */
export const refusedInput = (refusal: { error: string; zh?: string }): UserError => new UserError(refusal.error, refusal.zh);

/**
 * A decision the case refused; `reason` is one of the kit's refusal types. The detail is
 * the case's English (with its numbers); the Chinese is the reason's words, as the web UI
 * shows them (domain/refusalWords.ts).
 */
export class DecisionRefusedError extends UserError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(`refused (${reason}): ${message}`, refusalZh(reason));
    this.name = 'DecisionRefusedError';
  }
}

/** A reason with words of its own says them; another (a procedure's own, e.g. OverQuota) is named beside the general words. */
function refusalZh(reason: string): string {
  const words = refusalWords(reason);
  return words ? `未被受理：${words.zh}` : `${OTHER_REFUSAL.zh}（${reason}）`;
}

/** Something a request names that the registry does not hold (a cadre, a unit): the API answers 404. */
export class NotInRegistryError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'NotInRegistryError';
  }
}

/**
 * Temporal turned the decision away before the case saw it: the case (a big evaluation round,
 * most often) already has as many decisions in flight as Temporal admits at once. Nothing was
 * recorded, so sending the same decision again shortly is safe; the API answers 503.
 */
export class CaseBusyError extends UserError {
  constructor(readonly caseId: string) {
    super(
      `case ${caseId} is busy with other decisions; nothing was recorded; send the decision again shortly`,
      `案件 ${caseId} 正在处理其他决定，本次未作记录，请稍后重新提交`,
    );
    this.name = 'CaseBusyError';
  }
}
