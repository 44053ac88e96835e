/**
 * The access log for auditors (and admins, whose acts it mostly records): who
 * administered which account and who viewed whose personal data, newest first, and the
 * verification of its hash chain.
 */
import type { FastifyInstance } from 'fastify';
import { readAccessLog, verifyAccessLog, type AccessQuery } from '../accessLog';
import type { Role } from '../../../domain/actors';
import { paging, type ApiContext } from '../context';
import { ApiError } from '../problem';
import { ACCESS_CHAIN, ACCESS_ENTRY, ACCESS_LOG_QUERY } from '../auditSchemas';
import { page, responses } from '../schemas';

const TAGS = ['audit'];
const AUDITORS: readonly Role[] = ['auditor', 'admin'];

type Query = Omit<AccessQuery, 'limit' | 'offset'> & { limit?: string; offset?: string };

export function accessLogRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: Query }>(
    '/audit/access-log',
    {
      config: { access: AUDITORS },
      schema: {
        tags: TAGS,
        summary: 'The access log: account administration and views of a person’s full data, newest first (auditor, admin)',
        description:
          'Kinds: account.created, account.role-changed, account.password-reset, account.disabled, account.enabled, account.renamed, ' +
          'person.viewed. Rows are append-only, hash-chained and kept at least six months.',
        querystring: ACCESS_LOG_QUERY,
        response: responses({ 200: page(ACCESS_ENTRY) }, [400, 401, 403]),
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
        throw new ApiError(400, 'validation', 'Invalid request', 'querystring.from: must be before querystring.to');
      }
      return readAccessLog(ctx.db, { from: q.from, to: q.to, actor: q.actor, kind: q.kind, subject: q.subject, ...paging(q) });
    },
  );

  app.get(
    '/audit/access-log/verification',
    {
      config: { access: AUDITORS },
      schema: {
        tags: TAGS,
        summary: 'Recompute the access log’s hash chain: every kept row’s hash, link and position, and its head (auditor, admin)',
        response: responses({ 200: ACCESS_CHAIN }, [401, 403]),
      },
    },
    async () => verifyAccessLog(ctx.db),
  );
}
