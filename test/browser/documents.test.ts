/**
 * The documents' buttons in the web UI, in Debian's Chromium (playwright-core) against the
 * real API on a free port, a real PostgreSQL database with the demo registry and the run's
 * shared Temporal dev server, serving the built web/dist: where a user looks for each
 * document there is a button, and the file it saves is the document under its Chinese name
 * — the roster on the cases page (a township member's: their township's), the result sheet
 * on the evaluation round's card and the rectification ledger on the dashboard, the public
 * notice on the page of a case that posted one.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { shanghaiDate } from '../../domain/calendar';
import { eventually } from '../support/cases';
import { writeGradedRound } from '../support/gradedRound';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-documents-${process.pid}`;
const PASSWORD = 'browser documents passphrase';
const YEAR = 2022;

let noticeCase: string;
let noticeName: string;

useBrowserSuite(TASK_QUEUE, PASSWORD, [
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
]);

beforeAll(async () => {
  await writeGradedRound(stack!.database.db, YEAR);
  const person = await stack!.database.db
    .selectFrom('people')
    .select(['person_id', 'name'])
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id', 'desc')
    .executeTakeFirstOrThrow();
  noticeName = person.name;
  noticeCase = (
    await stack!.backend.startProbation({
      personId: person.person_id,
      title: '副乡长',
      appointedOn: shanghaiDate(Date.now()),
      appointmentId: 'browser-documents',
      preAppointmentNotice: true,
    })
  ).caseId;
  await eventually(
    async () =>
      (await stack!.database.db.selectFrom('public_notices').select('notice_id').where('case_id', '=', noticeCase).executeTakeFirst()) ??
      undefined,
    'the pre-appointment notice',
  );
}, 120_000);

afterAll(async () => {
  if (noticeCase)
    await stack?.client.workflow
      .getHandle(noticeCase)
      .terminate('test finished')
      .catch(() => undefined);
});

/** Clicks a download button: the file's suggested name and its bytes. */
async function downloadBy(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

async function entry(bytes: Buffer, path: string): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(path)!.async('string');
}

describe('the documents’ buttons', () => {
  it('county staff download the result sheet and the ledger from the dashboard, the roster from the cases page, the notice from its case', async () => {
    await scenario('documents-county', async (page) => {
      await signIn(page, 'org-staff');
      await page.getByTestId('dashboard-page').waitFor();
      const sheet = await downloadBy(page, 'download-result-sheet');
      expect(sheet.name).toBe(`${YEAR}年度考核结果汇总表-${YEAR}-ts-01+ts-02.xlsx`);
      expect(await entry(sheet.bytes, 'xl/sharedStrings.xml')).toContain('优秀名额');
      const ledger = await downloadBy(page, 'download-ledger');
      expect(ledger.name).toBe('整顿台账.xlsx');
      expect(await entry(ledger.bytes, 'xl/sharedStrings.xml')).toContain('后进党组织整顿台账（全县，共 0 个）');

      await page.goto(`${baseUrl}/#/cases`);
      await page.getByTestId('cases-page').waitFor();
      const roster = await downloadBy(page, 'download-roster');
      expect(roster.name).toBe('干部名册.xlsx');
      expect(await entry(roster.bytes, 'xl/sharedStrings.xml')).toContain(noticeName);

      await page.goto(`${baseUrl}/#/cases/${encodeURIComponent(noticeCase)}`);
      await page.getByTestId('case-facts').waitFor();
      const notice = await downloadBy(page, 'download-notice');
      expect(notice.name).toBe(`公示-${noticeCase.replace(/[^A-Za-z0-9._+-]+/g, '-')}.docx`);
      expect(await entry(notice.bytes, 'word/document.xml')).toContain(noticeName);
    });
  });

  it('a township member’s roster button saves their township’s roster', async () => {
    await scenario('documents-township', async (page) => {
      await signIn(page, 'ts-01-committee');
      await page.goto(`${baseUrl}/#/cases`);
      await page.getByTestId('cases-page').waitFor();
      const roster = await downloadBy(page, 'download-roster');
      expect(roster.name).toBe('干部名册-ts-01.xlsx');
      // Someone of ts-02 whose name no one in ts-01 shares.
      const people = await stack!.database.db.selectFrom('people').select(['name', 'township_id']).execute();
      const ts01 = new Set(people.filter((p) => p.township_id === 'ts-01').map((p) => p.name));
      const other = people.find((p) => p.township_id === 'ts-02' && !ts01.has(p.name))!;
      const strings = await entry(roster.bytes, 'xl/sharedStrings.xml');
      expect(strings).toContain(noticeName);
      expect(strings).not.toContain(`<t>${other.name}</t>`);
    });
  });
});
