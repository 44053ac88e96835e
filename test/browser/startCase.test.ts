/**
 * 新建案件 in the web UI, in Debian's Chromium (playwright-core) against the real API on a
 * free port, a real PostgreSQL database and the run's shared Temporal dev server with an
 * in-process worker, serving the built web/dist:
 *
 *   - county staff start a village branch's election (双推直选) from the dashboard, the
 *     unit picked by township and village name: a term the start's parser refuses is
 *     answered in its words and starts nothing; the accepted start opens the new case's
 *     page at its first step;
 *   - county staff start a probation for a cadre picked by name, and see its page;
 *   - county staff upload the screening's facts file (a wrong one is refused by branch and
 *     field before anything is sent), screen the branches, see a branch ranked last on the
 *     list with its reason, tick it alone and start its rectification case, and see its page;
 *   - a township member sees no "new case" entry.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { UI_TIMEOUT } from '../support/browser';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { electionWorkflowId } from '../../domain/election';
import { probationWorkflowId } from '../../workflows/probation';
import { generateDemoCounty } from '../../demo/county';
import { seedMembership } from '../../client/memberCases';
import { memberDevelopmentCaseId } from '../../domain/memberDevelopment';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-start-${process.pid}`;
const PASSWORD = 'browser start passphrase';
const TOWNSHIP = 'ts-06';
const VILLAGE = 'ts-06-v01';
/** Workflow ids are server-wide on the run's shared Temporal server: a term no other suite elects. */
const TERM = '2095';
const APPOINTMENT = `browser-${process.pid}`;

const today = shanghaiDate(Date.now());
const electionCase = electionWorkflowId(VILLAGE, TERM);
let cadre = { personId: '', name: '' };
/** A ts-06 village off the demo's list: no other suite starts its rectification on the shared server. */
let branch = '';
/** A ts-06 village cadre the membership register does not hold. */
let applicant = { personId: '', name: '' };

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-06-committee', displayName: '06乡镇党委', role: 'township-committee', townshipId: TOWNSHIP },
]);

beforeAll(async () => {
  cadre = await stack!.database.db
    .selectFrom('people')
    .select(['person_id as personId', 'name'])
    .where('org_unit_id', '=', TOWNSHIP)
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const villages = await stack!.database.db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'village')
    .where('township_id', '=', TOWNSHIP)
    .orderBy('org_unit_id')
    .execute();
  branch = villages.map((v) => v.org_unit_id).find((id) => !listed.has(id))!;
  await seedMembership(stack!.database.db);
  applicant = await stack!.database.db
    .selectFrom('people')
    .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
    .leftJoin('party_members', 'party_members.person_id', 'people.person_id')
    .select(['people.person_id as personId', 'people.name'])
    .where('people.township_id', '=', TOWNSHIP)
    .where('org_units.kind', '=', 'village')
    .where('party_members.person_id', 'is', null)
    .orderBy('people.person_id', 'desc')
    .executeTakeFirstOrThrow();
}, 120_000);

afterAll(async () => {
  for (const id of [
    electionCase,
    probationWorkflowId(cadre.personId, APPOINTMENT),
    `rectification/${branch}/${today.slice(0, 4)}`,
    memberDevelopmentCaseId(applicant.personId),
  ])
    await stack?.client.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
});

const poll = <T>(fn: () => Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });

async function nameOf(orgUnitId: string): Promise<string> {
  return (await stack!.database.db.selectFrom('org_units').select('name').where('org_unit_id', '=', orgUnitId).executeTakeFirstOrThrow())
    .name;
}

/**
 * Picks an option by its text in an antd select of the open form: typed into the select's
 * own search box, taken with Enter once the option is listed (a click could land on the
 * closing dropdown of the previous select), and checked to be what the select shows.
 */
async function pick(page: Page, select: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await select.click();
  const input = select.locator('input').first();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().waitFor();
  await input.press('Enter');
  await poll(async () => (await select.textContent()) ?? '').toContain(text);
}

async function casesOfKind(kind: string): Promise<string[]> {
  const rows = await stack!.database.db
    .selectFrom('cases')
    .select('case_id')
    .where('kind', '=', kind as never)
    .execute();
  return rows.map((r) => r.case_id);
}

