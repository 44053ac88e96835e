/**
 * `POST /registry/imports`: a roster (名册) uploaded as .xlsx bytes, checked and, unless
 * `?dryRun=true`, written into the registry as events by the signed-in county staff
 * member — the same check, plan and batch as `cadreflow registry import`
 * (domain/roster/importPlan.ts, client/roster/importWrite.ts). A roster with any problem
 * writes nothing: the dry-run answers 200 with the problems, an import 422 with them.
 * A caller that accepts `application/x-ndjson` (the web UI) gets a line as each phase
 * begins and the outcome as the last line, so a large roster's write is seen happening.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../../domain/actors';
import { shanghaiDate } from '../../../domain/calendar';
import type { ChangeSummary } from '../../../domain/roster/changes';
import { checkRoster, type RosterInput } from '../../../domain/roster/checkRoster';
import { planRosterImport } from '../../../domain/roster/importPlan';
import { ROSTER_LIMITS } from '../../../domain/roster/limits';
import { formatProblem, sortProblems } from '../../../domain/roster/problems';
import { yearMonthOfDay } from '../../../domain/roster/yearMonth';
import type { ImportProgress, RosterImportReport } from '../../../domain/wire/rosterImport';
import { sha256Hex, writeRosterImport } from '../../roster/importWrite';
import { readRegistrySnapshot } from '../../roster/registrySnapshot';
import { readRosterWorkbook } from '../../roster/workbookRead';
import { actorOf } from '../accounts';
import { COUNTY, principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, toProblem } from '../problem';
import { responses } from '../schemas';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What a caller that wants to see the import's progress accepts: one JSON document per line. */
export const NDJSON_TYPE = 'application/x-ndjson';

export type { ImportProgress, RosterImportReport };

const BILINGUAL = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] } as const;
const PROBLEM_ITEM = {
  type: 'object',
  description: 'a problem at a cell: the sheet, the row as the spreadsheet numbers it, the column header, the value as typed',
  properties: {
    sheet: { type: 'string', enum: ['people', 'orgUnits'] },
    row: { type: 'integer' },
    column: { type: 'string', description: "the column's header; empty for a problem with a whole sheet or row" },
    value: { type: 'string' },
    kind: { type: 'string', description: 'what kind of problem, e.g. bad-date, duplicate, unknown-unit, not-importable' },
    problem: BILINGUAL,
    expected: BILINGUAL,
  },
  required: ['sheet', 'row', 'column', 'value', 'kind', 'problem', 'expected'],
} as const;
const CHANGE_ITEM = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['new', 'changed', 'unchanged'] },
    row: { type: 'integer' },
    id: { type: ['string', 'null'], description: "the unit's code or the person's id; null for a new person without one" },
    name: { type: 'string' },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        properties: { column: { type: 'string' }, before: { type: 'string' }, after: { type: 'string' } },
        required: ['column', 'before', 'after'],
      },
    },
  },
  required: ['kind', 'row', 'id', 'name', 'changes'],
} as const;
const SUMMARY = {
  type: 'object',
  properties: {
    new: { type: 'integer' },
    changed: { type: 'integer' },
    unchanged: { type: 'integer' },
    notInFile: { type: 'integer', description: 'in the registry but not in the file: left as they are' },
    items: { type: 'array', description: 'the new and changed rows (unchanged ones are counted only)', items: CHANGE_ITEM },
  },
  required: ['new', 'changed', 'unchanged', 'notInFile', 'items'],
} as const;
/** The upload's answer (domain/wire/rosterImport.ts). */
export const ROSTER_IMPORT_REPORT = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean' },
    rows: { type: 'object', properties: { orgUnits: { type: 'integer' }, people: { type: 'integer' } }, required: ['orgUnits', 'people'] },
    problems: { type: 'array', description: 'empty when the roster can be imported', items: PROBLEM_ITEM },
    changes: { type: 'object', properties: { orgUnits: SUMMARY, people: SUMMARY }, required: ['orgUnits', 'people'] },
    written: {
      type: ['object', 'null'],
      description: 'null for a dry run',
      properties: {
        events: { type: 'integer', description: 'events appended now' },
        duplicates: { type: 'integer', description: 'changes imported before, not written again' },
      },
      required: ['events', 'duplicates'],
    },
  },
  required: ['dryRun', 'rows', 'problems', 'changes', 'written'],
} as const;

/** New and changed rows only: a roster of thousands of unchanged people would otherwise echo itself. */
const listed = (s: ChangeSummary): ChangeSummary => ({ ...s, items: s.items.filter((i) => i.kind !== 'unchanged') });

