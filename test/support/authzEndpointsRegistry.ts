/**
 * The authorization matrix's endpoints (test/support/authzEndpoints.ts): the registry, the audit log and the codec.
 */
import { registryChangeRequests } from './registryChangeRequests';
import { read, readOne, auditorsAndAdmins, countyOnly, TOWNSHIP, rosterUpload, type Endpoint, type MatrixFixtures } from './authzMatrix';

export function authzEndpointsRegistry(f: MatrixFixtures): Endpoint[] {
  const { fixture, unitName } = f;
  return [
    {
      name: 'GET /registry/org-units',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/org-units?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'GET /registry/people',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/people?township=${TOWNSHIP[t]}&limit=5` }),
    },
    {
      name: 'GET /registry/people/{personId}',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/registry/people/${fixture[t].person}` }),
    },
    {
      name: 'GET /registry/posts',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/posts?township=${TOWNSHIP[t]}&current=true&limit=5` }),
    },
    // The empty roster template holds no one's data: whoever reads the registry may have it.
    {
      name: 'GET /registry/template.xlsx',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 200 },
      request: () => ({ method: 'GET', url: '/registry/template.xlsx' }),
    },
    {
      name: 'GET /registry/search',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/search?township=${TOWNSHIP[t]}&ageMin=30&limit=5` }),
    },
    {
      name: 'GET /registry/statistics',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/statistics?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'GET /registry/statistics.xlsx',
      expect: read,
      request: (t) => ({ method: 'GET', url: `/registry/statistics.xlsx?township=${TOWNSHIP[t]}` }),
    },
    {
      name: 'POST /registry/imports?dryRun=true',
      expect: countyOnly(200),
      request: async () => ({ method: 'POST', url: '/registry/imports?dryRun=true', ...(await rosterUpload()) }),
    },
    {
      // The empty template: accepted, and it writes nothing.
      name: 'POST /registry/imports',
      expect: countyOnly(200),
      request: async () => ({ method: 'POST', url: '/registry/imports', ...(await rosterUpload()) }),
    },
    // Registry changes: county staff only (requests in test/support/registryChangeRequests.ts).
    ...registryChangeRequests({ person: (t) => fixture[t].person, township: (t) => TOWNSHIP[t], unitName: (t) => unitName[t] }).map(
      ({ name, countyStatus, request }) => ({ name, expect: countyOnly(countyStatus), request }),
    ),
    {
      // The full ID number: county staff only, whatever the township.
      name: 'GET /registry/people/{personId}/lrmx',
      expect: countyOnly(200),
      request: (t) => ({ method: 'GET', url: `/registry/people/${fixture[t].person}/lrmx` }),
    },
    {
      name: 'GET /registry/people/{personId}/appointment-form.docx',
      expect: readOne,
      request: (t) => ({ method: 'GET', url: `/registry/people/${fixture[t].person}/appointment-form.docx` }),
    },
    {
      // A file that is no form: county staff reach the import, which refuses it and writes nothing.
      name: 'POST /registry/lrmx',
      expect: countyOnly(422),
      request: () => ({
        method: 'POST',
        url: '/registry/lrmx',
        payload: '<Person><XingMing>x</Person>',
        headers: { 'content-type': 'application/xml' },
      }),
    },
    {
      name: 'GET /audit/hash-chain',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'GET', url: '/audit/hash-chain' }),
    },
    { name: 'GET /audit/access-log', expect: auditorsAndAdmins, request: () => ({ method: 'GET', url: '/audit/access-log?limit=5' }) },
    {
      name: 'GET /audit/access-log/verification',
      expect: auditorsAndAdmins,
      request: () => ({ method: 'GET', url: '/audit/access-log/verification' }),
    },
    {
      name: 'POST /codec/decode',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'POST', url: '/codec/decode', payload: { payloads: [] } }),
    },
    {
      name: 'POST /codec/encode',
      expect: { anonymous: 401, admin: 403, county: 200, auditor: 200, township: 403 },
      request: () => ({ method: 'POST', url: '/codec/encode', payload: { payloads: [] } }),
    },
  ];
}
