/**
 * The inbox as a committee works it, in a real browser (Debian's Chromium driven by
 * playwright-core) against the real API on a free port, a real PostgreSQL database and
 * the run's shared Temporal dev server with an in-process worker, serving the built
 * web/dist:
 *
 *   - the township's chair assigns a check-in to a colleague; the colleague finds it under
 *     "assigned to me" (and the chair no longer under "unassigned"), decides it, and it
 *     leaves the inbox — the assignment is an event with the chair as its actor, the
 *     decision the colleague's;
 *   - a committee member attaches scanned minutes to the case: the file shows with the
 *     SHA-256 the log recorded, matching the stored bytes, and downloads; a renamed image
 *     is refused in Chinese; a note is added and shown;
 *   - a bulk check-in over three cases, one of which is decided behind the member's back
 *     before the answer is sent: two are accepted, that one is shown refused with its reason.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, UI_TIMEOUT } from '../support/browser';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { inboxStreamId } from '../../domain/events';
import { directBackend, type Backend, type BackendDeps } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { apiModules, buildApi } from '../../client/api/server';
import { createUser } from '../../client/api/accounts';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/cases';

const ROOT = resolve(__dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'web', 'dist');
const FAILURE_SHOTS = join(ROOT, 'test-results', 'screenshots');
const TASK_QUEUE = `browser-inbox-${process.pid}`;
const PASSWORD = 'browser inbox passphrase';
/** Workflow ids are server-wide on the run's Temporal server: an appointment id no other suite uses keeps these apart. */
const APPOINTMENT = 'browser-inbox';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance | undefined;
let browser: Browser | undefined;
let baseUrl: string;
let caseId = '';
let taskId = '';
let backend: Backend;
/** Three ts-01 cases with check-in-1 open, for the bulk check-in. */
const bulkCases: string[] = [];

async function pendingTask(id: string, step: string): Promise<string | undefined> {
  const row = await database.db
    .selectFrom('tasks')
    .select('task_id')
    .where('case_id', '=', id)
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
  backend = directBackend(deps);
  app = await buildApi({
    db: database.db,
    backend,
    temporal: shared.client,
    modules: apiModules(deps),
    webRoot: WEB_ROOT,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    logger: pino({ name: 'cadreflow-api', level: 'warn' }, pino.destination(2)),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  await createUser(database.db, {
    login: 'ts-01-chair',
    displayName: '01乡镇党委书记',
    role: 'township-committee',
    townshipId: 'ts-01',
    password: PASSWORD,
  });
  await createUser(database.db, {
    login: 'ts-01-li',
    displayName: '李组织委员',
    role: 'township-committee',
    townshipId: 'ts-01',
    password: PASSWORD,
  });

  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  // Appointed four months ago: check-in-1 is open at once.
  const started = await backend.startProbation({
    personId: person.person_id,
    title: '副乡长',
    appointedOn: addMonths(shanghaiDate(Date.now()), -4),
    appointmentId: APPOINTMENT,
  });
  caseId = started.caseId;
  taskId = await eventually(() => pendingTask(caseId, 'check-in-1'), `check-in-1 of ${caseId}`);
  const others = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .offset(1)
    .limit(3)
    .execute();
  for (const p of others) {
    const s = await backend.startProbation({
      personId: p.person_id,
      title: '副乡长',
      appointedOn: addMonths(shanghaiDate(Date.now()), -4),
      appointmentId: `${APPOINTMENT}-bulk`,
    });
    bulkCases.push(s.caseId);
  }
  for (const id of bulkCases) await eventually(() => pendingTask(id, 'check-in-1'), `check-in-1 of ${id}`);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (shared) {
    for (const id of [caseId, ...bulkCases].filter(Boolean))
      await shared.client.workflow
        .getHandle(id)
        .terminate('test finished')
        .catch(() => undefined);
    await shared.stop();
  }
  await database?.drop();
});

async function scenario(name: string, fn: (chair: Page, colleague: Page) => Promise<void>): Promise<void> {
  const contexts = await Promise.all(
    [0, 1].map(() =>
      browser!.newContext({
        reducedMotion: 'reduce',
        viewport: { width: 1280, height: 900 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      }),
    ),
  );
  for (const c of contexts) c.setDefaultTimeout(UI_TIMEOUT);
  const [chair, colleague] = await Promise.all(contexts.map((c) => c.newPage()));
  try {
    await fn(chair!, colleague!);
  } catch (err) {
    mkdirSync(FAILURE_SHOTS, { recursive: true });
    for (const [who, page] of [
      ['chair', chair!],
      ['colleague', colleague!],
    ] as const)
      await page.screenshot({ path: join(FAILURE_SHOTS, `${name}-${who}.png`), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    for (const c of contexts) await c.close();
  }
}

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByTestId('login-name').fill(login);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('whoami').waitFor();
  await page.getByTestId('inbox-page').waitFor();
}

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: UI_TIMEOUT, interval: 100 });
const taskCard = (page: Page) => page.locator(`[data-testid="task"][data-task-id="${taskId}"]`);
const listed = (page: Page) => page.locator('[data-testid="task"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')));

