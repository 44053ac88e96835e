/**
 * `audit timeline`: one case's record as an auditor reads it — who decided what, when,
 * under which policy version — with each log event beside the Temporal history events
 * that produced it (the Update a person sent, the activity that appended it), matched by
 * the step's idempotency key; and the case's online ballot sessions, each with the
 * decision event that carries it.
 */
import type { PayloadCodec } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { RecordedEvent } from '../../domain/events';
import { table } from '../views';
import { describeActor } from '../../domain/actors';
import { appendKeyOf, historyFacts, type ActivityAppend, type DecisionUpdate, type LocalAppend } from './historyFacts';
import type { AuditedBallotSession } from './ballotSessions';

/** A ballot session on the timeline: as stored, and the log position of the decision that carries it. */
export interface TimelineBallotSession extends AuditedBallotSession {
  /** The TaskDecided event whose `data.ballot` names this session, if the step was decided from it. */
  decisionPosition?: string;
}

export interface TimelineRun {
  runId: string;
  workflowType: string;
  historyEvents: number;
}

export interface TimelineRow {
  position: string;
  version: number;
  recordedAt: string;
  type: string;
  actor?: { id: string; role: string; townshipId?: string };
  step?: string;
  policyVersion?: string;
  /** The event's facts in a line: the decision's fields, a stage, an outcome. */
  what: string;
  update?: {
    name: string;
    updateId: string;
    acceptedEventId: string;
    acceptedAt?: string;
    completedEventId?: string;
    completedAt?: string;
    runId: string;
  };
  activity?: {
    type: string;
    scheduledEventId: string;
    scheduledAt?: string;
    completedEventId?: string;
    completedAt?: string;
    runId: string;
    /** A local activity: one marker event (`scheduledEventId`), matched by the positions it wrote. */
    local?: true;
  };
}

export interface Timeline {
  caseId: string;
  generatedAt: string;
  runs: TimelineRun[];
  rows: TimelineRow[];
  /** Decisions the history accepted that no log event answers (also an `audit verify` finding). */
  unanswered: Array<{
    name: string;
    step?: string;
    actor?: string;
    acceptedEventId: string;
    acceptedAt?: string;
    outcome: string;
    runId: string;
  }>;
  /** Why the history side is empty, when it is. */
  historyNote?: string;
  /** The case's online ballot sessions, oldest first. */
  ballotSessions: TimelineBallotSession[];
  /** Why no session is shown, when the source holds none (an archive). */
  ballotNote?: string;
}

export interface CaseHistory {
  runId: string;
  workflowType: string;
  history: History;
}

