/**
 * The audit's pure parts: the in-memory chain walk (what `audit verify --archive` runs),
 * the decisions cross-check, checkpoints, the archive format, and the timeline's
 * CSV/HTML escaping. The database and Temporal halves are in
 * test/integration/audit.test.ts.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { eventHash, GENESIS_HASH, type HashChainReport } from '../../activities/hashChain';
import type { Actor } from '../../domain/actors';
import type { RecordedEvent, TaskDecided } from '../../domain/events';
import { ArchiveWriter, readArchive, writeArchiveFile, type ArchiveLine } from '../../client/audit/archive';
import { ChainWalker } from '../../client/audit/chain';
import { checkCheckpoint, loadSigningKey, signHead, type Checkpoint } from '../../client/audit/checkpoint';
import { crossCheckDecisions, type CaseDecisions, type LoggedDecision } from '../../client/audit/decisions';
import { DECISION_UPDATES, historyFacts, type DecisionUpdate } from '../../client/audit/historyFacts';
import { divergenceOf } from '../../client/audit/replay';
import { checkAuditScope, visibilityQuery } from '../../client/audit/auditScope';
import { buildTimeline, renderTimelineCsv, renderTimelineHtml } from '../../client/audit/timeline';

const tmp = () => mkdtempSync(join(tmpdir(), 'cf-audit-unit-'));

/** A valid chain of `n` events over three streams, hashed as the event store hashes. */
function chain(n: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const versions = new Map<string, number>();
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const streamId = `case/${i % 3}`;
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    const fields = {
      position: BigInt(i),
      streamId,
      streamVersion: version,
      type: 'TaskReminderSent' as const,
      data: { caseId: streamId, taskId: `${streamId}:t`, at: '2026-01-05T01:00:00.000Z' },
      metadata: { causationId: `step-${i}` },
      idempotencyKey: `${streamId}:step-${i}#0`,
      recordedAt: '2026-01-05T01:00:00.000Z',
    };
    const hash = eventHash(prev, fields);
    out.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function walk(events: readonly RecordedEvent[], head = events.at(-1)): HashChainReport {
  const w = new ChainWalker();
  for (const e of events) w.push(e);
  return w.finish(head ? { position: head.position.toString(), hash: head.hash } : { position: '0', hash: GENESIS_HASH });
}

describe('the in-memory chain walk', () => {
  const intact = chain(12);

  it('accepts an intact chain and an empty one', () => {
    expect(walk(intact)).toMatchObject({ ok: true, checked: 12, head: { position: '12' } });
    expect(walk([])).toMatchObject({ ok: true, checked: 0, head: null });
  });

  it('names the first bad position of a changed, a deleted and a swapped event', () => {
    const changed = intact.map((e) => (e.position === 5n ? { ...e, data: { ...e.data, at: '2020-01-01T00:00:00.000Z' } } : e));
    expect(walk(changed)).toMatchObject({ ok: false, firstBadPosition: '5', reason: 'hash of position 5 does not match its contents' });

    const deleted = intact.filter((e) => e.position !== 7n);
    expect(walk(deleted)).toMatchObject({ ok: false, firstBadPosition: '7', reason: 'position 7 is missing (the next stored event is 8)' });

    const swapped = intact.map((e) =>
      e.position === 8n ? { ...intact[8]!, position: 8n } : e.position === 9n ? { ...intact[7]!, position: 9n } : e,
    );
    expect(walk(swapped)).toMatchObject({ ok: false, firstBadPosition: '8' });
  });

  it('checks the head line against the last event', () => {
    expect(walk(intact, intact[9])).toMatchObject({
      ok: false,
      firstBadPosition: '11',
      reason: 'events exist past the head (position 10)',
    });
    const w = new ChainWalker();
    for (const e of intact) w.push(e);
    expect(w.finish({ position: '12', hash: 'f'.repeat(64) })).toMatchObject({ ok: false, firstBadPosition: '12' });
    expect(new ChainWalker().finish(null)).toMatchObject({ ok: false, reason: 'the archive has no head line' });
  });
});

const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };

