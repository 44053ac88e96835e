/**
 * The README's first command on embedded defaults: `cadreflow up` with no DATABASE_URL
 * and no TEMPORAL_ADDRESS starts its own Temporal dev server and PGlite, and the other
 * commands (demo, tasks, decide, case show) work against it as the accounts the
 * operator made beforehand; Ctrl-C stops everything, and a restart finds every case
 * where it was.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, freePort, runCli, startCli, type LongRunning } from '../support/cli';
import { eventually } from '../support/cases';

const dataDir = mkdtempSync(join(tmpdir(), 'cf-embedded-'));
let up: LongRunning | undefined;

async function env(): Promise<NodeJS.ProcessEnv> {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    CADREFLOW_DATA_DIR: dataDir,
    CADREFLOW_TEMPORAL_PORT: String(await freePort()),
    CADREFLOW_API_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  delete e.DATABASE_URL;
  delete e.TEMPORAL_ADDRESS;
  return e;
}

async function stopUp(): Promise<number | null> {
  up!.child.kill('SIGINT');
  const code = await up!.exited;
  up = undefined;
  return code;
}

afterAll(async () => {
  if (!up) return;
  // Ctrl-C first, so `up` stops its Temporal dev server; SIGKILL only if it hangs (a
  // killed `up` would leave its server behind).
  up.child.kill('SIGINT');
  const stopped = await Promise.race([up.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
  if (!stopped) {
    up.child.kill('SIGKILL');
    await up.exited;
  }
});

describe('embedded stack (`cadreflow up` with PGlite and its own Temporal dev server)', () => {
  it('serves a case, stops cleanly on Ctrl-C and keeps every case across a restart', { timeout: 180_000 }, async () => {
    const e = await env();
    // The operator makes the accounts on the embedded database before `up` holds it.
    expect(await cli(['db', 'migrate'], e)).toMatch(/applied: /);
    expect(await cli(['users', 'add', '--login', 'staff-1', '--role', 'county-org-dept'], e)).toContain('staff-1');
    expect(await cli(['users', 'add', '--login', 'admin-1', '--role', 'admin'], e)).toContain('admin-1');
    up = await startCli(['up'], e, /cadreflow is up/);
    expect(up.output()).toContain(`PGlite at ${join(dataDir, 'pglite')}`);
    expect(up.output()).toMatch(/Temporal\s+127\.0\.0\.1:\d+ \(cli:/);
    const apiUrl = /API\s+(http:\/\/\S+) /.exec(up.output())![1]!;
    const health = await fetch(`${apiUrl}/health`);
    expect(health.status).toBe(200);

    // A second `up` on the same data folder is refused with a reason.
    const second = await runCli(['up'], e);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running/);

    const demo = await cli(['demo', '--user', 'staff-1'], e);
    expect(demo).toMatch(/12 started/);
    // The demo's two selections, taken to their steps by the worker of `up`.
    expect(demo).toMatch(
      /^selection cases: 2 started, 0 already running; .*\(ordinary\) at inspection-1, .*\(competitive\) at committee-1$/m,
    );
    const inbox = await eventually(async () => {
      const out = await cli(['tasks', '--township', 'ts-02'], e);
      return out.includes('check-in-1') ? out : undefined;
    }, 'the demo tasks');
    const caseId = /(probation\/p-\d+\/demo)\s+check-in-1/.exec(inbox)![1]!;
    // Entered from a paper record by the admin, on behalf of 测试 of ts-02's committee.
    expect(await cli(['decide', caseId, 'check-in-1', '--user', 'admin-1', '--as', 'ts-02:测试', '-f', 'rating=good'], e)).toMatch(
      /^decided .* entered by admin-1 /,
    );
    const shown = await cli(['case', 'show', caseId], e);
    expect(shown).toMatch(/TaskDecided\s+测试 \(township-committee ts-02\), entered by admin-1/);
    expect(shown).toContain('check-ins 1');

    expect(await stopUp()).toBe(0);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);

    up = await startCli(['up'], await env(), /cadreflow is up/);
    const e2 = await env();
    const after = await cli(['case', 'show', caseId], e2);
    expect(after).toContain('check-ins 1');
    const again = await cli(['demo'], { ...e2, CADREFLOW_USER: 'staff-1' });
    expect(again).toMatch(/0 started, 12 already running/);
    expect(again).toMatch(/^selection cases: 0 started, 2 already running; /m);
    expect(await stopUp()).toBe(0);
  });
});
