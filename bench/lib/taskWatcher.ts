/**
 * Waits for tasks to open in the `tasks` read model — what a person's inbox shows —
 * with one query for every task being waited for, so many waiting approvers cost one
 * poll, not one each.
 */
import type { DB } from '../../schema/db';
import { sleep } from './stats';

export class TaskWatcher {
  private readonly waiters = new Map<string, Array<() => void>>();
  private polling: Promise<void> | undefined;

  constructor(
    private readonly db: DB,
    private readonly intervalMs = 20,
  ) {}

  opened(taskId: string, timeoutMs = 300_000): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiters.set(taskId, [...(this.waiters.get(taskId) ?? []), resolve]));
    this.polling ??= this.poll();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`task ${taskId} did not open within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  }

  private async poll(): Promise<void> {
    while (this.waiters.size > 0) {
      const ids = [...this.waiters.keys()];
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await this.db
          .selectFrom('tasks')
          .select('task_id')
          .where('task_id', 'in', ids.slice(i, i + 1000))
          .where('status', '=', 'pending')
          .execute();
        for (const { task_id } of rows) {
          for (const resolve of this.waiters.get(task_id) ?? []) resolve();
          this.waiters.delete(task_id);
        }
      }
      await sleep(this.intervalMs);
    }
    this.polling = undefined;
  }
}
