/**
 * Set-up shared by the online ballot suites over HTTP (test/integration/api-ballots*.test.ts):
 * decide a case's steps as a signed-in chair, wait for a step's task row, open a session,
 * cast its tokens at once, and read what a case recorded. Each wait ends on a row, never
 * after a guessed time.
 */
import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DomainEventType } from '../../domain/events';
import type { DB } from '../../schema/db';
import { eventually } from './cases';

export const json = (res: { body: string }) => JSON.parse(res.body) as Record<string, unknown>;

export interface BallotHttp {
  app: FastifyInstance;
  db: DB;
}

/** Waits for the step's task row to be pending: a decision or a session needs it. */
export async function pendingStep({ db }: BallotHttp, caseId: string, step: string): Promise<void> {
  await eventually(
    async () =>
      (await db.selectFrom('tasks').select('status').where('case_id', '=', caseId).where('step', '=', step).executeTakeFirst())?.status ===
        'pending' || undefined,
    `${caseId} ${step}`,
  );
}

/** A typed-in decision through POST /cases/{caseId}/decisions, once the step is open; it must be taken. */
export async function decideOver(
  h: BallotHttp,
  cookie: string,
  caseId: string,
  step: string,
  decision: unknown,
): Promise<LightMyRequestResponse> {
  await pendingStep(h, caseId, step);
  const res = await h.app.inject({
    method: 'POST',
    url: `/cases/${encodeURIComponent(caseId)}/decisions`,
    headers: { cookie },
    payload: { step, decision },
  });
  expect(res.statusCode, `${caseId} ${step}: ${res.body}`).toBe(200);
  return res;
}

export interface Sheet {
  sessionId: string;
  tokens: { group: string; token: string; url: string }[];
  spares: { group: string; token: string; url: string }[];
}

/** Opens a session on the open step as `cookie`'s chair; the token sheet. */
export async function openSessionOver(
  h: BallotHttp,
  cookie: string,
  caseId: string,
  payload: { step: string; definition: Record<string, unknown>; spares?: number },
): Promise<Sheet> {
  await pendingStep(h, caseId, payload.step);
  const res = await h.app.inject({
    method: 'POST',
    url: `/cases/${encodeURIComponent(caseId)}/ballot-sessions`,
    headers: { cookie },
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res) as unknown as Sheet;
}

/** Casts one ballot per token, all at once, with no sign-in; every one must be taken. Their receipts. */
export async function castAtOnce(h: BallotHttp, tokens: readonly string[], ballotOf: (i: number) => unknown): Promise<string[]> {
  const casts = await Promise.all(
    tokens.map((token, i) => h.app.inject({ method: 'POST', url: '/ballots', payload: { token, ballot: ballotOf(i) } })),
  );
  for (const c of casts) expect(c.statusCode, c.body).toBe(201);
  return casts.map((c) => (json(c) as { receipt: string }).receipt);
}

export async function ballotRows(db: DB): Promise<number> {
  const r = await db
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The data of a case's events of `type`, in log order. */
export async function eventsOf(db: DB, caseId: string, type: DomainEventType): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('events')
    .select('data')
    .where('stream_id', '=', caseId)
    .where('type', '=', type)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.data as Record<string, unknown>);
}

/** Waits for the case's `n`-th event of `type` (1-based) and gives its data. */
export async function nthEvent(db: DB, caseId: string, type: DomainEventType, n = 1): Promise<Record<string, unknown>> {
  return eventually(async () => (await eventsOf(db, caseId, type))[n - 1], `${caseId}: ${type} #${n}`);
}

/** The TaskDecided event of `step`, once recorded. */
export async function taskDecided(db: DB, caseId: string, step: string): Promise<Record<string, unknown>> {
  return eventually(async () => (await eventsOf(db, caseId, 'TaskDecided')).find((d) => d.step === step), `${caseId}: TaskDecided ${step}`);
}
