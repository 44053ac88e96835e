/**
 * What a chaos run (bench/chaosRun.ts) is asked for, what faults it injects, and what
 * it reports.
 */
import type { IntegrityReport } from './chaosKit';

export type FaultKind = 'worker-kill' | 'pg-restart' | 'pg-kill-backends' | 'temporal-restart';
export const FAULT_KINDS: readonly FaultKind[] = ['worker-kill', 'pg-restart', 'pg-kill-backends', 'temporal-restart'];

export type FaultSchedule =
  /**
   * One of each kind first, in random order, then random kinds, every minGapMs–maxGapMs,
   * until the cases are done. Worker kills alternate between cold (kill, then start a new
   * one: nothing polls meanwhile) and warm (start a new one, then kill the old one).
   */
  | { kind: 'random'; minGapMs: number; maxGapMs: number }
  /** Each fault once the given share (0–1) of the run's decisions was accepted; `warm` as above. */
  | { kind: 'milestones'; at: Array<{ progress: number; fault: FaultKind; warm?: boolean }> };

export interface ChaosOptions {
  cases: number;
  seed: number;
  faults: FaultSchedule;
  /** Share of decisions sent twice at once, and sent again after acceptance. */
  concurrentDuplicates?: number;
  lateDuplicates?: number;
  /** Decisions in flight at once. */
  concurrency?: number;
  /** A workflow bundle already built (the test run's); otherwise the run builds one. */
  workflowBundlePath?: string;
  /** The whole run, setup to checks, fails after this long. */
  deadlineMs?: number;
  progressEveryMs?: number;
  log?: (line: string) => void;
}

export interface ChaosCounts {
  casesStarted: number;
  casesFinished: number;
  /** Update calls made, duplicates included, retries of one call not. */
  decisionsSent: number;
  decisionsAccepted: number;
  /** Repeats sent by a different person (or with another decision): refused, nothing written. */
  refusedAsDuplicate: number;
  /** Repeats of an applied decision by the same person (a double click, a retry): answered with the first receipt. */
  repeatsAnswered: number;
  /** Repeats that met the case's workflow completed (its last step decided meanwhile), which takes no Update. */
  repeatsAfterClose: number;
  /** Calls retried after a server was unreachable (same update id each time). */
  retries: number;
  /** Retried first decisions refused as repeats of their own earlier, applied attempt. */
  answersLost: number;
  faults: Record<FaultKind, number>;
  /** Workers that died without being killed by the run, of an unknown cause (restarted; fails the run). */
  workerUnexpectedExits: number;
  /** Of the unexpected exits, those of porsager/postgres#1208 (the driver before `pg`). */
  workerDriverCrashes: number;
}

export interface ChaosResult {
  ok: boolean;
  counts: ChaosCounts;
  /** Anything the load client did not expect (a refusal of a first decision, a call that never went through). */
  anomalies: string[];
  integrity?: IntegrityReport;
  durationMs: number;
  workerLog: string;
}
