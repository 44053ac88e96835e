/**
 * `cadreflow ballot open|turnout|void|close|published|verify`: online anonymous ballot
 * sessions (docs/ballots.md) from the command line, through the same service as the API
 * (client/ballots/service.ts), served by a running `up` over its control channel. The
 * chair's commands act as the account (`--user`) that may decide the step; `published`
 * and `verify` need none, as the published list is public and the verify reads only.
 * Refusals print `refused (code): 中文 / English` and change nothing.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseReceipt } from '../../domain/ballots/receipt';
import { DECIDING_ROLES } from '../actorArgs';
import { commandActor, withModule } from '../backend';
import { ballotBackend } from '../ballots/backendModule';
import type { BallotChainReport, OpenedSession, PublishedBallots, Turnout } from '../ballots/service';
import type { ClosedBallotSession } from '../../domain/wire/ballotSession';
import { renderTokenSheet, spacedToken, voteUrl } from '../ballots/tokenSheet';
import { UserError } from '../cases';
import type { Config } from '../config';
import { table } from '../views';

/** The CLI prints an error's first line: both languages go in it, Chinese first, as the other commands do. */
const bilingual = (zh: string, en: string): UserError => new UserError(`${zh} / ${en}`, zh);

/** The chair's definition file: JSON, read as it is; the session's own parser checks it (domain/ballots/sessionDefinition.ts). */
export function readDefinitionFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw bilingual(`无法读取投票设置文件 ${file}（${why}）`, `cannot read the session file ${file} (${why})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw bilingual(`投票设置文件 ${file} 不是 JSON`, `the session file ${file} is not JSON: ${(err as Error).message}`);
  }
}

/** Checked before the session opens: its tokens are shown once, so the sheet must be writable first. */
function checkSheetPath(file: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw bilingual(`--sheet ${file}：目录 ${dir} 不存在`, `--sheet ${file}: no such directory ${dir}`);
  if (existsSync(file) && statSync(file).isDirectory()) throw bilingual(`--sheet ${file} 是一个目录`, `--sheet ${file} is a directory`);
}

/** Where the printed addresses lead: --url, else the web UI `up` serves (CADREFLOW_PUBLIC_HOST and CADREFLOW_API_PORT). */
async function baseUrlOf(url: string | undefined): Promise<string> {
  if (url !== undefined) {
    if (!/^https?:\/\/[^\s/]+/.test(url))
      throw bilingual(
        `--url 应为 http(s) 地址，收到 "${url}"`,
        `--url must be an http(s) address such as https://cadre.example.gov.cn, got "${url}"`,
      );
    return url.replace(/\/+$/, '');
  }
  const { apiSettingsFromEnv } = await import('../api/config');
  const s = apiSettingsFromEnv();
  const scheme = s.secureCookies ? 'https' : 'http';
  const port = (scheme === 'http' && s.port === 80) || (scheme === 'https' && s.port === 443) ? '' : `:${s.port}`;
  return `${scheme}://${s.publicHost}${port}`;
}

export function renderOpened(opened: OpenedSession, base: string): string {
  const row = (t: { group: string; token: string }, spare: boolean) => ({
    ...(opened.definition.groups.length ? { group: t.group } : {}),
    token: spacedToken(t.token),
    spare: spare ? 'spare' : '',
    url: voteUrl(base, t.token),
  });
  return [
    `opened ${opened.sessionId} on ${opened.definition.step} of ${opened.definition.caseId}: ${opened.tokens.length} token(s), ${opened.spares.length} spare(s)`,
    '投票码只显示这一次，系统只保存其哈希 / the tokens are shown this once: the system keeps only their hashes',
    '',
    table([...opened.tokens.map((t) => row(t, false)), ...opened.spares.map((t) => row(t, true))]),
  ].join('\n');
}

export function renderTurnout(t: Turnout): string {
  const quorum = t.quorum
    ? `, quorum ${t.quorum.needed} of ${t.due} (${t.cast >= t.quorum.needed ? 'met' : `${t.quorum.needed - t.cast} more needed`})`
    : '';
  return [
    `${t.sessionId}: ${t.status}, ${t.cast} of ${t.due} cast${quorum}${t.closesAt ? `, closes ${t.closesAt}` : ''}`,
    `tokens: ${t.tokens.issued} unused, ${t.tokens.used} used, ${t.tokens.voided} voided (${t.tokens.spares} spare(s) issued)`,
  ].join('\n');
}

