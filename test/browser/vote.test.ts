/**
 * The voting page on a phone (docs/ballots.md, web/src/vote/), in Debian's Chromium
 * (playwright-core) with a 390×844 touch viewport, against the real API on a free port, a
 * real PostgreSQL database and the run's shared Temporal dev server, serving the built
 * web/dist. The township's chair opens an online members' recommendation (2 seats) over
 * the API on an election at that step (and a rating on a probation); then, with no sign-in:
 *
 *   - a token's address shows the question, the names and the rule; the voter ticks a
 *     name, confirms ("投出后不能更改"), casts, and sees the receipt; one ballot is stored,
 *     and the page called no staff route; the published page says "not yet" while open;
 *   - the same token's address again shows the "already voted" page and writes nothing;
 *   - ticking three names is warned as 废票, cast only once the voter agrees;
 *   - on an election meeting's slate, 赞成 / 不赞成 / 弃权 per candidate (three 赞成 for two
 *     seats warned as 废票, an unmarked one cast as 弃权), and on a members' vote the same
 *     on the one person (these two sessions on task rows with no workflow behind them);
 *   - on a probation's democratic rating in two rater groups: the four grades and the
 *     token's group are shown, no grade is refused in the page before anything is sent,
 *     going back from the confirm step changes the choice, and the ballot is stored in
 *     the token's group;
 *   - the chair closes the session over the API: the published page finds each receipt
 *     in the tally (position, valid or 废票, what it says), an unknown receipt is not
 *     found, and a token left unused now meets "投票已经结束".
 *
 * Every page is checked for no horizontal scroll. A failing test leaves a screenshot in
 * test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import { electionWorkflowId } from '../../domain/election';
import { probationWorkflowId } from '../../workflows/probation';
import type { Actor } from '../../domain/actors';
import { DEFAULT_POLICY } from '../../domain/policy';
import { openSession } from '../../client/ballots/service';
import { loginCookie } from '../support/api';
import { UI_TIMEOUT } from '../support/browser';
import { baseUrl, browser, FAILURE_SHOTS, stack, useBrowserSuite } from '../support/browserSuite';
import { eventually } from '../support/cases';

const TASK_QUEUE = `browser-vote-${process.pid}`;
const PASSWORD = 'browser vote passphrase';
/** Workflow ids are server-wide on the run's shared Temporal server: a term no other suite elects. */
const TERM = '2087';
const UNIT = 'ts-01-v01';
const CASE = electionWorkflowId(UNIT, TERM);
const STEP = 'members-recommendation';
const NOMINEES = ['p-0462', 'p-0463', 'p-0464', 'p-0466'];
const SEATS = 2;
/** A probation at its democratic rating, rated in two rater groups. */
const APPOINTMENT = `browser-vote-${process.pid}`;
let probationCase = '';
let rating = { sessionId: '', leaderToken: '' };
/** A slate of the same four for 2 seats, and a members' vote on one person: sessions on open steps only this suite's database has. */
let slateToken = '';
let personToken = '';
const PERSON = NOMINEES[3]!;
/** The staff routes' prefixes: the voter's page must call none of them. */
const STAFF_ROUTES = /^\/(auth|cases|tasks|registry|audit|dashboard|evaluation|rectification|accounts)\b/;

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-01-chair', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
]);

let county = '';
let chair = '';
let sessionId = '';
let tokens: string[] = [];
const names: Record<string, string> = {};
const receipts: { valid?: string; invalid?: string } = {};

const poll = <T>(fn: () => Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });

