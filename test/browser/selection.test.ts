/**
 * A selection (选拔任用) in the web UI, in Debian's Chromium (playwright-core) against the
 * real API on a free port, a real PostgreSQL database and the run's shared Temporal dev
 * server with an in-process worker, serving the built web/dist:
 *
 *   - county staff open a selection from the dashboard: an opening the parser refuses is
 *     answered in its words, in Chinese on the zh-CN page, and starts nothing; the accepted one opens the case's page at
 *     its work plan, which is approved on its form; the meeting recommendation is entered
 *     with nominees picked by name, and the targets under the rule the form states (a
 *     target without a reason is refused in the parser's words before anything is sent);
 *   - with the other steps up to the committee decided through the API's backend (to keep
 *     the test short), staff record the committee's vote in its table: the quorum and each
 *     candidate's approval follow the numbers as they are typed, a row with more votes
 *     than members voting is flagged before anything is sent, and the recorded vote moves
 *     the case on to the notice, shown in the full-process record (全程纪实) and the
 *     event timeline; the record's .docx downloads under its Chinese name;
 *   - a township member sees no button that opens a selection.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, requireChromium, UI_TIMEOUT } from '../support/browser';
import { shanghaiDate } from '../../domain/calendar';
import { selectionCaseId } from '../../domain/selection';
import { createUser } from '../../client/api/accounts';
import { startApiStack, type ApiStack } from '../support/api';
import { eventually } from '../support/cases';

const ROOT = resolve(__dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'web', 'dist');
const FAILURE_SHOTS = join(ROOT, 'test-results', 'screenshots');
/** Pages the test passes through, for a reader of the run (not committed). */
const PAGE_SHOTS = join(FAILURE_SHOTS, 'pages');
const TASK_QUEUE = `browser-selection-${process.pid}`;
const PASSWORD = 'browser selection passphrase';
/** Workflow ids are server-wide on the run's shared Temporal server: a post id of this run's own. */
const POST_ID = `browser-sel-${process.pid}`;
const UNIT = 'ts-05';
const COUNTY = { id: 'org-staff', role: 'county-org-dept' as const };

let stack: ApiStack | undefined;
let browser: Browser | undefined;
let baseUrl: string;
const today = shanghaiDate(Date.now());
const caseId = selectionCaseId(UNIT, POST_ID, today);
type Person = { personId: string; name: string };
/** Two people of the unit's township: both become targets and candidates; the first is approved. */
let people: Person[] = [];

async function pendingTask(step: string): Promise<string | undefined> {
  const row = await stack!.database.db
    .selectFrom('tasks')
    .select('task_id')
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.task_id;
}

/** Decides a step once it is open, as county staff, through the same backend the API uses. */
async function decide(step: string, decision: unknown): Promise<void> {
  await eventually(() => pendingTask(step), `step ${step} of ${caseId}`);
  await stack!.backend.decide(caseId, step, COUNTY, decision);
}

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error(`no web UI build in ${WEB_ROOT}: run \`npm run build:web\` (npm test does it when web/src changed)`);
  }
  requireChromium();
  stack = await startApiStack(TASK_QUEUE, {
    webRoot: WEB_ROOT,
    logger: pino({ name: 'cadreflow-api', level: 'warn' }, pino.destination(2)),
  });
  await stack.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
  await createUser(stack.database.db, { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept', password: PASSWORD });
  await createUser(stack.database.db, {
    login: 'ts-05-committee',
    displayName: '05乡镇党委',
    role: 'township-committee',
    townshipId: UNIT,
    password: PASSWORD,
  });
  people = await stack.database.db
    .selectFrom('people')
    .select(['person_id as personId', 'name'])
    .where('township_id', '=', UNIT)
    .orderBy('person_id')
    .limit(2)
    .execute();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.app.close();
  await stack?.client.workflow
    .getHandle(caseId)
    .terminate('test finished')
    .catch(() => undefined);
  await stack?.shared.stop();
  await stack?.database.drop();
});

async function scenario(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser!.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
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

async function shot(part: Locator, name: string): Promise<void> {
  mkdirSync(PAGE_SHOTS, { recursive: true });
  await part.screenshot({ path: join(PAGE_SHOTS, `${name}.png`) });
}

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('whoami').waitFor();
}

