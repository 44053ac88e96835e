/**
 * `cadreflow audit` on the real Temporal dev server and a real PostgreSQL: live cases
 * replay against the current code and a nondeterministic variant is caught; each way of
 * tampering with the record is found and named; an archive is replayed and verified with
 * no server reachable at all; a checkpoint holds while the log grows and fails once the
 * log before it is rewritten.
 *
 * Tampering happens inside a transaction that is rolled back (past the append-only
 * trigger, switched off there by hand), so each case starts from the honest record.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { readEventsAfter } from '../../activities/eventReads';
import { eventHash, GENESIS_HASH } from '../../activities/hashChain';
import { rebuildReadModels } from '../../activities/projections';
import type { Actor } from '../../domain/actors';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import type { DB } from '../../schema/db';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { decideUpdate, fileObjectionUpdate } from '../../workflows/kit/messages';
import { endProbationEarlyUpdate } from '../../workflows/probation';
import { readCheckpointFile } from '../../client/audit/checkpoint';
import { replayHistories, type CaseReplay } from '../../client/audit/replay';
import { fetchHistories, listExecutions } from '../../client/audit/auditScope';
import { verifyDatabase, type VerifyReport } from '../../client/audit/verify';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually, refusalOf, waitForTask } from '../support/cases';
import { runCli } from '../support/cli';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `audit-${process.pid}`;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const today = shanghaiDate(Date.now());

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let env: NodeJS.ProcessEnv;
let dataDir: string;
const handles: WorkflowHandle[] = [];
let full: WorkflowHandle;

async function start(personId: string, appointedOn: string, notice = false): Promise<WorkflowHandle> {
  const handle = await client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/${personId}/audit-${process.pid}`,
    args: [probationInput(personId, { appointedOn, preAppointmentNotice: notice })],
    typedSearchAttributes: caseSearchAttributes('probation', 'ts-01', personId),
  });
  handles.push(handle);
  return handle;
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown): Promise<void> {
  await waitForTask(handle, step);
  await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

const verify = (db: DB, opts: Parameters<typeof verifyDatabase>[3] = {}): Promise<VerifyReport> =>
  verifyDatabase(db, 'test database', { client }, opts);

class RolledBack extends Error {}

/** Runs `fn` in a transaction that is always rolled back: the tamper never outlives the test. */
async function tampered<T>(fn: (trx: DB) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await database.db.transaction().execute(async (trx) => {
      await sql`alter table events disable trigger user`.execute(trx);
      out = await fn(trx);
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return out as T;
}

async function positionOf(db: DB, caseId: string, type: string, step: string): Promise<bigint> {
  const row = await db
    .selectFrom('events')
    .select('position')
    .where('stream_id', '=', caseId)
    .where('type', '=', type as never)
    .where(sql<boolean>`metadata->>'causationId' = ${step}`)
    .executeTakeFirstOrThrow();
  return row.position;
}

/**
 * The "clever" tamper: an event removed, every later position and its stream's versions
 * closed up, the whole chain after it re-hashed and the read models rebuilt from the
 * result. Chain and read models then verify; only the histories still remember it.
 */
async function deleteAndRehash(trx: DB, position: bigint): Promise<void> {
  const victim = await trx
    .selectFrom('events')
    .select(['stream_id', 'stream_version'])
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  await sql`delete from events where position = ${position}`.execute(trx);
  // Shifted in two steps so no intermediate value collides with a unique key.
  await sql`update events set position = position + 1000000 where position > ${position}`.execute(trx);
  await sql`update events set position = position - 1000001 where position > ${position + 1000000n}`.execute(trx);
  await sql`update events set stream_version = stream_version + 1000000 where stream_id = ${victim.stream_id} and stream_version > ${victim.stream_version}`.execute(
    trx,
  );
  await sql`update events set stream_version = stream_version - 1000001 where stream_id = ${victim.stream_id} and stream_version > ${victim.stream_version + 1000000}`.execute(
    trx,
  );
  const before = await trx
    .selectFrom('events')
    .select('hash')
    .where('position', '=', position - 1n)
    .executeTakeFirst();
  let prev = before?.hash ?? GENESIS_HASH;
  let last = position - 1n;
  for (const e of await readEventsAfter(trx, position - 1n, 1_000_000)) {
    const hash = eventHash(prev, e);
    await sql`update events set prev_hash = ${prev}, hash = ${hash} where position = ${e.position}`.execute(trx);
    prev = hash;
    last = e.position;
  }
  await trx.updateTable('log_head').set({ position: last, hash: prev }).where('id', '=', 1).execute();
  await rebuildReadModels(trx);
}

async function replayMine(bundle: Parameters<typeof replayHistories>[0]): Promise<CaseReplay[]> {
  const executions = await listExecutions(client, { query: `TaskQueue = '${TASK_QUEUE}'` });
  const out: CaseReplay[] = [];
  for await (const r of replayHistories(bundle, fetchHistories(client, executions))) out.push(r);
  return out;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const address = inject('temporalAddress');
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  client = shared.client;
  dataDir = mkdtempSync(join(tmpdir(), 'cf-audit-'));
  env = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    DATABASE_URL: database.url,
    CADREFLOW_DATA_DIR: dataDir,
    CADREFLOW_TASK_QUEUE: TASK_QUEUE,
    LOG_LEVEL: 'warn',
  };
  delete env.CADREFLOW_AUDIT_KEY;

  // Backdated by 13 months: every check-in is due at once; 4 months: check-in 1 is open.
  full = await start('p-1', addMonths(today, -13));
  const early = await start('p-2', addMonths(today, -4));
  const noticed = await start('p-3', addMonths(today, -4), true);

  await decide(full, 'check-in-1', township, { rating: 'good', comment: '表现良好' });
  await decide(full, 'check-in-2', township, { rating: 'adequate', comment: '' });
  await waitForTask(early, 'check-in-1');
  await early.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: '严重违纪' } }] });
  // The notice takes objections once it is posted; until then the validator says UnknownStep.
  await eventually(async () => {
    try {
      return await noticed.executeUpdate(fileObjectionUpdate, {
        args: [{ notice: 'pre-appointment-notice', actor: county, summary: '群众来信反映问题' }],
      });
    } catch (err) {
      if (refusalOf(err) === 'UnknownStep') return undefined;
      throw err;
    }
  }, 'the notice to take objections');
  await decide(noticed, 'pre-appointment-notice:objection-1:finding', county, { upheld: false, finding: '经核查不属实' });
}, 120_000);

