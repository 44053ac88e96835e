/**
 * replay: histories per second through the auditors' replay path against a bare
 * `Worker.runReplayHistories` loop over the same histories and the same bundle.
 *
 * The histories are the recorded ones in test/fixtures/histories (every workflow type,
 * 20 files) repeated to the wanted count, each copy under a workflow id of its own
 * (`<fixture>#<n>`): replay reads the workflow id from its argument, not from the
 * history, so each copy is a distinct case to the replayer. Not produced by running real
 * cases: a fresh history per case would cost minutes per thousand and replay the same.
 *
 * The project path is client/audit/replay.ts `replayHistories` — what `cadreflow audit
 * replay` runs after fetching (or reading from an archive): the start-event check, the
 * bookkeeping of run ids and types, and the classification of failures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { quietReplayRuntime, replayHistories, type ReplayInput } from '../client/audit/replay';
import { projectBundle } from './lib/bundles';
import { phase, ticker } from './lib/log';
import type { BenchResult } from './lib/results';
import { round } from './lib/stats';

const NAME = 'replay';
const say = (m: string): void => phase(NAME, m);
const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'histories');

interface Fixture {
  file: string;
  workflowType: string;
  history: History;
}

function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const history = historyFromJSON(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
      const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown';
      return { file: file.replace(/\.json$/, ''), workflowType: type, history };
    });
}

async function* copies(fixtures: readonly Fixture[], count: number): AsyncGenerator<ReplayInput> {
  for (let i = 0; i < count; i++) {
    const f = fixtures[i % fixtures.length]!;
    yield { workflowId: `${f.file}#${i}`, runId: `bench-run-${i}`, workflowType: f.workflowType, history: f.history };
  }
}

export async function runReplay(opts: { histories: number }): Promise<BenchResult> {
  const fixtures = loadFixtures();
  const events = fixtures.reduce((n, f) => n + (f.history.events?.length ?? 0), 0);
  say(`${fixtures.length} recorded histories (${events} events), replayed as ${opts.histories} cases; bundling the workflows`);
  const { bundle } = await projectBundle();
  quietReplayRuntime();

  const bare = async (label: string, count: number): Promise<{ seconds: number; failed: number }> => {
    const t = ticker(NAME, `bare runReplayHistories ${label}`, count);
    let failed = 0;
    const start = performance.now();
    const inputs = (async function* () {
      for await (const h of copies(fixtures, count)) yield { workflowId: h.workflowId, history: h.history };
    })();
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'bench-bare' }, inputs)) {
      if (r.error) failed++;
      t.tick();
    }
    t.done();
    return { seconds: (performance.now() - start) / 1000, failed };
  };
  const project = async (): Promise<{ rate: number; failed: number }> => {
    const t = ticker(NAME, 'project replayHistories', opts.histories);
    let failed = 0;
    const start = performance.now();
    for await (const r of replayHistories(bundle, copies(fixtures, opts.histories))) {
      if (r.status !== 'ok') failed++;
      t.tick();
    }
    t.done();
    return { rate: opts.histories / ((performance.now() - start) / 1000), failed };
  };

  // Half the baseline, the project, the other half: the project's run sits between the
  // two, so a machine that slows down or warms up during the run moves both sides alike.
  // A warm-up pass over every fixture first, not counted: the first replay worker of a
  // process pays for the runtime and the bundle's first load.
  await bare('(warm-up)', fixtures.length);
  const half = Math.ceil(opts.histories / 2);
  const b1 = await bare('(1/2)', half);
  const p = await project();
  const b2 = await bare('(2/2)', half);
  const baseline = (2 * half) / (b1.seconds + b2.seconds);
  return {
    name: NAME,
    measures: [
      {
        benchmark: NAME,
        metric: `audit replay, ${opts.histories.toLocaleString('en-US')} histories (histories/s)`,
        project: round(p.rate, 1),
        baseline: round(baseline, 1),
        ratio: round(p.rate / baseline, 3),
        ratioNote: 'project/bare',
        note: `${p.failed} of the project's replays did not pass, ${b1.failed + b2.failed} of the bare ones; ${round(events / fixtures.length, 0)} history events on average`,
      },
    ],
    details: {
      fixtures: fixtures.map((f) => ({ file: f.file, type: f.workflowType, events: f.history.events?.length ?? 0 })),
      histories: opts.histories,
      failedProject: p.failed,
      failedBare: b1.failed + b2.failed,
      bareRuns: [round(half / b1.seconds, 1), round(half / b2.seconds, 1)],
    },
  };
}