export async function buildTimeline(
  caseId: string,
  events: readonly RecordedEvent[],
  histories: readonly CaseHistory[],
  opts: { historyNote?: string; codecs?: readonly PayloadCodec[]; ballotSessions?: readonly AuditedBallotSession[] } = {},
): Promise<Timeline> {
  const { historyNote } = opts;
  const updatesByKey = new Map<string, { u: DecisionUpdate; runId: string }>();
  const activitiesByKey = new Map<string, { a: ActivityAppend; runId: string }>();
  const locals: Array<{ l: LocalAppend; runId: string }> = [];
  const runs: TimelineRun[] = [];
  for (const h of histories) {
    const facts = await historyFacts(h.history, opts.codecs);
    runs.push({ runId: h.runId, workflowType: h.workflowType, historyEvents: h.history.events?.length ?? 0 });
    for (const u of facts.decisions) {
      if (u.step === undefined || u.outcome === 'failed') continue;
      updatesByKey.set(`${caseId}:${u.step}`, { u, runId: h.runId });
    }
    for (const a of facts.appends) {
      const seen = activitiesByKey.get(a.idempotencyKey);
      // A step scheduled twice (a reset run) is shown by the schedule that completed.
      if (!seen || (seen.a.outcome !== 'completed' && a.outcome === 'completed'))
        activitiesByKey.set(a.idempotencyKey, { a, runId: h.runId });
    }
    for (const l of facts.localAppends) locals.push({ l, runId: h.runId });
  }
  /** A local activity's append (a decision's) holds the positions its result names. */
  const localActivityAt = (position: bigint): { a: ActivityAppend & { local: true }; runId: string } | undefined => {
    const found = locals.find(({ l }) => l.firstPosition <= position && position <= l.lastPosition);
    if (!found) return undefined;
    const { l, runId } = found;
    return {
      runId,
      a: {
        idempotencyKey: '',
        activityType: l.activityType,
        scheduledEventId: l.markerEventId,
        ...(l.recordedAt ? { completedAt: l.recordedAt } : {}),
        outcome: 'completed',
        local: true,
      },
    };
  };
  const answered = new Set<DecisionUpdate>();
  const rows = events.map((e): TimelineRow => {
    const key = appendKeyOf(e.idempotencyKey);
    const update = updatesByKey.get(key);
    const activity = activitiesByKey.get(key) ?? localActivityAt(e.position);
    if (update) answered.add(update.u);
    return {
      position: e.position.toString(),
      version: e.streamVersion,
      recordedAt: e.recordedAt,
      type: e.type,
      ...(e.metadata.actor ? { actor: { ...e.metadata.actor } } : {}),
      ...(e.metadata.causationId ? { step: e.metadata.causationId } : {}),
      ...(e.metadata.policyVersion ? { policyVersion: e.metadata.policyVersion } : {}),
      what: summarizeEvent(e.type, e.data as unknown as Record<string, unknown>),
      ...(update
        ? {
            update: {
              name: update.u.name,
              updateId: update.u.updateId,
              acceptedEventId: update.u.acceptedEventId,
              acceptedAt: update.u.acceptedAt,
              completedEventId: update.u.completedEventId,
              completedAt: update.u.completedAt,
              runId: update.runId,
            },
          }
        : {}),
      ...(activity
        ? {
            activity: {
              type: activity.a.activityType,
              scheduledEventId: activity.a.scheduledEventId,
              scheduledAt: activity.a.scheduledAt,
              completedEventId: activity.a.completedEventId,
              completedAt: activity.a.completedAt,
              runId: activity.runId,
              ...('local' in activity.a ? { local: true as const } : {}),
            },
          }
        : {}),
    };
  });
  const unanswered = [...updatesByKey.values()]
    .filter(({ u }) => !answered.has(u))
    .map(({ u, runId }) => ({
      name: u.name,
      step: u.step,
      actor: u.actor ? describeActor(u.actor) : undefined,
      acceptedEventId: u.acceptedEventId,
      acceptedAt: u.acceptedAt,
      outcome: u.outcome,
      runId,
    }));
  // The decision event that carries a session names it in `data.ballot`.
  const decidedBy = new Map<string, string>();
  for (const e of events) {
    const ballot = e.type === 'TaskDecided' ? (e.data as { ballot?: { sessionId?: unknown } }).ballot : undefined;
    if (typeof ballot?.sessionId === 'string' && !decidedBy.has(ballot.sessionId)) decidedBy.set(ballot.sessionId, e.position.toString());
  }
  const ballotSessions = (opts.ballotSessions ?? []).map((s) => {
    const at = decidedBy.get(s.sessionId);
    return at ? { ...s, decisionPosition: at } : { ...s };
  });
  return {
    caseId,
    generatedAt: new Date().toISOString(),
    runs,
    rows,
    unanswered,
    ...(historyNote ? { historyNote } : {}),
    ballotSessions,
    ...(opts.ballotSessions === undefined && decidedBy.size > 0
      ? { ballotNote: 'the archive holds no ballot sessions: run `audit timeline` against the database to see them' }
      : {}),
  };
}

/** Fields that only repeat what the row already says (the case, the task, the time). */
const ROUTINE = new Set([
  'caseId',
  'taskId',
  'personId',
  'assignmentId',
  'noticeId',
  'objectionId',
  'at',
  'actor',
  'step',
  'startedAt',
  'subjectId',
]);

