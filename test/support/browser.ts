/**
 * Debian's Chromium, driven headless through playwright-core by the browser suites: one
 * place for where it is, how it is launched, and how long a step of the UI may take.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How long one step of the UI may take (a click, a page's data arriving) on a busy machine. */
export const UI_TIMEOUT = 15_000;

/** Fails at once, naming what to install, when Chromium is missing: never a silent skip. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
}

/** Root in CI needs --no-sandbox; background networking would reach for hosts this machine cannot. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}
