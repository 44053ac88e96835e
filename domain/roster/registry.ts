/**
 * The registry as a roster is checked against: the units and people the read models hold
 * (org_units, people, post_assignments), in the roster's terms. client/roster reads it
 * from the database; tests build it by hand or from the demo county.
 */
import type { OrgUnitKind, PersonDetails } from '../events';

export interface RegistryOrgUnit {
  orgUnitId: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  /** `YYYY-MM-DD`. */
  effectiveFrom: string;
  /** Set when the unit was dissolved (合乡并村): no one can be placed in it. */
  dissolved: { effectiveTo: string; mergedInto: string | null } | null;
}

export interface RegistryPerson {
  personId: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  orgUnitId: string;
  rank: string;
  /** The rest of what the registry knows, ID and phone numbers opened (plain). */
  details: PersonDetails;
  /** The current post, if any. */
  post: {
    title: string;
    orgUnitId: string;
    startedOn: string;
    /** Set when read from the registry; an import ends the post by it. */ assignmentId?: string;
  } | null;
}

export interface RegistrySnapshot {
  orgUnits: readonly RegistryOrgUnit[];
  people: readonly RegistryPerson[];
}

export const EMPTY_REGISTRY: RegistrySnapshot = { orgUnits: [], people: [] };
