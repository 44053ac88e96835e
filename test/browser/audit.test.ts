/**
 * The auditor's job in the web UI, in Debian's Chromium (playwright-core) against the real
 * API on a free port, a real PostgreSQL database with the demo registry and the run's
 * shared Temporal dev server, serving the built web/dist:
 *
 *   - a file a township committee attaches to a case shows on the case's audit page with
 *     the SHA-256 of its bytes;
 *   - the auditor downloads the case's archive: the file is the archive `cadreflow audit
 *     export --case` writes, and it verifies offline;
 *   - the auditor replays the case's history and sees it match the current code;
 *   - on the archives page the auditor signs a checkpoint and sees it listed, its
 *     signature valid.
 *
 * A failing test leaves a screenshot in test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { loadSigningKey } from '../../client/audit/checkpoint';
import { verifyArchive } from '../../client/audit/verify';
import { eventually } from '../support/cases';
import { UI_TIMEOUT } from '../support/browser';
import { baseUrl, scenario, signIn, stack, useBrowserSuite } from '../support/browserSuite';

const TASK_QUEUE = `browser-audit-${process.pid}`;
const PASSWORD = 'browser audit passphrase';
const enc = encodeURIComponent;
const poll = <T>(fn: () => Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 100 });

const keyDir = mkdtempSync(join(tmpdir(), 'cadreflow-browser-audit-'));
const signingKey = loadSigningKey(keyDir, {});
let caseId = '';

useBrowserSuite(
  TASK_QUEUE,
  PASSWORD,
  [
    { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
    { login: 'auditor', displayName: '审计员', role: 'auditor' },
  ],
  { auditSigningKey: () => signingKey },
);

/** Archive lines without the export's own time: two exports of the same record compare equal. */
function archiveLines(gzip: Buffer): unknown[] {
  return gunzipSync(gzip)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((l) => (l.kind === 'header' ? { ...l, exportedAt: '' } : l));
}

beforeAll(async () => {
  const db = stack!.database.db;
  const person = await db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  caseId = (
    await stack!.backend.startProbation({
      personId: person.person_id,
      title: '副乡长',
      appointedOn: addMonths(shanghaiDate(Date.now()), -4),
      appointmentId: 'browser-audit',
    })
  ).caseId;
  await eventually(
    async () =>
      (await db.selectFrom('tasks').select('task_id').where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst()) ??
      undefined,
    'check-in-1 in the read model',
  );
}, 120_000);

afterAll(async () => {
  if (caseId)
    await stack?.client.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
  rmSync(keyDir, { recursive: true, force: true });
});

describe('the auditor in the browser', () => {
  it('an attachment uploaded to a case shows with its hash on the audit page', async () => {
    const minutes = Buffer.from('%PDF-1.7\n% 党委会议记录（审计）\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    const sha256 = createHash('sha256').update(minutes).digest('hex');
    await scenario('audit-attachment-upload', async (page) => {
      await signIn(page, 'ts-01-committee');
      await page.goto(`${baseUrl}/#/cases/${enc(caseId)}`);
      const notes = page.getByTestId('case-notes');
      await notes.getByTestId('attachment-input').setInputFiles({ name: '考察会议记录.pdf', mimeType: 'application/pdf', buffer: minutes });
      await notes.locator('[data-testid="attachment"][data-file-name="考察会议记录.pdf"]').waitFor();
    });
    await scenario('audit-attachment-hash', async (page) => {
      await signIn(page, 'auditor');
      await page.goto(`${baseUrl}/#/audit/${enc(caseId)}`);
      const row = page.locator('[data-testid="audit-attachments"] tr[data-file-name="考察会议记录.pdf"]');
      await row.waitFor();
      expect(await row.getAttribute('data-sha256')).toBe(sha256);
      await poll(() => row.getByTestId('audit-attachment-sha256').innerText()).toContain(sha256);
      expect(await row.innerText()).toContain('与日志一致');
    });
  }, 120_000);

  it('downloads the case’s archive, the one `audit export` writes, which verifies; replays the case and sees it match', async () => {
    await scenario('audit-archive-replay', async (page) => {
      await signIn(page, 'auditor');
      await page.goto(`${baseUrl}/#/audit/${enc(caseId)}`);
      await page.getByTestId('download-archive').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-archive').click()]);
      expect(download.suggestedFilename()).toBe(`audit-${caseId.replace(/\//g, '-')}-${shanghaiDate(Date.now())}.jsonl.gz`);
      const file = await download.path();
      const bytes = readFileSync(file);

      // The archive the CLI's `audit export --case` writes, through the same call.
      const cli = await stack!.modules.audit.exportArchive({
        scope: { caseId },
        namespace: stack!.client.options.namespace,
        progress: false,
      });
      expect(archiveLines(bytes)).toEqual(archiveLines(Buffer.from(cli.gzipBase64, 'base64')));
      const report = await verifyArchive(file);
      expect(report.ok, JSON.stringify(report, null, 2)).toBe(true);
      expect(report.chain.ok).toBe(true);

      await page.getByTestId('run-replay').click();
      const result = page.getByTestId('replay-result');
      await result.waitFor({ timeout: 60_000 });
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await result.innerText()).toContain('共 1 个历史：1 个一致，0 个不一致，0 个失败');
      expect(await result.getByTestId('replay-status').allInnerTexts()).toEqual(['一致']);
      expect(await result.getByTestId('replay-runs').innerText()).toContain(caseId);
    });
  }, 180_000);

  it('signs a checkpoint on the archives page and sees it listed with a valid signature', async () => {
    await scenario('audit-checkpoint', async (page) => {
      await signIn(page, 'auditor');
      await page.goto(`${baseUrl}/#/archives`);
      const table = page.getByTestId('checkpoints');
      await table.waitFor();
      await poll(() => table.innerText()).toContain('尚未签署检查点');
      await page.getByTestId('sign-checkpoint').click();
      await poll(() => page.getByTestId('checkpoint-signed').innerText()).toMatch(/^已签署检查点 #1：位置 \d+$/);
      await poll(() => table.locator('tbody tr').first().innerText()).toContain('有效');
      expect(await table.locator('tbody tr').first().innerText()).toContain(signingKey.fingerprint);
    });
  }, 120_000);
});
