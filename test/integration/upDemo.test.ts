/**
 * `cadreflow up --demo` prints its demo logins as soon as the API serves and loads the
 * demo county behind them: the logins work at once, `GET /health` says how far the demo
 * has come, Ctrl-C during the load loses nothing (the next `up --demo` finishes it), and
 * once it is complete another `up --demo` adds nothing. Three starts of `up` on one data
 * folder, each waited for by what it prints, never by a guessed time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startCli, type LongRunning } from '../support/cli';
import { DEMO_PARTS } from '../../client/demoProgress';

const dataDir = mkdtempSync(join(tmpdir(), 'cf-up-demo-'));
const running: LongRunning[] = [];
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Health {
  status: string;
  demo?: { state: 'loading' | 'done' | 'failed'; parts: Array<{ name: string; done: number; total: number }> };
}

async function env(): Promise<NodeJS.ProcessEnv> {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    CADREFLOW_DATA_DIR: dataDir,
    CADREFLOW_TEMPORAL_PORT: String(await freePort()),
    CADREFLOW_API_PORT: String(await freePort()),
    // The API answers on the address it prints, so that this test can sign in there.
    CADREFLOW_PUBLIC_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'CADREFLOW_USER']) delete e[name];
  return e;
}

async function start(ready: RegExp): Promise<LongRunning> {
  const p = await startCli(['up', '--demo'], await env(), ready, 400_000);
  running.push(p);
  return p;
}

/** Ctrl-C; `up` stops the demo's load, the worker, the API and its dev server, and exits 0. */
async function stop(p: LongRunning): Promise<void> {
  p.child.kill('SIGINT');
  expect(await p.exited, p.output()).toBe(0);
}

const apiOf = (out: string): string => /^ {2}API +(http:\/\/\S+)/m.exec(out)![1]!;

async function health(api: string): Promise<Health> {
  const r = await fetch(`${api}/health`);
  expect(r.status).toBe(200);
  return (await r.json()) as Health;
}

/** Signs in; the session cookie. */
async function signIn(api: string, login: string, password: string): Promise<string> {
  const r = await fetch(`${api}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  expect(r.status, await r.clone().text()).toBe(200);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

describe('`cadreflow up --demo` loads the demo behind its logins', () => {
  it(
    'the logins work while the demo loads; Ctrl-C mid-load loses nothing; the next up completes it; another adds nothing',
    { timeout: 1_500_000 },
    async () => {
      // First start: stopped as soon as the last login is printed and the demo has begun to
      // load (its line follows the logins, in a write of its own).
      const first = await start(/^ {2}auditor .*\n[\s\S]*^▸ demo: loading the demo county/m);
      const out1 = first.output();
      const passwords = new Map([...out1.matchAll(/^ {2}(\S+) +\S+ +\S*\t(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      expect([...passwords.keys()].sort()).toEqual(['auditor', 'org-admin', 'org-staff', 'ts-01-committee', 'ts-02-committee']);
      expect(out1).toMatch(/^▸ demo: loading the demo county in the background; its cases appear as they start…$/m);
      const api1 = apiOf(out1);
      // The logins work now, whatever the demo has loaded.
      const cookie = await signIn(api1, 'org-staff', passwords.get('org-staff')!);
      const me = await fetch(`${api1}/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      const during = await health(api1);
      expect(during.status).toBe('ok');
      expect(during.demo?.parts.map((p) => p.name)).toEqual([...DEMO_PARTS]);
      expect(['loading', 'done']).toContain(during.demo?.state);
      await stop(first);
      // Stopped mid-load, or (on a fast machine) after it: either way said.
      expect(first.output()).toMatch(/^✓ demo: (stopped before it was complete|loaded: )/m);

      // Second start: no new logins; the demo loads what the first left out, to the end.
      const second = await start(/^✓ demo: loaded: .*\n/m);
      const out2 = second.output();
      expect(out2).toMatch(/^✓ demo logins: 0 created/m);
      expect(out2).not.toMatch(/^demo logins \(shown once/m);
      const api2 = apiOf(out2);
      const done = await health(api2);
      expect(done.demo?.state).toBe('done');
      for (const part of done.demo!.parts) expect(part.done, part.name).toBe(part.total);
      const total = (name: string) => done.demo!.parts.find((p) => p.name === name)!.total;
      expect(total('registry')).toBeGreaterThan(2000);
      expect(total('membership')).toBeGreaterThan(5000);
      const cases = total('selections') + total('probation') + total('member-development');
      const [, started2, existing2] = /; (\d+) cases started, (\d+) already running/.exec(out2)!;
      // Every demo case exactly once, over the two starts.
      expect(Number(started2) + Number(existing2)).toBe(cases);
      // The first start's passwords still sign in; the township's inbox fills as the worker opens the cases' steps.
      const committee = await signIn(api2, 'ts-01-committee', passwords.get('ts-01-committee')!);
      await expect
        .poll(
          async () => {
            const r = await fetch(`${api2}/tasks`, { headers: { cookie: committee } });
            return ((await r.json()) as unknown[]).length;
          },
          { timeout: 120_000, interval: 500 },
        )
        .toBeGreaterThan(0);
      await stop(second);

      // Third start: everything is there; nothing appended, nothing started.
      const third = await start(/^✓ demo: loaded: .*\n/m);
      const out3 = third.output();
      expect(out3).toMatch(
        new RegExp(
          `^✓ demo: loaded: \\d+ registry and \\d+ membership register events already in the log; 0 cases started, ${cases} already running`,
          'm',
        ),
      );
      await stop(third);
    },
  );
});
