/**
 * Events of procedures beyond the core (registry, cases, tasks, notices),
 * each defined in its own file and joined here into the log's DomainEvent union.
 * A procedure adds `| ItsEvent` below and registers its projection in
 * activities/procedureProjections.ts.
 */
export type ProcedureEvent =
  | never
  | import('./events/probation').ProbationEvent
  | import('./events/evaluation').EvaluationEvent
  | import('./events/election').ElectionEvent
  | import('./events/membership').MembershipEvent
  | import('./events/rectification').RectificationEvent
  | import('./events/selection').SelectionEvent;
