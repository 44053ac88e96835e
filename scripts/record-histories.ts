/**
 * Records the workflow histories in test/fixtures/histories from real runs: the current
 * workflow bundle and activities on Temporal's time-skipping test server, writing to a
 * throwaway PostgreSQL database (PostgreSQL at 127.0.0.1:5432, or TEST_DATABASE_ADMIN_URL).
 *
 *   npx tsx scripts/record-histories.ts [--replace]
 *
 * test/workflow/replay.test.ts replays every recorded history against the current code.
 * An existing file is kept unless --replace is given: it may be the only proof that cases
 * on an older path still replay.
 * Never re-record to make a failing replay pass: guard the change with patched() instead
 * (see test/fixtures/histories/README.md, kept by hand: the script prints the rows of
 * what it recorded for it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { Actor } from '../domain/actors';
import { shanghaiDate } from '../domain/calendar';
import { DEFAULT_POLICY } from '../domain/policy';
import type { DB } from '../schema/db';
import { createWorker, workflowBundle } from '../worker/worker';
import { decideUpdate, fileObjectionUpdate } from '../workflows/kit/messages';
import { endProbationEarlyUpdate, probationStatusQuery, type ProbationInput } from '../workflows/probation';
import { CASE_SEARCH_ATTRIBUTES, caseSearchAttributes } from '../workflows/searchAttributes';
import { eventuallyBy, expectRefusal, waitForTaskBy } from '../test/support/waits';
import { createTestDatabase } from '../test/support/db';
import { createTimeSkippingEnv } from '../test/support/timeSkippingEnv';
import { seedTownshipWithPeople } from '../test/support/townshipSeed';

/** A wait here has no test's timeout to end it: two minutes, far more than one step takes. */
const WAIT_MS = 120_000;
const eventually = <T>(fn: () => Promise<T | undefined>, what: string): Promise<T> => eventuallyBy(fn, what, Date.now() + WAIT_MS);
const waitForTask = (handle: WorkflowHandle, step: string) => waitForTaskBy(handle, step, Date.now() + WAIT_MS);
const OUT_DIR = join(__dirname, '..', 'test', 'fixtures', 'histories');
const TASK_QUEUE = 'record-histories';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };

interface Run {
  env: TestWorkflowEnvironment;
  handle: WorkflowHandle;
}

