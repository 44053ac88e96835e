/**
 * A case's Temporal workflow history as JSON, replayable with `Worker.runReplayHistory`
 * (`cadreflow history export` and `GET /cases/{caseId}/history`). Payloads stay as the
 * history holds them — sealed by the deployment's codec — so the export carries no clear
 * text and replays with the keyring.
 */
import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** gRPC's status code NOT_FOUND. */
const GRPC_NOT_FOUND = 5;

export interface ExportedHistory {
  /** The history in Temporal's JSON form, indented. */
  json: string;
  events: number;
}

export async function exportHistory(client: Client, caseId: string): Promise<ExportedHistory> {
  let history: Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
  try {
    history = await client.workflow.getHandle(caseId).fetchHistory();
  } catch (err) {
    // `fetchHistory` lets the raw gRPC error through: named here as the client names it elsewhere.
    if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND)
      throw new WorkflowNotFoundError(`no history of ${caseId}`, caseId, undefined);
    if (isGrpcServiceError(err)) throw new ServiceError(`history of ${caseId}`, { cause: err });
    throw err;
  }
  return { json: JSON.stringify(JSON.parse(historyToJSON(history)), null, 2), events: history.events?.length ?? 0 };
}
