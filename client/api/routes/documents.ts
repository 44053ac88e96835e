/**
 * The documents as downloads (docs/documents.md): the roster (名册), an evaluation round's
 * result sheet (考核结果汇总表), the rectification ledger (整顿台账) and a case's public
 * notice (公示). Each is read by the same functions `cadreflow export` reads through
 * `documentsBackend`, straight from the API's database, and laid out by the same writers, so the API's file and the CLI's read the same.
 *
 * Who reads what: county staff and auditors everything. A township committee member gets
 * their own township's part — the roster of their township and its villages, the ledger
 * of its branches, a round's sheet narrowed to its units (a round that does not cover it,
 * or asking for another township, is 403) — and the notice of a case of their township
 * (another township's case is 404, as every single case is).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readResultSheet, resultSheetFileName, writeResultSheet } from '../../documents/evaluationResults';
import { attachmentHeader } from '../../documents/pinned';
import { configuredContact, noticeFileName, readNotice, writeNoticeDocx } from '../../documents/publicNotice';
import { ledgerFileName, readLedger, writeLedger } from '../../documents/rectificationLedger';
import { readRosterRows, rosterFileName, writeRoster, type RosterReader } from '../../documents/roster';
import { byApiUser } from '../accessLog';
import { principal, READERS, readScope, visibleTo } from '../auth';
import type { ApiContext } from '../context';
import { ROUND_ID, YEAR_QUERY } from '../dashboardSchemas';
import { forbidden, notFound } from '../problem';
import { ID, responses } from '../schemas';
import { scopeCovers } from './evaluation';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const TAGS = ['documents'];
const TOWNSHIP_QUERY = { ...ID, description: 'a township id: only its part (a township committee member: only their own)' };

const file = (type: string, what: string) => ({
  200: { description: what, content: { [type]: { schema: { type: 'string', format: 'binary' } } } },
});

function send(reply: FastifyReply, type: string, name: { name: string; ascii: string }, bytes: Buffer): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', attachmentHeader(name.name, name.ascii))
    .header('cache-control', 'no-store')
    .send(bytes);
}

export function documentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { township?: string } }>(
    '/documents/roster.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: [...TAGS, 'registry'],
        summary: 'The roster (名册) as .xlsx, in the layout `cadreflow registry export` writes',
        description:
          'A township committee member gets their township and its villages (another township: 403). ID and phone numbers are whole for county staff (the download is recorded in the access log as person.personal-data-viewed) and masked for everyone else.',
        querystring: { type: 'object', additionalProperties: false, properties: { township: TOWNSHIP_QUERY } },
        response: responses(file(XLSX, 'the roster workbook'), [400, 401, 403]),
      },
    },
    async (request, reply) => {
      const caller = principal(request);
      const township = readScope(caller, request.query.township) ?? null;
      const reader: RosterReader =
        caller.user.role === 'county-org-dept' ? { whole: true, by: byApiUser(caller.user, request.id) } : { whole: false };
      return send(
        reply,
        XLSX,
        rosterFileName(township),
        await writeRoster(await readRosterRows(ctx.db, township, reader, ctx.personalData)),
      );
    },
  );

  app.get<{ Params: { roundId: string }; Querystring: { township?: string } }>(
    '/evaluation/rounds/:roundId/results.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: [...TAGS, 'evaluation'],
        summary: 'An evaluation round’s result sheet (考核结果汇总表): each unit’s grades and its 优秀 quota line',
        description:
          'A township committee member gets their township’s units of a round that covers it; a round that does not, or another ' +
          'township, is 403.',
        params: { type: 'object', properties: { roundId: ROUND_ID }, required: ['roundId'] },
        querystring: { type: 'object', additionalProperties: false, properties: { township: TOWNSHIP_QUERY } },
        response: responses(file(XLSX, 'the result sheet'), [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      const { roundId } = request.params;
      const p = principal(request);
      const township = readScope(p, request.query.township) ?? null;
      // Checked on the id before anything is read, as GET /evaluation/rounds/{roundId} does.
      if (p.user.role === 'township-committee' && township !== null && !scopeCovers(roundId.split('/')[2]!, township)) {
        throw forbidden(`round ${roundId} does not cover township ${township}; ${p.user.login} acts for township ${township}`);
      }
      const sheet = await readResultSheet(ctx.db, roundId, township);
      if (!sheet) throw notFound(`no evaluation round ${roundId}`);
      return send(reply, XLSX, resultSheetFileName(roundId, township), await writeResultSheet(sheet));
    },
  );

  app.get<{ Querystring: { township?: string; year?: string } }>(
    '/rectification/ledger.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'The rectification ledger (整顿台账): each branch, its problems, measures, stage, dates and outcome',
        description: 'A township committee member gets their township’s branches (another township: 403).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { township: TOWNSHIP_QUERY, year: { ...YEAR_QUERY, description: 'only the branches listed that year' } },
        },
        response: responses(file(XLSX, 'the ledger'), [400, 401, 403]),
      },
    },
    async (request, reply) => {
      const filter = {
        township: readScope(principal(request), request.query.township) ?? null,
        year: request.query.year === undefined ? null : Number(request.query.year),
      };
      return send(reply, XLSX, ledgerFileName(filter), await writeLedger(await readLedger(ctx.db, filter)));
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/notice.docx',
    {
      config: { access: READERS },
      schema: {
        tags: [...TAGS, 'cases'],
        summary: 'A case’s latest public notice (公示) as a Word document, ready to post',
        description:
          'Who (name, gender, year of birth, current post), what, the window in working days, and where objections go ' +
          '(CADREFLOW_NOTICE_CONTACT, else a text naming the county organization department). Never an ID number or a telephone. ' +
          'A case with no notice, or of another township for a township committee member, is 404.',
        params: {
          type: 'object',
          properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
          required: ['caseId'],
        },
        response: responses(file(DOCX, 'the notice'), [400, 401, 403, 404]),
      },
    },
    async (request, reply) => {
      const { caseId } = request.params;
      const doc = await readNotice(ctx.db, caseId, { contact: configuredContact() });
      if (!doc || !visibleTo(principal(request), doc.townshipId)) throw notFound(`no public notice of case ${caseId}`);
      return send(reply, DOCX, noticeFileName(caseId), await writeNoticeDocx(doc));
    },
  );
}
