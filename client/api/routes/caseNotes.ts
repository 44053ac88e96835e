/**
 * Comments and attachments on a case (client/caseNotes.ts): read by whoever may read the
 * case, added by county staff and the case's township committee; another township's case
 * is answered as a missing one, as everywhere. An attachment is sent as its bytes
 * (`application/octet-stream`) with its name in the query; what it is, is read from the
 * bytes (domain/attachments.ts).
 */
import type { FastifyInstance } from 'fastify';
import { AttachmentRefusal, MAX_ATTACHMENT_BYTES } from '../../../domain/attachments';
import { MAX_COMMENT_CHARS } from '../../../domain/caseComment';
import { actorOf } from '../accounts';
import { DECIDERS, principal, READERS, visibleTo, type Principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, notFound } from '../problem';
import { ID, responses } from '../schemas';
import { addAttachment, addComment, attachmentContent, caseNotes, CommentRefusal } from '../../caseNotes';

export const ATTACHMENT_BODY_TYPE = 'application/octet-stream';

const CASE_PARAMS = {
  type: 'object',
  properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
  required: ['caseId'],
} as const;

const ACTOR = {
  type: ['object', 'null'],
  properties: { id: { type: 'string' }, role: { type: 'string' }, townshipId: { type: 'string' } },
} as const;
const COMMENT = {
  type: 'object',
  properties: { commentId: { type: 'string' }, text: { type: 'string' }, by: ACTOR, at: { type: 'string' }, position: { type: 'string' } },
  required: ['commentId', 'text', 'by', 'at', 'position'],
} as const;
const ATTACHMENT = {
  type: 'object',
  properties: {
    attachmentId: { type: 'string' },
    fileName: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string', description: 'hex SHA-256 of the bytes, as recorded in the AttachmentAdded event' },
    by: ACTOR,
    at: { type: 'string' },
    position: { type: 'string', description: 'the log position of the AttachmentAdded event' },
    intact: { type: 'boolean', description: 'the stored bytes still hash to sha256' },
  },
  required: ['attachmentId', 'fileName', 'contentType', 'size', 'sha256', 'by', 'at', 'position', 'intact'],
} as const;

export function caseNoteRoutes(app: FastifyInstance, ctx: ApiContext): void {
  async function visibleCase(p: Principal, caseId: string) {
    const row = await ctx.db.selectFrom('cases').select(['case_id', 'township_id']).where('case_id', '=', caseId).executeTakeFirst();
    if (!row || !visibleTo(p, row.township_id)) throw notFound(`no case ${caseId}`);
    return row;
  }

  if (!app.hasContentTypeParser(ATTACHMENT_BODY_TYPE)) {
    // One byte over the limit still reaches the handler, so a file just too large is refused in both languages.
    app.addContentTypeParser(ATTACHMENT_BODY_TYPE, { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES + 1 }, (_r, body, done) =>
      done(null, body),
    );
  }

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/notes',
    {
      config: { access: READERS },
      schema: {
        tags: ['cases'],
        summary: 'A case’s comments and attachments, oldest first; each attachment with its SHA-256 and whether its bytes still match it',
        params: CASE_PARAMS,
        response: responses(
          {
            200: {
              type: 'object',
              properties: { comments: { type: 'array', items: COMMENT }, attachments: { type: 'array', items: ATTACHMENT } },
              required: ['comments', 'attachments'],
            },
          },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request) => {
      const c = await visibleCase(principal(request), request.params.caseId);
      return caseNotes(ctx.db, c.case_id);
    },
  );

  app.post<{ Params: { caseId: string }; Body: { text: string } }>(
    '/cases/:caseId/comments',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['cases'],
        summary: 'Add a comment to a case (CaseCommented in its inbox stream, by the signed-in user)',
        params: CASE_PARAMS,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_CHARS * 2, description: `1–${MAX_COMMENT_CHARS} characters` },
          },
        },
        response: responses({ 201: COMMENT }, [400, 401, 403, 404, 413, 415, 422]),
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const c = await visibleCase(p, request.params.caseId);
      try {
        return reply.code(201).send(await addComment(ctx.db, c.case_id, request.body.text, actorOf(p.user), ctx.clock()));
      } catch (err) {
        if (err instanceof CommentRefusal) throw new ApiError(422, 'comment-refused', 'Comment refused', err.message);
        throw err;
      }
    },
  );

  app.post<{ Params: { caseId: string }; Querystring: { name: string }; Body: Buffer }>(
    '/cases/:caseId/attachments',
    {
      config: { access: DECIDERS },
      bodyLimit: MAX_ATTACHMENT_BYTES + 1,
      schema: {
        tags: ['cases'],
        summary: 'Attach a file to a case: PDF, JPG, PNG, DOCX or XLSX, at most 10 MiB, recognised by its bytes',
        description:
          `The body is the file's bytes with Content-Type ${ATTACHMENT_BODY_TYPE}; \`name\` is its file name, whose extension must agree ` +
          'with the content. The bytes are stored in PostgreSQL and their SHA-256 recorded in an AttachmentAdded event.',
        params: CASE_PARAMS,
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'the file name, e.g. 会议记录.pdf' } },
        },
        response: responses({ 201: ATTACHMENT }, [400, 401, 403, 404, 413, 415, 422]),
      },
      // A body over the limit, refused before it is read in full, in both languages.
      errorHandler: (err, _request, _reply) => {
        if ((err as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          throw new ApiError(
            413,
            'body-too-large',
            'Request body too large',
            '文件超过 10 MiB 的上限 / the file is larger than the limit of 10 MiB',
          );
        }
        throw err;
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const c = await visibleCase(p, request.params.caseId);
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError(
          415,
          'unsupported-media-type',
          'Unsupported Media Type',
          `文件须以 ${ATTACHMENT_BODY_TYPE} 发送 / send the file's bytes as ${ATTACHMENT_BODY_TYPE}`,
        );
      }
      try {
        return reply.code(201).send(await addAttachment(ctx.db, c.case_id, request.query.name, request.body, actorOf(p.user), ctx.clock()));
      } catch (err) {
        if (err instanceof AttachmentRefusal) {
          throw new ApiError(err.code === 'too-large' ? 413 : 422, `attachment-${err.code}`, 'Attachment refused', err.message, {
            reason: err.code,
          });
        }
        throw err;
      }
    },
  );

  app.get<{ Params: { caseId: string; attachmentId: string } }>(
    '/cases/:caseId/attachments/:attachmentId',
    {
      config: { access: READERS },
      schema: {
        tags: ['cases'],
        summary: 'Download an attachment: its bytes, with its content type and file name',
        params: {
          type: 'object',
          properties: { caseId: CASE_PARAMS.properties.caseId, attachmentId: { type: 'string', pattern: '^[0-9a-f-]{36}$' } },
          required: ['caseId', 'attachmentId'],
        },
        response: responses({ 200: { description: 'the file’s bytes', type: 'string', format: 'binary' } }, [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      const c = await visibleCase(principal(request), request.params.caseId);
      const file = await attachmentContent(ctx.db, c.case_id, request.params.attachmentId);
      if (!file) throw notFound(`no attachment ${request.params.attachmentId} on case ${c.case_id}`);
      return reply
        .type(file.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
        .header('x-content-sha256', file.sha256)
        .send(file.content);
    },
  );
}
