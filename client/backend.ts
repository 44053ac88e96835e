/**
 * What CLI commands ask of the system, behind one interface with two implementations:
 * direct (this process holds the database and a Temporal client) and remote (a running
 * `cadreflow up` holds them and answers on its control channel, client/controlChannel.ts).
 * Embedded PGlite is a single session owned by one process, so with it every other
 * process goes remote; with DATABASE_URL every process goes direct and no channel exists.
 */
import { personalDataCipher } from './crypto/personalData';
import type { Client } from '@temporalio/client';
import type { Actor, Role } from '../domain/actors';
import { formKeyOfTask } from '../domain/forms';
import type { CaseView } from '../domain/wire/caseView';
import type { Task } from '../domain/wire/task';
import type { Selectable } from 'kysely';
import type { TasksTable } from '../schema/db';
import { readStream } from '../activities/eventReads';
import { UserError, DecisionRefusedError } from './userError';
import type { StartProbationArgs } from './probationService';
import type { DemoResult } from './demo';
import type { DecisionReceipt } from '../workflows/kit/messages';
import type { DecisionBallot } from '../domain/wire/ballotSession';
import { readStackInfo, type Config } from './config';
import { loadPolicy } from './policyFile';
import { connectDatabase, connectTemporal, NotRunningError, type TemporalClient } from './stack';
import { callControl, serveControl } from './controlChannel';
import { caseHeadingOf } from './caseHeading';
import { actingActor, type Account, type OnBehalf } from './actorArgs';
import { electionFacts } from './caseFacts';

/** A row of the `tasks` read model as the CLI and the API show it. */
export function taskView(t: Selectable<TasksTable>): Task {
  return {
    taskId: t.task_id,
    caseId: t.case_id,
    step: t.step,
    title: t.title,
    role: t.role,
    townshipId: t.township_id,
    dueAt: t.due_at.toISOString(),
    remindAt: t.remind_at.toISOString(),
    escalated: t.escalated_at !== null,
    form: formKeyOfTask({ caseId: t.case_id, step: t.step }) ?? null,
    assignee: t.assignee,
  };
}

export type { CaseView };

export interface TaskFilter {
  township?: string;
  role?: string;
  /** A login: tasks assigned to them; null: tasks assigned to nobody. */
  assignee?: string | null;
  /** Due at or after `from` and before `before`, ISO instants (domain/inboxDue.ts). */
  due?: { from?: string; before?: string };
  /** Soonest due first (the default), or latest first. */
  sort?: 'due' | '-due';
}

export interface Backend {
  demo(): Promise<DemoResult>;
  /** `startedBy`: the account that starts it, recorded as the actor of the case's first events. */
  startProbation(args: StartProbationArgs, startedBy?: Actor): Promise<{ caseId: string; started: boolean }>;
  tasks(filter: TaskFilter): Promise<Task[]>;
  caseView(caseId: string): Promise<CaseView>;
  /** `ballot`: the online ballot session the decision was taken from (client/ballots/decideFromSession.ts). */
  decide(caseId: string, step: string, actor: Actor, decision: unknown, ballot?: DecisionBallot): Promise<DecisionReceipt>;
  fileObjection(caseId: string, notice: string, actor: Actor, summary: string): Promise<DecisionReceipt>;
  /** The account a command names with --user, or null when there is none. */
  account(login: string): Promise<Account | null>;
}

import type { BackendDeps, BackendModule } from './backendModule';

export type { BackendDeps, BackendModule };

