/**
 * Read models of Party member development (发展党员): the Party organizations whose
 * members are listed, and the register (党员发展名册) with one row per person from
 * application to full membership. Written by activities/projections/membership.ts.
 */
import type { ColumnType } from 'kysely';
import type { DevelopmentStopOutcome, MemberStatus, PartyOrganizationCategory } from '../../domain/events/membership';

/** A calendar day, `YYYY-MM-DD` (see schema/db.ts). */
type DateOnly = string;

export interface PartyOrganizationsTable {
  org_unit_id: ColumnType<string, string, never>;
  name: string;
  category: PartyOrganizationCategory;
  village_id: string | null;
  township_id: string;
}

export interface PartyMembersTable {
  person_id: ColumnType<string, string, never>;
  name: string;
  gender: 'male' | 'female' | null;
  birth_year: number | null;
  branch_id: string;
  village_id: string | null;
  township_id: string | null;
  mobile: boolean;
  status: MemberStatus;
  /** The development case, if the person has one. */
  case_id: string | null;
  applied_on: DateOnly | null;
  talked_on: DateOnly | null;
  activist_on: DateOnly | null;
  /** 培养联系人, joined with 、 */
  contacts: string | null;
  reviews: number;
  target_on: DateOnly | null;
  /** 入党介绍人, joined with 、 */
  sponsors: string | null;
  /** The development target's submission through the gates; null before. */
  round: number | null;
  /** No members' vote before this day (after a failed one). */
  blocked_until: DateOnly | null;
  /** The branch assembly whose vote admitted the person; the probation runs from it. */
  assembly_on: DateOnly | null;
  admitted_on: DateOnly | null;
  probation_ends_on: DateOnly | null;
  extended: boolean;
  oath_on: DateOnly | null;
  full_on: DateOnly | null;
  disqualified_on: DateOnly | null;
  /** The case ended without admission. */
  stopped_on: DateOnly | null;
  stop_outcome: DevelopmentStopOutcome | null;
  /** The first day admission could come (null once admitted), for the at-risk forecast. */
  earliest_admission_on: DateOnly | null;
  /** The open task, notice or calendar wait next in line, and when it is due. */
  next_step: string | null;
  next_due_on: DateOnly | null;
}

export interface MembershipTables {
  party_organizations: PartyOrganizationsTable;
  party_members: PartyMembersTable;
}