function update(step: string, actor: Actor, extra: Partial<DecisionUpdate> = {}): DecisionUpdate {
  return { updateId: `u-${step}`, name: 'decide', step, actor, acceptedEventId: '10', outcome: 'completed', ...extra };
}

function logged(
  position: string,
  step: string,
  actor: Actor | undefined,
  type: LoggedDecision['type'] = 'TaskDecided',
  caseId = 'c-1',
): LoggedDecision {
  return { position, caseId, type, step, actor, recordedAt: '2026-01-05T01:00:00.000Z' };
}

describe('the decisions cross-check', () => {
  it('pairs every completed Update with its event by case, step and actor', () => {
    const cases: CaseDecisions[] = [
      {
        caseId: 'c-1',
        updates: [
          update('check-in-1', township, { receipt: { caseId: 'c-1', step: 'check-in-1', taskId: 't', position: '2' } }),
          update('end-early', county, { name: 'endProbationEarly' }),
          update('n:objection-1', county, { name: 'fileObjection' }),
          // Failed Updates write nothing; an in-flight one may not have written yet.
          update('check-in-2', township, { outcome: 'failed' }),
          update('check-in-3', township, { outcome: 'in-flight' }),
        ],
      },
    ];
    const events = [
      logged('1', 'check-in-1', township),
      logged('5', 'end-early', county, 'ProbationEndedEarly'),
      logged('4', 'n:objection-1', county, 'ObjectionFiled'),
    ];
    const owners = new Map([['2', { caseId: 'c-1', step: 'check-in-1' }]]);
    const r = crossCheckDecisions(cases, events, owners);
    expect(r).toMatchObject({
      cases: 1,
      updates: 5,
      matched: 3,
      decisionsWithoutEvents: [],
      eventsWithoutDecisions: [],
      receiptMismatches: [],
    });
    expect(r.inFlight.map((f) => f.step)).toEqual(['check-in-3']);
  });

  it('reports decisions without events, events without decisions, wrong actors and receipts that point elsewhere', () => {
    const cases: CaseDecisions[] = [
      {
        caseId: 'c-1',
        updates: [
          update('check-in-1', township),
          update('check-in-2', township),
          update('democratic-rating', township, { receipt: { caseId: 'c-1', step: 'democratic-rating', taskId: 't', position: '9' } }),
        ],
      },
      { caseId: 'c-2', updates: [], missing: true },
    ];
    const events = [
      logged('3', 'check-in-2', { ...township, id: 'someone-else' }),
      logged('9', 'democratic-rating', township),
      logged('11', 'county-decision', county),
      logged('12', 'check-in-1', township, 'TaskDecided', 'c-2'),
    ];
    const owners = new Map([['9', { caseId: 'c-1', step: 'check-in-3' }]]);
    const r = crossCheckDecisions(cases, events, owners);
    expect(r.decisionsWithoutEvents.map((f) => [f.step, f.position ?? null, f.reason])).toEqual([
      ['check-in-1', null, "no TaskDecided for step check-in-1 by ts-01-committee (township-committee ts-01) in the case's stream"],
      [
        'check-in-2',
        '3',
        "the log's TaskDecided for step check-in-2 names someone-else (township-committee ts-01), the history ts-01-committee (township-committee ts-01)",
      ],
    ]);
    expect(r.eventsWithoutDecisions.map((f) => [f.caseId, f.position, f.reason])).toEqual([
      ['c-1', '11', "no accepted Update for step county-decision by org-staff (county-org-dept) in the case's history"],
      ['c-2', '12', 'Temporal has no workflow for its case'],
    ]);
    expect(r.receiptMismatches.map((f) => f.reason)).toEqual([
      "the Update's result names log position 9, which holds step check-in-3 of c-1",
    ]);
  });
});