export function registryImportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: ROSTER_LIMITS.maxFileBytes }, (_request, body, done) =>
    done(null, body),
  );

  app.post<{ Querystring: { dryRun?: 'true' | 'false' }; Body: Buffer }>(
    '/registry/imports',
    {
      config: { access: COUNTY },
      bodyLimit: ROSTER_LIMITS.maxFileBytes,
      schema: {
        tags: ['registry'],
        summary: 'Import a roster (名册, .xlsx): check it and, unless dryRun, write its changes as events, the whole file or nothing',
        description:
          `The body is the workbook's bytes with Content-Type ${XLSX_TYPE}, at most ${ROSTER_LIMITS.maxFileBytes} bytes. ` +
          'A roster with any problem writes nothing: a dry run answers 200 with the problems, an import 422 listing them. ' +
          'Importing the same file again writes nothing (each change has an idempotency key derived from its content). ' +
          `With Accept: ${NDJSON_TYPE} the answer is 200 with one JSON document per line: a line as each phase begins ` +
          '({"phase":"reading"}, {"phase":"checking","rows":{…}}, {"phase":"writing","events":n}), then {"result": <the report>} ' +
          'or {"problem": <the problem document the JSON answer would have been, with its status>}.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { dryRun: { type: 'string', enum: ['true', 'false'], description: 'true: check and report only' } },
        },
        response: responses({ 200: ROSTER_IMPORT_REPORT }, [400, 401, 403, 413, 415, 422]),
      },
    },
    async (request, reply) => {
      const actor = actorOf(principal(request).user);
      const dryRun = request.query.dryRun === 'true';
      if (!Buffer.isBuffer(request.body))
        throw new ApiError(415, 'unsupported-media-type', 'Unsupported Media Type', `send the workbook as ${XLSX_TYPE}`);
      const body = request.body;
      if (!wantsProgress(request.headers.accept)) return importRoster(ctx, body, dryRun, actor, () => undefined);

      // Progress lines, then the outcome: the status is sent with the first line, so a
      // failure after it travels as the last line's problem document instead.
      const lines = new PassThrough();
      const line = (value: unknown) => lines.write(`${JSON.stringify(value)}\n`);
      void importRoster(ctx, body, dryRun, actor, (phase) => line(phase)).then(
        (report) => lines.end(`${JSON.stringify({ result: report })}\n`),
        (err: unknown) => {
          const problem = toProblem(err, request);
          if (problem.status >= 500) request.log.error({ err, reqId: request.id, status: problem.status }, 'request failed');
          lines.end(`${JSON.stringify({ problem })}\n`);
        },
      );
      return reply.type(NDJSON_TYPE).header('cache-control', 'no-store').send(lines);
    },
  );
}

/** `Accept: application/x-ndjson` (alone or among others) asks for the progress lines. */
function wantsProgress(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === NDJSON_TYPE);
}

/** The check and, unless a dry run, the write; `progress` hears each phase as it begins. */
async function importRoster(
  ctx: ApiContext,
  file: Buffer,
  dryRun: boolean,
  actor: Actor,
  progress: (phase: ImportProgress) => void,
): Promise<RosterImportReport> {
  progress({ phase: 'reading' });
  const input = await readRosterWorkbook(file);
  progress({ phase: 'checking', rows: rowsOf(input) });
  const snapshot = await readRegistrySnapshot(ctx.db, ctx.personalData);
  const today = shanghaiDate(ctx.clock());
  const checked = checkRoster(input, snapshot, yearMonthOfDay(today));
  const plan = planRosterImport(checked, snapshot, today, sha256Hex);
  const problems = sortProblems([...checked.problems, ...plan.problems]);
  const report: RosterImportReport = {
    dryRun,
    rows: checked.rows,
    problems,
    changes: { orgUnits: listed(plan.changes.orgUnits), people: listed(plan.changes.people) },
    written: null,
  };
  if (dryRun) return report;
  if (problems.length > 0) {
    throw new ApiError(
      422,
      'roster-problems',
      'The roster has problems',
      `the roster has ${problems.length} problems and cannot be imported; nothing was written (POST with ?dryRun=true for the full report)`,
      {
        errors: problems.map((x) => ({
          where: `${x.sheet} row ${x.row}${x.column ? `, ${x.column}` : ''}`,
          message: formatProblem(x),
        })),
      },
    );
  }
  progress({ phase: 'writing', events: plan.appends.reduce((n, a) => n + a.events.length, 0) });
  report.written = await writeRosterImport(ctx.db, plan.appends, actor, ctx.personalData);
  return report;
}

/** Data rows on each sheet, blank rows left out: what the check is about to go through. */
function rowsOf(input: RosterInput): { orgUnits: number; people: number } {
  const count = (sheet: RosterInput['people']) => (sheet ? sheet.rows.filter((r) => r.cells.some((c) => c.trim() !== '')).length : 0);
  return { orgUnits: count(input.orgUnits), people: count(input.people) };
}
