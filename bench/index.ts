/**
 * `npm run bench`: every benchmark, or those named by --only, each measuring the
 * project's figure and a baseline in the same run. Writes bench/results/<time>.json
 * (with the machine) and bench/results/latest.md. See bench/README.md.
 *
 * The options are HELP's below, and bench/README.md's table.
 */
import { loadavg } from 'node:os';
import { describeMachine } from './lib/machine';
import { ADMIN_URL } from './lib/db';
import { phase } from './lib/log';
import { renderTable, writeRun, type BenchResult, type RunRecord } from './lib/results';
import { runEventStore } from './eventStore';
import { runReplay } from './replay';
import { runMemory } from './memory';
import { runDecisionLatency } from './decisionLatency';
import type { TemporalStore } from './lib/temporal';
import { runCaseThroughput } from './caseThroughput';
import { runCliStartup } from './cliStartup';
import { runRosterImport } from './rosterImport';
import { runUpDemo } from './upDemo';
import { runBallotCast } from './ballotCast';

const NAMES = [
  'cli-startup',
  'up-demo',
  'event-store',
  'roster-import',
  'replay',
  'memory',
  'decision-latency',
  'ballot-cast',
  'case-throughput',
] as const;
type Name = (typeof NAMES)[number];

interface Options {
  only: Name[];
  scale: 'county' | 'province';
  cases?: number;
  histories?: number;
  openCases?: number;
  verifyEvents?: number;
  verifyRounds?: number;
  verifyOnly: boolean;
  storeEvents?: number;
  approvers: number;
  casesPerApprover?: number;
  soloCases: number;
  thinkMs?: number;
  temporalStore: TemporalStore;
  scaleOut: boolean;
  workerCpu?: number;
  startupRounds: number;
  upRounds: number;
  upBefore?: string;
  rosterPeople: number;
  ballots: number;
  profile: boolean;
  write: boolean;
}

