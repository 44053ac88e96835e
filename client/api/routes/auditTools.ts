/**
 * The auditors' CLI commands over HTTP (`cadreflow audit export | replay | timeline |
 * checkpoint`), through the same service (client/audit/service.ts): an archive to
 * download, a replay's result, a case's timeline, the signed checkpoints. Auditors and
 * county staff; a township committee member replays or reads the timeline of a case of
 * their own township only (another township's case is answered as a missing one). An
 * archive holds the whole event log, so it is never a township's to take.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseAuditSelection, type AuditSelection, type AuditSelectionInput } from '../../../domain/auditSelection';
import type { Role } from '../../../domain/actors';
import { UserError } from '../../cases';
import { archiveFileName, caseFromRecord, caseTimeline, createCheckpoint, NoSuchCaseError, replayFromTemporal } from '../../audit/service';
import { principal, visibleTo } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { ApiError, forbidden, notFound } from '../problem';
import { ID, responses } from '../schemas';
import { CHECKPOINT_CREATED, CHECKPOINT_LIST, REPLAY_REPORT, SELECTION_PROPERTIES, TIMELINE } from '../auditToolSchemas';
import { attachmentDisposition } from '../attachment';

const AUDITORS: readonly Role[] = ['auditor', 'county-org-dept'];
const CASE_READERS: readonly Role[] = ['auditor', 'county-org-dept', 'township-committee'];
const TAGS = ['audit'];

/** Runs one heavy audit job at a time (a replay worker, an export), shared with the case verification. */
export type Serialized = <T>(fn: () => Promise<T>) => Promise<T>;

function selectionOf(input: AuditSelectionInput): AuditSelection {
  const r = parseAuditSelection(input);
  if (!r.ok) throw new ApiError(400, 'invalid-selection', 'Invalid request', r.en, { zh: r.zh, en: r.en });
  return r.selection;
}