export function summarizeEvent(type: string, data: Record<string, unknown>): string {
  const source = type === 'TaskDecided' ? ((data.decision as Record<string, unknown> | undefined) ?? {}) : data;
  const parts: string[] = [];
  const ballot = type === 'TaskDecided' ? (data.ballot as { sessionId?: unknown; head?: unknown; cast?: unknown } | undefined) : undefined;
  if (ballot) parts.push(`ballot=${String(ballot.sessionId)} (${String(ballot.cast)} cast, head ${String(ballot.head).slice(0, 12)}…)`);
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (path === '' && ROUTINE.has(k)) continue;
        walk(v, path ? `${path}.${k}` : k);
      }
      return;
    }
    parts.push(`${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  };
  walk(source, '');
  return parts.join(', ');
}

const when = (iso: string | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) : '');

function historyCell(r: TimelineRow): string {
  const parts: string[] = [];
  if (r.update)
    parts.push(`update ${r.update.name} #${r.update.acceptedEventId}${r.update.completedEventId ? `→#${r.update.completedEventId}` : ''}`);
  if (r.activity)
    parts.push(
      `${r.activity.type}${r.activity.local ? ' (local)' : ''} #${r.activity.scheduledEventId}${r.activity.completedEventId ? `→#${r.activity.completedEventId}` : ''}`,
    );
  return parts.join('; ');
}

export function renderTimelineText(t: Timeline): string {
  const out = [`${t.caseId}: ${t.rows.length} log event(s), ${t.runs.length} workflow run(s)`];
  for (const r of t.runs) out.push(`  run ${r.runId} (${r.workflowType}, ${r.historyEvents} history events)`);
  if (t.historyNote) out.push(`  history: ${t.historyNote}`);
  out.push(
    '',
    table(
      t.rows.map((r) => ({
        position: r.position,
        recorded: when(r.recordedAt),
        event: r.type,
        by: r.actor ? describeActor(r.actor as Parameters<typeof describeActor>[0]) : '',
        step: r.step ?? '',
        policy: r.policyVersion ?? '',
        history: historyCell(r),
        what: r.what.length > 60 ? `${r.what.slice(0, 59)}…` : r.what,
      })),
    ),
  );
  if (t.ballotSessions.length > 0) {
    out.push('', 'online ballot sessions:');
    for (const s of t.ballotSessions) out.push(...ballotSessionLines(s).map((l) => `  ${l}`));
  }
  if (t.ballotNote) out.push('', `ballot sessions: ${t.ballotNote}`);
  if (t.unanswered.length > 0) {
    out.push('', 'decisions in the history with no event in the log:');
    for (const u of t.unanswered)
      out.push(`  ${u.name} ${u.step ?? ''} by ${u.actor ?? '?'} (history event #${u.acceptedEventId}, ${u.outcome})`);
  }
  return out.join('\n');
}

/** A session in words: opened, closed, decided. */
export function ballotSessionLines(s: TimelineBallotSession): string[] {
  const rule = s.closing.kind === 'deadline' ? `closes by itself at ${when(s.closing.at)}` : 'closed by its chair';
  const lines = [`${s.sessionId} on step ${s.step}: opened ${when(s.openedAt)} by ${s.openedBy}, ${s.due} due, ${rule}`];
  if (s.status === 'open') lines.push(`  open: ${s.cast} cast so far`);
  else
    lines.push(
      `  closed ${when(s.closedAt)} ${s.closedByDeadline ? 'by its deadline' : `by ${s.closedBy ?? '?'}`}: ${s.cast} cast, head ${s.head?.slice(0, 12) ?? ''}…`,
    );
  lines.push(
    s.decisionPosition ? `  decided: log position ${s.decisionPosition} carries it` : '  decided: no decision event carries it yet',
  );
  return lines;
}

// ── CSV ─────────────────────────────────────────────────────────────────────

const CSV_COLUMNS = [
  'position',
  'stream_version',
  'recorded_at',
  'event_type',
  'actor_id',
  'actor_role',
  'actor_township',
  'step',
  'policy_version',
  'what',
  'update_name',
  'update_id',
  'update_accepted_event_id',
  'update_accepted_at',
  'update_completed_event_id',
  'activity_type',
  'activity_scheduled_event_id',
  'activity_completed_event_id',
  'run_id',
] as const;

