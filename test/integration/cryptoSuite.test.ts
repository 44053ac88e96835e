/**
 * The crypto suite switched on a live deployment (real Temporal dev server, real
 * PostgreSQL): cases run under AES-256-GCM and SHA-256, the deployment moves to SM4 and
 * SM3 (CADREFLOW_CRYPTO=sm) with its keyring outside the data folder, the same cases go
 * on and new ones start. Histories then hold payloads of both ciphers and the log events
 * of both hash algorithms; `cadreflow audit verify` reads and verifies all of it, and
 * finds an SM3 event changed behind the log's back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/actors';
import { encryptingDataConverter } from '../../client/codec';
import { CRYPTO_SUITES, type CryptoSuiteName } from '../../client/crypto/suite';
import { createWorker } from '../../worker/worker';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { decideUpdate } from '../../workflows/kit/messages';
import { readStream } from '../../activities/eventReads';
import { appendToStream } from '../../activities/eventStore';
import { verifyHashChain } from '../../activities/hashChain';
import { createTestDatabase, GOLDEN_APPEND, GOLDEN_RECORDED_AT, type TestDatabase } from '../support/db';
import { waitForTask } from '../support/cases';
import { cli, runCli } from '../support/cli';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `crypto-${process.pid}`;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };

let database: TestDatabase;
let connection: Connection;
let env: NodeJS.ProcessEnv;
let keyFile: string;
const handles: WorkflowHandle[] = [];

/** A worker and a client of the deployment under one suite, as `cadreflow up`/`worker` build them. */
async function deployment(suite: CryptoSuiteName): Promise<{ client: Client; stop(): Promise<void> }> {
  const settings = { dataDir: env.CADREFLOW_DATA_DIR!, codecKeysFile: keyFile, crypto: suite };
  const native = await NativeConnection.connect({ address: inject('temporalAddress') });
  const worker: Worker = await createWorker({
    connection: native,
    namespace: 'default',
    db: database.db,
    taskQueue: TASK_QUEUE,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter: encryptingDataConverter(settings),
    hashAlgorithm: CRYPTO_SUITES[suite].hashAlgorithm,
  });
  const running = worker.run();
  return {
    client: new Client({ connection, namespace: 'default', dataConverter: encryptingDataConverter(settings) }),
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await native.close();
    },
  };
}

