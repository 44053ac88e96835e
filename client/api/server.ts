/**
 * The HTTP API: Fastify over the same `Backend` the CLI uses, with accounts, roles and
 * townships checked on every route, JSON-schema validation that also produces the
 * OpenAPI document at /docs, and errors as problem details.
 *
 * `buildApi` only builds; the caller listens (`app.listen`) and closes it. It does not
 * own the database or the Temporal client.
 */
import type { PersonalDataCipher } from '../crypto/personalData';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { DB } from '../../schema/db';
import { workflowBundle } from '../../worker/worker';
import { auditBackend } from '../audit/backendModule';
import type { SigningKey } from '../audit/checkpoint';
import type { Backend, BackendDeps } from '../backend';
import { evaluationBackend } from '../commands/evaluationBackend';
import { rectificationBackend } from '../rectificationService';
import { selectionBackend } from '../selectionService';
import { electionBackend } from '../electionService';
import { membersModule } from '../commands/members';
import { installAuth, sessionCookieName } from './auth';
import { installBrowserGuards } from './browserGuards';
import { LoginThrottle, type ThrottleLimits } from './loginThrottle';
import { CastThrottle, type CastLimits } from '../ballots/castThrottle';
import type { BallotServiceOptions } from '../ballots/service';
import { startBallotDeadlines } from '../ballots/deadlines';
import { DEFAULT_POLICY } from '../../domain/policy';
import { ballotRoutes } from './routes/ballots';
import { checkTrustProxy, fastifyTrustProxy, type TrustProxy } from './trustProxy';
import { WorkGate } from './workGate';
import type { ApiContext, ApiModules, WorkflowBundle } from './context';
import { ApiError, frameworkProblem, installProblemHandlers } from './problem';
import { parseJsonBody } from './jsonBody';
import { authRoutes } from './routes/auth';
import { caseRoutes } from './routes/cases';
import { registryRoutes } from './routes/registry';
import { systemRoutes } from './routes/system';
import { taskRoutes } from './routes/tasks';
import { caseNoteRoutes } from './routes/caseNotes';
import { codecRoutes } from './routes/codec';
import { userRoutes } from './routes/users';
import { auditRoutes } from './routes/audit';
import { accessLogRoutes } from './routes/accessLog';
import { dashboardRoutes } from './routes/dashboard';
import { evaluationRoutes } from './routes/evaluation';
import { selectionRoutes } from './routes/selection';
import { startCaseRoutes } from './routes/startCases';
import { documentRoutes } from './routes/documents';
import { DEFAULT_WEB_ROOT, webRoutes } from './routes/web';
import { procedureViewRoutes } from './routes/procedureViews';
import { caseHistoryRoutes } from './routes/caseHistory';
import { evaluationScheduleRoutes } from './routes/evaluationSchedules';
import { evaluationRequestRoutes } from './routes/evaluationRequests';
import { evaluationGradeRoutes } from './routes/evaluationGrades';
import type { DemoStatus } from '../demoProgress';

export interface ApiDeps {
  db: DB;
  backend: Backend;
  /** For /health; decisions and starts go through `backend`. */
  temporal?: Client;
  /** A pino logger (`up`'s own); omitted, one on stderr at LOG_LEVEL (info). Failures are logged at error. */
  logger?: FastifyBaseLogger;
  /** Default 8 hours. */
  sessionTtlMs?: number;
  /** Over https: the session cookie becomes `__Host-cadreflow_session`, marked `Secure`. */
  secureCookies?: boolean;
  /**
   * The host name the UI and its cookie live on (e.g. `cadreflow.localhost`); a request
   * for another host is redirected or refused (browserGuards.ts). Unset: any Host.
   */
  publicHost?: string;
  /** Failed sign-ins allowed per window (loginThrottle.ts); defaults in DEFAULT_THROTTLE. */
  loginThrottle?: Partial<ThrottleLimits>;
  /** Password checks running at once and waiting; default 2 and 16. */
  passwordWork?: { concurrency: number; queue: number };
  /** Default 64 KiB. */
  bodyLimit?: number;
  /** Behind a reverse proxy: its address(es) or CIDR(s), or the number of proxy hops; never `true` (trustProxy.ts). */
  trustProxy?: TrustProxy;
  /** Milliseconds since the epoch; tests move it to expire sessions. */
  clock?: () => number;
  /** The payload codec (client/codec.ts); without one the codec endpoint returns payloads as they are. */
  codec?: PayloadCodec;
  /** Seals and opens the registry's ID and phone numbers; without it a change carrying one is refused (503). */
  personalData?: PersonalDataCipher;
  /** The Temporal Web UI's origin (e.g. http://127.0.0.1:8233), allowed to call /codec with credentials. */
  codecCorsOrigin?: string;
  /**
   * The procedures' modules behind /dashboard, /evaluation/rounds and the case
   * verification (`apiModules(deps)`); without them those routes answer 503.
   */
  modules?: ApiModules;
  /** The built web UI served at `/` and `/assets/`; default `<repo>/web/dist`. */
  webRoot?: string;
  /** The workflow code a case verification replays against; default: bundled from workflows/ on first use. */
  workflowBundle?: WorkflowBundle;
  /** The audit signing key checkpoints are signed with (client/audit/checkpoint.ts `loadSigningKey`); read when first needed. */
  auditSigningKey?: () => SigningKey;
  /** How far `up --demo` has loaded the demo county, reported by /health while it loads (client/demoProgress.ts). */
  demoStatus?: () => DemoStatus;
  /** The hash new ballot sessions use and the policy their quorum and decision follow; default SHA-256 and DEFAULT_POLICY. */
  ballots?: BallotServiceOptions;
  /** Ballot casts allowed per token and failures per address (castThrottle.ts); defaults in DEFAULT_CAST_LIMITS. */
  castLimits?: Partial<CastLimits>;
  /**
   * Close ballot sessions at their deadline from this process (client/ballots/deadlines.ts):
   * `up` turns it on; stopped with the server. `recheckMs` bounds how late a session opened
   * by another process closes.
   */
  ballotDeadlines?: { recheckMs?: number };
}

