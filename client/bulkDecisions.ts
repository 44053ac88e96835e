/**
 * The same decision for many cases (domain/bulkDecisions.ts): each case is decided by its
 * own Update, in turn, exactly as a single decision is (`Backend.decide`), and reported on
 * its own — accepted with its receipt, or refused with the reason and the words of
 * whichever refused it (the API's scoping, the bulk rule, or the case). One case's refusal
 * does not stop the others.
 */
import type { Actor } from '../domain/actors';
import { allowsBulk } from '../domain/bulkDecisions';
import type { Backend } from './backend';
import { DecisionRefusedError } from './userError';
import type { BulkOutcome } from '../domain/wire/bulkOutcome';

export type { BulkOutcome };

export async function decideMany(
  backend: Backend,
  caseIds: readonly string[],
  step: string,
  actor: Actor,
  decision: unknown,
  /** Whether the caller may see the case; another township's case is refused as a missing one. */
  visible: (caseId: string) => Promise<boolean>,
): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const caseId of caseIds) {
    if (!(await visible(caseId))) {
      out.push({ caseId, accepted: false, reason: 'NotFound', detail: `no case ${caseId}` });
      continue;
    }
    if (!allowsBulk({ caseId, step })) {
      out.push({ caseId, accepted: false, reason: 'NotBulk', detail: `step ${step} of ${caseId} is decided one case at a time` });
      continue;
    }
    try {
      out.push({ caseId, accepted: true, receipt: await backend.decide(caseId, step, actor, decision) });
    } catch (err) {
      if (err instanceof DecisionRefusedError) out.push({ caseId, accepted: false, reason: err.reason, detail: err.message });
      else throw err;
    }
  }
  return out;
}
