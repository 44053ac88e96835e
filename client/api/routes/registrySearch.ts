/**
 * Cadre search (干部查询) and team-structure statistics (班子结构统计) over the registry:
 * GET /registry/search, /registry/statistics and /registry/statistics.xlsx. The rules are
 * domain/cadres/; ages and 龄 are computed as of today in Asia/Shanghai. A township
 * committee member reads their own township only; results carry no ID or phone numbers.
 */
import type { FastifyInstance } from 'fastify';
import { shanghaiDate } from '../../../domain/calendar';
import { parseCadreQuery, queryProblemText, type CadreQueryText } from '../../../domain/cadres/search';
import { cadreStatistics, searchCadres } from '../../cadres/service';
import { statisticsFileName, statisticsWorkbook } from '../../cadres/statisticsWorkbook';
import { UserError } from '../../userError';
import { principal, readScope, READERS } from '../auth';
import { paging, type ApiContext } from '../context';
import { DATE, ID, PAGE_QUERY, responses } from '../schemas';

const TAGS = ['registry'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TEXT = (description: string) => ({ type: 'string', maxLength: 50, description }) as const;
const YEARS = (description: string) => ({ type: 'string', pattern: '^\\d{1,3}$', description }) as const;
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const NULLABLE_INT = { type: ['integer', 'null'] } as const;

/** The search's query string: text, as domain/cadres/search.ts parseCadreQuery reads it. */
const SEARCH_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: TEXT('part of the name'),
    township: ID,
    orgUnit: { ...ID, description: 'the unit, or any unit under it' },
    post: TEXT('part of the current post title'),
    rank: TEXT('rank (正科级, 副科级, 科员, 村干部…)'),
    gender: { type: 'string', enum: ['male', 'female', '男', '女'] },
    ethnicity: TEXT('民族, e.g. 回族'),
    ageMin: YEARS('age on today, at least'),
    ageMax: YEARS('age on today, at most'),
    partyYearsMin: YEARS('党龄 (years since 入党时间), at least'),
    partyYearsMax: YEARS('党龄, at most'),
    workYearsMin: YEARS('工龄 (years since 参加工作时间), at least'),
    workYearsMax: YEARS('工龄, at most'),
    education: TEXT('highest 学历 at least: 研究生 > 大学本科 > 大学专科 > 中等专科 > 高中 > 初中 > 小学'),
    probation: { type: 'string', enum: ['none', 'on-probation', 'confirmed', 'removed', 'ended-early'] },
    grade: { type: 'string', enum: ['excellent', 'competent', 'basically-competent', 'not-competent'] },
    gradeYear: { type: 'string', pattern: '^\\d{4}$', description: 'with grade: the year it was given' },
    includeDeparted: { type: 'string', enum: ['true', 'false'], description: 'true: retired and deceased people too' },
    ...PAGE_QUERY,
  },
} as const;

/** A search hit (domain/cadres/search.ts CadreHit). */
export const HIT = {
  type: 'object',
  properties: {
    personId: { type: 'string' },
    name: { type: 'string' },
    gender: { type: 'string', enum: ['male', 'female'] },
    birthYear: { type: 'integer' },
    age: { type: 'integer' },
    orgUnitId: { type: 'string' },
    orgUnitName: { type: 'string' },
    townshipId: { type: ['string', 'null'] },
    rank: { type: 'string' },
    title: { type: ['string', 'null'] },
    ethnicity: { type: ['string', 'null'] },
    politicalStatus: { type: ['string', 'null'] },
    partyYears: NULLABLE_INT,
    workYears: NULLABLE_INT,
    education: { type: ['string', 'null'] },
    probation: { type: 'string' },
    grades: {
      type: 'array',
      items: { type: 'object', properties: { year: { type: 'integer' }, grade: { type: 'string' } }, required: ['year', 'grade'] },
    },
    departed: { type: 'boolean' },
  },
  required: [
    'personId',
    'name',
    'gender',
    'birthYear',
    'age',
    'orgUnitId',
    'orgUnitName',
    'townshipId',
    'rank',
    'title',
    'ethnicity',
    'politicalStatus',
    'partyYears',
    'workYears',
    'education',
    'probation',
    'grades',
    'departed',
  ],
} as const;

