/**
 * What a Temporal history says happened, in the terms the event log uses: the decisions
 * people made (accepted Updates, with their step and actor) and the appends the
 * activities made (by idempotency key). Both are matched against the log by step.
 */
import { defaultPayloadConverter, type PayloadCodec } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { Actor } from '../../domain/actors';
import type { DomainEventType } from '../../domain/events';
import type { DecisionReceipt } from '../../workflows/kit/messages';
import { EncryptionCodec, ENCODING, unsealedEncoding } from '../codec';
import { UserError } from '../cases';

type HistoryEvent = NonNullable<History['events']>[number];
type Payload = Parameters<typeof defaultPayloadConverter.fromPayload>[0];

/** The Updates that record a person's decision, and the event each must leave in the case's stream. */
export const DECISION_UPDATES: Readonly<Record<string, DomainEventType>> = {
  decide: 'TaskDecided',
  fileObjection: 'ObjectionFiled',
  endProbationEarly: 'ProbationEndedEarly',
  requestEvaluationReview: 'EvaluationReviewRequested',
  requestEvaluationAppeal: 'EvaluationAppealRequested',
};

export const DECISION_EVENT_TYPES: readonly DomainEventType[] = [...new Set(Object.values(DECISION_UPDATES))];

export interface DecisionUpdate {
  updateId: string;
  name: string;
  /** The step the decision is about (`check-in-1`, `end-early`, `<notice>:objection-N`); unknown for an objection still in flight. */
  step?: string;
  actor?: Actor;
  /** The decision's fields as sent (a decision, an objection summary). */
  input?: unknown;
  acceptedEventId: string;
  acceptedAt?: string;
  completedEventId?: string;
  completedAt?: string;
  /** `in-flight`: accepted, no completion in this history yet. */
  outcome: 'completed' | 'failed' | 'in-flight';
  receipt?: DecisionReceipt;
  failure?: string;
  /** Why the arguments could not be read (e.g. an encrypted payload without its codec). */
  unreadable?: string;
}

export interface ActivityAppend {
  /** The append's key (`<case>:<step>`); each log event's key is this plus `#<index>`. */
  idempotencyKey: string;
  activityType: string;
  scheduledEventId: string;
  scheduledAt?: string;
  completedEventId?: string;
  completedAt?: string;
  outcome: 'completed' | 'failed' | 'open';
}

/**
 * An append run as a local activity (a decision's own, workflows/kit/case.ts): one marker
 * in the history, which records the result (the positions written) but not the input, so
 * it is matched to the log by position, not by key.
 */
export interface LocalAppend {
  activityType: string;
  markerEventId: string;
  recordedAt?: string;
  firstPosition: bigint;
  lastPosition: bigint;
}

/** The marker the SDK records for a local activity's result. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export interface HistoryFacts {
  workflowType?: string;
  decisions: DecisionUpdate[];
  appends: ActivityAppend[];
  localAppends: LocalAppend[];
}

/**
 * Reads a history's decisions and appends. `codecs` are the payload codecs the workers
 * use (an encrypting codec seals every payload); without them a sealed payload cannot be
 * read and the decision is reported as unreadable rather than guessed at.
 */
