/**
 * A cadre as the registry's lists show them (GET /registry/people, and the person pickers):
 * the wire type, written once for the server (client/api/routes/registry.ts) and the web
 * UI (web/src/api.ts, web/src/registry/registryApi.ts). Not the roster's RegistryPerson
 * (domain/roster/registry.ts), which an import is checked against. Type-only.
 */

/** Where a person stands with a probation (试用期): the `people` read model's column too. */
export type PersonProbationStatus = 'none' | 'on-probation' | 'confirmed' | 'removed' | 'ended-early';

export interface PersonListItem {
  personId: string;
  name: string;
  gender: string;
  birthYear: number;
  orgUnitId: string;
  townshipId: string | null;
  rank: string;
  currentPost: { assignmentId: string; title: string | null; orgUnitId: string | null } | null;
  probation: { status: PersonProbationStatus; caseId: string | null };
}
