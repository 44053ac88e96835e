/**
 * When a started dev server can be used: its frontend answers and its namespace exists.
 */
import { Connection } from '@temporalio/client';
import { errorText } from './errors';
import { tcpAnswers } from './ports';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the frontend answers and the namespace exists, so the caller's first
 * workflow start cannot race namespace creation.
 */
export async function waitUntilReady(
  address: string,
  port: number,
  namespace: string,
  deadline: number,
  exited: () => string | undefined,
): Promise<void> {
  let lastError = 'the port never accepted a connection';
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(exit);
    if (await tcpAnswers(port)) {
      let connection: Connection | undefined;
      try {
        const remaining = Math.max(500, Math.min(5_000, deadline - Date.now()));
        const conn = (connection = await Connection.connect({ address, connectTimeout: remaining }));
        await conn.withDeadline(Date.now() + remaining, async () => {
          await conn.workflowService.getSystemInfo({});
          await conn.workflowService.describeNamespace({ namespace });
        });
        return;
      } catch (err) {
        lastError = errorText(err);
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    await sleep(200);
  }
  throw new Error(`timeout: ${lastError}`);
}
