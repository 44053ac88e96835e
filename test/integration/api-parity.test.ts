/**
 * API parity (README "Commands"): whatever a county user, a township committee or an
 * auditor does with the CLI, they can do over HTTP as themselves. The README's command
 * table names, per row, the routes that do it ("API" column) or why the row is the
 * operator's only; this suite reads that table and checks it against the CLI's command
 * tree and the running API's route table. Then it calls the read routes the parity added,
 * on a real PostgreSQL database and the real Temporal dev server, and checks that they
 * answer what the CLI's service answers, and a township committee only its own township.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generateDemoCounty } from '../../demo/county';
import { shanghaiDate } from '../../domain/calendar';
import { exportHistory } from '../../client/caseHistory';
import { buildProgram } from '../../client/cli';
import { loadConfig } from '../../client/config';
import type { ApiModules } from '../../client/api/context';
import type { TestDatabase } from '../support/db';
import { eventually } from '../support/cases';
import type { SharedServerWorker } from '../support/sharedServer';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-parity-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** Townships no other integration suite starts cases in; an election term no other suite uses. */
const OWN = 'ts-11';
const OTHER = 'ts-12';
const TERM = '2093';
const enc = encodeURIComponent;

// ── The README's table ──────────────────────────────────────────────────────

interface Row {
  commands: string;
  api: string;
}

/** The rows of the `| command | what it does | API |` table under "## Commands". */
export function commandTable(readme: string): Row[] {
  const section = readme.slice(readme.indexOf('\n## Commands'));
  const lines = section.split('\n');
  const header = lines.findIndex((l) => /^\| command \| what it does \| API \|$/.test(l));
  if (header < 0) throw new Error('README "## Commands" has no `| command | what it does | API |` table');
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    // A cell may hold `a\|b` (an escaped bar): split on the bars that are not escaped.
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    expect(cells, line).toHaveLength(3);
    rows.push({ commands: cells[0]!, api: cells[2]! });
  }
  return rows;
}

/** The code spans of a cell, with `\|` read as `|`. */
const spans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|'));

/** `METHOD /path` in the API cell (a query `?a&b` after the path is documentation, not part of the route). */
export function routesOf(cell: string): string[] {
  return spans(cell).flatMap((s) => {
    const m = /^(GET|POST|PUT|PATCH|DELETE) (\/[^\s?]*)(\?\S*)?$/.exec(s);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });
}

/**
 * The command paths a command cell covers: each code span's leading words (up to the first
 * option, `<argument>` or `[optional]` part), with `a|b` read as either. A command path is
 * covered when it is the start of one of them (`registry correct P --FIELD V` covers
 * `registry correct`).
 */
export function commandPathsOf(cell: string): string[][] {
  const out: string[][] = [];
  for (const span of spans(cell)) {
    const words: string[] = [];
    for (const w of span.split(/\s+/)) {
      if (/^[-<[…]/.test(w)) break;
      words.push(w);
    }
    let paths: string[][] = [[]];
    for (const w of words) paths = paths.flatMap((p) => w.split('|').map((alt) => [...p, alt]));
    out.push(...paths);
  }
  return out;
}

function leafCommands(c: Command, prefix: string[] = []): string[][] {
  if (c.commands.length === 0) return [prefix];
  return c.commands.flatMap((sub) => leafCommands(sub, [...prefix, sub.name()]));
}

const startsWith = (path: string[], prefix: string[]) => prefix.every((w, i) => path[i] === w);

// ── The stack ───────────────────────────────────────────────────────────────

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let modules: ApiModules;
let county: string;
let auditor: string;
let township: string;
const started: string[] = [];
const elections: Record<'own' | 'other', string> = { own: '', other: '' };
const rectifications: Record<'own' | 'other', string> = { own: '', other: '' };
let selection = '';

const get = (cookie: string, url: string): Promise<LightMyRequestResponse> => app.inject({ method: 'GET', url, headers: { cookie } });
const json = <T>(res: LightMyRequestResponse): T => {
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body) as T;
};

