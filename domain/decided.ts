/**
 * A decision as a task received it: the parsed value and who took it. The decide-style
 * functions (domain/decider.ts) take one as their decision, since the events they record
 * name the actor; it has the shape the workflow kit's humanTask resolves with.
 */
import type { Actor } from './actors';

export interface Decided<T> {
  value: T;
  actor: Actor;
}
