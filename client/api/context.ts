/**
 * What route modules share: the database, the backend the CLI also uses, and the
 * settings resolved once in `buildApi`.
 */
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { DB } from '../../schema/db';
import type { Backend } from '../backend';

export interface ApiContext {
  db: DB;
  backend: Backend;
  temporal?: Client;
  clock: () => number;
  sessionTtlMs: number;
  secureCookies: boolean;
  loginRateLimit: { max: number; timeWindowMs: number };
  /** The deployment's payload codec, for the Temporal Web UI's codec endpoint. */
  codec?: PayloadCodec;
  /** The Web UI's origin, allowed to call the codec endpoint with the user's cookies. */
  codecCorsOrigin?: string;
}

/** `?limit=&offset=` as numbers, within bounds. */
export function paging(q: { limit?: string; offset?: string }): { limit: number; offset: number } {
  const limit = Math.min(Math.max(q.limit === undefined ? 50 : Number(q.limit), 1), 500);
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  return { limit, offset };
}
