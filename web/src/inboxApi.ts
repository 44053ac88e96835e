/**
 * The inbox's calls (client/api/routes/tasks.ts): the filtered task list, who may hold a
 * task, and assign / claim / give back. Each answers with the task as it now is.
 */
import { api, enc, type Task } from './api';

export type AssigneeFilter = 'me' | 'none';
export type DueFilter = 'overdue' | 'week';
export type DueSort = 'due' | '-due';

export interface InboxQuery {
  township?: string;
  assignee?: AssigneeFilter;
  due?: DueFilter;
  sort?: DueSort;
}

export interface Assignable {
  login: string;
  displayName: string;
  role: string;
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

export type BulkResult =
  | { caseId: string; accepted: true; receipt: { caseId: string; step: string; taskId: string; position: string } }
  | { caseId: string; accepted: false; reason: string; detail: string };

export const decideBulk = (step: string, decision: Record<string, unknown>, caseIds: string[]) =>
  api<{ results: BulkResult[] }>('POST', '/tasks/bulk-decisions', { step, decision, caseIds });
