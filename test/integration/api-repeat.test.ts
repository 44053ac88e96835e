/**
 * A decision sent again through the API by the person who sent it (its answer was lost)
 * gets the first one's receipt, even when it was the decision that closed the case; a
 * different decision, or the same one from a colleague, is still refused. Real API, real
 * PostgreSQL, the real Temporal dev server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventually } from '../support/cases';
import { signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-repeat-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let colleague: string;
let caseId: string;

async function call(cookie: string, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
}

async function streamLength(): Promise<number> {
  const row = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('stream_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, client, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  colleague = (await signedInUser(stack, { login: 'org-staff-2', role: 'county-org-dept', password: PASSWORD })).cookie;
  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  const started = await call(county, {
    method: 'POST',
    url: '/cases/probation',
    payload: { personId: person.person_id, title: '副乡长', appointedOn: addMonths(shanghaiDate(Date.now()), -4), appointmentId: 'repeat' },
  });
  expect(started.statusCode, started.body).toBe(201);
  caseId = (JSON.parse(started.body) as { caseId: string }).caseId;
  await eventually(
    async () =>
      (await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', caseId)
        .where('step', '=', 'check-in-1')
        .executeTakeFirst()) ?? undefined,
    'check-in-1 to open',
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (caseId)
    await client.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('a decision sent again', () => {
  it('that closed the case gets its first receipt; another reason or a colleague is refused, and nothing more is written', async () => {
    const url = `/cases/${encodeURIComponent(caseId)}/decisions`;
    const endEarly = { step: 'end-early', decision: { reason: '调任其他岗位' } };
    const first = await call(county, { method: 'POST', url, payload: endEarly });
    expect(first.statusCode, first.body).toBe(200);
    const receipt = JSON.parse(first.body) as { position: string };
    await eventually(
      async () =>
        (await database.db.selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst())?.status === 'closed'
          ? true
          : undefined,
      'the case to close in the read model',
    );
    const eventsBefore = await streamLength();

    // The same person, the same decision: the first receipt, read from the closed case's history.
    const again = await call(county, { method: 'POST', url, payload: endEarly });
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(first.body));
    expect((JSON.parse(again.body) as { position: string }).position).toBe(receipt.position);

    // Another reason, or the same reason from a colleague, is not a repeat: the case is closed.
    const other = await call(county, { method: 'POST', url, payload: { step: 'end-early', decision: { reason: '另有任用' } } });
    expect(other.statusCode, other.body).toBe(409);
    const byColleague = await call(colleague, { method: 'POST', url, payload: endEarly });
    expect(byColleague.statusCode, byColleague.body).toBe(409);

    expect(await streamLength()).toBe(eventsBefore);
  });
});
