/**
 * The session cookie in a real browser (Debian's Chromium through playwright-core): the
 * API serves the UI under its public host name (`cadreflow.localhost`, which Chromium
 * resolves to loopback) and its cookie is host-only there, so after signing in through
 * the UI another HTTP server on 127.0.0.1 — any port, as the Temporal Web UI is — gets
 * no session cookie. The control: a cookie set by a server on 127.0.0.1 does reach
 * another port of 127.0.0.1 (cookies ignore ports), so the probe would see one.
 * Also: the UI works under the Content-Security-Policy (no violation reported), the
 * UI's address on 127.0.0.1 sends the browser to the public host, and an auditor reads
 * the access log and its chain check on their page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, UI_TIMEOUT } from '../support/browser';
import { createUser } from '../../client/api/accounts';
import type { Backend } from '../../client/backend';
import { buildApi } from '../../client/api/server';
import { createTestDatabase, type TestDatabase } from '../support/db';

const ROOT = resolve(__dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'web', 'dist');
const PUBLIC_HOST = 'cadreflow.localhost';
const PASSWORD = 'browser cookie passphrase';

/** The inbox after sign-in asks for tasks; nothing else of the backend is reached. */
const backend = new Proxy({} as Backend, {
  get: (_t, name) => (name === 'tasks' ? async () => [] : () => Promise.reject(new Error(`backend.${String(name)} is not used here`))),
});

let database: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let apiPort: number;
/** Another service on 127.0.0.1: records the Cookie header of every request it gets. */
let probe: Server;
let probePort: number;
const probeCookies: Array<string | undefined> = [];
/** A server on 127.0.0.1 that sets a cookie of its own: the control. */
let setter: Server;
let setterPort: number;

function listen(
  handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as AddressInfo).port })));
}

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`no web UI build in ${WEB_ROOT}: run \`npm run build:web\``);
  requireChromium();
  database = await createTestDatabase();
  await createUser(database.db, { login: 'auditor', displayName: '审计员', role: 'auditor', password: PASSWORD });
  app = await buildApi({
    db: database.db,
    backend,
    webRoot: WEB_ROOT,
    publicHost: PUBLIC_HOST,
    logger: pino({ level: 'warn' }, pino.destination(2)),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  apiPort = (app.server.address() as AddressInfo).port;
  ({ server: probe, port: probePort } = await listen((req, res) => {
    probeCookies.push(req.headers.cookie);
    res.end('probe');
  }));
  ({ server: setter, port: setterPort } = await listen((_req, res) => {
    res.setHeader('set-cookie', 'control=1; Path=/; SameSite=Lax');
    res.end('set');
  }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((done) => (probe ? probe.close(done) : done(undefined)));
  await new Promise((done) => (setter ? setter.close(done) : done(undefined)));
  await database?.drop();
});

describe('the session cookie in Chromium', () => {
  it('after signing in on the public host, a server on another port of 127.0.0.1 gets no session cookie', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    context.setDefaultTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    try {
      // The UI's address on 127.0.0.1 sends the browser to the public host.
      await page.goto(`http://127.0.0.1:${apiPort}/#/login`);
      expect(new URL(page.url()).host).toBe(`${PUBLIC_HOST}:${apiPort}`);
      await page.getByTestId('login-name').fill('auditor');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('whoami').waitFor();

      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'cadreflow_session');
      expect(session).toMatchObject({ domain: PUBLIC_HOST, path: '/', httpOnly: true, sameSite: 'Strict' });

      // The control: a cookie set on 127.0.0.1 does reach another port of 127.0.0.1.
      await page.goto(`http://127.0.0.1:${setterPort}/`);
      probeCookies.length = 0;
      await page.goto(`http://127.0.0.1:${probePort}/`);
      expect(probeCookies.length).toBeGreaterThan(0);
      for (const header of probeCookies) {
        expect(header ?? '').toContain('control=1');
        expect(header ?? '').not.toContain('cadreflow_session');
      }
      // The UI worked under its Content-Security-Policy: nothing was blocked while signing in.
      expect(violations).toEqual([]);
      // A script on the UI's page cannot even reach the other port: the policy's connect-src is the API's own origin.
      await page.goto(`http://${PUBLIC_HOST}:${apiPort}/#/inbox`);
      await page.getByTestId('whoami').waitFor();
      probeCookies.length = 0;
      const outcome = await page.evaluate(
        (url) =>
          fetch(url, { mode: 'no-cors', credentials: 'include' }).then(
            () => 'sent',
            (err: Error) => `refused: ${err.message}`,
          ),
        `http://127.0.0.1:${probePort}/from-page`,
      );
      expect(outcome).toBe('refused: Failed to fetch');
      expect(violations.some((v) => v.includes('connect-src'))).toBe(true);
      expect(probeCookies).toEqual([]);
      // The session still works where it belongs.
      const me = await page.evaluate(() => fetch('/auth/me').then((r) => r.status));
      expect(me).toBe(200);
    } finally {
      await context.close();
    }
  });

  it('Swagger UI at /docs renders under the Content-Security-Policy', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    try {
      await page.goto(`http://${PUBLIC_HOST}:${apiPort}/docs`);
      await page.locator('.swagger-ui .info .title').waitFor();
      expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('cadreflow API');
      await page.locator('.opblock-summary-path', { hasText: '/audit/access-log' }).first().waitFor();
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an auditor reads the access log on its page and checks its hash chain', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    context.setDefaultTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    try {
      await page.goto(`http://${PUBLIC_HOST}:${apiPort}/#/login`);
      await page.getByTestId('login-name').fill('auditor');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('whoami').waitFor();
      await page.getByTestId('nav-access-log').click();
      await page.getByTestId('access-log-page').waitFor();
      // The setup created the auditor's account: that creation is the log's first row.
      const table = page.getByTestId('access-table');
      await expect.poll(() => table.textContent(), { timeout: UI_TIMEOUT }).toContain('创建账户');
      expect(await table.textContent()).toContain('system:cadreflow');
      await page.getByTestId('access-verify').click();
      await expect.poll(() => page.getByTestId('access-chain').textContent(), { timeout: UI_TIMEOUT }).toContain('哈希链完整');
    } finally {
      await context.close();
    }
  });
});
