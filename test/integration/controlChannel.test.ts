/**
 * The door CLI commands use into an embedded `cadreflow up` (client/controlChannel.ts),
 * tried as an attacker on the same machine would: another local user (uid 65534, through
 * setpriv) can neither open the socket nor read the token; the stack's own user without
 * the token, with a wrong one, from a web page (Origin) or with a text/plain body is
 * refused and nothing is written. The data folder is owner-only and stack.json holds no
 * credential; with DATABASE_URL there is no channel at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, cli, committee, freePort, runCli, STAFF, startCli, type LongRunning } from '../support/cli';
import { eventually } from '../support/cases';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ownTemporal } from '../support/temporal';
import type { TemporalEndpoint } from '../../client/temporal';
import { MAX_SOCKET_PATH_BYTES } from '../../client/controlChannel';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
// Becoming another user needs root; CI runs as root and must not skip it.
const cannotSwitchUser = !isRoot && !process.env.CI;

const dataDir = mkdtempSync(join(tmpdir(), 'cf-control-'));
const socket = join(dataDir, 'run', 'control.sock');
const tokenFile = join(dataDir, 'run', 'control.token');
let up: LongRunning | undefined;
let env: NodeJS.ProcessEnv;

async function embeddedEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    CADREFLOW_DATA_DIR: dir,
    CADREFLOW_TEMPORAL_PORT: String(await freePort()),
    CADREFLOW_API_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  delete e.DATABASE_URL;
  delete e.TEMPORAL_ADDRESS;
  delete e.CADREFLOW_USER;
  return e;
}

async function stop(p: LongRunning): Promise<number | null> {
  // Ctrl-C, so `up` stops its Temporal dev server; SIGKILL only if it hangs.
  p.child.kill('SIGINT');
  const stopped = await Promise.race([p.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
  if (!stopped) p.child.kill('SIGKILL');
  return p.exited;
}

/** One raw HTTP call on the socket, with the headers given (nothing added). */
function rawCall(path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: socket, path, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const token = () => readFileSync(tokenFile, 'utf8').trim();
const json = { 'content-type': 'application/json' };

/** How many events the case's own stream holds, read through the channel (the demo's other cases may still be writing). */
async function caseEvents(caseId: string): Promise<number> {
  const r = await rawCall('/call/caseView', { ...json, authorization: `Bearer ${token()}` }, JSON.stringify([caseId]));
  expect(r.status).toBe(200);
  return (JSON.parse(r.body) as { result: { timeline: unknown[] } }).result.timeline.length;
}

/** Runs a script with node as uid/gid 65534 and no supplementary groups; its JSON output. */
function asNobody(script: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', script], {
      cwd: '/',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the script as uid ${NOBODY} exited ${code}: ${err}`));
      resolve(JSON.parse(out) as Record<string, string>);
    });
  });
}

const modeOf = (path: string) => lstatSync(path).mode & 0o777;

/** Every file and folder under `dir` with its mode; a file gone meanwhile (a SQLite journal) is left out. */
function everyPath(dir: string): Array<{ path: string; dir: boolean; mode: number }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return [];
    }
    if (st.isSymbolicLink()) return [];
    const entry = { path, dir: st.isDirectory(), mode: st.mode & 0o777 };
    return entry.dir ? [entry, ...everyPath(path)] : [entry];
  });
}

beforeAll(async () => {
  // An older data folder that others could read: `up` tightens it and says so once.
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'notes.txt'), 'left by an older version', { mode: 0o644 });
  chmodSync(join(dataDir, 'notes.txt'), 0o644);
  env = await embeddedEnv(dataDir);
  // Its logins come first; the tests below want the demo's cases, there once it has loaded.
  up = await startCli(['up', '--demo'], env, /^✓ demo: loaded: /m, 180_000);
}, 200_000);

afterAll(async () => {
  if (up) await stop(up);
});

describe('the control channel of an embedded `cadreflow up`', () => {
  it('keeps the data folder owner-only and stack.json free of credentials', () => {
    expect(up!.output()).toMatch(/the data folder .* was readable by other users: 2 files and folders made owner-only/);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(join(dataDir, 'notes.txt'))).toBe(0o600);
    for (const f of ['stack.json', 'codec-keys.json', 'temporal.sqlite', 'temporal.log', 'run/control.token']) {
      expect(existsSync(join(dataDir, f)), f).toBe(true);
    }
    expect(modeOf(join(dataDir, 'run'))).toBe(0o700);
    expect(modeOf(socket)).toBe(0o600);
    const all = everyPath(dataDir);
    expect(all.length).toBeGreaterThan(10);
    const loose = all.filter((e) => (e.dir ? e.mode !== 0o700 : (e.mode & 0o077) !== 0)).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(loose).toEqual([]);

    const stackText = readFileSync(join(dataDir, 'stack.json'), 'utf8');
    const stack = JSON.parse(stackText) as Record<string, unknown>;
    expect(stack.controlSocket).toBe(socket);
    expect(Object.keys(stack)).not.toContain('databaseUrl');
    expect(Object.keys(stack)).not.toContain('controlUrl');
    expect(stackText).not.toMatch(/password|postgres:\/\/|token/i);
    expect(token()).toMatch(/^[0-9a-f]{64}$/);
  });

  it.skipIf(cannotSwitchUser)('refuses another local user: the socket and the token file give EACCES', { timeout: 60_000 }, async () => {
    expect(isRoot, 'becoming uid 65534 needs root').toBe(true);
    const script = `
      const fs = require('node:fs'), net = require('node:net');
      const out = {};
      try { fs.readFileSync(${JSON.stringify(tokenFile)}); out.token = 'read'; } catch (e) { out.token = e.code; }
      const s = net.connect(${JSON.stringify(socket)});
      s.on('connect', () => { out.socket = 'connected'; s.destroy(); done(); });
      s.on('error', (e) => { out.socket = e.code; done(); });
      function done() { process.stdout.write(JSON.stringify(out)); }`;
    expect(await asNobody(script)).toEqual({ token: 'EACCES', socket: 'EACCES' });
    // Even with the data folder opened up by hand, the run folder keeps them out.
    chmodSync(dataDir, 0o755);
    try {
      expect(await asNobody(script)).toEqual({ token: 'EACCES', socket: 'EACCES' });
    } finally {
      chmodSync(dataDir, 0o700);
    }
  });

  it(
    'refuses its own user without the token, with a wrong one, with an Origin and with text/plain; nothing is written',
    { timeout: 120_000 },
    async () => {
      const tasks = await eventually(async () => {
        const out = await cli(['tasks', '--township', 'ts-03'], env);
        return /probation\/p-\d+\/demo/.test(out) ? out : undefined;
      }, 'the demo tasks');
      const caseId = /(probation\/p-\d+\/demo)/.exec(tasks)![1]!;
      // The attack: ending a probation early as county staff, with no login.
      const endEarly = JSON.stringify([caseId, 'end-early', { id: 'org-staff', role: 'county-org-dept' }, { reason: '伪造' }]);
      const before = await caseEvents(caseId);
      const tries: Array<[string, Record<string, string>, number]> = [
        ['no token', { ...json }, 401],
        ['a wrong token', { ...json, authorization: `Bearer ${'0'.repeat(64)}` }, 401],
        ['the token in another scheme', { ...json, authorization: `Basic ${token()}` }, 401],
        ['an Origin header', { ...json, authorization: `Bearer ${token()}`, origin: 'http://evil.example' }, 403],
        ['a text/plain body', { 'content-type': 'text/plain', authorization: `Bearer ${token()}` }, 415],
        ['no content type', { authorization: `Bearer ${token()}` }, 415],
      ];
      for (const [what, headers, status] of tries) {
        const r = await rawCall('/call/decide', headers, endEarly);
        expect({ what, status: r.status }).toEqual({ what, status });
      }
      expect(await caseEvents(caseId)).toBe(before);
      const shown = await cli(['case', 'show', caseId], env);
      expect(shown).not.toContain('ProbationEndedEarly');

      // With the token the call is served: the channel is the operator's, the token proves it.
      const served = await rawCall('/call/tasks', { ...json, authorization: `Bearer ${token()}` }, JSON.stringify([{ township: 'ts-03' }]));
      expect(served.status).toBe(200);
      expect(served.body).toContain(caseId);
    },
  );

  it('writes no file a caller names: the archive comes back as bytes and the CLI writes it', { timeout: 120_000 }, async () => {
    const victim = join(mkdtempSync(join(tmpdir(), 'cf-victim-')), 'victim.txt');
    writeFileSync(victim, 'not yours');
    const r = await rawCall(
      '/call/audit.exportArchive',
      { ...json, authorization: `Bearer ${token()}` },
      JSON.stringify([{ scope: { all: true }, file: victim, namespace: 'default', progress: false }]),
    );
    expect(r.status).toBe(200);
    expect(readFileSync(victim, 'utf8')).toBe('not yours');
    const result = (JSON.parse(r.body) as { result: { gzipBase64: string; events: number } }).result;
    expect(Buffer.from(result.gzipBase64, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(result.events).toBeGreaterThan(0);

    const out = join(mkdtempSync(join(tmpdir(), 'cf-archive-')), 'audit.jsonl.gz');
    expect(await cli(['audit', 'export', '--all', '--out', out], env)).toMatch(/^wrote .*audit\.jsonl\.gz: \d+ histories, \d+ events/);
    expect(modeOf(out)).toBe(0o600);
    const verified = await runCli(['audit', 'verify', '--archive', out, '--json'], env);
    expect(JSON.parse(verified.stdout)).toMatchObject({ chain: { ok: true } });
  });

  it(
    'acts through the channel as an account: a demo login decides its own township; --as only for the admin',
    { timeout: 120_000 },
    async () => {
      const tasks = await cli(['tasks', '--township', 'ts-02'], env);
      const caseId = /(probation\/p-\d+\/demo)\s+check-in-1/.exec(tasks)?.[1];
      expect(caseId, tasks).toBeDefined();
      const refused = await runCli(['decide', caseId!, 'check-in-1', '--user', committee('ts-01'), '-f', 'rating=good'], env);
      expect(refused.stderr.trim()).toMatch(/^cadreflow: refused \(WrongTownship\)/);
      const notAdmin = await runCli(['decide', caseId!, 'check-in-1', '--user', STAFF, '--as', 'ts-02', '-f', 'rating=good'], env);
      expect(notAdmin.stderr.trim()).toBe(
        'cadreflow: --as is only for an admin account; org-staff is county-org-dept and acts as itself (drop --as)',
      );
      expect(await cli(['decide', caseId!, 'check-in-1', '--user', ADMIN, '--as', 'ts-02:王芳', '-f', 'rating=good'], env)).toMatch(
        /^decided .* as 王芳, entered by org-admin /,
      );
      const view = JSON.parse(await cli(['case', 'show', caseId!, '--json'], env)) as {
        timeline: Array<{ type: string; data: { step?: string }; actor?: unknown }>;
      };
      const decided = view.timeline.find((e) => e.type === 'TaskDecided' && e.data.step === 'check-in-1');
      expect(decided?.actor).toEqual({ id: '王芳', role: 'township-committee', townshipId: 'ts-02', enteredBy: 'org-admin' });
    },
  );
});

describe('the ballot commands through the channel', () => {
  it(
    'verify with no session named verifies all; a bad --spares and an unknown session are refused in Chinese and English',
    { timeout: 120_000 },
    async () => {
      // The demo holds no session: a missing argument must reach `up` as "every session", not as a session named null.
      const all = await runCli(['ballot', 'verify'], env);
      expect(all.code, all.stderr).toBe(0);
      expect(all.stdout.trim()).toBe('no ballot session to verify');
      const definition = join(mkdtempSync(join(tmpdir(), 'cf-ballot-')), 'rating.json');
      writeFileSync(definition, JSON.stringify({ due: 5 }));
      const spares = await runCli(
        ['ballot', 'open', 'probation/p-0001/demo', 'democratic-rating', '--file', definition, '--spares', 'x', '--user', STAFF],
        env,
      );
      expect(spares.code).not.toBe(0);
      expect(spares.stderr).toContain('refused (bad-session): 备用票数应为 0 到 50 / spares must be a whole number from 0 to 50');
      const unknown = await runCli(['ballot', 'published', 'bs-00000000-0000-4000-8000-000000000000'], env);
      expect(unknown.stderr.trim()).toBe(
        'cadreflow: refused (unknown-session): 没有这个投票 / no ballot session bs-00000000-0000-4000-8000-000000000000',
      );
    },
  );
});

describe('where there is no channel', () => {
  let database: TestDatabase | undefined;
  let temporal: TemporalEndpoint | undefined;
  afterAll(async () => {
    await database?.drop();
    await temporal?.stop();
  });

  it('serves none when DATABASE_URL is set', { timeout: 180_000 }, async () => {
    database = await createTestDatabase();
    temporal = await ownTemporal();
    const dir = mkdtempSync(join(tmpdir(), 'cf-nochannel-'));
    // A password in the URL (the test server trusts local connections and ignores it): it must not reach stack.json.
    const url = new URL(database.url);
    url.password = 's3cret-pw';
    const e = {
      ...(await embeddedEnv(dir)),
      DATABASE_URL: url.toString(),
      TEMPORAL_ADDRESS: temporal.address,
      CADREFLOW_TASK_QUEUE: `nochannel-${process.pid}`,
    };
    const p = await startCli(['up'], e, /cadreflow is up/, 120_000);
    try {
      const stack = JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as Record<string, unknown>;
      expect(stack).not.toHaveProperty('controlSocket');
      expect(stack).not.toHaveProperty('databaseUrl');
      expect(JSON.stringify(stack)).not.toContain('s3cret-pw');
      expect(modeOf(join(dir, 'stack.json'))).toBe(0o600);
      expect(existsSync(join(dir, 'run', 'control.sock'))).toBe(false);
      expect(existsSync(join(dir, 'run', 'control.token'))).toBe(false);
      // A second worker names the database itself: stack.json never hands it out.
      const w = await runCli(['worker'], { ...e, DATABASE_URL: '' });
      expect(w.code).toBe(1);
      expect(w.stderr.trim()).toMatch(/^cadreflow: a separate worker needs DATABASE_URL in its environment/);
    } finally {
      expect(await stop(p)).toBe(0);
    }
  });

  it('refuses a data folder too deep for a socket path, naming the path, before starting anything', async () => {
    let deep = mkdtempSync(join(tmpdir(), 'cf-deep-'));
    while (Buffer.byteLength(join(deep, 'run', 'control.sock')) <= MAX_SOCKET_PATH_BYTES) deep = join(deep, 'abcdefghij');
    mkdirSync(deep, { recursive: true });
    const r = await runCli(['up'], await embeddedEnv(deep));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `cadreflow: the control socket path ${join(deep, 'run', 'control.sock')} is ${Buffer.byteLength(join(deep, 'run', 'control.sock'))} bytes; ` +
        `a Unix socket path has at most ${MAX_SOCKET_PATH_BYTES}: choose a shorter data folder (CADREFLOW_DATA_DIR)`,
    );
    expect(existsSync(join(deep, 'temporal.sqlite'))).toBe(false);
  });
});
