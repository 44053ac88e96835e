/**
 * Decisions in the histories against decisions in the log. Every decision a person
 * made went through an Update the history accepted, and every Update that completed
 * appended its event in the same step; so the two records must pair up exactly, by
 * case, step and actor. A log whose chain was re-hashed after an event was removed
 * still verifies — this is the check that notices.
 */
import { describeActor, type Actor } from '../../domain/actors';
import type { DomainEventType } from '../../domain/events';
import type { DecisionFinding } from '../../domain/wire/decisionFinding';
import { DECISION_UPDATES, type DecisionUpdate } from './historyFacts';

/** A decision event from the log: only what the check compares. */
export interface LoggedDecision {
  position: string;
  caseId: string;
  type: DomainEventType;
  step?: string;
  actor?: Actor;
  recordedAt: string;
}

export interface CaseDecisions {
  caseId: string;
  /** Every accepted decision Update, from every run of the case. */
  updates: DecisionUpdate[];
  /** True when Temporal has no execution for the case at all. */
  missing?: boolean;
}

export type { DecisionFinding };

export interface DecisionReport {
  cases: number;
  updates: number;
  matched: number;
  /** Accepted but not completed yet: the event may or may not be there, so no finding. */
  inFlight: DecisionFinding[];
  decisionsWithoutEvents: DecisionFinding[];
  eventsWithoutDecisions: DecisionFinding[];
  /** A receipt (the Update's result) names a log position that holds some other event. */
  receiptMismatches: DecisionFinding[];
}

/** The log event a position holds, for the receipt check. */
export interface PositionOwner {
  caseId: string;
  step?: string;
}

export function sameActor(a: Actor | undefined, b: Actor | undefined): boolean {
  if (!a || !b) return false;
  return a.id === b.id && a.role === b.role && (a.townshipId ?? null) === (b.townshipId ?? null);
}

export function crossCheckDecisions(
  cases: readonly CaseDecisions[],
  events: readonly LoggedDecision[],
  positions: ReadonlyMap<string, PositionOwner | null>,
): DecisionReport {
  const report: DecisionReport = {
    cases: cases.length,
    updates: 0,
    matched: 0,
    inFlight: [],
    decisionsWithoutEvents: [],
    eventsWithoutDecisions: [],
    receiptMismatches: [],
  };
  const byCase = new Map<string, LoggedDecision[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId) ?? [];
    list.push(e);
    byCase.set(e.caseId, list);
  }
  const consumed = new Set<LoggedDecision>();
  const covered = new Set<string>();

  for (const c of cases) {
    covered.add(c.caseId);
    const logged = byCase.get(c.caseId) ?? [];
    for (const u of c.updates) {
      report.updates += 1;
      const expected = DECISION_UPDATES[u.name];
      const finding = (reason: string, extra: Partial<DecisionFinding> = {}): DecisionFinding => ({
        caseId: c.caseId,
        step: u.step,
        updateName: u.name,
        updateId: u.updateId,
        historyEventId: u.acceptedEventId,
        reason,
        ...extra,
      });
      // A failed Update wrote nothing (the append is the handler's last act); its step may be decided again later.
      if (u.outcome === 'failed') continue;
      if (u.unreadable && u.step === undefined) {
        report.decisionsWithoutEvents.push(
          finding(`the Update's arguments cannot be read (${u.unreadable}), so its event cannot be found`),
        );
        continue;
      }
      const sameStep = logged.filter((e) => !consumed.has(e) && e.type === expected && e.step !== undefined && e.step === u.step);
      const match = sameStep.find((e) => sameActor(e.actor, u.actor));
      if (match) {
        consumed.add(match);
        report.matched += 1;
        if (u.outcome === 'completed' && u.receipt?.position !== undefined) {
          const owner = positions.get(u.receipt.position);
          if (!owner || owner.caseId !== c.caseId || owner.step !== u.step) {
            report.receiptMismatches.push(
              finding(
                `the Update's result names log position ${u.receipt.position}, which ${
                  owner ? `holds step ${owner.step ?? '(none)'} of ${owner.caseId}` : 'does not exist'
                }`,
                { position: u.receipt.position },
              ),
            );
          }
        }
        continue;
      }
      if (u.outcome === 'in-flight') {
        report.inFlight.push(finding('accepted; not completed yet'));
        continue;
      }
      const other = sameStep[0];
      if (other) {
        consumed.add(other);
        report.decisionsWithoutEvents.push(
          finding(`the log's ${other.type} for step ${u.step} names ${describeActor(other.actor)}, the history ${describeActor(u.actor)}`, {
            position: other.position,
            eventType: other.type,
          }),
        );
      } else {
        report.decisionsWithoutEvents.push(
          finding(`no ${expected} for step ${u.step ?? '(unknown)'} by ${describeActor(u.actor)} in the case's stream`, {
            eventType: expected,
          }),
        );
      }
    }
  }

  const missing = new Set(cases.filter((c) => c.missing).map((c) => c.caseId));
  for (const e of events) {
    if (consumed.has(e)) continue;
    const why = !covered.has(e.caseId)
      ? 'its case was not among the histories checked'
      : missing.has(e.caseId)
        ? 'Temporal has no workflow for its case'
        : `no accepted Update for step ${e.step ?? '(none)'} by ${describeActor(e.actor)} in the case's history`;
    report.eventsWithoutDecisions.push({ caseId: e.caseId, step: e.step, position: e.position, eventType: e.type, reason: why });
  }
  return report;
}

export function decisionFindings(r: DecisionReport): number {
  return r.decisionsWithoutEvents.length + r.eventsWithoutDecisions.length + r.receiptMismatches.length;
}
