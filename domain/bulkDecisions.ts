/**
 * Which steps may be decided for many cases at once with one answer: those whose answer is
 * the same kind of judgement for every case and needs nothing from the case itself — a
 * probation check-in (考察: rating and comment). A step whose form reads the case (votes,
 * slates, grades) is decided one case at a time. Each case still decides its own step
 * through its own Update; this only says where a bulk form is offered and accepted.
 */
import { formKeyOfTask, type FormKey } from './forms';

export const BULK_FORMS: ReadonlySet<FormKey> = new Set<FormKey>(['probation.check-in']);

/** At most this many cases in one request: each is an Update of its own, decided in turn. */
export const MAX_BULK_CASES = 50;

export function allowsBulk(task: { caseId: string; step: string }): boolean {
  const form = formKeyOfTask(task);
  return form !== undefined && BULK_FORMS.has(form);
}
