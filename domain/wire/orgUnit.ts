/**
 * An org unit as the registry's API answers it (GET /registry/org-units): the county, a
 * township, a village or a branch, with when it was in force and, after a merger (合乡并村),
 * what it merged into. The wire type, written once for the server
 * (client/api/routes/registry.ts) and the web UI (web/src/registry/registryApi.ts). Type-only.
 */
import type { OrgUnitKind } from '../events/core';

export interface OrgUnit {
  orgUnitId: string;
  name: string;
  kind: OrgUnitKind;
  parentId: string | null;
  townshipId: string | null;
  /** YYYY-MM-DD. */
  effectiveFrom: string;
  /** YYYY-MM-DD; null while the unit stands. */
  effectiveTo: string | null;
  mergedInto: string | null;
}
