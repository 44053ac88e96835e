/**
 * Why an online ballot session refuses something (docs/ballots.md): a token that is not
 * one, already voted or voided, a session that is closed, a ballot the step's rules do
 * not allow, a session that cannot be opened as asked. Nothing is written when one is
 * thrown; the message is in Chinese and English, for the voter's phone and for the log.
 */

export type BallotRefusalCode =
  | 'bad-token'
  | 'unknown-token'
  | 'token-used'
  | 'token-voided'
  | 'not-a-spare'
  | 'session-closed'
  | 'session-open'
  | 'session-full'
  | 'bad-ballot'
  | 'bad-session'
  /** A field added to a session's decision that the ballots give, or that the step's form does not have. */
  | 'bad-extra'
  | 'no-ballot-step'
  | 'unknown-session';

export class BallotRefusal extends Error {
  override readonly name = 'BallotRefusal';
  constructor(
    readonly code: BallotRefusalCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}