interface Scenario {
  name: string;
  personId: string;
  preAppointmentNotice: boolean;
  expected: string;
  description: string;
  drive(run: Run): Promise<void>;
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown): Promise<void> {
  await waitForTask(handle, step);
  await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** Skips to just past a check-in's opening (they open every 3 months) and answers it. */
async function checkIn({ env, handle }: Run, index: number, skip: Duration = '95 days'): Promise<void> {
  await env.sleep(skip);
  await decide(handle, `check-in-${index}`, township, { rating: 'good', comment: `第${index}次考察良好` });
}

async function confirmAtTheEnd(handle: WorkflowHandle): Promise<void> {
  await decide(handle, 'democratic-rating', township, { votes: { excellent: 12, competent: 18, basicallyCompetent: 3, notCompetent: 1 } });
  await decide(handle, 'township-recommendation', township, { outcome: 'confirm', reason: '试用期表现良好' });
  await decide(handle, 'county-decision', county, { outcome: 'confirm', reason: '' });
}

const SCENARIOS: Scenario[] = [
  {
    name: 'confirmed',
    personId: 'p-1',
    preAppointmentNotice: false,
    expected: 'confirmed',
    description: 'three check-ins, democratic rating, township recommendation, county decision: confirmed',
    async drive(run) {
      for (const i of [1, 2, 3]) await checkIn(run, i);
      await run.env.sleep('95 days');
      await confirmAtTheEnd(run.handle);
    },
  },
  {
    name: 'removed',
    personId: 'p-2',
    preAppointmentNotice: false,
    expected: 'removed',
    description: 'a rating below 2/3; a confirm attempt refused by the validator; removed by the county',
    async drive(run) {
      const { env, handle } = run;
      for (const i of [1, 2, 3]) await checkIn(run, i);
      await env.sleep('95 days');
      await decide(handle, 'democratic-rating', township, {
        votes: { excellent: 5, competent: 14, basicallyCompetent: 8, notCompetent: 3 },
      });
      await decide(handle, 'township-recommendation', township, { outcome: 'remove', reason: '民主测评未达三分之二' });
      await waitForTask(handle, 'county-decision');
      const refused = await expectRefusal(
        handle.executeUpdate(decideUpdate, {
          args: [{ step: 'county-decision', actor: county, decision: { outcome: 'confirm', reason: '' } }],
        }),
      );
      if (refused.type !== 'MalformedDecision') throw new Error(`expected MalformedDecision, got ${refused.type}`);
      await decide(handle, 'county-decision', county, { outcome: 'remove', reason: '试用期不胜任' });
    },
  },
  {
    name: 'ended-early',
    personId: 'p-3',
    preAppointmentNotice: false,
    expected: 'ended-early',
    description: 'ended early by the county while check-in 1 was open (the task is withdrawn)',
    async drive({ env, handle }) {
      await env.sleep('95 days');
      await waitForTask(handle, 'check-in-1');
      await handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: '严重违纪' } }] });
    },
  },
  {
    name: 'notice-escalated',
    personId: 'p-4',
    preAppointmentNotice: true,
    expected: 'confirmed',
    description:
      'pre-appointment notice with an objection not upheld; check-in 1 reminded, escalated past its due date and decided by the county; then the remaining check-ins and final steps: confirmed',
    async drive(run) {
      const { env, handle } = run;
      await eventually(
        () =>
          handle.executeUpdate(fileObjectionUpdate, {
            args: [{ notice: 'pre-appointment-notice', actor: county, summary: '反映其工作作风问题' }],
          }),
        'the notice to accept objections',
      );
      await decide(handle, 'pre-appointment-notice:objection-1:finding', county, { upheld: false, finding: '经核查不属实' });
      await env.sleep('10 days');
      await eventually(
        async () => ((await handle.query(probationStatusQuery)).stage === 'on-probation' ? true : undefined),
        'probation to start',
      );
      await env.sleep('85 days');
      await waitForTask(handle, 'check-in-1');
      // Past the due date (10 working days) the task is escalated to the county.
      await env.sleep('30 days');
      await eventually(async () => ((await waitForTask(handle, 'check-in-1')).escalated ? true : undefined), 'escalation');
      await handle.executeUpdate(decideUpdate, {
        args: [{ step: 'check-in-1', actor: county, decision: { rating: 'concern', comment: '督办后由组织部考察' } }],
      });
      // Day ~125 now: check-in 2 opens at month 6, check-in 3 at month 9, the end at month 12.
      await checkIn(run, 2, '60 days');
      await checkIn(run, 3);
      await env.sleep('95 days');
      await confirmAtTheEnd(handle);
    },
  },
  {
    name: 'appointment-cancelled',
    personId: 'p-5',
    preAppointmentNotice: true,
    expected: 'appointment-cancelled',
    description: 'an objection during the pre-appointment notice, upheld by the county: the appointment is cancelled',
    async drive({ handle }) {
      await eventually(
        () =>
          handle.executeUpdate(fileObjectionUpdate, {
            args: [{ notice: 'pre-appointment-notice', actor: township, summary: '档案年龄存疑' }],
          }),
        'the notice to accept objections',
      );
      await decide(handle, 'pre-appointment-notice:objection-1:finding', county, { upheld: true, finding: '经核查属实' });
    },
  },
  {
    name: 'blank-reasons-before-trim',
    personId: 'p-6',
    preAppointmentNotice: true,
    expected: 'ended-early',
    description:
      'recorded before required text was checked after trimming (patch `required-text-after-trim`): a finding of spaces only, then an end-early reason of an ideographic and a zero-width space, both accepted then; they must replay under the rules they were accepted by',
    async drive({ env, handle }) {
      await eventually(
        () =>
          handle.executeUpdate(fileObjectionUpdate, {
            args: [{ notice: 'pre-appointment-notice', actor: county, summary: '反映其工作作风问题' }],
          }),
        'the notice to accept objections',
      );
      await decide(handle, 'pre-appointment-notice:objection-1:finding', county, { upheld: false, finding: '   ' });
      await env.sleep('10 days');
      await eventually(
        async () => ((await handle.query(probationStatusQuery)).stage === 'on-probation' ? true : undefined),
        'probation to start',
      );
      await handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: '\u3000\u200B' } }] });
    },
  },
];

function fileOf(scenario: Scenario): string {
  return `probation-${scenario.name}.json`;
}

