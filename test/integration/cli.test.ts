/**
 * End to end through the `cadreflow` command, on the real Temporal dev server and a real
 * PostgreSQL database, with the worker as its own process — killed with SIGKILL in the
 * middle of a case and replaced, as an operator's crash would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { verifyHashChain } from '../../activities/hashChain';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ADMIN, cli, cliEnv, committee, createCliAccounts, runCli, STAFF, startCli, type LongRunning } from '../support/cli';
import { eventually } from '../support/cases';
import { ownTemporal } from '../support/temporal';
import type { TemporalEndpoint } from '../../client/temporal';

let database: TestDatabase;
let temporal: TemporalEndpoint;
let env: NodeJS.ProcessEnv;
const workers: LongRunning[] = [];
/** What `cadreflow demo` printed. */
let demo: string;
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

/** Decides a step as an account (`user`), or as an admin entering it on behalf of `as`. */
async function decideVia(caseId: string, step: string, user: string, fields: string[], as?: string): Promise<string> {
  await waitForStep(caseId, step);
  return cli(['decide', caseId, step, '--user', user, ...(as ? ['--as', as] : []), ...fields.flatMap((f) => ['-f', f])], env);
}

async function eventCount(): Promise<number> {
  const row = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await ownTemporal();
  env = cliEnv('cli', temporal.address, database.url);
  await createCliAccounts(database.db, ['ts-01', 'ts-02']);
  await startWorker();
  demo = await cli(['demo'], env);
  expect(demo).toMatch(/registry: 2311 events appended; probation cases: 12 started/);
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await database?.drop();
  await temporal?.stop();
});