async function start(client: Client, personId: string): Promise<WorkflowHandle> {
  const handle = await client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/${personId}/crypto-${process.pid}`,
    args: [probationInput(personId, { personName: '密评测试', monthsAgo: 13 })],
    typedSearchAttributes: caseSearchAttributes('probation', 'ts-01', personId),
  });
  handles.push(handle);
  return handle;
}

async function decide(client: Client, workflowId: string, step: string, comment: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  await waitForTask(handle, step);
  await handle.executeUpdate(decideUpdate, { args: [{ step, actor: township, decision: { rating: 'good', comment } }] });
}

/** Every payload's cipher in a history, read without any codec (what the Temporal server holds); 'plain' for an unsealed one. */
async function ciphersIn(workflowId: string): Promise<Set<string>> {
  const history = await new Client({ connection, namespace: 'default' }).workflow.getHandle(workflowId).fetchHistory();
  const ciphers = new Set<string>();
  const walk = (value: unknown, key = ''): void => {
    // Search attributes are for the server to index, and a patch marker (patched()) carries only
    // the patch's id, written by the SDK's core: Temporal passes neither through a codec.
    if (
      value === null ||
      typeof value !== 'object' ||
      value instanceof Uint8Array ||
      key === 'searchAttributes' ||
      key === 'markerRecordedEventAttributes'
    )
      return;
    const metadata = (value as { metadata?: Record<string, Uint8Array> }).metadata;
    if (metadata && metadata.encoding instanceof Uint8Array && 'data' in value) {
      const cipher = metadata['encryption-cipher'];
      ciphers.add(cipher ? Buffer.from(cipher).toString('utf8') : 'plain');
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(history.events);
  return ciphers;
}

const p1 = `probation/p-c1/crypto-${process.pid}`;
const p2 = `probation/p-c2/crypto-${process.pid}`;

beforeAll(async () => {
  database = await createTestDatabase();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-crypto-data-'));
  // The keyring lives outside the data folder, as the README advises.
  keyFile = join(mkdtempSync(join(tmpdir(), 'cf-crypto-keys-')), 'keyring.json');
  env = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    DATABASE_URL: database.url,
    CADREFLOW_DATA_DIR: dataDir,
    CADREFLOW_TASK_QUEUE: TASK_QUEUE,
    LOG_LEVEL: 'warn',
  };
  delete env.CADREFLOW_AUDIT_KEY;
  delete env.CADREFLOW_CODEC_KEYRING;
  delete env.CADREFLOW_CRYPTO;
}, 120_000);

afterAll(async () => {
  for (const h of handles) await h.terminate('test finished').catch(() => undefined);
  await connection?.close();
  await database?.drop();
});

describe('SM3 in the event store on PostgreSQL', () => {
  it('gives the golden event the same SM3 hash as PGlite does (test/unit/eventStore.pglite.test.ts)', async () => {
    const fresh = await createTestDatabase();
    try {
      await appendToStream(fresh.db, GOLDEN_APPEND, { clock: () => GOLDEN_RECORDED_AT, hashAlgorithm: 'sm3' });
      const [event] = await readStream(fresh.db, GOLDEN_APPEND.streamId);
      expect(event).toMatchObject({ hash: '7f80de96aa3026ceba5ed65f1210a19b601366dd38c2eaa93e6ac16c4924d1bc', hashAlgorithm: 'sm3' });
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 1 });
    } finally {
      await fresh.drop();
    }
  });
});

describe('switching the crypto suite on a live deployment', () => {
  it('keeps a keyring outside the data folder with random key ids, made with `cadreflow keys add`', async () => {
    const fileEnv = { ...env, CADREFLOW_CODEC_KEYS: keyFile };
    expect(await cli(['keys', 'add', '--suite', 'aes'], fileEnv)).toMatch(/added AES256GCM key k-\d{8}-[0-9a-f]{8} .*\(active\)/);
    const list = JSON.parse(await cli(['keys', 'list', '--json'], fileEnv)) as {
      keys: Array<{ id: string; cipher: string; active: string }>;
    };
    expect(list.keys).toEqual([
      { id: expect.stringMatching(/^k-\d{8}-[0-9a-f]{8}$/), cipher: 'AES256GCM', created: expect.any(String), active: 'yes' },
    ]);
    expect(readFileSync(keyFile, 'utf8')).not.toContain('"k1"');
  });

  it('runs cases under AES-256-GCM and SHA-256, then under SM4 and SM3 after the switch, on the same cases', async () => {
    const aes = await deployment('aes');
    try {
      await start(aes.client, 'p-c1');
      await decide(aes.client, p1, 'check-in-1', '切换前');
    } finally {
      await aes.stop();
    }

    // The switch: an SM4 key joins the keyring, then every process restarts with CADREFLOW_CRYPTO=sm.
    expect(await cli(['keys', 'add', '--suite', 'sm'], { ...env, CADREFLOW_CODEC_KEYS: keyFile })).toMatch(
      /added SM4CTR-HMACSM3 key k-\d{8}-[0-9a-f]{8}/,
    );
    const sm = await deployment('sm');
    try {
      // The older case goes on: its AES payloads are replayed by the SM4 worker.
      await decide(sm.client, p1, 'check-in-2', '切换后');
      await start(sm.client, 'p-c2');
      await decide(sm.client, p2, 'check-in-1', '切换后新案');
      await waitForTask(sm.client.workflow.getHandle(p2), 'check-in-2');
    } finally {
      await sm.stop();
    }

    // Every payload sealed (none 'plain'): the first case's under both ciphers, the second's under SM4 only.
    expect([...(await ciphersIn(p1))].sort()).toEqual(['AES256GCM', 'SM4CTR-HMACSM3']);
    expect([...(await ciphersIn(p2))]).toEqual(['SM4CTR-HMACSM3']);

    // The log: SHA-256 events first, SM3 from the switch on, one chain.
    const rows = await database.db.selectFrom('events').select(['position', 'hash_alg']).orderBy('position').execute();
    const firstSm3 = rows.findIndex((r) => r.hash_alg === 'sm3');
    expect(firstSm3).toBeGreaterThan(0);
    expect(rows.slice(0, firstSm3).every((r) => r.hash_alg === 'sha256')).toBe(true);
    expect(rows.slice(firstSm3).every((r) => r.hash_alg === 'sm3')).toBe(true);
  });

  it('`audit verify` reads both ciphers (keyring from CADREFLOW_CODEC_KEYRING) and verifies the mixed chain', async () => {
    const keyring = Buffer.from(readFileSync(keyFile)).toString('base64');
    const r = await runCli(['audit', 'verify', '--json'], { ...env, CADREFLOW_CODEC_KEYRING: keyring, CADREFLOW_CRYPTO: 'sm' }, 120_000);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      chain: { ok: boolean; checked: number };
      decisions: { matched: number; updates: number };
    };
    expect(report.chain).toMatchObject({ ok: true });
    const { n } = await database.db
      .selectFrom('events')
      .select(({ fn }) => fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(report.chain.checked).toBe(Number(n));
    // check-in-1 (AES), check-in-2 (SM4) of the first case, check-in-1 (SM4) of the second.
    expect(report.decisions).toMatchObject({ updates: 3, matched: 3 });
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);
  }, 150_000);

  it('finds an SM3 event whose data was changed, naming its position', async () => {
    const victim = await database.db
      .selectFrom('events')
      .select(['position', 'data', 'hash_alg'])
      .where('stream_id', '=', p2)
      .where('type', '=', 'TaskDecided')
      .executeTakeFirstOrThrow();
    expect(victim.hash_alg).toBe('sm3');
    await sql`alter table events disable trigger user`.execute(database.db);
    await sql`update events set data_canonical = jsonb_set(data, '{decision,rating}', '"concern"')::text where position = ${victim.position}`.execute(
      database.db,
    );
    await sql`alter table events enable trigger user`.execute(database.db);
    const r = await runCli(['audit', 'verify', '--json'], { ...env, CADREFLOW_CODEC_KEYS: keyFile }, 120_000);
    const report = JSON.parse(r.stdout) as { ok: boolean; chain: { ok: boolean; firstBadPosition: string; reason: string } };
    expect(report.chain).toMatchObject({
      ok: false,
      firstBadPosition: String(victim.position),
      reason: `hash of position ${victim.position} does not match its contents`,
    });
    expect(report.ok).toBe(false);
    expect(r.code).not.toBe(0);
  }, 150_000);
});
