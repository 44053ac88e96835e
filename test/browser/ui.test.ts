/**
 * The web UI in a real browser (Debian's Chromium driven by playwright-core) against the
 * real API on a free port, a real PostgreSQL database and the run's shared Temporal dev
 * server with an in-process worker, serving the built web/dist:
 *
 *   - a township member signs in and approves a probation check-in: the task leaves the
 *     inbox and the case timeline shows the decision; the case page offers the cadre's
 *     任免审批表 as Word (not the LRMX file, county staff's only);
 *   - a member of another township sees neither that task nor that case;
 *   - an auditor reads a case's timeline and its verification, has no decide controls,
 *     and a decision forced from the page is refused with 403;
 *   - county staff start an evaluation round over one township and watch its progress
 *     reach the number of cadres;
 *   - a township member drafts a rectification plan: the form's rows are added and
 *     removed, an empty plan is refused in the parser's words before anything is sent,
 *     and the drafted plan is recorded.
 *
 * A failing test leaves a screenshot in test-results/screenshots/. Every page a test
 * passes through is saved to test-results/screenshots/pages/, and to docs/screenshots/
 * when that copy is missing or CADREFLOW_UPDATE_SCREENSHOTS=1 (they are committed: a
 * plain test run must not rewrite them).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, requireChromium, UI_TIMEOUT } from '../support/browser';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { directBackend, type Backend, type BackendDeps } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { generateDemoCounty } from '../../demo/county';
import { apiModules, buildApi } from '../../client/api/server';
import { createUser } from '../../client/api/accounts';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/cases';

const ROOT = resolve(__dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'web', 'dist');
const FAILURE_SHOTS = join(ROOT, 'test-results', 'screenshots');
const PAGE_SHOTS = join(FAILURE_SHOTS, 'pages');
const DOC_SHOTS = join(ROOT, 'docs', 'screenshots');

const TASK_QUEUE = `browser-${process.pid}`;
const PASSWORD = 'browser test passphrase';
/**
 * Rounds and their cases (`evaluation/<year>/<person>`) have server-wide workflow ids on
 * the run's shared Temporal server: a year no other suite uses keeps them apart (2024:
 * api-authz, 2025: api-dashboard, 2026: evaluation). ts-08 is one of the two smallest
 * townships (69 cadres), which keeps this test short.
 */
const ROUND_TOWNSHIP = 'ts-08';
const ROUND_YEAR = 2023;
const ROUND_ID = `evaluation-round/${ROUND_YEAR}/${ROUND_TOWNSHIP}`;

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance | undefined;
let browser: Browser | undefined;
let baseUrl: string;
/** Cases whose check-in-1 is open: one of ts-01, two of ts-02 (one to be decided behind a member's back). */
const cases = { own: '', other: '', raced: '' };
/** A rectification case of a ts-01 village whose plan (round-1:plan-1) is open. */
let rectificationCase = '';
let backend: Backend;

const enc = encodeURIComponent;

/** The n-th 科员 of a township in the demo county, who can be put on probation. */
async function staffOf(township: string, n = 0): Promise<string> {
  const row = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', township)
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .offset(n)
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error(`the demo county has fewer than ${n + 1} 科员 in ${township}`);
  return row.person_id;
}

async function townshipName(id: string): Promise<string> {
  return (await database.db.selectFrom('org_units').select('name').where('org_unit_id', '=', id).executeTakeFirstOrThrow()).name;
}