describe('cadreflow CLI end to end', () => {
  it('the demo opens two selections: an ordinary one at the inspection checks, a competitive one (差额) at the committee vote', async () => {
    expect(demo).toMatch(
      /^selection cases: 2 started, 0 already running; selection\/ts-04\/committee-member\/\S+ \(ordinary\) at inspection-1, selection\/ts-05\/deputy-head\/\S+ \(competitive\) at committee-1$/m,
    );
    const rows = await database.db.selectFrom('selection_cases').selectAll().orderBy('case_id').execute();
    expect(rows.map((r) => [r.org_unit_id, r.post_title, r.method, r.positions, r.stage, r.round])).toEqual([
      ['ts-04', '乡党委委员', 'ordinary', 1, 'inspection-1', 1],
      ['ts-05', '副镇长', 'competitive', 1, 'committee-1', 1],
    ]);
    const [ordinary, competitive] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(ordinary.targets).toHaveLength(1);
    // 差额: more people inspected than posts, every one cleared by the checks and reported on.
    expect(competitive.targets.length).toBeGreaterThan(competitive.positions);
    for (const r of rows) expect([r.removed, r.approved, r.appointed, r.outcome]).toEqual([[], [], [], null]);
    const pending = async (caseId: string) =>
      (
        await database.db
          .selectFrom('tasks')
          .select('step')
          .where('case_id', '=', caseId)
          .where('status', '=', 'pending')
          .orderBy('step')
          .execute()
      ).map((t) => t.step);
    const target = ordinary.targets[0]!;
    expect(await pending(ordinary.case_id)).toEqual(
      ['discipline-opinion', 'personal-matters', 'personnel-file', 'petitions'].map((c) => `check-1-${target}-${c}`),
    );
    expect(await pending(competitive.case_id)).toEqual(['committee-1-1']);
    const reported = await database.db
      .selectFrom('events')
      .select(sql<string>`data->>'personId'`.as('personId'))
      .where('stream_id', '=', competitive.case_id)
      .where('type', '=', 'InspectionReported')
      .execute();
    expect(reported.map((r) => r.personId).sort()).toEqual([...competitive.targets].sort());
    // Running the demo again adds nothing and takes the same two cases.
    const again = await cli(['demo'], env);
    expect(again).toContain(`selection cases: 0 started, 2 already running; ${ordinary.case_id} (ordinary) at inspection-1`);
    expect(await database.db.selectFrom('selection_cases').select('case_id').execute()).toHaveLength(2);
  });

  // Each step spawns the CLI (a second or two of start-up): generous limits for a busy machine.
  it('runs a probation case from start to formal appointment', { timeout: 180_000 }, async () => {
    const started = await cli(['probation', 'start', '--cadre', 'p-0005', '--post', '副乡长', '--appointed', appointed], env);
    const caseId = `probation/p-0005/${appointed}`;
    expect(started.trim()).toBe(`started ${caseId}`);
    expect((await cli(['probation', 'start', '--cadre', 'p-0005', '--post', '副乡长', '--appointed', appointed], env)).trim()).toBe(
      `${caseId} is already running; nothing started`,
    );

    await waitForStep(caseId, 'check-in-1');
    // The case's log names the account the command ran as (CADREFLOW_USER) as who started it.
    const opened = await database.db
      .selectFrom('events')
      .select('metadata')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'CaseStarted')
      .executeTakeFirstOrThrow();
    expect(opened.metadata.actor).toEqual({ id: STAFF, role: 'county-org-dept' });
    const inbox = await cli(['tasks', '--township', 'ts-01'], env);
    expect(inbox).toContain(caseId);
    expect(await cli(['tasks', '--township', 'ts-02'], env)).not.toContain(caseId);

    // Another township's committee: the workflow refuses, nothing is written.
    const before = await eventCount();
    const wrongTownship = await runCli(['decide', caseId, 'check-in-1', '--user', committee('ts-02'), '-f', 'rating=good'], env);
    expect(wrongTownship.code).toBe(1);
    expect(wrongTownship.stderr.trim()).toMatch(/^cadreflow: refused \(WrongTownship\)/);
    // Said again in Chinese, in the web UI's words for the reason.
    expect(wrongTownship.stderr.trim().split('\n')[1]).toBe('cadreflow: 未被受理：该步骤属于其他乡镇');
    expect(await eventCount()).toBe(before);

    // An admin enters the check-ins from paper records on behalf of 许超 of ts-01.
    for (const i of [1, 2, 3]) {
      expect(await decideVia(caseId, `check-in-${i}`, ADMIN, ['rating=good', `comment=第${i}次考察`], 'ts-01:许超')).toMatch(
        new RegExp(`^decided ${caseId} check-in-${i} as 许超, entered by ${ADMIN} `),
      );
    }
    const entered = await database.db
      .selectFrom('events')
      .select(sql<unknown>`data->'actor'`.as('actor'))
      .where('stream_id', '=', caseId)
      .where('type', '=', 'TaskDecided')
      .where(sql`data->>'step'`, '=', 'check-in-1')
      .executeTakeFirstOrThrow();
    expect(entered.actor).toEqual({ id: '许超', role: 'township-committee', townshipId: 'ts-01', enteredBy: ADMIN });
    await decideVia(caseId, 'democratic-rating', committee('ts-01'), [
      'votes.excellent=11',
      'votes.competent=20',
      'votes.basicallyCompetent=2',
      'votes.notCompetent=1',
    ]);
    await decideVia(caseId, 'township-recommendation', committee('ts-01'), ['outcome=confirm', 'reason=胜任']);
    await decideVia(caseId, 'county-decision', STAFF, ['outcome=confirm']);

    await eventually(
      async () =>
        (await database.db.selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst())?.status === 'closed'
          ? true
          : undefined,
      'the case to close',
    );
    const shown = await cli(['case', 'show', caseId], env);
    expect(shown).toContain('closed (confirmed)');
    expect(shown).toMatch(/ProbationConfirmed\s+org-staff \(county-org-dept\)/);
    // The admin's entries show for whom and by whom.
    expect(shown).toContain(`许超 (township-committee ts-01), entered by ${ADMIN}`);
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
    await decideVia(caseId, 'check-in-1', committee('ts-01'), ['rating=good']);

    // A decision in flight when the worker dies: it completes once a new worker is up.
    await waitForStep(caseId, 'check-in-2');
    const inFlight = cli(['decide', caseId, 'check-in-2', '--user', committee('ts-01'), '-f', 'rating=adequate'], env);
    await new Promise((r) => setTimeout(r, 150));
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await startWorker();
    await inFlight;

    await decideVia(caseId, 'check-in-3', committee('ts-01'), ['rating=good']);
    // And once more, right after the last decision of the case.
    await decideVia(caseId, 'democratic-rating', committee('ts-01'), [
      'votes.excellent=9',
      'votes.competent=21',
      'votes.basicallyCompetent=3',
      'votes.notCompetent=0',
    ]);
    workers.at(-1)!.child.kill('SIGKILL');
    await workers.at(-1)!.exited;
    await startWorker();
    await decideVia(caseId, 'township-recommendation', committee('ts-01'), ['outcome=confirm']);
    await decideVia(caseId, 'county-decision', STAFF, ['outcome=confirm']);
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

  it(
    'acts only as a known, enabled account of the right role; --as only for an admin; an impossible appointment day starts nothing',
    { timeout: 180_000 },
    async () => {
      await cli(['probation', 'start', '--cadre', 'p-0007', '--post', '副乡长', '--appointed', appointed], env);
      const caseId = `probation/p-0007/${appointed}`;
      await waitForStep(caseId, 'check-in-1');
      const before = await eventCount();
      const refused = async (args: string[], message: RegExp, extraEnv: NodeJS.ProcessEnv = {}) => {
        const r = await runCli(args, { ...env, ...extraEnv });
        expect(r.code, r.stderr).toBe(1);
        const lines = r.stderr.trim().split('\n');
        expect(lines[0]).toMatch(message);
        // One line, or two when the error says it in Chinese too.
        expect(lines.length).toBeLessThanOrEqual(2);
        if (lines[1] !== undefined) expect(lines[1]).toMatch(/^cadreflow: .*\p{Script=Han}/u);
        return lines;
      };
      const decide = ['decide', caseId, 'check-in-1', '-f', 'rating=good'];
      await refused([...decide, '--user', 'nobody-here'], /^cadreflow: no account "nobody-here"/);
      await refused(decide, /^cadreflow: decide acts as an account: name it with --user <login> \(or CADREFLOW_USER\)/, {
        CADREFLOW_USER: '',
      });
      await refused(
        [...decide, '--user', committee('ts-02'), '--as', 'ts-01'],
        /^cadreflow: --as is only for an admin account; ts-02-committee is township-committee/,
      );
      await refused(
        [...decide, '--user', STAFF, '--as', 'ts-01'],
        /^cadreflow: --as is only for an admin account; org-staff is county-org-dept/,
      );
      await refused(
        [...decide, '--user', 'auditor'],
        /^cadreflow: decide is for county-org-dept or township-committee; auditor is auditor/,
      );
      await refused([...decide, '--user', ADMIN], /^cadreflow: decide is for county-org-dept or township-committee; org-admin is admin/);
      await refused(
        ['probation', 'start', '--cadre', 'p-0008', '--post', '副乡长', '--appointed', appointed, '--user', committee('ts-01')],
        /^cadreflow: probation start is for county-org-dept; ts-01-committee is township-committee/,
      );
      // A disabled account is refused too.
      await database.db.updateTable('users').set({ disabled: true }).where('login', '=', committee('ts-02')).execute();
      await refused([...decide, '--user', committee('ts-02')], /^cadreflow: account "ts-02-committee" is disabled/);
      await database.db.updateTable('users').set({ disabled: false }).where('login', '=', committee('ts-02')).execute();

      // 2026-02-30 is refused by the domain's calendar-day parser (the API's), before anything starts.
      const noSuchDay = await refused(
        ['probation', 'start', '--cadre', 'p-0008', '--post', '副乡长', '--appointed', '2026-02-30'],
        /^cadreflow: appointedOn: no such calendar day: 2026-02-30$/,
      );
      expect(noSuchDay[1], 'the parser says it in Chinese too').toMatch(/^cadreflow: .*2026-02-30/);
      await refused(
        ['probation', 'start', '--cadre', 'p-0008', '--post', '副乡长', '--appointed', '1999-01-04'],
        /^cadreflow: appointedOn: 1999-01-04 is not between/,
      );
      // Every other date option goes through the same parser.
      await refused(
        ['evaluation', 'grade', 'evaluation-round/2026/ts-01', 'ts-01/villages', '--accept-recommended', '--graded-on', '2026-02-30'],
        /^cadreflow: --graded-on: no such calendar day: 2026-02-30$/,
      );
      await refused(
        ['evaluation', 'appeal-request', 'evaluation/2026/p-0001', '--grounds', '不服', '--filed-on', '2026-13-01'],
        /^cadreflow: --filed-on: no such calendar day: 2026-13-01$/,
      );
      await refused(
        ['member', 'apply', '--person', 'p-0001', '--applied', '2026-02-29'],
        /^cadreflow: appliedOn: no such calendar day: 2026-02-29$/,
      );
      await refused(['rectification', 'start', '--demo-list', '--on', '2026-04-31'], /^cadreflow: on: no such calendar day: 2026-04-31$/);
      expect(await eventCount()).toBe(before);
      expect(await database.db.selectFrom('cases').select('case_id').where('case_id', 'like', 'probation/p-0008/%').execute()).toEqual([]);
      // Read-only commands need no account.
      expect(await cli(['tasks', '--township', 'ts-01'], { ...env, CADREFLOW_USER: '' })).toContain(caseId);
    },
  );

  it('keeps what a separate worker writes in the data folder (the payload keyring) to its user', () => {
    const dir = env.CADREFLOW_DATA_DIR!;
    const files = readdirSync(dir).map((name) => join(dir, name));
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((f) => `${f} ${(statSync(f).mode & 0o077).toString(8)}`)).toEqual(files.map((f) => `${f} 0`));
  });

  it('leaves a log whose hash chain verifies and whose read models a rebuild reproduces', async () => {
    const chain = await verifyHashChain(database.db);
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBeGreaterThan(2311);

    const rebuilt = await rebuildReadModels(database.db, { schema: 'rebuild_check' });
    expect(rebuilt.events).toBe(chain.checked);
    expect(await diffReadModels(database.db, 'public', 'rebuild_check')).toEqual([]);

    // By hand, past the append-only trigger: the verifier names the changed position.
    const victim = await database.db
      .selectFrom('events')
      .select('position')
      .where('type', '=', 'ProbationConfirmed')
      .executeTakeFirstOrThrow();
    await sql`alter table events disable trigger user`.execute(database.db);
    await sql`update events set data_canonical = jsonb_set(data, '{confirmedOn}', '"2020-01-01"')::text where position = ${victim.position}`.execute(
      database.db,
    );
    await sql`alter table events enable trigger user`.execute(database.db);
    const tampered = await verifyHashChain(database.db);
    expect(tampered.ok).toBe(false);
    expect(tampered.firstBadPosition).toBe(String(victim.position));
  });
});
