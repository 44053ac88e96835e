/**
 * Who sees which of a case's ballot sessions in its list (GET /cases/{caseId}/ballot-sessions,
 * docs/ballots.md), once the case itself is visible to them. An open session is its
 * chair's business — its turnout is answered to the chair only (sessionChair.ts) — so it
 * is listed to whoever may chair its step, and to no one else. A closed session's ballots
 * and result are published to anyone who has its id, so every reader of the case (an
 * auditor, county staff on a step not escalated) sees it listed.
 */
import type { Actor } from '../actors';
import { chairRefusal, type ChairedStep } from './sessionChair';

export function listsSession(actor: Actor, step: ChairedStep, status: 'open' | 'closed'): boolean {
  return status === 'closed' || chairRefusal(actor, step) === undefined;
}
