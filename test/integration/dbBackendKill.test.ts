/**
 * The database's backends killed under load (issue 11, "survive the database"):
 * `cadreflow up` runs as a child process on a PostgreSQL database of this suite's own
 * (DATABASE_URL) and the test run's Temporal dev server, with its worker and HTTP API.
 * Township committees decide probation steps through the API, many at once, each
 * retrying its request on a network error or a 5xx as a browser user would, while the
 * suite keeps terminating every backend of that database (`pg_terminate_backend`).
 *
 * The process must live through it; every decision must be in the log exactly once;
 * every person must end up with an accepted receipt for it, never a refusal — a retry of
 * a decision that was already applied gets the first receipt, not "already decided".
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client } from 'pg';
import { sql } from 'kysely';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import { planProbation } from '../../domain/probation';
import { createUser } from '../../client/api/accounts';
import { seedRegistry } from '../../client/registrySeed';
import { openPostgresDatabase, type OpenedDatabase } from '../../schema/connect';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/db';
import { cliEnv, startCli, type LongRunning } from '../support/cli';
import { eventually, testDeadline } from '../support/cases';

const CASES = 16;
const PASSWORD = 'kill-the-backends-2026';

let database: TestDatabase;
/** The suite's own pool on the database: its connections are killed too, and it must carry on. */
let reader: OpenedDatabase;
let readerConnectionErrors = 0;
let up: LongRunning | undefined;
let apiUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  reader = await openPostgresDatabase(database.url, { max: 4, onConnectionError: () => void readerConnectionErrors++ });
}, 120_000);

afterAll(async () => {
  if (up) {
    up.child.kill('SIGINT');
    const stopped = await Promise.race([up.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    if (!stopped) {
      up.child.kill('SIGKILL');
      await up.exited;
    }
  }
  await reader?.close();
  await database?.drop();
});

interface Outcome {
  status: number;
  body: unknown;
  /** Attempts that met a network error or a 5xx before this answer. */
  retries: number;
}

/**
 * One request, sent again unchanged after a network error or a 5xx, with backoff, as a
 * person pressing the button again would; a 4xx is an answer and is returned.
 */
async function request(
  method: 'GET' | 'POST',
  path: string,
  cookie: string | undefined,
  body?: unknown,
  opts: { firstAnswerLostAfterMs?: number } = {},
): Promise<Outcome> {
  // Bounded by the test's own timeout: on a busy machine the retries take longer, not fail.
  const deadline = testDeadline();
  for (let retries = 0; ; retries++) {
    let failure: string;
    try {
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // A first answer lost on its way back (the client gave up waiting) is retried like a dropped connection.
        signal: AbortSignal.timeout(retries === 0 && opts.firstAnswerLostAfterMs !== undefined ? opts.firstAnswerLostAfterMs : 60_000),
      });
      const text = await res.text();
      if (res.status < 500) return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined, retries };
      failure = `${res.status} ${text}`;
    } catch (err) {
      failure = String(err);
    }
    if (Date.now() > deadline) throw new Error(`${method} ${path}: still failing after ${retries + 1} attempts: ${failure}`);
    await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** Math.min(retries, 5))));
  }
}

