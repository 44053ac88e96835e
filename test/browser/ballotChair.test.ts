/**
 * The chair's online ballot pages (docs/ballots.md, "The chair's page"), in Debian's
 * Chromium against the real API on a free port, a real PostgreSQL database and the run's
 * shared Temporal dev server: a probation case reaches its democratic rating (民主测评),
 * and its township committee
 *
 *   - opens a session from the case page's 发起线上投票 with two rater groups and a spare
 *     each: the session page draws one QR code per token and per spare (7), the spares
 *     marked 备用, and says the tokens are shown this once;
 *   - shows them one at a time on a screen;
 *   - watches the turnout rise on the page as three ballots are cast through the voter's
 *     cookie-less route with tokens read off the page, per rater group too;
 *   - voids a spare by its printed text (it can no longer vote);
 *   - back on the session page in a new page load, finds the tokens gone (they were in
 *     the old page's memory only), closes after confirming, and sees the count — again
 *     after a reload, from the published result.
 *
 * The committee of another township is offered no button (the case is not theirs) and
 * sees no session; county staff see the step but, as it is not escalated, no button.
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Actor } from '../../domain/actors';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { UI_TIMEOUT } from '../support/browser';
import { eventually } from '../support/cases';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-ballot-chair-${process.pid}`;
const PASSWORD = 'browser ballot chair passphrase';
const CHAIR: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
  { login: 'ts-02-committee', displayName: '02乡镇党委', role: 'township-committee', townshipId: 'ts-02' },
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
]);

let caseId = '';
let sessionId = '';
/** Read off the sheet by the first scenario: the spares' printed text and a token left unused. */
let spares: string[] = [];
let unused = '';

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: UI_TIMEOUT * 2, interval: 250 });

async function pendingTask(step: string): Promise<true | undefined> {
  const row = await stack!.database.db
    .selectFrom('tasks')
    .select('status')
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .executeTakeFirst();
  return row?.status === 'pending' ? true : undefined;
}

