/**
 * The cases list and the screening page in the web UI, in Debian's Chromium
 * (playwright-core) against the real API on a free port, a real PostgreSQL database and
 * the run's shared Temporal dev server with an in-process worker, serving the built
 * web/dist:
 *
 *   - county staff filter the cases list by kind and overdue, sort it by start date both
 *     ways, page it, go back to the page before with the browser's back button (the
 *     filters are in the URL), and open a case from its row; a link with a bad value says
 *     what is wrong; a township member's list holds their township's cases only;
 *   - county staff upload the facts file on the screening page (整顿排查), see the branch
 *     it ranks last listed with its reason, start that branch's rectification from its row,
 *     and open the new case.
 *
 * The listed cases are appended through the event store as their workflows append them
 * (their start times and due times known); the rectification is started for real.
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shanghaiDate } from '../../domain/calendar';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import { generateDemoCounty } from '../../demo/county';
import { UI_TIMEOUT } from '../support/browser';
import { appendCaseEvents, openedTask } from '../support/inbox';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-cases-${process.pid}`;
const PASSWORD = 'browser cases passphrase';
const DAY_MS = 86_400_000;
const today = shanghaiDate(Date.now());

interface Listed {
  caseId: string;
  kind: 'probation' | 'election';
  township: string;
  name: string;
  startedAt: string;
  dueAt: string;
}

/**
 * 25 cases (more than the first page's 20): probations in ts-01 and elections in ts-02,
 * started a day apart; every third has a step overdue by now, the rest are due ahead.
 */
const LISTED: Listed[] = Array.from({ length: 25 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  const probation = i % 5 !== 0;
  return {
    caseId: probation ? `probation/p-list-${n}/browser` : `election/ts-02-list-${n}/browser`,
    kind: probation ? 'probation' : 'election',
    township: probation ? 'ts-01' : 'ts-02',
    name: `列表${n}`,
    startedAt: new Date(Date.now() - (60 - i) * DAY_MS).toISOString(),
    dueAt: new Date(Date.now() + (i % 3 === 0 ? -2 : 5 + i) * DAY_MS).toISOString(),
  };
});

function eventsOf(c: Listed): DomainEvent[] {
  return [
    {
      type: 'CaseStarted',
      data: {
        caseId: c.caseId,
        kind: c.kind,
        subjectId: c.caseId.split('/')[1]!,
        townshipId: c.township,
        policyVersion: DEFAULT_POLICY.version,
        startedAt: c.startedAt,
        summary: c.kind === 'probation' ? `${c.name} 试任 副乡长` : `${c.name} 第十一届 换届选举`,
      },
    },
    openedTask(c.caseId, c.township, 'check-in-1', c.dueAt),
  ];
}

/** A ts-07 village off the demo's list: no other suite starts its rectification on the shared server. */
let branch = '';
let branchName = '';

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
]);

beforeAll(async () => {
  for (const c of LISTED) await appendCaseEvents(stack!.database.db, c.caseId, eventsOf(c));
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const villages = await stack!.database.db
    .selectFrom('org_units')
    .select(['org_unit_id', 'name'])
    .where('kind', '=', 'village')
    .where('township_id', '=', 'ts-07')
    .orderBy('org_unit_id')
    .execute();
  const village = villages.find((v) => !listed.has(v.org_unit_id))!;
  branch = village.org_unit_id;
  branchName = village.name;
}, 120_000);

afterAll(async () => {
  await stack?.client.workflow
    .getHandle(`rectification/${branch}/${today.slice(0, 4)}`)
    .terminate('test finished')
    .catch(() => undefined);
});

const poll = <T>(fn: () => T | Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });
const hash = (page: Page) => decodeURIComponent(new URL(page.url()).hash);
const rows = (page: Page) => page.getByTestId('cases-table').locator('tbody .ant-table-row');
/** The names in the list's rows, in order. */
const names = async (page: Page) => (await page.getByTestId('case-link').allTextContents()).map((t) => t.split(' · ')[0]!);

/** Picks an option of an antd select by its text: typed, taken with Enter once listed, then checked. */
async function pick(page: Page, select: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await select.click();
  const input = select.locator('input').first();
  await input.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().waitFor();
  await input.press('Enter');
  await poll(async () => (await select.textContent()) ?? '').toContain(text);
}

