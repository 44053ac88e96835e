/**
 * The Temporal frontend is no way around the API. Someone who reaches it with the real
 * `temporal` CLI and no keyring sends input in clear: the worker (with the deployment's
 * codec) refuses a forged Update before anything is written, drops a forged Signal and
 * fails a forged start before it appends; a case terminated there makes `audit verify`
 * fail naming it, and the unsealed inputs Temporal did record are named by event id.
 * The embedded dev server runs without its Web UI unless asked.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { Actor } from '../../domain/actors';
import { EncryptionCodec, loadKeyring } from '../../client/codec';
import { findTemporalCli, resolveTemporal, uiRequested, TemporalSetupError, isPortFree } from '../../client/temporal';
import { verifyDatabase } from '../../client/audit/verify';
import { replayHistories, type CaseReplay } from '../../client/audit/replay';
import { fetchHistories, listExecutions } from '../../client/audit/auditScope';
import { createWorker, workflowInterceptorModules } from '../../worker/worker';
import { finishSignal, noteSignal } from '../fixtures/unsealed/workflows';
import { decideUpdate, pendingTasksQuery } from '../../workflows/kit/messages';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount, eventually, waitForTask } from '../support/cases';
import { runCli } from '../support/cli';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `door-${process.pid}`;
const FORGED_REASON = '伪造的提前结束-forged-early-end';
const FORGED_COMMENT = '伪造的试用考核-forged-check-in';
const FORGED_SIGNAL = '伪造的信号-forged-signal';
const FORGED_START = '伪造的案件-forged-start';
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };

let database: TestDatabase;
let address: string;
let dataDir: string;
let keysFile: string;
let codec: EncryptionCodec;
let client: Client;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let forged: WorkflowHandle;
let terminated: WorkflowHandle;
const forgedStartId = `probation/p-forged/door-${process.pid}`;

/**
 * The real `temporal` binary, as anyone on the machine could run it: no keyring, no codec,
 * and, when the suite runs as root, as another local user (uid 65534, `nobody`).
 */
