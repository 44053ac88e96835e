/**
 * The one clock workflow code reads: Temporal's workflow clock, the server's time of the
 * workflow task being run. The SDK's sandbox stands it in for `Date`, and it is recorded
 * with the task, so a replay reads the same instant as the run it replays; the machine's
 * own clock is never read here.
 */
export function workflowTaskTime(): number {
  // eslint-disable-next-line no-restricted-syntax -- the workflow clock, deterministic on replay; see above
  return Date.now();
}
