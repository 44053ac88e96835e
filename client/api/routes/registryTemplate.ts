/**
 * `GET /registry/template.xlsx`: the empty roster (名册) template, the same workbook
 * `cadreflow registry template` writes (client/roster/workbookWrite.ts), for the web UI's
 * upload page to offer. Whoever may read the registry may have it: it holds no one's data.
 */
import type { FastifyInstance } from 'fastify';
import { writeRosterWorkbook } from '../../roster/workbookWrite';
import { attachmentDisposition } from '../attachment';
import { READERS } from '../auth';
import { responses } from '../schemas';
import { XLSX_TYPE } from './registryImports';

/** The name the browser saves it under, and the ASCII one for clients that cannot read the first. */
export const TEMPLATE_FILE_NAME = '名册模板.xlsx';
export const TEMPLATE_ASCII_NAME = 'roster-template.xlsx';

export function registryTemplateRoutes(app: FastifyInstance): void {
  // Written once per process, when first asked for: the template depends on the code only.
  let template: Promise<Buffer> | undefined;

  app.get(
    '/registry/template.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: ['registry'],
        summary: 'The empty roster template (名册模板.xlsx): the people and org-unit sheets with their drop-down lists',
        description: 'The workbook `cadreflow registry template` writes; fill it in and upload it to `POST /registry/imports`.',
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: responses(
          { 200: { description: 'the .xlsx workbook', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } } },
          [400, 401, 403],
        ),
      },
    },
    async (_request, reply) => {
      template ??= writeRosterWorkbook().catch((err: unknown) => {
        template = undefined;
        throw err;
      });
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentDisposition(TEMPLATE_FILE_NAME, TEMPLATE_ASCII_NAME))
        .header('cache-control', 'no-store')
        .send(await template);
    },
  );
}
