/**
 * `audit export`: the selected cases' histories and the whole event log, in one archive
 * that `audit replay` and `audit verify` check offline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { readEventsAfter } from '../../activities/eventReads';
import type { DB } from '../../schema/db';
import { ArchiveWriter } from './archive';
import { describeAuditScope, fetchHistories, listExecutions, type AuditScope } from './auditScope';
import { startProgress } from './progress';
import { repoRoot } from '../../schema/projectTools';

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface ExportResult {
  /** The archive, gzip, in base64 so that it crosses the control channel as JSON. */
  gzipBase64: string;
  histories: number;
  events: number;
  head: { position: string; hash: string };
}

export async function exportArchive(
  client: Client,
  db: DB,
  scope: AuditScope,
  opts: { namespace: string; progress?: boolean },
): Promise<ExportResult> {
  const executions = await listExecutions(client, scope);
  const writer = await ArchiveWriter.open({
    exportedAt: new Date().toISOString(),
    tool: { name: 'cadreflow', version: toolVersion() },
    namespace: opts.namespace,
    selection: describeAuditScope(scope),
  });
  try {
    const bar =
      opts.progress && executions.length > 0 ? startProgress({ label: 'export', total: executions.length, unit: 'histories' }) : undefined;
    try {
      // Histories before the log: a decision completed in a history has its event in
      // the log read afterwards, so the archive never shows a decision without its event
      // merely because of timing.
      for await (const h of fetchHistories(client, executions)) {
        await writer.history({
          workflowId: h.workflowId,
          runId: h.runId,
          workflowType: h.workflowType,
          history: JSON.parse(historyToJSON(h.history)),
        });
        bar?.tick();
      }
    } finally {
      bar?.stop();
    }
    // One snapshot: the head line is the head of exactly the events written.
    const head = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const row = await trx.selectFrom('log_head').select(['position', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
        let after = 0n;
        for (;;) {
          const rows = await readEventsAfter(trx, after, 1000);
          for (const e of rows) await writer.event(e);
          const last = rows.at(-1);
          if (last) after = last.position;
          if (rows.length < 1000) break;
        }
        return { position: row.position.toString(), hash: row.hash };
      });
    const { bytes, ...counts } = await writer.finish(head);
    return { gzipBase64: bytes.toString('base64'), ...counts, head };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