/** A voter's phone: no cookie, no sign-in, the token in the body. */
async function cast(token: string, grade: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/ballots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ballot: { kind: 'rating', grade } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const caseUrl = () => `${baseUrl}/#/cases/${encodeURIComponent(caseId)}`;

beforeAll(async () => {
  // A ts-01 科员 no other suite puts on probation, appointed 13 months ago: every check-in and the rating are due at once.
  const person = await stack!.database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id', 'desc')
    .offset(2)
    .limit(1)
    .executeTakeFirstOrThrow();
  caseId = (
    await stack!.backend.startProbation({
      personId: person.person_id,
      title: '副乡长',
      appointedOn: addMonths(shanghaiDate(Date.now()), -13),
      appointmentId: 'browser-ballot-chair',
    })
  ).caseId;
  for (const step of ['check-in-1', 'check-in-2', 'check-in-3']) {
    await eventually(() => pendingTask(step), `${step} of ${caseId}`);
    await stack!.backend.decide(caseId, step, CHAIR, { rating: 'good', comment: '' });
  }
  await eventually(() => pendingTask('democratic-rating'), `the democratic rating of ${caseId}`);
}, 180_000);

afterAll(async () => {
  if (caseId)
    await stack?.client.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
});

async function openSessionFromCasePage(page: Page): Promise<void> {
  await page.goto(caseUrl());
  await page.getByTestId('ballot-open').click();
  const form = page.getByTestId('ballot-open-form');
  await form.waitFor();
  await page.getByTestId('ballot-due').fill('5');
  // Two rater groups that add up to 4 of 5: the domain's parser refuses it in the page, nothing is sent.
  await page.getByTestId('ballot-group-add').click();
  await page.getByTestId('ballot-group-add').click();
  const labels = page.getByTestId('ballot-group-label');
  const keys = page.getByTestId('ballot-group-key');
  const dues = page.getByTestId('ballot-group-due');
  await labels.nth(0).fill('领导班子');
  await keys.nth(0).fill('leaders');
  await dues.nth(0).fill('2');
  await labels.nth(1).fill('干部职工');
  await keys.nth(1).fill('staff');
  await dues.nth(1).fill('2');
  await page.getByTestId('ballot-spares').fill('1');
  await page.getByTestId('ballot-open-submit').click();
  await expect.poll(async () => page.getByTestId('ballot-open-error').textContent(), { timeout: UI_TIMEOUT }).toContain('add up to 4');
  expect(await stack!.database.db.selectFrom('ballot_sessions').select('session_id').execute()).toHaveLength(0);

  await dues.nth(1).fill('3');
  await page.getByTestId('ballot-open-submit').click();
  await page.waitForURL(/#\/ballot-sessions\/bs-/);
  sessionId = decodeURIComponent(page.url().split('#/ballot-sessions/')[1]!);
}

describe('the chair’s online ballot pages', () => {
  it('the chair opens a rating from the case page, shows the sheet, watches the turnout rise and voids a spare', async () => {
    await scenario('ballot-chair', async (page) => {
      await signIn(page, 'ts-01-committee');
      await openSessionFromCasePage(page);

      // The sheet: 5 tokens and a spare per group, each drawn as a QR code with its text; spares marked 备用.
      expect(await page.getByTestId('sheet-once').textContent()).toContain('投票码只显示这一次，请立即打印');
      await poll(() => page.locator('[data-testid="ballot-qr"] svg').count()).toBe(7);
      expect(await page.getByTestId('ballot-card').count()).toBe(5);
      expect(await page.getByTestId('ballot-card-spare').count()).toBe(2);
      expect(await page.getByTestId('ballot-card-spare-mark').allTextContents()).toEqual(['备用', '备用']);
      expect(await page.getByTestId('ballot-card-group').allTextContents()).toEqual([
        '领导班子',
        '领导班子',
        '干部职工',
        '干部职工',
        '干部职工',
        '领导班子',
        '干部职工',
      ]);
      const cards = await page.getByTestId('ballot-card').evaluateAll((els) =>
        els.map((el) => ({
          group: el.getAttribute('data-group')!,
          token: el.querySelector('[data-testid="ballot-token"]')!.textContent!,
        })),
      );
      spares = await page
        .getByTestId('ballot-card-spare')
        .evaluateAll((els) => els.map((el) => el.querySelector('[data-testid="ballot-token"]')!.textContent!));
      expect(new Set(cards.map((c) => c.token)).size).toBe(5);
      // Each code leads to the voting page with its own token (printed in groups of five).
      expect(await page.locator('.ballot-url').first().textContent()).toBe(`${baseUrl}/#/vote/${cards[0]!.token.replaceAll('-', '')}`);

      // On paper only the sheet: no header, no turnout, no buttons; every code still there.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.ant-layout-header').isVisible()).toBe(false);
      expect(await page.getByTestId('ballot-turnout').isVisible()).toBe(false);
      expect(await page.getByTestId('sheet-print').isVisible()).toBe(false);
      expect(await page.getByTestId('sheet-once').isVisible()).toBe(false);
      expect(
        await page
          .locator('[data-testid="ballot-qr"] svg')
          .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().width > 0).length),
      ).toBe(7);
      await page.emulateMedia({ media: 'screen' });

      // One at a time on a screen: a big code and a next button.
      await page.getByTestId('sheet-one-by-one').click();
      expect(await page.getByTestId('sheet-position').textContent()).toBe('第 1 / 7 张');
      await page.getByTestId('sheet-next').click();
      await poll(() => page.getByTestId('sheet-position').textContent()).toBe('第 2 / 7 张');
      expect(await page.locator('[data-testid="sheet-single"] [data-testid="ballot-token"]').textContent()).toBe(cards[1]!.token);
      expect(await page.locator('[data-testid="sheet-single"] [data-testid="ballot-qr"] svg').count()).toBe(1);
      await page.getByTestId('sheet-whole').click();

      // Nobody has voted yet; a probation's rating sets no quorum, and the page says so.
      await poll(() => page.getByTestId('turnout-cast').textContent()).toBe('0');
      expect(await page.getByTestId('ballot-turnout').textContent()).toContain('本步骤不设到会人数要求');

      // Three phones vote with tokens as printed on the page; the page sees the count rise.
      const leaders = cards.filter((c) => c.group === 'leaders');
      const staff = cards.filter((c) => c.group === 'staff');
      unused = staff[2]!.token;
      expect((await cast(leaders[0]!.token, 'excellent')).status).toBe(201);
      await poll(() => page.getByTestId('turnout-cast').textContent()).toBe('1');
      expect((await cast(staff[0]!.token, 'competent')).status).toBe(201);
      expect((await cast(staff[1]!.token, 'competent')).status).toBe(201);
      await poll(() => page.getByTestId('turnout-cast').textContent()).toBe('3');
      expect(await page.getByTestId('turnout-used').textContent()).toBe('3');
      // Per rater group: the leaders 1 of 2, the staff 2 of 3.
      const groupRows = await page.locator('[data-testid="turnout-groups"] tbody tr').allTextContents();
      expect(groupRows).toHaveLength(2);
      expect(groupRows[0]).toContain('领导班子');
      expect(groupRows[0]).toContain('1 / 2');
      expect(groupRows[1]).toContain('2 / 3');
      // Never the running result.
      expect(await page.getByTestId('ballot-session-page').textContent()).not.toContain('优秀');

      // A misprinted spare is voided by its printed text; it can no longer vote.
      await page.getByTestId('void-token').fill(spares[0]!);
      await page.getByTestId('void-submit').click();
      await poll(() => page.getByTestId('void-outcome').textContent()).toContain('已作废');
      await poll(() => page.getByTestId('turnout-voided').textContent()).toBe('1');
      expect(await cast(spares[0]!, 'excellent')).toMatchObject({ status: 409, body: { reason: 'token-voided' } });
      // A used token is no spare: voiding it is refused in the page's language, and nothing changes.
      await page.getByTestId('void-token').fill(leaders[0]!.token);
      await page.getByTestId('void-submit').click();
      await poll(async () => (await page.getByTestId('void-outcome').textContent()) ?? '').toContain('409');
      expect(await page.getByTestId('turnout-voided').textContent()).toBe('1');
    });
  });

  it('another township’s committee is offered no button and sees no session; county staff see the step but no button', async () => {
    expect(sessionId).toMatch(/^bs-/);
    await scenario('ballot-chair-others', async (page) => {
      await signIn(page, 'ts-02-committee');
      await page.goto(caseUrl());
      await page.getByTestId('problem').waitFor();
      expect(await page.getByTestId('ballot-open').count()).toBe(0);
      // The session page asks for the turnout and is told there is no such session; no sheet is there to show.
      await page.goto(`${baseUrl}/#/ballot-sessions/${sessionId}`);
      await page.getByTestId('sheet-gone').waitFor();
      await poll(async () => (await page.getByTestId('ballot-session-page').textContent()) ?? '').toContain('404');
      expect(await page.locator('[data-testid="ballot-qr"]').count()).toBe(0);
    });
    await scenario('ballot-chair-county', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(caseUrl());
      // The rating is open and not escalated: the county sees it but may not chair it.
      await poll(async () => (await page.getByTestId('current-step').textContent()) ?? '').toContain('试用期满民主测评');
      expect(await page.getByTestId('decision-submit').count()).toBe(0);
      expect(await page.getByTestId('ballot-open').count()).toBe(0);
    });
  });

  it('the session page, opened again, no longer holds the tokens; the chair closes after confirming and sees the count', async () => {
    await scenario('ballot-chair-close', async (page) => {
      await signIn(page, 'ts-01-committee');
      await page.goto(`${baseUrl}/#/ballot-sessions/${sessionId}`);
      // A new page load: the sheet was in the old page's memory only.
      await page.getByTestId('sheet-gone').waitFor();
      expect(await page.locator('[data-testid="ballot-qr"]').count()).toBe(0);
      await poll(() => page.getByTestId('turnout-cast').textContent()).toBe('3');

      await page.getByTestId('ballot-close').click();
      await page.getByTestId('ballot-close-confirm').click();
      await page.getByTestId('ballot-result').waitFor();
      expect(await page.getByTestId('tally-total-turnout').textContent()).toBe('3');
      expect(await page.locator('[data-testid="tally-total"] tbody tr').allTextContents()).toEqual([
        '优秀1',
        '称职2',
        '基本称职0',
        '不称职0',
      ]);
      expect(await page.getByTestId('tally-group-leaders-turnout').textContent()).toBe('1');
      expect(await page.getByTestId('tally-group-staff-turnout').textContent()).toBe('2');
      expect(JSON.parse((await page.getByTestId('ballot-decision').textContent())!)).toEqual({
        votes: { excellent: 1, competent: 2, basicallyCompetent: 0, notCompetent: 0 },
      });
      await poll(() => page.getByTestId('ballot-status').textContent()).toBe('已结束');
      // Closed: a token left unused votes no more.
      expect(await cast(unused, 'excellent')).toMatchObject({ status: 409, body: { reason: 'session-closed' } });
      // Opened again once closed, the page shows the published result: the same count, nothing to close.
      await page.reload();
      await page.getByTestId('ballot-result').waitFor();
      expect(await page.getByTestId('tally-total-turnout').textContent()).toBe('3');
      expect(await page.getByTestId('ballot-close').count()).toBe(0);
    });
  });
});
