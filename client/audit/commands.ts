/**
 * `cadreflow audit …`: the auditors' commands (docs/decisions.md §5). They change nothing
 * in the record — `checkpoint` only adds a signed row, `verify` rebuilds into a scratch
 * schema it drops — and with `--archive` they touch no server at all: no Temporal
 * connection and no database connection is even attempted.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readStackInfo, type Config } from '../config';
import { UserError } from '../cases';
import { withModule } from '../backend';
import { connectTemporal, type TemporalClient } from '../stack';
import { workflowBundle } from '../../worker/worker';
import { auditCodecs } from './codecs';
import { fromArchivedEvent, historyOf, readArchive, writeArchiveFile } from './archive';
import { auditBackend, type AuditCalls } from './backendModule';
import { registerAccessLogCommand } from './accessLogCommand';
import { loadSigningKey, readCheckpointFile, signHead, type Checkpoint } from './checkpoint';
import { toolVersion } from './export';
import { startProgress } from './progress';
import { renderReplay, renderVerify } from './render';
import { replayHistories, summarize, type CaseReplay, type ReplayInput } from './replay';
import { checkAuditScope, describeAuditScope, fetchHistories, listExecutions, type AuditScope } from './auditScope';
import { buildTimeline, renderTimelineCsv, renderTimelineHtml, renderTimelineText, type CaseHistory } from './timeline';
import { verifyArchive, type VerifyReport } from './verify';
import type { RecordedEvent } from '../../domain/events';

interface ScopeOpts {
  case?: string;
  kind?: string;
  since?: string;
  query?: string;
  all?: boolean;
}

const scopeOf = (o: ScopeOpts): AuditScope => ({ caseId: o.case, kind: o.kind, since: o.since, query: o.query, all: o.all });

function addScopeOptions(cmd: Command): Command {
  return cmd
    .option('--case <id>', 'one case (workflow id), e.g. probation/p-0005/demo')
    .option('--kind <kind>', 'every case of a kind (the CaseKind search attribute), e.g. probation')
    .option('--since <date>', 'cases started on or after a day (YYYY-MM-DD, Asia/Shanghai) or an ISO-8601 instant; combines with --kind')
    .option('--query <visibility query>', 'a Temporal list filter of your own, e.g. "Township = \'ts-03\'"; combines with --kind/--since')
    .option('--all', 'every workflow execution in the namespace');
}

async function withTemporal<T>(config: Config, fn: (t: TemporalClient) => Promise<T>): Promise<T> {
  const temporal = await connectTemporal(config);
  try {
    return await fn(temporal);
  } finally {
    await temporal.close();
  }
}

/**
 * The database side of an audit: run here with DATABASE_URL (or no stack running), else
 * by the running `cadreflow up`, which owns the embedded database. `remote` tells the
 * caller that progress cannot be drawn (the work happens in the other process).
 */
async function withAudit<T>(config: Config, fn: (calls: AuditCalls, remote: boolean) => Promise<T>): Promise<T> {
  const remote = !config.databaseUrl && Boolean(readStackInfo(config.dataDir)?.controlSocket);
  try {
    return await withModule(config, auditBackend, (calls) => fn(calls, remote));
  } catch (err) {
    if (remote && err instanceof Error && /^no such call audit\./.test(err.message)) {
      throw new UserError(
        'the running `cadreflow up` does not serve the audit calls (auditBackend is not in client/backendModules.ts); set DATABASE_URL to audit the database directly',
      );
    }
    throw err;
  }
}

