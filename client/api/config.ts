/**
 * The API's settings from the environment, and serving it on a port: what `cadreflow up`
 * (or any process holding a database and a Temporal client) calls to offer the API.
 */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../cases';
import { buildApi, DEFAULT_SESSION_TTL_MS, type ApiDeps } from './server';
import { trustProxyFromEnv } from './trustProxy';

/** Where the UI is served unless CADREFLOW_PUBLIC_HOST says otherwise: Chromium and Firefox resolve any *.localhost to loopback. */
export const DEFAULT_PUBLIC_HOST = 'cadreflow.localhost';

export interface ApiSettings {
  host: string;
  port: number;
  sessionTtlMs: number;
  secureCookies: boolean;
  trustProxy: false | number | string[];
  /** The host name of the UI and its cookie. */
  publicHost: string;
}

/**
 * CADREFLOW_API_HOST (127.0.0.1), CADREFLOW_API_PORT (8080), CADREFLOW_SESSION_HOURS (8),
 * CADREFLOW_SECURE_COOKIES (true when clients reach the API over https; default false),
 * CADREFLOW_TRUST_PROXY (the proxy's address/CIDR, or its hop count; `true` is refused),
 * CADREFLOW_PUBLIC_HOST (cadreflow.localhost: the host name the UI is served under).
 */
export function apiSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiSettings {
  const port = Number(env.CADREFLOW_API_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`CADREFLOW_API_PORT must be a port number, got "${env.CADREFLOW_API_PORT}"`);
  const hours = Number(env.CADREFLOW_SESSION_HOURS ?? DEFAULT_SESSION_TTL_MS / 3_600_000);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    throw new UserError(`CADREFLOW_SESSION_HOURS must be a number of hours between 0 and 720, got "${env.CADREFLOW_SESSION_HOURS}"`);
  }
  return {
    host: env.CADREFLOW_API_HOST || '127.0.0.1',
    port,
    sessionTtlMs: Math.round(hours * 3_600_000),
    secureCookies: flag(env, 'CADREFLOW_SECURE_COOKIES', false),
    trustProxy: trustProxyFromEnv(env.CADREFLOW_TRUST_PROXY),
    publicHost: publicHost(env.CADREFLOW_PUBLIC_HOST),
  };
}

function publicHost(text: string | undefined): string {
  const host = (text ?? '').trim().toLowerCase() || DEFAULT_PUBLIC_HOST;
  // A host name or an IP address, without scheme, port or path: it is compared with the Host header's name.
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)$/.test(host)) {
    throw new UserError(
      `CADREFLOW_PUBLIC_HOST must be a host name such as cadreflow.localhost or cadre.example.gov.cn (no scheme or port), got "${text}"`,
    );
  }
  return host;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new UserError(`${name} must be true or false, got "${v}"`);
}

/**
 * Builds the API and listens; `url` is where it answers (for scripts with an API token
 * and health checks), `webUrl` where a browser opens the UI (the public host, on the
 * same port), `close` stops it (before the database closes).
 */
export async function serveApi(
  deps: Omit<ApiDeps, 'sessionTtlMs' | 'secureCookies' | 'trustProxy' | 'publicHost'>,
  settings: ApiSettings,
): Promise<{ app: FastifyInstance; url: string; webUrl: string; close(): Promise<void> }> {
  const app = await buildApi({
    ...deps,
    sessionTtlMs: settings.sessionTtlMs,
    secureCookies: settings.secureCookies,
    trustProxy: settings.trustProxy,
    publicHost: settings.publicHost,
  });
  let url: string;
  try {
    url = await app.listen({ host: settings.host, port: settings.port });
  } catch (err) {
    await app.close();
    if ((err as { code?: unknown }).code === 'EADDRINUSE') {
      throw new UserError(`the API port ${settings.host}:${settings.port} is in use: set CADREFLOW_API_PORT to a free one`);
    }
    throw err;
  }
  const port = new URL(url).port;
  const webUrl = `${settings.secureCookies ? 'https' : 'http'}://${settings.publicHost}${port ? `:${port}` : ''}`;
  return { app, url, webUrl, close: () => app.close() };
}