const poll = <T>(fn: () => Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });
/** A decision goes through the case's workflow and the log before its receipt shows: more than one UI step on a busy machine. */
const DECIDED = 4 * UI_TIMEOUT;

/**
 * Picks an option by its text in an antd select: typed into the select's own search box,
 * taken with Enter once the option is listed (a click could land on a list still opening or
 * closing on a busy machine), and checked to be what the select shows.
 */
async function pick(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  const input = select.locator('input').first();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().waitFor();
  await input.press('Enter');
  await poll(async () => (await select.textContent()) ?? '').toContain(text);
}

/** Picks a person by name in a row's person picker. */
async function pickPerson(page: Page, row: Locator, name: string): Promise<void> {
  await pick(page, row.locator('.ant-select').first(), name);
}

/** A part of the case page after its refresh button read the case again; empty while the part is not there. */
async function refreshed(page: Page, testId: string): Promise<string> {
  await page.getByTestId('case-refresh').click();
  await page.getByTestId('case-facts').waitFor();
  const part = page.getByTestId(testId);
  return (await part.count()) > 0 ? ((await part.first().textContent()) ?? '') : '';
}

async function unitName(): Promise<string> {
  return (await stack!.database.db.selectFrom('org_units').select('name').where('org_unit_id', '=', UNIT).executeTakeFirstOrThrow()).name;
}

