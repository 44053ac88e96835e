/**
 * A case's Temporal workflow history as JSON, replayable with `Worker.runReplayHistory`
 * (`cadreflow history export` and `GET /cases/{caseId}/history`). Payloads stay as the
 * history holds them — sealed by the deployment's codec — so the export carries no clear
 * text and replays with the keyring.
 */
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export interface ExportedHistory {
  /** The history in Temporal's JSON form, indented. */
  json: string;
  events: number;
}

export async function exportHistory(client: Client, caseId: string): Promise<ExportedHistory> {
  const history = await client.workflow.getHandle(caseId).fetchHistory();
  return { json: JSON.stringify(JSON.parse(historyToJSON(history)), null, 2), events: history.events?.length ?? 0 };
}
