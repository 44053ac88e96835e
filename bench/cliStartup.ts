/**
 * cli-startup: how long a `cadreflow` command takes as a whole process, from spawn to
 * exit, against `node -e 0` (Node's own start-up) in the same rounds. Two commands:
 * `--help` (commander and the command list, nothing else) and `tasks` (a read of the
 * tasks read model on a PostgreSQL database of its own, migrated and empty, no Temporal).
 * Each is run compiled (bin/cadreflow.cjs with a fresh dist/cli bundle, as every command
 * runs) and from the TypeScript sources through tsx (CADREFLOW_RUN_SOURCES=1, how every
 * command ran before the CLI was compiled). The commands take turns within a round (after
 * one warm-up round), so a machine whose load drifts slows all of them alike; the figures
 * are the median wall time and the median CPU time (user + system, from the kernel's
 * account of this process's waited-for children), which a loaded machine inflates far less.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase } from './lib/db';
import { phase } from './lib/log';
import type { BenchResult, Measure } from './lib/results';
import { percentile, round } from './lib/stats';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'cadreflow.cjs');

export interface CliStartupOptions {
  /** Counted rounds (each runs every command once), after one warm-up round. */
  rounds: number;
}

interface Run {
  label: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** CPU seconds of this process's waited-for children (cutime + cstime in /proc/self/stat, in 1/100 s). */
function childrenCpu(): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Wall and CPU seconds from spawn to exit; fails on a non-zero exit, whose output would be an error, not a start-up. */
function timeOnce(run: Run): { wall: number; cpu: number } {
  const cpuBefore = childrenCpu();
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, run.args, { env: run.env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${run.label} exited ${r.status}: ${r.stderr.trim()}`);
  return { wall, cpu: childrenCpu() - cpuBefore };
}

const median = (xs: readonly number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

export async function runCliStartup(opts: CliStartupOptions): Promise<BenchResult> {
  // The bundle the commands run, built now from the current sources (not timed: a command
  // builds it only on its first run after a change).
  execFileSync(process.execPath, [join(ROOT, 'bin', 'compile.cjs'), '--force'], { stdio: 'ignore' });
  const database = await createBenchDatabase('cli');
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-bench-cli-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, CADREFLOW_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.TEMPORAL_ADDRESS;
    delete env.CADREFLOW_RUN_SOURCES;
    const sources = { ...env, CADREFLOW_RUN_SOURCES: '1' };
    const runs: Record<string, Run> = {
      node: { label: 'node -e 0', args: ['-e', '0'], env },
      help: { label: 'cadreflow --help', args: [BIN, '--help'], env },
      tasks: { label: 'cadreflow tasks', args: [BIN, 'tasks'], env },
      helpTsx: { label: 'cadreflow --help (tsx)', args: [BIN, '--help'], env: sources },
      tasksTsx: { label: 'cadreflow tasks (tsx)', args: [BIN, 'tasks'], env: sources },
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
    const cpuTimes: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
    const loadAtStart = loadavg()[0]!;
    for (let round = 0; round <= opts.rounds; round++) {
      for (const [key, run] of Object.entries(runs)) {
        const t = timeOnce(run);
        if (round > 0) times[key]!.push(t.wall);
        if (round > 0) cpuTimes[key]!.push(t.cpu);
      }
      phase('cli-startup', round === 0 ? 'warm-up round done' : `round ${round}/${opts.rounds} done`);
    }
    const loadAtEnd = loadavg()[0]!;
    const m = (key: string): number => median(times[key]!);
    const cpu = (key: string): number => median(cpuTimes[key]!);
    const note = `median of ${opts.rounds} rounds; load average (1 min) ${round(loadAtStart)} → ${round(loadAtEnd)}`;
    const row = (metric: string, project: number, baseline: number, ratioNote: string, goal?: string): Measure => ({
      benchmark: 'cli-startup',
      metric,
      project: round(project, 3),
      baseline: round(baseline, 3),
      ratio: round(project / baseline),
      ratioNote,
      ...(goal ? { goal, met: project < 0.5 } : {}),
      note,
    });
    return {
      name: 'cli-startup',
      measures: [
        row('`cadreflow --help`, compiled (s)', m('help'), m('node'), 'command/`node -e 0`', '< 0.5 s'),
        row('`cadreflow tasks`, compiled (s)', m('tasks'), m('node'), 'command/`node -e 0`', '< 0.5 s'),
        row('`cadreflow --help`, sources through tsx (s)', m('helpTsx'), m('node'), 'command/`node -e 0`'),
        row('`cadreflow tasks`, sources through tsx (s)', m('tasksTsx'), m('node'), 'command/`node -e 0`'),
        row('`cadreflow --help`, compiled, CPU (s)', cpu('help'), cpu('node'), 'command/`node -e 0`'),
        row('`cadreflow tasks`, compiled, CPU (s)', cpu('tasks'), cpu('node'), 'command/`node -e 0`'),
        row('`cadreflow --help`, sources through tsx, CPU (s)', cpu('helpTsx'), cpu('node'), 'command/`node -e 0`'),
        row('`cadreflow tasks`, sources through tsx, CPU (s)', cpu('tasksTsx'), cpu('node'), 'command/`node -e 0`'),
      ],
      details: {
        rounds: opts.rounds,
        wallSeconds: times,
        cpuSeconds: cpuTimes,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadAtEnd,
      },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
