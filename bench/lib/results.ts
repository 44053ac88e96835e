/**
 * What every benchmark returns and how a run is written down: one JSON file per run
 * (bench/results/<timestamp>.json, with the machine) and bench/results/latest.md, the
 * table a person reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine';

/** One row of the table: the project's figure, the baseline's, and how they compare. */
export interface Measure {
  benchmark: string;
  /** What is measured, with its unit, e.g. "append, single (events/s)". */
  metric: string;
  project: number;
  baseline: number | null;
  /** project / baseline (or its inverse when `ratioNote` says so), null without a baseline. */
  ratio: number | null;
  /** How the ratio reads, e.g. "project/raw" or "project/bare". */
  ratioNote?: string;
  goal?: string;
  met?: boolean | null;
  note?: string;
}

export interface BenchResult {
  name: string;
  measures: Measure[];
  /** Everything else worth keeping (sizes, counts, settings, profiles). */
  details: Record<string, unknown>;
}

export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  args: string[];
  scale: string;
  machine: Machine;
  results: BenchResult[];
  failures: Array<{ name: string; error: string }>;
}

export function resultsDir(): string {
  return join(__dirname, '..', 'results');
}

export function writeRun(run: RunRecord): { json: string; md: string } {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  const json = join(dir, `${stamp}.json`);
  writeFileSync(json, `${JSON.stringify(run, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  const md = join(dir, 'latest.md');
  writeFileSync(md, renderMarkdown(run));
  return { json, md };
}

const fmt = (x: number | null | undefined): string => {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
};

export function renderTable(measures: readonly Measure[]): string {
  const lines = ['| benchmark | metric | project | baseline | ratio | goal | met? |', '|---|---|---:|---:|---:|---|---|'];
  for (const m of measures) {
    const ratio = m.ratio === null ? '—' : `${fmt(m.ratio)}${m.ratioNote ? ` (${m.ratioNote})` : ''}`;
    const met = m.met === undefined || m.met === null ? '—' : m.met ? 'yes' : '**no**';
    lines.push(`| ${m.benchmark} | ${m.metric} | ${fmt(m.project)} | ${fmt(m.baseline)} | ${ratio} | ${m.goal ?? '—'} | ${met} |`);
  }
  return lines.join('\n');
}

export function renderMarkdown(run: RunRecord): string {
  const m = run.machine;
  const out = [
    `# cadreflow benchmarks — ${run.startedAt}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM; Node ${m.node}, ${m.postgres}, Temporal ${m.temporal}. Scale: ${run.scale}. Args: \`${run.args.join(' ') || '(defaults)'}\`.` +
      (m.loadAverageAtStart
        ? ` Load average (1/5/15 min) ${m.loadAverageAtStart.join(' / ')} at the start, ${m.loadAverageAtEnd?.join(' / ') ?? '?'} at the end.`
        : ''),
    '',
    renderTable(run.results.flatMap((r) => r.measures)),
    '',
  ];
  const notes = run.results.flatMap((r) => r.measures.filter((x) => x.note).map((x) => `- ${x.benchmark} / ${x.metric}: ${x.note}`));
  if (notes.length) out.push('Notes:', '', ...notes, '');
  if (run.failures.length) out.push('Failed:', '', ...run.failures.map((f) => `- ${f.name}: ${f.error}`), '');
  return `${out.join('\n')}\n`;
}