const HELP = `usage: npm run bench -- [options]
  --only <name>[,<name>…]   ${NAMES.join(', ')}
  --scale county|province   county (default): about ten minutes on a small machine; province: full sizes (slow)
  --ballots <n>             ballot-cast: ballots cast at once (200)
  --cases <n>               case-throughput: evaluation cases (default 60: one township)
  --histories <n>           replay: histories (county 200, province 10,000)
  --open-cases <n>          memory: open cases (county 300, province 10,000)
  --verify-events <n>       event-store: events in the verified chain (1,000,000)
  --verify-only             event-store: only the verify (no appends, no rebuild)
  --store-events <n>        event-store: events appended, verified and rebuilt at scale (county 0: not run; province 5,000,000)
  --verify-rounds <n>       event-store: rounds of the verify and its baselines (3; the median is reported)
  --approvers <n>           decision-latency: concurrent approvers (50)
  --cases-per-approver <n>  decision-latency: probation cases each approver decides (county 1, province 4)
  --solo-cases <n>          decision-latency: probation cases of the one approver deciding alone (10)
  --think-ms <n>            decision-latency: an approver's pause between seeing a task open and deciding it (0)
  --temporal-db memory|file decision-latency: the dev server in memory (default) or on a SQLite file, as \`up\` runs it
  --sqlite-pragmas <list>   with --temporal-db file: comma list of PRAGMA=VALUE instead of \`up\`'s; none: Temporal's own
  --no-scale-out            case-throughput: skip the two-worker run
  --worker-cpu <cores>      case-throughput: scale-out with each worker held to that share of a core (cgroup), 1 worker vs 2
  --startup-rounds <n>      cli-startup: counted rounds of every command (3)
  --up-rounds <n>           up-demo: rounds of one cold and one warm \`up --demo\` (3)
  --up-before <rev>         up-demo: also time commit <rev> of this checkout in the same rounds, turn about (before/after)
  --roster-people <n>       roster-import: people on the imported roster (3,000)
  --profile                 event-store: CPU profiles of the append and verify phases
  --no-write                print only: leave bench/results alone
See bench/README.md.
`;

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\n${HELP}`);
  process.exit(2);
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) usage(`${flag} needs a positive integer, got ${value ?? 'nothing'}`);
  return n;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    only: [...NAMES],
    scale: 'county',
    approvers: 50,
    soloCases: 10,
    temporalStore: { kind: 'memory' },
    scaleOut: true,
    startupRounds: 3,
    upRounds: 3,
    rosterPeople: 3000,
    ballots: 200,
    profile: false,
    verifyOnly: false,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => argv[++i];
    switch (a) {
      case '--only': {
        const names = (value() ?? '').split(',').filter(Boolean);
        for (const n of names) if (!(NAMES as readonly string[]).includes(n)) usage(`--only ${n}: not a benchmark (${NAMES.join(', ')})`);
        if (names.length === 0) usage('--only needs a benchmark name');
        o.only = names as Name[];
        break;
      }
      case '--scale': {
        const s = value();
        if (s !== 'county' && s !== 'province') usage(`--scale ${s ?? ''}: county or province`);
        o.scale = s;
        break;
      }
      case '--cases':
        o.cases = positive(a, value());
        break;
      case '--histories':
        o.histories = positive(a, value());
        break;
      case '--open-cases':
        o.openCases = positive(a, value());
        break;
      case '--verify-events':
        o.verifyEvents = positive(a, value());
        break;
      case '--verify-rounds':
        o.verifyRounds = positive(a, value());
        break;
      case '--verify-only':
        o.verifyOnly = true;
        break;
      case '--store-events':
        o.storeEvents = positive(a, value());
        break;
      case '--approvers':
        o.approvers = positive(a, value());
        break;
      case '--cases-per-approver':
        o.casesPerApprover = positive(a, value());
        break;
      case '--solo-cases':
        o.soloCases = positive(a, value());
        break;
      case '--think-ms':
        o.thinkMs = positive(a, value());
        break;
      case '--temporal-db': {
        const kind = value();
        if (kind !== 'memory' && kind !== 'file') usage(`--temporal-db ${kind ?? ''}: memory or file`);
        o.temporalStore = kind === 'memory' ? { kind } : { kind, ...(o.temporalStore.kind === 'file' ? o.temporalStore : {}) };
        break;
      }
      case '--sqlite-pragmas': {
        const list = value() ?? '';
        const pragmas = list === 'none' ? [] : list.split(',').filter(Boolean);
        if (list !== 'none' && (pragmas.length === 0 || pragmas.some((x) => !/^\w+=\w+$/.test(x)))) {
          usage(`--sqlite-pragmas ${list}: a comma list of PRAGMA=VALUE, or none`);
        }
        o.temporalStore = { kind: 'file', pragmas };
        break;
      }
      case '--no-scale-out':
        o.scaleOut = false;
        break;
      case '--worker-cpu': {
        const cores = Number(value());
        if (!(cores > 0 && cores <= 64)) usage(`--worker-cpu ${cores}: a share of cores above 0, e.g. 0.5`);
        o.workerCpu = cores;
        break;
      }
      case '--startup-rounds':
        o.startupRounds = positive(a, value());
        break;
      case '--up-rounds':
        o.upRounds = positive(a, value());
        break;
      case '--up-before': {
        const rev = value();
        if (!rev) throw new Error('--up-before needs a commit');
        o.upBefore = rev;
        break;
      }
      case '--roster-people':
        o.rosterPeople = positive(a, value());
        break;
      case '--ballots':
        o.ballots = positive(a, value());
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--no-write':
        o.write = false;
        break;
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        process.exit(0);
      default:
        usage(`unknown argument ${a}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const o = parseArgs(args);
  const province = o.scale === 'province';
  const startedAt = new Date().toISOString();
  const machine = { ...(await describeMachine(ADMIN_URL)), loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100) };
  phase(
    'bench',
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB; Node ${machine.node}; ${machine.postgres}; Temporal ${machine.temporal}; load ${machine.loadAverageAtStart.join(' ')}`,
  );
  phase('bench', `scale ${o.scale}; running ${o.only.join(', ')}`);

  const run = async (name: Name): Promise<BenchResult> => {
    switch (name) {
      case 'cli-startup':
        return runCliStartup({ rounds: o.startupRounds });
      case 'up-demo':
        return runUpDemo({ rounds: o.upRounds, ...(o.upBefore ? { before: o.upBefore } : {}) });
      case 'roster-import':
        return runRosterImport({ people: o.rosterPeople, rounds: 3 });
      case 'event-store':
        return runEventStore({
          singleCases: province ? 1000 : 200,
          batchCases: province ? 10_000 : 1000,
          batchSize: 100,
          concurrentCases: province ? 1000 : 200,
          appenders: 50,
          verifyEvents: o.verifyEvents ?? 1_000_000,
          verifyRounds: o.verifyRounds ?? 3,
          verifyOnly: o.verifyOnly,
          storeEvents: o.storeEvents ?? (province ? 5_000_000 : 0),
          profile: o.profile,
        });
      case 'replay':
        return runReplay({ histories: o.histories ?? (province ? 10_000 : 200) });
      case 'memory':
        return runMemory({ cases: o.openCases ?? (province ? 10_000 : 300) });
      case 'decision-latency':
        return runDecisionLatency({
          approvers: o.approvers,
          casesPerApprover: o.casesPerApprover ?? (province ? 4 : 1),
          soloCases: o.soloCases,
          ...(o.thinkMs ? { thinkMs: o.thinkMs } : {}),
          temporalStore: o.temporalStore,
        });
      case 'case-throughput':
        return runCaseThroughput({
          cases: o.cases ?? (province ? 100_000 : 60),
          scaleOut: o.scaleOut,
          ...(o.workerCpu ? { workerCpu: o.workerCpu } : {}),
        });
      case 'ballot-cast':
        return runBallotCast({ ballots: o.ballots, connections: 10, rounds: 3 });
    }
  };

  const record: RunRecord = { startedAt, finishedAt: '', args, scale: o.scale, machine, results: [], failures: [] };
  // In the documented order: cli-startup first (the shortest), case-throughput last, as its runs are the longest.
  for (const name of NAMES.filter((n) => o.only.includes(n))) {
    phase('bench', `── ${name} ──`);
    try {
      const result = await run(name);
      record.results.push(result);
      console.log(`\n${renderTable(result.measures)}\n`);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      phase('bench', `${name} failed: ${error}`);
      record.failures.push({ name, error });
    }
  }
  record.finishedAt = new Date().toISOString();
  record.machine.loadAverageAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(`\n${renderTable(record.results.flatMap((r) => r.measures))}\n`);
  if (o.write) {
    const { json, md } = writeRun(record);
    console.log(`wrote ${json} and ${md}`);
  }
  // Worker children and dev servers are stopped by each benchmark; handles left by drivers must not keep us alive.
  process.exit(record.failures.length > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
