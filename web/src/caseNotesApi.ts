/**
 * A case's comments and attachments (client/api/routes/caseNotes.ts). An attachment is
 * sent as its bytes; what it is, the server reads from them.
 */
import type { CaseAttachment, CaseComment } from '../../domain/caseNotes';
import { api, ApiProblem, enc, type Problem } from './api';

export type { CaseAttachment, CaseComment };

export const getNotes = (caseId: string) =>
  api<{ comments: CaseComment[]; attachments: CaseAttachment[] }>('GET', `/cases/${enc(caseId)}/notes`);
export const addComment = (caseId: string, text: string) => api<CaseComment>('POST', `/cases/${enc(caseId)}/comments`, { text });
export const attachmentUrl = (caseId: string, attachmentId: string) => `/cases/${enc(caseId)}/attachments/${enc(attachmentId)}`;

export async function uploadAttachment(caseId: string, file: File): Promise<CaseAttachment> {
  const res = await fetch(`/cases/${enc(caseId)}/attachments?name=${enc(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
    body: await file.arrayBuffer(),
  });
  const body = (await res.json().catch(() => ({}))) as Partial<Problem> & Partial<CaseAttachment>;
  if (!res.ok) {
    throw new ApiProblem({
      type: body.type ?? 'unknown',
      title: body.title ?? res.statusText,
      status: res.status,
      detail: body.detail ?? res.statusText,
    });
  }
  return body as CaseAttachment;
}