/**
 * The route answers what the CLI's service answers. A case moves on while it is read (an
 * activity records, a stage opens), so the two are read again until a pair agrees.
 */
async function sameAsService(url: string, cookie: string, service: () => Promise<unknown>, pick = (body: unknown) => body): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await get(cookie, url);
        expect(res.statusCode, res.body).toBe(200);
        // Key order aside: the API's serializer writes a schema's properties first.
        return isDeepStrictEqual(pick(JSON.parse(res.body)), JSON.parse(JSON.stringify(await service())));
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(true);
}

/** The first village of a township off the demo's list of underperforming branches (the rectification suite starts those). */
async function offListVillage(townshipId: string): Promise<string> {
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const villages = await database.db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'village')
    .where('township_id', '=', townshipId)
    .orderBy('org_unit_id')
    .execute();
  return villages.map((v) => v.org_unit_id).find((id) => !listed.has(id))!;
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, client, app, modules } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  auditor = (await signedInUser(stack, { login: 'auditor', role: 'auditor', password: PASSWORD })).cookie;
  township = (await signedInUser(stack, { login: `${OWN}-committee`, role: 'township-committee', townshipId: OWN, password: PASSWORD }))
    .cookie;

  for (const [t, id] of [
    ['own', OWN],
    ['other', OTHER],
  ] as const) {
    const e = await modules.election.start({ orgUnitId: `${id}-v01`, seats: 3, term: TERM });
    elections[t] = e.caseId;
    const r = await modules.rectification.start({ branches: [await offListVillage(id)] });
    rectifications[t] = r.started[0]!;
    started.push(e.caseId, r.started[0]!);
  }
  const s = await modules.selection.start({
    opening: {
      orgUnitId: OWN,
      post: { postId: 'parity', title: '副乡长', rank: '副科级' },
      method: 'ordinary',
      qualifications: '大学本科以上学历',
      scope: '全县乡镇在职干部',
      openedOn: shanghaiDate(Date.now()),
    },
    actor: { id: 'org-staff', role: 'county-org-dept' },
  });
  selection = s.caseId;
  started.push(selection);
  for (const id of started)
    await eventually(
      async () => (await database.db.selectFrom('cases').select('case_id').where('case_id', '=', id).executeTakeFirst()) ?? undefined,
      `the case row of ${id}`,
    );
  for (const id of Object.values(elections))
    await eventually(
      async () => (await database.db.selectFrom('elections').select('case_id').where('case_id', '=', id).executeTakeFirst()) ?? undefined,
      `the election row of ${id}`,
    );
  for (const id of Object.values(rectifications))
    await eventually(
      async () =>
        (await database.db.selectFrom('rectification_cases').select('case_id').where('case_id', '=', id).executeTakeFirst()) ?? undefined,
      `the rectification row of ${id}`,
    );
}, 180_000);

