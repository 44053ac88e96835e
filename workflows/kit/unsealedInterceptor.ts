/**
 * Refuses input that arrived unsealed (see unsealed.ts), for every workflow, Update and
 * Signal at once, so a handler added later cannot forget the check:
 *
 * - an Update: refused by validation with `Unsealed`, so it leaves nothing in the history;
 * - a Signal: dropped (a Signal cannot be refused; Temporal has recorded it already, and
 *   `audit verify` names it);
 * - a start: the workflow fails at once with `Unsealed`, before it appends anything.
 *
 * With sealed input (and on workers without a codec, where no marker can appear) each
 * call passes straight through, so recorded histories replay unchanged.
 */
import {
  ApplicationFailure,
  log,
  type Next,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import type { SignalInput, UpdateInput, WorkflowExecuteInput } from '@temporalio/workflow';
import { refuse } from './refusal';
import { isUnsealed, UNSEALED_MESSAGE } from './unsealed';

class RefuseUnsealedInbound implements WorkflowInboundCallsInterceptor {
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    if (input.args.some(isUnsealed)) refuse('Unsealed', `${input.name}: ${UNSEALED_MESSAGE}`);
    next(input);
  }

  // Async: the SDK expects a rejected promise here; a synchronous throw would fail the workflow task.
  async handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    // Reached only by an Update whose handler has no validator: refused, though after acceptance.
    if (input.args.some(isUnsealed)) refuse('Unsealed', `${input.name}: ${UNSEALED_MESSAGE}`);
    return next(input);
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    if (input.args.some(isUnsealed)) {
      log.warn(`signal ${input.signalName} dropped: ${UNSEALED_MESSAGE}`);
      return Promise.resolve();
    }
    return next(input);
  }

  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (input.args.some(isUnsealed)) {
      throw ApplicationFailure.create({
        type: 'Unsealed',
        message: `workflow start: ${UNSEALED_MESSAGE}`,
        nonRetryable: true,
        details: [{ reason: 'Unsealed' }],
      });
    }
    return next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new RefuseUnsealedInbound()] });
