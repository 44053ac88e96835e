/**
 * The API's settings from the environment, and the API served on a real socket: what
 * `cadreflow up` mounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Backend } from '../../client/backend';
import { apiSettingsFromEnv, serveApi } from '../../client/api/config';
import { openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { migrateToLatest } from '../../schema/migrate';

describe('apiSettingsFromEnv', () => {
  it('defaults to loopback, port 8080, 8-hour sessions, cookies without Secure', () => {
    expect(apiSettingsFromEnv({})).toEqual({ host: '127.0.0.1', port: 8080, sessionTtlMs: 8 * 3_600_000, secureCookies: false, trustProxy: false });
  });

  it('reads every variable, and names the one that is wrong', () => {
    expect(
      apiSettingsFromEnv({
        CADREFLOW_API_HOST: '0.0.0.0',
        CADREFLOW_API_PORT: '9000',
        CADREFLOW_SESSION_HOURS: '0.5',
        CADREFLOW_SECURE_COOKIES: 'true',
        CADREFLOW_TRUST_PROXY: '10.0.0.1',
      }),
    ).toEqual({ host: '0.0.0.0', port: 9000, sessionTtlMs: 1_800_000, secureCookies: true, trustProxy: '10.0.0.1' });
    expect(() => apiSettingsFromEnv({ CADREFLOW_API_PORT: 'http' })).toThrow(/CADREFLOW_API_PORT/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_SESSION_HOURS: '-1' })).toThrow(/CADREFLOW_SESSION_HOURS/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_SECURE_COOKIES: 'yes' })).toThrow(/CADREFLOW_SECURE_COOKIES must be true or false/);
  });
});

describe('serveApi', () => {
  let database: OpenedDatabase;
  let served: Awaited<ReturnType<typeof serveApi>>;

  beforeAll(async () => {
    database = await openPgliteDatabase();
    await migrateToLatest(database.db);
    served = await serveApi({ db: database.db, backend: {} as Backend, logger: pino({ level: 'silent' }) }, { ...apiSettingsFromEnv({}), port: 0 });
  });

  afterAll(async () => {
    await served?.close();
    await database?.close();
  });

  it('answers over HTTP on the port it reports', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${served.url}/health`);
    // No Temporal client was given: the database answers, Temporal is "not configured".
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', database: { ok: true }, temporal: { ok: false, detail: 'not configured' } });
  });

  it('refuses an oversized body on the wire with 413', async () => {
    const res = await fetch(`${served.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'x', password: 'y'.repeat(100 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('a port in use is a clear error', async () => {
    const port = Number(new URL(served.url).port);
    await expect(serveApi({ db: database.db, backend: {} as Backend, logger: pino({ level: 'silent' }) }, { ...apiSettingsFromEnv({}), port })).rejects.toThrow(/CADREFLOW_API_PORT/);
  });
});
