/**
 * The runtime every case workflow shares: one event stream per case, appended in order
 * through activities, and the human tasks and public notices currently open.
 */
import { condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Actor } from '../../domain/actors';
import type { DecisionBallot } from '../../domain/wire/ballotSession';
import { APPEND_TIME, type DomainEvent, type EventMetadata } from '../../domain/events';
import { decisionBody, trimText, type DecisionParser, type Parsed } from '../../domain/decisions';
import { caseActivities, decisionActivities, type AppendEventsOutput, type FollowedEvent } from './proxies';
import { decideUpdate, fileObjectionUpdate, pendingTasksQuery, type DecisionReceipt, type PendingTask } from './messages';
import { checkActor, checkBallot, refuse } from './refusal';
import { isRepeat, sameValue, type Applied } from './repeat';
import { STAGE } from '../searchAttributes';
import { asAccepted } from './textRules';
import { APPEND_AFTER_LOST_APPENDS_PATCH, notYetItsTurn, streamAheadAt } from './streamAhead';
import { workflowTaskTime } from './workflowClock';

/** Thrown inside a case's body when the case was closed (e.g. ended early) while it waited. */
export class CaseEnded extends Error {
  constructor(readonly outcome: string) {
    super(`case ended: ${outcome}`);
    this.name = 'CaseEnded';
  }
}

export interface TaskRecord {
  readonly info: PendingTask;
  status: 'pending' | 'deciding' | 'decided' | 'withdrawn';
  readonly parse: DecisionParser<unknown>;
  /** A rule that depends on the case's state, checked after the shape is valid. */
  readonly check?: (value: unknown) => Parsed<unknown>;
  readonly onDecided: (value: unknown, actor: Actor) => DomainEvent[];
  result?: { value: unknown; actor: Actor };
  /** The decision being appended ('deciding') or appended ('decided'): a repeat of it gets its receipt. */
  applied?: AppliedDecision;
}

/** An applied decision and the ballot session it cited, if any: a repeat cites the same one (or none). */
type AppliedDecision = Applied<DecisionReceipt> & { readonly ballot?: DecisionBallot };

/**
 * Before this rule a decision carried no ballot session. The TaskDecided of a decision
 * taken from an online session records the session (`data.ballot`); the patch marks the
 * decisions that may, so that histories recorded before it replay unchanged.
 */
export const DECISION_BALLOT_PATCH = 'decision-carries-ballot-session';

/**
 * Before this rule, the same objection filed again by the same person was filed as a
 * second objection; the cases that did so replay that way.
 */
export const OBJECTION_REPEAT_PATCH = 'objection-repeat-returns-receipt';

/**
 * Before this rule a decision's append was an activity task like every other append, and
 * its Update answered only after that task's trip through the server and a second
 * workflow task; now it is a local activity run inside the decision's own workflow task
 * (kit/proxies.ts `decisionActivities`). Cases that decided before it replay that way.
 */
export const DECISION_LOCAL_APPEND_PATCH = 'decision-append-local';

/**
 * Before this rule a decision that came while the case's previous append was still on its
 * way back (the task's opening, whose TaskOpened the approver had already seen) waited for
 * that append's result, a workflow task later, before its own append started. Now it
 * appends at once right after that append's last event, which it names (`follows`), and
 * waits only if that event is not written yet. Cases that decided the old way replay that way.
 */
export const DECISION_BESIDE_APPEND_PATCH = 'decision-beside-previous-append';

/** An append's shape, known before it runs: how many events, under which key, from which version once started. */
interface AppendShape {
  readonly events: number;
  readonly key: string;
  from?: number;
}

export interface NoticeRecord {
  readonly step: string;
  readonly noticeId: string;
  readonly townshipId: string;
  open: boolean;
  objections: number;
  onObjection: (summary: string, actor: Actor) => Promise<DecisionReceipt>;
}

export class CaseRuntime {
  readonly caseId: string;
  private version: number;
  private tail: Promise<unknown> = Promise.resolve();
  /** Appends queued or running; when one alone, `lastAppend` is its shape (if known), which a decision may follow (`beside`). */
  private appending = 0;
  private lastAppend: AppendShape | undefined;
  readonly tasks = new Map<string, TaskRecord>();
  readonly notices = new Map<string, NoticeRecord>();
  /** Objections filed per notice step, so a repeat gets the first one's receipt. */
  private readonly objections = new Map<string, Array<Applied<DecisionReceipt>>>();
  closedWith: string | undefined;

