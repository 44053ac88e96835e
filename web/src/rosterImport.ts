/**
 * Uploading a roster (名册, .xlsx) to `POST /registry/imports`: through XMLHttpRequest, not
 * fetch, because only XHR reports how much of the body has gone out (fetch has no upload
 * progress). The server runs the check and the import `cadreflow registry import` runs
 * (docs/registry.md); this file only carries the bytes and the report.
 */
import { ROSTER_LIMITS } from '../../domain/roster/limits';
import type { ImportProgress, RosterImportReport } from '../../domain/wire/rosterImport';
import { answerOf, ApiProblem } from './api';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Where the browser downloads the empty template (same origin: the session cookie goes with it). */
export const ROSTER_TEMPLATE_URL = '/registry/template.xlsx';
export const MAX_ROSTER_BYTES = ROSTER_LIMITS.maxFileBytes;

export type { RosterImportReport };

/**
 * Where an upload is: its bytes going out (with the share sent), then, as the server says
 * each phase begins (Accept: application/x-ndjson, docs/api.md "Roster imports"), the
 * workbook read, its rows checked, the events written.
 */
export type UploadPhase = { phase: 'uploading'; percent: number } | { phase: 'waiting' } | ImportProgress;

const NDJSON = 'application/x-ndjson';

type Line = UploadPhase | { result: RosterImportReport } | { problem: { status: number; title: string } };

export function uploadRoster(file: Blob, dryRun: boolean, onPhase: (p: UploadPhase) => void): Promise<RosterImportReport> {
  const path = dryRun ? '/registry/imports?dryRun=true' : '/registry/imports';
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', XLSX_TYPE);
    xhr.setRequestHeader('accept', `${NDJSON}, application/problem+json`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0)
        onPhase({ phase: 'uploading', percent: Math.min(100, Math.round((e.loaded / e.total) * 100)) });
    };
    // Every byte is out: the server has it and says what it does next.
    xhr.upload.onload = () => onPhase({ phase: 'waiting' });

    // The answer's lines as they arrive; a line is whole once its newline has come.
    let consumed = 0;
    let last: Line | undefined;
    const readLines = () => {
      if (xhr.status !== 200 || !(xhr.getResponseHeader('content-type') ?? '').startsWith(NDJSON)) return;
      const text = xhr.responseText;
      let end: number;
      while ((end = text.indexOf('\n', consumed)) >= 0) {
        const raw = text.slice(consumed, end);
        consumed = end + 1;
        if (raw.trim() === '') continue;
        last = JSON.parse(raw) as Line;
        if ('phase' in last) onPhase(last);
      }
    };
    xhr.onprogress = () => readLines();
    xhr.onload = () => {
      try {
        readLines();
        // Refused before the answer began (401, 403, 413, 415), or a server that does not stream: one JSON document.
        if (!(xhr.getResponseHeader('content-type') ?? '').startsWith(NDJSON) || xhr.status !== 200) {
          resolve(answerOf<RosterImportReport>(path, xhr.status, xhr.statusText, xhr.responseText));
        } else if (last && 'result' in last) {
          resolve(last.result);
        } else if (last && 'problem' in last) {
          // Refused after it began: the last line is the problem document the JSON answer would have been.
          answerOf(path, last.problem.status, last.problem.title, JSON.stringify(last.problem));
          throw new Error(`the upload was refused (${last.problem.status})`);
        } else {
          throw new ApiProblem({ type: 'network', title: 'Network error', status: 0, detail: 'the answer ended before its outcome' });
        }
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const network = () =>
      reject(new ApiProblem({ type: 'network', title: 'Network error', status: 0, detail: 'the server did not answer the upload' }));
    xhr.onerror = network;
    xhr.onabort = network;
    onPhase({ phase: 'uploading', percent: 0 });
    xhr.send(file);
  });
}
