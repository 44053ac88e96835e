/**
 * A post assignment (任职) as the registry's API answers it (GET /registry/posts, and a
 * person's posts in GET /registry/people/:personId): who holds or held which post, since and
 * until when, on trial (试任) or not. The wire type, written once for the server
 * (client/api/routes/registry.ts) and the web UI (web/src/registry/registryApi.ts). Type-only.
 */
export interface PostLine {
  assignmentId: string;
  personId: string;
  personName: string;
  orgUnitId: string;
  townshipId: string | null;
  title: string;
  rank: string;
  /** YYYY-MM-DD. */
  startedOn: string;
  endedOn: string | null;
  onTrial: boolean;
  confirmedOn: string | null;
  endReason: string | null;
}
