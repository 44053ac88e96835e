/**
 * The errors a command prints as one line. Their own module, free of the Temporal client,
 * so that what the CLI loads at start-up (client/cli.ts, client/actorArgs.ts) can throw them.
 */

/**
 * A person-caused error: printed as one line, never with a stack. `message` is English;
 * `zh`, when given, says the same in Chinese (a parser's refusal, domain/bilingual.ts),
 * for the API's problem and the zh-CN web UI.
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

/** A decision the case refused; `reason` is one of the kit's refusal types. */
export class DecisionRefusedError extends UserError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(`refused (${reason}): ${message}`);
    this.name = 'DecisionRefusedError';
  }
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
