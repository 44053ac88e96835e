/**
 * `cadreflow audit …`: the auditors' commands (docs/decisions.md §5). They change nothing
 * in the record — `checkpoint` only adds a signed row, `verify` rebuilds into a scratch
 * schema it drops — and with `--archive` they touch no server at all: no Temporal
 * connection and no database connection is even attempted.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readStackInfo, type Config } from '../config';
import { UserError } from '../cases';
import { withModule } from '../backend';
import { connectTemporal, type TemporalClient } from '../stack';
import { workflowBundle } from '../../worker/worker';
import { auditCodecs } from './codecs';
import { writeArchiveFile } from './archive';
import { auditBackend, type AuditCalls, type ListedCheckpoint } from './backendModule';
import { registerAccessLogCommand } from './accessLogCommand';
import { loadSigningKey, readCheckpointFile } from './checkpoint';
import { toolVersion } from './export';
import { renderReplay, renderVerify } from './render';
import { checkAuditScope, type AuditScope } from './auditScope';
import { caseFromArchive, caseFromRecord, caseTimeline, createCheckpoint, replayFromArchive, replayFromTemporal } from './service';
import { table } from '../views';
import { renderTimelineCsv, renderTimelineHtml, renderTimelineText } from './timeline';
import { verifyArchive, type VerifyReport } from './verify';

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

      const opts2 = { bundle: await workflowBundle(), codecs: auditCodecs(config.dataDir), progress: true };
      const report =
        opts.archive !== undefined
          ? await replayFromArchive(opts.archive, opts2)
          : await withTemporal(config, ({ client }) => replayFromTemporal(client, scope, opts2));
      const { source, summary, cases } = report;
      console.log(opts.json ? JSON.stringify(report, null, 2) : renderReplay(cases, summary, source));
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
  ballots       every online ballot session's chain recounted from its rows (the first bad
                session and ballot named), and every decision carrying a session: that session
                exists, is closed, served the decision's case and step, and ends on its head
                after as many ballots (database only)
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
      const sides =
        opts.archive !== undefined
          ? await caseFromArchive(opts.archive, caseId)
          : await withAudit(config, (calls) => caseFromRecord(calls, caseId));
      const timeline = await caseTimeline(caseId, sides, auditCodecs(config.dataDir));
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
    .option('--list', 'list the stored checkpoints (signature checked) instead of signing one')
    .addHelpText(
      'after',
      `
The key is the PEM file named by CADREFLOW_AUDIT_KEY; unset, one is generated into
<data dir>/audit-ed25519.pem (mode 0600) on first use. The public key and its
fingerprint go into the checkpoint. \`audit verify --since-checkpoint FILE\` later proves
the log only grew since: a log rewritten before the checkpoint fails.

Examples:
  cadreflow audit checkpoint --out checkpoint-$(date +%F).json
  cadreflow audit checkpoint --list`,
    )
    .action(async (opts: { out?: string; json?: boolean; list?: boolean }) => {
      if (opts.list) {
        if (opts.out) throw new UserError('--list prints the stored checkpoints; drop --out');
        const list = await withAudit(config, (calls) => calls.checkpoints());
        if (opts.json) console.log(JSON.stringify(list, null, 2));
        else if (list.length === 0) console.log('no checkpoint stored yet (`cadreflow audit checkpoint` signs one)');
        else console.log(table(list.map(checkpointRow)));
        return;
      }
      if (opts.out) checkOutput('--out', opts.out);
      const key = loadSigningKey(config.dataDir, process.env, (line) => process.stderr.write(`cadreflow: ${line}\n`));
      const { checkpoint, id } = await withAudit(config, (calls) => createCheckpoint(calls, key, Date.now()));
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

function checkpointRow(c: ListedCheckpoint): Record<string, string> {
  return {
    id: `#${c.id}`,
    position: c.position,
    hash: `${c.hash.slice(0, 12)}…`,
    signed: c.signedAt,
    key: c.keyFingerprint,
    signature: c.signatureValid ? 'valid' : 'DOES NOT VERIFY',
  };
}