afterAll(async () => {
  for (const h of handles) await h.terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('audit on live cases', () => {
  it('verifies an honest record: chain, read models, every decision matched to its event', async () => {
    const r = await verify(database.db);
    expect(r.chain).toMatchObject({ ok: true });
    expect(r.readModels).toMatchObject({ checked: true, differences: [] });
    // check-in-1, check-in-2, end-early, objection-1, its finding.
    expect(r.decisions).toMatchObject({
      checked: true,
      updates: 5,
      matched: 5,
      decisionsWithoutEvents: [],
      eventsWithoutDecisions: [],
      receiptMismatches: [],
    });
    expect(r.ok).toBe(true);
  });

  it('replays the live histories against the current code, and catches a nondeterministic variant naming the diverging command', async () => {
    const current = await replayMine({ codePath: inject('workflowBundlePath') });
    expect(current.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);

    const variant = await bundleWorkflowCode({
      workflowsPath: join(__dirname, '..', 'fixtures', 'nondeterministic', 'workflows.ts'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    });
    const caught = await replayMine(variant);
    expect(caught.map((r) => r.status)).toEqual(['nondeterministic', 'nondeterministic', 'nondeterministic']);
    expect(caught[0]!.divergence).toBe(
      "Activity type of scheduled event 'appendEvents' does not match activity type of activity command 'msUntilDay'",
    );
  });

  it('names the position of a changed, a deleted and a swapped event', async () => {
    const p = await positionOf(database.db, full.workflowId, 'TaskDecided', 'check-in-1');

    const changed = await tampered(async (trx) => {
      await sql`update events set data_canonical = jsonb_set(data, '{decision,rating}', '"concern"')::text where position = ${p}`.execute(
        trx,
      );
      return verify(trx);
    });
    expect(changed.chain).toMatchObject({
      ok: false,
      firstBadPosition: String(p),
      reason: `hash of position ${p} does not match its contents`,
    });
    expect(changed.ok).toBe(false);

    const deleted = await tampered(async (trx) => {
      await sql`delete from events where position = ${p}`.execute(trx);
      return verify(trx);
    });
    expect(deleted.chain).toMatchObject({
      ok: false,
      firstBadPosition: String(p),
      reason: `position ${p} is missing (the next stored event is ${p + 1n})`,
    });
    // The decision's event is gone, and the cross-check says which.
    expect(deleted.decisions).toMatchObject({ decisionsWithoutEvents: [{ caseId: full.workflowId, step: 'check-in-1' }] });

    const swapped = await tampered(async (trx) => {
      await sql`update events set position = 999999999 where position = ${p}`.execute(trx);
      await sql`update events set position = ${p} where position = ${p + 1n}`.execute(trx);
      await sql`update events set position = ${p + 1n} where position = 999999999`.execute(trx);
      return verify(trx);
    });
    expect(swapped.chain).toMatchObject({
      ok: false,
      firstBadPosition: String(p),
      reason: `prev_hash of position ${p} does not match the hash of the event before it`,
    });
  });

  it('names a read-model row that differs from a rebuild', async () => {
    const taskId = `${full.workflowId}:check-in-1`;
    const r = await tampered(async (trx) => {
      await trx.updateTable('tasks').set({ decided_by: 'mallory' }).where('task_id', '=', taskId).execute();
      return verify(trx);
    });
    expect(r.chain.ok).toBe(true);
    expect(r.readModels).toEqual({
      checked: true,
      eventsReplayed: expect.any(Number),
      differences: [{ table: 'tasks', key: taskId, kind: 'changed', columns: ['decided_by'] }],
    });
    expect(r.ok).toBe(false);
  });

  it('catches a decision deleted with the chain re-hashed by hand through the histories', async () => {
    const p = await positionOf(database.db, full.workflowId, 'TaskDecided', 'check-in-2');
    const r = await tampered(async (trx) => {
      await deleteAndRehash(trx, p);
      return verify(trx);
    });
    // Chain and read models agree with the forged log …
    expect(r.chain.ok).toBe(true);
    expect(r.readModels).toMatchObject({ checked: true, differences: [] });
    // … the history does not.
    expect(r.decisions).toMatchObject({
      checked: true,
      decisionsWithoutEvents: [
        {
          caseId: full.workflowId,
          step: 'check-in-2',
          updateName: 'decide',
          reason: "no TaskDecided for step check-in-2 by ts-01-committee (township-committee ts-01) in the case's stream",
        },
      ],
      eventsWithoutDecisions: [],
    });
    expect(r.ok).toBe(false);
  });

  it('the real CLI exits 1 and names the row when a read model was changed', async () => {
    const taskId = `${full.workflowId}:check-in-1`;
    await database.db.updateTable('tasks').set({ decided_by: 'mallory' }).where('task_id', '=', taskId).execute();
    try {
      const r = await runCli(['audit', 'verify'], env);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain(`tasks ${taskId}: differs in decided_by`);
      expect(r.stdout).toMatch(/^hash chain {4}ok: /m);
      expect(r.stdout).toMatch(/result: FAILED, 1 finding\(s\)$/m);
    } finally {
      await database.db.updateTable('tasks').set({ decided_by: township.id }).where('task_id', '=', taskId).execute();
    }
  });

  it('checkpoint: a log grown since verifies; a log rewritten before it fails, saying why', async () => {
    const cpFile = join(dataDir, 'checkpoint.json');
    const taken = await runCli(['audit', 'checkpoint', '--out', cpFile], env);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stderr).toContain(`generated a new Ed25519 audit signing key at ${join(dataDir, 'audit-ed25519.pem')}`);
    expect(statSync(join(dataDir, 'audit-ed25519.pem')).mode & 0o777).toBe(0o600);
    const cp = readCheckpointFile(cpFile);
    expect(taken.stdout).toContain(`position ${cp.head.position}`);
    // --list shows the stored checkpoint, its signature checked.
    const listed = await runCli(['audit', 'checkpoint', '--list', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        id: '1',
        position: cp.head.position,
        hash: cp.head.hash,
        signedAt: cp.head.time,
        keyFingerprint: cp.signature.keyFingerprint,
        signatureValid: true,
      },
    ]);

    await decide(full, 'check-in-3', township, { rating: 'good', comment: '' });
    const grown = await runCli(['audit', 'verify', '--since-checkpoint', cpFile], env);
    expect(grown.code, grown.stdout + grown.stderr).toBe(0);
    // The stored row (#1) and the file are both checked.
    expect(grown.stdout).toMatch(
      /checkpoint {4}ok: stored checkpoint #1, position \d+ .*: the log only grew since: \d+ event\(s\) appended, now at position \d+$/m,
    );
    expect(grown.stdout).toContain(`checkpoint    ok: ${cpFile}, position ${cp.head.position}`);

    const p = await positionOf(database.db, full.workflowId, 'TaskDecided', 'check-in-1');
    const rewritten = await tampered(async (trx) => {
      await deleteAndRehash(trx, p);
      return verify(trx, { checkpoint: { file: cpFile, checkpoint: cp } });
    });
    expect(rewritten.chain.ok).toBe(true);
    const fromFile = rewritten.checkpoints.find((c) => c.source === cpFile);
    expect(fromFile).toMatchObject({ ok: false, signatureValid: true });
    expect(fromFile?.reason).toMatch(
      new RegExp(
        `^position ${cp.head.position} now has hash [0-9a-f]{12}…, the checkpoint signed ${cp.head.hash.slice(0, 12)}…: the log up to position ${cp.head.position} was rewritten and re-hashed after the checkpoint$`,
      ),
    );
  });

  it('offline: an exported archive replays and verifies with no server reachable, and not one connection attempted', async () => {
    const archive = join(dataDir, 'audit.jsonl.gz');
    const exported = await runCli(['audit', 'export', '--query', `TaskQueue = '${TASK_QUEUE}'`, '--out', archive], env);
    expect(exported.code, exported.stderr).toBe(0);
    const head = await database.db.selectFrom('log_head').selectAll().executeTakeFirstOrThrow();
    expect(exported.stdout.trim()).toBe(
      `wrote ${archive}: 3 histories, ${head.position} events, head ${head.position} (${head.hash.slice(0, 12)}…)`,
    );

    // Both "servers" are one listener that counts who knocks.
    let knocks = 0;
    const trap: Server = createServer((socket) => {
      knocks += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const port = (trap.address() as { port: number }).port;
    const offline: NodeJS.ProcessEnv = {
      ...env,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/nothing`,
      CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-audit-offline-')),
    };
    try {
      const html = join(offline.CADREFLOW_DATA_DIR!, 'timeline.html');
      const csv = join(offline.CADREFLOW_DATA_DIR!, 'timeline.csv');
      // Independent commands, run side by side to keep the suite short.
      const [replayed, verified, timeline] = await Promise.all([
        runCli(['audit', 'replay', '--archive', archive, '--json'], offline),
        runCli(['audit', 'verify', '--archive', archive], offline),
        runCli(['audit', 'timeline', full.workflowId, '--archive', archive, '--html', html, '--csv', csv], offline),
      ]);
      expect(replayed.code, replayed.stderr).toBe(0);
      const out = JSON.parse(replayed.stdout) as {
        summary: { total: number; ok: number; historiesPerSecond: number };
        cases: Array<{ workflowId: string; status: string }>;
      };
      expect(out.summary).toMatchObject({ total: 3, ok: 3 });
      expect(out.summary.historiesPerSecond).toBeGreaterThan(0);
      expect(out.cases.map((c) => c.workflowId).sort()).toEqual(handles.map((h) => h.workflowId).sort());

      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toContain(`hash chain    ok: ${head.position} events from position 1, head ${head.position}`);
      expect(verified.stdout).toContain('decisions     ok: 6 decision(s) in the histories of 3 case(s), 6 matched to their events');
      expect(verified.stdout).toContain('result: OK, no findings');

      expect(timeline.code, timeline.stderr).toBe(0);
      expect(timeline.stdout).toMatch(
        /TaskDecided\s+ts-01-committee \(township-committee ts-01\)\s+check-in-1\s+\S+\s+update decide #\d+→#\d+; appendEvents \(local\) #\d+/,
      );
      expect(readFileSync(html, 'utf8')).toContain('决定人 (Actor)');
      expect(readFileSync(csv, 'utf8').split('\r\n').filter(Boolean).length).toBeGreaterThan(10);
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
    expect(knocks).toBe(0);
  });
});