describe('decisions and appends read from a recorded history', () => {
  it('finds each decision Update with its step, actor and history event ids', async () => {
    const json: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'probation-notice-escalated.json'), 'utf8'),
    );
    const facts = await historyFacts(historyFromJSON(json));
    expect(facts.workflowType).toBe('probation');
    expect(facts.decisions.map((d) => [d.name, d.step, d.actor?.role, d.outcome])).toEqual([
      ['fileObjection', 'pre-appointment-notice:objection-1', 'county-org-dept', 'completed'],
      ['decide', 'pre-appointment-notice:objection-1:finding', 'county-org-dept', 'completed'],
      // Escalated past its due date and decided by the county (督办).
      ['decide', 'check-in-1', 'county-org-dept', 'completed'],
      ['decide', 'check-in-2', 'township-committee', 'completed'],
      ['decide', 'check-in-3', 'township-committee', 'completed'],
      ['decide', 'democratic-rating', 'township-committee', 'completed'],
      ['decide', 'township-recommendation', 'township-committee', 'completed'],
      ['decide', 'county-decision', 'county-org-dept', 'completed'],
    ]);
    expect(facts.decisions[0]).toMatchObject({ acceptedEventId: '34', completedEventId: '42', receipt: { position: '71' } });
    expect(facts.appends[0]).toMatchObject({
      idempotencyKey: 'probation/p-4/notice-escalated:start',
      activityType: 'appendEvents',
      scheduledEventId: '5',
      completedEventId: '13',
    });
  });

  it("reads a decision's local-activity append by the positions its marker's result names", async () => {
    const json: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'probation-decisions-local-append.json'), 'utf8'),
    );
    const facts = await historyFacts(historyFromJSON(json));
    const decisions = facts.decisions.filter((d) => d.name === 'decide');
    expect(decisions).toHaveLength(6);
    // One local append per decision, none among the activity tasks' appends, and each
    // receipt's position (the decision's last event) inside its own local append.
    expect(facts.localAppends).toHaveLength(6);
    expect(facts.localAppends.every((l) => l.activityType === 'appendEvents' && l.firstPosition <= l.lastPosition)).toBe(true);
    expect(facts.appends.some((a) => a.idempotencyKey.endsWith(':check-in-1'))).toBe(false);
    for (const [i, d] of decisions.entries()) {
      const l = facts.localAppends[i]!;
      expect(l.lastPosition, d.step).toBe(BigInt(d.receipt!.position));
      expect(Number(l.markerEventId), d.step).toBeGreaterThan(Number(d.acceptedEventId));
      expect(Number(l.markerEventId), d.step).toBeLessThan(Number(d.completedEventId));
    }
  });

  it("shows a decision's local append in the timeline beside the Update, by position", async () => {
    const history = historyFromJSON(
      JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'probation-decisions-local-append.json'), 'utf8')),
    );
    const facts = await historyFacts(history);
    const d = facts.decisions.find((x) => x.step === 'check-in-1')!;
    const l = facts.localAppends[0]!;
    const caseId = 'probation/p-1/local-append';
    // The log's events of that append (TaskDecided and what the step means), at the positions its marker names.
    const events = Array.from({ length: Number(l.lastPosition - l.firstPosition) + 1 }, (_, i) => ({
      ...chain(1)[0]!,
      position: l.firstPosition + BigInt(i),
      streamId: caseId,
      type: i === 0 ? ('TaskDecided' as const) : ('TaskReminderSent' as const),
      metadata: { causationId: 'check-in-1', actor: d.actor },
      idempotencyKey: `${caseId}:check-in-1#${i}`,
    }));
    const t = await buildTimeline(caseId, events, [{ runId: 'r1', workflowType: 'probation', history }]);
    for (const row of t.rows) {
      expect(row.update).toMatchObject({ name: 'decide', acceptedEventId: d.acceptedEventId });
      expect(row.activity).toMatchObject({ type: 'appendEvents', scheduledEventId: l.markerEventId, local: true });
    }
    expect(renderTimelineCsv(t)).toContain(`appendEvents,${l.markerEventId}`);
    expect(renderTimelineHtml(t, 'cadreflow test')).toContain('（本地 local）');
  });

  it('reads a review request (复核) as a decision under the step its event is logged under', async () => {
    const json: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'evaluation-review-raised.json'), 'utf8'));
    const facts = await historyFacts(historyFromJSON(json));
    expect(facts.workflowType).toBe('evaluation');
    const review = facts.decisions.filter((d) => d.name === 'requestEvaluationReview');
    expect(review.map((d) => [d.step, d.actor?.role, d.outcome, d.input])).toEqual([
      ['review-request', 'township-committee', 'completed', { grounds: '实绩突出，申请复核' }],
    ]);
    // Paired with the log's EvaluationReviewRequested appended under that step by that actor.
    const caseId = 'evaluation/2026/ts-02-p001';
    const logged: LoggedDecision[] = facts.decisions.map((d) => ({
      position: d.receipt!.position,
      caseId,
      type: d.name === 'decide' ? 'TaskDecided' : 'EvaluationReviewRequested',
      step: d.step,
      actor: d.actor,
      recordedAt: d.completedAt!,
    }));
    const report = crossCheckDecisions([{ caseId, updates: facts.decisions }], logged, new Map());
    expect(report).toMatchObject({
      updates: facts.decisions.length,
      matched: facts.decisions.length,
      decisionsWithoutEvents: [],
      eventsWithoutDecisions: [],
    });
  });
});

