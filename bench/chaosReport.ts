import type { ChaosResult } from './chaosOptions';

/** The report a run prints at its end. */
export function formatResult(result: ChaosResult): string {
  const c = result.counts;
  const i = result.integrity;
  const lines = [
    `chaos run ${result.ok ? 'PASSED' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s`,
    `  cases        ${c.casesStarted} started, ${i ? `${i.casesFinished}/${i.casesTotal}` : c.casesFinished} finished`,
    `  decisions    ${c.decisionsSent} sent, ${c.decisionsAccepted} accepted (${c.repeatsAnswered} of them repeats answered with the first receipt), ` +
      `${c.refusedAsDuplicate} colleagues' repeats refused, ${c.retries} retries while a server was down` +
      (c.answersLost ? ` (${c.answersLost} applied before their answer was lost)` : '') +
      (c.repeatsAfterClose ? `; ${c.repeatsAfterClose} repeats met a completed case` : ''),
    `  faults       worker kill -9 ×${c.faults['worker-kill']}, PostgreSQL restart ×${c.faults['pg-restart']}, ` +
      `backends terminated ×${c.faults['pg-kill-backends']}, Temporal dev server restart ×${c.faults['temporal-restart']}` +
      (c.workerUnexpectedExits ? `; ${c.workerUnexpectedExits} workers exited by themselves` : ''),
  ];
  if (c.workerDriverCrashes) {
    lines.push(
      `  finding      ${c.workerDriverCrashes} of them of postgres.js's uncatchable TypeError in nextWrite (porsager/postgres#1208): ` +
        `the driver before pg is back?`,
    );
  }
  if (i) {
    lines.push(
      `  one event per step   ${i.failures.some((f) => / × /.test(f)) ? 'NO' : 'yes'} (${i.stepsChecked} steps, ${i.eventsChecked} case events)`,
      `  hash chain           ${i.chainOk ? 'verifies' : 'BROKEN'}`,
      `  rebuild = live       ${i.readModelDifferences === 0 ? 'yes' : `NO (${i.readModelDifferences} rows differ)`}`,
    );
    for (const f of i.failures) lines.push(`  ✗ ${f}`);
  }
  for (const a of result.anomalies) lines.push(`  ! ${a}`);
  if (!result.ok) lines.push(`  worker output: ${result.workerLog}`);
  return lines.join('\n');
}
