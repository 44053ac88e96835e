/**
 * The access log as auditors read it (GET /audit/access-log and its verification): one
 * entry of who read or changed what, and the check of the log's hash chain. The wire
 * types, written once for the server (client/api/accessLog.ts) and the web UI
 * (web/src/pages/AccessLogPage.tsx). Type-only.
 */

export interface AccessEntry {
  position: string;
  recordedAt: string;
  kind: string;
  actor: Record<string, unknown>;
  actorId: string;
  subject: string;
  detail: Record<string, unknown>;
  channel: 'api' | 'cli' | 'system';
  requestId: string | null;
  hash: string;
}

export interface AccessChainReport {
  ok: boolean;
  checked: number;
  /** The first position kept (rows older than six months may have been deleted from the oldest up). */
  from: string | null;
  head: { position: string; hash: string } | null;
  firstBadPosition?: string;
  reason?: string;
}