export function renderClosed(r: ClosedBallotSession): string {
  const decided = r.decided
    ? `step ${r.step} of ${r.caseId} decided from the count (log position ${r.decided.position}) / 已按投票结果作出决定`
    : `step ${r.step} of ${r.caseId} not decided / 未据此作出决定: ${r.decisionRefusal ? `${r.decisionRefusal.zh} / ${r.decisionRefusal.en}` : ''}`;
  return [`closed ${r.sessionId}: ${r.cast} ballot(s), head ${r.head}`, decided, 'the count:', JSON.stringify(r.decision, null, 2)].join(
    '\n',
  );
}

export function renderPublished(p: PublishedBallots, receipt?: string): string {
  const out = [
    `${p.sessionId}: ${p.result.cast} ballot(s) of step ${p.result.step} (${p.result.caseId}), ${p.hashAlgorithm}, head ${p.result.head}`,
  ];
  if (receipt !== undefined) {
    const mine = p.ballots.find((b) => b.receipt === receipt);
    out.push(
      mine
        ? `receipt ${receipt}: ballot ${mine.position}${mine.group ? ` (group ${mine.group})` : ''}, counted as cast: ${mine.content}`
        : `receipt ${receipt}: no ballot with this receipt in the published list / 公布的选票中没有这个回执码`,
    );
    return out.join('\n');
  }
  out.push(
    '',
    table(p.ballots.map((b) => ({ position: String(b.position), group: b.group, receipt: b.receipt, content: b.content }))),
    '',
    `result: ${JSON.stringify(p.result.tally.total)}`,
  );
  return out.join('\n');
}

export function renderVerified(reports: readonly BallotChainReport[]): string {
  if (reports.length === 0) return 'no ballot session to verify';
  const rows = reports.map((r) => ({
    session: r.sessionId,
    ballots: String(r.checked),
    result: r.ok ? 'ok' : `FAILED${r.firstBadPosition !== undefined ? ` at ballot ${r.firstBadPosition}` : ''}: ${r.reason ?? ''}`,
  }));
  const bad = reports.filter((r) => !r.ok).length;
  return [
    table(rows),
    '',
    bad === 0 ? `result: OK, ${reports.length} session(s)` : `result: FAILED, ${bad} of ${reports.length} session(s)`,
  ].join('\n');
}

