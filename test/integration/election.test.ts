/**
 * One election (双推直选 of a demo village) end to end through the `cadreflow` command,
 * on the real Temporal dev server (the suite's own, `ownTemporal()`) and a real
 * PostgreSQL database, with the worker as its own process (`cadreflow worker`, its own
 * task queue) and the demo county from `cadreflow demo`: started with `election start`,
 * decided with `cadreflow decide`, read back with `election show` / `election results`,
 * the registry's posts replaced, and a rebuild of every read model equal to the live
 * tables.
 *
 * The slate's public notice (公示) lasts five working days. It was posted on paper in the
 * village weeks ago (`-f noticePostedOn=…` with the slate), so its window has run out
 * when the step is recorded and the notice closes at once; the election meeting's day is
 * past too, so no step waits on the real server's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ownTemporal } from '../support/temporal';
import { cli, cliEnv, committee, createCliAccounts, runCli, STAFF, startCli, type LongRunning } from '../support/cli';
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
/** A client like the command's: its payloads sealed with the data folder's keys (client/codec.ts). */
let client: TemporalClient;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };

// 陈家山村 of the demo county: 付国涛 (p-0462) is its 党支部书记、村委会主任 (一肩挑).
const VILLAGE = 'ts-01-v01';
const NOMINEES = ['p-0462', 'p-0463', 'p-0464', 'p-0466'];
const today = shanghaiDate(Date.now());
// Posted on paper a month ago: five working days have run out whatever the holidays.
const POSTED_ON = addDays(today, -30);
const ELECTION_DAY = addDays(today, -10);

async function pendingSteps(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('tasks').select('step').where('case_id', '=', caseId).where('status', '=', 'pending').execute();
  return rows.map((r) => r.step);
}

async function waitForStep(caseId: string, step: string): Promise<void> {
  await eventually(async () => ((await pendingSteps(caseId)).includes(step) ? true : undefined), `${caseId} ${step}`);
}

/** Decides a step through `cadreflow decide` as the account `user`. */
async function decideVia(caseId: string, step: string, user: string, fields: string[]): Promise<string> {
  await waitForStep(caseId, step);
  return cli(['decide', caseId, step, '--user', user, ...fields.flatMap((f) => ['-f', f])], env);
}

/**
 * The same call `cadreflow decide` makes, from this process: for the steps that repeat
 * one already taken through the command (each command is a Node start of ~2 s).
 */
async function decideHere(caseId: string, step: string, actor: Actor, decision: Record<string, unknown>): Promise<void> {
  await waitForStep(caseId, step);
  await decide(client.client, caseId, step, actor, decision);
}

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

beforeAll(async () => {
  [database, temporal] = await Promise.all([createTestDatabase(), ownTemporal()]);
  env = cliEnv('election-cli', temporal.address, database.url);
  await createCliAccounts(database.db, ['ts-01', 'ts-02']);
  // The worker bundles the workflows as it starts; it also creates the data folder's
  // keyring, which the demo and this suite's client seal payloads with.
  worker = await startCli(['worker'], env, /worker running/);
  client = await connectTemporal(loadConfig(env));
  expect(await cli(['demo'], env)).toMatch(/registry: 2311 events appended; probation cases: 12 started/);
}, 120_000);

afterAll(async () => {
  await client?.close();
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  await temporal?.stop();
  await database?.drop();
});

