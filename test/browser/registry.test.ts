/**
 * The registry in the web UI, in Debian's Chromium (playwright-core) against the real API
 * on a free port, a real PostgreSQL database (the demo county) and the built web/dist:
 *
 *   - county staff register a person on the registry page: a 出生年月 the roster's check
 *     refuses is shown beside the field in its words and nothing is written; the corrected
 *     form registers them and opens their page; they transfer the person to another
 *     township and the page shows the new unit, the event written with them as its actor;
 *     they retire them, and a second retirement is refused in Chinese, then in English;
 *   - a township member opens a person of their township and sees no change buttons.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { UI_TIMEOUT } from '../support/browser';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-registry-${process.pid}`;
const PASSWORD = 'browser registry passphrase';

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
]);

/** Picks an option of a form's drop-down by typing part of it. */
async function pick(page: Page, inputId: string, typed: string, option: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.scrollIntoViewIfNeeded();
  await input.click();
  await input.fill(typed);
  // Enter takes the filtered list's first option: a click could land on a list closing under a busy machine.
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().waitFor();
  await input.press('Enter');
  // The value shows in the select: the pick took.
  await expect
    .poll(() => input.locator('xpath=ancestor::div[contains(@class,"ant-select ")][1]').textContent(), { timeout: UI_TIMEOUT })
    .toContain(option);
}

const unitName = async (id: string) =>
  (await stack!.database.db.selectFrom('org_units').select('name').where('org_unit_id', '=', id).executeTakeFirstOrThrow()).name;
const changeEvents = async () =>
  stack!.database.db
    .selectFrom('events')
    .select(['type', 'stream_id', 'metadata'])
    .where(sql<boolean>`metadata->>'causationId' like 'registry-%'`)
    .orderBy('position')
    .execute();

const ID_NUMBER = `41012219880315011${idNumberCheckChar('41012219880315011')}`;

describe('the registry in the web UI', () => {
  it('county staff register a person (a bad 出生年月 refused in the roster’s words) and transfer them', async () => {
    await scenario('registry-register', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('nav-registry').click();
      await page.getByTestId('registry-people').waitFor();
      await page.getByTestId('change-register').click();
      await page.locator('#register_name').fill('周明');
      await pick(page, 'register_gender', '男', '男');
      await page.locator('#register_birth').fill('1988.13');
      await pick(page, 'register_unit', 'ts-01', '（ts-01）');
      await pick(page, 'register_rank', '副科', '副科级');
      await page.getByTestId('submit-register').click();
      await expect.poll(() => page.locator('#register_birth_help').textContent(), { timeout: UI_TIMEOUT }).toMatch(/月份须在 1 至 12 之间/);
      await page.getByTestId('refusal').waitFor();
      expect(await changeEvents()).toEqual([]);

      await page.locator('#register_birth').fill('1988.03');
      await page.locator('#register_idNumber').fill(ID_NUMBER);
      await page.locator('#register_phone').fill('13912345678');
      await page.getByTestId('submit-register').click();
      await expect.poll(() => page.getByTestId('person-name').textContent(), { timeout: UI_TIMEOUT }).toBe('周明');
      // The numbers come back masked; county staff may ask for them whole, and that view is recorded.
      await expect
        .poll(() => page.getByTestId('person-details').textContent(), { timeout: UI_TIMEOUT })
        .toContain(`4101**********${ID_NUMBER.slice(-4)}`);
      expect(await page.getByTestId('person-details').textContent()).toContain('139****5678');
      expect(await page.getByTestId('person-details').textContent()).not.toContain(ID_NUMBER);
      await page.getByTestId('person-reveal').click();
      await expect.poll(() => page.getByTestId('person-details').textContent(), { timeout: UI_TIMEOUT }).toContain(ID_NUMBER);
      await page.getByTestId('person-revealed').waitFor();
      const views = await stack!.database.db
        .selectFrom('access_log')
        .select(['actor_id', 'detail'])
        .where('kind', '=', 'person.personal-data-viewed')
        .execute();
      expect(views).toEqual([{ actor_id: 'org-staff', detail: expect.objectContaining({ fields: ['idNumber', 'phone'] }) }]);
      await expect.poll(async () => page.getByTestId('person-unit').textContent(), { timeout: UI_TIMEOUT }).toBe(await unitName('ts-01'));

      const ts02 = await unitName('ts-02');
      await page.getByTestId('change-transfer').click();
      await pick(page, 'transfer_unit', ts02, `${ts02}（ts-02）`);
      await page.getByTestId('submit-transfer').click();
      await expect.poll(() => page.getByTestId('person-unit').textContent(), { timeout: UI_TIMEOUT }).toBe(ts02);
      const events = await changeEvents();
      expect(events.map((e) => [e.type, (e.metadata as { actor: { id: string } }).actor.id])).toEqual([
        ['PersonRegistered', 'org-staff'],
        ['PersonTransferred', 'org-staff'],
      ]);

      // A refusal reads in the UI's language: a second retirement, in Chinese and then in English.
      await page.getByTestId('change-retire').click();
      // The form opens in a dialog: the day is typed once it is there, and checked to have taken.
      await page.locator('#retire_on').waitFor();
      await page.locator('#retire_on').fill('2026-01-31');
      await expect.poll(() => page.locator('#retire_on').inputValue(), { timeout: UI_TIMEOUT }).toBe('2026-01-31');
      await page.getByTestId('submit-retire').click();
      await expect.poll(async () => (await changeEvents()).map((e) => e.type), { timeout: 2 * UI_TIMEOUT }).toContain('PersonRetired');
      // The recorded change closes its dialog; the second retirement is asked in a new one,
      // not sent from the first while it closes.
      await page.locator('#retire_on').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await page.getByTestId('change-retire').click();
      await page.locator('#retire_on').waitFor({ timeout: UI_TIMEOUT });
      await page.getByTestId('submit-retire').click();
      await expect.poll(() => page.getByTestId('refusal').textContent(), { timeout: UI_TIMEOUT }).toMatch(/周明已于 2026-01-31 退休/);
      await page.keyboard.press('Escape');
      await page.locator('#retire_on').waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('change-retire').click();
      await page.locator('#retire_on').waitFor({ timeout: UI_TIMEOUT });
      await page.getByTestId('submit-retire').click();
      await expect.poll(() => page.getByTestId('refusal').textContent(), { timeout: UI_TIMEOUT }).toMatch(/retired on 2026-01-31/);
      expect((await changeEvents()).length).toBe(3); // registered, transferred, retired (no post to end); the refusals wrote nothing
    });
  });

  it('a township member sees their township’s person without change buttons', async () => {
    const person = await stack!.database.db
      .selectFrom('people')
      .select(['person_id', 'name'])
      .where('township_id', '=', 'ts-01')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    await scenario('registry-township', async (page) => {
      await signIn(page, 'ts-01-committee');
      await page.getByTestId('nav-registry').click();
      await page.getByTestId('registry-people').waitFor();
      expect(await page.getByTestId('change-register').count()).toBe(0);
      await page.goto(`${baseUrl}/#/registry/${encodeURIComponent(person.person_id)}`);
      await expect.poll(() => page.getByTestId('person-name').textContent(), { timeout: UI_TIMEOUT }).toBe(person.name);
      expect(await page.getByTestId('person-actions').count()).toBe(0);
      expect(await page.locator('[data-testid^="change-"]').count()).toBe(0);
    });
  });
});
