/**
 * The Temporal Web UI's codec endpoint: staff signed in to the API get sealed case
 * payloads back readable; the UI's origin may call it with the user's cookie; nobody
 * else learns anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { buildApi } from '../../client/api/server';
import { createUser } from '../../client/api/accounts';
import { EncryptionCodec } from '../../client/codec';
import { EMPTY_KEYRING, withNewKey } from '../../client/crypto/keyring';
import type { Backend } from '../../client/backend';
import { createTestDatabase, type TestDatabase } from '../support/db';

const UI = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec(withNewKey(EMPTY_KEYRING, 'AES256GCM').keyring);
let database: TestDatabase;
let app: FastifyInstance;

async function login(login: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { login, password } });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

const wire = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data!).toString('base64'),
});

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApi({ db: database.db, backend: {} as Backend, codec, codecCorsOrigin: UI });
  await createUser(
    database.db,
    { login: 'org-staff', displayName: '组织部', role: 'county-org-dept', password: 'correct horse battery' },
    { checkTownship: false },
  );
  await createUser(
    database.db,
    { login: 'ts-01-committee', displayName: '乡镇', role: 'township-committee', townshipId: 'ts-01', password: 'correct horse battery' },
    { checkTownship: false },
  );
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('codec endpoint for the Temporal Web UI', () => {
  it('decodes sealed payloads for signed-in staff, with CORS for the UI origin only', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload({ personName: '王建国' })]);
    const cookie = await login('org-staff', 'correct horse battery');
    const res = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { cookie, origin: UI },
      payload: { payloads: [wire(sealed!)] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const [plain] = (res.json() as { payloads: Array<{ data: string }> }).payloads;
    expect(JSON.parse(Buffer.from(plain!.data, 'base64').toString('utf8'))).toEqual({ personName: '王建国' });

    const other = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { cookie, origin: 'http://evil.example' },
      payload: { payloads: [] },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: UI, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
  });

  it('refuses anonymous callers and township committees, and shows them no plaintext', async () => {
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload({ personName: '王建国' })]);
    const anonymous = await app.inject({ method: 'POST', url: '/codec/decode', payload: { payloads: [wire(sealed!)] } });
    expect(anonymous.statusCode).toBe(401);
    const cookie = await login('ts-01-committee', 'correct horse battery');
    const township = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { cookie },
      payload: { payloads: [wire(sealed!)] },
    });
    expect(township.statusCode).toBe(403);
    expect(township.body).not.toContain(Buffer.from('王建国').toString('base64'));
    const malformed = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { cookie: await login('org-staff', 'correct horse battery') },
      payload: { items: [] },
    });
    expect(malformed.statusCode).toBe(400);
  });
});
