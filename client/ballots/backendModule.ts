/**
 * The ballot sessions' backend (service.ts), served by a running `cadreflow up` too (it
 * owns the embedded database), so `cadreflow ballot …` works against either. A refusal
 * crosses as a UserError, Chinese then English, with its code.
 */
import type { Actor } from '../../domain/actors';
import { BallotRefusal } from '../../domain/ballots/ballotRefusal';
import type { BackendModule } from '../backend';
import { CRYPTO_SUITES } from '../crypto/suite';
import { loadConfig } from '../config';
import { UserError } from '../userError';
import { decide } from '../cases';
import type { ClosedBallotSession } from '../../domain/wire/ballotSession';
import { closeAndDecide, type DecideStep } from './decideFromSession';
import {
  openSession,
  publishedBallots,
  turnout,
  verifyBallotSession,
  verifyBallotSessions,
  voidSpare,
  type BallotChainReport,
  type OpenedSession,
  type PublishedBallots,
  type Turnout,
} from './service';

export interface BallotCalls {
  /** `spares` as typed on the command line: read here, so that a bad one reaches the service's check (JSON has no NaN). */
  open(actor: Actor, input: { caseId: string; step: string; definition: unknown; spares?: string }): Promise<OpenedSession>;
  turnout(actor: Actor, sessionId: string): Promise<Turnout>;
  voidSpare(actor: Actor, sessionId: string, token: string): Promise<void>;
  /** Closes and decides the step from the count, as the API's close does. */
  close(actor: Actor, sessionId: string): Promise<ClosedBallotSession>;
  published(sessionId: string): Promise<PublishedBallots>;
  /** One session's chain, or every session's. */
  verify(sessionId?: string | null): Promise<BallotChainReport[]>;
}

/** A refusal as the CLI prints it: `refused (code): 中文 / English`. */
export function refusalAsUserError(err: unknown): never {
  if (err instanceof BallotRefusal) throw new UserError(`refused (${err.code}): ${err.zh} / ${err.en}`, err.zh);
  throw err;
}

const refusing =
  <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
  (...a: A): Promise<R> =>
    fn(...a).catch(refusalAsUserError);

export const ballotBackend: BackendModule<BallotCalls> = {
  name: 'ballots',
  create({ db, policy, client }): BallotCalls {
    const decideStep: DecideStep = (caseId, step, actor, decision, ballot) => {
      // Without Temporal the session still closes; the step waits, and the answer says why.
      if (!client) throw new UserError('Temporal is not reachable from this process', '无法连接 Temporal');
      return decide(client, caseId, step, actor, decision, ballot ? { ballot } : {});
    };
    // The process that holds the database opens sessions with its deployment's suite, as the API does.
    const hashAlgorithm = () => CRYPTO_SUITES[loadConfig().crypto].hashAlgorithm;
    return {
      open: refusing((actor, { spares, ...input }) =>
        openSession(
          db,
          actor,
          { ...input, spares: spares === undefined ? undefined : /^\s*\d+\s*$/.test(spares) ? Number(spares) : Number.NaN },
          { hashAlgorithm: hashAlgorithm(), policy },
        ),
      ),
      turnout: refusing((actor, sessionId) => turnout(db, actor, sessionId, { policy })),
      voidSpare: refusing((actor, sessionId, token) => voidSpare(db, actor, sessionId, token)),
      close: refusing((actor, sessionId) => closeAndDecide(db, decideStep, actor, sessionId, { policy })),
      published: refusing((sessionId) => publishedBallots(db, sessionId)),
      // Over the control channel a missing argument arrives as null.
      verify: refusing(async (sessionId) =>
        sessionId === undefined || sessionId === null ? verifyBallotSessions(db) : [await verifyBallotSession(db, sessionId)],
      ),
    };
  },
};