function temporalCli(args: string[]): Promise<{ code: number; out: string }> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('no temporal CLI (run scripts/install-temporal-cli.sh)');
  const full = [...args, '--address', address, '--namespace', 'default'];
  const asNobody = process.getuid?.() === 0;
  const [file, argv] = asNobody ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', cli.path, ...full]] : [cli.path, full];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() };
  return new Promise((resolve) => {
    execFile(file, argv, { timeout: 60_000, env, cwd: tmpdir() }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** Every byte Temporal keeps of a history, as protobuf: a payload in clear would be in it verbatim. */
async function historyBytes(handle: WorkflowHandle): Promise<Buffer> {
  return Buffer.from(temporal.api.history.v1.History.encode(await handle.fetchHistory()).finish());
}

beforeAll(async () => {
  database = await createTestDatabase();
  address = inject('temporalAddress');
  dataDir = mkdtempSync(join(tmpdir(), 'cf-door-'));
  keysFile = join(dataDir, 'keys.json');
  writeFileSync(keysFile, JSON.stringify({ active: 'door', keys: { door: randomBytes(32).toString('base64') } }), { mode: 0o600 });
  codec = new EncryptionCodec(loadKeyring({ dataDir, codecKeysFile: keysFile }));
  const dataConverter = { payloadCodecs: [codec] };
  connection = await Connection.connect({ address });
  client = new Client({ connection, dataConverter });
  nativeConnection = await NativeConnection.connect({ address });
  worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    db: database.db,
    taskQueue: TASK_QUEUE,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter,
  });
  running = worker.run();
  const start = (personId: string) =>
    client.workflow.start('probation', {
      taskQueue: TASK_QUEUE,
      workflowId: `probation/${personId}/door-${process.pid}`,
      args: [probationInput(personId)],
      typedSearchAttributes: caseSearchAttributes('probation', 'ts-01', personId),
    });
  forged = await start('p-1');
  terminated = await start('p-2');
  await waitForTask(forged, 'check-in-1');
  await waitForTask(terminated, 'check-in-1');
}, 120_000);

afterAll(async () => {
  for (const h of [forged, terminated]) await h?.terminate('test finished').catch(() => undefined);
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await database?.drop();
});

describe('the Temporal frontend with the real temporal CLI and no keyring', () => {
  it('a plaintext Update is refused as Unsealed, leaves no trace in the history or the log, and the case goes on', async () => {
    const eventsBefore = await eventCount(database.db, forged.workflowId);
    const endEarly = await temporalCli([
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      forged.workflowId,
      '--name',
      'endProbationEarly',
      '--input',
      JSON.stringify({ actor: county, decision: { reason: FORGED_REASON } }),
    ]);
    expect(endEarly.code, endEarly.out).not.toBe(0);
    expect(endEarly.out).toContain('Unsealed');
    expect(endEarly.out).toContain('not sealed');
    const decide = await temporalCli([
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      forged.workflowId,
      '--name',
      'decide',
      '--input',
      JSON.stringify({ step: 'check-in-1', actor: township, decision: { rating: 'concern', comment: FORGED_COMMENT } }),
    ]);
    expect(decide.code, decide.out).not.toBe(0);
    expect(decide.out).toContain('Unsealed');

    const history = await forged.fetchHistory();
    expect(
      (history.events ?? []).filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateAdmittedEventAttributes,
      ),
    ).toEqual([]);
    const bytes = await historyBytes(forged);
    expect(bytes.includes(Buffer.from(FORGED_REASON))).toBe(false);
    expect(bytes.includes(Buffer.from(FORGED_COMMENT))).toBe(false);
    expect(await eventCount(database.db, forged.workflowId)).toBe(eventsBefore);

    // Not stuck: the same step, sealed through a client of the deployment, is accepted.
    const receipt = await forged.executeUpdate(decideUpdate, {
      args: [{ step: 'check-in-1', actor: township, decision: { rating: 'good', comment: '表现良好' } }],
    });
    expect(receipt.step).toBe('check-in-1');
    const logged = await database.db.selectFrom('events').select(['type', 'data']).where('stream_id', '=', forged.workflowId).execute();
    expect(logged.map((e) => e.type)).not.toContain('ProbationEndedEarly');
    expect(JSON.stringify(logged)).not.toContain(FORGED_COMMENT);
    const status = await database.db
      .selectFrom('cases')
      .select('status')
      .where('case_id', '=', forged.workflowId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('open');
  });

  it('a plaintext start fails at once as Unsealed and appends nothing; a plaintext Signal changes nothing', async () => {
    const started = await temporalCli([
      'workflow',
      'start',
      '--type',
      'probation',
      '--task-queue',
      TASK_QUEUE,
      '--workflow-id',
      forgedStartId,
      '--input',
      JSON.stringify(probationInput('p-forged', { personName: FORGED_START })),
    ]);
    expect(started.code, started.out).toBe(0);
    const failure = await client.workflow
      .getHandle(forgedStartId)
      .result()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('Unsealed');
    expect(await eventCount(database.db, forgedStartId)).toBe(0);
    expect(await database.db.selectFrom('cases').select('case_id').where('case_id', '=', forgedStartId).executeTakeFirst()).toBeUndefined();

    const signalled = await temporalCli([
      'workflow',
      'signal',
      '--workflow-id',
      forged.workflowId,
      '--name',
      'evaluationGradeFixed',
      '--input',
      JSON.stringify({ grade: 'excellent', note: FORGED_SIGNAL }),
    ]);
    expect(signalled.code, signalled.out).toBe(0);
    // Its workflow task ran and completed: the case still answers, and no task failed over the Signal.
    const history = await eventually(async () => {
      const h = await forged.fetchHistory();
      const events = h.events ?? [];
      const at = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
      return at >= 0 && events.slice(at).some((e) => e.workflowTaskCompletedEventAttributes) ? events : undefined;
    }, 'a workflow task after the Signal');
    expect(history.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    expect((await forged.query(pendingTasksQuery)).map((t) => t.step)).not.toContain('check-in-1');
  });

  it('a case terminated through the CLI makes audit verify fail naming it; the unsealed inputs are named by event id', async () => {
    const t = await temporalCli(['workflow', 'terminate', '--workflow-id', terminated.workflowId, '--reason', 'forged terminate']);
    expect(t.code, t.out).toBe(0);
    const signalEvent = (await forged.fetchHistory()).events?.find((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signalEvent, 'the forged Signal in the history').toBeDefined();

    const report = await verifyDatabase(database.db, 'test database', { client }, { codecs: [codec.passingUnsealed()] });
    expect(report.chain.ok).toBe(true);
    expect(report.readModels).toMatchObject({ checked: true, differences: [] });
    expect(report.executions).toMatchObject({
      checked: true,
      cases: 2,
      findings: [{ caseId: terminated.workflowId, status: 'TERMINATED', readModelStatus: 'open' }],
    });
    expect(report.executions.checked && report.executions.findings[0]!.reason).toContain('still says the case is open');
    expect(report.unsealed).toEqual({
      checked: true,
      histories: 2,
      plainHistories: 0,
      findings: [
        {
          caseId: forged.workflowId,
          runId: expect.any(String),
          eventId: String(signalEvent!.eventId),
          eventType: 'WorkflowExecutionSignaled',
          name: 'evaluationGradeFixed',
          encoding: 'json/plain',
        },
      ],
    });
    expect(report.ok).toBe(false);

    // The real command, with the deployment's keyring: exit 1, the case and the event named.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      DATABASE_URL: database.url,
      CADREFLOW_DATA_DIR: dataDir,
      CADREFLOW_TASK_QUEUE: TASK_QUEUE,
      CADREFLOW_CODEC_KEYS: keysFile,
      LOG_LEVEL: 'warn',
    };
    const r = await runCli(['audit', 'verify'], env, 120_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^executions {4}1 finding\\(s\\): `, 'm'));
    expect(r.stdout).toContain(`${terminated.workflowId} (run `);
    expect(r.stdout).toContain('TERMINATED: the execution was terminated; the read model still says the case is open');
    expect(r.stdout).toContain(`${forged.workflowId} (run `);
    expect(r.stdout).toContain(
      `history event #${String(signalEvent!.eventId)}): WorkflowExecutionSignaled evaluationGradeFixed, json/plain`,
    );
  });

  it('audit replay replays every history as the workers ran it and flags the unsealed inputs', async () => {
    const executions = await listExecutions(client, { query: `TaskQueue = '${TASK_QUEUE}'` });
    const results: CaseReplay[] = [];
    for await (const r of replayHistories({ codePath: inject('workflowBundlePath') }, fetchHistories(client, executions), [
      codec.passingUnsealed(),
    ]))
      results.push(r);
    const byId = new Map(results.map((r) => [r.workflowId, r]));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'ok'));
    // The forged start replays as the worker ran it (refused), not read as plain.
    expect(byId.get(forgedStartId)).toMatchObject({
      status: 'ok',
      unsealed: [{ eventId: '1', eventType: 'WorkflowExecutionStarted', encoding: 'json/plain' }],
    });
    expect(byId.get(forgedStartId)?.readAsPlain).toBeUndefined();
    expect(byId.get(forged.workflowId)?.unsealed?.map((u) => u.eventType)).toEqual(['WorkflowExecutionSignaled']);
    expect(byId.get(terminated.workflowId)?.unsealed).toBeUndefined();
  });

  it('a history recorded before payloads were sealed replays read as plain, flagged', async () => {
    // A fixture recorded by a worker without a codec: every payload in clear.
    const file = join(__dirname, '..', 'fixtures', 'histories', 'probation-confirmed.json');
    const { historyFromJSON } = await import('@temporalio/common/lib/proto-utils');
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    async function* one() {
      yield { workflowId: 'probation-confirmed', runId: 'recorded', workflowType: 'probation', history };
    }
    const results: CaseReplay[] = [];
    for await (const r of replayHistories({ codePath: inject('workflowBundlePath') }, one(), [codec.passingUnsealed()])) results.push(r);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'ok', readAsPlain: true });
    expect(results[0]!.unsealed?.[0]).toMatchObject({ eventId: '1', eventType: 'WorkflowExecutionStarted' });
  });
});

