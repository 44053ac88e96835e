/**
 * The roster upload (名册导入) in the web UI, in Debian's Chromium (playwright-core) against
 * the real API on a free port, a real PostgreSQL database with the demo county's registry
 * and the run's shared Temporal dev server, serving the built web/dist:
 *
 *   - county staff find the page in their menu and download the empty template under its
 *     Chinese name; a roster with a bad date is uploaded (its progress shown while the
 *     request is held at the server's door) and checked, and the report names the sheet,
 *     row, column, value and what is wrong, with the import button disabled; the corrected
 *     file is checked clean (one new person) and imported: while the event log's head is
 *     held locked by the test, the page says it is writing the one event the server
 *     announced, and once released the result names the events written; the registry
 *     then holds the new person, through the API and in the log with the importer as actor;
 *   - a village merged away between the check and the import: the import writes nothing,
 *     the page says so and shows the file checked again, its 单位 now a problem;
 *   - a township member and an auditor have no such menu entry, are told they may not see
 *     the page when they type its address, and the upload route answers 403 to them.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page, Route } from 'playwright-core';
import { UI_TIMEOUT } from '../support/browser';
import { appendBatch } from '../../activities/eventStore';
import { shanghaiDate } from '../../domain/calendar';
import { writeRosterWorkbook } from '../../client/roster/workbookWrite';
import { PERSON_HEADERS } from '../../domain/roster/fromRegistry';
import { baseUrl, FAILURE_SHOTS, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const PAGE_SHOTS = join(FAILURE_SHOTS, 'pages');
const TASK_QUEUE = `browser-roster-${process.pid}`;
const PASSWORD = 'browser roster passphrase';
/** The new person: a name the demo county does not have. */
const NEW_NAME = '欧阳新苗';

let files: string;

/** A roster of one new person (by default NEW_NAME, 科员 in ts-01), born in the month given. */
async function rosterFile(
  name: string,
  born: string,
  person: { name: string; unit: string; rank: string } = { name: NEW_NAME, unit: 'ts-01', rank: '科员' },
): Promise<string> {
  const cells: Record<string, string> = { 姓名: person.name, 性别: '女', 出生年月: born, 单位: person.unit, 职级: person.rank };
  const path = join(files, name);
  writeFileSync(path, await writeRosterWorkbook({ orgUnits: [], people: [PERSON_HEADERS.map((h) => cells[h] ?? '')] }));
  return path;
}

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
  { login: 'auditor', displayName: '审计员', role: 'auditor' },
]);

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'cf-roster-browser-'));
}, 120_000);

afterAll(async () => {
  if (files) rmSync(files, { recursive: true, force: true });
});

const poll = <T>(fn: () => Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });

/**
 * Holds the next upload at the server's door until `release` is called, so the page can be
 * seen while it waits for the answer — no guessing how long a check or a write takes.
 */
function holdNextUpload(page: Page): { held: Promise<Route>; release(): Promise<void> } {
  let resolveHeld!: (r: Route) => void;
  const held = new Promise<Route>((r) => (resolveHeld = r));
  void page.route(
    (url) => url.pathname === '/registry/imports',
    (route) => resolveHeld(route),
    { times: 1 },
  );
  return { held, release: async () => (await held).continue() };
}

/**
 * Holds the event log's head row locked, as a long append would: the import's write waits
 * behind it, so the page can be seen while it writes, until `release`.
 */
async function holdTheLog(): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = stack!.database.db.transaction().execute(async (trx) => {
    await sql`select position from log_head where id = 1 for update`.execute(trx);
    locked();
    await released;
  });
  await Promise.race([isLocked, done]);
  return {
    release: async () => {
      release();
      await done;
    },
  };
}

/** The upload route as the page's own script would call it: same origin, the session cookie, a workbook body. */
async function uploadFromPage(page: Page): Promise<{ status: number; body: string }> {
  const bytes = [...(await writeRosterWorkbook())];
  return page.evaluate(async (b) => {
    const res = await fetch('/registry/imports?dryRun=true', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: new Uint8Array(b),
    });
    return { status: res.status, body: await res.text() };
  }, bytes);
}

