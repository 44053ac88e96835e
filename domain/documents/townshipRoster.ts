/**
 * A township's part of the registry, for a roster (名册) a township committee member may
 * download: the township's own unit and the units under it, and the people who work in them.
 */
import type { RegistrySnapshot } from '../roster/registry';

export function townshipRegistry(registry: RegistrySnapshot, townshipId: string): RegistrySnapshot {
  const parent = new Map(registry.orgUnits.map((u) => [u.orgUnitId, u.parentId]));
  const inTownship = (id: string | null): boolean => {
    for (let u = id; u !== null && u !== undefined; u = parent.get(u) ?? null) if (u === townshipId) return true;
    return false;
  };
  const orgUnits = registry.orgUnits.filter((u) => inTownship(u.orgUnitId));
  const people = registry.people.filter((p) => inTownship(p.orgUnitId));
  return { orgUnits, people };
}
