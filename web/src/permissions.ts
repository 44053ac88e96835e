/**
 * Whether to offer a decision form for a task. Only a hint for the UI: the API checks
 * the role and the township, and the case checks them again (and escalation, 督办).
 */
import type { Task, User } from './api';

export function mayDecide(user: User | null | undefined, task: Pick<Task, 'role' | 'townshipId' | 'escalated'>): boolean {
  if (!user) return false;
  if (user.role === 'township-committee') return task.role === 'township-committee' && task.townshipId === user.townshipId;
  // Once a township's task is past due the county may decide it too.
  if (user.role === 'county-org-dept') return task.role === 'county-org-dept' || task.escalated;
  return false;
}

/** Whether to offer the cadre's review request and appeal (复核、申诉): county staff, or the case's own township committee. */
export function mayRecordRequests(user: User | null | undefined, townshipId: string): boolean {
  if (!user) return false;
  return user.role === 'county-org-dept' || (user.role === 'township-committee' && user.townshipId === townshipId);
}