export async function historyFacts(history: History, codecs: readonly PayloadCodec[] = []): Promise<HistoryFacts> {
  // An unsealed payload is read as it is (an old history's decisions, a forged input to name), not as the workers' refusal marker.
  const reading = codecs.map((c) => (c instanceof EncryptionCodec ? c.passingUnsealed() : c));
  const decode = async (payload: Payload | null | undefined): Promise<unknown> => {
    if (!payload) return undefined;
    let payloads = [payload];
    // The SDK applies codecs in order when encoding, so they are undone in reverse.
    for (const codec of [...reading].reverse()) payloads = await codec.decode(payloads);
    return defaultPayloadConverter.fromPayload(payloads[0]!);
  };
  const events = history.events ?? [];
  if (codecs.length === 0 && events.some(sealedInput)) {
    // Without this every decision would read as missing: a false finding of tampering.
    throw new UserError(
      `the history's payloads are encrypted (${ENCODING}): give the deployment's keyring with CADREFLOW_CODEC_KEYS or CADREFLOW_CODEC_KEYRING`,
    );
  }
  const decisions = new Map<string, DecisionUpdate>();
  const appends = new Map<string, ActivityAppend>();
  const localAppends: LocalAppend[] = [];
  let workflowType: string | undefined;
  for (const e of events) {
    const id = String(e.eventId ?? '');
    const at = instant(e);
    const started = e.workflowExecutionStartedEventAttributes;
    if (started) workflowType = started.workflowType?.name ?? undefined;

    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      const input = accepted.acceptedRequest?.input;
      const name = input?.name ?? '';
      if (!(name in DECISION_UPDATES)) continue;
      const updateId = accepted.acceptedRequest?.meta?.updateId ?? accepted.protocolInstanceId ?? id;
      const d: DecisionUpdate = { updateId, name, acceptedEventId: id, acceptedAt: at, outcome: 'in-flight' };
      try {
        readDecisionArgs(d, await decode(input?.args?.payloads?.[0]));
      } catch (err) {
        d.unreadable = err instanceof Error ? err.message : String(err);
      }
      decisions.set(updateId, d);
      continue;
    }
    const completed = e.workflowExecutionUpdateCompletedEventAttributes;
    if (completed) {
      const d = decisions.get(completed.meta?.updateId ?? '');
      if (!d) continue;
      d.completedEventId = id;
      d.completedAt = at;
      if (completed.outcome?.failure) {
        d.outcome = 'failed';
        d.failure = completed.outcome.failure.message ?? 'failed';
      } else {
        d.outcome = 'completed';
        try {
          d.receipt = (await decode(completed.outcome?.success?.payloads?.[0])) as DecisionReceipt;
          // An objection's step is numbered by the workflow; the receipt is where it is named.
          if (d.name === 'fileObjection' && typeof d.receipt?.step === 'string') d.step = d.receipt.step;
        } catch (err) {
          d.unreadable ??= err instanceof Error ? err.message : String(err);
        }
      }
      continue;
    }

    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      let key: unknown;
      try {
        key = ((await decode(scheduled.input?.payloads?.[0])) as { idempotencyKey?: unknown } | null)?.idempotencyKey;
      } catch {
        key = undefined;
      }
      if (typeof key === 'string') {
        appends.set(id, {
          idempotencyKey: key,
          activityType: scheduled.activityType?.name ?? '',
          scheduledEventId: id,
          scheduledAt: at,
          outcome: 'open',
        });
      }
      continue;
    }
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === LOCAL_ACTIVITY_MARKER) {
      const local = await localAppend(marker.details, decode).catch(() => undefined);
      if (local) localAppends.push({ ...local, markerEventId: id, ...(at ? { recordedAt: at } : {}) });
      continue;
    }
    const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes;
    if (done) {
      const a = appends.get(String(done.scheduledEventId ?? ''));
      if (!a) continue;
      a.completedEventId = id;
      a.completedAt = at;
      a.outcome = e.activityTaskCompletedEventAttributes ? 'completed' : 'failed';
    }
  }
  return { workflowType, decisions: [...decisions.values()], appends: [...appends.values()], localAppends };
}

type MarkerDetails = NonNullable<HistoryEvent['markerRecordedEventAttributes']>['details'];

/** A local activity's type and, if it appended (its result names positions), what it wrote; else undefined. */
async function localAppend(
  details: MarkerDetails,
  decode: (payload: Payload | null | undefined) => Promise<unknown>,
): Promise<Omit<LocalAppend, 'markerEventId' | 'recordedAt'> | undefined> {
  const data = (await decode(details?.data?.payloads?.[0])) as { activity_type?: unknown } | undefined;
  const result = (await decode(details?.result?.payloads?.[0])) as { firstPosition?: unknown; lastPosition?: unknown } | undefined;
  if (typeof data?.activity_type !== 'string') return undefined;
  if (typeof result?.firstPosition !== 'string' || typeof result.lastPosition !== 'string') return undefined;
  return { activityType: data.activity_type, firstPosition: BigInt(result.firstPosition), lastPosition: BigInt(result.lastPosition) };
}

