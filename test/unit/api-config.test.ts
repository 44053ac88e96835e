/**
 * The API's settings from the environment, and the API served on a real socket: what
 * `cadreflow up` mounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type IncomingHttpHeaders } from 'node:http';
import pino from 'pino';
import type { Backend } from '../../client/backend';
import { apiSettingsFromEnv, serveApi } from '../../client/api/config';
import { openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { migrateToLatest } from '../../schema/migrate';

describe('apiSettingsFromEnv', () => {
  it('defaults to loopback, port 8080, 8-hour sessions, cookies without Secure', () => {
    expect(apiSettingsFromEnv({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      sessionTtlMs: 8 * 3_600_000,
      secureCookies: false,
      trustProxy: false,
      publicHost: 'cadreflow.localhost',
    });
  });

  it('reads every variable, and names the one that is wrong', () => {
    expect(
      apiSettingsFromEnv({
        CADREFLOW_API_HOST: '0.0.0.0',
        CADREFLOW_API_PORT: '9000',
        CADREFLOW_SESSION_HOURS: '0.5',
        CADREFLOW_SECURE_COOKIES: 'true',
        CADREFLOW_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16',
        CADREFLOW_PUBLIC_HOST: 'Cadre.Example.gov.cn',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 9000,
      sessionTtlMs: 1_800_000,
      secureCookies: true,
      trustProxy: ['10.0.0.1', '192.168.0.0/16'],
      publicHost: 'cadre.example.gov.cn',
    });
    expect(() => apiSettingsFromEnv({ CADREFLOW_API_PORT: 'http' })).toThrow(/CADREFLOW_API_PORT/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_SESSION_HOURS: '-1' })).toThrow(/CADREFLOW_SESSION_HOURS/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_SECURE_COOKIES: 'yes' })).toThrow(/CADREFLOW_SECURE_COOKIES must be true or false/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_PUBLIC_HOST: 'http://cadre.example' })).toThrow(
      /CADREFLOW_PUBLIC_HOST must be a host name/,
    );
    expect(() => apiSettingsFromEnv({ CADREFLOW_PUBLIC_HOST: 'cadre.example:8080' })).toThrow(/CADREFLOW_PUBLIC_HOST must be a host name/);
  });

  it('CADREFLOW_TRUST_PROXY names a proxy by address, CIDR or hop count; true is refused at start, saying what to write', () => {
    expect(apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: '::1,fd00::/8' }).trustProxy).toEqual(['::1', 'fd00::/8']);
    expect(apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: 'true' })).toThrow(
      /CADREFLOW_TRUST_PROXY=true would believe any client's X-Forwarded-For.*CADREFLOW_TRUST_PROXY=127\.0\.0\.1.*CADREFLOW_TRUST_PROXY=1/,
    );
    expect(() => apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: 'proxy.local' })).toThrow(/"proxy.local" is not an IP address or CIDR range/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/not an IP address or CIDR range/);
    expect(() => apiSettingsFromEnv({ CADREFLOW_TRUST_PROXY: '99' })).toThrow(/hop count must be an integer from 1 to 10/);
  });
});

/** A request with a Host header of our choosing (fetch always sends the URL's). */
function post(
  base: string,
  path: string,
  body: string | undefined,
  host: string,
  method = 'POST',
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        headers: { host, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('serveApi', () => {
  let database: OpenedDatabase;
  let served: Awaited<ReturnType<typeof serveApi>>;

  beforeAll(async () => {
    database = await openPgliteDatabase();
    await migrateToLatest(database.db);
    served = await serveApi(
      { db: database.db, backend: {} as Backend, logger: pino({ level: 'silent' }) },
      { ...apiSettingsFromEnv({}), port: 0 },
    );
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
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      database: { ok: true },
      temporal: { ok: false, detail: 'not configured' },
    });
  });

  it('refuses an oversized body on the wire with 413', async () => {
    const res = await post(
      served.url,
      '/auth/login',
      JSON.stringify({ login: 'x', password: 'y'.repeat(100 * 1024) }),
      'cadreflow.localhost',
    );
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves the UI under the public host: another host name is redirected (the page) or refused with 421 (the rest)', async () => {
    const port = new URL(served.url).port;
    expect(served.webUrl).toBe(`http://cadreflow.localhost:${port}`);
    const page = await post(served.url, '/', undefined, `127.0.0.1:${port}`, 'GET');
    expect(page.status).toBe(308);
    expect(page.headers.location).toBe(`http://cadreflow.localhost:${port}/`);
    const login = await post(served.url, '/auth/login', JSON.stringify({ login: 'x', password: 'y' }), `127.0.0.1:${port}`);
    expect(login.status).toBe(421);
    expect(JSON.parse(login.body).detail).toMatch(/answers as http:\/\/cadreflow\.localhost:\d+ \(CADREFLOW_PUBLIC_HOST\)/);
    // The health check and API-token callers (no cookie involved) are answered on any host name.
    expect((await post(served.url, '/health', undefined, `127.0.0.1:${port}`, 'GET')).status).toBe(503);
    const byToken = await post(served.url, '/auth/me', undefined, `127.0.0.1:${port}`, 'GET', {
      authorization: `Bearer cft_${'a'.repeat(64)}`,
    });
    expect(byToken.status).toBe(401);
  });

  it('a port in use is a clear error', async () => {
    const port = Number(new URL(served.url).port);
    await expect(
      serveApi({ db: database.db, backend: {} as Backend, logger: pino({ level: 'silent' }) }, { ...apiSettingsFromEnv({}), port }),
    ).rejects.toThrow(/CADREFLOW_API_PORT/);
  });
});
