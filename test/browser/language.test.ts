/**
 * The web UI speaks one language at a time and names things, not ids: Debian's Chromium
 * (playwright-core) walks every page a township member, county staff, an auditor and an
 * admin have, in Chinese and then in English, against the real API (served on its public host
 * name, `cadreflow.localhost`), a real PostgreSQL database and the run's shared Temporal
 * dev server. The cases on those pages: a probation whose first check-in was decided
 * (its timeline carries a rating and a comment), one whose check-in waits in the inbox,
 * and a rectification whose support team is assigned.
 *
 * On every page, in the text a person sees (visible text nodes):
 *   - ids: no township or person id (`ts-\d+`, `p-\d+`) as a token of its own outside
 *     links. A token is bounded by anything but a letter, digit, `_` or `-`, so a case id
 *     (`probation/p-0005/x`) counts and a login that starts with a township's id
 *     (`ts-01-committee`, the name an account was given) does not;
 *   - vocabulary: no event field name from the timeline's vocabulary written as a label
 *     (`rating:`, `endsOn：`), no event type (`ProbationCheckInRecorded`), and no step or
 *     stage id of these cases (`check-in-1`, `on-probation`, `round-1:plan-1`); in
 *     Chinese, not even a one-word id (`support`, `talk`);
 *   - one language:
 *       Chinese: no title (page and card headings, task titles, case names, list and
 *       table links, alerts), nor any other line of text, holds a run of two or more
 *       ASCII words (`Check-in 1`; a login such as `ts-01-committee` is one word);
 *       English: no Han character anywhere on the page once proper names are taken out.
 *       Proper names are what people and places are called and what people wrote: the
 *       registry's people and org-unit names, the accounts' logins and display names
 *       (and the system's, in the access log), the post title and the comments this
 *       test entered. The language switch (which names the other language) and code
 *       (a run id, a hash: machine text shown for comparison) are left out.
 *
 * Pages are checked by polling until they hold no violation (township names arrive after
 * the page), after waiting for each page's own content, so an empty page cannot pass.
 * The pages are saved to docs/screenshots/{zh,en}-*.png when missing or with
 * CADREFLOW_UPDATE_SCREENSHOTS=1.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, UI_TIMEOUT } from '../support/browser';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { directBackend, type BackendDeps } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { generateDemoCounty } from '../../demo/county';
import { apiModules, buildApi } from '../../client/api/server';
import { createUser } from '../../client/api/accounts';
import { SHOWN_FIELDS } from '../../web/src/eventFields';
import { splitTitle, taskTitleFor } from '../../web/src/steps';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/cases';

const ROOT = resolve(__dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'web', 'dist');
const FAILURE_SHOTS = join(ROOT, 'test-results', 'screenshots');
const PAGE_SHOTS = join(FAILURE_SHOTS, 'pages');
const DOC_SHOTS = join(ROOT, 'docs', 'screenshots');
const PUBLIC_HOST = 'cadreflow.localhost';
const TASK_QUEUE = `browser-language-${process.pid}`;
const PASSWORD = 'browser language passphrase';
const POST = '副镇长';
const COMMENT = '工作扎实，群众认可';
/** Who the access log says created the accounts (this test, through createUser). */
const SYSTEM_ACTOR = 'system:cadreflow';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance | undefined;
let browser: Browser | undefined;
let baseUrl: string;
const cases = { decided: '', pending: '', rectification: '' };
/** Step and stage ids of the cases on the pages, which no page may show. */
let codes: string[] = [];
/** Proper names (see the header), longest first. */
let properNames: string[] = [];
/** The person on probation in the decided case. */
let subjectName = '';

const enc = encodeURIComponent;

