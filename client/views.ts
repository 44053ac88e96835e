/**
 * What the CLI prints: plain tables from the read models (never from workflow state).
 */
import type { Task } from '../domain/wire/task';
import type { CaseView } from './backend';
import { describeActor } from '../domain/actors';

export function table(rows: Array<Record<string, string>>): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  // CJK characters take two terminal columns.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (r: Record<string, string>) =>
    cols
      .map((c, i) => (r[c] ?? '') + ' '.repeat(widths[i]! - width(r[c] ?? '')))
      .join('  ')
      .trimEnd();
  return [line(Object.fromEntries(cols.map((c) => [c, c]))), ...rows.map(line)].join('\n');
}

const day = (iso: string) => iso.slice(0, 10);

export function renderTasks(tasks: Task[], nowMs: number): string {
  if (tasks.length === 0) return 'no pending tasks';
  const rows = tasks.map((t) => ({
    case: t.caseId,
    step: t.step,
    for: t.role === 'township-committee' ? `${t.role} ${t.townshipId}` : t.role,
    due: day(t.dueAt) + (Date.parse(t.dueAt) < nowMs ? ' OVERDUE' : ''),
    title: t.title,
  }));
  const overdue = tasks.filter((t) => Date.parse(t.dueAt) < nowMs).length;
  return `${table(rows)}\n\n${tasks.length} pending task(s), ${overdue} overdue`;
}

export function renderCase(c: CaseView): string {
  const out = [
    `${c.caseId}  ${c.summary}`,
    `kind ${c.kind} · township ${c.townshipId} · stage ${c.stage} · ${c.status}${c.outcome ? ` (${c.outcome})` : ''} · policy ${c.policyVersion}`,
  ];
  if (c.probation) {
    out.push(`probation ${c.probation.appointedOn} → ${c.probation.endsOn} · ${c.probation.status} · check-ins ${c.probation.checkIns}`);
  }
  const pending = c.tasks.filter((t) => t.status === 'pending');
  if (pending.length) {
    out.push('', 'pending:', table(pending.map((t) => ({ step: t.step, for: t.role, due: day(t.dueAt), title: t.title }))));
  }
  out.push(
    '',
    'timeline:',
    table(
      c.timeline.map((e) => ({
        '#': String(e.version),
        position: e.position,
        recorded: e.recordedAt.replace('T', ' ').slice(0, 19),
        event: e.type,
        by: e.actor ? describeActor(e.actor) : '',
        step: e.step ?? '',
      })),
    ),
  );
  return out.join('\n');
}