export function directBackend(deps: BackendDeps): Backend {
  const temporal = (): Client => {
    if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
    return deps.client;
  };
  return {
    // The procedures' code loads with the call that needs it (a command starts sooner, client/cli.ts).
    demo: async () => (await import('./demo')).runDemo(temporal(), deps.db, deps.policy, deps.taskQueue),
    startProbation: async (args, startedBy) =>
      (await import('./probationService')).startProbation(temporal(), deps.db, deps.policy, args, deps.taskQueue, startedBy),
    async tasks(filter) {
      let q = deps.db.selectFrom('tasks').selectAll().where('status', '=', 'pending');
      if (filter.township) q = q.where('township_id', '=', filter.township);
      if (filter.role) q = q.where('role', '=', filter.role as never);
      if (filter.assignee === null) q = q.where('assignee', 'is', null);
      else if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee);
      if (filter.due?.from) q = q.where('due_at', '>=', new Date(filter.due.from));
      if (filter.due?.before) q = q.where('due_at', '<', new Date(filter.due.before));
      const order = filter.sort === '-due' ? 'desc' : 'asc';
      const rows = await q.orderBy('due_at', order).orderBy('task_id', order).execute();
      return rows.map(taskView);
    },
    async caseView(caseId) {
      const c = await deps.db.selectFrom('cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();
      if (!c) throw new UserError(`no case ${caseId}`);
      const tasks = await deps.db.selectFrom('tasks').selectAll().where('case_id', '=', caseId).orderBy('opened_at').execute();
      const p = await deps.db.selectFrom('probations').selectAll().where('case_id', '=', caseId).executeTakeFirst();
      const events = await readStream(deps.db, caseId);
      const election =
        c.kind === 'election'
          ? await deps.db
              .selectFrom('elections')
              .select(['seats', 'eligible_voters', 'nominees', 'slate'])
              .where('case_id', '=', caseId)
              .executeTakeFirst()
          : undefined;
      return {
        ...caseHeadingOf(c),
        ...(p ? { probation: { appointedOn: p.appointed_on, endsOn: p.ends_on, status: p.status, checkIns: p.check_ins } } : {}),
        ...(election ? { election: electionFacts(election, events) } : {}),
        tasks: tasks.map((t) => ({
          ...taskView(t),
          status: t.status,
          decidedBy: t.decided_by,
          decidedAt: t.decided_at?.toISOString() ?? null,
        })),
        timeline: events.map((e) => ({
          version: e.streamVersion,
          position: String(e.position),
          recordedAt: e.recordedAt,
          type: e.type,
          ...(e.metadata.actor ? { actor: e.metadata.actor } : {}),
          ...(e.metadata.causationId ? { step: e.metadata.causationId } : {}),
          data: e.data,
        })),
      };
    },
    decide: async (caseId, step, actor, decision, ballot) =>
      (await import('./cases')).decide(temporal(), caseId, step, actor, decision, ballot ? { ballot } : {}),
    fileObjection: async (caseId, notice, actor, summary) =>
      (await import('./cases')).fileObjection(temporal(), caseId, notice, actor, summary),
    async account(login) {
      const row = await deps.db
        .selectFrom('users')
        .select(['login', 'role', 'township_id', 'disabled'])
        .where('login', '=', login)
        .executeTakeFirst();
      return row ? { login: row.login, role: row.role, townshipId: row.township_id, disabled: row.disabled } : null;
    },
  };
}

type Method = keyof Backend;
const METHODS: readonly Method[] = ['demo', 'startProbation', 'tasks', 'caseView', 'decide', 'fileObjection', 'account'];

interface WireError {
  error: { name: string; message: string; reason?: string };
}

/**
 * Serves a backend and its modules on the control channel (client/controlChannel.ts):
 * a Unix socket and a token file in `<dataDir>/run`, for the commands of the user who
 * runs `up` only.
 */
export async function serveBackend(
  backend: Backend,
  modules: Record<string, object>,
  dataDir: string,
): Promise<{ socket: string; close(): Promise<void> }> {
  const resolve = (name: string): ((...a: unknown[]) => Promise<unknown>) | undefined => {
    const dot = name.indexOf('.');
    if (dot < 0) return METHODS.includes(name as Method) ? (backend[name as Method] as (...a: unknown[]) => Promise<unknown>) : undefined;
    // Own properties only: `constructor.assign` and the like are not calls.
    const moduleName = name.slice(0, dot);
    const method = name.slice(dot + 1);
    const target = Object.hasOwn(modules, moduleName) ? (modules[moduleName] as Record<string, unknown>) : undefined;
    const fn = target && Object.hasOwn(target, method) ? target[method] : undefined;
    return typeof fn === 'function' ? (fn.bind(target) as (...a: unknown[]) => Promise<unknown>) : undefined;
  };
  return serveControl(dataDir, async (method, args) => {
    const fn = resolve(method);
    if (!fn) return { status: 404, body: { error: { name: 'NotFound', message: `no such call ${method}` } } };
    try {
      return { status: 200, body: { result: await fn(...args) } };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const wire: WireError = {
        error: { name: e.name, message: e.message, ...(err instanceof DecisionRefusedError ? { reason: err.reason } : {}) },
      };
      return { status: err instanceof UserError ? 400 : 500, body: wire };
    }
  });
}