async function pendingTask(caseId: string, step: string): Promise<string | undefined> {
  const row = await database.db
    .selectFrom('tasks')
    .select('task_id')
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.task_id;
}

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    throw new Error(`no web UI build in ${WEB_ROOT}: run \`npm run build:web\` (npm test does it when web/src changed)`);
  }
  requireChromium();

  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  await seedRegistry(database.db);

  const deps: BackendDeps = { db: database.db, client: shared.client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE };
  const modules = apiModules(deps);
  app = await buildApi({
    db: database.db,
    backend: directBackend(deps),
    temporal: shared.client,
    modules,
    webRoot: WEB_ROOT,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    // Failures still show; the listening line and request noise would not help a reader of the run.
    logger: pino({ name: 'cadreflow-api', level: 'warn' }, pino.destination(2)),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  await createUser(database.db, {
    login: 'ts-01-committee',
    displayName: '01乡镇党委',
    role: 'township-committee',
    townshipId: 'ts-01',
    password: PASSWORD,
  });
  await createUser(database.db, {
    login: 'ts-02-committee',
    displayName: '02乡镇党委',
    role: 'township-committee',
    townshipId: 'ts-02',
    password: PASSWORD,
  });
  await createUser(database.db, { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept', password: PASSWORD });
  await createUser(database.db, { login: 'auditor', displayName: '审计员', role: 'auditor', password: PASSWORD });

  // Appointed four months ago: check-in-1 is open at once.
  backend = directBackend(deps);
  const appointedOn = addMonths(shanghaiDate(Date.now()), -4);
  for (const [key, township, n] of [
    ['own', 'ts-01', 0],
    ['other', 'ts-02', 0],
    ['raced', 'ts-02', 1],
  ] as const) {
    const started = await backend.startProbation({
      personId: await staffOf(township, n),
      title: '副乡长',
      appointedOn,
      appointmentId: 'browser',
    });
    cases[key] = started.caseId;
  }
  for (const caseId of Object.values(cases)) await eventually(() => pendingTask(caseId, 'check-in-1'), `check-in-1 of ${caseId}`);

  // Workflow ids are server-wide: the last ts-01 village off the demo's list is one no other suite starts.
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const villages = await database.db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'village')
    .where('township_id', '=', 'ts-01')
    .orderBy('org_unit_id', 'desc')
    .execute();
  const branch = villages.map((v) => v.org_unit_id).find((id) => !listed.has(id))!;
  rectificationCase = (await modules.rectification.start({ branches: [branch], on: shanghaiDate(Date.now()) })).started[0]!;
  await eventually(() => pendingTask(rectificationCase, 'support'), `the support step of ${rectificationCase}`);
  await backend.decide(
    rectificationCase,
    'support',
    { id: 'org-staff', role: 'county-org-dept' },
    {
      countyLeader: '县委副书记',
      townshipLeader: '乡党委书记',
      firstSecretary: '驻村第一书记',
      partnerAgency: '县财政局',
    },
  );
  await eventually(() => pendingTask(rectificationCase, 'round-1:plan-1'), `the plan of ${rectificationCase}`);

  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (shared) {
    // The round's cases are abandoned children that wait on people once started: they are
    // left to the run's ephemeral server (terminating them mid-activity only adds warnings).
    const ids = [...Object.values(cases).filter(Boolean), rectificationCase, ROUND_ID].filter(Boolean);
    await Promise.all(
      ids.map((id) =>
        shared!.client.workflow
          .getHandle(id)
          .terminate('test finished')
          .catch(() => undefined),
      ),
    );
    await shared.stop();
  }
  await database?.drop();
});

// ── helpers ─────────────────────────────────────────────────────────────────

/** A signed-out browser context of its own (its own cookies and storage), 1280×800. */
async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  return { context, page };
}

/** Runs a scenario in a fresh context; on failure the page is saved where CI keeps test results. */
async function scenario(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await newContext();
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

async function pageShot(page: Page, name: string): Promise<void> {
  mkdirSync(PAGE_SHOTS, { recursive: true });
  const file = join(PAGE_SHOTS, `${name}.png`);
  // Animations settled (antd fades and slides) so the picture shows the page, not a transition.
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, fullPage: true });
  const doc = join(DOC_SHOTS, `${name}.png`);
  if (!existsSync(doc) || process.env.CADREFLOW_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOC_SHOTS, { recursive: true });
    copyFileSync(file, doc);
  }
}

