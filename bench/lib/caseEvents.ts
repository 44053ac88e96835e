/**
 * The appends of probation-like cases, as the workflows make them: a case's stream gets
 * its start, the probation's start, three check-ins (task opened, then decided with the
 * check-in) and the confirmation — 9 appends, 17 events, touching the cases, tasks,
 * probations and people read models. Deterministic, so two runs append the same rows.
 */
import type { Actor } from '../../domain/actors';
import type { DomainEvent, EventMetadata } from '../../domain/events';
import type { AppendInput } from '../../activities/eventStore';

const county: Actor = { id: 'bench-org', role: 'county-org-dept' };

export const APPENDS_PER_CASE = 9;
export const EVENTS_PER_CASE = 17;

export function caseAppends(i: number, tag: string): AppendInput[] {
  const caseId = `probation/bench-${tag}-${i}/a`;
  const personId = `p-bench-${tag}-${i}`;
  const townshipId = `ts-${String((i % 12) + 1).padStart(2, '0')}`;
  const town: Actor = { id: `${townshipId}-committee`, role: 'township-committee', townshipId };
  const assignmentId = `${caseId}/post`;
  const at = '2026-03-02T01:00:00.000Z';
  const out: AppendInput[] = [];
  let version = 0;
  const add = (step: string, events: DomainEvent[], actor?: Actor): void => {
    const metadata: EventMetadata = {
      workflowId: caseId,
      runId: `run-${tag}-${i}`,
      causationId: step,
      policyVersion: '2026.1',
      ...(actor ? { actor } : {}),
    };
    out.push({
      streamId: caseId,
      expectedVersion: version,
      idempotencyKey: `${caseId}:${step}`,
      events: events.map((event) => ({ event, metadata })),
    });
    version += events.length;
  };
  add('start', [
    {
      type: 'CaseStarted',
      data: {
        caseId,
        kind: 'probation',
        subjectId: personId,
        townshipId,
        policyVersion: '2026.1',
        startedAt: at,
        summary: `测试干部${i} 试任 副镇长`,
      },
    },
    { type: 'CaseStageChanged', data: { caseId, stage: 'started', at } },
  ]);
  add('stage:on-probation', [
    { type: 'CaseStageChanged', data: { caseId, stage: 'on-probation', at } },
    {
      type: 'PostAssigned',
      data: { assignmentId, personId, orgUnitId: townshipId, title: '副镇长', rank: '副科级', startedOn: '2026-03-02', onTrial: true },
    },
    {
      type: 'ProbationStarted',
      data: {
        caseId,
        personId,
        assignmentId,
        orgUnitId: townshipId,
        title: '副镇长',
        trialRank: '副科级',
        previousRank: '科员',
        appointedOn: '2026-03-02',
        endsOn: '2027-03-01',
      },
    },
  ]);
  for (let k = 1; k <= 3; k++) {
    const step = `check-in-${k}`;
    const taskId = `${caseId}:${step}`;
    add(`${step}:open`, [
      {
        type: 'TaskOpened',
        data: {
          caseId,
          taskId,
          step,
          title: `试用期考察 第${k}次 Check-in ${k}`,
          role: 'township-committee',
          orgUnitId: townshipId,
          townshipId,
          openedAt: at,
          remindAt: '2026-03-12T01:00:00.000Z',
          dueAt: '2026-03-16T09:30:00.000Z',
          dueWorkingDays: 10,
        },
      },
    ]);
    add(
      step,
      [
        { type: 'TaskDecided', data: { caseId, taskId, step, actor: town, decision: { rating: 'good', comment: '表现良好' }, at } },
        { type: 'ProbationCheckInRecorded', data: { caseId, personId, index: k, rating: 'good', comment: '表现良好', actor: town, at } },
      ],
      town,
    );
  }
  add(
    'outcome',
    [
      { type: 'ProbationConfirmed', data: { caseId, personId, assignmentId, confirmedOn: '2027-03-01', actor: county } },
      { type: 'PostConfirmed', data: { assignmentId, personId, confirmedOn: '2027-03-01' } },
      { type: 'CaseClosed', data: { caseId, outcome: 'confirmed', at } },
    ],
    county,
  );
  return out;
}

/** Cases' appends interleaved step by step, as many cases running at once would append them. */
export function interleavedAppends(cases: number, tag: string): AppendInput[] {
  const per = Array.from({ length: cases }, (_, i) => caseAppends(i, tag));
  const out: AppendInput[] = [];
  for (let s = 0; s < APPENDS_PER_CASE; s++) for (const c of per) out.push(c[s]!);
  return out;
}