describe('the roster upload in the web UI', () => {
  it('county staff check a roster with a bad date, see the problem, fix the file and import it', async () => {
    await scenario('roster-import', async (page) => {
      await signIn(page, 'org-staff');
      // The menu links the page; county staff's menu has more pages than the bar shows at this
      // width (the rest fold under its "…"), so the page is opened by its address.
      expect(await page.getByTestId('nav-roster-import').count()).toBe(1);
      await page.goto(`${baseUrl}/#/roster-import`);
      const view = page.getByTestId('roster-import-page');
      await view.waitFor();

      // The empty template, under its Chinese name.
      const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId('roster-template').click()]);
      expect(download.suggestedFilename()).toBe('名册模板.xlsx');
      expect(
        readFileSync(await download.path())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');

      // A roster whose 出生年月 has month 13: held at the door, the page shows where it is.
      const bad = await rosterFile('名册-有误.xlsx', '1975.13');
      const first = holdNextUpload(page);
      await view.locator('input[type="file"]').setInputFiles(bad);
      await first.held;
      const progress = view.getByTestId('roster-progress');
      await progress.waitFor();
      // Held before the server answered a word: the bytes are going or gone, the server's phases not begun.
      expect(['uploading', 'waiting']).toContain(await progress.getAttribute('data-phase'));
      expect(await view.getByTestId('roster-file').textContent()).toContain('名册-有误.xlsx');
      await first.release();

      const report = view.getByTestId('roster-report');
      await poll(() => report.getAttribute('data-state')).toBe('problems');
      expect(await progress.count()).toBe(0);
      const problem = view.locator('[data-testid="roster-problem"][data-row="2"][data-column="出生年月"]');
      const text = await problem.textContent();
      expect(text).toContain('人员名册');
      expect(text).toContain('1975.13');
      expect(text).toContain('月份须在 1 至 12 之间');
      expect(await view.getByTestId('roster-problem').count()).toBe(1);
      expect(await view.getByTestId('roster-verdict').textContent()).toContain('发现 1 个问题');
      expect(await view.getByTestId('roster-import').isDisabled()).toBe(true);

      // The corrected file: clean, one new person, and the import button enabled.
      const good = await rosterFile('名册.xlsx', '1990.05');
      await view.locator('input[type="file"]').setInputFiles(good);
      await poll(() => report.getAttribute('data-state')).toBe('clean');
      expect(await view.getByTestId('roster-file').textContent()).toContain('名册.xlsx');
      expect(await view.getByTestId('roster-count-people-new').getAttribute('data-value')).toBe('1');
      expect(await view.getByTestId('roster-count-people-changed').getAttribute('data-value')).toBe('0');
      expect(await view.locator('[data-testid="roster-change"][data-kind="new"]').textContent()).toContain(NEW_NAME);
      // A dry run wrote nothing.
      expect(await stack!.database.db.selectFrom('people').select('person_id').where('name', '=', NEW_NAME).execute()).toEqual([]);

      // The import, its write held behind the locked log: the page says what the server announced it writes.
      const log = await holdTheLog();
      try {
        await view.getByTestId('roster-import').click();
        await poll(() => progress.getAttribute('data-phase'), 60_000).toBe('writing');
        expect(await view.getByTestId('roster-progress-text').textContent()).toContain('正在写入 1 个事件');
        mkdirSync(PAGE_SHOTS, { recursive: true });
        await progress.screenshot({ path: join(PAGE_SHOTS, 'roster-import-writing.png') });
        expect(await view.getByTestId('roster-import').isDisabled()).toBe(true);
        expect(await stack!.database.db.selectFrom('people').select('person_id').where('name', '=', NEW_NAME).execute()).toEqual([]);
      } finally {
        await log.release();
      }
      await poll(() => view.getByTestId('roster-result').textContent()).toContain('已导入：写入 1 个事件');
      expect(await view.getByTestId('roster-import').isDisabled()).toBe(true);
      mkdirSync(PAGE_SHOTS, { recursive: true });
      await view.screenshot({ path: join(PAGE_SHOTS, 'roster-import.png') });

      // The registry holds the new person, as the API reads it.
      const people = await page.evaluate(async (name) => {
        const res = await fetch(`/registry/people?name=${encodeURIComponent(name)}`);
        return (await res.json()) as { items: Array<{ name: string; townshipId: string; rank: string; birthYear: number }> };
      }, NEW_NAME);
      expect(people.items).toMatchObject([{ name: NEW_NAME, townshipId: 'ts-01', rank: '科员', birthYear: 1990 }]);
    });

    const events = await stack!.database.db
      .selectFrom('events')
      .select(['type', 'metadata'])
      .where('stream_id', 'like', 'person/p-r%')
      .execute();
    expect(events.map((e) => [e.type, e.metadata.actor])).toEqual([['PersonRegistered', { id: 'org-staff', role: 'county-org-dept' }]]);
  }, 120_000);

  it('the registry changes between the check and the import: nothing is written, and the file is checked again', async () => {
    const villages = await stack!.database.db
      .selectFrom('org_units')
      .select(['org_unit_id', 'name'])
      .where('township_id', '=', 'ts-05')
      .where('kind', '=', 'village')
      .orderBy('org_unit_id')
      .limit(2)
      .execute();
    const [merged, into] = villages as [{ org_unit_id: string; name: string }, { org_unit_id: string }];
    const name = '上官合村';
    await scenario('roster-import-recheck', async (page) => {
      await signIn(page, 'org-staff');
      await page.goto(`${baseUrl}/#/roster-import`);
      const view = page.getByTestId('roster-import-page');
      await view
        .locator('input[type="file"]')
        .setInputFiles(await rosterFile('名册-合村.xlsx', '1988.02', { name, unit: merged.org_unit_id, rank: '村干部' }));
      const report = view.getByTestId('roster-report');
      await poll(() => report.getAttribute('data-state')).toBe('clean');

      // The village is merged into its neighbour (合乡并村) after the check, before the import.
      await appendBatch(stack!.database.db, [
        {
          streamId: `orgunit/${merged.org_unit_id}`,
          expectedVersion: 'any',
          idempotencyKey: `test:merge:${merged.org_unit_id}`,
          events: [
            {
              event: {
                type: 'OrgUnitDissolved',
                data: { orgUnitId: merged.org_unit_id, effectiveTo: shanghaiDate(Date.now()), mergedInto: into.org_unit_id },
              },
              metadata: { actor: { id: 'org-staff', role: 'county-org-dept' }, causationId: 'test' },
            },
          ],
        },
      ]);
      await view.getByTestId('roster-import').click();
      await view.getByTestId('roster-rechecked').waitFor();
      await poll(() => report.getAttribute('data-state')).toBe('problems');
      expect(await view.locator('[data-testid="roster-problem"][data-row="2"][data-column="单位"]').textContent()).toContain(
        merged.org_unit_id,
      );
      expect(await view.getByTestId('roster-import').isDisabled()).toBe(true);
      expect(await view.getByTestId('roster-result').count()).toBe(0);
    });
    expect(await stack!.database.db.selectFrom('people').select('person_id').where('name', '=', name).execute()).toEqual([]);
  }, 120_000);

  it.each(['ts-01-committee', 'auditor'])('%s has no way to the upload: no menu entry, no page, 403 from the route', async (login) => {
    await scenario(`roster-import-${login}`, async (page) => {
      await signIn(page, login);
      await page.locator('[data-testid^="nav-"]').first().waitFor();
      expect(await page.getByTestId('nav-roster-import').count()).toBe(0);
      await page.goto(`${baseUrl}/#/roster-import`);
      await poll(() => page.locator('.ant-result-403').textContent()).toContain('无权查看此页面');
      expect(await page.getByTestId('roster-import-page').count()).toBe(0);
      const res = await uploadFromPage(page);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ type: 'urn:cadreflow:problem:forbidden' });
    });
  });
});
