/**
 * One request per registry-change route (client/api/routes/registryChanges.ts) for the
 * authorization matrix: each is one the registry refuses for its content or state when
 * county staff send it (so running it for every caller and target changes nothing), with
 * the status county staff get; every other caller is refused at the door.
 */
import type { InjectOptions } from 'fastify';

type Target = 'own' | 'other';

export interface RegistryChangeRequest {
  name: string;
  countyStatus: number;
  request: (t: Target) => InjectOptions;
}

export function registryChangeRequests(of: {
  person: (t: Target) => string;
  township: (t: Target) => string;
  unitName: (t: Target) => string;
}): RegistryChangeRequest[] {
  const person = (t: Target) => `/registry/people/${encodeURIComponent(of.person(t))}`;
  return [
    {
      name: 'POST /registry/people',
      countyStatus: 422,
      request: () => ({
        method: 'POST',
        url: '/registry/people',
        payload: { name: '李强', gender: '男', birth: '1990', unit: 'ts-77', rank: '科员' },
      }),
    },
    {
      name: 'PATCH /registry/people/{personId}',
      countyStatus: 409,
      request: (t) => ({ method: 'PATCH', url: person(t), payload: { note: null } }),
    },
    {
      name: 'POST /registry/people/{personId}/transfer',
      countyStatus: 422,
      request: (t) => ({ method: 'POST', url: `${person(t)}/transfer`, payload: { unit: 'ts-77' } }),
    },
    {
      name: 'POST /registry/people/{personId}/retire',
      countyStatus: 404,
      request: () => ({ method: 'POST', url: '/registry/people/p-none/retire', payload: {} }),
    },
    {
      name: 'POST /registry/people/{personId}/death',
      countyStatus: 404,
      request: () => ({ method: 'POST', url: '/registry/people/p-none/death', payload: {} }),
    },
    {
      name: 'POST /registry/people/{personId}/posts',
      countyStatus: 422,
      request: (t) => ({ method: 'POST', url: `${person(t)}/posts`, payload: { title: '委员', titleSince: '2024.01', unit: 'ts-77' } }),
    },
    {
      name: 'POST /registry/posts/{assignmentId}/end',
      countyStatus: 404,
      request: () => ({ method: 'POST', url: '/registry/posts/a-none/end', payload: {} }),
    },
    {
      name: 'POST /registry/org-units',
      countyStatus: 422,
      request: (t) => ({
        method: 'POST',
        url: '/registry/org-units',
        payload: { code: `${of.township(t)}-vz`, name: '某村', kind: '村', parent: 'ts-77' },
      }),
    },
    {
      name: 'PATCH /registry/org-units/{orgUnitId}',
      countyStatus: 409,
      request: (t) => ({ method: 'PATCH', url: `/registry/org-units/${of.township(t)}`, payload: { name: of.unitName(t) } }),
    },
    {
      name: 'POST /registry/org-units/{orgUnitId}/dissolve',
      countyStatus: 422,
      request: (t) => ({ method: 'POST', url: `/registry/org-units/${of.township(t)}/dissolve`, payload: { mergedInto: of.township(t) } }),
    },
  ];
}
