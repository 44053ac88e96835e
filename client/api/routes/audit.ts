/**
 * One case verified for an auditor, the way `cadreflow audit` verifies the record
 * (docs/audit.md), bounded to that case: its workflow histories replayed against the
 * current code, its decisions in the histories paired with its decision events in the
 * log, and the log's hash chain recomputed up to its head.
 */
import type { FastifyInstance } from 'fastify';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import type { PayloadCodec } from '@temporalio/common';
import type { RecordedEvent } from '../../../domain/events';
import type { CaseVerification } from '../../../domain/wire/caseVerification';
import { fromArchivedEvent } from '../../audit/archive';
import { crossCheckDecisions, type CaseDecisions, type LoggedDecision, type PositionOwner } from '../../audit/decisions';
import { DECISION_EVENT_TYPES, historyFacts, holdsSealedPayload, unsealedInputs } from '../../audit/historyFacts';
import { compareExecutions, runsOfCases } from '../../audit/executions';
import { ballotFindings, checkBallots } from '../../audit/ballotCheck';
import { replayHistories, type ReplayInput } from '../../audit/replay';
import { UserError } from '../../cases';
import { moduleOf, type ApiContext } from '../context';
import { ApiError, notFound } from '../problem';
import { CASE_VERIFICATION } from '../auditSchemas';
import { ID, responses } from '../schemas';
import { auditToolRoutes } from './auditTools';

/** Verifications queued behind the running one before callers are told to come back. */
const MAX_WAITING = 4;

interface Run {
  runId: string;
  workflowType: string;
  history: History;
}

type DecisionsPart = { checked: false; why: string } | ({ checked: true } & Omit<ReturnType<typeof crossCheckDecisions>, 'cases'>);

/** A replay error without the SDK's stack frames: the message is for an auditor, the frames are not. */
function withoutStack(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*at\s/.test(line))
    .join('\n')
    .slice(0, 2000);
}

async function decisionsOf(
  caseId: string,
  runs: readonly Run[],
  events: readonly RecordedEvent[],
  ctx: ApiContext,
  codecs: readonly PayloadCodec[],
  note: string | undefined,
): Promise<DecisionsPart> {
  // With no history there is nothing to pair: every decision event would read as unexplained.
  if (runs.length === 0) return { checked: false, why: note ?? 'the case has no workflow history' };
  const updates = [];
  try {
    for (const r of runs) updates.push(...(await historyFacts(r.history, codecs)).decisions);
  } catch (err) {
    // Sealed histories without the deployment's codec cannot be read: say so rather than report every decision missing.
    if (err instanceof UserError) return { checked: false, why: err.message };
    throw err;
  }
  const logged: LoggedDecision[] = events
    .filter((e) => (DECISION_EVENT_TYPES as readonly string[]).includes(e.type))
    .map((e) => ({
      position: String(e.position),
      caseId,
      type: e.type,
      step: e.metadata.causationId,
      actor: e.metadata.actor,
      recordedAt: e.recordedAt,
    }));
  const cases: CaseDecisions[] = [{ caseId, updates }];
  // A receipt names a log position; the case's own events answer most, the log the rest.
  const owners = new Map<string, PositionOwner | null>(
    events.map((e) => [String(e.position), { caseId: e.streamId, step: e.metadata.causationId }]),
  );
  const elsewhere = [
    ...new Set(
      updates.map((u) => u.receipt?.position).filter((p): p is string => typeof p === 'string' && /^\d{1,18}$/.test(p) && !owners.has(p)),
    ),
  ];
  if (elsewhere.length > 0) {
    const rows = await ctx.db
      .selectFrom('events')
      .select(['position', 'stream_id', 'metadata'])
      .where('position', 'in', elsewhere.map(BigInt))
      .execute();
    for (const r of rows) owners.set(r.position.toString(), { caseId: r.stream_id, step: r.metadata.causationId });
  }
  const { cases: _n, ...report } = crossCheckDecisions(cases, logged, owners);
  return { checked: true, ...report };
}