function readDecisionArgs(d: DecisionUpdate, arg: unknown): void {
  const req = (arg ?? {}) as { step?: unknown; actor?: Actor; decision?: unknown; notice?: unknown; summary?: unknown };
  d.actor = req.actor;
  if (d.name === 'decide') {
    d.step = typeof req.step === 'string' ? req.step : undefined;
    d.input = req.decision;
  } else if (d.name === 'endProbationEarly') {
    // The workflow records an early end under this step (workflows/probation.ts).
    d.step = 'end-early';
    d.input = req.decision;
  } else if (d.name === 'requestEvaluationReview') {
    // …and a review request under this one (workflows/evaluation.ts).
    d.step = 'review-request';
    d.input = req.decision;
  } else if (d.name === 'requestEvaluationAppeal') {
    // …and an appeal under this one.
    d.step = 'appeal-request';
    d.input = req.decision;
  } else {
    d.input = { notice: req.notice, summary: req.summary };
  }
}

function instant(e: HistoryEvent): string | undefined {
  const t = e.eventTime;
  if (!t) return undefined;
  // A history fetched from the server carries Long seconds; one parsed from JSON, plain numbers.
  const ms = Number(String(t.seconds ?? 0)) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

/** The key a log event was appended under: its idempotency key without the `#<index>` suffix. */
export function appendKeyOf(eventIdempotencyKey: string): string {
  return eventIdempotencyKey.replace(/#\d+$/, '');
}

function sealedInput(e: NonNullable<History['events']>[number]): boolean {
  const encoding = e.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.metadata?.encoding;
  return encoding !== undefined && encoding !== null && new TextDecoder().decode(encoding) === ENCODING;
}

import type { UnsealedInput } from '../../domain/auditReports';
export type { UnsealedInput };

/**
 * The inputs of a history that are not sealed: its start, Signals and accepted Updates
 * (an Update the workers refused as unsealed left no event). Payloads the workers wrote
 * themselves are not inputs. In a deployment that seals payloads each one is a finding;
 * a history recorded before encryption holds nothing but.
 */
export function unsealedInputs(history: History): UnsealedInput[] {
  const out: UnsealedInput[] = [];
  for (const e of history.events ?? []) {
    const eventId = String(e.eventId ?? '');
    const check = (eventType: UnsealedInput['eventType'], payloads: readonly Payload[] | null | undefined, name?: string) => {
      for (const p of payloads ?? []) {
        const encoding = unsealedEncoding(p);
        if (encoding !== undefined) {
          out.push({ eventId, eventType, ...(name ? { name } : {}), encoding });
          return;
        }
      }
    };
    const started = e.workflowExecutionStartedEventAttributes;
    if (started) check('WorkflowExecutionStarted', started.input?.payloads);
    const signaled = e.workflowExecutionSignaledEventAttributes;
    if (signaled) check('WorkflowExecutionSignaled', signaled.input?.payloads, signaled.signalName ?? undefined);
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted)
      check(
        'WorkflowExecutionUpdateAccepted',
        accepted.acceptedRequest?.input?.args?.payloads,
        accepted.acceptedRequest?.input?.name ?? undefined,
      );
  }
  return out;
}

const SEALED_MARK = Buffer.from(ENCODING);

/**
 * True when some payload of the history is sealed: its workers had the codec. A history
 * with none was written entirely by workers without it (before payloads were sealed, or
 * a deployment that does not seal), where an unsealed input tells nothing.
 */
export function holdsSealedPayload(history: History): boolean {
  // A sealed payload's encoding is stored as these very bytes, wherever the payload sits.
  return Buffer.from(temporal.api.history.v1.History.encode(history as temporal.api.history.v1.IHistory).finish()).includes(SEALED_MARK);
}