describe('a selection in the web UI', () => {
  it('county staff open a selection from the dashboard, record the committee’s vote in its table and download the record', async () => {
    await scenario('selection', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('dashboard-page').waitFor();
      await page.getByTestId('open-selection').click();
      const form = page.getByTestId('selection-form');
      await form.waitFor();
      await pick(page, form.getByTestId('selection-unit'), await unitName());
      await form.getByTestId('selection-title').fill('副乡长');
      await form.getByTestId('selection-rank').fill('副科级');
      await form.getByTestId('selection-qualifications').fill('大学本科以上学历，两年以上乡镇工作经历');
      await form.getByTestId('selection-scope').fill('全县乡镇在职干部');
      expect(await form.getByTestId('selection-opened-on').inputValue()).toBe(today);

      // A post id the opening's parser refuses: its words in the page's language (zh-CN), and no case.
      await form.getByTestId('selection-post-id').fill('Deputy Head');
      await form.getByTestId('selection-submit').click();
      await poll(() => form.getByTestId('decision-error').textContent(), DECIDED).toContain(
        '职位编号（post.postId）只能由小写字母、数字和连字符组成',
      );
      expect(await form.getByTestId('decision-error').textContent()).not.toContain('must be lower-case letters');
      expect(await stack!.database.db.selectFrom('cases').select('case_id').where('kind', '=', 'selection').execute()).toEqual([]);

      await form.getByTestId('selection-post-id').fill(POST_ID);
      await form.getByTestId('selection-submit').click();
      await page.getByTestId('case-page').waitFor();
      await poll(async () => decodeURIComponent(new URL(page.url()).hash)).toBe(`#/cases/${caseId}`);

      // The first step, on its form.
      const plan = page.getByTestId('decision-form-selection-work-plan');
      await plan.waitFor();
      await plan.locator('input').first().fill('县委书记专题会');
      await plan.locator('input[type="date"]').fill(today);
      await plan.getByTestId('decision-submit').click();
      await poll(() => page.getByTestId('decision-result').textContent(), DECIDED).toContain('工作方案审批');

      const [a, b] = people as [Person, Person];

      // The meeting recommendation on its form: nominees picked by name from the township.
      const meeting = page.getByTestId('decision-form-selection-meeting-recommendation');
      await poll(() => refreshed(page, 'decision-form-selection-meeting-recommendation')).not.toBe('');
      await meeting.getByLabel('应到人数').fill('40');
      await meeting.getByLabel('实到人数').fill('38');
      await meeting.getByLabel('收回选票').fill('38');
      await meeting.getByLabel('无效票').fill('1');
      const votes = meeting.getByTestId('field-votes');
      await pickPerson(page, votes.getByTestId('list-row').nth(0), a.name);
      await votes.getByTestId('list-row').nth(0).locator('input.ant-input-number-input').fill('30');
      await votes.getByTestId('add-row').click();
      await pickPerson(page, votes.getByTestId('list-row').nth(1), b.name);
      await votes.getByTestId('list-row').nth(1).locator('input.ant-input-number-input').fill('20');
      await meeting.getByTestId('decision-submit').click();
      await poll(() => page.getByTestId('decision-result').textContent(), DECIDED).toContain('会议推荐');

      // The talks through the backend; then the targets on their form, under the rule for an ordinary selection.
      await decide('talk-recommendation', { talkedTo: 25, named: { [a.personId]: 18, [b.personId]: 9 } });
      const targets = page.getByTestId('decision-form-selection-targets');
      await poll(() => refreshed(page, 'decision-form-selection-targets')).not.toBe('');
      expect(await targets.getByTestId('form-rule').textContent()).toContain('至少确定 1 名考察对象（职数 1 名）');
      const rows = targets.getByTestId('field-targets');
      await pickPerson(page, rows.getByTestId('list-row').nth(0), a.name);
      await rows.getByTestId('list-row').nth(0).locator('input.ant-input').fill('推荐票较多，实绩突出');
      await rows.getByTestId('add-row').click();
      await pickPerson(page, rows.getByTestId('list-row').nth(1), b.name);
      // A target without a written reason: the parser's words, and nothing sent.
      await targets.getByTestId('decision-submit').click();
      await poll(() => targets.getByTestId('decision-error').textContent()).toContain('targets[1].reason is required');
      expect(await pendingTask('targets-1')).toBeDefined();
      await rows.getByTestId('list-row').nth(1).locator('input.ant-input').fill('熟悉农村工作');
      await targets.getByTestId('decision-submit').click();
      await poll(() => page.getByTestId('decision-result').textContent(), DECIDED).toContain('确定考察对象');

      // The inspection through the backend.
      await decide('inspection-team-1', { members: ['王考察', '李考察'] });
      for (const p of [a, b]) {
        for (const check of ['personnel-file', 'personal-matters', 'discipline-opinion', 'petitions'])
          await decide(`check-1-${p.personId}-${check}`, { outcome: 'pass' });
        await decide(`report-1-${p.personId}`, { conversations: 30, rating: '好 28、较好 2', report: '政治坚定，实绩突出' });
      }
      await eventually(() => pendingTask('committee-1-1'), 'the committee meeting');

      await poll(() => refreshed(page, 'decision-form-selection-committee')).not.toBe('');
      const vote = page.getByTestId('decision-form-selection-committee');
      await vote.waitFor();
      const quorum = vote.getByTestId('committee-quorum');
      const row = (personId: string) => vote.locator(`[data-testid="committee-candidate"][data-person-id="${personId}"]`);
      // The candidates by name, in the order they were listed.
      await poll(() =>
        vote.getByTestId('committee-candidate').evaluateAll((els) => els.map((e) => e.getAttribute('data-person-id'))),
      ).toEqual([a.personId, b.personId]);
      expect(await row(a.personId).textContent()).toContain(a.name);

      // 7 of 11 is short of 2/3 (8); 9 is a quorum.
      await vote.getByTestId('committee-members-due').fill('11');
      await vote.getByTestId('committee-present').fill('7');
      await poll(() => quorum.getAttribute('data-met')).toBe('false');
      expect(await quorum.textContent()).toContain('未达到法定人数');
      await vote.getByTestId('committee-present').fill('9');
      await poll(() => quorum.getAttribute('data-met')).toBe('true');
      // More than half of all 11 due: 6, however many are present.
      expect(await vote.getByTestId('committee-yes-needed').textContent()).toContain('6');

      const approval = (personId: string) => row(personId).getByTestId('committee-approval');
      await row(a.personId).getByTestId('vote-yes').fill('5');
      await poll(() => approval(a.personId).getAttribute('data-state')).toBe('not-approved');
      await row(a.personId).getByTestId('vote-yes').fill('6');
      await poll(() => approval(a.personId).getAttribute('data-state')).toBe('approved');
      // 6 + 4 votes with 9 present: more ballots than members voting.
      await row(a.personId).getByTestId('vote-no').fill('4');
      await poll(() => approval(a.personId).getAttribute('data-state')).toBe('over');
      await poll(() => vote.getByTestId('committee-error').textContent()).toContain('but only 9 members voted');
      // A withdrawn member leaves the room for that vote: 6 + 2 of the 8 left.
      await row(a.personId).getByTestId('vote-no').fill('2');
      await row(a.personId).getByTestId('vote-recused').fill('1');
      await poll(() => approval(a.personId).getAttribute('data-state')).toBe('approved');
      expect(await vote.getByTestId('committee-error').count()).toBe(0);

      await row(b.personId).getByTestId('vote-yes').fill('4');
      await row(b.personId).getByTestId('vote-no').fill('5');
      await poll(() => approval(b.personId).getAttribute('data-state')).toBe('not-approved');
      await shot(vote, 'selection-committee');
      await vote.getByTestId('decision-submit').click();
      await poll(() => page.getByTestId('decision-result').textContent(), DECIDED).toContain('讨论决定');

      // The case moved on to the notice, and the record says how the committee voted (the page's refresh reads them again).
      await poll(() => refreshed(page, 'case-facts'), 60_000).toContain('任前公示和任职');
      await poll(() => refreshed(page, 'record-timeline'), 60_000).toContain('讨论决定（第 1 轮第 1 次会议）');
      const record = await page.getByTestId('record-timeline').textContent();
      expect(record).toContain(`${a.name}（${a.personId}）：赞成 6，反对 2，弃权 0，回避 1`);
      expect(record).toContain(`${b.name}（${b.personId}）：赞成 4，反对 5，弃权 0，回避 0`);
      await page.locator('[data-testid="timeline-entry"][data-event-type="CommitteeVoteHeld"]').waitFor();

      await shot(page.getByTestId('selection-record'), 'selection-record');

      // The record as a Word document, under its Chinese name.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('record-download').click()]);
      expect(download.suggestedFilename()).toBe(`选拔任用全程纪实-${UNIT}-${POST_ID}-${today}.docx`);
      const file = await download.path();
      expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    });

    const [a, b] = people as [Person, Person];
    const entered = await stack!.database.db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('stream_id', '=', caseId)
      .where('type', 'in', ['MeetingRecommendationRecorded', 'InspectionTargetsChosen'])
      .orderBy('position')
      .execute();
    expect(entered.map((e) => e.data)).toMatchObject([
      { due: 40, attended: 38, cast: 38, invalid: 1, votes: { [a.personId]: 30, [b.personId]: 20 } },
      {
        round: 1,
        targets: [
          { personId: a.personId, reason: '推荐票较多，实绩突出' },
          { personId: b.personId, reason: '熟悉农村工作' },
        ],
      },
    ]);
    const held = await stack!.database.db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'CommitteeVoteHeld')
      .execute();
    expect(held.map((e) => e.data)).toMatchObject([
      {
        membersDue: 11,
        present: 9,
        outcome: 'voted',
        votes: [
          { personId: a.personId, recused: 1, yes: 6, no: 2, abstain: 0 },
          { personId: b.personId, recused: 0, yes: 4, no: 5, abstain: 0 },
        ],
        results: [
          { personId: a.personId, approved: true, yes: 6, yesNeeded: 6 },
          { personId: b.personId, approved: false, yes: 4, yesNeeded: 6 },
        ],
        actor: { id: 'org-staff', role: 'county-org-dept' },
      },
    ]);
  }, 240_000);

  it('a township member sees no button that opens a selection', async () => {
    await scenario('selection-township', async (page) => {
      await signIn(page, 'ts-05-committee');
      await page.goto(`${baseUrl}/#/dashboard`);
      // The dashboard has loaded its cases before the absence counts.
      await page
        .getByTestId('dashboard-page')
        .getByTestId('cases-by-kind')
        .or(page.getByTestId('dashboard-page').locator('.ant-empty'))
        .first()
        .waitFor();
      expect(await page.getByTestId('open-selection').count()).toBe(0);
      expect(await page.getByTestId('start-selection').count()).toBe(0);
    });
  });
});