describe('cadreflow election end to end', () => {
  it('runs a village election through the CLI: request to filing, the registry updated, read models rebuildable', async () => {
    const term = today.slice(0, 4);
    const caseId = `election/${VILLAGE}/${term}`;
    const started = await cli(['election', 'start', '--branch', VILLAGE, '--seats', '3'], env);
    expect(started).toMatch(new RegExp(`^started ${caseId} \\(双推直选; replaces 党支部书记、村委会主任 p-0462`));
    expect((await cli(['election', 'start', '--branch', VILLAGE, '--seats', '3'], env)).trim()).toBe(
      `${caseId} is already running; nothing started`,
    );

    await waitForStep(caseId, 'request-approval');
    const wrong = await runCli(['decide', caseId, 'request-approval', '--user', committee('ts-02'), '-f', 'outcome=approve'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(/^cadreflow: refused \(WrongTownship\)/);

    await decideVia(caseId, 'request-approval', committee('ts-01'), ['outcome=approve', 'reason=同意按期换届']);
    await decideVia(caseId, 'election-notice', committee('ts-01'), [
      `date=${ELECTION_DAY}`,
      'method=差额选举、无记名投票',
      'eligibleVoters=30',
    ]);
    const votes = (counts: number[]) => NOMINEES.map((p, i) => `votes.${p}=${counts[i]}`);
    // A vote for a person of another township, or an id the registry does not know, is refused and writes nothing.
    await waitForStep(caseId, 'members-recommendation');
    await waitForStep(caseId, 'masses-recommendation');
    const neighbour = (
      await database.db
        .selectFrom('people')
        .select('person_id')
        .where('township_id', '=', 'ts-02')
        .orderBy('person_id')
        .executeTakeFirstOrThrow()
    ).person_id;
    const eventsBefore = (await eventTypes(caseId)).length;
    const outsider = await runCli(
      [
        'decide',
        caseId,
        'members-recommendation',
        '--user',
        committee('ts-01'),
        '-f',
        'eligible=30',
        '-f',
        'present=26',
        '-f',
        'cast=26',
        '-f',
        'invalid=0',
        ...votes([24, 20, 18, 0]).flatMap((v) => ['-f', v]),
        '-f',
        `votes.${neighbour}=12`,
      ],
      env,
    );
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain(
      `refused (MalformedDecision): step "members-recommendation": votes names ${neighbour}: not registered as a person of township ts-01`,
    );
    await expect(
      decide(client.client, caseId, 'masses-recommendation', township, {
        eligible: 45,
        present: 36,
        cast: 36,
        invalid: 1,
        votes: { [NOMINEES[0]!]: 30, 'p-9999': 3 },
      }),
    ).rejects.toThrow(/votes names p-9999: not registered as a person of township ts-01/);
    expect((await eventTypes(caseId)).length).toBe(eventsBefore);
    await decideVia(caseId, 'members-recommendation', committee('ts-01'), [
      'eligible=30',
      'present=26',
      'cast=26',
      'invalid=0',
      ...votes([24, 20, 18, 12]),
    ]);
    await decideHere(caseId, 'masses-recommendation', township, {
      eligible: 45,
      present: 36,
      cast: 36,
      invalid: 1,
      votes: Object.fromEntries(NOMINEES.map((p, i) => [p, [30, 25, 22, 15][i]])),
    });
    await decideVia(caseId, 'township-review', committee('ts-01'), []);
    await decideVia(caseId, `vetting-${NOMINEES[0]}`, committee('ts-01'), ['outcome=pass', 'findings=符合条件']);
    for (const p of NOMINEES.slice(1)) await decideHere(caseId, `vetting-${p}`, township, { outcome: 'pass', findings: '符合条件' });
    // The last vetting returns before the slate step opens; wait, so the refusal is the slate's own.
    await waitForStep(caseId, 'slate');
    const short = await runCli(['decide', caseId, 'slate', '--user', committee('ts-01'), '-f', 'candidates=p-0462,p-0463,p-0464'], env);
    expect(short.stderr).toContain(
      'refused (MalformedDecision): step "slate": slate of 3 for 3 seats needs at least 4 candidates (seats + 20%)',
    );
    // A posting day that is no calendar day is refused by the step, not by the notice.
    await expect(decide(client.client, caseId, 'slate', township, { candidates: NOMINEES, noticePostedOn: '2026-02-30' })).rejects.toThrow(
      /noticePostedOn: no such calendar day: 2026-02-30/,
    );
    await decideVia(caseId, 'slate', committee('ts-01'), [`candidates=${NOMINEES.join(',')}`, `noticePostedOn=${POSTED_ON}`]);

    // 公示: posted on paper a month ago, so its five working days have run out and it closes at once.
    const notice = await eventually(async () => {
      const n = await database.db.selectFrom('public_notices').selectAll().where('case_id', '=', caseId).executeTakeFirst();
      return n?.status === 'closed' ? n : undefined;
    }, 'the slate notice to close');
    expect(notice).toMatchObject({ notice_id: `${caseId}:slate-notice`, working_days: 5, objections: 0, upheld: 0, outcome: 'clear' });
    expect(shanghaiDate(new Date(notice.closes_at).getTime()) < today).toBe(true);
    const posted = await database.db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'PublicNoticePosted')
      .executeTakeFirstOrThrow();
    expect(posted.data).toMatchObject({ noticeId: `${caseId}:slate-notice`, postedOn: POSTED_ON, workingDays: 5 });
    await decideVia(caseId, 'election-meeting', committee('ts-01'), [
      'eligible=30',
      'present=28',
      'cast=28',
      'invalid=0',
      ...votes([26, 21, 17, 10]),
    ]);
    await decideVia(caseId, 'officers', committee('ts-01'), ['secretary=p-0462', 'deputy=p-0463']);
    await decideVia(caseId, 'result-approval', committee('ts-01'), ['outcome=approve']);
    await decideVia(caseId, 'filing', STAFF, ['reference=组备〔2026〕7号']);
    await eventually(async () => ((await eventTypes(caseId)).at(-1) === 'CaseClosed' ? true : undefined), 'the case to close');

    const types = await eventTypes(caseId);
    const count = (t: string) => types.filter((x) => x === t).length;
    expect({
      ElectionRequested: count('ElectionRequested'),
      ElectionRequestApproved: count('ElectionRequestApproved'),
      ElectionNoticePosted: count('ElectionNoticePosted'),
      RecommendationMeetingHeld: count('RecommendationMeetingHeld'),
      CandidateVetted: count('CandidateVetted'),
      SlateSet: count('SlateSet'),
      PublicNoticeClosed: count('PublicNoticeClosed'),
      ElectionMeetingHeld: count('ElectionMeetingHeld'),
      OfficersElected: count('OfficersElected'),
      ElectionApproved: count('ElectionApproved'),
      PostEnded: count('PostEnded'),
      PostAssigned: count('PostAssigned'),
      ElectionFiled: count('ElectionFiled'),
      CaseClosed: count('CaseClosed'),
    }).toEqual({
      ElectionRequested: 1,
      ElectionRequestApproved: 1,
      ElectionNoticePosted: 1,
      RecommendationMeetingHeld: 2,
      CandidateVetted: 4,
      SlateSet: 1,
      PublicNoticeClosed: 1,
      ElectionMeetingHeld: 1,
      OfficersElected: 1,
      ElectionApproved: 1,
      PostEnded: 1,
      PostAssigned: 3,
      ElectionFiled: 1,
      CaseClosed: 1,
    });

    const row = await database.db.selectFrom('elections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      township_id: 'ts-01',
      form: 'village',
      term,
      seats: 3,
      status: 'filed',
      slate: NOMINEES,
      elected: ['p-0462', 'p-0463', 'p-0464'],
      secretary: 'p-0462',
      deputy: 'p-0463',
      meetings_held: 3,
    });
    expect(row.filed_on).toBe(row.approved_on);

    // The registry: the 一肩挑 post ends as replaced; the new committee's posts start on the approval day.
    const posts = await database.db
      .selectFrom('post_assignments')
      .selectAll()
      .where('org_unit_id', '=', VILLAGE)
      .orderBy('assignment_id')
      .execute();
    expect(posts.map((p) => [p.person_id, p.title, p.rank, p.started_on === row.approved_on, p.end_reason])).toEqual([
      ['p-0462', '党支部书记、村委会主任', '村干部', false, 'replaced'],
      ['p-0463', '村委会委员、会计', '村干部', false, null],
      ['p-0464', '村委会委员、妇联主席', '村干部', false, null],
      ['p-0462', '党支部书记', '村干部', true, null],
      ['p-0463', '党支部副书记', '村干部', true, null],
      ['p-0464', '党支部委员', '村干部', true, null],
    ]);
    const secretary = await database.db.selectFrom('people').selectAll().where('person_id', '=', 'p-0462').executeTakeFirstOrThrow();
    expect(secretary).toMatchObject({ current_title: '党支部书记', current_assignment_id: `${caseId}/p-0462` });

    const [results, shown] = await Promise.all([
      cli(['election', 'results', '--township', 'ts-01'], env),
      cli(['election', 'show', caseId], env),
    ]);
    expect(results).toMatch(
      new RegExp(
        `${caseId}\\s+陈家山村\\s+ts-01\\s+双推直选\\s+3\\s+filed\\s+filing\\s+付国涛、陈子亮、陈佳琳\\s+付国涛 \\(p-0462\\)\\s+陈子亮 \\(p-0463\\)`,
      ),
    );
    expect(shown).toContain('陈家山村');
    expect(shown).toContain('secretary: 付国涛 (p-0462) · deputy: 陈子亮 (p-0463)');
    expect(shown).toContain('meetings held: 3');

    const rebuilt = await rebuildReadModels(database.db, { schema: 'rebuild_election' });
    expect(rebuilt.events).toBeGreaterThan(2311);
    expect(await diffReadModels(database.db, 'public', 'rebuild_election')).toEqual([]);
  }, 240_000);
});
