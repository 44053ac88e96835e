/**
 * One selection (选拔任用) through the `cadreflow` command, on the real Temporal dev server
 * (the suite's own) and a real PostgreSQL database, with the worker as its own process and
 * the demo county's registry: opened with `selection start`, decided with `cadreflow
 * decide` (and, for steps like ones already taken through the command, the same call from
 * this process), read back with `selection show`, and its full-process record written
 * twice with `selection record`. The pre-appointment notice runs five working days, so the
 * county enters a selection it held weeks ago: opened, approved and voted on past days, the
 * notice posted on paper 19 days back. It closes as soon as it is posted, the appointment
 * is decided, and the probation it starts is a case of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ownTemporal } from '../support/temporal';
import { cli, cliEnv, createCliAccounts, runCli, STAFF, startCli, type LongRunning } from '../support/cli';
import { eventually } from '../support/cases';
import { decide } from '../../client/cases';
import { loadConfig } from '../../client/config';
import { connectTemporal, type TemporalClient } from '../../client/stack';
import type { TemporalEndpoint } from '../../client/temporal';
import type { Actor } from '../../domain/actors';

let database: TestDatabase;
let temporal: TemporalEndpoint;
let env: NodeJS.ProcessEnv;
let worker: LongRunning | undefined;
let client: TemporalClient;
const county: Actor = { id: STAFF, role: 'county-org-dept' };
const today = shanghaiDate(Date.now());
// A selection held weeks ago and entered now; 19 days hold the notice's five working days, holidays included.
const openedOn = addDays(today, -40);
const heldOn = addDays(today, -20);
const noticePostedOn = addDays(today, -19);
const CASE = `selection/ts-01/deputy-head/${openedOn}`;

async function pendingSteps(): Promise<string[]> {
  const rows = await database.db.selectFrom('tasks').select('step').where('case_id', '=', CASE).where('status', '=', 'pending').execute();
  return rows.map((r) => r.step);
}

async function waitForStep(step: string): Promise<void> {
  await eventually(async () => ((await pendingSteps()).includes(step) ? true : undefined), `${CASE} ${step}`);
}

async function decideVia(step: string, args: string[]): Promise<string> {
  await waitForStep(step);
  return cli(['decide', CASE, step, '--user', STAFF, ...args], env);
}

async function decideHere(step: string, decision: Record<string, unknown>): Promise<void> {
  await waitForStep(step);
  await decide(client.client, CASE, step, county, decision);
}

async function paragraphs(file: string): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

beforeAll(async () => {
  [database, temporal] = await Promise.all([createTestDatabase(), ownTemporal()]);
  env = cliEnv('selection-cli', temporal.address, database.url);
  await createCliAccounts(database.db, ['ts-01']);
  worker = await startCli(['worker'], env, /worker running/);
  client = await connectTemporal(loadConfig(env));
  await cli(['demo'], env);
}, 120_000);

afterAll(async () => {
  await client?.close();
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  await temporal?.stop();
  await database?.drop();
});

describe('`cadreflow selection`', { timeout: 300_000 }, () => {
  it('opens a selection, takes its steps to the appointment, starts the probation, and writes the same record twice', async () => {
    const people = await database.db
      .selectFrom('people')
      .select(['person_id', 'name'])
      .where('township_id', '=', 'ts-01')
      .orderBy('person_id')
      .limit(2)
      .execute();
    expect(people).toHaveLength(2);
    const [first, second] = people.map((p) => p.person_id) as [string, string];
    const start = [
      'selection',
      'start',
      '--user',
      STAFF,
      '--unit',
      'ts-01',
      '--post-id',
      'deputy-head',
      '--title',
      '副乡长',
      '--rank',
      '副科级',
      '--qualifications',
      '大学本科以上学历',
      '--scope',
      '全县乡镇在职干部',
      '--opened-on',
      openedOn,
      '--method',
      'competitive',
    ];
    // A township committee cannot open one; a bad method is refused before anything starts.
    const refused = await runCli([...start.slice(0, 2), '--user', 'ts-01-committee', ...start.slice(4)], env);
    expect(refused.code).not.toBe(0);
    const badMethod = await runCli([...start.slice(0, -1), 'lottery'], env);
    expect(badMethod.stderr).toContain('method must be one of');
    expect(await cli(start, env)).toBe(`started ${CASE}\n`);
    expect(await cli(start, env)).toBe(`${CASE} is already running; nothing started\n`);

    // A list for a decision is refused before anything is sent; the plan is not approved before the case opened.
    await waitForStep('work-plan');
    const list = await runCli(['decide', CASE, 'work-plan', '--user', STAFF, '--data', '[1,2]'], env);
    expect(list.code).not.toBe(0);
    expect(list.stderr).toContain(`--data: the decision must be a JSON object of the step's fields ({"field": value, …}), got a list`);
    const early = await runCli(
      ['decide', CASE, 'work-plan', '--user', STAFF, '-f', 'approvedBy=县委书记专题会', '-f', `approvedOn=${addDays(openedOn, -1)}`],
      env,
    );
    expect(early.stderr).toContain(`approvedOn ${addDays(openedOn, -1)} is before the selection was opened (${openedOn})`);
    expect(await pendingSteps()).toEqual(['work-plan']);
    await decideVia('work-plan', ['-f', 'approvedBy=县委书记专题会', '-f', `approvedOn=${openedOn}`]);
    await decideVia('meeting-recommendation', [
      '-f',
      'due=40',
      '-f',
      'attended=38',
      '-f',
      'cast=38',
      '-f',
      'invalid=0',
      '-f',
      `votes.${first}=30`,
      '-f',
      `votes.${second}=20`,
    ]);
    await decideHere('talk-recommendation', { talkedTo: 25, named: { [first]: 18, [second]: 9 } });
    await decideVia('targets-1', [
      '--data',
      JSON.stringify({
        targets: [
          { personId: first, reason: '推荐居首' },
          { personId: second, reason: '推荐第二' },
        ],
      }),
    ]);
    await decideHere('inspection-team-1', { members: ['王敏', '刘洋'] });
    for (const personId of [first, second]) {
      for (const check of ['personnel-file', 'personal-matters', 'discipline-opinion', 'petitions']) {
        await decideHere(`check-1-${personId}-${check}`, { outcome: 'pass' });
      }
      await decideHere(`report-1-${personId}`, { conversations: 20, rating: '优秀 15，称职 5', report: '实绩突出' });
    }
    await decideVia('committee-1-1', [
      '--data',
      JSON.stringify({
        membersDue: 9,
        present: 8,
        votes: [
          { personId: first, yes: 6, no: 2, abstain: 0 },
          { personId: second, yes: 4, no: 4, abstain: 0 },
        ],
        heldOn,
        noticePostedOn,
      }),
    ]);

    // The notice of the one approved candidate (the other got 4 of 9 due) ran its days on
    // paper: it closes when posted, and the appointment opens.
    await waitForStep(`appointment-${first}`);
    const notice = await database.db
      .selectFrom('public_notices')
      .selectAll()
      .where('notice_id', '=', `${CASE}:pre-appointment-notice-${first}`)
      .executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ case_id: CASE, status: 'closed', outcome: 'clear', working_days: 5 });
    expect(notice.closes_at.getTime()).toBeLessThan(Date.now());
    const shown = JSON.parse(await cli(['selection', 'show', CASE, '--json'], env)) as {
      status: { stage: string; approved: string[]; cleared: string[] };
    };
    expect(shown.status).toMatchObject({ stage: 'appointment', approved: [first], cleared: [first, second] });

    await decideVia(`appointment-${first}`, ['-f', `letterOn=${today}`, '-f', `talkOn=${today}`]);
    const probationId = `probation/${first}/deputy-head-${today}`;
    await eventually(async () => {
      const c = await database.db.selectFrom('cases').select('status').where('case_id', '=', CASE).executeTakeFirst();
      return c?.status === 'closed' ? true : undefined;
    }, `${CASE} to close`);
    const selectionCase = JSON.parse(await cli(['case', 'show', CASE, '--json'], env)) as { status: string; outcome: string };
    expect(selectionCase).toMatchObject({ status: 'closed', outcome: 'appointed' });
    // The probation is a case of its own, open, as the read model and the command show it.
    await eventually(async () => {
      const c = await database.db.selectFrom('cases').select('status').where('case_id', '=', probationId).executeTakeFirst();
      return c?.status === 'open' ? true : undefined;
    }, `${probationId} to open`);
    const probation = JSON.parse(await cli(['case', 'show', probationId, '--json'], env)) as {
      kind: string;
      status: string;
      probation?: { appointedOn: string; status: string };
    };
    expect(probation).toMatchObject({ kind: 'probation', status: 'open', probation: { appointedOn: today } });

    const dir = env.CADREFLOW_DATA_DIR!;
    const a = join(dir, 'a.docx');
    const b = join(dir, 'b.docx');
    expect(await cli(['selection', 'record', CASE, '--out', a, '--user', STAFF], env)).toMatch(/^wrote \d+ lines of the record to /);
    await cli(['selection', 'record', CASE, '--out', b, '--user', STAFF], env);
    const [textA, textB] = await Promise.all([paragraphs(a), paragraphs(b)]);
    expect(textB).toEqual(textA);
    const name = (id: string) => people.find((p) => p.person_id === id)!.name;
    expect(textA).toEqual(
      expect.arrayContaining([
        `${name(first)}（${first}）：赞成 6，反对 2，弃权 0，回避 0；须赞成 5 票（超过应到会成员半数），通过。`,
        `${name(second)}（${second}）：赞成 4，反对 4，弃权 0，回避 0；须赞成 5 票（超过应到会成员半数），未通过。`,
        `会议日期：${heldOn}；记录人：${STAFF}，记录日期：${today}`,
        `${name(first)}（${first}） 任 副乡长：任职通知 ${today}，任职谈话 ${today}。试用期案件：${probationId}`,
      ]),
    );
    expect(textA.some((p) => p.includes(`：${noticePostedOn} 起公示 5 个工作日`))).toBe(true);
    expect(await runCli(['selection', 'show', 'election/ts-01-v01/2026'], env)).toMatchObject({ code: 1 });
  });
});