describe('an appeal (申诉) read from a recorded history', () => {
  it('reads an appeal as a decision under its own step, paired with the EvaluationAppealRequested it left', async () => {
    const json: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'evaluation-appeal-raised.json'), 'utf8'));
    const facts = await historyFacts(historyFromJSON(json));
    expect(facts.workflowType).toBe('evaluation');
    const asked = facts.decisions.filter((d) => d.name === 'requestEvaluationReview' || d.name === 'requestEvaluationAppeal');
    expect(asked.map((d) => [d.name, d.step, d.actor?.role, d.outcome, d.input])).toEqual([
      ['requestEvaluationReview', 'review-request', 'township-committee', 'completed', { grounds: '实绩突出，申请复核' }],
      [
        'requestEvaluationAppeal',
        'appeal-request',
        'township-committee',
        'completed',
        { grounds: '复核结论与实绩不符，提出申诉', filedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      ],
    ]);
    expect(DECISION_UPDATES.requestEvaluationAppeal).toBe('EvaluationAppealRequested');
    const caseId = 'evaluation/2026/ts-11-p001';
    const logged: LoggedDecision[] = facts.decisions.map((d) => ({
      position: d.receipt!.position,
      caseId,
      type: DECISION_UPDATES[d.name]!,
      step: d.step,
      actor: d.actor,
      recordedAt: d.completedAt!,
    }));
    const report = crossCheckDecisions([{ caseId, updates: facts.decisions }], logged, new Map());
    expect(report).toMatchObject({
      updates: facts.decisions.length,
      matched: facts.decisions.length,
      decisionsWithoutEvents: [],
      eventsWithoutDecisions: [],
    });
    // An appeal logged under another step is not taken for this one.
    const misfiled = logged.map((l) => (l.type === 'EvaluationAppealRequested' ? { ...l, step: 'review-request' } : l));
    const broken = crossCheckDecisions([{ caseId, updates: facts.decisions }], misfiled, new Map());
    expect(broken.decisionsWithoutEvents.map((f) => [f.updateName, f.step])).toEqual([['requestEvaluationAppeal', 'appeal-request']]);
  });
});

