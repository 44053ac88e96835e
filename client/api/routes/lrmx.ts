/**
 * A person's 干部任免审批表 over the API (docs/api.md, "LRMX and the appointment form"):
 * - `GET /registry/people/:personId/lrmx`: the LRMX file, with the full ID number (the
 *   national exchange format) — county staff only, recorded in the access log.
 * - `POST /registry/lrmx`: an LRMX file imported (county staff): the person corrected
 *   where the form differs, or registered in `?unit=` at `?rank=`; a file that is not a
 *   form is refused with 422 and nothing is written.
 * - `GET /registry/people/:personId/appointment-form.docx`: the form as a Word document
 *   (no ID number on it), for every reader of the person, recorded as a view.
 */
import type { FastifyInstance } from 'fastify';
import { shanghaiDate } from '../../../domain/calendar';
import { LRMX_LIMITS, LrmxError } from '../../../domain/lrmx/form';
import { appointmentFormDocx, appointmentFormFileName } from '../../lrmx/appointmentForm';
import { exportLrmx, importLrmx, PersonNotFound, readFormFacts } from '../../lrmx/lrmxRegistry';
import { byApiUser, recordAccess } from '../accessLog';
import { actorOf } from '../accounts';
import { COUNTY, principal, READERS, visibleTo } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, notFound } from '../problem';
import { ID, responses } from '../schemas';

const TAGS = ['registry'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const LRMX_TYPE = 'application/xml';
const PERSON_PARAMS = { type: 'object', properties: { personId: ID }, required: ['personId'] } as const;
const BILINGUAL = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] } as const;

/** RFC 6266: an ASCII fallback for old clients, the Chinese name as RFC 8187 UTF-8. */
export function attachmentHeader(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const asciiId = (personId: string): string => personId.replace(/[^A-Za-z0-9._-]+/g, '-');

function refused(e: unknown): never {
  if (e instanceof PersonNotFound) throw notFound(e.en);
  if (e instanceof LrmxError) throw new ApiError(422, 'bad-lrmx', 'Not an LRMX appointment form', `${e.zh} / ${e.en}`);
  throw e;
}

export function lrmxRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const type of [LRMX_TYPE, 'text/xml']) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: LRMX_LIMITS.maxFileBytes }, (_request, body, done) => done(null, body));
  }

  app.get<{ Params: { personId: string } }>(
    '/registry/people/:personId/lrmx',
    {
      config: { access: COUNTY },
      schema: {
        tags: TAGS,
        summary: "A person's 干部任免审批表 as an LRMX file, with the full ID number (recorded in the access log)",
        params: PERSON_PARAMS,
        response: responses(
          { 200: { description: 'the .lrmx file', content: { [LRMX_TYPE]: { schema: { type: 'string' } } } } },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      const caller = principal(request);
      const { personId } = request.params;
      const { name, file } = await exportLrmx(ctx.db, ctx.personalData, personId, byApiUser(caller.user, request.id), (t) =>
        visibleTo(caller, t),
      ).catch(refused);
      return reply
        .type(`${LRMX_TYPE}; charset=utf-8`)
        .header('content-disposition', attachmentHeader(`${name}.lrmx`, `${asciiId(personId)}.lrmx`))
        .header('cache-control', 'no-store')
        .send(file);
    },
  );

  app.post<{ Querystring: { unit?: string; rank?: string }; Body: Buffer }>(
    '/registry/lrmx',
    {
      config: { access: COUNTY },
      bodyLimit: LRMX_LIMITS.maxFileBytes,
      schema: {
        tags: TAGS,
        summary: 'Import an LRMX file: the person corrected where it differs, or registered in ?unit= at ?rank=',
        description:
          `The body is the file's bytes with Content-Type ${LRMX_TYPE} (or text/xml), at most ${LRMX_LIMITS.maxFileBytes} bytes. ` +
          'The person is matched by ID number, else by name and date of birth. A file that is not a form (malformed XML, a DOCTYPE, ' +
          'a missing name, a bad ID number) answers 422 and writes nothing. The same file imported twice writes once.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unit: { ...ID, description: 'the unit a person not in the registry is registered in' },
            rank: {
              type: 'string',
              minLength: 1,
              maxLength: 20,
              description: 'the rank (职级) a person not in the registry is registered at',
            },
          },
        },
        response: responses(
          {
            200: {
              type: 'object',
              properties: {
                personId: { type: 'string' },
                name: { type: 'string' },
                matchedBy: { type: ['string', 'null'], enum: ['id-number', 'name-and-birth', null] },
                written: { type: 'array', items: { type: 'string' }, description: 'the event types appended now' },
                textOnly: {
                  type: 'array',
                  description: 'boxes the registry could not take as written; kept as the form’s text',
                  items: {
                    type: 'object',
                    properties: { element: { type: 'string' }, label: { type: 'string' }, value: { type: 'string' }, problem: BILINGUAL },
                    required: ['element', 'label', 'value', 'problem'],
                  },
                },
              },
              required: ['personId', 'name', 'matchedBy', 'written', 'textOnly'],
            },
          },
          [400, 401, 403, 413, 415, 422],
        ),
      },
    },
    async (request) => {
      const p = principal(request);
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError(415, 'unsupported-media-type', 'Unsupported Media Type', `send the LRMX file as ${LRMX_TYPE}`);
      }
      const today = shanghaiDate(ctx.clock());
      return importLrmx(
        ctx.db,
        ctx.personalData,
        request.body,
        { orgUnitId: request.query.unit, rank: request.query.rank, today },
        actorOf(p.user),
      ).catch(refused);
    },
  );

  app.get<{ Params: { personId: string } }>(
    '/registry/people/:personId/appointment-form.docx',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: "A person's 干部任免审批表 as a Word document (no ID number on it)",
        params: PERSON_PARAMS,
        response: responses(
          { 200: { description: 'the .docx', content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } } } },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      const caller = principal(request);
      const { personId } = request.params;
      const facts = await ctx.db.transaction().execute(async (trx) => {
        const f = await readFormFacts(trx, ctx.personalData, personId);
        // Another township's cadre is answered exactly as a missing one.
        if (!f || !visibleTo(caller, f.townshipId)) throw notFound(`no cadre ${personId} in the registry`);
        await recordAccess(trx, byApiUser(caller.user, request.id), 'person.viewed', personId, {
          townshipId: f.townshipId,
          document: 'appointment-form',
        });
        return f;
      });
      const { name, ascii } = appointmentFormFileName(facts);
      return reply
        .type(DOCX)
        .header('content-disposition', attachmentHeader(name, ascii))
        .header('cache-control', 'no-store')
        .send(await appointmentFormDocx(facts, shanghaiDate(ctx.clock())));
    },
  );
}
