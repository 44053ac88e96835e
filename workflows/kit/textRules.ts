/**
 * Which text rules an update handler parses a decision with. A validator always checks
 * a new decision with the current rules (required text after trimming invisible
 * characters, domain/decisions.ts). The handler parses the same decision again, also
 * when it replays one accepted before those rules, when a reason of only spaces was
 * accepted: refusing it on replay would diverge from the history. The patch marks the
 * decisions handled under the current rules.
 */
import { patched } from '@temporalio/workflow';
import { underEarlierTextRules } from '../../domain/decisions';

export const TRIMMED_TEXT_PATCH = 'required-text-after-trim';

/** Runs an update handler's synchronous start (its parse) under the rules its decision was accepted by. */
export function asAccepted<T>(handle: () => T): T {
  return patched(TRIMMED_TEXT_PATCH) ? handle() : underEarlierTextRules(handle);
}