function remoteCaller(socket: string, dataDir: string) {
  return (method: string) =>
    async (...args: unknown[]): Promise<never> => {
      const { status, body } = (await callControl(socket, dataDir, method, args)) as {
        status: number;
        body: { result: never } | WireError;
      };
      if ('error' in body) {
        if (body.error.reason) throw new DecisionRefusedError(body.error.reason, body.error.message.replace(/^refused \([^)]*\): /, ''));
        throw status === 400 || status === 401 || status === 403 ? new UserError(body.error.message) : new Error(body.error.message);
      }
      return body.result;
    };
}

export function remoteBackend(socket: string, dataDir: string): Backend {
  const call = remoteCaller(socket, dataDir);
  return Object.fromEntries(METHODS.map((m) => [m, call(m)])) as unknown as Backend;
}

function remoteModule<M extends object>(socket: string, dataDir: string, mod: BackendModule<M>): M {
  const call = remoteCaller(socket, dataDir);
  return new Proxy({} as M, { get: (_t, prop) => (typeof prop === 'string' ? call(`${mod.name}.${prop}`) : undefined) });
}

/**
 * Runs a command against the system: DATABASE_URL set → this process talks to the
 * database and Temporal itself; otherwise a running `up` answers (it owns the embedded
 * database); otherwise the embedded database is opened here (read-only commands work).
 */
export async function withBackend<T>(config: Config, fn: (b: Backend) => Promise<T>, needs: BackendNeeds = {}): Promise<T> {
  return withDeps(
    config,
    (deps) => fn(directBackend(deps)),
    (socket) => fn(remoteBackend(socket, config.dataDir)),
    needs,
  );
}

/**
 * `temporal: false`: the command only reads the database (`tasks`, `case show`, the
 * account behind `--user`), so no Temporal connection is opened, nor its client loaded.
 */
export interface BackendNeeds {
  temporal?: boolean;
}

/** withBackend for a procedure's module. */
export async function withModule<M extends object, T>(config: Config, mod: BackendModule<M>, fn: (m: M) => Promise<T>): Promise<T> {
  return withDeps(
    config,
    (deps) => fn(mod.create(deps)),
    (socket) => fn(remoteModule(socket, config.dataDir, mod)),
  );
}

async function withDeps<T>(
  config: Config,
  direct: (deps: BackendDeps) => Promise<T>,
  remote: (socket: string) => Promise<T>,
  needs: BackendNeeds = {},
): Promise<T> {
  const stack = readStackInfo(config.dataDir);
  if (!config.databaseUrl && stack?.controlSocket) return remote(stack.controlSocket);
  const database = await connectDatabase(config);
  let temporal: TemporalClient | undefined;
  try {
    if (needs.temporal !== false)
      temporal = await connectTemporal(config).catch((err: unknown) => {
        if (err instanceof NotRunningError) return undefined;
        throw err;
      });
    return await direct({
      db: database.db,
      client: temporal?.client,
      policy: loadPolicy(config.policyFile),
      taskQueue: config.taskQueue,
      personalData: personalDataCipher(config),
    });
  } finally {
    await database.close();
    await temporal?.close();
  }
}

/**
 * The actor for a command that acts, from the account `--user` names (see actorArgs.ts):
 * looked up in the accounts table of the database the command reaches.
 */
export async function commandActor(config: Config, what: string, roles: readonly Role[], onBehalf: OnBehalf = {}): Promise<Actor> {
  return withBackend(config, (b) => actingActor(config.user, (login) => b.account(login), what, roles, onBehalf), { temporal: false });
}