describe('the interceptor, on handlers the case kit does not have today', () => {
  it('drops a plaintext Signal and refuses a plaintext Update without a validator; sealed ones still work', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: join(__dirname, '..', 'fixtures', 'unsealed', 'workflows.ts'),
      workflowInterceptorModules: workflowInterceptorModules(),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    });
    const queue = `${TASK_QUEUE}-notebook`;
    const notebookWorker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: queue,
      workflowBundle: bundle,
      dataConverter: { payloadCodecs: [codec] },
    });
    const run = notebookWorker.run();
    try {
      const handle = await client.workflow.start('notebook', { taskQueue: queue, workflowId: `notebook-${process.pid}` });
      const signalled = await temporalCli([
        'workflow',
        'signal',
        '--workflow-id',
        handle.workflowId,
        '--name',
        'note',
        '--input',
        JSON.stringify({ note: FORGED_SIGNAL }),
      ]);
      expect(signalled.code, signalled.out).toBe(0);
      await handle.signal(noteSignal, { note: 'sealed' });
      const updated = await temporalCli([
        'workflow',
        'update',
        'execute',
        '--workflow-id',
        handle.workflowId,
        '--name',
        'unvalidated',
        '--input',
        JSON.stringify({ note: FORGED_COMMENT }),
      ]);
      expect(updated.code, updated.out).not.toBe(0);
      expect(updated.out).toContain('Unsealed');
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['sealed']);
      const history = await handle.fetchHistory();
      expect((history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    } finally {
      notebookWorker.shutdown();
      await run;
    }
  }, 120_000);
});

