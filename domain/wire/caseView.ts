/**
 * One case as the CLI and the API show it (`cadreflow show`, GET /cases/:id): its row, its
 * steps and its timeline from the event log. The wire types, written once for the server
 * (client/backend.ts) and the web UI (web/src/api.ts). Type-only.
 */
import type { Actor } from '../actors';
import type { ElectionFacts, SelectionFacts } from '../forms';
import type { CaseHeading } from './caseSummary';
import type { Task } from './task';

/** One event of the case's stream, oldest first. */
export interface TimelineEntry {
  version: number;
  position: string;
  recordedAt: string;
  type: string;
  actor?: Actor;
  /** The step whose decision appended the event (its causation id). */
  step?: string;
  data: unknown;
}

export interface CaseView extends CaseHeading {
  probation?: { appointedOn: string; endsOn: string; status: string; checkIns: number };
  /** What an election's forms read (client/caseFacts.ts), from the read model: no replay of the timeline in the UI; absent for other kinds of case. */
  election?: ElectionFacts;
  /** What a selection's forms read, once the server serves it; until then the UI reads the case's events (web/src/forms/selectionFacts.ts). */
  selection?: SelectionFacts;
  tasks: Array<Task & { status: string; decidedBy: string | null; decidedAt: string | null }>;
  timeline: TimelineEntry[];
}
