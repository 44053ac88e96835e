/**
 * A case's stream ahead of what its workflow knows. Only the case's workflow appends to
 * its stream, so appends it does not know can only be its own, made in a workflow task
 * that was then lost: the Temporal server drops a workflow's in-flight Updates when the
 * workflow leaves its cache, and a decision whose append was already written comes back
 * as a repeat, possibly after a newer decision. The newer decision then goes on after
 * those appends instead of being refused (CaseRuntime.serial), and the repeats, answered
 * as duplicates, do not take the version back.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** Before this rule a version conflict failed the append (and refused a decision); histories that did so replay that way. */
export const APPEND_AFTER_LOST_APPENDS_PATCH = 'append-after-lost-appends';

/** The application failure an append's activity ended with, if that is what `err` is. */
function appendFailure(err: unknown): ApplicationFailure | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? cause : undefined;
}

/** The stream's actual version, when `err` is an append's version conflict that says it. */
export function streamAheadAt(err: unknown): number | undefined {
  const failure = appendFailure(err);
  if (failure?.type !== 'StreamVersionConflict') return undefined;
  const detail = failure.details?.[0] as { actualVersion?: unknown } | undefined;
  return typeof detail?.actualVersion === 'number' ? detail.actualVersion : undefined;
}

/**
 * True when an append named the event it must follow and that event was not there yet
 * (`AppendEventsInput.follows`), or when the stream's version was not the one expected:
 * either way nothing was written, and the append can wait for its turn and go again.
 */
export function notYetItsTurn(err: unknown): boolean {
  const type = appendFailure(err)?.type;
  return type === 'PrecedingEventMissing' || type === 'StreamVersionConflict';
}
