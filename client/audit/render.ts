/**
 * What the audit commands print: plain text that reads as a finding report, one line per
 * finding, so it can be pasted into an audit record as it is.
 */
import { table } from '../views';
import { ballotFindings } from './ballotCheck';
import { decisionFindings } from './decisions';
import type { CaseReplay, ReplaySummary } from './replay';
import type { VerifyReport } from './verify';

export function renderReplay(results: readonly CaseReplay[], summary: ReplaySummary, source: string): string {
  const out = [
    `replayed ${summary.total} ${summary.total === 1 ? 'history' : 'histories'} from ${source} against the current workflow code`,
    '',
  ];
  // Run ids only tell rows apart when a case has several runs (a reset); JSON has them all.
  const ids = results.map((r) => r.workflowId);
  const severalRuns = new Set(ids).size < ids.length;
  if (results.length > 0) {
    out.push(
      table(
        results.map((r) => ({
          case: r.workflowId,
          ...(severalRuns ? { run: r.runId } : {}),
          type: r.workflowType,
          events: String(r.events),
          result: r.status,
        })),
      ),
      '',
    );
  }
  const bad = results.filter((r) => r.status !== 'ok');
  for (const r of bad) {
    out.push(`${r.status}: ${r.workflowId} (run ${r.runId}): ${r.status === 'nondeterministic' ? r.divergence : r.error}`);
  }
  if (bad.length > 0) out.push('');
  const flagged = results.filter((r) => r.unsealed?.length);
  for (const r of flagged) {
    const where = r.unsealed!.map((u) => `#${u.eventId} ${u.eventType}${u.name ? ` ${u.name}` : ''}`).join(', ');
    const how = r.readAsPlain ? ' (replayed reading them as they are: recorded before payloads were sealed, or forged)' : '';
    out.push(`unsealed input: ${r.workflowId} (run ${r.runId}): history event ${where}${how}`);
  }
  if (flagged.length > 0) out.push('');
  out.push(
    table([
      { result: 'ok', histories: String(summary.ok) },
      { result: 'nondeterministic', histories: String(summary.nondeterministic) },
      { result: 'failed', histories: String(summary.failed) },
      { result: 'total', histories: String(summary.total) },
    ]),
    '',
    `${summary.seconds.toFixed(2)} s, ${summary.historiesPerSecond.toFixed(1)} histories/s`,
  );
  if (summary.nondeterministic > 0) {
    out.push('a nondeterministic case cannot be replayed by the current code: guard the change with patched() (docs/audit.md)');
  }
  return out.join('\n');
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export function renderVerify(r: VerifyReport): string {
  const out: string[] = [];
  const src =
    r.source.kind === 'database'
      ? `database ${r.source.describe}`
      : `archive ${r.source.file} (exported ${r.source.exportedAt} by ${r.source.tool})`;
  out.push(`audit verify: ${src}`, '');
  const label = (s: string) => s.padEnd(14);
  let findings = 0;

  const c = r.chain;
  if (c.ok)
    out.push(
      `${label('hash chain')}ok: ${c.checked} events from position 1, head ${c.head ? `${c.head.position} (${short(c.head.hash)})` : 'empty'}`,
    );
  else {
    findings += 1;
    out.push(`${label('hash chain')}BROKEN at position ${c.firstBadPosition}: ${c.reason}`);
  }

  const m = r.readModels;
  if (!m.checked) out.push(`${label('read models')}not checked: ${m.why}`);
  else if (m.differences.length === 0)
    out.push(`${label('read models')}ok: rebuilt from ${m.eventsReplayed} events, every row equals the live tables`);
  else {
    findings += m.differences.length;
    out.push(`${label('read models')}${m.differences.length} row(s) differ from a rebuild from the log:`);
    for (const d of m.differences) {
      const what =
        d.kind === 'changed'
          ? `differs in ${d.columns?.join(', ')}`
          : d.kind === 'only-in-live'
            ? 'is in the live table but not in the rebuild'
            : 'is missing from the live table';
      out.push(`${' '.repeat(16)}${d.table} ${d.key}: ${what}`);
    }
  }

  const d = r.decisions;
  if (!d.checked) {
    findings += 1;
    out.push(`${label('decisions')}NOT CHECKED: ${d.why}`);
  } else {
    const n = decisionFindings(d);
    findings += n;
    const head = `${d.updates} decision(s) in the histories of ${d.cases} case(s), ${d.matched} matched to their events`;
    out.push(`${label('decisions')}${n === 0 ? 'ok' : `${n} finding(s)`}: ${head}`);
    const list = (title: string, items: typeof d.decisionsWithoutEvents) => {
      if (items.length === 0) return;
      out.push(`${' '.repeat(16)}${title} (${items.length}):`);
      for (const f of items) {
        const where = [
          f.step ? `step ${f.step}` : '',
          f.historyEventId ? `history event #${f.historyEventId}` : '',
          f.position ? `log position ${f.position}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        out.push(`${' '.repeat(18)}${f.caseId} (${where}): ${f.reason}`);
      }
    };
    list('decisions without events', d.decisionsWithoutEvents);
    list('events without decisions', d.eventsWithoutDecisions);
    list('receipts naming another event', d.receiptMismatches);
    if (d.inFlight.length > 0)
      out.push(`${' '.repeat(16)}${d.inFlight.length} decision(s) still in flight (accepted, not completed): not a finding`);
  }

  const x = r.executions;
  if (!x.checked) out.push(`${label('executions')}not checked: ${x.why}`);
  else {
    findings += x.findings.length;
    const head = `${x.runs} execution(s) of ${x.cases} case(s) in Temporal against the cases read model`;
    out.push(`${label('executions')}${x.findings.length === 0 ? 'ok' : `${x.findings.length} finding(s)`}: ${head}`);
    for (const f of x.findings) {
      out.push(`${' '.repeat(18)}${f.caseId}${f.runId ? ` (run ${f.runId})` : ''}: ${f.status}: ${f.reason}`);
    }
  }

  const u = r.unsealed;
  if (!u.checked) out.push(`${label('unsealed')}not checked: ${u.why}`);
  else {
    findings += u.findings.length;
    out.push(
      `${label('unsealed')}${u.findings.length === 0 ? `ok: no unsealed input in ${u.histories} history(ies)` : `${u.findings.length} input(s) not sealed, sent around the API:`}`,
    );
    for (const f of u.findings) {
      out.push(
        `${' '.repeat(18)}${f.caseId} (run ${f.runId}, history event #${f.eventId}): ${f.eventType}${f.name ? ` ${f.name}` : ''}, ${f.encoding}`,
      );
    }
    if (u.plainHistories > 0) {
      out.push(
        `${' '.repeat(16)}${u.plainHistories} history(ies) hold no sealed payload at all (written by workers without the codec, e.g. before payloads were sealed): not a finding`,
      );
    }
  }

  const b = r.ballots;
  if (!b.checked) out.push(`${label('ballots')}not checked: ${b.why}`);
  else {
    const n = ballotFindings(b);
    findings += n;
    const head = `${b.sessions} online ballot session(s), ${b.ballots} ballot(s) recounted; ${b.decisions} decision(s) citing a session`;
    out.push(`${label('ballots')}${n === 0 ? 'ok' : `${n} finding(s)`}: ${head}`);
    const first = b.sessionFindings[0];
    if (first) {
      out.push(`${' '.repeat(16)}first bad session / 第一个校验不通过的投票 (${b.sessionFindings.length} in all):`);
      out.push(
        `${' '.repeat(18)}${first.sessionId} (case ${first.caseId}, step ${first.step}${first.position !== undefined ? `, ballot ${first.position}` : ''})`,
      );
      out.push(`${' '.repeat(18)}${first.zh}`, `${' '.repeat(18)}${first.en}`);
    }
    for (const f of b.decisionFindings) {
      out.push(`${' '.repeat(18)}${f.caseId} (step ${f.step}, log position ${f.position}): ${f.zh} / ${f.en}`);
    }
  }

  if (r.checkpoints.length === 0) out.push(`${label('checkpoints')}none to check`);
  for (const cp of r.checkpoints) {
    if (!cp.ok) findings += 1;
    out.push(
      `${label('checkpoint')}${cp.ok ? 'ok' : 'FAILED'}: ${cp.source}, position ${cp.position} signed ${cp.time} by ${cp.keyFingerprint}: ${cp.reason}`,
    );
  }
  out.push('', r.ok ? 'result: OK, no findings' : `result: FAILED, ${Math.max(findings, 1)} finding(s)`);
  return out.join('\n');
}
