/**
 * The auditors' archive, replay and checkpoints (client/api/routes/auditTools.ts). An
 * archive is a plain same-origin link: the browser saves it under the server's name.
 */
import type { ListedCheckpoint, ReplayReport } from '../../domain/auditReports';
import type { AuditSelection } from '../../domain/auditSelection';
import { api } from './api';

export type { AuditSelection, ListedCheckpoint, ReplayReport };

export function archiveUrl(selection: AuditSelection): string {
  const q = new URLSearchParams();
  if (selection.caseId !== undefined) q.set('caseId', selection.caseId);
  if (selection.kind !== undefined) q.set('kind', selection.kind);
  if (selection.since !== undefined) q.set('since', selection.since);
  if (selection.all) q.set('all', 'true');
  return `/audit/archive?${q.toString()}`;
}

export const replay = (selection: AuditSelection) => api<ReplayReport>('POST', '/audit/replays', selection);
export const getCheckpoints = () => api<{ checkpoints: ListedCheckpoint[] }>('GET', '/audit/checkpoints');
export const signCheckpoint = () =>
  api<{ id: string; checkpoint: { head: { position: string; hash: string; time: string }; signature: { keyFingerprint: string } } }>(
    'POST',
    '/audit/checkpoints',
  );
