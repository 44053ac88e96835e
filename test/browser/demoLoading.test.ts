/**
 * While `cadreflow up --demo` loads the demo county behind its logins, the web UI says so
 * above every page, with how far it has come, and says when it has loaded (from
 * `GET /health`'s `demo`). The API here reports a demo whose progress the test moves;
 * each state is waited for on the page, in Chinese and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { createUser } from '../../client/api/accounts';
import { DemoTracker } from '../../client/demoProgress';
import { startApiStack, type ApiStack } from '../support/api';
import { launchChromium, requireChromium, UI_TIMEOUT } from '../support/browser';

const WEB_ROOT = join(resolve(__dirname, '..', '..'), 'web', 'dist');
const PASSWORD = 'demo-loading-pw-1';
const demo = new DemoTracker();
let stack: ApiStack | undefined;
let browser: Browser | undefined;
let baseUrl = '';

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`no web UI build in ${WEB_ROOT}: run \`npm run build:web\``);
  requireChromium();
  stack = await startApiStack('demo-loading', {
    webRoot: WEB_ROOT,
    logger: pino({ name: 'cadreflow-api', level: 'warn' }, pino.destination(2)),
    demoStatus: () => demo.status(),
  });
  await stack.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
  await createUser(stack.database.db, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.app.close();
  await stack?.shared.stop();
  await stack?.database.drop();
});

describe('the demo loading behind the logins', () => {
  it('is shown with its progress above the page, in either language, and then as loaded', { timeout: 180_000 }, async () => {
    demo.begin('registry', 2311);
    demo.end('registry');
    demo.begin('selections', 2);
    demo.advance('selections', 1);
    demo.begin('probation', 12);
    demo.begin('membership', 5721);
    demo.begin('member-development', 24);
    const context = await browser!.newContext({ reducedMotion: 'reduce', locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/#/login`);
      await page.getByTestId('login-name').fill('ts-01-committee');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('whoami').waitFor();
      const banner = page.getByTestId('demo-loading');
      await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain('已启动 1/38 个案件，已写入 2311/8032 条名册事件');

      // The counts follow the load (polled every two seconds).
      demo.advance('probation', 12);
      demo.end('probation');
      await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain('已启动 13/38 个案件');

      await page.getByTestId('lang-switch').click();
      await expect
        .poll(() => banner.textContent(), { timeout: 30_000 })
        .toContain('The demo county is still loading: 13 of 38 cases started, 2311 of 8032 register events written');
      expect(await banner.textContent()).not.toMatch(/\p{Script=Han}/u);

      for (const part of ['selections', 'membership', 'member-development'] as const) demo.end(part);
      demo.finished();
      await page.getByTestId('demo-loaded').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('demo-loaded').textContent()).toContain('The demo county has loaded.');
      expect(await page.getByTestId('demo-loading').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