async function ballotRows(session = sessionId): Promise<number> {
  const r = await stack!.database.db
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('session_id', '=', session)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function decideOver(step: string, decision: unknown, caseId = CASE): Promise<void> {
  await eventually(
    async () =>
      (
        await stack!.database.db
          .selectFrom('tasks')
          .select('status')
          .where('case_id', '=', caseId)
          .where('step', '=', step)
          .executeTakeFirst()
      )?.status === 'pending' || undefined,
    `${caseId} ${step}`,
  );
  if (decision === undefined) return;
  const res = await stack!.app.inject({
    method: 'POST',
    url: `/cases/${encodeURIComponent(caseId)}/decisions`,
    headers: { cookie: chair },
    payload: { step, decision },
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  const app = stack!.app;
  county = await loginCookie(app, 'org-staff', PASSWORD);
  chair = await loginCookie(app, 'ts-01-chair', PASSWORD);
  const started = await app.inject({
    method: 'POST',
    url: '/cases/election',
    headers: { cookie: county },
    payload: { orgUnitId: UNIT, seats: 3, term: TERM },
  });
  expect(started.statusCode, started.body).toBe(201);
  await decideOver('request-approval', { outcome: 'approve', reason: '同意按期换届' });
  await decideOver('election-notice', {
    date: addDays(shanghaiDate(Date.now()), -10),
    method: '差额选举、无记名投票',
    eligibleVoters: 5,
  });
  await decideOver(STEP, undefined);
  const opened = await app.inject({
    method: 'POST',
    url: `/cases/${encodeURIComponent(CASE)}/ballot-sessions`,
    headers: { cookie: chair },
    payload: { step: STEP, definition: { due: 5, candidates: NOMINEES, seats: SEATS } },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const sheet = JSON.parse(opened.body) as { sessionId: string; tokens: { token: string; url: string }[] };
  sessionId = sheet.sessionId;
  tokens = sheet.tokens.map((t) => t.token);
  // The sheet's addresses are the page's: `/#/vote/<token>`, the token never sent to a server.
  for (const t of sheet.tokens) expect(t.url).toMatch(new RegExp(`/#/vote/${t.token}$`));
  const people = await stack!.database.db.selectFrom('people').select(['person_id', 'name']).where('person_id', 'in', NOMINEES).execute();
  for (const p of people) names[p.person_id] = p.name;
  expect(Object.keys(names).sort()).toEqual(NOMINEES);

  // A cadre appointed thirteen months ago: the three check-ins and then the rating are due.
  const cadre = await stack!.database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  probationCase = probationWorkflowId(cadre.person_id, APPOINTMENT);
  await stack!.backend.startProbation({
    personId: cadre.person_id,
    title: '副乡长',
    appointedOn: addMonths(shanghaiDate(Date.now()), -13),
    appointmentId: APPOINTMENT,
  });
  for (const step of ['check-in-1', 'check-in-2', 'check-in-3']) await decideOver(step, { rating: 'good', comment: '' }, probationCase);
  await decideOver('democratic-rating', undefined, probationCase);
  const ratingOpened = await app.inject({
    method: 'POST',
    url: `/cases/${encodeURIComponent(probationCase)}/ballot-sessions`,
    headers: { cookie: chair },
    payload: {
      step: 'democratic-rating',
      definition: {
        due: 5,
        groups: [
          { key: 'leaders', label: '领导班子', due: 2 },
          { key: 'staff', label: '干部职工', due: 3 },
        ],
      },
    },
  });
  expect(ratingOpened.statusCode, ratingOpened.body).toBe(201);
  const ratingSheet = JSON.parse(ratingOpened.body) as { sessionId: string; tokens: { group: string; token: string }[] };
  rating = { sessionId: ratingSheet.sessionId, leaderToken: ratingSheet.tokens.find((t) => t.group === 'leaders')!.token };

  // An election meeting and a branch assembly's vote, open as the tasks read model has them
  // (no workflow behind them: the page needs only the session, as test/integration/ballots.test.ts).
  const chairActor: Actor = { id: 'ts-01-chair', role: 'township-committee', townshipId: 'ts-01' };
  const opts = { hashAlgorithm: 'sha256' as const, policy: DEFAULT_POLICY };
  const slateCase = electionWorkflowId('ts-01-v02', TERM);
  const personCase = `member-development/${PERSON}`;
  for (const [caseId, step, orgUnit] of [
    [slateCase, 'election-meeting', 'ts-01-v02'],
    [personCase, 'members-vote', 'ts-01'],
  ] as const) {
    const now = new Date();
    await stack!.database.db
      .insertInto('tasks')
      .values({
        task_id: `${caseId}#${step}`,
        case_id: caseId,
        step,
        title: step,
        role: 'township-committee',
        org_unit_id: orgUnit,
        township_id: 'ts-01',
        status: 'pending',
        opened_at: now,
        remind_at: now,
        due_at: now,
        due_working_days: 5,
      })
      .execute();
  }
  const slate = await openSession(
    stack!.database.db,
    chairActor,
    { caseId: slateCase, step: 'election-meeting', definition: { due: 3, candidates: NOMINEES, seats: SEATS } },
    opts,
  );
  slateToken = slate.tokens[0]!.token;
  const person = await openSession(
    stack!.database.db,
    chairActor,
    { caseId: personCase, step: 'members-vote', definition: { due: 3 } },
    opts,
  );
  personToken = person.tokens[0]!.token;
}, 240_000);

afterAll(async () => {
  for (const id of [CASE, probationCase])
    await stack?.client.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
});

/**
 * A phone: a fresh context 390×844 with touch, zh-CN, Shanghai time. `requests` collects
 * every path the page asked the server for.
 */
async function onPhone(name: string, fn: (page: Page, requests: string[]) => Promise<void>): Promise<void> {
  const context = await browser!.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  try {
    await fn(page, requests);
  } catch (err) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    await page.screenshot({ path: join(FAILURE_SHOTS, `${name}.png`), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
}

/** Nothing on the page is wider than the phone's screen. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // A string, evaluated in the page: the Node tsconfig has no DOM types.
  const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.scrollingElement.scrollWidth, clientWidth: document.scrollingElement.clientWidth })',
  );
  expect(scrollWidth, `scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`).toBeLessThanOrEqual(clientWidth);
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();

describe('the voting page on a phone, without a sign-in', () => {
  it('a token’s address shows the ballot; one name ticked, confirmed and cast gives a receipt; no staff route is called', async () => {
    await onPhone('vote-cast', async (page, requests) => {
      await page.goto(`${baseUrl}/#/vote/${tokens[0]}`);
      await page.getByTestId('vote-question').waitFor();
      expect(await text(page, 'vote-rule')).toContain(`最多推荐 ${SEATS} 人`);
      for (const id of NOMINEES) expect(await text(page, `vote-name-${id}`)).toContain(names[id]);
      await expectNoHorizontalScroll(page);

      await page.getByTestId(`vote-name-${NOMINEES[0]}`).tap();
      await poll(() => text(page, 'vote-counter')).toContain('已选 1 人');
      expect(await page.getByTestId(`vote-name-${NOMINEES[0]}`).getAttribute('aria-checked')).toBe('true');
      expect(await page.title()).toBe('无记名投票');
      await page.getByTestId('vote-submit').tap();
      await page.getByTestId('vote-confirm').waitFor();
      expect(await text(page, 'vote-confirm')).toContain('投出后不能更改');
      expect(await text(page, 'vote-summary')).toBe(names[NOMINEES[0]!]);
      expect(await page.getByTestId('vote-invalid-warning').count()).toBe(0);
      await expectNoHorizontalScroll(page);
      // Confirming is a step of its own: nothing is stored before it.
      expect(await ballotRows()).toBe(0);

      await page.getByTestId('vote-cast').tap();
      const receipt = page.getByTestId('vote-receipt');
      await receipt.waitFor();
      receipts.valid = (await text(page, 'vote-receipt')).toLowerCase();
      expect(receipts.valid).toMatch(/^[0-9a-f]{12}$/);
      expect(await ballotRows()).toBe(1);
      await expectNoHorizontalScroll(page);
      // The token is gone from the address once used; the history keeps the receipt's page.
      expect(await page.evaluate('location.hash')).toBe(`#/ballots/${sessionId}?receipt=${receipts.valid}`);

      // Before the close nothing is published, and the page says so.
      await page.getByTestId('vote-published-link').tap();
      await page.getByTestId('published-not-yet').waitFor();
      expect(await text(page, 'vote-receipt')).toBe(receipts.valid);
      await expectNoHorizontalScroll(page);

      const api = requests.filter((p) => p !== '/' && !p.startsWith('/assets/'));
      expect(api.filter((p) => STAFF_ROUTES.test(p))).toEqual([]);
      expect(api).toContain('/ballots/form');
      expect(api).toContain('/ballots');
    });
  });

  it('the same token’s address again shows the “already voted” page and writes nothing', async () => {
    const before = await ballotRows();
    await onPhone('vote-again', async (page) => {
      await page.goto(`${baseUrl}/#/vote/${tokens[0]}`);
      await page.getByTestId('vote-refusal-title').waitFor();
      expect(await text(page, 'vote-refusal-title')).toBe('这张票已经投过');
      expect(await text(page, 'vote-refusal-zh')).toBe('这张票已经投过，每张票只能投一次');
      expect(await text(page, 'vote-refusal-code')).toContain('token-used');
      expect(await page.getByTestId('vote-submit').count()).toBe(0);
      await expectNoHorizontalScroll(page);
    });
    expect(await ballotRows()).toBe(before);
  });

  it('a rating offers the four grades; none picked is refused in the page, one picked is cast in its rater group', async () => {
    await onPhone('vote-rating', async (page, requests) => {
      await page.goto(`${baseUrl}/#/vote/${rating.leaderToken}`);
      await page.getByTestId('vote-question').waitFor();
      expect(await text(page, 'vote-question')).toContain('试用期满民主测评');
      expect(await text(page, 'vote-group')).toBe('领导班子');
      for (const [grade, label] of [
        ['excellent', '优秀'],
        ['competent', '称职'],
        ['basicallyCompetent', '基本称职'],
        ['notCompetent', '不称职'],
      ])
        expect(await text(page, `vote-grade-${grade}`)).toBe(label);
      await expectNoHorizontalScroll(page);

      // No grade: refused here, as the server would, and nothing is sent.
      await page.getByTestId('vote-submit').tap();
      expect(await text(page, 'vote-problem')).toContain('请先选一个等次');
      expect(await page.getByTestId('vote-confirm').count()).toBe(0);

      await page.getByTestId('vote-grade-competent').tap();
      await poll(() => page.getByTestId('vote-problem').count()).toBe(0);
      await page.getByTestId('vote-submit').tap();
      expect(await text(page, 'vote-summary')).toBe('称职');
      // Back to change it: the confirm step casts nothing.
      await page.getByTestId('vote-back').tap();
      await page.getByTestId('vote-grade-excellent').tap();
      await page.getByTestId('vote-submit').tap();
      expect(await text(page, 'vote-summary')).toBe('优秀');
      expect(requests).not.toContain('/ballots');
      await page.getByTestId('vote-cast').tap();
      await page.getByTestId('vote-receipt').waitFor();
    });
    const stored = await stack!.database.db
      .selectFrom('ballots')
      .select(['group_key', 'content'])
      .where('session_id', '=', rating.sessionId)
      .execute();
    expect(stored).toEqual([{ group_key: 'leaders', content: JSON.stringify({ kind: 'rating', grade: 'excellent' }) }]);
  });

  it('a slate offers 赞成 / 不赞成 / 弃权 per candidate; three 赞成 for two seats is warned as 废票; unmarked is 弃权', async () => {
    await onPhone('vote-slate', async (page) => {
      await page.goto(`${baseUrl}/#/vote/${slateToken}`);
      await page.getByTestId('vote-question').waitFor();
      expect(await text(page, 'vote-rule')).toContain(`赞成的人数不能多于应选 ${SEATS} 人`);
      for (const id of NOMINEES) expect(await text(page, `vote-candidate-${id}`)).toContain(names[id]);
      await expectNoHorizontalScroll(page);
      for (const id of NOMINEES.slice(0, 3)) await page.getByTestId(`vote-mark-${id}-yes`).tap();
      await poll(() => text(page, 'vote-counter')).toContain('已赞成 3 人');
      await page.getByTestId('vote-submit').tap();
      expect(await page.getByTestId('vote-invalid-warning').textContent()).toContain(`您赞成了 3 人，多于应选的 ${SEATS} 人`);
      // Back: one 赞成 becomes 不赞成, and the ballot is valid again.
      await page.getByTestId('vote-back').tap();
      await page.getByTestId(`vote-mark-${NOMINEES[2]}-no`).tap();
      await poll(() => text(page, 'vote-counter')).toContain('已赞成 2 人');
      await page.getByTestId('vote-submit').tap();
      await page.getByTestId('vote-confirm').waitFor();
      expect(await page.getByTestId('vote-invalid-warning').count()).toBe(0);
      const summary = await text(page, 'vote-summary');
      expect(summary).toContain(`${names[NOMINEES[3]!]}未表态（视为弃权）`);
      await expectNoHorizontalScroll(page);
      await page.getByTestId('vote-cast').tap();
      await page.getByTestId('vote-receipt').waitFor();
    });
    const stored = await stack!.database.db
      .selectFrom('ballots')
      .innerJoin('ballot_sessions', 'ballot_sessions.session_id', 'ballots.session_id')
      .select('content')
      .where('ballot_sessions.step', '=', 'election-meeting')
      .execute();
    const [a, b, c, d] = NOMINEES;
    expect(stored.map((r) => JSON.parse(r.content) as unknown)).toEqual([
      { kind: 'approve', votes: { [a!]: 'yes', [b!]: 'yes', [c!]: 'no', [d!]: 'abstain' } },
    ]);
  });

  it('a members’ vote asks 赞成 / 不赞成 / 弃权 on the one person', async () => {
    await onPhone('vote-person', async (page) => {
      await page.goto(`${baseUrl}/#/vote/${personToken}`);
      await page.getByTestId('vote-question').waitFor();
      expect(await text(page, 'vote-question')).toContain('支部大会表决');
      expect(await text(page, 'vote-rule')).toContain('在“赞成”“不赞成”“弃权”中选一个');
      expect(await text(page, `vote-candidate-${PERSON}`)).toContain(names[PERSON]);
      expect(await page.getByTestId('vote-counter').count()).toBe(0);
      await page.getByTestId(`vote-mark-${PERSON}-yes`).tap();
      await page.getByTestId('vote-submit').tap();
      expect(await text(page, 'vote-summary')).toContain(`${names[PERSON]}赞成`);
      await expectNoHorizontalScroll(page);
      await page.getByTestId('vote-cast').tap();
      await page.getByTestId('vote-receipt').waitFor();
    });
  });

  it('a token that is none shows the “invalid token” page', async () => {
    await onPhone('vote-bad-token', async (page) => {
      await page.goto(`${baseUrl}/#/vote/not-a-token`);
      await page.getByTestId('vote-refusal-title').waitFor();
      expect(await text(page, 'vote-refusal-title')).toBe('投票码无效');
      expect(await text(page, 'vote-refusal-code')).toContain('bad-token');
    });
  });

  it('three names for two seats are warned as 废票 and cast only once the voter agrees', async () => {
    await onPhone('vote-over', async (page) => {
      await page.goto(`${baseUrl}/#/vote/${tokens[1]}`);
      await page.getByTestId('vote-question').waitFor();
      for (const id of NOMINEES.slice(0, 3)) await page.getByTestId(`vote-name-${id}`).tap();
      await poll(() => text(page, 'vote-counter')).toContain('已选 3 人');
      expect(await text(page, 'vote-over-hint')).toContain('废票');
      await page.getByTestId('vote-submit').tap();
      const warning = page.getByTestId('vote-invalid-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain(`您选了 3 人，多于最多可选的 ${SEATS} 人`);
      expect(await page.getByTestId('vote-cast').isDisabled()).toBe(true);
      await expectNoHorizontalScroll(page);

      await page.getByTestId('vote-invalid-agree').tap();
      await poll(() => page.getByTestId('vote-cast').isEnabled()).toBe(true);
      await page.getByTestId('vote-cast').tap();
      await page.getByTestId('vote-receipt').waitFor();
      receipts.invalid = (await text(page, 'vote-receipt')).toLowerCase();
      expect(receipts.invalid).toMatch(/^[0-9a-f]{12}$/);
    });
    expect(await ballotRows()).toBe(2);
  });

  it('once the chair closes the session, the published page finds each receipt in the tally', async () => {
    const closed = await stack!.app.inject({ method: 'POST', url: `/ballot-sessions/${sessionId}/close`, headers: { cookie: chair } });
    expect(closed.statusCode, closed.body).toBe(200);

    await onPhone('vote-published', async (page, requests) => {
      await page.goto(`${baseUrl}/#/ballots/${sessionId}?receipt=${receipts.valid}`);
      const found = page.getByTestId('published-receipt-found');
      await found.waitFor();
      expect(await found.textContent()).toContain('第 1 张');
      expect(await found.textContent()).toContain('有效票');
      expect(await text(page, 'published-receipt-content')).toBe(names[NOMINEES[0]!]);
      expect(await text(page, 'published-turnout')).toBe('应到 5 人，收回选票 2 张');
      expect(await text(page, 'published-valid')).toBe('有效票 1 张，废票 1 张');
      const row = page.getByTestId('published-count').locator('tr', { hasText: names[NOMINEES[0]!]! });
      expect(((await row.textContent()) ?? '').replace(names[NOMINEES[0]!]!, '')).toBe('1');
      await expectNoHorizontalScroll(page);

      await page.goto(`${baseUrl}/#/ballots/${sessionId}?receipt=${receipts.invalid}`);
      const invalid = page.getByTestId('published-receipt-found');
      await poll(async () => (await invalid.count()) > 0 && ((await invalid.textContent()) ?? '')).toContain('第 2 张');
      expect(await invalid.textContent()).toContain('废票');

      await page.goto(`${baseUrl}/#/ballots/${sessionId}?receipt=000000000000`);
      await page.getByTestId('published-receipt-missing').waitFor();
      expect(requests.filter((p) => STAFF_ROUTES.test(p))).toEqual([]);
    });

    await onPhone('vote-after-close', async (page) => {
      await page.goto(`${baseUrl}/#/vote/${tokens[2]}`);
      await page.getByTestId('vote-refusal-title').waitFor();
      expect(await text(page, 'vote-refusal-title')).toBe('投票已经结束');
      expect(await text(page, 'vote-refusal-code')).toContain('session-closed');
    });
    expect(await ballotRows()).toBe(2);
  });
});
