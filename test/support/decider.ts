/**
 * Given/when/then for decide-style functions (domain/decider.ts), without Temporal:
 *
 *   decider(decideVetting).given(state).when(decision).then([event])
 *
 * `then` compares the whole event list; `thenThrows` pins a refusal a decide function
 * raises. Modelled on Emmett's DeciderSpecification.
 */
import { expect } from 'vitest';
import type { DomainEvent } from '../../domain/events';

type DecideFn<D, S, E> = (decision: D, state: S) => E[];

export function decider<D, S, E extends DomainEvent>(decide: DecideFn<D, S, E>) {
  return {
    given(state: S) {
      return {
        when(decision: D) {
          const run = () => decide(decision, state);
          return {
            /** The events recorded, in order, field by field. */
            then(expected: E[]): E[] {
              const events = run();
              expect(events).toEqual(expected);
              return events;
            },
            /** The decision is refused: nothing is recorded, and the message says why. */
            thenThrows(message: string | RegExp): void {
              expect(run).toThrow(message);
            },
          };
        },
      };
    },
  };
}