/** Where the audited database is, for the report; never a password. */
function describeDatabase(config: Config, remote: boolean): string {
  if (!config.databaseUrl) return `PGlite at ${join(config.dataDir, 'pglite')}${remote ? ' (through the running `cadreflow up`)' : ''}`;
  try {
    const u = new URL(config.databaseUrl);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** Checked before any work, so a typo in a path does not cost a long export or leave a signed row without its file. */
function checkOutput(option: string, file: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${option} ${file}: no such directory ${dir}`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UserError(`${option} ${file} is a directory`);
}

function writeOutput(option: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(`${option} ${file}: cannot write it (${(err as Error).message})`);
  }
}

function fail(): void {
  process.exitCode = 1;
}

export function registerAuditCommands(program: Command, config: Config): void {
  const audit = program
    .command('audit')
    .description('auditors: replay histories against the code, verify the log, explain a case (read-only)');
  registerAccessLogCommand(audit, config);

  // ── replay ──────────────────────────────────────────────────────────────
  addScopeOptions(
    audit.command('replay').description('replay workflow histories against the current workflow code; exits 1 if any case does not replay'),
  )
    .option('--archive <file>', 'replay the histories in an archive from `audit export` (offline: no server is contacted)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Each case is reported as ok, nondeterministic (the code no longer makes the commands the
history recorded; the first diverging event and command are named) or failed.

Examples:
  cadreflow audit replay --all
  cadreflow audit replay --kind probation --since 2026-01-01 --json
  cadreflow audit replay --archive audit-2026-11.jsonl.gz`,
    )
    .action(async (opts: ScopeOpts & { archive?: string; json?: boolean }) => {
      const scope = scopeOf(opts);
      if (opts.archive !== undefined) {
        if (scope.caseId !== undefined || scope.kind !== undefined || scope.since !== undefined || scope.query !== undefined || scope.all) {
          throw new UserError('--archive replays every history in the archive; drop --case/--kind/--since/--query/--all');
        }
      } else checkAuditScope(scope, ' (or --archive FILE)');

      const codecs = auditCodecs(config.dataDir);
      const bundle = await workflowBundle();
      const results: CaseReplay[] = [];
      const started = Date.now();
      let source: string;
      if (opts.archive !== undefined) {
        source = opts.archive;
        const total = await countArchiveHistories(opts.archive);
        await runReplay(bundle, archiveHistories(opts.archive), total, results, codecs);
      } else {
        source = `Temporal (${describeAuditScope(scope)})`;
        await withTemporal(config, async ({ client }) => {
          const executions = await listExecutions(client, scope);
          await runReplay(bundle, fetchHistories(client, executions), executions.length, results, codecs);
        });
      }
      const summary = summarize(results, (Date.now() - started) / 1000);
      console.log(opts.json ? JSON.stringify({ source, summary, cases: results }, null, 2) : renderReplay(results, summary, source));
      if (summary.nondeterministic + summary.failed > 0) fail();
    });

  // ── export ──────────────────────────────────────────────────────────────
  addScopeOptions(
    audit.command('export').description('write an archive (gzip JSON lines) of the selected cases’ histories and the whole event log'),
  )
    .requiredOption('--out <file>', 'the archive to write, e.g. audit-2026-11.jsonl.gz')
    .addHelpText(
      'after',
      `
The archive holds a header, one line per workflow history (Temporal's JSON form), every
event of the log in position order (the hash chain can only be walked whole) and the
log's head at export time. \`audit replay --archive\` and \`audit verify --archive\` check
it with no Temporal server and no database.

Example:
  cadreflow audit export --kind probation --out audit-2026-11.jsonl.gz`,
    )
    .action(async (opts: ScopeOpts & { out: string }) => {
      const scope = scopeOf(opts);
      checkAuditScope(scope);
      checkOutput('--out', opts.out);
      // The stack hands back the archive's bytes and this process writes the file: no
      // path a caller names is ever written by the stack.
      const r = await withAudit(config, (calls, remote) => calls.exportArchive({ scope, namespace: config.namespace, progress: !remote }));
      writeArchiveFile(resolve(opts.out), Buffer.from(r.gzipBase64, 'base64'));
      console.log(
        `wrote ${opts.out}: ${r.histories} histories, ${r.events} events, head ${r.head.position} (${r.head.hash.slice(0, 12)}…)`,
      );
    });

  // ── verify ──────────────────────────────────────────────────────────────
  audit
    .command('verify')
    .description('verify the hash chain, the read models and every decision against the histories; exits 1 on any finding')
    .option('--archive <file>', 'verify an archive from `audit export` instead (offline: no server is contacted)')
    .option('--since-checkpoint <file>', 'also prove the log only grew since a checkpoint from `audit checkpoint`')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Checks, each naming what it finds:
  hash chain    every event's hash recomputed from its contents with its own algorithm (SHA-256
                or SM3) and linked to the one before
  read models   every read model rebuilt from the log in a scratch schema and compared row by row (database only)
  decisions     each accepted decision Update in a history has its event in the case's stream
                (same step and actor), and each decision event has its Update
  executions    each case's runs in Temporal against the cases read model: a run terminated,
                cancelled, reset or failed, a case open whose run has closed (database only)
  unsealed      starts, Signals and Updates in a history that the deployment's codec did not
                seal: sent around the API, straight to the Temporal frontend
  checkpoints   each stored checkpoint, and --since-checkpoint FILE: the signature is valid, the
                event at its position still has the signed hash, and the chain (walked from
                the first event) verifies up to it and on past it

In database mode the histories come from Temporal (the cases of the \`cases\` read model).

Examples:
  cadreflow audit verify
  cadreflow audit verify --since-checkpoint checkpoint-2026-11.json
  cadreflow audit verify --archive audit-2026-11.jsonl.gz --json`,
    )
    .action(async (opts: { archive?: string; sinceCheckpoint?: string; json?: boolean }) => {
      const checkpoint =
        opts.sinceCheckpoint !== undefined
          ? { file: opts.sinceCheckpoint, checkpoint: readCheckpointFile(opts.sinceCheckpoint) }
          : undefined;
      let report: VerifyReport;
      if (opts.archive !== undefined) report = await verifyArchive(opts.archive, { checkpoint, codecs: auditCodecs(config.dataDir) });
      else {
        report = await withAudit(config, async (calls, remote) => ({
          ...(await calls.verify({ checkpoint, progress: !remote })),
          source: { kind: 'database' as const, describe: describeDatabase(config, remote) },
        }));
      }
      console.log(opts.json ? JSON.stringify(report, null, 2) : renderVerify(report));
      if (!report.ok) fail();
    });

  // ── timeline ────────────────────────────────────────────────────────────
  audit
    .command('timeline')
    .description('one case: who decided what, when, under which policy, beside the Temporal history events that produced it')
    .argument('<case>', 'case id (workflow id), e.g. probation/p-0005/demo')
    .option('--csv <file>', 'also write the timeline as CSV (UTF-8)')
    .option('--html <file>', 'also write a printable, self-contained HTML page')
    .option('--archive <file>', 'read the case from an archive instead (offline)')
    .option('--json', 'print JSON instead of the table')
    .addHelpText(
      'after',
      `
For each event of the case's stream: position, time, type, actor, step and policy
version, and the history event ids of the Update (a person's decision) and of the
activity that appended it, matched by the step's idempotency key.

Example:
  cadreflow audit timeline probation/p-0005/demo --html p-0005.html --csv p-0005.csv`,
    )
    .action(async (caseId: string, opts: { csv?: string; html?: string; archive?: string; json?: boolean }) => {
      if (opts.csv) checkOutput('--csv', opts.csv);
      if (opts.html) checkOutput('--html', opts.html);
      let events: RecordedEvent[];
      let histories: CaseHistory[];
      let note: string | undefined;
      if (opts.archive !== undefined) {
        ({ events, histories } = await caseFromArchive(opts.archive, caseId));
        if (histories.length === 0 && events.length > 0)
          note = `the archive holds no history of ${caseId} (it was not among the cases exported)`;
      } else {
        const record = await withAudit(config, (calls) => calls.caseRecord(caseId));
        events = record.events.map(fromArchivedEvent);
        histories = record.histories.map((h) => ({ runId: h.runId, workflowType: h.workflowType, history: historyFromJSON(h.history) }));
        note = record.note;
      }
      if (events.length === 0 && histories.length === 0) throw new UserError(`no case ${caseId} in the event log or in Temporal`);
      const timeline = await buildTimeline(caseId, events, histories, { historyNote: note, codecs: auditCodecs(config.dataDir) });
      const tool = `cadreflow ${toolVersion()}`;
      if (opts.csv) writeOutput('--csv', opts.csv, renderTimelineCsv(timeline));
      if (opts.html) writeOutput('--html', opts.html, renderTimelineHtml(timeline, tool));
      console.log(opts.json ? JSON.stringify(timeline, null, 2) : renderTimelineText(timeline));
      const written = [opts.csv, opts.html].filter(Boolean);
      if (written.length && !opts.json) console.log(`\nwrote ${written.join(' and ')}`);
    });

  // ── checkpoint ──────────────────────────────────────────────────────────
  audit
    .command('checkpoint')
    .description('sign the log’s head (Ed25519) after verifying the chain; store it and print it')
    .option('--out <file>', 'write the checkpoint to a file (keep it outside the database); otherwise it is printed')
    .option('--json', 'print the checkpoint as JSON even with --out')
    .addHelpText(
      'after',
      `
The key is the PEM file named by CADREFLOW_AUDIT_KEY; unset, one is generated into
<data dir>/audit-ed25519.pem (mode 0600) on first use. The public key and its
fingerprint go into the checkpoint. \`audit verify --since-checkpoint FILE\` later proves
the log only grew since: a log rewritten before the checkpoint fails.

Example:
  cadreflow audit checkpoint --out checkpoint-$(date +%F).json`,
    )
    .action(async (opts: { out?: string; json?: boolean }) => {
      if (opts.out) checkOutput('--out', opts.out);
      const key = loadSigningKey(config.dataDir, process.env, (line) => process.stderr.write(`cadreflow: ${line}\n`));
      const { checkpoint, id } = await withAudit(config, async (calls) => {
        const chain = await calls.verifiedHead();
        if (!chain.ok)
          throw new UserError(`the hash chain is broken at position ${chain.firstBadPosition} (${chain.reason}); not signing a broken log`);
        const head = chain.head ?? { position: '0', hash: '0'.repeat(64) };
        const signed: Checkpoint = signHead(key, { ...head, time: new Date().toISOString() });
        return { checkpoint: signed, id: await calls.storeCheckpoint(signed) };
      });
      const json = JSON.stringify(checkpoint, null, 2);
      if (opts.out) writeOutput('--out', opts.out, `${json}\n`);
      const summary =
        `checkpoint #${id}: position ${checkpoint.head.position}, hash ${checkpoint.head.hash.slice(0, 12)}…, ` +
        `signed ${checkpoint.head.time} by ${checkpoint.signature.keyFingerprint}${opts.out ? `; written to ${opts.out}` : ''}`;
      if (opts.out && !opts.json) console.log(summary);
      else {
        process.stderr.write(`${summary}\n`);
        console.log(json);
      }
    });
}