async function staffOf(township: string, n: number): Promise<string> {
  const rows = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', township)
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .execute();
  const row = rows.at(-1 - n);
  if (!row) throw new Error(`the demo county has fewer than ${n + 1} 科员 in ${township}`);
  return row.person_id;
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
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`no web UI build in ${WEB_ROOT}: run \`npm run build:web\``);
  requireChromium();

  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  await seedRegistry(database.db);
  const deps: BackendDeps = { db: database.db, client: shared.client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE };
  const modules = apiModules(deps);
  const backend = directBackend(deps);
  app = await buildApi({
    db: database.db,
    backend,
    temporal: shared.client,
    modules,
    webRoot: WEB_ROOT,
    publicHost: PUBLIC_HOST,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    logger: pino({ name: 'cadreflow-api', level: 'warn' }, pino.destination(2)),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://${PUBLIC_HOST}:${(app.server.address() as AddressInfo).port}`;

  const accounts = [
    { login: 'ts-01-committee', displayName: '红门乡党委', role: 'township-committee', townshipId: 'ts-01' },
    { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
    { login: 'auditor', displayName: '审计员', role: 'auditor' },
    { login: 'org-admin', displayName: '系统管理员', role: 'admin' },
  ] as const;
  for (const a of accounts) await createUser(database.db, { ...a, password: PASSWORD });

  // Appointed four months ago: check-in-1 opens at once. The last 科员 of ts-01 (ui.test takes the first ones).
  const appointedOn = addMonths(shanghaiDate(Date.now()), -4);
  for (const [key, n] of [
    ['decided', 0],
    ['pending', 1],
  ] as const) {
    cases[key] = (
      await backend.startProbation({ personId: await staffOf('ts-01', n), title: POST, appointedOn, appointmentId: 'browser-language' })
    ).caseId;
  }
  for (const caseId of [cases.decided, cases.pending]) await eventually(() => pendingTask(caseId, 'check-in-1'), `check-in-1 of ${caseId}`);
  const subject = await database.db.selectFrom('cases').select('subject_id').where('case_id', '=', cases.decided).executeTakeFirstOrThrow();
  subjectName = (
    await database.db.selectFrom('people').select('name').where('person_id', '=', subject.subject_id).executeTakeFirstOrThrow()
  ).name;
  await backend.decide(
    cases.decided,
    'check-in-1',
    { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' },
    { rating: 'good', comment: COMMENT },
  );

  // Workflow ids are server-wide: the second-last ts-01 village off the demo's list (ui.test takes the last).
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const villages = await database.db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'village')
    .where('township_id', '=', 'ts-01')
    .orderBy('org_unit_id', 'desc')
    .execute();
  const branch = villages.map((v) => v.org_unit_id).filter((id) => !listed.has(id))[1]!;
  cases.rectification = (await modules.rectification.start({ branches: [branch], on: shanghaiDate(Date.now()) })).started[0]!;
  await eventually(() => pendingTask(cases.rectification, 'support'), `the support step of ${cases.rectification}`);
  await backend.decide(
    cases.rectification,
    'support',
    { id: 'org-staff', role: 'county-org-dept' },
    {
      countyLeader: '县委副书记',
      townshipLeader: '乡党委书记',
      firstSecretary: '驻村第一书记',
      partnerAgency: '县财政局',
    },
  );
  await eventually(() => pendingTask(cases.rectification, 'round-1:plan-1'), `the plan of ${cases.rectification}`);
  await eventually(
    async () =>
      (
        await database.db
          .selectFrom('events')
          .select('position')
          .where('stream_id', '=', cases.decided)
          .where('type', '=', 'ProbationCheckInRecorded')
          .execute()
      ).length > 0
        ? true
        : undefined,
    'the check-in event',
  );

  const ours = Object.values(cases);
  const steps = await database.db.selectFrom('tasks').select('step').distinct().where('case_id', 'in', ours).execute();
  const stages = await database.db.selectFrom('cases').select('stage').distinct().where('case_id', 'in', ours).execute();
  codes = [...new Set([...steps.map((s) => s.step), ...stages.map((s) => s.stage)])];
  expect(codes).toContain('check-in-1');

  const people = await database.db.selectFrom('people').select('name').execute();
  const units = await database.db.selectFrom('org_units').select('name').execute();
  properNames = [
    ...new Set([
      ...people.map((p) => p.name),
      ...units.map((u) => u.name),
      ...accounts.flatMap((a) => [a.displayName, a.login]),
      SYSTEM_ACTOR,
      POST,
      COMMENT,
    ]),
  ]
    .filter((n) => n.length > 0)
    .sort((a, b) => b.length - a.length);

  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (shared) {
    const ids = Object.values(cases).filter(Boolean);
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

// ── what a page may not show ─────────────────────────────────────────────────

/** The page's visible text, split by where it sits (the browser decides what is visible). */
async function visibleText(page: Page): Promise<{ outsideLinks: string; all: string; titles: string[] }> {
  // Runs in the page (a string: this project's Node typings have no DOM).
  return page.evaluate<{ outsideLinks: string; all: string; titles: string[] }>(`(() => {
    const TITLES = 'h1, h2, h3, h4, h5, .ant-card-head-title, [data-testid="task-title"], [data-testid="case-name"], .ant-table-cell a, .ant-list-item a, .ant-alert-title, .ant-alert-message';
    const outside = [];
    const all = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || text === '' || !el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      // The language switch names the other language on purpose.
      if (el.closest('[data-testid="lang-switch"], script, style, noscript')) continue;
      // Code (a run id, a hash) is machine text shown for comparison, in no language.
      if (el.closest('code')) continue;
      all.push(text);
      if (!el.closest('a')) outside.push(text);
    }
    const titles = [...document.querySelectorAll(TITLES)].filter((e) => e.checkVisibility()).map((e) => e.innerText.trim());
    return { outsideLinks: outside.join('\\n'), all: all.join('\\n'), titles };
  })()`);
}

const ID = /(?<![\w-])(?:ts|p)-\d+(?![\w-])/g;
const EVENT_TYPE =
  /\b(?:[A-Z][a-z]+){2,}(?:Recorded|Started|Changed|Closed|Opened|Decided|Sent|Escalated|Withdrawn|Posted|Filed|Resolved|Assigned|Confirmed|Ended|Assessed|Recommended|Failed|Fixed|Notified)\b/g;
const HAN = /[\u3400-\u9fff]/;
/** Two English words in a row; a word is letters only, so a hex id (`01a24cfa-fa7`) is none. */
const TWO_ASCII_WORDS = /(?<![A-Za-z0-9])[A-Za-z]{2,}[ ,.:'()-]+[A-Za-z]{2,}(?![A-Za-z0-9])/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withoutNames = (text: string) => properNames.reduce((t, n) => (t.includes(n) ? t.split(n).join(' ') : t), text);

/** What breaks the rules on the page now (empty: nothing). */
async function violations(page: Page, lang: 'zh' | 'en'): Promise<string[]> {
  const { outsideLinks, all, titles } = await visibleText(page);
  const out: string[] = [];
  for (const m of outsideLinks.matchAll(ID)) out.push(`id ${m[0]} outside a link`);
  for (const field of SHOWN_FIELDS) if (new RegExp(`(?<![\\w-])${field}\\s*[:：]`).test(all)) out.push(`field name ${field}:`);
  for (const m of all.matchAll(EVENT_TYPE)) out.push(`event type ${m[0]}`);
  for (const code of codes) {
    // An English word (support) may be English text; an id with a hyphen or colon is never.
    if (lang === 'en' && !/[-:]/.test(code)) continue;
    if (new RegExp(`(?<![\\w-])${escape(code)}(?![\\w-])`).test(all)) out.push(`step or stage id ${code}`);
  }
  if (lang === 'zh') {
    for (const title of titles) if (TWO_ASCII_WORDS.test(withoutNames(title))) out.push(`English in the title "${title}"`);
    // Beyond titles: no line of the page runs two English words either (a timeline's task, a tag).
    for (const line of all.split('\n')) if (TWO_ASCII_WORDS.test(withoutNames(line))) out.push(`English in "${line}"`);
  } else {
    for (const line of all.split('\n')) if (HAN.test(withoutNames(line))) out.push(`Chinese in "${line}"`);
  }
  return [...new Set(out)];
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(PAGE_SHOTS, { recursive: true });
  const file = join(PAGE_SHOTS, `${name}.png`);
  await page.waitForTimeout(300); // antd's fades settled, so the picture shows the page
  await page.screenshot({ path: file, fullPage: true });
  const doc = join(DOC_SHOTS, `${name}.png`);
  if (!existsSync(doc) || process.env.CADREFLOW_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOC_SHOTS, { recursive: true });
    copyFileSync(file, doc);
  }
}

interface Stop {
  path: string;
  /** Something only the loaded page has. */
  ready: string;
  /** Saved as docs/screenshots/<lang>-<shot>.png. */
  shot?: string;
  /** What the person does on the page before it is read (and what shows when done). */
  act?: (page: Page, lang: 'zh' | 'en') => Promise<void>;
}

/** Every page of the role, each read in both languages. */
async function walk(login: string, stops: Stop[]): Promise<void> {
  const context = await browser!.newContext({
    reducedMotion: 'reduce',
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  let where = 'sign-in';
  try {
    await page.goto(`${baseUrl}/#/login`);
    await page.getByTestId('login-name').fill(login);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('whoami').waitFor();
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') {
        await page.getByTestId('lang-switch').click();
        await expect.poll(() => page.evaluate('document.documentElement.lang'), { timeout: UI_TIMEOUT }).toBe('en');
      }
      for (const stop of stops) {
        where = `${lang} ${stop.path}`;
        await page.goto(`${baseUrl}/#${stop.path}`);
        await page.locator(stop.ready).first().waitFor();
        await stop.act?.(page, lang);
        // Joined, so a failure names every violation.
        await expect
          .poll(async () => (await violations(page, lang)).join(' | '), {
            timeout: UI_TIMEOUT,
            interval: 200,
            message: `${login} on ${where}`,
          })
          .toBe('');
        if (stop.shot) await shot(page, `${lang}-${stop.shot}`);
      }
    }
  } catch (err) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    await page.screenshot({ path: join(FAILURE_SHOTS, `language-${login}.png`), fullPage: true }).catch(() => undefined);
    throw new Error(`${login} on ${where}: ${(err as Error).message}`);
  } finally {
    await context.close();
  }
}

const TIMELINE = '[data-testid="timeline-entry"][data-event-type="ProbationCheckInRecorded"]';
const ROW = '.ant-table-row';

describe('the web UI in one language at a time, with names instead of ids', () => {
  it('the rules catch what they are for (the checker itself)', () => {
    expect('待办事项 · ts-01'.match(ID)).toEqual(['ts-01']);
    expect('probation/p-0005/demo'.match(ID)).toEqual(['p-0005']);
    expect('ts-01-committee'.match(ID)).toBeNull();
    expect(TWO_ASCII_WORDS.test('入党申请人谈话 Talk with applicant：张海刚')).toBe(true);
    expect(TWO_ASCII_WORDS.test('试用期考察（第1次）：田军')).toBe(false);
    expect(TWO_ASCII_WORDS.test('01a24cfa-fa7')).toBe(false);
    expect(TWO_ASCII_WORDS.test('试用期考察 第1次 Check-in 1')).toBe(true);
    expect('rating: good'.match(EVENT_TYPE)).toBeNull();
    expect('ProbationCheckInRecorded · #3'.match(EVENT_TYPE)).toEqual(['ProbationCheckInRecorded']);
  });

  it('task titles the workflows write read in one language: by the step and its subject, or split by script for a step no rule knows', () => {
    // [kind, step, stored title, Chinese, English]
    const titles: Array<[string, string, string, string, string]> = [
      ['member-development', 'talk', '入党申请人谈话 Talk with applicant: 张海刚', '入党申请人谈话：张海刚', 'Talk with applicant: 张海刚'],
      ['probation', 'check-in-1', '试用期考察 第1次 Check-in 1: 田军', '试用期考察（第1次）：田军', 'Check-in 1: 田军'],
      [
        'rectification',
        'round-1:plan-2',
        '整改方案 第2稿 Rectification plan, draft 2: 鹿庄村（第1轮 round 1）',
        '整改方案（第2稿）：鹿庄村',
        'Rectification plan, draft 2: 鹿庄村',
      ],
      ['election', 'vetting-p-0007', '考察 Vetting: p-0007 (王芳)', '考察：王芳', 'Vetting: 王芳'],
      ['evaluation-round', 'review:p-0009', '复核 Review: 李明 (称职), 我认为评价不公', '复核：李明', 'Review: 李明'],
      [
        'evaluation-round',
        'committee:u-0003',
        '考核委员会确定等次 Committee grades u-0003: 12 assessed, at most 2 优秀',
        '考核委员会确定等次',
        'Committee grading',
      ],
      [
        'member-development',
        'theory-exam-r2',
        '理论考试 Theory exam (第2次提交): 张海刚',
        '理论考试（第2轮）：张海刚',
        'Theory exam (round 2): 张海刚',
      ],
    ];
    for (const [kind, step, title, zh, en] of titles) {
      expect(taskTitleFor('zh', kind, step, title)).toBe(zh);
      expect(taskTitleFor('en', kind, step, title)).toBe(en);
    }
    // A step no rule knows: the stored title split where its English starts.
    expect(splitTitle('新步骤 第1次 A new step 1: 田军')).toEqual({ zh: '新步骤 第1次：田军', en: 'A new step 1: 田军' });
    expect(taskTitleFor('zh', 'probation', 'unknown-step', '新步骤 New step: 田军')).toBe('新步骤：田军');
  });

  it('the page checker finds each kind of violation on a page written to have them', async () => {
    const page = await browser!.newPage();
    try {
      await page.setContent(`<body>
        <h3>入党申请人谈话 Talk with applicant: 张海刚</h3>
        <div>乡镇: ts-01</div><a href="#/x">ts-02</a>
        <div>rating: good</div><div>ProbationCheckInRecorded</div><div>步骤: check-in-1</div>
        <div style="display:none">p-0001</div>
      </body>`);
      expect(await violations(page, 'zh')).toEqual([
        'id ts-01 outside a link',
        'field name rating:',
        'event type ProbationCheckInRecorded',
        'step or stage id check-in-1',
        'English in the title "入党申请人谈话 Talk with applicant: 张海刚"',
        'English in "入党申请人谈话 Talk with applicant: 张海刚"',
        'English in "rating: good"',
        'English in "步骤: check-in-1"',
      ]);
      await page.setContent('<body><div>Township: 红门乡</div><div>Stage: 试用期中</div></body>');
      // 红门乡 is a place's name; 试用期中 is an untranslated word.
      expect(await violations(page, 'en')).toEqual(['Chinese in "Stage: 试用期中"']);
    } finally {
      await page.close();
    }
  });

  it('a township member’s pages', async () => {
    await walk('ts-01-committee', [
      { path: '/inbox', ready: `[data-testid="task"]`, shot: 'inbox' },
      { path: '/dashboard', ready: '[data-testid="cases-by-kind"]' },
      { path: '/cases', ready: ROW, shot: 'cases' },
      {
        path: `/cases/${enc(cases.decided)}`,
        ready: TIMELINE,
        shot: 'case',
        // One name per case: person · procedure · post.
        act: async (page, lang) => {
          const name = await page.getByTestId('case-name').textContent();
          expect(name).toBe(`${subjectName} · ${lang === 'zh' ? '试用期' : 'Probation'} · ${POST}`);
        },
      },
      { path: `/cases/${enc(cases.pending)}`, ready: '[data-testid="decision-form-check-in"]' },
      { path: `/cases/${enc(cases.rectification)}`, ready: '[data-testid="decision-form-rectification-plan"]' },
      { path: '/elections', ready: '[data-testid="elections"]' },
      { path: '/pipeline', ready: '[data-testid="pipeline-at-risk-count"]' },
    ]);
  }, 120_000);

  it('county staff’s pages', async () => {
    await walk('org-staff', [
      { path: '/dashboard', ready: '[data-testid="rectification"] .ant-table-row', shot: 'dashboard' },
      { path: '/inbox', ready: `[data-testid="task"]` },
      { path: '/cases', ready: ROW },
      { path: '/audit', ready: ROW },
      { path: `/cases/${enc(cases.decided)}`, ready: TIMELINE },
      { path: `/cases/${enc(cases.rectification)}`, ready: '[data-testid="timeline-entry"]' },
      { path: '/roster-import', ready: '[data-testid="roster-dropzone"]' },
      // The cases list filtered and sorted from its link; the screening page with its list.
      { path: '/cases?status=open&overdue=false&sort=-due&pageSize=10', ready: ROW },
      {
        path: '/screening',
        ready: '[data-testid="rectification-form"]',
        act: async (page) => {
          await page.getByTestId('rectification-screen').click();
          await page.getByTestId('rectification-list').waitFor();
        },
      },
      { path: '/elections', ready: '[data-testid="elections"]' },
      { path: '/pipeline?atRisk=true', ready: '[data-testid="pipeline-at-risk-count"]' },
    ]);
  }, 120_000);

  it('an auditor’s pages', async () => {
    await walk('auditor', [
      { path: '/audit', ready: ROW },
      {
        path: `/audit/${enc(cases.decided)}`,
        ready: TIMELINE,
        shot: 'audit',
        // The verification report is read too: replayed runs, decisions, the hash chain.
        act: async (page) => {
          await page.getByTestId('verify').click();
          await page.getByTestId('verification').waitFor({ timeout: 60_000 });
          // And a replay's result, beside the case's archive and attachments.
          await page.getByTestId('run-replay').click();
          await page.getByTestId('replay-result').waitFor({ timeout: 60_000 });
        },
      },
      { path: '/archives', ready: '[data-testid="checkpoints"]' },
      { path: '/dashboard', ready: '[data-testid="cases-by-kind"]' },
      { path: '/inbox', ready: `[data-testid="task"]` },
      { path: '/access-log', ready: ROW },
      { path: '/elections', ready: '[data-testid="elections"]' },
      { path: '/pipeline', ready: '[data-testid="pipeline-at-risk-count"]' },
    ]);
  }, 120_000);

  it('an admin’s pages', async () => {
    await walk('org-admin', [
      {
        path: '/accounts',
        ready: '[data-testid="account-row-ts-01-committee"]',
        // The new-account form, a township committee's fields shown.
        act: async (page, lang) => {
          await page.getByTestId('account-add').click();
          const role = page.getByTestId('account-role');
          await role.click();
          await role
            .locator('input')
            .first()
            .fill(lang === 'zh' ? '乡镇党委' : 'Township');
          await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
          await role.locator('input').first().press('Enter');
          await page.getByTestId('account-township').waitFor();
        },
      },
      { path: '/access-log', ready: ROW },
    ]);
  }, 120_000);
});
