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
