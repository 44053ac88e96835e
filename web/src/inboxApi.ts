/**
 * The inbox's calls (client/api/routes/tasks.ts): the filtered task list, who may hold a
 * task, and assign / claim / give back. Each answers with the task as it now is.
 */
import type { Assignable } from '../../domain/wire/assignable';
import type { BulkOutcome } from '../../domain/wire/bulkOutcome';
import { api, enc, type Task } from './api';

export type { Assignable, BulkOutcome };

export type AssigneeFilter = 'me' | 'none';
export type DueFilter = 'overdue' | 'week';
export type DueSort = 'due' | '-due';

export interface InboxQuery {
  township?: string;
  assignee?: AssigneeFilter;
  due?: DueFilter;
  sort?: DueSort;
}

export function getInbox(q: InboxQuery): Promise<Task[]> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, v);
  const query = params.toString();
  return api<Task[]>('GET', query ? `/tasks?${query}` : '/tasks');
}

export const getAssignees = (taskId: string) => api<Assignable[]>('GET', `/tasks/${enc(taskId)}/assignees`);
export const assignTask = (taskId: string, assignee: string) => api<Task>('POST', `/tasks/${enc(taskId)}/assign`, { assignee });
export const claimTask = (taskId: string) => api<Task>('POST', `/tasks/${enc(taskId)}/claim`);
export const releaseTask = (taskId: string) => api<Task>('POST', `/tasks/${enc(taskId)}/release`);

export const decideBulk = (step: string, decision: Record<string, unknown>, caseIds: string[]) =>
  api<{ results: BulkOutcome[] }>('POST', '/tasks/bulk-decisions', { step, decision, caseIds });
