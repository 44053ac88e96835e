/**
 * The pages over the procedures' read routes and the cadre's requests, in Debian's Chromium
 * (playwright-core) against the real API on a free port, a real PostgreSQL database and the
 * run's shared Temporal dev server with an in-process worker, serving the built web/dist:
 *
 *   - county staff set the yearly evaluation Schedule of two townships from the dashboard
 *     (a malformed time is named by the domain's parser in the page and sends nothing) and
 *     see it listed; a township member sees the list without the form;
 *   - the election results page lists a started election, and its row opens the case,
 *     whose page shows the election's own record;
 *   - the member pipeline page marks the villages at risk, and its switch lists those only
 *     (the API's own list of them);
 *   - on an evaluation case before its grade is notified, a review request (复核) entered by
 *     county staff is refused by the case, in Chinese and then in English, and records nothing.
 *
 * Workflow and Schedule ids are server-wide on the shared Temporal server: a year, a term and
 * a Schedule scope no other suite uses keep them apart. A failing test leaves a screenshot in
 * test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { UI_TIMEOUT } from '../support/browser';
import { electionWorkflowId } from '../../domain/election';
import { seedMembership } from '../../client/memberCases';
import { eventCount, eventually } from '../support/cases';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-views-${process.pid}`;
const PASSWORD = 'browser views passphrase';
const VILLAGE = 'ts-04-v02';
const TERM = '2089';
const ELECTION = electionWorkflowId(VILLAGE, TERM);
/** Rounds 2022–2026 are other suites'; ts-08 is one of the two smallest townships. */
const ROUND_YEAR = 2021;
const ROUND_TOWNSHIP = 'ts-08';
const ROUND_ID = `evaluation-round/${ROUND_YEAR}/${ROUND_TOWNSHIP}`;
const SCHEDULE_TOWNSHIPS = ['ts-10', 'ts-12'];
const SCHEDULE_ID = `evaluation-round-schedule/${SCHEDULE_TOWNSHIPS.join('+')}`;
const CRON = '15 9 1 12 *';

let evaluationCase = '';

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-08-committee', displayName: '08乡镇党委', role: 'township-committee', townshipId: ROUND_TOWNSHIP },
]);

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: UI_TIMEOUT, interval: 250 });

async function nameOf(orgUnitId: string): Promise<string> {
  return (await stack!.database.db.selectFrom('org_units').select('name').where('org_unit_id', '=', orgUnitId).executeTakeFirstOrThrow())
    .name;
}

/** Picks an option by its text in an antd select (see startCase.test.ts). */
async function pick(page: Page, select: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await select.click();
  const input = select.locator('input').first();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().waitFor();
  await input.press('Enter');
  await poll(async () => (await select.textContent()) ?? '').toContain(text);
}

beforeAll(async () => {
  await seedMembership(stack!.database.db);
  await stack!.modules.election.start({ orgUnitId: VILLAGE, seats: 5, term: TERM });
  await stack!.modules.evaluation.startRound({ year: ROUND_YEAR, townshipIds: [ROUND_TOWNSHIP] });
  await eventually(
    async () => (await stack!.modules.election.results({})).elections.find((e) => e.caseId === ELECTION),
    'the election in the results',
  );
  evaluationCase = (
    await eventually(
      async () =>
        stack!.database.db
          .selectFrom('cases')
          .select('case_id')
          .where('kind', '=', 'evaluation')
          .where('case_id', 'like', `evaluation/${ROUND_YEAR}/%`)
          .where('status', '=', 'open')
          .orderBy('case_id')
          .executeTakeFirst(),
      'an evaluation case of the round',
    )
  ).case_id;
}, 180_000);