// ── helpers ─────────────────────────────────────────────────────────────────

async function runReplay(
  bundle: WorkflowBundleWithSourceMap,
  histories: AsyncIterable<ReplayInput>,
  total: number,
  results: CaseReplay[],
  codecs: readonly PayloadCodec[],
): Promise<void> {
  const bar = total > 0 ? startProgress({ label: 'replay', total, unit: 'histories' }) : undefined;
  try {
    for await (const r of replayHistories(bundle, histories, codecs)) {
      results.push(r);
      bar?.tick();
    }
  } finally {
    bar?.stop();
  }
}

async function* archiveHistories(file: string): AsyncGenerator<ReplayInput> {
  for await (const line of readArchive(file)) {
    if (line.kind === 'history')
      yield { workflowId: line.workflowId, runId: line.runId, workflowType: line.workflowType, history: historyOf(line) };
    // Histories come before the log; nothing after them is needed to replay.
    if (line.kind === 'event' || line.kind === 'head') return;
  }
}

/** A first pass that only counts, so the progress bar has a total; it stops where the log begins. */
async function countArchiveHistories(file: string): Promise<number> {
  let n = 0;
  for await (const line of readArchive(file)) {
    if (line.kind === 'history') n += 1;
    else if (line.kind === 'event' || line.kind === 'head') return n;
  }
  return n;
}

async function caseFromArchive(file: string, caseId: string): Promise<{ events: RecordedEvent[]; histories: CaseHistory[] }> {
  const events: RecordedEvent[] = [];
  const histories: CaseHistory[] = [];
  for await (const line of readArchive(file)) {
    if (line.kind === 'history' && line.workflowId === caseId)
      histories.push({ runId: line.runId, workflowType: line.workflowType, history: historyOf(line) });
    else if (line.kind === 'event' && line.streamId === caseId) events.push(fromArchivedEvent(line));
  }
  return { events, histories };
}
