/**
 * Decide-style domain functions (docs/decisions.md §10). A workflow step reads as the
 * procedure: it opens a task (the kit), and when the decision arrives a pure function of
 * the decision and the case's state says which events the log records. Such a function
 * reads no clock and does no I/O; the instants it cannot know are the placeholders
 * APPEND_TIME and APPEND_DATE, filled in when the events are appended.
 *
 * The workflow keeps its state; where a decision changes that state too, the change is a
 * second pure function (`evolve`) of the state and the events, so the workflow applies
 * exactly what it recorded.
 */
import type { DomainEvent } from './events';

/** What a decision, given the case's state, adds to the log. */
export type Decide<Decision, State, E extends DomainEvent = DomainEvent> = (decision: Decision, state: State) => E[];

/** The case's state after events it recorded. */
export type Evolve<State, E extends DomainEvent = DomainEvent> = (state: State, event: E) => State;
