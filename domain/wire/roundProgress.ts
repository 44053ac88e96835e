/**
 * An evaluation round as it starts and runs (`cadreflow evaluation start|progress`, POST and
 * GET /evaluation/rounds): the wire types, written once for the server
 * (client/commands/evaluationBackend.ts, client/api/routes/evaluation.ts) and the web UI
 * (web/src/api.ts). Type-only.
 */
import type { RoundDashboard } from './roundDashboard';

export interface RoundStart {
  roundId: string;
  started: boolean;
}

export interface RoundProgress {
  roundId: string;
  /** False until the round's first events are in the read model. */
  known: boolean;
  status: string | null;
  /** Cadres found in scope. */
  cadres: number | null;
  /** Cases whose start the read model shows. */
  casesStarted: number;
  /** Set once every start has been answered. */
  started: number | null;
  skipped: number | null;
  units: Array<{ unitId: string; assessed: number; allowedExcellent: number }>;
}

/** GET /evaluation/rounds/:id: the progress and the dashboard, narrowed to a township committee's own township. */
export interface RoundView {
  roundId: string;
  township: string | null;
  progress: RoundProgress;
  /** Null until the round is in the read model. */
  dashboard: RoundDashboard | null;
}
