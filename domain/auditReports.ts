/**
 * What the auditors' tools report, as the CLI prints it with --json and the API sends
 * it (client/audit/, client/api/routes/auditTools.ts); the web UI imports these types.
 */

export type ReplayStatus = 'ok' | 'nondeterministic' | 'failed';

/** An input that reached a case without the deployment's seal: from someone who went around the API. */
export interface UnsealedInput {
  /** The history event that carries it. */
  eventId: string;
  eventType: 'WorkflowExecutionStarted' | 'WorkflowExecutionSignaled' | 'WorkflowExecutionUpdateAccepted';
  /** The Signal's or the Update's name. */
  name?: string;
  /** The payload's encoding, e.g. `json/plain`. */
  encoding: string;
}

/** One run of a case, replayed against the current workflow code. */
export interface CaseReplay {
  workflowId: string;
  runId: string;
  workflowType: string;
  events: number;
  status: ReplayStatus;
  /** For a nondeterministic case: what the code did where the history did something else. */
  divergence?: string;
  error?: string;
  /**
   * Inputs of the history that are not sealed (given the deployment's keyring): sent
   * around the API, or recorded before payloads were sealed.
   */
  unsealed?: UnsealedInput[];
  /** Replayed reading its unsealed payloads as they are: a history recorded before encryption. */
  readAsPlain?: boolean;
}

export interface ReplaySummary {
  total: number;
  ok: number;
  nondeterministic: number;
  failed: number;
  seconds: number;
  historiesPerSecond: number;
}

/** What `audit replay --json` prints and `POST /audit/replays` answers. */
export interface ReplayReport {
  /** Where the histories came from: Temporal (and which cases) or an archive. */
  source: string;
  summary: ReplaySummary;
  cases: CaseReplay[];
}

/** A stored checkpoint of the log's head (`audit checkpoint --list`, `GET /audit/checkpoints`). */
export interface ListedCheckpoint {
  id: string;
  position: string;
  hash: string;
  /** When it was signed, ISO-8601 UTC. */
  signedAt: string;
  keyFingerprint: string;
  signatureValid: boolean;
}