async function login(loginName: string): Promise<string> {
  const res = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${loginName}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.includes('session'));
  if (!cookie) throw new Error(`login ${loginName}: no session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  return cookie.split(';')[0]!;
}

/** Terminates every backend of the database but the caller's; how many it ended. */
async function killBackends(admin: Client, name: string): Promise<number> {
  const r = await admin.query<{ ended: boolean }>(
    'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [name],
  );
  return r.rows.filter((row) => row.ended).length;
}

describe('PostgreSQL backends killed while decisions are applied', () => {
  it('keeps `cadreflow up` alive, applies every decision once and never tells anyone a false refusal', { timeout: 600_000 }, async () => {
    const dbName = new URL(database.url).pathname.slice(1);
    const people = await database.db
      .selectFrom('people')
      .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
      .select(['people.person_id', 'people.township_id', 'org_units.kind'])
      .where('people.township_id', 'is not', null)
      .where('org_units.kind', '=', 'township')
      .orderBy('people.person_id')
      .limit(CASES)
      .execute();
    expect(people).toHaveLength(CASES);
    const townships = [...new Set(people.map((p) => p.township_id!))];
    await createUser(database.db, { login: 'kill-org', role: 'county-org-dept', password: PASSWORD });
    for (const t of townships)
      await createUser(database.db, { login: `kill-${t}`, role: 'township-committee', townshipId: t, password: PASSWORD });

    // The test signs in over plain HTTP to 127.0.0.1, so that is the UI's public host here.
    const env = {
      ...cliEnv('dbkill', inject('temporalAddress'), database.url),
      CADREFLOW_API_PORT: '0',
      CADREFLOW_PUBLIC_HOST: '127.0.0.1',
    };
    up = await startCli(['up'], env, /cadreflow is up/, 240_000);
    apiUrl = /API\s+(http:\/\/\S+) /.exec(up.output())![1]!;
    const county = await login('kill-org');
    const cookies = new Map<string, string>();
    for (const t of townships) cookies.set(t, await login(`kill-${t}`));

    // Backdated 13 months, as the demo backdates its cases: every check-in is due at once.
    const appointedOn = addMonths(shanghaiDate(Date.now()), -13);
    const plans = people.map((p) => {
      const checkIns = planProbation(appointedOn, false, DEFAULT_POLICY.probation).checkInDates.length;
      const steps = [...Array.from({ length: checkIns }, (_, i) => `check-in-${i + 1}`), 'democratic-rating', 'township-recommendation'];
      return { caseId: `probation/${p.person_id}/dbkill`, personId: p.person_id, townshipId: p.township_id!, steps };
    });
    for (const p of plans) {
      const r = await request('POST', '/cases/probation', county, {
        personId: p.personId,
        title: '副乡长',
        appointedOn,
        appointmentId: 'dbkill',
      });
      expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
    }

    const decisionFor = (step: string): Record<string, unknown> => {
      if (step.startsWith('check-in-')) return { rating: 'good', comment: `考察 ${step}` };
      if (step === 'democratic-rating') return { votes: { excellent: 12, competent: 15, basicallyCompetent: 3, notCompetent: 1 } };
      return { outcome: 'confirm', reason: '胜任' };
    };

    // ── the faults: every backend of the database terminated, again and again, until the load is done ──
    const admin = new Client({ connectionString: ADMIN_URL });
    admin.on('error', () => undefined);
    await admin.connect();
    let loadDone = false;
    let kills = 0;
    let backendsEnded = 0;
    const killer = (async () => {
      while (!loadDone) {
        const ended = await killBackends(admin, dbName);
        kills++;
        backendsEnded += ended;
        // Between 50 and 350 ms: some kills land mid-append, some on idle pooled connections.
        await new Promise((r) => setTimeout(r, 50 + ((kills * 137) % 300)));
      }
    })();

    // ── the load: a township committee per case, deciding its steps in order ──
    const answers: Array<{ caseId: string; step: string; kind: 'first' | 'double-click' | 'again' } & Outcome> = [];
    let n = 0;
    const pendingStep = (caseId: string, step: string) =>
      eventually(
        async () => {
          const row = await reader.db
            .selectFrom('tasks')
            .select('task_id')
            .where('case_id', '=', caseId)
            .where('step', '=', step)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          return row ? true : undefined;
        },
        // No bound of its own: a step opens late on a busy machine with its backends killed; the test's timeout bounds it.
        `${caseId} ${step} to be pending`,
      );
    let loadError: unknown;
    try {
      await Promise.all(
        plans.map(async (p) => {
          for (const step of p.steps) {
            await pendingStep(p.caseId, step);
            const i = n++;
            const send = (opts?: { firstAnswerLostAfterMs?: number }) =>
              request(
                'POST',
                `/cases/${encodeURIComponent(p.caseId)}/decisions`,
                cookies.get(p.townshipId),
                { step, decision: decisionFor(step) },
                opts,
              );
            // A third of the first requests lose their answer (the client stops waiting after 20–420 ms and sends it again).
            const first = send(i % 3 === 0 ? { firstAnswerLostAfterMs: 20 + ((i * 97) % 400) } : undefined);
            // A fifth are sent twice at once (a double click), a fifth again after the answer came.
            const twice = i % 5 === 1 ? [send()] : [];
            const r = await first;
            answers.push({ caseId: p.caseId, step, kind: 'first', ...r });
            for (const t of await Promise.all(twice)) answers.push({ caseId: p.caseId, step, kind: 'double-click', ...t });
            if (i % 5 === 2) answers.push({ caseId: p.caseId, step, kind: 'again', ...(await send()) });
          }
        }),
      );
    } catch (err) {
      loadError = err;
    } finally {
      loadDone = true;
      await killer;
      await admin.end();
    }

    const output = up.output();
    // The process lived through every kill, and the answers reached everyone.
    expect(up.child.exitCode, output).toBeNull();
    expect(up.child.signalCode).toBeNull();
    expect(output).not.toMatch(/Cannot read properties of null|uncaught|unhandled/i);
    if (loadError) throw loadError;
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(backendsEnded).toBeGreaterThan(kills / 2);
    // The process's own connections were among those killed (it reports each), and so were the suite's.
    expect(output).toMatch(/a database connection to \S+ failed \(terminating connection due to administrator command\)/);
    expect(readerConnectionErrors).toBeGreaterThan(0);

    // Every answer is an accepted receipt; none a refusal.
    const expected = plans.flatMap((p) => p.steps.map((step) => `${p.caseId} ${step}`));
    expect(
      answers
        .filter((a) => a.kind === 'first')
        .map((a) => `${a.caseId} ${a.step}`)
        .sort(),
    ).toEqual([...expected].sort());
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.map((a) => `${a.caseId} ${a.step}: ${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);

    // Exactly one TaskDecided per decision, and each receipt names that decision's last event.
    const decided = await eventually(async () => {
      const { rows } = await sql<{ stream_id: string; step: string; n: bigint }>`
          select stream_id, data->>'step' as step, count(*) as n from events
          where type = 'TaskDecided' and stream_id like 'probation/%/dbkill' group by stream_id, data->>'step'`.execute(reader.db);
      return rows;
    }, 'the decisions in the log');
    expect(decided.map((r) => `${r.stream_id} ${r.step}`).sort()).toEqual([...expected].sort());
    expect(decided.filter((r) => r.n !== 1n)).toEqual([]);
    const firstPosition = new Map(
      answers.filter((a) => a.kind === 'first').map((a) => [`${a.caseId} ${a.step}`, (a.body as { position: string }).position]),
    );
    for (const a of answers) {
      const receipt = a.body as { caseId: string; step: string; position: string };
      // A repeat's receipt is the first one's.
      expect(receipt.position).toBe(firstPosition.get(`${a.caseId} ${a.step}`));
      expect(receipt).toMatchObject({ caseId: a.caseId, step: a.step });
      const last = await reader.db
        .selectFrom('events')
        .select(['stream_id', 'metadata'])
        .where('position', '=', BigInt(receipt.position))
        .executeTakeFirstOrThrow();
      expect({ stream: last.stream_id, step: last.metadata.causationId }).toEqual({ stream: a.caseId, step: a.step });
    }

    // The pool reconnected: the API answers at once now that the kills have stopped.
    const health = await fetch(`${apiUrl}/cases/${encodeURIComponent(plans[0]!.caseId)}`, {
      headers: { cookie: cookies.get(plans[0]!.townshipId)! },
    });
    expect(health.status).toBe(200);

    const firsts = answers.filter((a) => a.kind === 'first');
    const repeats = answers.length - firsts.length;
    expect(repeats).toBeGreaterThan(0);
    console.log(
      `backends killed: ${backendsEnded} in ${kills} rounds; ${firsts.length} decisions, ${firsts.filter((a) => a.retries > 0).length} of them sent again ` +
        `after a lost answer, a 5xx or a network error (${answers.reduce((sum, a) => sum + a.retries, 0)} retries in all), ${repeats} more sent twice; ` +
        `all accepted, each with its first receipt; the suite's own pool lost ${readerConnectionErrors} connections`,
    );
  });
});
