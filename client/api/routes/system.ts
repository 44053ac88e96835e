/**
 * Health (for load balancers and `up`) and the audit check of the event log. Under
 * `up --demo` the health also says how far the demo county has loaded (the web UI shows
 * it while it loads): counts only, nothing about a person or a case.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { verifyHashChain } from '../../../activities/hashChain';
import type { ApiContext } from '../context';
import { responses } from '../schemas';

const CHECK_TIMEOUT_MS = 3000;

interface Check {
  ok: boolean;
  ms: number;
  detail?: string;
}

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    // Only the timeout's own text reaches the client; driver errors can name hosts and users.
    const detail = err instanceof Error && err.message.startsWith('no answer') ? err.message : 'unreachable';
    return { ok: false, ms: Math.round(performance.now() - started), detail };
  } finally {
    clearTimeout(timer);
  }
}

const CHECK = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, ms: { type: 'integer' }, detail: { type: 'string' } },
  required: ['ok', 'ms'],
} as const;

const DEMO = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['loading', 'done', 'failed'] },
    parts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, done: { type: 'integer' }, total: { type: 'integer' } },
        required: ['name', 'done', 'total'],
      },
    },
  },
  required: ['state', 'parts'],
} as const;

const HEALTH = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'unavailable'] }, database: CHECK, temporal: CHECK, demo: DEMO },
  required: ['status', 'database', 'temporal'],
} as const;

export function systemRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Whether the database and Temporal answer (503 when either does not)',
        security: [],
        response: { 200: HEALTH, 503: HEALTH },
      },
    },
    async (request, reply) => {
      const temporal = ctx.temporal;
      const [database, temporalCheck] = await Promise.all([
        timed(() => sql`select 1`.execute(ctx.db)),
        temporal
          ? timed(() => temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => temporal.workflowService.getSystemInfo({})))
          : Promise.resolve<Check>({ ok: false, ms: 0, detail: 'not configured' }),
      ]);
      const ok = database.ok && temporalCheck.ok;
      if (!ok) request.log.warn({ database, temporal: temporalCheck }, 'health check failed');
      // The error's text stays in `up`'s log: the health is public.
      const demo = ctx.demoStatus?.();
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        database,
        temporal: temporalCheck,
        ...(demo ? { demo: { state: demo.state, parts: demo.parts } } : {}),
      });
    },
  );

  app.get(
    '/audit/hash-chain',
    {
      config: { access: ['auditor', 'county-org-dept'] },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the event log’s hash chain: every event’s hash, link and position',
        response: responses(
          {
            200: {
              type: 'object',
              properties: {
                ok: { type: 'boolean' },
                checked: { type: 'integer' },
                head: { type: ['object', 'null'], properties: { position: { type: 'string' }, hash: { type: 'string' } } },
                firstBadPosition: { type: 'string' },
                reason: { type: 'string' },
              },
              required: ['ok', 'checked', 'head'],
            },
          },
          [401, 403],
        ),
      },
    },
    async () => verifyHashChain(ctx.db),
  );
}