describe('signed checkpoints', () => {
  const head = (position: number, hash: string): HashChainReport['head'] => ({ position: String(position), hash });
  const okChain = (position: number, hash: string): HashChainReport => ({ ok: true, checked: position, head: head(position, hash) });
  const hashA = 'a'.repeat(64);

  it('generates the key once, mode 0600, with a notice; CADREFLOW_AUDIT_KEY names another', () => {
    const dir = tmp();
    const notices: string[] = [];
    const key = loadSigningKey(dir, {}, (l) => notices.push(l));
    expect(key.generated).toBe(true);
    expect(notices).toEqual([expect.stringContaining(`generated a new Ed25519 audit signing key at ${join(dir, 'audit-ed25519.pem')}`)]);
    expect(statSync(key.path).mode & 0o777).toBe(0o600);
    const again = loadSigningKey(dir, {}, (l) => notices.push(l));
    expect(again).toMatchObject({ generated: false, fingerprint: key.fingerprint });
    expect(notices).toHaveLength(1);
    expect(loadSigningKey(tmp(), { CADREFLOW_AUDIT_KEY: key.path }).fingerprint).toBe(key.fingerprint);
    expect(() => loadSigningKey(dir, { CADREFLOW_AUDIT_KEY: join(dir, 'nope.pem') })).toThrow(/^CADREFLOW_AUDIT_KEY: no such file/);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => loadSigningKey(dir, { CADREFLOW_AUDIT_KEY: notPem })).toThrow(/is not a PEM private key/);
  });

  it('holds while the log only grows, and fails — saying why — when it was rewritten, cut or the file edited', () => {
    const key = loadSigningKey(tmp());
    const cp: Checkpoint = signHead(key, { position: '10', hash: hashA, time: '2026-11-28T08:00:00.000Z' });
    expect(checkCheckpoint('f', cp, hashA, okChain(10, hashA))).toMatchObject({ ok: true, reason: 'the log is unchanged since' });
    expect(checkCheckpoint('f', cp, hashA, okChain(14, 'b'.repeat(64)))).toMatchObject({
      ok: true,
      reason: 'the log only grew since: 4 event(s) appended, now at position 14',
    });
    expect(checkCheckpoint('f', cp, 'c'.repeat(64), okChain(14, 'b'.repeat(64)))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^position 10 now has hash cccccccccccc…, the checkpoint signed aaaaaaaaaaaa…: the log up to position 10 was rewritten/,
      ),
    });
    expect(checkCheckpoint('f', cp, undefined, okChain(8, 'b'.repeat(64))).reason).toBe(
      "the log ends at position 8, before the checkpoint's position 10: events it covered were removed",
    );
    const broken: HashChainReport = {
      ok: false,
      checked: 3,
      head: head(14, hashA),
      firstBadPosition: '4',
      reason: 'hash of position 4 does not match its contents',
    };
    expect(checkCheckpoint('f', cp, hashA, broken).reason).toMatch(
      /^the log was changed at or before the checkpoint: the chain breaks at position 4/,
    );
    const edited = { ...cp, head: { ...cp.head, position: '9' } };
    expect(checkCheckpoint('f', edited, hashA, okChain(14, hashA))).toMatchObject({
      ok: false,
      signatureValid: false,
      reason: expect.stringMatching(/^the signature does not verify/),
    });
  });
});

describe('the audit archive', () => {
  it('round-trips and refuses what is not a complete archive', async () => {
    const dir = tmp();
    const file = join(dir, 'a.jsonl.gz');
    const w = await ArchiveWriter.open({
      exportedAt: '2026-11-28T08:00:00.000Z',
      tool: { name: 'cadreflow', version: 't' },
      namespace: 'default',
      selection: '--all',
    });
    for (const e of chain(3)) await w.event(e);
    const { bytes } = await w.finish({ position: '3', hash: chain(3)[2]!.hash });
    writeArchiveFile(file, bytes);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines: ArchiveLine[] = [];
    for await (const l of readArchive(file)) lines.push(l);
    expect(lines.map((l) => l.kind)).toEqual(['header', 'event', 'event', 'event', 'head']);
    expect(lines.at(-1)).toMatchObject({ kind: 'head', position: '3', events: 3, histories: 0 });

    const read = async (f: string) => {
      for await (const _ of readArchive(f)) void _;
    };
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'not gzip');
    await expect(read(plain)).rejects.toThrow(`${plain} is not a gzip file; is it a cadreflow audit archive?`);
    const whole = readFileSync(file);
    const cut = join(dir, 'cut.gz');
    writeFileSync(cut, whole.subarray(0, whole.length - 12));
    await expect(read(cut)).rejects.toThrow(/is truncated/);
    const noHead = join(dir, 'nohead.gz');
    writeFileSync(noHead, gzipSync(`${JSON.stringify(lines[0])}\n`));
    await expect(read(noHead)).rejects.toThrow(`${noHead} is truncated: it has no final head line`);
    const disorder = join(dir, 'disorder.gz');
    writeFileSync(disorder, gzipSync(`${JSON.stringify(lines[0])}\n${JSON.stringify(lines[1])}\n${JSON.stringify({ kind: 'history' })}\n`));
    await expect(read(disorder)).rejects.toThrow(`${disorder}: line 3 (history) is out of order`);
    await expect(read(join(dir, 'missing.gz'))).rejects.toThrow(`no such archive: ${join(dir, 'missing.gz')}`);
  });
});

