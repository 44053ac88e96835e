/**
 * Election results and one election (`cadreflow election results|show`, GET /elections and
 * GET /cases/{caseId}/election): the wire types, written once for the server
 * (client/electionService.ts) and the web UI. Type-only.
 */
import type { ElectionForm } from '../election';
import type { PendingStep } from './pendingStep';

export interface ElectionResultRow {
  caseId: string;
  orgUnitId: string;
  orgUnitName: string | null;
  townshipId: string;
  form: ElectionForm;
  term: string;
  seats: number;
  status: string;
  stage: string;
  elected: string[];
  secretary: string | null;
  deputy: string | null;
  meetingsHeld: number;
  approvedOn: string | null;
  filedOn: string | null;
}

export interface ElectionView extends ElectionResultRow {
  seatsRequested: number;
  electionDate: string | null;
  method: string | null;
  eligibleVoters: number | null;
  nominees: Array<{ personId: string; memberVotes: number; massesVotes: number; status: string; replaces: string | null }>;
  slate: string[];
  struck: string[];
  vacant: number;
  meetings: Array<{ kind: string; eligible: number; present: number; outcome: string }>;
  pending: PendingStep[];
  /** Registry names of every person the view mentions. */
  names: Record<string, string>;
}

/** GET /elections: the rows of the township asked for (null: the county), with the names they mention. */
export interface ElectionResults {
  township: string | null;
  elections: ElectionResultRow[];
  names: Record<string, string>;
}
