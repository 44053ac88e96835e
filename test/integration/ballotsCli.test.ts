/**
 * `cadreflow ballot …` through the real command on a real PostgreSQL database: the
 * township committee opens a session on its election meeting from a definition file
 * (its tokens printed once, or written as an A4 sheet), watches the turnout, voids a
 * spoiled spare and closes it; anyone reads the published list and finds a ballot by its
 * receipt; `ballot verify` recounts the chains and fails on an edited ballot row. Bad
 * input and refusals print Chinese and English and change nothing; another township's
 * committee is told no such session exists.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallot } from '../../client/ballots/service';
import { tokenHash } from '../../client/ballots/tokens';
import { seedRegistry } from '../../client/registrySeed';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { committee, createCliAccounts, runCli } from '../support/cli';
import { BALLOT_STEP, openElectionMeeting, SLATE, YES3 } from '../support/ballotSessions';

let t: TestDatabase;
let env: NodeJS.ProcessEnv;
let dir: string;
let caseId: string;
let sessionId: string;
let tokens: string[];
let spares: string[];
const receipts: string[] = [];

const sessions = async () => Number((await sql<{ n: string }>`select count(*) as n from ballot_sessions`.execute(t.db)).rows[0]!.n);

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedRegistry(t.db);
  const { TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
  dir = mkdtempSync(join(tmpdir(), 'cf-ballot-cli-'));
  env = {
    ...rest,
    DATABASE_URL: t.url,
    CADREFLOW_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    CADREFLOW_USER: committee('ts-03'),
    CADREFLOW_PUBLIC_HOST: 'vote.example.gov.cn',
    CADREFLOW_API_PORT: '8443',
  };
  await createCliAccounts(t.db, ['ts-03', 'ts-04']);
  caseId = await openElectionMeeting(t.db, 'cli');
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

describe('cadreflow ballot open|turnout|void|close|published|verify', () => {
  it('refuses a definition file that is not JSON, or that the step’s rules refuse, in Chinese and English, opening nothing', async () => {
    const notJson = await runCli(['ballot', 'open', caseId, BALLOT_STEP, '--file', file('bad.json', '{"due": 4,')], env);
    expect(notJson.code).not.toBe(0);
    expect(notJson.stderr).toMatch(/投票设置文件 .* 不是 JSON \/ the session file .* is not JSON/);
    const missing = await runCli(['ballot', 'open', caseId, BALLOT_STEP, '--file', join(dir, 'none.json')], env);
    expect(missing.stderr).toMatch(/无法读取投票设置文件 .*ENOENT.* \/ cannot read the session file/);
    const refused = await runCli(['ballot', 'open', caseId, BALLOT_STEP, '--file', file('due.json', '{"due": "40"}')], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refused \(bad-session\): 投票设置有误：.* \/ /);
    const spares = await runCli(
      [
        'ballot',
        'open',
        caseId,
        BALLOT_STEP,
        '--file',
        file('ok.json', JSON.stringify({ due: 4, candidates: SLATE, seats: 3 })),
        '--spares',
        'x',
      ],
      env,
    );
    expect(spares.stderr).toContain('备用票数应为 0 到 50 / spares must be a whole number from 0 to 50');
    expect(await sessions()).toBe(0);
  });

  it('opens a session and prints its tokens once, with the voting page’s address; a second open is refused', async () => {
    const def = file('meeting.json', JSON.stringify({ due: 4, candidates: SLATE, seats: 3 }));
    const r = await runCli(['ballot', 'open', caseId, BALLOT_STEP, '--file', def, '--spares', '1', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const opened = JSON.parse(r.stdout) as { sessionId: string; tokens: { token: string; url: string }[]; spares: { token: string }[] };
    sessionId = opened.sessionId;
    tokens = opened.tokens.map((x) => x.token);
    spares = opened.spares.map((x) => x.token);
    expect(tokens).toHaveLength(4);
    expect(spares).toHaveLength(1);
    expect(opened.tokens[0]!.url).toBe(`http://vote.example.gov.cn:8443/#/vote/${tokens[0]}`);
    const stored = await t.db.selectFrom('ballot_tokens').select('token_hash').where('session_id', '=', sessionId).execute();
    expect(new Set(stored.map((s) => s.token_hash))).toEqual(new Set([...tokens, ...spares].map((x) => tokenHash(x, 'sha256'))));

    const again = await runCli(['ballot', 'open', caseId, BALLOT_STEP, '--file', def], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(
      `refused (session-open): 步骤 ${BALLOT_STEP} 已有进行中的投票 / step "${BALLOT_STEP}" already has an open ballot session`,
    );
  });

  it('the turnout counts the ballots cast; another township’s committee is told there is no such session', async () => {
    for (const token of tokens.slice(0, 3)) receipts.push((await castBallot(t.db, token, YES3)).receipt);
    const r = await runCli(['ballot', 'turnout', sessionId], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${sessionId}: open, 3 of 4 cast`);
    expect(r.stdout).toContain('tokens: 2 unused, 3 used, 0 voided (1 spare(s) issued)');
    const other = await runCli(['--user', committee('ts-04'), 'ballot', 'turnout', sessionId], env);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain(`refused (unknown-session): 没有这个投票 / no ballot session ${sessionId}`);
  });

  it('voids the spare; a participant’s token cannot be voided; then closes with the step’s decision', async () => {
    const notSpare = await runCli(['ballot', 'void', sessionId, tokens[3]!], env);
    expect(notSpare.stderr).toContain('refused (not-a-spare): 只有备用票可以作废 / only a spare token can be voided');
    const voided = await runCli(['ballot', 'void', sessionId, spares[0]!], env);
    expect(voided.code, voided.stderr).toBe(0);
    expect(voided.stdout).toContain('已作废 / voided');
    const status = await t.db
      .selectFrom('ballot_tokens')
      .select('status')
      .where('token_hash', '=', tokenHash(spares[0]!, 'sha256'))
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('voided');

    const closed = await runCli(['ballot', 'close', sessionId, '--json'], env);
    expect(closed.code, closed.stderr).toBe(0);
    const result = JSON.parse(closed.stdout) as {
      cast: number;
      head: string;
      decision: Record<string, unknown>;
      decided: unknown;
      decisionRefusal?: { code: string; zh: string; en: string };
    };
    expect(result.cast).toBe(3);
    // The close decides as the API's does; this case's task row has no workflow behind it, so the step waits and says why.
    expect(result.decided).toBeNull();
    expect(result.decisionRefusal?.code).toMatch(/^(case-not-running|temporal-unavailable)$/);
    expect(result.decisionRefusal?.zh.length).toBeGreaterThan(4);
    const row = await t.db
      .selectFrom('ballot_sessions')
      .select(['status', 'head_hash', 'closed_by'])
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', head_hash: result.head, closed_by: committee('ts-03') });
    const twice = await runCli(['ballot', 'close', sessionId], env);
    expect(twice.stderr).toContain('refused (session-closed): 投票已经结束 / the ballot session is closed');
  });

  it('anyone reads the published ballots and finds one by its receipt; a receipt that is not one is refused', async () => {
    const { CADREFLOW_USER: _user, ...anonymous } = env;
    const all = await runCli(['ballot', 'published', sessionId], anonymous);
    expect(all.code, all.stderr).toBe(0);
    for (const r of receipts) expect(all.stdout).toContain(r);
    const mine = await runCli(['ballot', 'published', sessionId, '--receipt', receipts[1]!.toUpperCase()], anonymous);
    expect(mine.stdout).toMatch(new RegExp(`receipt ${receipts[1]}: ballot 2, counted as cast`));
    const bad = await runCli(['ballot', 'published', sessionId, '--receipt', 'zz'], anonymous);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('回执码应为 12 位十六进制数字（0-9、a-f），收到 "zz" / a receipt is 12 hex digits (0-9, a-f), got "zz"');
  });

  it('writes the tokens as an A4 sheet of cards instead of printing them', async () => {
    const other = await openElectionMeeting(t.db, 'cli-sheet');
    const sheet = join(dir, 'tokens.html');
    const r = await runCli(
      [
        'ballot',
        'open',
        other,
        BALLOT_STEP,
        '--file',
        file('sheet.json', JSON.stringify({ due: 3, candidates: SLATE, seats: 3 })),
        '--spares',
        '2',
        '--sheet',
        sheet,
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const id = /opened (bs-[0-9a-f-]{36}): 3 token\(s\) and 2 spare\(s\) written to/.exec(r.stdout)?.[1];
    expect(id, r.stdout).toBeDefined();
    const html = readFileSync(sheet, 'utf8');
    expect(html).toContain('@page { size: A4');
    expect(html.match(/class="card spare"/g)).toHaveLength(2);
    const printed = [...html.matchAll(/#\/vote\/([0-9A-Z]{26})/g)].map((m) => m[1]!);
    expect(printed).toHaveLength(5);
    for (const token of printed) expect(r.stdout).not.toContain(token);
    const stored = await t.db.selectFrom('ballot_tokens').select('token_hash').where('session_id', '=', id!).execute();
    expect(new Set(stored.map((s) => s.token_hash))).toEqual(new Set(printed.map((x) => tokenHash(x, 'sha256'))));
    const missingDir = await runCli(
      ['ballot', 'open', other, BALLOT_STEP, '--file', join(dir, 'sheet.json'), '--sheet', join(dir, 'no', 'x.html')],
      env,
    );
    expect(missingDir.stderr).toMatch(/--sheet .*：目录 .* 不存在 \/ --sheet .*: no such directory/);
  });

  it('verifies every session’s chain, and fails on an edited ballot row naming the ballot', async () => {
    const ok = await runCli(['ballot', 'verify'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('result: OK, 2 session(s)');
    await t.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update ballots set group_key = 'forged' where session_id = ${sessionId} and position = 2`.execute(trx);
    });
    const one = await runCli(['ballot', 'verify', sessionId], env);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/FAILED at ballot 2: /);
    expect(one.stdout).toContain('result: FAILED, 1 of 1 session(s)');
    const unknown = await runCli(['ballot', 'verify', 'bs-00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.stderr).toContain('refused (unknown-session): 没有这个投票 / no ballot session');
  });
});