describe('starting cases in the web UI', () => {
  it('county staff start a village branch’s election from the dashboard and see its page', async () => {
    await scenario('start-election', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('start-case').waitFor();
      await page.getByTestId('new-election').click();
      const form = page.getByTestId('election-form');
      await form.waitFor();
      await pick(page, form.getByTestId('election-township'), await nameOf(TOWNSHIP));
      await pick(page, form.getByTestId('election-unit'), await nameOf(VILLAGE));
      await form.getByTestId('election-seats').fill('3');

      // A term the start's parser refuses: its words in the page's language (zh-CN), and no case.
      await form.getByTestId('election-term').fill('26');
      await form.getByTestId('election-submit').click();
      await poll(() => form.getByTestId('decision-error').textContent()).toContain('届次（term）须为年份，如 2026，收到 "26"');
      expect(await casesOfKind('election')).toEqual([]);

      await form.getByTestId('election-term').fill(TERM);
      await form.getByTestId('election-submit').click();
      await page.getByTestId('case-page').waitFor();
      await poll(async () => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cases/${electionCase}`);
      expect(await casesOfKind('election')).toEqual([electionCase]);
      // The page shows the case's first step, the township's approval of the branch's request (请示), as open.
      await poll(async () => (await page.getByTestId('case-page').textContent()) ?? '').toContain('选举请示批复');
    });
  });

  it('county staff start a probation for a cadre picked by name and see its page', async () => {
    const caseId = probationWorkflowId(cadre.personId, APPOINTMENT);
    await scenario('start-probation', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('new-probation').click();
      const form = page.getByTestId('probation-form');
      await form.waitFor();
      await pick(page, form.getByTestId('probation-township'), await nameOf(TOWNSHIP));
      await pick(page, form.getByTestId('probation-person'), cadre.name);
      await form.getByTestId('probation-title').fill('副乡长');
      await form.getByTestId('probation-appointment-id').fill(APPOINTMENT);

      // An appointment day years back: the parser's words, and no case.
      await form.getByTestId('probation-appointed-on').fill('2019-03-01');
      await form.getByTestId('probation-submit').click();
      await poll(() => form.getByTestId('decision-error').textContent()).toContain('任职日期（appointedOn）2019-03-01 不在');
      expect(await casesOfKind('probation')).toEqual([]);

      await form.getByTestId('probation-appointed-on').fill(addMonths(today, -1));
      await form.getByTestId('probation-submit').click();
      await page.getByTestId('case-page').waitFor();
      await poll(async () => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cases/${caseId}`);
      expect(await casesOfKind('probation')).toEqual([caseId]);
    });
  });

  it('county staff upload the facts file, screen the branches and start a rectification from the list', async () => {
    const caseId = `rectification/${branch}/${today.slice(0, 4)}`;
    const facts = (position: number) => ({
      name: 'facts.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ [branch]: { annualRanking: { position, of: 184 } } })),
    });
    await scenario('start-rectification', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('new-rectification').click();
      const form = page.getByTestId('rectification-form');
      await form.waitFor();

      // A ranking place past the end: the parser's words, by branch and field, and nothing screened.
      await page.getByTestId('rectification-facts').setInputFiles(facts(185));
      await poll(() => page.getByTestId('decision-error').textContent()).toContain(
        `facts.json: ${branch}: annualRanking: place 185 of 184 is not a place in the ranking`,
      );
      await page.getByTestId('rectification-facts').setInputFiles(facts(184));
      await poll(() => page.getByTestId('rectification-facts-read').textContent()).toContain('1 个村党组织');
      await page.getByTestId('rectification-screen').click();
      const list = page.getByTestId('rectification-list');
      await list.waitFor();
      const row = list.locator(`tr[data-row-key="${branch}"]`);
      expect(await row.textContent()).toContain('年度排名末位：第 184 名');

      // Only this branch is ticked: the header box unticks the list, then its row's box.
      await list.locator('thead .ant-checkbox-input').click();
      await poll(() => list.locator('tbody .ant-checkbox-checked').count()).toBe(0);
      await row.locator('.ant-checkbox-input').click();
      await page.getByTestId('rectification-start').click();
      await page.getByTestId('case-page').waitFor();
      await poll(async () => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cases/${caseId}`);
      expect(await casesOfKind('rectification')).toEqual([caseId]);
      const row2 = await stack!.database.db
        .selectFrom('rectification_cases')
        .select('screening')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(row2.screening).toMatchObject({ reasons: [{ kind: 'bottom-of-ranking', position: 184 }] });
    });
  });

  it('county staff record a membership application for a cadre picked by name and see its page', async () => {
    const caseId = memberDevelopmentCaseId(applicant.personId);
    await scenario('start-member', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('new-member').click();
      const form = page.getByTestId('member-form');
      await form.waitFor();
      await pick(page, form.getByTestId('member-township'), await nameOf(TOWNSHIP));
      await pick(page, form.getByTestId('member-person'), applicant.personId);
      await form.getByTestId('member-applied-on').fill('2099-01-05');
      await form.getByTestId('member-submit').click();
      await poll(() => form.getByTestId('decision-error').textContent()).toContain('申请日期（appliedOn）2099-01-05 晚于今天');
      expect(await casesOfKind('member-development')).toEqual([]);

      await form.getByTestId('member-applied-on').fill(today);
      await form.getByTestId('member-submit').click();
      await page.getByTestId('case-page').waitFor();
      await poll(async () => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cases/${caseId}`);
      expect(await casesOfKind('member-development')).toEqual([caseId]);
    });
  });

  it('a township member sees no new-case entry', async () => {
    await scenario('start-township', async (page) => {
      await signIn(page, 'ts-06-committee');
      await page.goto(`${baseUrl}/#/dashboard`);
      // The dashboard has loaded its cases before the absence counts.
      await page
        .getByTestId('dashboard-page')
        .getByTestId('cases-by-kind')
        .or(page.getByTestId('dashboard-page').locator('.ant-empty'))
        .first()
        .waitFor();
      expect(await page.getByTestId('start-case').count()).toBe(0);
      expect(await page.getByTestId('new-election').count()).toBe(0);
    });
  });
});