afterAll(async () => {
  const client = stack?.client;
  if (!client) return;
  await client.schedule
    .getHandle(SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  const rows = await stack!.database.db
    .selectFrom('cases')
    .select('case_id')
    .where('case_id', 'like', `evaluation/${ROUND_YEAR}/%`)
    .execute();
  for (const id of [ELECTION, ROUND_ID, ...rows.map((r) => r.case_id)]) {
    await client.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
  }
});

describe('the procedures’ pages in the browser', () => {
  it('county staff set the yearly evaluation Schedule from the dashboard and see it listed; a bad time sends nothing', async () => {
    const townshipNames = await Promise.all(SCHEDULE_TOWNSHIPS.map(nameOf));
    await scenario('views-schedule', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(`${baseUrl}/#/dashboard`);
      const card = page.getByTestId('round-schedules');
      await card.getByTestId('schedule-form').waitFor();
      for (const name of townshipNames) await pick(page, card.getByTestId('schedule-townships'), name);

      await card.getByTestId('schedule-cron').fill('0 25 1 12 *');
      await card.getByTestId('schedule-set').click();
      await poll(async () => (await card.getByTestId('schedule-error').textContent()) ?? '').toContain('hour 25 is outside 0–23');
      expect(await stack!.modules.evaluation.schedules().then((l) => l.some((s) => s.scheduleId === SCHEDULE_ID))).toBe(false);

      await card.getByTestId('schedule-cron').fill(CRON);
      await card.getByTestId('schedule-set').click();
      await poll(async () => (await card.getByTestId('schedule-result').textContent()) ?? '').toContain(CRON);
      // The list reads again until Temporal lists the new Schedule: its row names both townships and the time.
      const row = card.getByTestId('schedule-list').locator('tr', { hasText: CRON });
      await poll(async () => (await row.count()) > 0 && ((await row.first().textContent()) ?? '')).toContain(townshipNames[0]!);
      expect(await row.first().textContent()).toContain(townshipNames[1]!);
    });
    const set = (await stack!.modules.evaluation.schedules()).find((s) => s.scheduleId === SCHEDULE_ID);
    expect(set).toMatchObject({ cron: CRON, townshipIds: SCHEDULE_TOWNSHIPS });

    await scenario('views-schedule-township', async (page) => {
      await signIn(page, 'ts-08-committee');
      await page.goto(`${baseUrl}/#/dashboard`);
      await page.getByTestId('schedule-list').waitFor();
      expect(await page.getByTestId('schedule-form').count()).toBe(0);
    });
  });

  it('the election results page lists a started election and opens its case, which shows the election', async () => {
    const village = await nameOf(VILLAGE);
    await scenario('views-elections', async (page) => {
      await signIn(page, 'org-staff');
      // The role's menu holds the page (folded into its overflow on a narrow header).
      expect(await page.locator('a[href="#/elections"]').count()).toBeGreaterThan(0);
      await page.goto(`${baseUrl}/#/elections`);
      const link = page.getByTestId('elections').getByTestId('election-link').filter({ hasText: village });
      await link.first().waitFor();
      await link.first().click();
      await poll(() => Promise.resolve(decodeURIComponent(page.url()))).toContain(`#/cases/${ELECTION}`);
      const details = page.getByTestId('election-details');
      await details.getByTestId('election-nominees').waitFor();
      expect(await details.textContent()).toContain(TERM);
    });
  });

  it('the pipeline page marks the villages at risk, and lists those only when asked', async () => {
    const atRisk = (await stack!.modules.members.pipeline({ atRisk: true })).villages.map((v) => v.village);
    expect(atRisk.length).toBeGreaterThan(0);
    await scenario('views-pipeline', async (page) => {
      await signIn(page, 'org-staff');
      // The role's menu holds the page (folded into its overflow on a narrow header).
      expect(await page.locator('a[href="#/pipeline"]').count()).toBeGreaterThan(0);
      await page.goto(`${baseUrl}/#/pipeline`);
      const count = page.getByTestId('pipeline-at-risk-count');
      await poll(async () => Number(await count.getAttribute('data-count'))).toBe(atRisk.length);
      const marked = page.getByTestId('pipeline').locator('tr.ant-table-row.pipeline-at-risk');
      // The villages at risk lead the list, marked.
      await poll(() => marked.count()).toBe(Math.min(atRisk.length, 50));
      expect(atRisk).toContain(await marked.first().getByTestId('pipeline-village').textContent());
      const unmarked = page.getByTestId('pipeline').locator('tr.ant-table-row:not(.pipeline-at-risk)');
      await poll(() => unmarked.count()).toBeGreaterThan(0);

      await page.getByTestId('pipeline-at-risk').click();
      await poll(() => Promise.resolve(page.url())).toContain('atRisk=true');
      await poll(() => unmarked.count()).toBe(0);
      const shown = page.getByTestId('pipeline').getByTestId('pipeline-village');
      await poll(() => shown.count()).toBe(Math.min(atRisk.length, 50));
      expect(atRisk).toContain(await shown.first().textContent());
    });
  });

  it('a review request before the grade is notified is refused by the case, in either language, and records nothing', async () => {
    const before = await eventCount(stack!.database.db, evaluationCase);
    await scenario('views-review-refused', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(`${baseUrl}/#/cases/${encodeURIComponent(evaluationCase)}`);
      const panel = page.getByTestId('grade-requests');
      await panel.waitFor();
      expect(await panel.getByTestId('grade-request-window').textContent()).toContain('不在复核或申诉期内');
      await panel.getByTestId('review-grounds').fill('对测评结果有异议');
      await panel.getByTestId('review-submit').click();
      await poll(async () => (await panel.getByTestId('review-refused').textContent()) ?? '').toContain('未登记');

      await page.getByTestId('lang-switch').click();
      await poll(async () => (await panel.getByTestId('grade-request-window').textContent()) ?? '').toContain(
        'not in its review or appeal window',
      );
      await panel.getByTestId('review-submit').click();
      await poll(async () => (await panel.getByTestId('review-refused').textContent()) ?? '').toContain('Not recorded');
      expect(await panel.getByTestId('review-refused').textContent()).not.toMatch(/\p{Script=Han}/u);
    });
    expect(await eventCount(stack!.database.db, evaluationCase)).toBe(before);
  });
});