export function auditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // One replay at a time: a replay worker is heavy, and auditors are few.
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  function serialized<T>(fn: () => Promise<T>): Promise<T> {
    if (waiting >= MAX_WAITING) {
      throw new ApiError(503, 'busy', 'Service unavailable', `${waiting} case verifications are waiting already; try again in a minute`);
    }
    waiting += 1;
    const run = queue.then(
      () => fn(),
      () => fn(),
    );
    queue = run.then(
      () => (waiting -= 1),
      () => (waiting -= 1),
    );
    return run;
  }
  auditToolRoutes(app, ctx, serialized);

  app.get<{ Params: { caseId: string } }>(
    '/audit/cases/:caseId/verification',
    {
      config: { access: ['auditor', 'county-org-dept'] },
      schema: {
        tags: ['audit'],
        summary: 'Verify one case: replay its histories against the current code, pair its decisions with the log, check the hash chain',
        description:
          'Each run of the case’s workflow is replayed against the workflow code this server runs (`status` ok, nondeterministic or ' +
          'failed); each accepted decision Update is paired with its event in the case’s stream and each decision event with its Update; ' +
          'the whole log’s hash chain is recomputed. One verification runs at a time; the first one also bundles the workflow code.',
        params: {
          type: 'object',
          properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
          required: ['caseId'],
        },
        response: responses({ 200: CASE_VERIFICATION }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const audit = moduleOf(ctx, 'audit');
      return serialized(async (): Promise<CaseVerification> => {
        const record = await audit.caseRecord(caseId);
        if (record.events.length === 0 && record.histories.length === 0)
          throw notFound(`no case ${caseId} in the event log or in Temporal`);
        const events = record.events.map(fromArchivedEvent);
        const runs: Run[] = record.histories.map((h) => ({
          runId: h.runId,
          workflowType: h.workflowType,
          history: historyFromJSON(h.history),
        }));
        const codecs = ctx.codec ? [ctx.codec] : [];

        const replayed = [];
        if (runs.length > 0) {
          const bundle = await ctx.workflowBundle();
          async function* inputs(): AsyncGenerator<ReplayInput> {
            for (const r of runs) yield { workflowId: caseId, runId: r.runId, workflowType: r.workflowType, history: r.history };
          }
          for await (const r of replayHistories(bundle, inputs(), codecs)) {
            replayed.push({
              runId: r.runId,
              workflowType: r.workflowType,
              historyEvents: r.events,
              ok: r.status === 'ok',
              status: r.status,
              ...(r.divergence ? { divergence: withoutStack(r.divergence) } : {}),
              ...(r.error && r.status !== 'ok' ? { error: withoutStack(r.error) } : {}),
            });
          }
        }
        const decisions = await decisionsOf(caseId, runs, events, ctx, codecs, record.note);
        const chain = await audit.verifiedHead();
        const decisionsOk =
          decisions.checked &&
          decisions.decisionsWithoutEvents.length + decisions.eventsWithoutDecisions.length + decisions.receiptMismatches.length === 0;
        // The same two checks `audit verify` makes of every case: input that reached a run
        // unsealed (in a history its workers sealed), and runs Temporal ended or reset that
        // the read model still shows as they were.
        const unsealed = runs.flatMap((r) =>
          holdsSealedPayload(r.history) ? unsealedInputs(r.history).map((u) => ({ runId: r.runId, ...u })) : [],
        );
        const executions = ctx.temporal
          ? await executionsOf(caseId)
          : { checked: false as const, why: 'this API server has no Temporal client' };
        // As `audit verify` checks them, bounded to this case, in one snapshot.
        const ballots = await ctx.db
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute((trx) => checkBallots(trx, caseId));
        return {
          caseId,
          ok:
            replayed.length > 0 &&
            replayed.every((r) => r.ok) &&
            decisionsOk &&
            chain.ok &&
            unsealed.length === 0 &&
            (!executions.checked || executions.findings.length === 0) &&
            ballotFindings(ballots) === 0,
          checkedAt: new Date(ctx.clock()).toISOString(),
          events: events.length,
          ...(record.note ? { note: record.note } : {}),
          runs: replayed,
          decisions,
          chain,
          unsealed,
          executions,
          ballots,
        };
      });
    },
  );

  async function executionsOf(caseId: string) {
    const runs = await runsOfCases(ctx.temporal!, [caseId]);
    const row = await ctx.db.selectFrom('cases').select('status').where('case_id', '=', caseId).executeTakeFirst();
    const report = compareExecutions(runs, new Map(row ? [[caseId, row.status]] : []));
    return { checked: true as const, runs: report.runs, findings: report.findings };
  }
}
