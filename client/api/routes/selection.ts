/**
 * Selections (选拔任用) over HTTP: county staff open one; anyone who may see the case reads
 * its full-process record (全程纪实) as lines or as the .docx the CLI writes. The calls go to
 * the same `selectionBackend` module as `cadreflow selection`, so the checks are the same:
 * the opening goes through `parseSelectionOpening`, the record is built from the event log.
 */
import type { FastifyInstance } from 'fastify';
import { shanghaiDate } from '../../../domain/calendar';
import { recordDocx } from '../../selectionRecord';
import { actorOf } from '../accounts';
import { COUNTY, principal, READERS, visibleTo } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { notFound } from '../problem';
import { responses, STARTED } from '../schemas';
import { RECORD_VIEW, SELECTION_CASE_PARAMS, SELECTION_OPENING_BODY, type SelectionOpeningBody } from '../selectionSchemas';

const TAGS = ['selection'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `selection/ts-03/deputy-head/2026-03-02` → 选拔任用全程纪实-ts-03-deputy-head-2026-03-02.docx */
export function recordFileName(caseId: string): string {
  return `选拔任用全程纪实-${caseId.replace(/^selection\//, '').replace(/[^A-Za-z0-9._-]+/g, '-')}.docx`;
}

/** RFC 6266: an ASCII fallback for old clients, the Chinese name as RFC 8187 UTF-8. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/^-+/, '') || 'record.docx';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function selectionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  /** A selection case the caller may see; another township's, or a case of another kind, is answered as missing. */
  async function visibleSelection(request: Parameters<typeof principal>[0], caseId: string): Promise<void> {
    const row = await ctx.db
      .selectFrom('cases')
      .select(['case_id', 'kind', 'township_id'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row || !visibleTo(principal(request), row.township_id)) throw notFound(`no case ${caseId}`);
    if (row.kind !== 'selection') throw notFound(`${caseId} is a ${row.kind} case; only a selection has a full-process record`);
  }

  app.post<{ Body: SelectionOpeningBody }>(
    '/cases/selection',
    {
      config: { access: COUNTY },
      schema: {
        tags: ['cases', ...TAGS],
        summary: 'Open a selection (选拔任用) for a post (county organization department)',
        description:
          'Starts the case `selection/<orgUnitId>/<postId>/<openedOn>` at its first step, the work plan (工作方案). ' +
          'Opening the same unit, post and day again starts nothing and answers 200. The steps are decided through ' +
          '`POST /cases/{caseId}/decisions`; docs/selection.md lists each step’s fields.',
        body: SELECTION_OPENING_BODY,
        response: responses({ 201: STARTED, 200: STARTED }, [400, 401, 403, 413, 415, 503]),
      },
    },
    async (request, reply) => {
      const opening = { ...request.body, openedOn: request.body.openedOn ?? shanghaiDate(ctx.clock()) };
      const r = await moduleOf(ctx, 'selection').start({ opening, actor: actorOf(principal(request).user) });
      return reply.code(r.started ? 201 : 200).send(r);
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/record',
    {
      config: { access: READERS },
      schema: {
        tags: ['cases', ...TAGS, 'audit'],
        summary: 'A selection’s full-process record (全程纪实), from its events only',
        description: 'The same lines as the .docx: headings (1: the case, 2: a step) and text. Regenerated at any time, it reads the same.',
        params: SELECTION_CASE_PARAMS,
        response: responses({ 200: RECORD_VIEW }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const { caseId } = request.params;
      await visibleSelection(request, caseId);
      return { caseId, lines: await moduleOf(ctx, 'selection').record(caseId) };
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/record.docx',
    {
      config: { access: READERS },
      schema: {
        tags: ['cases', ...TAGS, 'audit'],
        summary: 'The full-process record (全程纪实) as a Word document',
        params: SELECTION_CASE_PARAMS,
        response: responses(
          { 200: { description: 'the .docx', content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } } } },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request, reply) => {
      const { caseId } = request.params;
      await visibleSelection(request, caseId);
      const docx = await recordDocx(await moduleOf(ctx, 'selection').record(caseId));
      return reply
        .type(DOCX)
        .header('content-disposition', attachment(recordFileName(caseId)))
        .header('cache-control', 'no-store')
        .send(docx);
    },
  );
}
