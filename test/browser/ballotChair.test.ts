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
 *   - comes back in a new page load through the case page, which shows 查看线上投票 in
 *     place of 发起线上投票 and lists the open session, finds the tokens gone (they were
 *     in the old page's memory only), closes after confirming, and sees the count and
 *     已按投票结果作出决定 with the case's receipt — the close decided the step, its
 *     TaskDecided citing the session; again after a reload, from the published result;
 *   - back on the case page, the rating is decided, the township's recommendation open,
 *     and the closed session listed with a link to its result.
 *
 * A members' vote (支部大会表决), reached by deciding a member development case's earlier
 * steps as typed in, closes without its assembly's day: the page shows the step's refusal
 * and asks for the day, refuses in the page to send without it (nothing written), and
 * decides with it, the TaskDecided citing the session.
 *
 * The committee of another township is offered no button (the case is not theirs) and
 * sees no session; county staff see the step but, as it is not escalated, no button and
 * no open session — once closed, the session is listed to them too.
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { memberStepsToAssembly } from '../support/memberStepsToAssembly';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Actor } from '../../domain/actors';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import { openSession } from '../../client/ballots/service';
import { seedMembership } from '../../client/memberCases';
import { loginCookie } from '../support/api';
import { UI_TIMEOUT } from '../support/browser';
import { eventually } from '../support/cases';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-ballot-chair-${process.pid}`;
const PASSWORD = 'browser ballot chair passphrase';
const CHAIR: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
/** A members' vote's chair, in a township whose member development no other suite on the shared server runs. */
const MEMBER_CHAIR: Actor = { id: 'ts-05-committee', role: 'township-committee', townshipId: 'ts-05' };

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
  { login: 'ts-02-committee', displayName: '02乡镇党委', role: 'township-committee', townshipId: 'ts-02' },
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-05-committee', displayName: '05乡镇党委', role: 'township-committee', townshipId: 'ts-05' },
]);

let caseId = '';
let sessionId = '';
/** Read off the sheet by the first scenario: the spares' printed text and a token left unused. */
let spares: string[] = [];
let unused = '';

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: UI_TIMEOUT * 2, interval: 250 });

let memberCase = '';

async function pendingTask(step: string, of = caseId): Promise<true | undefined> {
  const row = await stack!.database.db
    .selectFrom('tasks')
    .select('status')
    .where('case_id', '=', of)
    .where('step', '=', step)
    .executeTakeFirst();
  return row?.status === 'pending' ? true : undefined;
}

/** A voter's phone: no cookie, no sign-in, the token in the body. */
async function cast(token: string, grade: string | Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/ballots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ballot: typeof grade === 'string' ? { kind: 'rating', grade } : grade }),
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
  for (const id of [caseId, memberCase].filter(Boolean))
    await stack?.client.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
});

async function taskDecided(of: string, step: string): Promise<Record<string, unknown> | undefined> {
  const rows = await stack!.database.db
    .selectFrom('events')
    .select('data')
    .where('stream_id', '=', of)
    .where('type', '=', 'TaskDecided')
    .execute();
  return rows.map((r) => r.data as Record<string, unknown>).find((d) => d.step === step);
}

/** A member development case from its application (27 months ago) to the branch assembly's vote, decided as typed in. */
async function memberToAssembly(): Promise<string> {
  const db = stack!.database.db;
  await seedMembership(db);
  // A ts-05 village cadre the register does not hold, the last by id: no other suite opens their case.
  const person = await db
    .selectFrom('people')
    .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
    .leftJoin('party_members', 'party_members.person_id', 'people.person_id')
    .select('people.person_id')
    .where('people.township_id', '=', 'ts-05')
    .where('org_units.kind', '=', 'village')
    .where('party_members.person_id', 'is', null)
    .orderBy('people.person_id', 'desc')
    .executeTakeFirstOrThrow();
  const applied = addMonths(shanghaiDate(Date.now()), -27);
  const started = await stack!.app.inject({
    method: 'POST',
    url: '/cases/member-development',
    headers: { cookie: await loginCookie(stack!.app, 'org-staff', PASSWORD) },
    payload: { personId: person.person_id, appliedOn: applied },
  });
  expect(started.statusCode, started.body).toBe(201);
  const id = (JSON.parse(started.body) as { caseId: string }).caseId;
  const { steps } = memberStepsToAssembly(applied);
  for (const [step, decision] of steps) {
    await eventually(() => pendingTask(step, id), `${step} of ${id}`);
    await stack!.backend.decide(id, step, MEMBER_CHAIR, decision);
  }
  await eventually(() => pendingTask('members-vote', id), `the members' vote of ${id}`);
  return id;
}

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
      // The open session is its chair's: the county's list of the case's sessions is empty, and the page links none.
      const listed = await page.evaluate(
        async (url) => ((await (await fetch(url)).json()) as { sessions: unknown[] }).sessions,
        `${baseUrl}/cases/${encodeURIComponent(caseId)}/ballot-sessions`,
      );
      expect(listed).toEqual([]);
      expect(await page.getByTestId('ballot-session-link').count()).toBe(0);
      expect(await page.getByTestId('case-ballot-sessions').count()).toBe(0);
    });
  });

  it('the session page, opened again, no longer holds the tokens; the chair closes after confirming and sees the count', async () => {
    await scenario('ballot-chair-close', async (page) => {
      await signIn(page, 'ts-01-committee');
      // Left and come back: the case page links the step's open session where 发起线上投票 was.
      await page.goto(caseUrl());
      await page.getByTestId('ballot-session-link').waitFor();
      expect(await page.getByTestId('ballot-session-link').textContent()).toBe('查看线上投票');
      expect(await page.getByTestId('ballot-open-session').textContent()).toContain('3 / 应到 5');
      expect(await page.getByTestId('ballot-open').count()).toBe(0);
      const listedOpen = page.getByTestId('case-ballot-session');
      expect(await listedOpen.count()).toBe(1);
      expect(await listedOpen.getAttribute('data-status')).toBe('open');
      expect(await listedOpen.textContent()).toContain('试用期满民主测评');
      await page.getByTestId('ballot-session-link').click();
      await page.waitForURL(`${baseUrl}/#/ballot-sessions/${sessionId}`);
      // A new page load: the sheet was in the old page's memory only.
      await page.getByTestId('sheet-gone').waitFor();
      expect(await page.locator('[data-testid="ballot-qr"]').count()).toBe(0);
      await poll(() => page.getByTestId('turnout-cast').textContent()).toBe('3');

      // The browser asks for reduced motion, and the UI honours it: nothing animates (antd's motion off).
      expect(await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="ballot-close"]')).transitionDuration`)).toBe('0s');
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
      // The close decided the step: the case's receipt, and the TaskDecided citing this session.
      const decidedText = (await page.getByTestId('ballot-decided').textContent()) ?? '';
      expect(decidedText).toContain('已按投票结果作出决定');
      const receiptPosition = Number(/案件记录第 (\d+) 号事件/.exec(decidedText)?.[1]);
      const decided = await stack!.database.db
        .selectFrom('events')
        .select(['position', 'data'])
        .where('stream_id', '=', caseId)
        .where('type', '=', 'TaskDecided')
        .execute();
      const rating = decided.find((e) => (e.data as { step?: string }).step === 'democratic-rating');
      expect(rating?.data).toMatchObject({ ballot: { sessionId, cast: 3 } });
      // The receipt names the last event the decision appended: the TaskDecided or one after it, in this case's stream.
      expect(receiptPosition).toBeGreaterThanOrEqual(Number(rating!.position));
      expect(
        await stack!.database.db
          .selectFrom('events')
          .select('stream_id')
          .where('position', '=', BigInt(receiptPosition))
          .executeTakeFirst(),
      ).toEqual({ stream_id: caseId });
      expect(await page.getByTestId('ballot-decide-form').count()).toBe(0);
      await poll(() => page.getByTestId('ballot-status').textContent()).toBe('已结束');
      // Closed: a token left unused votes no more.
      expect(await cast(unused, 'excellent')).toMatchObject({ status: 409, body: { reason: 'session-closed' } });
      // Opened again once closed, the page shows the published result: the same count, nothing to close.
      await page.reload();
      await page.getByTestId('ballot-result').waitFor();
      expect(await page.getByTestId('tally-total-turnout').textContent()).toBe('3');
      expect(await page.getByTestId('ballot-close').count()).toBe(0);

      // Back on the case page: the rating is decided and the township's recommendation is the step now;
      // the closed session is listed, and its link leads to its result.
      await page.getByText('返回案件').click();
      await page.waitForURL(/#\/cases\//);
      await poll(async () => (await page.getByTestId('current-step').textContent()) ?? '').toContain('乡镇党委意见');
      expect(await page.getByTestId('current-step').textContent()).not.toContain('试用期满民主测评');
      expect(await pendingTask('democratic-rating')).toBeUndefined();
      expect(await pendingTask('township-recommendation')).toBe(true);
      expect(await page.getByTestId('ballot-session-link').count()).toBe(0);
      const listedClosed = page.getByTestId('case-ballot-session');
      await poll(() => listedClosed.getAttribute('data-status')).toBe('closed');
      expect(await listedClosed.textContent()).toContain('已投 3 / 应到 5');
      await page.getByTestId('case-ballot-session-link').click();
      await page.waitForURL(`${baseUrl}/#/ballot-sessions/${sessionId}`);
      await page.getByTestId('ballot-result').waitFor();
      expect(await page.getByTestId('tally-total-turnout').textContent()).toBe('3');
    });
    // Closed, its ballots published: county staff, who could not see it open, find it listed on the case page.
    await scenario('ballot-chair-county-closed', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(caseUrl());
      await poll(() => page.getByTestId('case-ballot-session').getAttribute('data-status')).toBe('closed');
      expect(await page.getByTestId('case-ballot-session-link').getAttribute('href')).toBe(`#/ballot-sessions/${sessionId}`);
    });
  });

  it('a members’ vote closed online asks for the assembly’s day: refused in the page without it, decided with it', async () => {
    memberCase = await memberToAssembly();
    const personId = memberCase.split('/')[1]!;
    const assemblyOn = addDays(shanghaiDate(Date.now()), -1);
    const opened = await openSession(
      stack!.database.db,
      MEMBER_CHAIR,
      { caseId: memberCase, step: 'members-vote', definition: { due: 5 } },
      { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY },
    );
    // 4 of 5 vote: 3 yes, 1 no.
    for (const [i, t] of opened.tokens.slice(0, 4).entries()) {
      expect((await cast(t.token, { kind: 'approve', votes: { [personId]: i < 3 ? 'yes' : 'no' } })).status).toBe(201);
    }
    const events = async () =>
      Number(
        (
          await stack!.database.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('stream_id', '=', memberCase)
            .executeTakeFirstOrThrow()
        ).n,
      );

    await scenario('ballot-chair-members-vote', async (page) => {
      await signIn(page, 'ts-05-committee');
      await page.goto(`${baseUrl}/#/ballot-sessions/${opened.sessionId}`);
      await poll(() => page.getByTestId('turnout-cast').textContent()).toBe('4');
      await page.getByTestId('ballot-close').click();
      await page.getByTestId('ballot-close-confirm').click();
      await page.getByTestId('ballot-result').waitFor();
      // The close could not decide: the step's refusal names the missing day, and the form asks for it.
      expect(await page.getByTestId('ballot-decision-refusal').textContent()).toContain('支部大会召开日期');
      expect(await page.getByTestId('ballot-decided').count()).toBe(0);
      const form = page.getByTestId('ballot-decide-form');
      const day = form.locator('input[type="date"]');
      expect(await day.count()).toBe(1);
      const before = await events();

      // Sent without the day: refused in the page, nothing sent, the step still open.
      await page.getByTestId('ballot-decide').click();
      await poll(async () => (await form.locator('.ant-form-item-explain-error').allTextContents()).join(' ')).toContain('✱');
      expect(await page.getByTestId('ballot-decided').count()).toBe(0);
      expect(await events()).toBe(before);
      expect(await pendingTask('members-vote', memberCase)).toBe(true);

      // With the day: decided from the session, the TaskDecided citing it.
      await day.fill(assemblyOn);
      await page.getByTestId('ballot-decide').click();
      await poll(async () => (await page.getByTestId('ballot-decided').textContent()) ?? '').toContain('已按投票结果作出决定');
      const recorded = await eventually(() => taskDecided(memberCase, 'members-vote'), 'the members’ vote’s TaskDecided');
      expect(recorded).toMatchObject({
        decision: { on: assemblyOn, eligible: 5, present: 4, yes: 3, writtenYes: 0 },
        ballot: { sessionId: opened.sessionId, cast: 4 },
      });
      expect(await pendingTask('members-vote', memberCase)).toBeUndefined();
    });
  }, 180_000);
});
