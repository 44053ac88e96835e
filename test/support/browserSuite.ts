/**
 * What the browser suites share (test/browser/*.test.ts): the real API on a free port over
 * a throwaway database with the demo county and the built web/dist, the suite's accounts,
 * one Chromium, a fresh context per scenario (a screenshot in test-results/screenshots/
 * when it fails) and signing in. `stack`, `browser` and `baseUrl` are live bindings, set by
 * useBrowserSuite's hooks; a suite's own set-up goes in a beforeAll of its own after it.
 */
import { afterAll, beforeAll } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../domain/actors';
import { createUser } from '../../client/api/accounts';
import type { ApiDeps } from '../../client/api/server';
import { startApiStack, type ApiStack } from './api';
import { launchChromium, requireChromium, UI_TIMEOUT } from './browser';

export const ROOT = resolve(__dirname, '..', '..');
export const WEB_ROOT = join(ROOT, 'web', 'dist');
export const FAILURE_SHOTS = join(ROOT, 'test-results', 'screenshots');

export let stack: ApiStack | undefined;
export let browser: Browser | undefined;
export let baseUrl: string;
let password = '';

export interface SuiteUser {
  login: string;
  displayName: string;
  role: Role;
  townshipId?: string;
}

/** `options` are the API's own, beside the web root and logger every suite gets (e.g. an audit signing key). */
export function useBrowserSuite(
  taskQueue: string,
  suitePassword: string,
  users: readonly SuiteUser[],
  options: Pick<ApiDeps, 'auditSigningKey'> = {},
): void {
  password = suitePassword;
  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`no web UI build in ${WEB_ROOT}: run \`npm run build:web\` (npm test does it when web/src changed)`);
    }
    requireChromium();
    stack = await startApiStack(taskQueue, {
      webRoot: WEB_ROOT,
      logger: pino({ name: 'cadreflow-api', level: 'warn' }, pino.destination(2)),
      ...options,
    });
    await stack.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
    for (const u of users) await createUser(stack.database.db, { ...u, password });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.app.close();
    await stack?.shared.stop();
    await stack?.database.drop();
  });
}

/**
 * Runs `fn` in a fresh browser context (zh-CN, Shanghai time, downloads allowed, reduced
 * motion: the UI then opens its dialogs without animation, so a click on a busy machine
 * lands on the button and not where it was a frame earlier).
 */
export async function scenario(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser!.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  // A script error in the page is printed: a form that does nothing then says why.
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  try {
    await fn(page);
  } catch (err) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    await page.screenshot({ path: join(FAILURE_SHOTS, `${name}.png`), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}

export async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('whoami').waitFor();
}