describe('the cases list', () => {
  it('county staff filter, sort and page the list, go back, and open a case from its row', async () => {
    const byStart = [...LISTED].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((c) => c.name);
    const elections = LISTED.filter((c) => c.kind === 'election');
    const overdueElections = elections.filter((c) => Date.parse(c.dueAt) < Date.now());
    await scenario('cases-list', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('nav-cases').click();
      await page.getByTestId('cases-page').waitFor();
      await poll(() => rows(page).count()).toBe(20);
      expect(await page.locator('.ant-pagination-total-text').textContent()).toBe('共 25 件');

      // Kind, then overdue: the URL carries both, the list holds what they say.
      await pick(page, page.getByTestId('cases-kind'), '换届选举');
      await poll(() => hash(page)).toBe('#/cases?kind=election');
      await poll(() => rows(page).count()).toBe(elections.length);
      expect(new Set(await rows(page).locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['换届选举']));
      await page.getByTestId('cases-overdue-yes').click();
      await poll(() => hash(page)).toBe('#/cases?kind=election&overdue=true');
      await poll(async () => (await names(page)).sort()).toEqual(overdueElections.map((c) => c.name).sort());
      expect(await page.getByTestId('case-next-due').count()).toBe(overdueElections.length);

      // Sorted by start date both ways, over every case.
      await page.getByTestId('cases-clear').click();
      await poll(() => hash(page)).toBe('#/cases');
      await pick(page, page.getByTestId('cases-sort'), '启动日期 ↑');
      await poll(() => hash(page)).toBe('#/cases?sort=started');
      await poll(() => names(page)).toEqual(byStart.slice(0, 20));
      await pick(page, page.getByTestId('cases-sort'), '启动日期 ↓');
      await poll(() => names(page)).toEqual([...byStart].reverse().slice(0, 20));

      // The second page: the last five; the back button returns to the first, sort kept.
      await page.locator('.ant-pagination-item-2').click();
      await poll(() => hash(page)).toBe('#/cases?sort=-started&page=2');
      await poll(() => names(page)).toEqual([...byStart].reverse().slice(20));
      await page.goBack();
      await poll(() => hash(page)).toBe('#/cases?sort=-started');
      await poll(() => names(page)).toEqual([...byStart].reverse().slice(0, 20));

      // A row opens its case.
      const newest = [...LISTED].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0]!;
      await page.getByTestId('case-link').first().click();
      await page.getByTestId('case-page').waitFor();
      await poll(() => hash(page)).toBe(`#/cases/${newest.caseId}`);
      await poll(async () => (await page.getByTestId('case-name').textContent()) ?? '').toContain(newest.name);

      // A link with a bad value: the parser's words, and no list.
      await page.goto(`${baseUrl}/#/cases?sort=name&pageSize=500`);
      await poll(async () => (await page.getByTestId('cases-query-problem').textContent()) ?? '').toMatch(/排序须为 .*每页条数须为 1–100/);
      expect(await page.getByTestId('cases-table').count()).toBe(0);
    });
  });

  it('a township member’s list holds their township’s cases only', async () => {
    const own = LISTED.filter((c) => c.township === 'ts-01');
    await scenario('cases-list-township', async (page) => {
      await signIn(page, 'ts-01-committee');
      await page.goto(`${baseUrl}/#/cases?pageSize=50`);
      await poll(() => rows(page).count()).toBe(own.length);
      expect((await names(page)).sort()).toEqual(own.map((c) => c.name).sort());
      expect(await page.getByTestId('cases-township').count()).toBe(0);
    });
  });
});

describe('the screening page', () => {
  it('county staff upload the facts file, see the branch listed with its reason, start its case from the row and open it', async () => {
    const caseId = `rectification/${branch}/${today.slice(0, 4)}`;
    await scenario('screening', async (page) => {
      await signIn(page, 'org-staff');
      // County staff's menu has more pages than the bar shows at this width: the page by its address.
      await page.goto(`${baseUrl}/#/screening`);
      await page.getByTestId('screening-page').waitFor();
      await page.getByTestId('rectification-facts').setInputFiles({
        name: 'facts.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ [branch]: { annualRanking: { position: 184, of: 184 } } })),
      });
      await poll(() => page.getByTestId('rectification-facts-read').textContent()).toContain('1 个村党组织');
      await page.getByTestId('rectification-screen').click();
      const row = page.getByTestId(`listed-${branch}`);
      await row.waitFor();
      expect(await row.textContent()).toContain(branchName);
      expect(await row.textContent()).toContain('年度排名末位：第 184 名');
      expect(await stack!.database.db.selectFrom('cases').select('case_id').where('case_id', '=', caseId).execute()).toEqual([]);

      await page.getByTestId(`start-${branch}`).click();
      await poll(async () => (await page.getByTestId(`started-${branch}`).textContent()) ?? '', 90_000).toContain('已启动');
      const started = await stack!.database.db
        .selectFrom('rectification_cases')
        .select('screening')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(started.screening).toMatchObject({ reasons: [{ kind: 'bottom-of-ranking', position: 184 }] });
      // The other rows can still be started; this one links to its case.
      expect(await page.getByTestId(`start-${branch}`).count()).toBe(0);
      await page.getByTestId(`open-${branch}`).click();
      await page.getByTestId('case-page').waitFor();
      await poll(() => hash(page)).toBe(`#/cases/${caseId}`);
    });
  });
});
