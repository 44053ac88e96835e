/**
 * One line of a selection's full-process record (全程纪实, GET /cases/:id/record): a heading
 * (of a level) or a paragraph of text. The wire type, written once for the server
 * (client/selectionRecord.ts) and the web UI (web/src/api.ts). Type-only.
 */
export interface RecordLine {
  heading?: 1 | 2;
  text: string;
}