  constructor(
    readonly policyVersion: string,
    streamVersion = 0,
  ) {
    this.caseId = workflowInfo().workflowId;
    this.version = streamVersion;
    setHandler(pendingTasksQuery, () => this.pendingTasks());
    setHandler(
      decideUpdate,
      (req) => asAccepted(() => this.decide(req.step, checkActor(req.actor), req.decision, checkBallot(req.ballot))),
      {
        validator: (req) => {
          const actor = checkActor(req.actor);
          const ballot = checkBallot(req.ballot);
          // A repeat is accepted whatever happened since (the step decided, the case closed).
          if (this.repeatedDecision(req.step, actor, req.decision, ballot)) return;
          this.validateDecision(req.step, actor, req.decision);
        },
      },
    );
    setHandler(fileObjectionUpdate, (req) => this.fileObjection(req.notice, checkActor(req.actor), req.summary), {
      validator: (req) => {
        const actor = checkActor(req.actor);
        if (this.repeatedObjection(req.notice, actor, req.summary)) return;
        this.validateObjection(req.notice, actor, req.summary);
      },
    });
  }

  get streamVersion(): number {
    return this.version;
  }

  metadata(step: string, actor?: Actor): EventMetadata {
    const info = workflowInfo();
    return {
      workflowId: info.workflowId,
      runId: info.runId,
      causationId: step,
      policyVersion: this.policyVersion,
      ...(actor ? { actor } : {}),
    };
  }

  /** The idempotency key of a step: a retried activity appends nothing new. */
  key(step: string): string {
    return `${this.caseId}:${step}`;
  }

  /**
   * Appends through the case's stream in the order steps were taken. Update handlers and
   * the main body both append, so each append waits for the one before it: the expected
   * stream version is then always the true one.
   */
  serial<T extends AppendEventsOutput>(append: (expectedVersion: number) => Promise<T>, shape?: AppendShape): Promise<T> {
    const run = this.tail.then(() => this.appendNow(append, shape));
    this.tail = run.catch(() => undefined);
    this.track(run, shape);
    return run;
  }

  /** The append at the stream's version as the case knows it, after the appends before it. */
  private async appendNow<T extends AppendEventsOutput>(append: (expectedVersion: number) => Promise<T>, shape?: AppendShape): Promise<T> {
    let out: T;
    try {
      if (shape) shape.from = this.version;
      out = await append(this.version);
    } catch (err) {
      // Appends of this case's own, lost with a workflow task: go on after them (streamAhead.ts).
      const actual = streamAheadAt(err);
      if (actual === undefined || actual <= this.version || !patched(APPEND_AFTER_LOST_APPENDS_PATCH)) throw err;
      this.version = actual;
      if (shape) shape.from = this.version;
      out = await append(this.version);
    }
    // A repeat answered as a duplicate carries the version after its first append, which
    // is behind when appends came back out of order; otherwise it is the version after this one.
    this.version = Math.max(this.version, out.nextVersion);
    return out;
  }

  private track(run: Promise<unknown>, shape: AppendShape | undefined): void {
    this.appending++;
    this.lastAppend = shape;
    const done = (): void => {
      this.appending--;
    };
    void run.then(done, done);
  }

  /**
   * The append that a decision may make beside the one running: when exactly one append
   * is running and its shape is known, the version after it and the key of its last event.
   */
  private followable(): FollowedEvent | undefined {
    const last = this.lastAppend;
    if (this.appending !== 1 || last?.from === undefined) return undefined;
    return { version: last.from + last.events, idempotencyKey: `${last.key}#${last.events - 1}` };
  }

  /**
   * A decision's append right after the running append's last event, without waiting for
   * that append's result to reach the workflow; the database checks that the event is
   * there (`follows`). If it is not written yet, the decision waits for it and appends
   * after it as any append does. Every later append waits for both.
   */
  private beside<T extends AppendEventsOutput>(
    follows: FollowedEvent,
    append: (expectedVersion: number, follows?: FollowedEvent) => Promise<T>,
  ): Promise<T> {
    const before = this.tail;
    const run = (async () => {
      try {
        const out = await append(follows.version, follows);
        this.version = Math.max(this.version, out.nextVersion);
        return out;
      } catch (err) {
        if (!notYetItsTurn(err)) throw err;
        await before;
        return this.appendNow(append);
      }
    })();
    // Settled, not failed fast: a later append never starts while the one beside is still running.
    this.tail = Promise.all([before, run.catch(() => undefined)]);
    this.track(run, undefined);
    return run;
  }