describe('the inbox in Chromium', () => {
  it('a committee member assigns a task to a colleague, who finds it under "assigned to me" and decides it', async () => {
    await scenario('inbox-assign', async (chair, colleague) => {
      await signIn(chair, 'ts-01-chair');
      const card = taskCard(chair);
      await card.waitFor();
      expect(await card.getByTestId('task-assignee').getAttribute('data-assignee')).toBe('');

      // Assign to the colleague, picked by name from the committee's members.
      await card.getByTestId('task-assign-select').click();
      await chair.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '李组织委员' }).click();
      // The pick took before the button is pressed: a click can land on a list still opening on a busy machine.
      await poll(async () => (await card.getByTestId('task-assign-select').textContent()) ?? '').toContain('李组织委员');
      await card.getByTestId('task-assign').click();
      await poll(() => card.getByTestId('task-assignee').getAttribute('data-assignee')).toBe('ts-01-li');

      // Under "unassigned" the chair no longer sees it.
      await chair.getByTestId('inbox-assignee-none').click();
      await poll(() => listed(chair)).not.toContain(taskId);

      await signIn(colleague, 'ts-01-li');
      await colleague.getByTestId('inbox-assignee-me').click();
      const mine = taskCard(colleague);
      await mine.waitFor();
      expect(await mine.getByTestId('task-assignee').textContent()).toContain('（我）');
      await poll(() => listed(colleague)).toEqual([taskId]);

      await mine.getByTestId('task-decide').click();
      const form = mine.getByTestId('decision-form-check-in');
      await form.getByRole('radio', { name: '好' }).check();
      await form.locator('textarea').fill('分派后办理：表现良好');
      await form.getByTestId('decision-submit').click();
      await colleague.getByTestId('decision-result').waitFor();
      await poll(() => taskCard(colleague).count()).toBe(0);
    });

    const assigned = await database.db
      .selectFrom('events')
      .select(['type', 'data', 'metadata'])
      .where('stream_id', '=', inboxStreamId(caseId))
      .execute();
    expect(assigned.map((e) => [e.type, (e.data as { assignee: string }).assignee, e.metadata.actor?.id])).toEqual([
      ['TaskAssigned', 'ts-01-li', 'ts-01-chair'],
    ]);
    const decided = await database.db
      .selectFrom('tasks')
      .select(['status', 'decided_by', 'assignee'])
      .where('task_id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(decided).toEqual({ status: 'decided', decided_by: 'ts-01-li', assignee: 'ts-01-li' });
  });

  it('an attachment uploaded to a case shows with its hash; a renamed image is refused; a note is shown', async () => {
    const minutes = Buffer.from('%PDF-1.7\n% 党委会议记录（扫描件）\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const sha256 = createHash('sha256').update(minutes).digest('hex');
    await scenario('case-attachment', async (chair) => {
      await signIn(chair, 'ts-01-chair');
      await chair.goto(`${baseUrl}/#/cases/${encodeURIComponent(caseId)}`);
      const notes = chair.getByTestId('case-notes');
      await notes.waitFor();

      await notes.getByTestId('attachment-input').setInputFiles({ name: '党委会议记录.pdf', mimeType: 'application/pdf', buffer: minutes });
      const file = notes.locator('[data-testid="attachment"][data-file-name="党委会议记录.pdf"]');
      await file.waitFor();
      expect(await file.getByTestId('attachment-sha256').textContent()).toBe(`SHA-256 ${sha256}`);
      expect(await file.getByTestId('attachment-intact').textContent()).toBe('与日志一致');
      const [download] = await Promise.all([chair.waitForEvent('download'), file.getByTestId('attachment-download').click()]);
      expect(download.suggestedFilename()).toBe('党委会议记录.pdf');

      // A PNG named .pdf: refused by its content, in the page's language.
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      await notes.getByTestId('attachment-input').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: png });
      await poll(() => notes.getByTestId('case-notes-error').textContent()).toContain('文件 scan.pdf 的内容是 PNG，与扩展名不符');
      expect(await notes.getByTestId('attachment').count()).toBe(1);

      await notes.getByTestId('case-note-text').fill('会议记录已上传，请县委组织部审核');
      await notes.getByTestId('case-note-submit').click();
      await poll(() => notes.getByTestId('case-note-comment').textContent()).toContain('会议记录已上传，请县委组织部审核');
    });
    const event = await database.db
      .selectFrom('events')
      .select(['data', 'metadata'])
      .where('stream_id', '=', inboxStreamId(caseId))
      .where('type', '=', 'AttachmentAdded')
      .executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ fileName: '党委会议记录.pdf', sha256, size: minutes.length });
    expect(event.metadata.actor?.id).toBe('ts-01-chair');
  });

  it('a bulk check-in over three cases where one is refused shows that one with its reason', async () => {
    const tasks = await Promise.all(bulkCases.map(async (id) => (await pendingTask(id, 'check-in-1'))!));
    const [raced] = bulkCases;
    await scenario('inbox-bulk', async (chair) => {
      await signIn(chair, 'ts-01-chair');
      for (const id of tasks) await chair.locator(`[data-testid="task"][data-task-id="${id}"]`).getByTestId('task-select').check();
      await chair.getByTestId('bulk-open').click();
      const form = chair.getByTestId('bulk-decision');
      await form.getByRole('radio', { name: '好' }).check();
      await form.getByTestId('bulk-comment').fill('集中考察：表现良好');

      // Decided behind the member's back (a colleague, on paper) before the answer is sent.
      await backend.decide(
        raced!,
        'check-in-1',
        { id: 'ts-01-li', role: 'township-committee', townshipId: 'ts-01' },
        {
          rating: 'adequate',
          comment: '已单独考察',
        },
      );
      await form.getByTestId('bulk-submit').click();

      const result = (id: string) => form.locator(`[data-testid="bulk-result"][data-case-id="${id}"]`);
      await poll(() => form.getByTestId('bulk-result').count()).toBe(3);
      expect(await result(raced!).getAttribute('data-outcome')).toBe('refused');
      expect(await result(raced!).getByTestId('bulk-reason').textContent()).toMatch(/check-in-1/);
      for (const id of bulkCases.slice(1)) expect(await result(id).getAttribute('data-outcome')).toBe('accepted');
      // The two accepted left the inbox.
      await poll(() => listed(chair)).not.toContain(tasks[1]);
    });
    const decided = await database.db
      .selectFrom('tasks')
      .select(['case_id', 'decided_by'])
      .where('case_id', 'in', bulkCases)
      .where('step', '=', 'check-in-1')
      .orderBy('case_id')
      .execute();
    const by = Object.fromEntries(decided.map((d) => [d.case_id, d.decided_by]));
    expect(bulkCases.map((id) => by[id])).toEqual(['ts-01-li', 'ts-01-chair', 'ts-01-chair']);
  });
});