export function renderTimelineCsv(t: Timeline): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of t.rows) {
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      position: r.position,
      stream_version: String(r.version),
      recorded_at: r.recordedAt,
      event_type: r.type,
      actor_id: r.actor?.id ?? '',
      actor_role: r.actor?.role ?? '',
      actor_township: r.actor?.townshipId ?? '',
      step: r.step ?? '',
      policy_version: r.policyVersion ?? '',
      what: r.what,
      update_name: r.update?.name ?? '',
      update_id: r.update?.updateId ?? '',
      update_accepted_event_id: r.update?.acceptedEventId ?? '',
      update_accepted_at: r.update?.acceptedAt ?? '',
      update_completed_event_id: r.update?.completedEventId ?? '',
      activity_type: r.activity?.type ?? '',
      activity_scheduled_event_id: r.activity?.scheduledEventId ?? '',
      activity_completed_event_id: r.activity?.completedEventId ?? '',
      run_id: r.update?.runId ?? r.activity?.runId ?? '',
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  }
  // The BOM makes Excel and WPS read the file as UTF-8 (names and decisions are Chinese).
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  // Text a spreadsheet would run as a formula (an objection summary can be anything) is kept as text.
  const safe = /^[=+@\t\r]/.test(value) || /^-[^\d]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// ── HTML ────────────────────────────────────────────────────────────────────

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const ROLE_LABELS: Record<string, string> = {
  'county-org-dept': '县委组织部 (county organization department)',
  'township-committee': '乡镇党委 (township committee)',
  auditor: '审计 (auditor)',
  admin: '管理员 (admin)',
};