/** One scope's statistics (domain/cadres/statistics.ts StructureStats). */
export const STATS = {
  type: 'object',
  properties: {
    townshipId: { type: ['string', 'null'] },
    name: { type: 'string' },
    people: { type: 'integer' },
    ageBands: COUNTS,
    education: COUNTS,
    gender: { type: 'object', properties: { male: { type: 'integer' }, female: { type: 'integer' } }, required: ['male', 'female'] },
    ethnicity: {
      type: 'object',
      properties: { han: { type: 'integer' }, minority: { type: 'integer' }, notRecorded: { type: 'integer' }, groups: COUNTS },
      required: ['han', 'minority', 'notRecorded', 'groups'],
    },
    crossAppointed: {
      type: 'object',
      properties: { villages: { type: 'integer' }, crossAppointed: { type: 'integer' }, share: { type: ['number', 'null'] } },
      required: ['villages', 'crossAppointed', 'share'],
    },
  },
  required: ['townshipId', 'name', 'people', 'ageBands', 'education', 'gender', 'ethnicity', 'crossAppointed'],
} as const;

const STATS_QUERY = { type: 'object', additionalProperties: false, properties: { township: ID } } as const;

/** RFC 6266: an ASCII fallback for old clients, the Chinese name as RFC 8187 UTF-8. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/^-+/, '') || 'statistics.xlsx';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registrySearchRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: CadreQueryText & { limit?: string; offset?: string } }>(
    '/registry/search',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Cadre search (干部查询): by name, unit, post, rank, age, 党龄, 工龄, education, probation, grades; no ID numbers',
        querystring: SEARCH_QUERY,
        response: responses(
          {
            200: {
              type: 'object',
              properties: {
                items: { type: 'array', items: HIT },
                total: { type: 'integer' },
                limit: { type: 'integer' },
                offset: { type: 'integer' },
                day: DATE,
              },
              required: ['items', 'total', 'limit', 'offset', 'day'],
            },
          },
          [400, 401, 403],
        ),
      },
    },
    async (request) => {
      const { limit: _l, offset: _o, ...text } = request.query;
      const parsed = parseCadreQuery(text);
      if (!parsed.ok) throw new UserError(queryProblemText(parsed.problems));
      const township = readScope(principal(request), parsed.query.township);
      const { limit, offset } = paging(request.query);
      const day = shanghaiDate(ctx.clock());
      const hits = await searchCadres(ctx.db, parsed.query, township, day);
      return { items: hits.slice(offset, offset + limit), total: hits.length, limit, offset, day };
    },
  );

  const statistics = (request: Parameters<typeof principal>[0], requested: string | undefined) =>
    cadreStatistics(ctx.db, readScope(principal(request), requested), shanghaiDate(ctx.clock()));

  app.get<{ Querystring: { township?: string } }>(
    '/registry/statistics',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Team-structure statistics (班子结构统计): age bands, education, gender, ethnicity, 一肩挑, per township and in total',
        querystring: STATS_QUERY,
        response: responses(
          {
            200: {
              type: 'object',
              properties: { day: DATE, total: STATS, townships: { type: 'array', items: STATS } },
              required: ['day', 'total', 'townships'],
            },
          },
          [400, 401, 403],
        ),
      },
    },
    async (request) => statistics(request, request.query.township),
  );

  app.get<{ Querystring: { township?: string } }>(
    '/registry/statistics.xlsx',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'The team-structure statistics as a workbook (班子结构统计.xlsx)',
        querystring: STATS_QUERY,
        response: responses(
          { 200: { description: 'the .xlsx', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } } },
          [400, 401, 403],
        ),
      },
    },
    async (request, reply) => {
      const { day, total, townships } = await statistics(request, request.query.township);
      const xlsx = await statisticsWorkbook(total, townships, day);
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(statisticsFileName(total, day)))
        .header('cache-control', 'no-store')
        .send(xlsx);
    },
  );
}