  /**
   * `local`: the append runs as a local activity, in the workflow task that is running
   * (a decision's, so that its Update answers when that task completes).
   */
  emit(step: string, events: DomainEvent[], actor?: Actor, { local = false }: { local?: boolean } = {}): Promise<AppendEventsOutput> {
    const metadata = this.metadata(step, actor);
    const activities = local ? decisionActivities : caseActivities;
    const append = (expectedVersion: number, follows?: FollowedEvent) =>
      activities.appendEvents({
        streamId: this.caseId,
        expectedVersion,
        idempotencyKey: this.key(step),
        events: events.map((event) => ({ event, metadata })),
        // A local activity is scheduled by the worker's clock: the server's time of this
        // workflow task stands in for it (deterministic on replay, as decisionToday's).
        ...(local ? { atMs: workflowTaskTime() } : {}),
        ...(follows ? { follows } : {}),
      });
    // Only a decision (local) goes beside a running append; only while one is running does it meet the patch.
    const follows = local ? this.followable() : undefined;
    if (follows && patched(DECISION_BESIDE_APPEND_PATCH)) return this.beside(follows, append);
    // A decision's own append is not followed: it runs in this workflow task and lands within
    // milliseconds, usually in the same group commit as the one that would follow it, whose
    // check would then find nothing written yet and only add a failed attempt.
    return this.serial(append, local ? undefined : { events: events.length, key: this.key(step) });
  }

  async stage(stage: string, events: DomainEvent[] = []): Promise<void> {
    await this.emit(`stage:${stage}`, [{ type: 'CaseStageChanged', data: { caseId: this.caseId, stage, at: APPEND_TIME } }, ...events]);
    if (workflowInfo().typedSearchAttributes.get(STAGE) !== undefined) {
      upsertSearchAttributes([{ key: STAGE, value: stage }]);
    }
  }

  /**
   * Waits for `done` (true) or the timeout (false); a case closed meanwhile ends the wait
   * by throwing CaseEnded, so every step unwinds without a check of its own.
   */
  async waitFor(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    const finished = () => done() || this.closedWith !== undefined;
    const met = timeoutMs === undefined ? (await condition(finished), true) : await condition(finished, Math.max(timeoutMs, 1));
    if (this.closedWith !== undefined) throw new CaseEnded(this.closedWith);
    return met;
  }

  /** Closes the case: pending tasks are withdrawn and every wait ends with CaseEnded. */
  async close(step: string, outcome: string, events: DomainEvent[], actor?: Actor): Promise<AppendEventsOutput> {
    const withdrawn: DomainEvent[] = [];
    for (const task of this.tasks.values()) {
      if (task.status !== 'pending') continue;
      task.status = 'withdrawn';
      withdrawn.push({
        type: 'TaskWithdrawn',
        data: { caseId: this.caseId, taskId: task.info.taskId, at: APPEND_TIME, reason: outcome },
      });
    }
    for (const notice of this.notices.values()) notice.open = false;
    this.closedWith = outcome;
    return this.emit(
      step,
      [...events, ...withdrawn, { type: 'CaseClosed', data: { caseId: this.caseId, outcome, at: APPEND_TIME } }],
      actor,
    );
  }

  pendingTasks(): PendingTask[] {
    return [...this.tasks.values()].filter((t) => t.status === 'pending').map((t) => t.info);
  }

  private validateDecision(step: string, actor: Actor, decision: unknown): unknown {
    if (this.closedWith !== undefined) refuse('CaseClosed', `case ${this.caseId} is closed (${this.closedWith})`);
    const task = this.tasks.get(step);
    if (!task) {
      const open = this.pendingTasks().map((t) => t.step);
      refuse('UnknownStep', `step "${step}" is not open in case ${this.caseId}; open: ${open.join(', ') || 'none'}`);
    }
    if (task.status !== 'pending') refuse('DuplicateDecision', `step "${step}" was already decided`);
    const { role, townshipId, escalated } = task.info;
    // After escalation (督办) the county organization department may decide in the township's place.
    const countyStepsIn = escalated && actor.role === 'county-org-dept';
    if (actor.role !== role && !countyStepsIn) refuse('WrongRole', `step "${step}" is decided by ${role}, not ${actor.role}`);
    if (actor.role === 'township-committee' && actor.townshipId !== townshipId) {
      refuse('WrongTownship', `step "${step}" belongs to township ${townshipId}, not ${actor.townshipId}`);
    }
    // Every step's decision is one object of its fields, whatever its own parser says.
    const body = decisionBody(decision);
    if (!body.ok) refuse('MalformedDecision', `step "${step}": ${body.error}`);
    const parsed = task.parse(decision);
    if (!parsed.ok) refuse('MalformedDecision', `step "${step}": ${parsed.error}`);
    const checked = task.check ? task.check(parsed.value) : parsed;
    if (!checked.ok) refuse('MalformedDecision', `step "${step}": ${checked.error}`);
    return checked.value;
  }

