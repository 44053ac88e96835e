/**
 * Replaying histories against the current workflow code (docs/decisions.md §5): a history
 * the code cannot reproduce command for command means a running case of that shape
 * would fail on the next worker that picks it up, and a closed one is no longer
 * explained by the code that claims to have produced it.
 *
 * Payloads are decoded as the workers decode them: an unsealed input becomes the marker
 * the workflows refuse (client/codec.ts), so a forged start or Signal replays exactly as
 * the worker ran it. A history recorded before payloads were sealed holds nothing but
 * unsealed payloads; one that does not replay that way is replayed once more reading
 * them as they are, and is reported by its result then, with its unsealed inputs named.
 */
import { DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { PayloadCodec } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { EncryptionCodec } from '../codec';
import type { CaseReplay, ReplayStatus, ReplaySummary, UnsealedInput } from '../../domain/auditReports';
import { unsealedInputs } from './historyFacts';

export type { CaseReplay, ReplayStatus, ReplaySummary } from '../../domain/auditReports';

export interface ReplayInput {
  workflowId: string;
  runId: string;
  workflowType: string;
  history: History;
}

let runtimeInstalled = false;

/**
 * The SDK logs every replay failure itself (a nondeterminism error is a WARN from its
 * core); the audit reports each one, so those logs would only repeat it. They stay
 * reachable with CADREFLOW_DEBUG.
 */
export function quietReplayRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const debug = Boolean(process.env.CADREFLOW_DEBUG);
  try {
    Runtime.install({
      logger: new DefaultLogger(debug ? 'DEBUG' : 'ERROR', debug ? undefined : () => {}),
      telemetryOptions: { logging: { filter: { core: debug ? 'WARN' : 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    // Installed already (a test process, or a command that runs a worker too): keep it.
  }
}

/**
 * Replays every history with one replay worker and one bundle, yielding a result per
 * history in input order (those replayed a second time, reading unsealed payloads as
 * they are, come last). The input may be a stream (histories fetched or read while
 * earlier ones replay), so memory holds a few histories, not all of them.
 */
export async function* replayHistories(
  bundle: WorkflowBundleWithSourceMap | { codePath: string },
  histories: AsyncIterable<ReplayInput>,
  codecs: readonly PayloadCodec[] = [],
): AsyncGenerator<CaseReplay> {
  const asWorkers = codecs.map((c) => (c instanceof EncryptionCodec ? c.refusingUnsealed() : c));
  const asPlain = codecs.map((c) => (c instanceof EncryptionCodec ? c.passingUnsealed() : c));
  // Without a keyring nothing is sealed, and nothing can be told apart.
  const flag = (h: ReplayInput): UnsealedInput[] | undefined => {
    if (codecs.length === 0) return undefined;
    const found = unsealedInputs(h.history);
    return found.length > 0 ? found : undefined;
  };
  const retry: ReplayInput[] = [];
  for await (const r of replayPass(bundle, histories, asWorkers)) {
    const unsealed = flag(r.input);
    if (r.result.status !== 'ok' && unsealed) retry.push(r.input);
    else yield { ...r.result, ...(unsealed ? { unsealed } : {}) };
  }
  if (retry.length === 0) return;
  async function* again() {
    yield* retry;
  }
  for await (const r of replayPass(bundle, again(), asPlain)) {
    yield { ...r.result, unsealed: flag(r.input), readAsPlain: true };
  }
}

async function* replayPass(
  bundle: WorkflowBundleWithSourceMap | { codePath: string },
  histories: AsyncIterable<ReplayInput>,
  codecs: readonly PayloadCodec[],
): AsyncGenerator<{ input: ReplayInput; result: CaseReplay }> {
  quietReplayRuntime();
  // runReplayHistories reports by workflow id only; the run id and type are kept aside.
  // A history without a start event would stop the whole replay worker, so it is
  // reported here instead, in its place in the order.
  const pending: Array<{ input: ReplayInput; skipped?: string }> = [];
  async function* feed() {
    for await (const h of histories) {
      const first = h.history.events?.[0];
      if (!first?.workflowExecutionStartedEventAttributes) {
        pending.push({ input: h, skipped: 'the history does not begin with WorkflowExecutionStarted' });
        continue;
      }
      pending.push({ input: h });
      yield { workflowId: h.workflowId, history: h.history };
    }
  }
  const base = (input: ReplayInput) => ({
    workflowId: input.workflowId,
    runId: input.runId,
    workflowType: input.workflowType,
    events: input.history.events?.length ?? 0,
  });
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'cadreflow-audit', dataConverter: { payloadCodecs: [...codecs] } },
    feed(),
  )) {
    while (pending[0]?.skipped) {
      const s = pending.shift()!;
      yield { input: s.input, result: { ...base(s.input), status: 'failed', error: s.skipped } };
    }
    const { input } = pending.shift()!;
    const err = result.error;
    if (!err) yield { input, result: { ...base(input), status: 'ok' } };
    else if (err instanceof DeterminismViolationError) {
      yield { input, result: { ...base(input), status: 'nondeterministic', divergence: divergenceOf(err.message), error: err.message } };
    } else yield { input, result: { ...base(input), status: 'failed', error: failureOf(err.message) } };
  }
  for (const s of pending.splice(0))
    yield { input: s.input, result: { ...base(s.input), status: 'failed', error: s.skipped ?? 'not replayed' } };
}

/**
 * The diverging event and command, from the SDK's message: core's own sentence
 * (`[TMPRL1100] Nondeterminism error: Activity type of scheduled event 'appendEvents'
 * does not match activity type of activity command 'msUntilDay'`) wrapped in two layers
 * of Rust debug formatting that an auditor does not need.
 */
export function divergenceOf(message: string): string {
  const core = /\[TMPRL1100\] Nondeterminism error: (.*?)(?:", source:|$)/s.exec(message)?.[1];
  const text = (core ?? message.replace(/^.*?Details: /s, '')).replace(/\\"/g, '"').replace(/\s+/g, ' ').trim();
  return text;
}

function failureOf(message: string): string {
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
  return (inner ?? message.replace(/^Replay failed due( to)? /, '')).replace(/\\"/g, '"').replace(/\s+/g, ' ').trim();
}

export function summarize(results: readonly CaseReplay[], seconds: number): ReplaySummary {
  const count = (s: ReplayStatus) => results.filter((r) => r.status === s).length;
  return {
    total: results.length,
    ok: count('ok'),
    nondeterministic: count('nondeterministic'),
    failed: count('failed'),
    seconds: Math.round(seconds * 100) / 100,
    historiesPerSecond: seconds > 0 ? Math.round((results.length / seconds) * 10) / 10 : 0,
  };
}
