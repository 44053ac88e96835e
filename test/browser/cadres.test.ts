/**
 * 干部查询 and 班子结构统计 in the web UI, in Debian's Chromium (playwright-core) against
 * the real API on a free port and a real PostgreSQL database holding the demo county,
 * serving the built web/dist:
 *
 *   - county staff open the statistics: everyone serving is counted, the charts are drawn
 *     (ECharts, loaded on demand, renders SVG) and the workbook downloads under its Chinese
 *     name;
 *   - the search lists everyone, a name narrows the list to the generator's count, and a
 *     range the parser refuses is named before anything is sent;
 *   - a township member's statistics and search hold their township only.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { UI_TIMEOUT } from '../support/browser';
import { shanghaiDate } from '../../domain/calendar';
import { generateDemoCounty } from '../../demo/county';
import { baseUrl, scenario, signIn, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-cadres-${process.pid}`;
const PASSWORD = 'browser cadres passphrase';
const UNIT = 'ts-05';
const demo = generateDemoCounty();
const inTownship = demo.people.filter((p) => p.orgUnitId === UNIT || p.orgUnitId.startsWith(`${UNIT}-`));

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-05-committee', displayName: '05乡镇党委', role: 'township-committee', townshipId: UNIT },
]);

const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

describe('cadre search and team-structure statistics in the browser', () => {
  it('county staff see the statistics drawn as charts and download the workbook', async () => {
    await scenario('statistics-county', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(`${baseUrl}/#/statistics`);
      await expect
        .poll(() => page.getByTestId('structure-people').textContent(), { timeout: UI_TIMEOUT })
        .toContain(demo.people.length.toLocaleString('en-US'));
      for (const chart of ['chart-age', 'chart-education', 'chart-gender', 'chart-ethnicity', 'chart-cross']) {
        // ECharts draws into an <svg>, a filled <path> per bar or slice, once its chunk has loaded.
        await expect
          .poll(() => page.getByTestId(chart).locator('svg path:not([fill="none"])').count(), { timeout: UI_TIMEOUT })
          .toBeGreaterThan(1);
      }
      expect(await page.getByTestId('chart-age').locator('svg').textContent()).toContain('41–45');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('structure-export').click()]);
      expect(download.suggestedFilename()).toBe(`班子结构统计-${shanghaiDate(Date.now())}.xlsx`);
      expect(
        readFileSync(await download.path())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    });
  });

  it('the search lists everyone, narrows by name, and names a refused range before sending it', async () => {
    await scenario('search-county', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(`${baseUrl}/#/search`);
      const total = page.getByTestId('search-total');
      await expect.poll(() => total.textContent(), { timeout: UI_TIMEOUT }).toBe(`共 ${demo.people.length} 人`);
      await page.getByTestId('search-name').fill('王');
      await page.getByTestId('search-submit').click();
      const named = demo.people.filter((p) => p.name.includes('王'));
      await expect.poll(() => total.textContent(), { timeout: UI_TIMEOUT }).toBe(`共 ${named.length} 人`);
      const rows = page.getByTestId('search-table').locator('.ant-table-row');
      await expect.poll(() => rows.count(), { timeout: UI_TIMEOUT }).toBe(Math.min(20, named.length));
      expect(await rows.first().textContent()).toContain(named[0]!.name);

      await numberInput(page, 'search-ageMin').fill('50');
      await numberInput(page, 'search-ageMax').fill('40');
      await page.getByTestId('search-submit').click();
      await expect
        .poll(() => page.getByTestId('search-problems').textContent(), { timeout: UI_TIMEOUT })
        .toContain('年龄下限 50 大于上限 40');
      // The list still holds the last accepted search.
      expect(await total.textContent()).toBe(`共 ${named.length} 人`);
    });
  });

  it('a township member’s statistics and search hold their township only', async () => {
    await scenario('township', async (page) => {
      await signIn(page, 'ts-05-committee');
      await page.goto(`${baseUrl}/#/statistics`);
      await expect
        .poll(() => page.getByTestId('structure-people').textContent(), { timeout: UI_TIMEOUT })
        .toContain(inTownship.length.toLocaleString('en-US'));
      await expect
        .poll(() => page.getByTestId('chart-age').locator('svg path:not([fill="none"])').count(), { timeout: UI_TIMEOUT })
        .toBeGreaterThan(1);
      expect(await page.getByTestId('chart-cross').count()).toBe(0);
      await page.goto(`${baseUrl}/#/search`);
      await expect.poll(() => page.getByTestId('search-total').textContent(), { timeout: UI_TIMEOUT }).toBe(`共 ${inTownship.length} 人`);
      expect(await page.getByTestId('search-township').count()).toBe(0);
    });
  });
});