export function renderTimelineHtml(t: Timeline, tool: string): string {
  const e = escapeHtml;
  const policies = [...new Set(t.rows.map((r) => r.policyVersion).filter(Boolean))].join(', ');
  const row = (r: TimelineRow) => `
      <tr>
        <td class="num">${e(r.position)}</td>
        <td class="nowrap">${e(when(r.recordedAt))}</td>
        <td>${e(r.type)}</td>
        <td>${r.actor ? `${e(r.actor.id)}<br><span class="muted">${e(ROLE_LABELS[r.actor.role] ?? r.actor.role)}${r.actor.townshipId ? ` ${e(r.actor.townshipId)}` : ''}</span>` : ''}</td>
        <td>${e(r.step ?? '')}</td>
        <td>${e(r.policyVersion ?? '')}</td>
        <td class="what">${e(r.what)}</td>
        <td class="hist">${
          r.update
            ? `<div>更新 (Update) <b>${e(r.update.name)}</b>: #${e(r.update.acceptedEventId)} ${e(when(r.update.acceptedAt))}${
                r.update.completedEventId ? ` → #${e(r.update.completedEventId)}` : ''
              }</div>`
            : ''
        }${
          r.activity
            ? `<div>活动 (Activity) ${e(r.activity.type)}${r.activity.local ? '（本地 local）' : ''}: #${e(r.activity.scheduledEventId)}${r.activity.completedEventId ? ` → #${e(r.activity.completedEventId)} ${e(when(r.activity.completedAt))}` : ''}</div>`
            : ''
        }</td>
      </tr>`;
  const unanswered = t.unanswered.length
    ? `
  <h2>历史中有、日志中无的决定 (Decisions in the history with no log event)</h2>
  <table>
    <thead><tr><th>更新 (Update)</th><th>步骤 (Step)</th><th>决定人 (Actor)</th><th>历史事件 (History event)</th><th>状态 (Outcome)</th></tr></thead>
    <tbody>${t.unanswered
      .map(
        (u) =>
          `<tr><td>${e(u.name)}</td><td>${e(u.step ?? '')}</td><td>${e(u.actor ?? '')}</td><td class="num">#${e(u.acceptedEventId)} ${e(when(u.acceptedAt))}</td><td>${e(u.outcome)}</td></tr>`,
      )
      .join('')}</tbody>
  </table>`
    : '';
  const ballots = t.ballotSessions.length
    ? `
  <h2>在线投票 (Online ballot sessions)</h2>
  <table>
    <thead><tr><th>投票 (Session)</th><th>步骤 (Step)</th><th>开始 (Opened)</th><th>应到 (Due)</th><th>结束方式 (Closing)</th><th>结束 (Closed)</th><th>票数 (Cast)</th><th>选票链末端 (Head)</th><th>决定事件 (Decision event)</th></tr></thead>
    <tbody>${t.ballotSessions
      .map(
        (s) =>
          `<tr><td>${e(s.sessionId)}</td><td>${e(s.step)}</td><td class="nowrap">${e(when(s.openedAt))}<br><span class="muted">${e(s.openedBy)}</span></td><td class="num">${e(s.due)}</td><td>${
            s.closing.kind === 'deadline' ? `到时自动结束 (at its deadline) ${e(when(s.closing.at))}` : '主持人结束 (by its chair)'
          }</td><td class="nowrap">${
            s.status === 'closed'
              ? `${e(when(s.closedAt))}<br><span class="muted">${s.closedByDeadline ? '到时自动结束 (by its deadline)' : e(s.closedBy ?? '')}</span>`
              : '进行中 (open)'
          }</td><td class="num">${e(s.cast)}</td><td><code>${e(s.head?.slice(0, 16) ?? '')}</code></td><td class="num">${s.decisionPosition ? `#${e(s.decisionPosition)}` : '—'}</td></tr>`,
      )
      .join('')}</tbody>
  </table>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`案件审计时间线 (Case audit timeline) ${t.caseId}`)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 13px; color: #111; margin: 24px; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  h2 { font-size: 15px; margin: 24px 0 8px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
  dt { color: #555; }
  dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
  th { background: #eee; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  .num { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .nowrap { white-space: nowrap; }
  .muted { color: #555; font-size: 11px; }
  .what { word-break: break-word; max-width: 28em; }
  .hist { font-size: 11px; }
  .note { color: #8a4b00; }
  footer { margin-top: 24px; color: #555; font-size: 11px; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { margin: 0; font-size: 10px; }
    th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    a { color: inherit; text-decoration: none; }
  }
</style>
</head>
<body>
  <h1>案件审计时间线 (Case audit timeline)</h1>
  <dl>
    <dt>案件 (Case)</dt><dd>${e(t.caseId)}</dd>
    <dt>政策版本 (Policy version)</dt><dd>${e(policies || '—')}</dd>
    <dt>日志事件 (Log events)</dt><dd>${e(t.rows.length)}</dd>
    <dt>工作流运行 (Workflow runs)</dt><dd>${t.runs.length ? t.runs.map((r) => `${e(r.runId)} (${e(r.workflowType)}, ${e(r.historyEvents)} 历史事件 (history events))`).join('<br>') : '—'}</dd>
    <dt>生成时间 (Generated at)</dt><dd>${e(t.generatedAt)}</dd>
  </dl>
  ${t.historyNote ? `<p class="note">${e(t.historyNote)}</p>` : ''}
  <h2>事件日志与工作流历史对照 (Event log beside the workflow history)</h2>
  <table>
    <thead>
      <tr>
        <th>位置 (Position)</th>
        <th>时间 (Time, UTC)</th>
        <th>事件 (Event)</th>
        <th>决定人 (Actor)</th>
        <th>步骤 (Step)</th>
        <th>政策版本 (Policy)</th>
        <th>内容 (What)</th>
        <th>工作流历史事件 (History events)</th>
      </tr>
    </thead>
    <tbody>${t.rows.map(row).join('')}
    </tbody>
  </table>${ballots}${unanswered}
  <footer>${e(tool)} · 历史事件编号为 Temporal 工作流历史中的事件号 (history event numbers are Temporal workflow history event ids)</footer>
</body>
</html>
`;
}
