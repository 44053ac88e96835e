/**
 * `npm run chaos`: 500 probation cases under fault injection (issue #7). See bench/CHAOS.md.
 *
 *   npm run chaos -- --cases 200 --seed 7 --gap 4-12 --deadline 30
 */
import { formatResult } from './chaosReport';
import { runChaos } from './chaosRun';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const cases = Number(arg('cases') ?? 500);
  const seed = Number(arg('seed') ?? Date.now() % 100_000);
  const [minGap, maxGap] = (arg('gap') ?? '10-30').split('-').map((s) => Number(s) * 1000);
  // Minutes; a busy two-core machine needs about half an hour for 500 cases.
  const deadlineMinutes = Number(arg('deadline') ?? 90);
  if (!Number.isInteger(cases) || cases < 1 || !Number.isFinite(seed) || !minGap || !maxGap || maxGap < minGap || !(deadlineMinutes > 0)) {
    console.error('usage: npm run chaos -- [--cases N] [--seed S] [--gap MIN-MAX seconds between faults] [--deadline MINUTES]');
    return 2;
  }
  console.log(`chaos: ${cases} probation cases, seed ${seed}, a fault every ${minGap / 1000}–${maxGap / 1000} s`);
  const result = await runChaos({
    cases,
    seed,
    faults: { kind: 'random', minGapMs: minGap, maxGapMs: maxGap },
    deadlineMs: deadlineMinutes * 60_000,
    progressEveryMs: 5_000,
  });
  console.log(formatResult(result));
  return result.ok ? 0 : 1;
}

// Ctrl-C: the run's own servers go with it (the kit's exit hooks stop PostgreSQL and remove its files).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`chaos: ${signal}, stopping`);
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