export function registerBallotCommands(program: Command, config: Config): void {
  const ballot = program
    .command('ballot')
    .description('online anonymous ballots (民主测评 / 民主推荐 by QR code): open a session, watch the turnout, close, publish, verify');
  const chair = (what: string) => commandActor(config, `ballot ${what}`, DECIDING_ROLES);

  ballot
    .command('open')
    .description('open a session on a pending step that takes votes (as its chair, --user) and print its tokens once')
    .argument('<caseId>')
    .argument('<step>')
    .requiredOption('--file <definition.json>', 'the session: due, candidates, seats, groups, question, closesAt (docs/ballots.md)')
    .option('--spares <n>', 'spare tokens to void if a card is spoiled (per rater group), 0 to 50', '0')
    .option('--sheet <out.html>', 'write the tokens as an A4 sheet of cards to print instead of listing them')
    .option('--url <base>', 'the address voters open (default: the web UI of `up`, CADREFLOW_PUBLIC_HOST and CADREFLOW_API_PORT)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
The definition file, e.g. for an election meeting of 40 members:
  { "due": 40, "candidates": ["p-0101", "p-0102", "p-0103", "p-0104"], "seats": 3,
    "closesAt": "2026-12-08T11:30:00+08:00" }

Example:
  cadreflow --user ts-03-committee ballot open election/ts-03-v01/2026 election-meeting --file meeting.json --spares 3 --sheet tokens.html`,
    )
    .action(async (caseId: string, step: string, o: { file: string; spares: string; sheet?: string; url?: string; json?: boolean }) => {
      const definition = readDefinitionFile(o.file);
      if (o.sheet !== undefined) checkSheetPath(o.sheet);
      const base = await baseUrlOf(o.url);
      const actor = await chair('open');
      // The service reads the number of spares (0 to 50), as the API's does.
      const opened = await withModule(config, ballotBackend, (m) => m.open(actor, { caseId, step, definition, spares: o.spares }));
      if (o.sheet !== undefined) {
        try {
          writeFileSync(o.sheet, renderTokenSheet(opened, base, new Date().toISOString()));
        } catch (err) {
          // The tokens exist nowhere else: print them rather than lose the session.
          console.log(renderOpened(opened, base));
          throw bilingual(
            `--sheet ${o.sheet} 写入失败，投票码已打印在上方`,
            `--sheet ${o.sheet}: cannot write it (${(err as Error).message}); the tokens are printed above`,
          );
        }
        console.log(
          o.json
            ? JSON.stringify({ sessionId: opened.sessionId, sheet: o.sheet, tokens: opened.tokens.length, spares: opened.spares.length })
            : `opened ${opened.sessionId}: ${opened.tokens.length} token(s) and ${opened.spares.length} spare(s) written to ${o.sheet} (shown this once: print it)`,
        );
        return;
      }
      const sheet = (l: { group: string; token: string }[]) => l.map((t) => ({ ...t, url: voteUrl(base, t.token) }));
      console.log(
        o.json
          ? JSON.stringify({ ...opened, tokens: sheet(opened.tokens), spares: sheet(opened.spares) }, null, 2)
          : renderOpened(opened, base),
      );
    });

  ballot
    .command('turnout')
    .description('the chair’s live count: ballots cast against the quorum, tokens used and voided — never what they say')
    .argument('<sessionId>')
    .option('--json', 'print JSON')
    .action(async (sessionId: string, o: { json?: boolean }) => {
      const actor = await chair('turnout');
      const t = await withModule(config, ballotBackend, (m) => m.turnout(actor, sessionId));
      console.log(o.json ? JSON.stringify(t, null, 2) : renderTurnout(t));
    });

  ballot
    .command('void')
    .description('void an unused spare token (a spoiled card): it can no longer vote')
    .argument('<sessionId>')
    .argument('<token>')
    .action(async (sessionId: string, token: string) => {
      const actor = await chair('void');
      await withModule(config, ballotBackend, (m) => m.voidSpare(actor, sessionId, token));
      console.log(`已作废 / voided the spare token in ${sessionId}`);
    });

  ballot
    .command('close')
    .description('close a session: the ballots recounted from their chain and counted by the step’s own rules')
    .argument('<sessionId>')
    .option('--json', 'print JSON')
    .action(async (sessionId: string, o: { json?: boolean }) => {
      const actor = await chair('close');
      const r = await withModule(config, ballotBackend, (m) => m.close(actor, sessionId));
      console.log(o.json ? JSON.stringify(r, null, 2) : renderClosed(r));
    });

  ballot
    .command('published')
    .description('a closed session’s published ballots and result, to recount; --receipt finds one voter’s ballot')
    .argument('<sessionId>')
    .option('--receipt <code>', 'the 12 hex digits the voter was shown')
    .option('--json', 'print JSON')
    .action(async (sessionId: string, o: { receipt?: string; json?: boolean }) => {
      let receipt: string | undefined;
      if (o.receipt !== undefined) {
        const r = parseReceipt(o.receipt);
        if (!r.ok) throw bilingual(r.zh, r.en);
        receipt = r.value;
      }
      const p = await withModule(config, ballotBackend, (m) => m.published(sessionId));
      if (o.json) {
        console.log(JSON.stringify(receipt === undefined ? p : { ...p, ballots: p.ballots.filter((b) => b.receipt === receipt) }, null, 2));
      } else console.log(renderPublished(p, receipt));
    });

  ballot
    .command('verify')
    .description('recount one session’s chain (or every session’s) from the stored rows; exits 1 if one does not verify')
    .argument('[sessionId]')
    .option('--json', 'print JSON')
    .action(async (sessionId: string | undefined, o: { json?: boolean }) => {
      const reports = await withModule(config, ballotBackend, (m) => m.verify(sessionId));
      console.log(o.json ? JSON.stringify(reports, null, 2) : renderVerified(reports));
      if (reports.some((r) => !r.ok)) process.exitCode = 1;
    });
}
