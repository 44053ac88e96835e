/**
 * What a registry change answers (POST/PATCH under /registry/people and /registry/org-units,
 * county staff): the person's or the unit's id, the types of the events recorded, and whether
 * the Idempotency-Key had been used before (then nothing was written now). The wire type,
 * written once for the server (client/api/routes/registryChanges.ts) and the web UI
 * (web/src/registry/registryApi.ts). Type-only.
 */
export interface RegistryChangeResult {
  id: string;
  events: string[];
  duplicate: boolean;
}
