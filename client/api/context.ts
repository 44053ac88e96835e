/**
 * What route modules share: the database, the backend the CLI also uses, and the
 * settings resolved once in `buildApi`.
 */
import type { PersonalDataCipher } from '../crypto/personalData';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DB } from '../../schema/db';
import type { AuditCalls } from '../audit/backendModule';
import type { SigningKey } from '../audit/checkpoint';
import type { Backend } from '../backend';
import type { EvaluationBackend } from '../commands/evaluationBackend';
import type { RectificationCalls } from '../rectificationService';
import type { ElectionCalls } from '../electionService';
import type { MembersApi } from '../commands/members';
import type { SelectionCalls } from '../selectionService';
import type { BallotServiceOptions } from '../ballots/service';
import type { CastThrottle } from '../ballots/castThrottle';
import type { BallotDeadlines } from '../ballots/deadlines';
import type { LoginThrottle } from './loginThrottle';
import { ApiError } from './problem';
import type { WorkGate } from './workGate';
import type { DemoStatus } from '../demoProgress';

/** The procedures' backend modules the dashboard, round, selection and audit routes call (client/backendModules.ts). */
export interface ApiModules {
  evaluation: EvaluationBackend;
  rectification: RectificationCalls;
  selection: SelectionCalls;
  election: ElectionCalls;
  members: MembersApi;
  audit: AuditCalls;
}

export type WorkflowBundle = WorkflowBundleWithSourceMap | { codePath: string };

export interface ApiContext {
  db: DB;
  backend: Backend;
  temporal?: Client;
  clock: () => number;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Failed sign-ins per address and login, per address, per login (loginThrottle.ts). */
  loginThrottle: LoginThrottle;
  /** Bounds the argon2 work of password checks (workGate.ts). */
  passwordGate: WorkGate;
  /** The deployment's payload codec, for the Temporal Web UI's codec endpoint. */
  codec?: PayloadCodec;
  /** Seals and opens the registry's ID and phone numbers (client/crypto/personalData.ts). */
  personalData?: PersonalDataCipher;
  /** The Web UI's origin, allowed to call the codec endpoint with the user's cookies. */
  codecCorsOrigin?: string;
  modules?: ApiModules;
  /** Where the built web UI is (index.html and assets/). */
  webRoot: string;
  /** The workflow code audits replay against; bundled on first use when not given. */
  workflowBundle: () => Promise<WorkflowBundle>;
  /** The Ed25519 key `POST /audit/checkpoints` signs with; without it that route answers 503. */
  auditSigningKey?: () => SigningKey;
  /** Under `up --demo`: how far the demo county has loaded (/health). */
  demoStatus?: () => DemoStatus;
  /** The deployment's hash and policy for ballot sessions; unset: SHA-256 and the default policy. */
  ballots?: BallotServiceOptions;
  /** Casts per token and failures per address (client/ballots/castThrottle.ts). */
  castThrottle: CastThrottle;
  /** Closes sessions at their deadline (client/ballots/deadlines.ts); told of each open and close. Unset: nothing closes by itself. */
  ballotDeadlines?: BallotDeadlines;
}

/** A module, or a 503 naming what the API was built without. */
export function moduleOf<K extends keyof ApiModules>(ctx: ApiContext, name: K): ApiModules[K] {
  const m = ctx.modules?.[name];
  if (!m) {
    throw new ApiError(
      503,
      'not-configured',
      'Service unavailable',
      `this API was started without the ${name} module (ApiDeps.modules); the operator must pass it`,
    );
  }
  return m;
}

/** `?limit=&offset=` as numbers, within bounds. */
export function paging(q: { limit?: string; offset?: string }): { limit: number; offset: number } {
  const limit = Math.min(Math.max(q.limit === undefined ? 50 : Number(q.limit), 1), 500);
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  return { limit, offset };
}