export function auditToolRoutes(app: FastifyInstance, ctx: ApiContext, serialized: Serialized): void {
  /** A township committee member's case must be their township's; anyone else sees every case. */
  async function checkCase(request: FastifyRequest, caseId: string): Promise<void> {
    const p = principal(request);
    if (p.user.role !== 'township-committee') return;
    const row = await ctx.db.selectFrom('cases').select('township_id').where('case_id', '=', caseId).executeTakeFirst();
    if (!row || !visibleTo(p, row.township_id)) throw notFound(`no case ${caseId}`);
  }

  const codecs = () => (ctx.codec ? [ctx.codec] : []);

  app.get<{ Querystring: { caseId?: string; kind?: string; since?: string; all?: string } }>(
    '/audit/archive',
    {
      config: { access: AUDITORS },
      schema: {
        tags: TAGS,
        summary: 'Download an archive (`cadreflow audit export`): the selected cases’ histories, the whole event log and its head',
        description:
          'gzip JSON lines, the file `audit export --out` writes; `audit replay --archive` and `audit verify --archive` check it offline. ' +
          'Choose the cases one way: `caseId`, `kind` and/or `since`, or `all=true`. Runs one at a time with replays and verifications.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...SELECTION_PROPERTIES, all: { type: 'string', enum: ['true', 'false'] } },
        },
        response: responses(
          { 200: { description: 'the archive', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } } },
          [400, 401, 403, 404, 503],
        ),
      },
    },
    async (request, reply) => {
      const selection = selectionOf(request.query);
      const audit = moduleOf(ctx, 'audit');
      const namespace = ctx.temporal?.options.namespace ?? 'default';
      const r = await serialized(() =>
        withCaseNotFound(selection, () => audit.exportArchive({ scope: selection, namespace, progress: false })),
      );
      const name = archiveFileName(selection, ctx.clock());
      return reply
        .type('application/gzip')
        .header('content-disposition', attachmentDisposition(name, name))
        .header('cache-control', 'no-store')
        .header('x-archive-histories', String(r.histories))
        .header('x-archive-events', String(r.events))
        .send(Buffer.from(r.gzipBase64, 'base64'));
    },
  );

  app.post<{ Body: AuditSelectionInput }>(
    '/audit/replays',
    {
      config: { access: CASE_READERS },
      schema: {
        tags: TAGS,
        summary: 'Replay histories against the current workflow code (`cadreflow audit replay`)',
        description:
          'Each run of each selected case is replayed with the workflow code this server runs: ok, nondeterministic (the first ' +
          'diverging event and command named) or failed. Nothing is written. A township committee member replays one case of ' +
          'their township (`caseId`); auditors and county staff any selection. Runs one at a time with archives and verifications.',
        body: { type: 'object', additionalProperties: false, properties: { ...SELECTION_PROPERTIES, all: { type: 'boolean' } } },
        response: responses({ 200: REPLAY_REPORT }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const selection = selectionOf(request.body ?? {});
      const p = principal(request);
      if (p.user.role === 'township-committee') {
        if (selection.caseId === undefined)
          throw forbidden(`${p.user.login} acts for township ${p.user.townshipId}: replay one case of it (caseId)`);
        await checkCase(request, selection.caseId);
      }
      if (!ctx.temporal) throw new UserError('Temporal is not reachable: this API server has no Temporal client');
      const temporal = ctx.temporal;
      return serialized(async () => {
        const bundle = await ctx.workflowBundle();
        return withCaseNotFound(selection, () => replayFromTemporal(temporal, selection, { bundle, codecs: codecs() }));
      });
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/audit/cases/:caseId/timeline',
    {
      config: { access: CASE_READERS },
      schema: {
        tags: TAGS,
        summary: 'One case’s audit timeline (`cadreflow audit timeline`): each event beside the history events that produced it',
        description:
          'For each event of the case’s stream: position, time, type, actor, step and policy version, with the Update a person sent ' +
          'and the activity that appended it, matched by the step’s idempotency key; decisions the history accepted that no event answers.',
        params: {
          type: 'object',
          properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
          required: ['caseId'],
        },
        response: responses({ 200: TIMELINE }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const { caseId } = request.params;
      await checkCase(request, caseId);
      const audit = moduleOf(ctx, 'audit');
      try {
        return await caseTimeline(caseId, await caseFromRecord(audit, caseId), codecs());
      } catch (err) {
        if (err instanceof NoSuchCaseError) throw notFound(err.message);
        throw err;
      }
    },
  );

  app.get(
    '/audit/checkpoints',
    {
      config: { access: AUDITORS },
      schema: {
        tags: TAGS,
        summary: 'The signed checkpoints of the log’s head (`cadreflow audit checkpoint --list`)',
        description: 'Oldest first; `signatureValid` says whether each signature verifies with the public key it carries.',
        response: responses({ 200: CHECKPOINT_LIST }, [401, 403, 503]),
      },
    },
    async () => ({ checkpoints: await moduleOf(ctx, 'audit').checkpoints() }),
  );

  app.post(
    '/audit/checkpoints',
    {
      config: { access: AUDITORS },
      schema: {
        tags: TAGS,
        summary: 'Sign the log’s head (`cadreflow audit checkpoint`): the chain is verified first, the checkpoint stored and returned',
        description:
          'Signed with the deployment’s Ed25519 audit key (CADREFLOW_AUDIT_KEY, or <data dir>/audit-ed25519.pem). Keep the returned ' +
          'checkpoint outside the database: `audit verify --since-checkpoint FILE` proves the log only grew since. A broken chain is ' +
          'not signed (409).',
        response: responses({ 201: CHECKPOINT_CREATED }, [401, 403, 409, 503]),
      },
    },
    async (_request, reply) => {
      const audit = moduleOf(ctx, 'audit');
      if (!ctx.auditSigningKey) {
        throw new ApiError(
          503,
          'not-configured',
          'Service unavailable',
          'this API was started without an audit signing key; the operator must configure one',
        );
      }
      const key = ctx.auditSigningKey();
      try {
        const created = await serialized(() => createCheckpoint(audit, key, ctx.clock()));
        return reply.code(201).send(created);
      } catch (err) {
        if (err instanceof UserError && /^the hash chain is broken/.test(err.message)) {
          throw new ApiError(409, 'chain-broken', 'Conflict', err.message);
        }
        throw err;
      }
    },
  );
}

/** A named case Temporal does not know is a missing resource (404), not a bad request. */
async function withCaseNotFound<T>(selection: AuditSelection, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (selection.caseId !== undefined && err instanceof UserError && err.message === `no workflow ${selection.caseId} in Temporal`) {
      throw notFound(`no case ${selection.caseId} in Temporal`);
    }
    throw err;
  }
}