describe('selecting cases', () => {
  it('wants exactly one way of choosing, and builds the visibility query', () => {
    expect(() => checkAuditScope({})).toThrow(/^choose the cases/);
    expect(() => checkAuditScope({ all: true, kind: 'probation' })).toThrow(/give one of them/);
    expect(() => checkAuditScope({ since: 'yesterday' })).toThrow('--since "yesterday": expected YYYY-MM-DD or an ISO-8601 instant');
    expect(() => checkAuditScope({ kind: "x' OR 1=1" })).toThrow(/expected a case kind/);
    // A calendar day is the county's: midnight in Asia/Shanghai.
    expect(visibilityQuery({ kind: 'probation', since: '2026-01-01' })).toBe(
      "CaseKind = 'probation' AND StartTime >= '2025-12-31T16:00:00.000Z'",
    );
    expect(visibilityQuery({ kind: 'probation', query: "Township = 'ts-03'" })).toBe("CaseKind = 'probation' AND (Township = 'ts-03')");
    expect(visibilityQuery({ all: true })).toBeUndefined();
  });
});

describe('replay findings', () => {
  it('names the diverging event and command from the SDK message', () => {
    const message =
      'Replay failed with a nondeterminism error. This means that the workflow code as written is not compatible with the history that was fed in. ' +
      'Details: Workflow activation completion failed: Failure { failure: Some(Failure { message: "[TMPRL1100] Nondeterminism error: ' +
      'Activity type of scheduled event \'appendEvents\' does not match activity type of activity command \'msUntilDay\'", source: "", stack_trace: "" }) }';
    expect(divergenceOf(message)).toBe(
      "Activity type of scheduled event 'appendEvents' does not match activity type of activity command 'msUntilDay'",
    );
  });
});

describe('the timeline files', () => {
  it('escapes everything in HTML and keeps CSV cells as text', async () => {
    const e = chain(1)[0]!;
    const evil: RecordedEvent = {
      ...e,
      type: 'TaskDecided',
      data: {
        caseId: 'c',
        taskId: 't',
        step: 's',
        actor: township,
        decision: { comment: '=HYPERLINK("x") <script>alert(1)</script>, "q"' },
        at: '2026-01-05T01:00:00.000Z',
      },
      metadata: { actor: { ...township, id: '<img src=x>' }, causationId: 'check-in-1', policyVersion: '2026.1' },
    };
    const t = await buildTimeline('probation/<x>', [evil], []);
    const html = renderTimelineHtml(t, 'cadreflow test');
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).toContain('位置 (Position)');
    expect(html).toContain('@media print');
    const csv = renderTimelineCsv(t);
    expect(csv.startsWith('\uFEFFposition,')).toBe(true);
    expect(csv).toContain('"comment==HYPERLINK(""x"") <script>alert(1)</script>, ""q"""');
    const formula = await buildTimeline(
      'c',
      [{ ...evil, data: { ...(evil.data as TaskDecided['data']), decision: { x: 1 } }, metadata: { actor: { ...township, id: '=cmd' } } }],
      [],
    );
    expect(renderTimelineCsv(formula)).toContain(",'=cmd,");
  });
});