describe('the embedded dev server', () => {
  async function freePortPair(): Promise<number> {
    for (;;) {
      const port = await new Promise<number>((resolve, reject) => {
        const s = net.createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      if (port + 1000 < 65536 && (await isPortFree(port + 1000))) return port;
    }
  }

  const answers = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });

  it('starts headless by default: no Web UI port answers', async () => {
    const port = await freePortPair();
    const dir = mkdtempSync(join(tmpdir(), 'cf-door-headless-'));
    const env = { ...process.env };
    delete env.CADREFLOW_TEMPORAL_UI;
    delete env.TEMPORAL_ADDRESS;
    const endpoint = await resolveTemporal({ dataDir: dir, ephemeral: true, port, env });
    try {
      expect(endpoint.uiUrl).toBeUndefined();
      expect(await answers(port)).toBe(true);
      expect(await answers(port + 1000)).toBe(false);
      expect(readFileSync(join(dir, 'temporal.log'), 'utf8')).toContain('--headless');
    } finally {
      await endpoint.stop();
    }
  }, 90_000);

  it('serves the Web UI only when CADREFLOW_TEMPORAL_UI names it, and refuses a value it does not know', () => {
    expect(uiRequested({})).toBe(false);
    expect(uiRequested({ CADREFLOW_TEMPORAL_UI: '0' })).toBe(false);
    expect(uiRequested({ CADREFLOW_TEMPORAL_UI: '1' })).toBe(true);
    expect(() => uiRequested({ CADREFLOW_TEMPORAL_UI: 'yes' })).toThrow(TemporalSetupError);
  });
});
