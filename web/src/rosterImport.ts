/**
 * Uploading a roster (名册, .xlsx) to `POST /registry/imports`: through XMLHttpRequest, not
 * fetch, because only XHR reports how much of the body has gone out (fetch has no upload
 * progress). The server runs the check and the import `cadreflow registry import` runs
 * (docs/registry.md); this file only carries the bytes and the report.
 */
import type { ChangeSummary } from '../../domain/roster/changes';
import { ROSTER_LIMITS } from '../../domain/roster/limits';
import type { RosterProblem } from '../../domain/roster/problems';
import { answerOf, ApiProblem } from './api';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Where the browser downloads the empty template (same origin: the session cookie goes with it). */
export const ROSTER_TEMPLATE_URL = '/registry/template.xlsx';
export const MAX_ROSTER_BYTES = ROSTER_LIMITS.maxFileBytes;

/** The API's answer to an upload: the check's problems, what would change and, after an import, what was written. */
export interface RosterReport {
  dryRun: boolean;
  rows: { orgUnits: number; people: number };
  problems: RosterProblem[];
  changes: { orgUnits: ChangeSummary; people: ChangeSummary };
  written: { events: number; duplicates: number } | null;
}

/** Where an upload is: its bytes going out (with the share sent), then the server at work. */
export type UploadPhase = { phase: 'uploading'; percent: number } | { phase: 'server' };

export function uploadRoster(file: Blob, dryRun: boolean, onPhase: (p: UploadPhase) => void): Promise<RosterReport> {
  const path = dryRun ? '/registry/imports?dryRun=true' : '/registry/imports';
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', XLSX_TYPE);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0)
        onPhase({ phase: 'uploading', percent: Math.min(100, Math.round((e.loaded / e.total) * 100)) });
    };
    // Every byte is out: from here on the server reads, checks and (for an import) writes.
    xhr.upload.onload = () => onPhase({ phase: 'server' });
    xhr.onload = () => {
      try {
        resolve(answerOf<RosterReport>(path, xhr.status, xhr.statusText, xhr.responseText));
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