/** The modules the API calls, over the same dependencies as the backend `up` serves. */
export function apiModules(deps: BackendDeps): ApiModules {
  return {
    evaluation: evaluationBackend.create(deps),
    rectification: rectificationBackend.create(deps),
    selection: selectionBackend.create(deps),
    election: electionBackend.create(deps),
    members: membersModule.create(deps),
    audit: auditBackend.create(deps),
  };
}

export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const DEFAULT_BODY_LIMIT = 64 * 1024;
const MAX_NESTING = 32;

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const ctx: ApiContext = {
    db: deps.db,
    backend: deps.backend,
    temporal: deps.temporal,
    clock: deps.clock ?? Date.now,
    sessionTtlMs: deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    secureCookies: deps.secureCookies ?? false,
    loginThrottle: new LoginThrottle(deps.loginThrottle, deps.clock ?? Date.now),
    passwordGate: new WorkGate(deps.passwordWork?.concurrency ?? 2, deps.passwordWork?.queue ?? 16),
    codec: deps.codec,
    personalData: deps.personalData,
    codecCorsOrigin: deps.codecCorsOrigin,
    modules: deps.modules,
    webRoot: deps.webRoot ?? DEFAULT_WEB_ROOT,
    workflowBundle: lazyBundle(deps.workflowBundle),
    auditSigningKey: deps.auditSigningKey,
    demoStatus: deps.demoStatus,
    ballots: deps.ballots,
    castThrottle: new CastThrottle(deps.castLimits, deps.clock ?? Date.now),
  };

  const app = Fastify({
    loggerInstance: deps.logger ?? pino({ name: 'cadreflow-api', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2)),
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Fastify's default (100) would answer a path id of 101–200 characters, which the routes'
    // own schemas take or refuse as problems, with a 414 of its own before any route runs.
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: frameworkProblem,
    trustProxy: fastifyTrustProxy(checkTrustProxy(deps.trustProxy ?? false)),
    genReqId: () => randomUUID(),
    // Request lines at info level would drown `up`'s console; failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      customOptions: {
        // Fastify's defaults would strip unknown fields and turn "5" into 5; a request
        // that is not what the schema says must be refused, not repaired.
        removeAdditional: false,
        coerceTypes: false,
        allErrors: false,
      },
    },
  }) as unknown as FastifyInstance;

  installProblemHandlers(app);
  if (deps.ballotDeadlines) {
    const log = app.log;
    const deadlines = startBallotDeadlines(ctx.db, {
      policy: ctx.ballots?.policy ?? DEFAULT_POLICY,
      recheckMs: deps.ballotDeadlines.recheckMs,
      onClosed: (r) =>
        log.info({ sessionId: r.sessionId, caseId: r.caseId, step: r.step, cast: r.cast }, 'ballot session closed at its deadline'),
      decide: (caseId, step, actor, decision, ballot) => ctx.backend.decide(caseId, step, actor, decision, ballot),
      onDecided: (r, outcome) =>
        outcome.decided
          ? log.info({ sessionId: r.sessionId, caseId: r.caseId, step: r.step }, 'step decided from its ballot session at the deadline')
          : log.warn(
              { sessionId: r.sessionId, caseId: r.caseId, step: r.step, refusal: outcome.decisionRefusal },
              'ballot session closed at its deadline; its step waits for its chair',
            ),
      onError: (err) => log.error({ err }, 'closing ballot sessions at their deadline failed; trying again'),
    });
    ctx.ballotDeadlines = deadlines;
    app.addHook('onClose', async () => deadlines.stop());
  }
  // JSON only: a text/plain body would reach the schema as a string and fail obscurely.
  app.removeContentTypeParser('text/plain');
  // Fastify's parser reports a __proto__ key as "not valid JSON"; this one names the key.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Strings PostgreSQL cannot store (NUL, lone surrogates) would fail deep inside a
  // workflow's append and retry forever; refuse them at the door, with deep nesting.
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const problem = unstorable(value);
      if (problem) throw new ApiError(400, 'validation', 'Invalid request', `${part}: ${problem}`);
    }
  });

  await app.register(fastifyCookie);
  // Before authentication: a misdirected or cross-site request is refused before any session is looked up.
  installBrowserGuards(app, {
    publicHost: deps.publicHost,
    cookieName: sessionCookieName(ctx.secureCookies),
    extraOrigins: ctx.codecCorsOrigin ? [{ prefix: '/codec/', origin: ctx.codecCorsOrigin }] : [],
  });
  installAuth(app, { db: ctx.db, clock: ctx.clock, cookie: { secure: ctx.secureCookies } });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cadreflow API',
        version: '1',
        description:
          'Cadre procedures of a county organization department. Sign in with POST /auth/login (session cookie) or send ' +
          '"Authorization: Bearer <API token>". Errors are RFC 9457 problem details. Case ids contain slashes: URL-encode them.',
      },
      tags: [
        { name: 'auth', description: 'sign in and out, API tokens' },
        { name: 'cases', description: 'cases and their timelines' },
        { name: 'tasks', description: 'inboxes and decisions' },
        { name: 'registry', description: 'org units, cadres, posts' },
        { name: 'dashboard', description: 'the county at a glance' },
        { name: 'evaluation', description: 'annual evaluation rounds (年度考核)' },
        { name: 'selection', description: 'selections and appointments (选拔任用) and their full-process record (全程纪实)' },
        { name: 'election', description: 'elections of village branch and township committees (两推一选 / 双推直选)' },
        { name: 'rectification', description: 'screening and rectifying underperforming village branches (后进党组织整顿)' },
        { name: 'member-development', description: 'Party member development (发展党员)' },
        { name: 'documents', description: 'documents to download: roster, result sheet, rectification ledger, public notice' },
        {
          name: 'ballots',
          description: 'online anonymous ballots (民主测评 / 民主推荐 by QR code): the chair’s session, the voter’s token',
        },
        { name: 'audit', description: 'the record and its integrity' },
        { name: 'users', description: 'account administration (admin)' },
        { name: 'system', description: 'health' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(ctx.secureCookies) },
          token: { type: 'http', scheme: 'bearer', description: 'an API token (cft_…) from POST /auth/tokens' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  systemRoutes(app, ctx);
  authRoutes(app, ctx);
  userRoutes(app, ctx);
  caseRoutes(app, ctx);
  taskRoutes(app, ctx);
  caseNoteRoutes(app, ctx);
  registryRoutes(app, ctx);
  codecRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  evaluationRoutes(app, ctx);
  selectionRoutes(app, ctx);
  startCaseRoutes(app, ctx);
  documentRoutes(app, ctx);
  auditRoutes(app, ctx);
  accessLogRoutes(app, ctx);
  // What the CLI's read commands and evaluation requests do, over HTTP (README "Commands", its API column).
  procedureViewRoutes(app, ctx);
  caseHistoryRoutes(app, ctx);
  evaluationScheduleRoutes(app, ctx);
  evaluationRequestRoutes(app, ctx);
  evaluationGradeRoutes(app, ctx);
  ballotRoutes(app, ctx);
  webRoutes(app, ctx);

  await app.ready();
  return app;
}

/** Bundling runs webpack for seconds: once, when the first verification needs it; a failed attempt is retried next time. */
function lazyBundle(given: WorkflowBundle | undefined): () => Promise<WorkflowBundle> {
  let pending: Promise<WorkflowBundle> | undefined = given ? Promise.resolve(given) : undefined;
  return () => {
    pending ??= workflowBundle().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'text must not contain NUL (\\u0000) characters';
  if (LONE_SURROGATE.test(s)) return 'text must be well-formed Unicode (no lone surrogates)';
  return undefined;
}

/** Why a parsed value cannot be stored as it is, or undefined. Iterative: a deep body must not overflow the stack. */
export function unstorable(root: unknown): string | undefined {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      const bad = badText(value);
      if (bad) return bad;
    } else if (typeof value === 'object' && value !== null) {
      // A file's bytes (a roster, an attachment) are not text to store, and walking them key by key took seconds per MiB.
      if (ArrayBuffer.isView(value)) continue;
      if (depth >= MAX_NESTING) return `nested more than ${MAX_NESTING} levels deep`;
      for (const [k, v] of Object.entries(value)) {
        const bad = badText(k);
        if (bad) return bad;
        stack.push([v, depth + 1]);
      }
    }
  }
  return undefined;
}
