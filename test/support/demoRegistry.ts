/**
 * The demo county as a registry snapshot (domain/roster/registry.ts), built from the
 * generator rather than a database: what `cadreflow demo` writes, in the roster's terms.
 */
import { generateDemoCounty } from '../../demo/county';
import type { RegistrySnapshot } from '../../domain/roster/registry';

export function demoRegistry(): RegistrySnapshot {
  const c = generateDemoCounty();
  const posts = new Map(c.posts.map((p) => [p.personId, p]));
  return {
    orgUnits: [c.county, ...c.townships, ...c.villages].map((u) => ({
      orgUnitId: u.orgUnitId,
      name: u.name,
      kind: u.kind,
      parentId: u.parentId,
      effectiveFrom: u.effectiveFrom,
      dissolved: null,
    })),
    people: c.people.map((p) => {
      const post = posts.get(p.personId);
      return {
        personId: p.personId,
        name: p.name,
        gender: p.gender,
        birthYear: p.birthYear,
        orgUnitId: p.orgUnitId,
        rank: p.rank,
        details: p.details ?? {},
        post: post ? { title: post.title, orgUnitId: post.orgUnitId, startedOn: post.startedOn, assignmentId: post.assignmentId } : null,
      };
    }),
  };
}