afterAll(async () => {
  await app?.close();
  for (const id of started)
    await client?.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
  await client?.schedule
    .getHandle(`evaluation-round-schedule/${OWN}`)
    .delete()
    .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

// ── The table against the CLI and the API ───────────────────────────────────

describe('README "Commands": every CLI command has its API routes, or says why it is the operator’s', () => {
  const rows = commandTable(readFileSync(join(__dirname, '../../README.md'), 'utf8'));

  it('reads the table', () => {
    expect(rows.length).toBeGreaterThan(15);
    expect(routesOf('`GET /cases/{caseId}`, `POST /registry/imports?dryRun`')).toEqual(['GET /cases/{caseId}', 'POST /registry/imports']);
    expect(commandPathsOf('`rectification screen\\|start`, `registry correct P --FIELD V`')).toEqual([
      ['rectification', 'screen'],
      ['rectification', 'start'],
      ['registry', 'correct', 'P'],
    ]);
  });

  it('every command of the CLI is in a row', async () => {
    const program = await buildProgram(loadConfig());
    const leaves = leafCommands(program);
    expect(leaves.length).toBeGreaterThan(50);
    const covered = rows.flatMap((r) => commandPathsOf(r.commands));
    const missing = leaves.filter((leaf) => !covered.some((path) => startsWith(path, leaf))).map((l) => l.join(' '));
    expect(missing, 'CLI commands missing from the README table').toEqual([]);
  });

  it('every route a row names exists, and a row without one is marked "operator only"', async () => {
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/docs/json' })).body) as { paths: Record<string, object> };
    const table = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(table.size).toBeGreaterThan(70);
    const unknown: string[] = [];
    const bare: string[] = [];
    for (const row of rows) {
      const routes = routesOf(row.api);
      if (routes.length === 0 && !/operator only/.test(row.api)) bare.push(row.commands);
      for (const r of routes) if (!table.has(r)) unknown.push(`${r} (row ${row.commands.slice(0, 40)})`);
    }
    expect(unknown, 'routes the README names that the API does not have').toEqual([]);
    expect(bare, 'rows with no route that are not marked operator only').toEqual([]);
    // The operator's rows are those the deployment's operator alone runs: processes, schema, keyring, sample data.
    const operatorOnly = rows.filter((r) => routesOf(r.api).length === 0).map((r) => commandPathsOf(r.commands)[0]!.join(' '));
    expect(operatorOnly.sort()).toEqual(['db migrate', 'demo', 'keys list', 'up', 'worker']);
  });
});

// ── The routes the parity added answer what the CLI's services answer ───────────────

describe('the procedures’ read routes', () => {
  it('GET /elections: the results `election results` prints; a township committee its own township', async () => {
    const all = json<{ township: null; elections: Array<{ caseId: string; townshipId: string }> }>(await get(county, '/elections'));
    expect(all.elections.map((e) => e.caseId)).toEqual(expect.arrayContaining(Object.values(elections)));
    const own = json<{ township: string; elections: Array<{ townshipId: string }>; names: object }>(await get(township, '/elections'));
    expect(own.township).toBe(OWN);
    expect(new Set(own.elections.map((e) => e.townshipId))).toEqual(new Set([OWN]));
    await sameAsService('/elections', township, async () => ({ township: OWN, ...(await modules.election.results({ township: OWN })) }));
    problem(await get(township, `/elections?township=${OTHER}`), 403);
  });

  it('GET /cases/{caseId}/election: the view `election show` prints; another township’s is 404 in Chinese and English', async () => {
    const view = json<Record<string, unknown>>(await get(township, `/cases/${enc(elections.own)}/election`));
    await sameAsService(`/cases/${enc(elections.own)}/election`, township, () => modules.election.show(elections.own));
    expect(view).toMatchObject({ caseId: elections.own, townshipId: OWN, seats: 3, term: TERM });
    const refused = await get(township, `/cases/${enc(elections.other)}/election`);
    expect(problem(refused, 404)).toBe(`没有案件 ${elections.other} / no case ${elections.other}`);
    expect(JSON.parse(refused.body)).toMatchObject({ zh: `没有案件 ${elections.other}`, en: `no case ${elections.other}` });
    expect(problem(await get(county, `/cases/${enc(selection)}/election`), 404)).toMatch(
      /是选拔任用案件，不是换届选举案件 \/ \S+ is not of kind election \(it is selection\)$/,
    );
  });

  it('GET /rectification/cases and GET /cases/{caseId}/rectification: `rectification list` and `timeline`', async () => {
    const all = json<{ total: number; items: Array<{ caseId: string; townshipId: string; status: string }> }>(
      await get(auditor, '/rectification/cases'),
    );
    expect(all.items.map((c) => c.caseId)).toEqual(expect.arrayContaining(Object.values(rectifications)));
    expect(all.total).toBe(all.items.length);
    const own = json<{ township: string; items: Array<{ caseId: string; townshipId: string }> }>(
      await get(township, '/rectification/cases'),
    );
    expect(own.items.map((c) => c.caseId)).toEqual([rectifications.own]);
    expect((await modules.rectification.list({ township: OWN })).map((r) => r.case_id)).toEqual([rectifications.own]);

    const timeline = json<{
      caseId: string;
      rectification: { case_id: string; branch_id: string };
      case: { caseId: string; timeline: unknown[] };
    }>(await get(township, `/cases/${enc(rectifications.own)}/rectification`));
    // The case view is GET /cases/{caseId}'s, checked by its own suites: here its events are counted.
    type Timeline = { caseId: string; rectification: unknown; case: { timeline: unknown[] } };
    await sameAsService(
      `/cases/${enc(rectifications.own)}/rectification`,
      township,
      async () => {
        const t = await modules.rectification.timeline(rectifications.own);
        return { caseId: rectifications.own, rectification: t.rectification, events: t.case.timeline.length };
      },
      (body) => ({
        caseId: (body as Timeline).caseId,
        rectification: (body as Timeline).rectification,
        events: (body as Timeline).case.timeline.length,
      }),
    );
    expect(timeline.case.timeline.length).toBeGreaterThan(0);
    expect(timeline.rectification.case_id).toBe(rectifications.own);
    problem(await get(township, `/cases/${enc(rectifications.other)}/rectification`), 404);
  });

  it('GET /cases/{caseId}/selection: where the selection stands, as `selection show` prints it', async () => {
    // The selection opens its first step a moment after it starts: its view, once that step is pending.
    const view = await eventually(async () => {
      const v = json<{ caseId: string; status: { stage?: string }; pending: Array<{ step: string }> }>(
        await get(county, `/cases/${enc(selection)}/selection`),
      );
      return v.pending.length > 0 ? v : undefined;
    }, `${selection}'s first pending step`);
    await sameAsService(`/cases/${enc(selection)}/selection`, county, () => modules.selection.show(selection));
    expect(view.pending.length).toBeGreaterThan(0);
    problem(await get(county, `/cases/${enc(elections.own)}/selection`), 404);
  });

  it('GET /member-development/pipeline: the villages `pipeline` lists, narrowed to the township', async () => {
    const own = json<{ township: string; villages: Array<{ townshipId: string; atRisk: boolean }>; atRisk: number }>(
      await get(township, '/member-development/pipeline?asOf=2026-06-30'),
    );
    expect(own.villages.length).toBeGreaterThan(5);
    expect(new Set(own.villages.map((v) => v.townshipId))).toEqual(new Set([OWN]));
    await sameAsService('/member-development/pipeline?asOf=2026-06-30', township, async () => ({
      township: OWN,
      ...(await modules.members.pipeline({ township: OWN, atRisk: false, asOf: '2026-06-30' })),
    }));
    const atRisk = json<{ villages: Array<{ atRisk: boolean }>; atRisk: number }>(
      await get(county, `/member-development/pipeline?township=${OWN}&atRisk=true&asOf=2026-06-30`),
    );
    expect(atRisk.villages.every((v) => v.atRisk)).toBe(true);
    expect(atRisk.villages.length).toBe(atRisk.atRisk);
    expect(problem(await get(county, '/member-development/pipeline?asOf=2026-02-30'), 400)).toBe('asOf: no such calendar day: 2026-02-30');
    problem(await get(township, `/member-development/pipeline?township=${OTHER}`), 403);
  });

  it('GET /cases/{caseId}/history: the history `history export` writes', async () => {
    const res = await get(auditor, `/cases/${enc(elections.own)}/history`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const cli = await exportHistory(client, elections.own);
    const body = JSON.parse(res.body) as { events: Array<{ eventType: string }> };
    expect(body.events[0]!.eventType).toMatch(/WORKFLOW_EXECUTION_STARTED/);
    // The case may have moved on between the two reads: the API's history is where the CLI's begins.
    expect(body.events.length).toBeLessThanOrEqual(cli.events);
    expect(body.events).toEqual((JSON.parse(cli.json) as typeof body).events.slice(0, body.events.length));
    problem(await get(township, `/cases/${enc(elections.other)}/history`), 404);
    // A case the read model remembers and Temporal has forgotten (past its retention): 404, not "not running".
    const forgotten = 'probation/p-0001/forgotten';
    await database.db
      .insertInto('cases')
      .values({
        case_id: forgotten,
        kind: 'probation',
        subject_id: 'p-0001',
        township_id: OWN,
        policy_version: '2026.1',
        stage: 'closed',
        status: 'closed',
        outcome: 'confirmed',
        summary: 'a case closed long ago',
        started_at: new Date('2020-01-06T00:00:00Z'),
        updated_at: new Date('2021-01-06T00:00:00Z'),
        closed_at: new Date('2021-01-06T00:00:00Z'),
      })
      .execute();
    expect(problem(await get(auditor, `/cases/${enc(forgotten)}/history`), 404)).toBe(
      `Temporal 已没有案件 ${forgotten} 的历史（超过保留期） / Temporal no longer holds the history of case ${forgotten} (past its retention)`,
    );
  });
});

describe('the evaluation Schedule over HTTP', () => {
  it('creates, updates and lists the yearly Schedule as `evaluation schedule` does; a bad cron is 400 and changes nothing', async () => {
    const post = (payload: object) => app.inject({ method: 'POST', url: '/evaluation/schedules', headers: { cookie: county }, payload });
    const created = await post({ townships: [OWN] });
    expect(created.statusCode, created.body).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({ scheduleId: `evaluation-round-schedule/${OWN}`, created: true, cron: '0 9 1 12 *' });
    expect(problem(await post({ townships: [OWN], cron: '0 25 1 12 *' }), 400)).toBe('cron "0 25 1 12 *": hour 25 is outside 0–23');
    expect(problem(await post({ townships: [OWN], cron: 'every december' }), 400)).toMatch(/^cron must have five fields/);
    const updated = await post({ townships: [OWN], cron: '30 8 2 12 *' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(JSON.parse(updated.body)).toMatchObject({ created: false, cron: '30 8 2 12 *' });
    expect((JSON.parse(updated.body) as { nextRuns: string[] }).nextRuns[0]).toMatch(/^\d{4}-12-02T00:30:00\.000Z$/);

    // Temporal lists a Schedule a moment after it is created.
    type Listed = { schedules: Array<{ scheduleId: string; cron: string | null; townshipIds: string[] | null }> };
    await expect
      .poll(async () => json<Listed>(await get(township, '/evaluation/schedules')).schedules, { timeout: 60_000, interval: 500 })
      .toContainEqual(expect.objectContaining({ scheduleId: `evaluation-round-schedule/${OWN}`, cron: '30 8 2 12 *', townshipIds: [OWN] }));
    // Other suites' Schedules on the shared server may be listed too: a township sees only those whose scope covers it.
    const covers = (x: Listed['schedules'][number], t: string) => x.townshipIds === null || x.townshipIds.includes(t);
    expect(json<Listed>(await get(township, '/evaluation/schedules')).schedules.every((x) => covers(x, OWN))).toBe(true);
    const forOther = await signedInUser(
      { database, app },
      { login: `${OTHER}-committee`, role: 'township-committee', townshipId: OTHER, password: PASSWORD },
    );
    const otherList = json<Listed>(await get(forOther.cookie, '/evaluation/schedules')).schedules;
    expect(otherList.every((x) => covers(x, OTHER))).toBe(true);
    expect(otherList.map((x) => x.scheduleId)).not.toContain(`evaluation-round-schedule/${OWN}`);
    // Other suites set Schedules of their own scopes on the shared server: this scope's line is compared.
    const mine = (list: Listed['schedules']) => list.find((x) => x.scheduleId === `evaluation-round-schedule/${OWN}`);
    expect(mine(json<Listed>(await get(county, '/evaluation/schedules')).schedules)).toEqual(mine(await modules.evaluation.schedules()));
  });
});
