/**
 * The `elections` read model: one row per election case (两推一选 / 双推直选), what
 * `cadreflow election results` lists. Person ids only; readers look names up in `people`.
 */
import type { ColumnType } from 'kysely';
import type { ElectionForm } from '../../domain/events/election';

type DateOnly = string;

export type ElectionStatus = 'requested' | 'in-progress' | 'rejected' | 'elected' | 'approved' | 'not-approved' | 'filed';

export type ElectionNomineeStatus = 'nominated' | 'rejected' | 'passed' | 'failed' | 'struck';

export interface ElectionNomineeRow {
  personId: string;
  memberVotes: number;
  massesVotes: number;
  status: ElectionNomineeStatus;
  replaces: string | null;
}

/** One sitting of a meeting that votes: a recommendation or a ballot of the assembly. */
export interface ElectionMeetingRow {
  kind: 'members-recommendation' | 'masses-recommendation' | 'first' | 'further' | 'second';
  eligible: number;
  present: number;
  outcome: string;
}

export interface ElectionsTable {
  case_id: ColumnType<string, string, never>;
  org_unit_id: string;
  township_id: string;
  form: ElectionForm;
  term: string;
  /** Seats to fill now: the requested number, less any the assembly agreed to reduce. */
  seats: number;
  seats_requested: number;
  status: ElectionStatus;
  stage: string;
  election_date: DateOnly | null;
  method: string | null;
  eligible_voters: number | null;
  nominees: ElectionNomineeRow[];
  slate: string[];
  struck: string[];
  elected: string[];
  /** Seats unfilled after the latest ballot. */
  vacant: number;
  secretary: string | null;
  deputy: string | null;
  meetings_held: number;
  meetings: ElectionMeetingRow[];
  requested_at: ColumnType<Date, Date | string, Date | string>;
  approved_on: DateOnly | null;
  filed_on: DateOnly | null;
}

export interface ElectionTables {
  elections: ElectionsTable;
}