async function record(scenario: Scenario, db: DB, bundle: WorkflowBundleWithSourceMap): Promise<History> {
  // A fresh test server per scenario: its clock starts at the real now, so a year of
  // probation stays within the years the working-day calendar covers.
  const env = await createTimeSkippingEnv();
  try {
    // The test server implements AddSearchAttributes but not ListSearchAttributes, which
    // ensureSearchAttributes (client/temporal) needs first.
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(CASE_SEARCH_ATTRIBUTES.map((k) => [k.name, encodeSearchAttributeIndexedValueType(k.type)!])),
    });
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db,
      taskQueue: TASK_QUEUE,
      workflowBundle: bundle,
    });
    return await worker.runUntil(async () => {
      const now = await env.currentTimeMs();
      const input: ProbationInput = {
        personId: scenario.personId,
        personName: `测试${scenario.personId}`,
        orgUnitId: 'ts-01',
        townshipId: 'ts-01',
        title: '副乡长',
        trialRank: '副科级',
        previousRank: '科员',
        appointedOn: shanghaiDate(now),
        village: false,
        preAppointmentNotice: scenario.preAppointmentNotice,
        policy: DEFAULT_POLICY,
      };
      // Started as client/cases.ts starts a case, search attributes included, so the
      // histories hold the Stage upserts a production history holds.
      const handle = await env.client.workflow.start('probation', {
        taskQueue: TASK_QUEUE,
        workflowId: `probation/${scenario.personId}/${scenario.name}`,
        args: [input],
        typedSearchAttributes: caseSearchAttributes('probation', input.townshipId, input.personId),
      });
      await scenario.drive({ env, handle });
      const outcome: unknown = await handle.result();
      if (outcome !== scenario.expected) throw new Error(`${scenario.name}: expected outcome ${scenario.expected}, got ${String(outcome)}`);
      return handle.fetchHistory();
    });
  } finally {
    await env.teardown();
  }
}

interface FixtureInfo {
  file: string;
  events: number;
  kib: string;
  recordedOn: string;
  sdk: string;
}

/** What a fixture says about itself: kept files may come from older code and SDKs. */
function describeFixture(file: string): FixtureInfo {
  const text = readFileSync(join(OUT_DIR, file), 'utf8');
  const events = (JSON.parse(text) as { events: Array<Record<string, unknown>> }).events;
  const first = events[0] as { eventTime?: string } | undefined;
  const completed = events.find((e) => e.workflowTaskCompletedEventAttributes) as
    { workflowTaskCompletedEventAttributes: { sdkMetadata?: { sdkName?: string; sdkVersion?: string } } } | undefined;
  const sdk = completed?.workflowTaskCompletedEventAttributes.sdkMetadata;
  return {
    file,
    events: events.length,
    kib: (Buffer.byteLength(text) / 1024).toFixed(0),
    recordedOn: first?.eventTime?.slice(0, 10) ?? '?',
    sdk: sdk?.sdkVersion ? `${sdk.sdkName ?? ''} ${sdk.sdkVersion}`.trim() : '?',
  };
}

async function main(): Promise<void> {
  const replace = process.argv.includes('--replace');
  // The SDK's per-worker INFO lines would bury the script's own output.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const started = Date.now();
  mkdirSync(OUT_DIR, { recursive: true });
  const todo = SCENARIOS.filter((s) => replace || !existsSync(join(OUT_DIR, fileOf(s))));
  const recorded: string[] = [];
  for (const s of SCENARIOS) if (!todo.includes(s)) console.log(`${fileOf(s)}: kept (--replace records it again)`);
  if (todo.length > 0) {
    const bundle = await workflowBundle();
    const database = await createTestDatabase();
    try {
      await seedTownshipWithPeople(
        database.db,
        SCENARIOS.map((s) => s.personId),
      );
      for (const scenario of todo) {
        const t = Date.now();
        const history = await record(scenario, database.db, bundle);
        const file = fileOf(scenario);
        writeFileSync(join(OUT_DIR, file), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
        const info = describeFixture(file);
        console.log(`${file}: ${info.events} events, ${info.kib} KiB, recorded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        recorded.push(`| \`${file}\` | ${scenario.description} | ${info.events} | ${info.kib} KiB | ${info.recordedOn} | ${info.sdk} |`);
      }
    } finally {
      await database.drop();
    }
  }
  // The README is kept by hand (it also lists the histories the workflow suites keep):
  // the rows of what was recorded are printed for it.
  if (recorded.length > 0) console.log(`\nrows for ${join(OUT_DIR, 'README.md')}:\n${recorded.join('\n')}`);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
