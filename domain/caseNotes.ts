/**
 * A case's comments and attachments as the API answers them (GET /cases/:id/notes): the
 * wire types, written once for the server (client/caseNotes.ts) and the web UI
 * (web/src/caseNotesApi.ts). Type-only.
 */
import type { Actor } from './actors';

export interface CaseComment {
  commentId: string;
  text: string;
  by: Actor | null;
  at: string;
  position: string;
}

export interface CaseAttachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  by: Actor | null;
  at: string;
  position: string;
  /** The stored bytes hash to `sha256` (false: changed or missing since they were added). */
  intact: boolean;
}