  /**
   * The receipt of the decision this one repeats (same step, same actor, an equal
   * decision, while it is being appended or after), or undefined. Writes nothing.
   */
  private repeatedDecision(
    step: string,
    actor: Actor,
    decision: unknown,
    ballot: DecisionBallot | undefined,
  ): Promise<DecisionReceipt> | undefined {
    const task = this.tasks.get(step);
    if (!task || (task.status !== 'deciding' && task.status !== 'decided')) return undefined;
    const parsed = task.parse(decision);
    // The same counts from another session, or typed in after a session's, are not the same decision.
    return parsed.ok && isRepeat(task.applied, actor, parsed.value) && sameValue(task.applied.ballot, ballot)
      ? task.applied.receipt
      : undefined;
  }

  private decide(step: string, actor: Actor, decision: unknown, ballot: DecisionBallot | undefined): Promise<DecisionReceipt> {
    // A repeat appends nothing (no commands), so histories recorded before this rule,
    // in which a repeat was refused and left no trace, replay unchanged.
    const repeat = this.repeatedDecision(step, actor, decision, ballot);
    if (repeat) return repeat;
    const value = this.validateDecision(step, actor, decision);
    const task = this.tasks.get(step)!;
    const parsed = task.parse(decision) as { ok: true; value: unknown };
    // Only a decision that cites a session meets the patch: every recorded history cites none.
    const cited = ballot !== undefined && patched(DECISION_BALLOT_PATCH) ? { ballot } : {};
    task.status = 'deciding';
    const applied = { actor, value: parsed.value, ...cited } as AppliedDecision;
    task.applied = applied;
    // The decision's append in its own workflow task: the Update answers as soon as it is
    // written. What the decision leads to (the next task opened, a notice posted, the case
    // closed) is the main body's, on ordinary activities, so it is only scheduled in this
    // task and runs after the answer (docs/decisions.md §2).
    const local = patched(DECISION_LOCAL_APPEND_PATCH);
    applied.receipt = (async () => {
      try {
        const out = await this.emit(
          step,
          [
            {
              type: 'TaskDecided',
              data: {
                caseId: this.caseId,
                taskId: task.info.taskId,
                step,
                actor,
                decision: value as Record<string, unknown>,
                ...cited,
                at: APPEND_TIME,
              },
            },
            ...task.onDecided(value, actor),
          ],
          actor,
          { local },
        );
        task.status = 'decided';
        task.result = { value, actor };
        return { caseId: this.caseId, step, taskId: task.info.taskId, position: out.lastPosition };
      } catch (err) {
        task.status = 'pending';
        if (task.applied === applied) task.applied = undefined;
        throw err;
      }
    })();
    return applied.receipt;
  }

  /** The receipt of the objection this one repeats (same notice, same actor, same summary), or undefined. */
  private repeatedObjection(noticeStep: string, actor: Actor, summary: unknown): Promise<DecisionReceipt> | undefined {
    if (typeof summary !== 'string') return undefined;
    const text = trimText(summary);
    return this.objections.get(noticeStep)?.find((o) => isRepeat(o, actor, text))?.receipt;
  }

  private fileObjection(noticeStep: string, actor: Actor, summary: string): Promise<DecisionReceipt> {
    const repeat = this.repeatedObjection(noticeStep, actor, summary);
    if (repeat && patched(OBJECTION_REPEAT_PATCH)) return repeat;
    const text = trimText(summary);
    const filed = this.objections.get(noticeStep) ?? [];
    this.objections.set(noticeStep, filed);
    const applied = { actor, value: text } as Applied<DecisionReceipt>;
    filed.push(applied);
    applied.receipt = this.notices
      .get(noticeStep)!
      .onObjection(text, actor)
      .catch((err: unknown) => {
        filed.splice(filed.indexOf(applied), 1);
        throw err;
      });
    return applied.receipt;
  }

  private validateObjection(noticeStep: string, actor: Actor, summary: unknown): void {
    if (this.closedWith !== undefined) refuse('CaseClosed', `case ${this.caseId} is closed (${this.closedWith})`);
    const notice = this.notices.get(noticeStep);
    if (!notice) refuse('UnknownStep', `no public notice "${noticeStep}" in case ${this.caseId}`);
    if (!notice.open) refuse('NoticeClosed', `public notice "${noticeStep}" no longer takes objections`);
    if (actor.role !== 'county-org-dept' && actor.role !== 'township-committee') {
      refuse('WrongRole', `objections are recorded by the organization department or a township committee, not ${actor.role}`);
    }
    if (actor.role === 'township-committee' && actor.townshipId !== notice.townshipId) {
      refuse('WrongTownship', `notice "${noticeStep}" belongs to township ${notice.townshipId}`);
    }
    if (typeof summary !== 'string' || trimText(summary) === '') refuse('MalformedDecision', 'an objection needs a summary');
    if (summary.length > 2000) refuse('MalformedDecision', 'an objection summary is longer than 2000 characters');
  }
}