async function signIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (password === PASSWORD) await page.getByTestId('whoami').waitFor();
}

/** What a request from the page's own origin gets, with the page's session cookie. */
async function fetchFromPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p, {
        method: m,
        headers: b === undefined ? {} : { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
    },
    [method, path, body] as const,
  );
}

/** expect.poll with the UI's patience (vitest's default is one second). */
const poll = <T>(fn: () => Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });

const taskCard = (page: Page, taskId: string) => page.locator(`[data-testid="task"][data-task-id="${taskId}"]`);

// ── scenarios ───────────────────────────────────────────────────────────────

describe('the web UI in Chromium', () => {
  it('a township member signs in and approves a probation check-in; the task leaves the inbox and the timeline shows it', async () => {
    const taskId = (await pendingTask(cases.own, 'check-in-1'))!;
    await scenario('township-check-in', async (page) => {
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('login-page').waitFor();
      await pageShot(page, 'login');

      // A wrong password is said so, in the page.
      await signIn(page, 'ts-01-committee', 'not the password');
      await poll(() => page.getByTestId('login-error').textContent()).toContain('wrong login or password');

      await signIn(page, 'ts-01-committee');
      await page.getByTestId('inbox-page').waitFor();
      const card = taskCard(page, taskId);
      await card.waitFor();
      // The other township's task is not in this inbox.
      expect(await page.locator('[data-testid="task"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')))).not.toContain(
        (await pendingTask(cases.other, 'check-in-1'))!,
      );
      expect(await card.getByTestId('due').textContent()).toMatch(/个工作日|今天截止|已逾期/);

      await card.getByTestId('task-decide').click();
      const form = card.getByTestId('decision-form-check-in');
      await form.getByRole('radio', { name: '好' }).check();
      await form.locator('textarea').fill('进入角色快，群众评价好');
      await pageShot(page, 'inbox');
      await form.getByTestId('decision-submit').click();

      const result = page.getByTestId('decision-result');
      await result.waitFor();
      // The step by its label, not its id.
      expect(await result.textContent()).toContain('试用期考察（第1次）');
      await poll(() => taskCard(page, taskId).count()).toBe(0);

      await result.getByRole('link').click();
      await page.getByTestId('case-page').waitFor();
      const checkIn = page.locator('[data-testid="timeline-entry"][data-event-type="ProbationCheckInRecorded"]');
      await checkIn.waitFor();
      expect(await checkIn.textContent()).toContain('ts-01-committee');
      expect(await page.getByTestId('comments').textContent()).toContain('进入角色快，群众评价好');
      await pageShot(page, 'case');
      // The case's subject: their 任免审批表 as Word; the LRMX file (the full ID number) is county staff's only.
      expect(await page.getByTestId('lrmx-download').count()).toBe(0);
      const formHref = (await page.getByTestId('appointment-form-download').getAttribute('href'))!;
      const formDoc = await page.request.get(`${baseUrl}${formHref}`);
      expect(formDoc.status()).toBe(200);
      expect(formDoc.headers()['content-type']).toMatch(/wordprocessingml/);
    });
    const decided = await database.db
      .selectFrom('events')
      .select('metadata')
      .where('stream_id', '=', cases.own)
      .where('type', '=', 'ProbationCheckInRecorded')
      .execute();
    expect(decided.map((e) => e.metadata.actor)).toEqual([{ id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' }]);
  });

  it('a member of another township sees neither that task nor that case; the language switch persists', async () => {
    await scenario('other-township', async (page) => {
      await signIn(page, 'ts-02-committee');
      await page.getByTestId('inbox-page').waitFor();
      // Its own township's task is there, so the inbox has loaded.
      await taskCard(page, (await pendingTask(cases.other, 'check-in-1'))!).waitFor();
      expect(await page.getByTestId('inbox-page').textContent()).not.toContain(cases.own);

      await page.goto(`${baseUrl}/#/cases/${enc(cases.own)}`);
      const problem = page.getByTestId('problem');
      await problem.waitFor();
      // Another township's case is answered as a missing one: its existence is not told.
      expect(await problem.textContent()).toContain(`Not found (404)no case ${cases.own}`);
      expect(await page.getByTestId('timeline').count()).toBe(0);
      expect((await fetchFromPage(page, 'GET', `/cases/${enc(cases.own)}/timeline`)).status).toBe(404);

      await page.goto(`${baseUrl}/#/cases`);
      await page.getByTestId('cases-page').locator('.ant-table-row').first().waitFor();
      expect(await page.getByTestId('cases-page').textContent()).not.toContain(await townshipName('ts-01'));

      // Another member of the committee decides a check-in while this one fills in its form:
      // the case refuses the second decision, and the page says why.
      await page.goto(`${baseUrl}/#/inbox`);
      const raced = taskCard(page, (await pendingTask(cases.raced, 'check-in-1'))!);
      await raced.getByTestId('task-decide').click();
      await raced.getByRole('radio', { name: '一般' }).check();
      await backend.decide(
        cases.raced,
        'check-in-1',
        { id: 'ts-02-secretary', role: 'township-committee', townshipId: 'ts-02' },
        { rating: 'good', comment: '' },
      );
      await raced.getByTestId('decision-submit').click();
      const refusal = raced.getByTestId('decision-error');
      await refusal.waitFor();
      // Why, in the user's language, and the case's own words below it.
      expect(await refusal.textContent()).toMatch(/^未被受理：该步骤已经办理，本次未记录（409）.*step "check-in-1" was already decided/);

      // English, and still English after a reload.
      await page.getByTestId('lang-switch').click();
      await poll(() => page.getByTestId('nav-inbox').textContent()).toBe('Inbox');
      await page.reload();
      await poll(() => page.getByTestId('nav-inbox').textContent()).toBe('Inbox');
    });
  });

  it('an auditor reads a case’s timeline and verification, has no decide controls, and a forced decision gets 403', async () => {
    await scenario('auditor', async (page) => {
      await signIn(page, 'auditor');
      await page.getByTestId('audit-list-page').waitFor();

      await page.goto(`${baseUrl}/#/audit/${enc(cases.own)}`);
      await page.getByTestId('audit-page').waitFor();
      await page.locator('[data-testid="timeline-entry"][data-event-type="ProbationCheckInRecorded"]').waitFor();
      await page.getByTestId('verify').click();
      const report = page.getByTestId('verification');
      await report.waitFor({ timeout: 60_000 });
      expect(await report.getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('verification-decisions').textContent()).toMatch(/^([1-9]\d*) \/ \1$/);
      // A probation with no online ballot: the ballot check ran and found nothing.
      const ballots = page.getByTestId('verification-ballots');
      expect(await ballots.getAttribute('data-ok')).toBe('true');
      expect(await ballots.textContent()).toContain('0 次在线投票，复核 0 张选票');
      expect(await page.getByTestId('decision-submit').count()).toBe(0);
      await pageShot(page, 'audit');

      // The other case's check-in is still pending: neither its page nor the inbox offers to decide it.
      await page.goto(`${baseUrl}/#/cases/${enc(cases.other)}`);
      await page.getByTestId('current-step').getByText('试用期考察（第1次）').waitFor();
      expect(await page.locator('[data-testid^="decision-form"]').count()).toBe(0);
      await page.goto(`${baseUrl}/#/inbox`);
      await taskCard(page, (await pendingTask(cases.other, 'check-in-1'))!).waitFor();
      expect(await page.getByTestId('task-decide').count()).toBe(0);

      const forced = await fetchFromPage(page, 'POST', `/cases/${enc(cases.other)}/decisions`, {
        step: 'check-in-1',
        decision: { rating: 'good' },
      });
      expect(forced.status).toBe(403);
      expect(forced.body.type).toBe('urn:cadreflow:problem:forbidden');
    });
    expect(await pendingTask(cases.other, 'check-in-1')).toBeDefined();
  });

  it('a township member drafts a rectification plan: rows are added and removed, an empty plan is refused before it is sent', async () => {
    await scenario('rectification-plan', async (page) => {
      await signIn(page, 'ts-01-committee');
      await page.getByTestId('inbox-page').waitFor();
      await page.goto(`${baseUrl}/#/cases/${enc(rectificationCase)}`);
      const form = page.getByTestId('decision-form-rectification-plan');
      await form.waitFor();
      const measures = form.getByTestId('field-measures');
      await poll(() => measures.getByTestId('list-row').count()).toBe(1);
      await measures.getByTestId('add-row').click();
      await poll(() => measures.getByTestId('list-row').count()).toBe(2);
      await measures.getByTestId('list-row').nth(1).getByTestId('remove-row').click();
      await poll(() => measures.getByTestId('list-row').count()).toBe(1);

      // Nothing entered: the plan's own rule answers, and nothing reaches the case.
      await form.getByTestId('decision-submit').click();
      await poll(() => form.getByTestId('decision-error').textContent()).toContain('problems needs at least one item');

      await form.getByTestId('field-problems').locator('input').first().fill('组织生活不经常');
      const row = measures.getByTestId('list-row').first();
      await row.locator('input').nth(0).fill('每月召开主题党日');
      await row.locator('input').nth(1).fill('村党支部书记');
      await row.locator('input[type="date"]').fill(addMonths(shanghaiDate(Date.now()), 3));
      await form.getByTestId('decision-submit').click();
      await poll(() => page.getByTestId('decision-result').textContent()).toContain('整改方案（第1稿）');
    });
    const drafted = await database.db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', rectificationCase)
      .where('type', '=', 'RectificationPlanDrafted')
      .execute();
    expect(drafted.map((e) => (e.data as { measures: unknown }).measures)).toEqual([
      [{ measure: '每月召开主题党日', responsible: '村党支部书记', deadline: addMonths(shanghaiDate(Date.now()), 3) }],
    ]);
  });

  it('county staff start an evaluation round over one township and watch its progress reach the number of cadres', async () => {
    await scenario('evaluation-round', async (page) => {
      await signIn(page, 'org-staff');
      const dashboard = page.getByTestId('dashboard-page');
      await dashboard.waitFor();
      await dashboard.getByTestId('cases-by-kind').waitFor();

      const start = page.getByTestId('start-round');
      await start.getByTestId('round-year').fill(String(ROUND_YEAR));
      await start.getByTestId('round-townships').click();
      // Townships are offered by name.
      const name = await townshipName(ROUND_TOWNSHIP);
      await page.keyboard.type(name);
      // Enter takes the listed option once it shows; the select then holds it.
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().waitFor();
      await page.keyboard.press('Enter');
      await poll(async () => (await start.getByTestId('round-townships').textContent()) ?? '').toContain(name);
      await page.keyboard.press('Escape');
      await start.getByTestId('round-start').click();

      expect(await start.getByTestId('round-started').getAttribute('data-round-id')).toBe(ROUND_ID);
      const progress = start.getByTestId('round-progress');
      await poll(() => progress.getAttribute('data-settled'), 75_000).toBe('true');
      const cadres = Number(await progress.getAttribute('data-cadres'));
      const inScope = await database.db.selectFrom('evaluation_cadres').select('case_id').where('round_id', '=', ROUND_ID).execute();
      expect(cadres).toBeGreaterThan(0);
      expect(cadres).toBe(inScope.length);
      expect(Number(await progress.getAttribute('data-cases-started'))).toBe(cadres);
      expect(await progress.getByTestId('round-cases-started').textContent()).toBe(String(cadres));

      // The dashboard, reloaded once the round settled, shows the round with its grade chart.
      await dashboard.getByTestId('evaluation').getByTestId('grade-chart').first().waitFor();
      await pageShot(page, 'dashboard');
    });
  }, 120_000);
});
