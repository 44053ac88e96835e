/**
 * End to end through the `cadreflow` command, on the real Temporal dev server and a real
 * PostgreSQL database, with the worker as its own process — killed with SIGKILL in the
 * middle of a case and replaced, as an operator's crash would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { verifyHashChain } from '../../activities/eventStore';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { cli, runCli, startCli, type LongRunning, cliEnv } from '../support/cli';
import { eventually } from '../support/cases';
import { ownTemporal } from '../support/temporal';
import type { TemporalEndpoint } from '../../client/temporal';

let database: TestDatabase;
let temporal: TemporalEndpoint;
let env: NodeJS.ProcessEnv;
const workers: LongRunning[] = [];
// Backdated by 13 months: every check-in and the final assessment are due today, so the
// whole probation runs on the real server without waiting a year.
const appointed = addMonths(shanghaiDate(Date.now()), -13);

async function startWorker(): Promise<LongRunning> {
  const w = await startCli(['worker'], env, /worker running/);
  workers.push(w);
  return w;
}

async function pendingSteps(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('tasks').select('step').where('case_id', '=', caseId).where('status', '=', 'pending').execute();
  return rows.map((r) => r.step);
}

async function waitForStep(caseId: string, step: string): Promise<void> {
  await eventually(async () => ((await pendingSteps(caseId)).includes(step) ? true : undefined), `${caseId} ${step}`);
}

async function decideVia(caseId: string, step: string, as: string, fields: string[]): Promise<string> {
  await waitForStep(caseId, step);
  return cli(['decide', caseId, step, '--as', as, ...fields.flatMap((f) => ['-f', f])], env);
}

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await ownTemporal();
  env = cliEnv('cli', temporal.address, database.url);
  await startWorker();
  const demo = await cli(['demo'], env);
  expect(demo).toMatch(/registry: 2311 events appended; probation cases: 12 started/);
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await database?.drop();
  await temporal?.stop();
});

describe('cadreflow CLI end to end', () => {
  // Each step spawns the CLI (a second or two of start-up): generous limits for a busy machine.
  it('runs a probation case from start to formal appointment', { timeout: 180_000 }, async () => {
    const started = await cli(['probation', 'start', '--cadre', 'p-0005', '--post', '副乡长', '--appointed', appointed], env);
    const caseId = `probation/p-0005/${appointed}`;
    expect(started.trim()).toBe(`started ${caseId}`);
    expect((await cli(['probation', 'start', '--cadre', 'p-0005', '--post', '副乡长', '--appointed', appointed], env)).trim()).toBe(
      `${caseId} is already running; nothing started`,
    );

    await waitForStep(caseId, 'check-in-1');
    const inbox = await cli(['tasks', '--township', 'ts-01'], env);
    expect(inbox).toContain(caseId);
    expect(await cli(['tasks', '--township', 'ts-02'], env)).not.toContain(caseId);

    const wrongTownship = await runCli(['decide', caseId, 'check-in-1', '--as', 'ts-02', '-f', 'rating=good'], env);
    expect(wrongTownship.code).toBe(1);
    expect(wrongTownship.stderr.trim()).toMatch(/^cadreflow: refused \(WrongTownship\)/);

    for (const i of [1, 2, 3]) await decideVia(caseId, `check-in-${i}`, 'ts-01:许超', ['rating=good', `comment=第${i}次考察`]);
    await decideVia(caseId, 'democratic-rating', 'ts-01', ['votes.excellent=11', 'votes.competent=20', 'votes.basicallyCompetent=2', 'votes.notCompetent=1']);
    await decideVia(caseId, 'township-recommendation', 'ts-01', ['outcome=confirm', 'reason=胜任']);
    await decideVia(caseId, 'county-decision', 'org:组织部', ['outcome=confirm']);

    await eventually(
      async () => ((await database.db.selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst())?.status === 'closed' ? true : undefined),
      'the case to close',
    );
    const shown = await cli(['case', 'show', caseId], env);
    expect(shown).toContain('closed (confirmed)');
    expect(shown).toMatch(/ProbationConfirmed\s+组织部 \(county-org-dept\)/);
    const person = await database.db.selectFrom('people').selectAll().where('person_id', '=', 'p-0005').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ probation_status: 'confirmed', current_title: '副乡长', rank: '副科级' });

    const history = await cli(['history', 'export', caseId], env);
    const events = (JSON.parse(history) as { events: Array<{ eventType: string }> }).events;
    expect(events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    expect(events.at(-1)!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  });

  it('survives kill -9 of the worker mid-case: another worker finishes it with one event per step', { timeout: 240_000 }, async () => {
    await cli(['probation', 'start', '--cadre', 'p-0006', '--post', '副乡长', '--appointed', appointed], env);
    const caseId = `probation/p-0006/${appointed}`;
    await decideVia(caseId, 'check-in-1', 'ts-01', ['rating=good']);

    // A decision in flight when the worker dies: it completes once a new worker is up.
    await waitForStep(caseId, 'check-in-2');
    const inFlight = cli(['decide', caseId, 'check-in-2', '--as', 'ts-01', '-f', 'rating=adequate'], env);
    await new Promise((r) => setTimeout(r, 150));
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await startWorker();
    await inFlight;

    await decideVia(caseId, 'check-in-3', 'ts-01', ['rating=good']);
    // And once more, right after the last decision of the case.
    await decideVia(caseId, 'democratic-rating', 'ts-01', ['votes.excellent=9', 'votes.competent=21', 'votes.basicallyCompetent=3', 'votes.notCompetent=0']);
    workers.at(-1)!.child.kill('SIGKILL');
    await workers.at(-1)!.exited;
    await startWorker();
    await decideVia(caseId, 'township-recommendation', 'ts-01', ['outcome=confirm']);
    await decideVia(caseId, 'county-decision', 'org', ['outcome=confirm']);
    await eventually(async () => ((await eventTypes(caseId)).at(-1) === 'CaseClosed' ? true : undefined), 'the case to close');

    const types = await eventTypes(caseId);
    const count = (t: string) => types.filter((x) => x === t).length;
    const steps = ['check-in-1', 'check-in-2', 'check-in-3', 'democratic-rating', 'township-recommendation', 'county-decision'];
    expect({
      CaseStarted: count('CaseStarted'),
      ProbationStarted: count('ProbationStarted'),
      TaskOpened: count('TaskOpened'),
      TaskDecided: count('TaskDecided'),
      ProbationCheckInRecorded: count('ProbationCheckInRecorded'),
      ProbationAssessed: count('ProbationAssessed'),
      ProbationRecommended: count('ProbationRecommended'),
      ProbationConfirmed: count('ProbationConfirmed'),
      CaseClosed: count('CaseClosed'),
    }).toEqual({
      CaseStarted: 1,
      ProbationStarted: 1,
      TaskOpened: steps.length,
      TaskDecided: steps.length,
      ProbationCheckInRecorded: 3,
      ProbationAssessed: 1,
      ProbationRecommended: 1,
      ProbationConfirmed: 1,
      CaseClosed: 1,
    });
    const decided = await database.db
      .selectFrom('tasks')
      .select(['step', 'status'])
      .where('case_id', '=', caseId)
      .orderBy('opened_at')
      .execute();
    expect(decided).toEqual(steps.map((step) => ({ step, status: 'decided' })));
  });

  it('leaves a log whose hash chain verifies and whose read models a rebuild reproduces', async () => {
    const chain = await verifyHashChain(database.db);
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBeGreaterThan(2311);

    const rebuilt = await rebuildReadModels(database.db, { schema: 'rebuild_check' });
    expect(rebuilt.events).toBe(chain.checked);
    expect(await diffReadModels(database.db, 'public', 'rebuild_check')).toEqual([]);

    // By hand, past the append-only trigger: the verifier names the changed position.
    const victim = await database.db.selectFrom('events').select('position').where('type', '=', 'ProbationConfirmed').executeTakeFirstOrThrow();
    await sql`alter table events disable trigger user`.execute(database.db);
    await sql`update events set data = jsonb_set(data, '{confirmedOn}', '"2020-01-01"') where position = ${victim.position}`.execute(database.db);
    await sql`alter table events enable trigger user`.execute(database.db);
    const tampered = await verifyHashChain(database.db);
    expect(tampered.ok).toBe(false);
    expect(tampered.firstBadPosition).toBe(String(victim.position));
  });
});
